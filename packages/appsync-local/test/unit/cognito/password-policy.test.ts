/**
 * Password policies as Cognito applies them: each requirement on its own, Cognito's wording for
 * users and for admins, the special characters (a space counts unless it starts or ends the
 * password), and temporary passwords the local Cognito makes that pass any policy it can meet.
 */
import { describe, expect, it } from 'vitest';
import { CognitoError } from '../../../src/cognito/cognito-errors.js';
import { checkPasswordPolicy, DEFAULT_PASSWORD_POLICY, generateTemporaryPassword, passwordProblem, type PasswordPolicy } from '../../../src/cognito/password-policy.js';
import { seededRandom } from '../../helpers/cognito.js';

const only = (rules: Partial<PasswordPolicy>): PasswordPolicy => ({
  minimumLength: 1,
  requireUppercase: false,
  requireLowercase: false,
  requireNumbers: false,
  requireSymbols: false,
  temporaryPasswordValidityDays: 7,
  ...rules,
});

function refusal(policy: PasswordPolicy, password: string, setter?: 'user' | 'admin'): { type: string; message: string } {
  try {
    checkPasswordPolicy(policy, password, setter);
  } catch (err) {
    if (err instanceof CognitoError) return { type: err.type, message: err.message };
    throw err;
  }
  throw new Error(`${password} was accepted`);
}

describe('password policy', () => {
  it('each requirement alone, with its message', () => {
    expect(passwordProblem(only({ minimumLength: 8 }), 'short')).toBe('Password not long enough');
    expect(passwordProblem(only({ minimumLength: 8 }), 'longenough')).toBeUndefined();
    expect(passwordProblem(only({ requireUppercase: true }), 'lower')).toBe('Password must have uppercase characters');
    expect(passwordProblem(only({ requireUppercase: true }), 'Upper')).toBeUndefined();
    expect(passwordProblem(only({ requireLowercase: true }), 'UPPER')).toBe('Password must have lowercase characters');
    expect(passwordProblem(only({ requireLowercase: true }), 'UPPEr')).toBeUndefined();
    expect(passwordProblem(only({ requireNumbers: true }), 'letters')).toBe('Password must have numeric characters');
    expect(passwordProblem(only({ requireNumbers: true }), 'letters1')).toBeUndefined();
    expect(passwordProblem(only({ requireSymbols: true }), 'abc123')).toBe('Password must have symbol characters');
  });

  it("Cognito's special characters count as symbols; a space only inside the password", () => {
    for (const symbol of '^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+-') expect(passwordProblem(only({ requireSymbols: true }), `abc${symbol}1`), symbol).toBeUndefined();
    expect(passwordProblem(only({ requireSymbols: true }), 'abc def')).toBeUndefined();
    expect(passwordProblem(only({ requireSymbols: true }), ' abcdef')).toBe('Password must have symbol characters');
    expect(passwordProblem(only({ requireSymbols: true }), 'abcdef ')).toBe('Password must have symbol characters');
    expect(passwordProblem(only({ requireSymbols: true }), 'abc€1')).toBe('Password must have symbol characters');
  });

  it('length counts characters, not bytes', () => {
    expect(passwordProblem(only({ minimumLength: 4 }), 'ééé')).toBe('Password not long enough');
    expect(passwordProblem(only({ minimumLength: 4 }), 'éééé')).toBeUndefined();
  });

  it("Cognito's default policy: 8 characters with all four kinds", () => {
    expect(passwordProblem(DEFAULT_PASSWORD_POLICY, 'Passw0rd!')).toBeUndefined();
    expect(passwordProblem(DEFAULT_PASSWORD_POLICY, 'Passw0rd')).toBe('Password must have symbol characters');
  });

  it('InvalidPasswordException, worded for users (SignUp & co.) and for admins (AdminSetUserPassword, AdminCreateUser)', () => {
    expect(refusal(DEFAULT_PASSWORD_POLICY, 'Sh0rt!')).toEqual({ type: 'InvalidPasswordException', message: 'Password did not conform with policy: Password not long enough' });
    expect(refusal(DEFAULT_PASSWORD_POLICY, 'Sh0rt!', 'admin')).toEqual({
      type: 'InvalidPasswordException',
      message: 'Password does not conform to policy: Password not long enough',
    });
  });

  it('generated temporary passwords pass the policy they are made for', () => {
    const random = seededRandom('temporary');
    for (const minimumLength of [6, 8, 12, 30]) {
      const policy = { ...DEFAULT_PASSWORD_POLICY, minimumLength };
      for (let i = 0; i < 20; i++) expect(passwordProblem(policy, generateTemporaryPassword(policy, random))).toBeUndefined();
    }
  });
});
