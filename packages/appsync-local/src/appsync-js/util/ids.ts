/** util.autoId, autoUlid, autoKsuid (https://docs.aws.amazon.com/appsync/latest/devguide/built-in-util-js.html). */
import { randomUUID } from 'node:crypto';
import KSUID from 'ksuid';
import { ulid } from 'ulid';

/** "Returns a 128-bit randomly generated UUID." */
export function autoId(): string {
  return randomUUID();
}

/** "Returns a 128-bit randomly generated ULID": 26 Crockford base32 characters, time-ordered. */
export function autoUlid(): string {
  return ulid();
}

/** "Returns a 128-bit randomly generated KSUID ... base62 encoded as a String with a length of 27." */
export function autoKsuid(): string {
  return KSUID.randomSync().string;
}
