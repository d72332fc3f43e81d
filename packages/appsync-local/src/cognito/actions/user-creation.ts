/**
 * Making a new user, shared by SignUp, AdminCreateUser, the template's AWS::Cognito::UserPoolUser
 * and the harness's ensureUser: the username rules of the pool (email or phone number as the
 * username, which then becomes a generated UUID equal to `sub`; no email/phone-shaped usernames in
 * a pool with that alias), and the uniqueness Cognito enforces at creation.
 */
import {
  aliasExists,
  emailAlreadyExists,
  phoneAlreadyExists,
  userAccountAlreadyExists,
  userAlreadyExists,
  usernameCannotBeEmail,
  usernameCannotBePhone,
  usernameShouldBeEmail,
  usernameShouldBeEmailOrPhone,
  usernameShouldBePhone,
  validationError,
} from '../cognito-errors.js';
import type { CognitoCore } from '../cognito-core.js';
import { EMAIL, PHONE } from '../user-attributes.js';
import type { StoredUser, UserPoolState, UserStatus } from '../user-pool-state.js';

const USERNAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;

export interface NewUserName {
  /** The internal username. */
  username: string;
  sub: string;
  /** Attributes the username supplies (email or phone_number in email/phone-as-username pools). */
  attributes: Record<string, string>;
}

/** The internal username and sub for a name a caller asks for, or the pool's refusal. */
export function newUserName(core: CognitoCore, pool: UserPoolState, given: string): NewUserName {
  if (!USERNAME.test(given)) throw validationError('username', 'Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+', given);
  const { usernameAttributes, aliasAttributes } = pool.definition;
  const sub = core.newId();
  if (usernameAttributes.length > 0) {
    const isEmail = EMAIL.test(given);
    const isPhone = PHONE.test(given);
    if (usernameAttributes.includes('email') && isEmail) return { username: sub, sub, attributes: { email: given } };
    if (usernameAttributes.includes('phone_number') && isPhone) return { username: sub, sub, attributes: { phone_number: given } };
    if (usernameAttributes.length === 2) throw usernameShouldBeEmailOrPhone();
    throw usernameAttributes[0] === 'email' ? usernameShouldBeEmail() : usernameShouldBePhone();
  }
  if (aliasAttributes.includes('email') && EMAIL.test(given)) throw usernameCannotBeEmail();
  if (aliasAttributes.includes('phone_number') && PHONE.test(given)) throw usernameCannotBePhone();
  return { username: given, sub, attributes: {} };
}

/** Refuses a user whose name, sign-in attribute or preferred_username is someone else's. */
export function checkUnique(pool: UserPoolState, name: NewUserName, attributes: Record<string, string>, caller: 'SignUp' | 'AdminCreateUser'): void {
  if (pool.byUsername(name.username)) throw caller === 'SignUp' ? userAlreadyExists() : userAccountAlreadyExists();
  for (const attribute of pool.definition.usernameAttributes) {
    const value = attributes[attribute];
    if (value !== undefined && pool.holderOf(attribute, value)) throw attribute === 'email' ? emailAlreadyExists() : phoneAlreadyExists();
  }
  const preferred = attributes['preferred_username'];
  if (preferred !== undefined && pool.definition.aliasAttributes.includes('preferred_username') && (pool.holderOf('preferred_username', preferred) || pool.find(preferred))) {
    throw aliasExists('preferred_username');
  }
}

export function newUser(core: CognitoCore, name: NewUserName, attributes: Record<string, string>, status: UserStatus): StoredUser {
  const now = core.now();
  return { username: name.username, sub: name.sub, attributes: { ...attributes }, status, enabled: true, createdAt: now, updatedAt: now, groups: [], codes: {} };
}
