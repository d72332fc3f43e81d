/**
 * Order ids: KSUIDs that sort to the millisecond.
 *
 * A KSUID is 20 bytes, base62-encoded as 27 characters: 4 bytes of seconds since 1400000000
 * (KSUID's epoch), then a 16-byte payload. The original services (and `util.autoKsuid()`) fill
 * the payload at random, so orders placed within one second sort among themselves at random.
 * Here the payload starts with the millisecond within that second (2 bytes, 0 to 999) and the
 * other 14 bytes are random. The timestamp stays KSUID's own, so any KSUID parser still reads
 * the creation second, and an original KSUID and a new one compare by second first, exactly as
 * before. Base62's fixed width and alphabet (0-9, A-Z, a-z: ASCII order) make the id's string
 * order its byte order, so the sort keys built from it (`SK` and `GSI1SK`, `#ORDER#<id>`) and
 * the pagination cursors made from them need no change: newest first to the millisecond for new
 * orders, to the second among original ones; two orders of the same millisecond may come in
 * either order.
 *
 * APPSYNC_JS has no BigInt, no typed arrays and no `for` loops: the bytes are a plain array and
 * base62 is done by long division with reduce. The random bytes come from the caller (a UUID from
 * `util.autoId()`), so the function is pure and testable against a KSUID library.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';
const KSUID_EPOCH_SECONDS = 1400000000;
/** A KSUID is always 27 base62 digits (leading zeros kept), one long division each. */
const ENCODED_LENGTH = 27;
/** Byte weights of the 4-byte big-endian timestamp. */
const TIMESTAMP_WEIGHTS = [16777216, 65536, 256, 1];
/** Where the 14 random bytes start in a 32-digit hex UUID (skipping its first 2 bytes). */
const RANDOM_HEX_OFFSETS = [4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30];

export const KSUID_LENGTH = ENCODED_LENGTH;

function hexByte(hex: string, at: number): number {
  const high = HEX.indexOf(hex[at] ?? '');
  const low = HEX.indexOf(hex[at + 1] ?? '');
  return (high < 0 ? 0 : high) * 16 + (low < 0 ? 0 : low);
}

/** The 20 bytes as a base62 string of 27 characters. */
function base62(bytes: number[]): string {
  // One pass per digit; the alphabet's first 27 characters only count the passes.
  const division = BASE62.slice(0, ENCODED_LENGTH)
    .split('')
    .reduce(
      (state: { number: number[]; digits: string }) => {
        // One long division of the whole number by 62: the remainder is the next digit (lowest first).
        const step = state.number.reduce(
          (acc: { quotient: number[]; remainder: number }, byte: number) => {
            const value = acc.remainder * 256 + byte;
            acc.quotient.push(Math.floor(value / 62));
            acc.remainder = value % 62;
            return acc;
          },
          { quotient: [] as number[], remainder: 0 },
        );
        return { number: step.quotient, digits: BASE62[step.remainder] + state.digits };
      },
      { number: bytes, digits: '' },
    );
  return division.digits;
}

/**
 * The id of an order created at `epochMs`, with random bytes taken from `randomHex` (a UUID,
 * dashes allowed: `util.autoId()`). Needs a time from 2014-05-13T16:53:20Z (KSUID's epoch) on.
 */
export function orderIdAt(epochMs: number, randomHex: string): string {
  const seconds = Math.floor(epochMs / 1000) - KSUID_EPOCH_SECONDS;
  const millisecond = epochMs - Math.floor(epochMs / 1000) * 1000;
  const hex = randomHex.split('-').join('').toLowerCase();
  const timestamp = TIMESTAMP_WEIGHTS.map((weight) => Math.floor(seconds / weight) % 256);
  const random = RANDOM_HEX_OFFSETS.map((at) => hexByte(hex, at));
  return base62([...timestamp, Math.floor(millisecond / 256), millisecond % 256, ...random]);
}
