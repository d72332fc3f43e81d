/**
 * What the runtime takes from the world outside the sandbox: the time (`util.time.now*`) and the
 * generated ids (`util.autoId`, `autoUlid`, `autoKsuid`). AppSync uses the real clock and random
 * ids; tests that snapshot answers can give the runtime a fixed clock and ids that follow a
 * sequence instead, while every id still has the documented format.
 */
import { randomUUID } from 'node:crypto';
import KSUID from 'ksuid';
import { ulid } from 'ulid';

export interface RuntimeEnvironment {
  /** Epoch milliseconds. */
  now(): number;
  /** "a 128-bit randomly generated UUID" */
  uuid(): string;
  /** "a 128-bit randomly generated ULID": 26 Crockford base32 characters, time-ordered. */
  ulid(): string;
  /** "a 128-bit randomly generated KSUID ... base62 encoded as a String with a length of 27." */
  ksuid(): string;
}

export const SYSTEM_ENVIRONMENT: RuntimeEnvironment = {
  now: () => Date.now(),
  uuid: () => randomUUID(),
  ulid: () => ulid(),
  ksuid: () => KSUID.randomSync().string,
};

export interface DeterministicOptions {
  /** The clock; `Date.now` when absent (only the ids are then deterministic). */
  now?: () => number;
  /** Where the sequence starts; two environments with the same start give the same ids. @default 1 */
  start?: number;
}

/**
 * Ids from a counter: the n-th UUID is `00000000-0000-4000-8000-<n as 12 hex digits>`, ULIDs and
 * KSUIDs carry the clock's time and the counter as their "random" part, so they keep their
 * format and sort by creation as the real ones do.
 */
export function deterministicEnvironment(options: DeterministicOptions = {}): RuntimeEnvironment {
  const now = options.now ?? (() => Date.now());
  let counter = options.start ?? 1;
  const next = () => counter++;
  const counterBytes = (n: number, length: number) => {
    const bytes = Buffer.alloc(length);
    bytes.writeUIntBE(n % 2 ** 48, length - 6, 6);
    return bytes;
  };
  return {
    now,
    uuid: () => `00000000-0000-4000-8000-${next().toString(16).padStart(12, '0')}`,
    // A ULID is 10 characters of time and 16 of randomness; the counter takes the randomness's place.
    ulid: () => ulid(now()).slice(0, 10) + crockford(next(), 16),
    ksuid: () => KSUID.fromParts(now(), counterBytes(next(), 16)).string,
  };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `n` in Crockford base32, left-padded with zeros to `length` characters. */
function crockford(n: number, length: number): string {
  let text = '';
  for (let rest = n; rest > 0; rest = Math.floor(rest / 32)) text = CROCKFORD[rest % 32] + text;
  return text.padStart(length, '0');
}
