/**
 * What the local Cognito keeps of a password: never the password, but what the two ways of
 * checking one need. A salted scrypt hash answers USER_PASSWORD_AUTH, ChangePassword and the
 * like; an SRP salt and verifier answer the SRP sign-in, whose verifier depends on the pool and
 * the user's internal username (USER_ID_FOR_SRP), so both are fixed when the password is set.
 *
 * The scrypt cost is below what a production store would use: the state dir is a developer's
 * local data, and a lower cost keeps sign-ins and tests quick.
 */
import { scryptSync, timingSafeEqual } from 'node:crypto';
import { srpVerifier } from './srp.js';

export interface StoredPassword {
  /** base64 */
  scryptSalt: string;
  /** base64 */
  scryptHash: string;
  /** hex */
  srpSalt: string;
  /** hex: g^x mod N */
  srpVerifier: string;
  /** Set by an admin as temporary: the user must choose a new one (FORCE_CHANGE_PASSWORD). */
  temporary: boolean;
  /** When it was set (ms since the epoch): a temporary password expires after the policy's days. */
  setAt: number;
}

const SCRYPT = { N: 4096, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

export function storePassword(password: string, srp: { poolName: string; userIdForSrp: string }, options: { random: (size: number) => Uint8Array; now: number; temporary: boolean }): StoredPassword {
  const scryptSalt = Buffer.from(options.random(16));
  // The SRP salt is read as an integer by clients: a leading zero byte would be dropped there and
  // kept here, so the first byte is never zero.
  const srpSaltBytes = Buffer.from(options.random(16));
  srpSaltBytes[0] = srpSaltBytes[0]! | 0x10;
  const srpSalt = srpSaltBytes.toString('hex');
  return {
    scryptSalt: scryptSalt.toString('base64'),
    scryptHash: scryptSync(password, scryptSalt, KEY_LENGTH, SCRYPT).toString('base64'),
    srpSalt,
    srpVerifier: srpVerifier(srp.poolName, srp.userIdForSrp, password, srpSalt),
    temporary: options.temporary,
    setAt: options.now,
  };
}

export function passwordMatches(stored: StoredPassword, password: string): boolean {
  const expected = Buffer.from(stored.scryptHash, 'base64');
  const actual = scryptSync(password, Buffer.from(stored.scryptSalt, 'base64'), KEY_LENGTH, SCRYPT);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
