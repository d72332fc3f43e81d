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
  checkSignInNames(pool, attributes, pool.definition.usernameAttributes, []);
}

/**
 * Refuses an attribute update (`changes` as they will be stored, verified flags included) that
 * would give the user a sign-in name another user holds, with what checkUnique throws: a
 * username attribute (UsernameExistsException), preferred_username as an alias, or an email /
 * phone alias (AliasExistsException). An email or phone number is an alias only once verified
 * (Cognito's ForceAliasCreation applies only then: an unverified one signs nobody in), so those
 * are checked when the update leaves them verified. Values the user holds already are not
 * checked again.
 */
export function checkUniqueUpdate(pool: UserPoolState, user: StoredUser, changes: Record<string, string>): void {
  const after = { ...user.attributes, ...changes };
  const changed = (attribute: string) => changes[attribute] !== undefined && changes[attribute] !== '' && changes[attribute] !== user.attributes[attribute];
  const { usernameAttributes, aliasAttributes } = pool.definition;
  const verifiedAliases = (['email', 'phone_number'] as const).filter(
    (attribute) =>
      aliasAttributes.includes(attribute) && !!after[attribute] && after[`${attribute}_verified`] === 'true' && (changed(attribute) || user.attributes[`${attribute}_verified`] !== 'true'),
  );
  const values = Object.fromEntries(Object.entries(after).filter(([attribute]) => changed(attribute) || (verifiedAliases as string[]).includes(attribute)));
  checkSignInNames(pool, values, usernameAttributes.filter(changed), verifiedAliases, user);
}

/**
 * The uniqueness checks creation and updates share: `usernameAttributes` and `aliases` name the
 * members of `attributes` to check; preferred_username is checked whenever it is given and is an
 * alias of the pool (it may not be another user's username or alias either). `user`: the user
 * the values are for, when it exists already (its own names are no conflict).
 */
function checkSignInNames(pool: UserPoolState, attributes: Record<string, string>, usernameAttributes: readonly string[], aliases: readonly ('email' | 'phone_number')[], user?: StoredUser): void {
  for (const attribute of usernameAttributes) {
    const value = attributes[attribute];
    if (value !== undefined && pool.holderOf(attribute, value, user)) throw attribute === 'email' ? emailAlreadyExists() : phoneAlreadyExists();
  }
  for (const attribute of aliases) {
    const value = attributes[attribute];
    if (value !== undefined && pool.holderOf(attribute, value, user)) throw aliasExists(attribute);
  }
  const preferred = attributes['preferred_username'];
  if (preferred !== undefined && pool.definition.aliasAttributes.includes('preferred_username')) {
    const named = pool.find(preferred);
    if (pool.holderOf('preferred_username', preferred, user) || (named && named !== user)) throw aliasExists('preferred_username');
  }
}

export function newUser(core: CognitoCore, name: NewUserName, attributes: Record<string, string>, status: UserStatus): StoredUser {
  const now = core.now();
  return { username: name.username, sub: name.sub, attributes: { ...attributes }, status, enabled: true, createdAt: now, updatedAt: now, groups: [], codes: {} };
}
