/**
 * A user pool's password policy, as Cognito applies it to every password a user or an admin
 * sets, with Cognito's defaults (8 characters, each of the four character classes required,
 * temporary passwords valid 7 days) and its wording.
 *
 * Wording: SignUp, ConfirmForgotPassword, ChangePassword and the NEW_PASSWORD_REQUIRED answer say
 * "Password did not conform with policy: ..." (seen in many reports); the admin APIs
 * (AdminCreateUser, AdminSetUserPassword) are reported to say "Password does not conform to
 * policy: ..." (seen, less often). The order in which the requirements are checked, hence which
 * one a password failing several gets told about, is unconfirmed.
 */
import { invalidPassword } from './cognito-errors.js';

export interface PasswordPolicy {
  minimumLength: number;
  requireUppercase: boolean;
  requireLowercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
  /** How long an admin-set temporary password lets the user sign in (days). */
  temporaryPasswordValidityDays: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minimumLength: 8,
  requireUppercase: true,
  requireLowercase: true,
  requireNumbers: true,
  requireSymbols: true,
  temporaryPasswordValidityDays: 7,
};

/** Cognito's special characters; a space that neither starts nor ends the password counts too. */
const SYMBOLS = new Set('^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+-');

/** Who sets the password, which decides the wording. */
export type PasswordSetter = 'user' | 'admin';

/** Throws InvalidPasswordException naming the first requirement the password misses. */
export function checkPasswordPolicy(policy: PasswordPolicy, password: string, setter: PasswordSetter = 'user'): void {
  const problem = passwordProblem(policy, password);
  if (problem === undefined) return;
  const prefix = setter === 'admin' ? 'Password does not conform to policy' : 'Password did not conform with policy';
  throw invalidPassword(`${prefix}: ${problem}`);
}

export function passwordProblem(policy: PasswordPolicy, password: string): string | undefined {
  const chars = [...password];
  if (chars.length < policy.minimumLength) return 'Password not long enough';
  if (policy.requireUppercase && !/[A-Z]/.test(password)) return 'Password must have uppercase characters';
  if (policy.requireLowercase && !/[a-z]/.test(password)) return 'Password must have lowercase characters';
  if (policy.requireNumbers && !/[0-9]/.test(password)) return 'Password must have numeric characters';
  if (policy.requireSymbols && !chars.some((c, i) => SYMBOLS.has(c) || (c === ' ' && i > 0 && i < chars.length - 1))) return 'Password must have symbol characters';
  return undefined;
}

/**
 * A temporary password for AdminCreateUser without one: Cognito would email it; locally it is
 * logged. It meets any policy (Cognito allows at most 99 characters of minimum length).
 */
export function generateTemporaryPassword(policy: PasswordPolicy, random: (size: number) => Uint8Array): string {
  const pick = (alphabet: string, count: number) => [...random(count)].map((b) => alphabet[b % alphabet.length]).join('');
  const letters = Math.max(0, policy.minimumLength - 6);
  return pick('ABCDEFGHJKLMNPQRSTUVWXYZ', 2) + pick('abcdefghijkmnopqrstuvwxyz', 2 + letters) + pick('23456789', 1) + pick('!#%+-', 1);
}
