/**
 * The server side of Cognito's SRP sign-in (USER_SRP_AUTH, then the PASSWORD_VERIFIER challenge),
 * which is what Amplify, amazon-cognito-identity-js and the mobile SDKs do by default. No library
 * implements Cognito's server side (the public ones are clients, or plain RFC 5054 servers with
 * other hashing), so it is written here from the client Amplify ships
 * (@aws-amplify/auth .../providers/cognito/utils/srp/), mirrored step for step:
 *
 * - group: the 3072-bit prime of RFC 5054 (appendix A), g = 2, k = H(pad(N) | pad(g));
 * - x = H(pad(salt) | H(poolName | userIdForSrp | ":" | password)), poolName being the pool id
 *   after its "_", userIdForSrp the USER_ID_FOR_SRP the challenge names (the internal username);
 * - verifier v = g^x mod N, kept per user instead of the password;
 * - server ephemeral B = (k*v + g^b) mod N; u = H(pad(A) | pad(B));
 * - S = (A * v^u)^b mod N (the client gets the same S as (B - k*g^x)^(a + u*x));
 * - key = HKDF-SHA256(ikm = pad(S), salt = pad(u), info = "Caldera Derived Key"), 16 bytes;
 * - PASSWORD_CLAIM_SIGNATURE = base64(HMAC-SHA256(key, poolName | userIdForSrp | secretBlock bytes | TIMESTAMP)),
 *   TIMESTAMP formatted `EEE MMM d HH:mm:ss UTC yyyy` in English (day not padded).
 *
 * `pad` is Amplify's getPaddedHex: an integer's hex, even length, with "00" in front when the top
 * bit is set (Java's BigInteger.toByteArray). Hashes are SHA-256 over the bytes of the hex, and
 * every hash used as a number goes through BigInt, which drops leading zeros before padding, as
 * Amplify's BigInteger does; the two sides only agree when that is mirrored exactly.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SRP_N = BigInt(
  '0x' +
    'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
export const SRP_G = 2n;

/** Amplify's getPaddedHex for a non-negative integer. */
export function padHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  return /^[89a-f]/i.test(hex) ? `00${hex}` : hex;
}

/** SHA-256 of the bytes a hex string spells, as hex. */
export function hashHex(hex: string): string {
  return createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');
}

function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const toBigInt = (hex: string) => BigInt(`0x${hex}`);

export const SRP_K = toBigInt(hashHex(padHex(SRP_N) + padHex(SRP_G)));

/** base^exponent mod modulus, by squaring (BigInt has no modPow). */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/** x: the private value a password and salt give (the salt as hex; read as an integer, as clients do). */
export function srpPrivateValue(poolName: string, userIdForSrp: string, password: string, saltHex: string): bigint {
  return toBigInt(hashHex(padHex(toBigInt(saltHex)) + hashText(`${poolName}${userIdForSrp}:${password}`)));
}

/** The verifier v = g^x mod N (hex) stored for a user in place of the password. */
export function srpVerifier(poolName: string, userIdForSrp: string, password: string, saltHex: string): string {
  return modPow(SRP_G, srpPrivateValue(poolName, userIdForSrp, password, saltHex), SRP_N).toString(16);
}

export interface ServerEphemeral {
  /** The secret b. */
  b: bigint;
  /** B = (k*v + g^b) mod N, sent as SRP_B. */
  B: bigint;
}

/** B for a user's verifier, from random bytes (the caller's random source, so tests can fix it). */
export function srpServerEphemeral(verifierHex: string, randomBytes: Uint8Array): ServerEphemeral {
  const b = toBigInt(Buffer.from(randomBytes).toString('hex')) % SRP_N;
  const B = (SRP_K * toBigInt(verifierHex) + modPow(SRP_G, b, SRP_N)) % SRP_N;
  if (b === 0n || B === 0n) throw new Error('SRP: degenerate ephemeral, draw again');
  return { b, B };
}

/** u = H(pad(A) | pad(B)). */
export function srpScramble(A: bigint, B: bigint): bigint {
  return toBigInt(hashHex(padHex(A) + padHex(B)));
}

/** The 16-byte key both sides derive; undefined when A is not acceptable (A mod N = 0, or u = 0). */
export function srpServerKey(params: { A: bigint; B: bigint; b: bigint; verifierHex: string }): Buffer | undefined {
  const { A, B, b } = params;
  if (A % SRP_N === 0n) return undefined;
  const u = srpScramble(A, B);
  if (u === 0n) return undefined;
  const S = modPow(A * modPow(toBigInt(params.verifierHex), u, SRP_N), b, SRP_N);
  return hkdfCalderaKey(S, u);
}

/** HKDF-SHA256 with one block, as Amplify's getHkdfKey: PRK = HMAC(pad(u), pad(S)); OKM = HMAC(PRK, info | 0x01). */
export function hkdfCalderaKey(S: bigint, u: bigint): Buffer {
  const prk = createHmac('sha256', Buffer.from(padHex(u), 'hex'))
    .update(Buffer.from(padHex(S), 'hex'))
    .digest();
  return createHmac('sha256', prk)
    .update(Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])]))
    .digest()
    .subarray(0, 16);
}

/** PASSWORD_CLAIM_SIGNATURE for a key, over poolName | userIdForSrp | secret block | timestamp. */
export function srpClaimSignature(key: Buffer, params: { poolName: string; userIdForSrp: string; secretBlock: string; timestamp: string }): string {
  return createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(params.poolName, 'utf8'), Buffer.from(params.userIdForSrp, 'utf8'), Buffer.from(params.secretBlock, 'base64'), Buffer.from(params.timestamp, 'utf8')]))
    .digest('base64');
}

/** Whether a claimed signature is the expected one (constant time). */
export function signaturesMatch(expected: string, claimed: string): boolean {
  const a = Buffer.from(expected, 'base64');
  const b = Buffer.from(claimed, 'base64');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TIMESTAMP = new RegExp(`^(${DAYS.join('|')}) (${MONTHS.join('|')}) ([1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]) UTC ([0-9]{4})$`);

/** The TIMESTAMP clients send: `Tue Mar 5 09:04:07 UTC 2024` (Amplify's getNowString). */
export function formatSrpTimestamp(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(
    date.getUTCSeconds(),
  )} UTC ${date.getUTCFullYear()}`;
}

/** Whether a TIMESTAMP has Cognito's format (Cognito refuses others; a zero-padded day is accepted too). */
export function isSrpTimestamp(value: string): boolean {
  return TIMESTAMP.test(value.replace(/ 0([1-9]) /, ' $1 '));
}
