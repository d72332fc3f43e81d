/**
 * Signing up and confirming: SignUp, ConfirmSignUp, ResendConfirmationCode (public, by client id)
 * and AdminConfirmSignUp (IAM). A confirmation verifies the attribute the code went to; with
 * email/phone aliases, a verified value another user holds is refused (AliasExistsException)
 * unless ForceAliasCreation moves it.
 */
import { aliasExists, alreadyConfirmed, cannotConfirm, codeMismatch, invalidParameter, signUpNotPermitted, userNotFound } from '../cognito-errors.js';
import { codeDelivery, type CognitoCore } from '../cognito-core.js';
import { checkAttributeWrite } from '../user-attributes.js';
import type { CodePurpose, StoredUser, UserPoolState } from '../user-pool-state.js';
import { attributeMap, attributeTypes, optionalBoolean, requiredString, stringMap, type ActionHandler } from './action-input.js';
import { checkUnique, newUser, newUserName } from './user-creation.js';

const SignUp: ActionHandler = async (core, input) => {
  const { pool, client } = core.client(input['ClientId']);
  const given = requiredString(input, 'Username');
  const password = requiredString(input, 'Password');
  if (pool.definition.allowAdminCreateUserOnly) throw signUpNotPermitted();
  core.checkSecretHash(client, input['SecretHash'], [given]);
  const name = newUserName(core, pool, given);
  const written = checkAttributeWrite(attributeTypes(input, 'UserAttributes'), { schema: pool.definition.schema, writable: client.writeAttributes });
  const attributes = { ...written, ...name.attributes };
  // Required attributes are checked with what the username supplies (an email-as-username covers email).
  checkAttributeWrite(
    Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    { schema: pool.definition.schema, requireAll: true },
  );
  const user = newUser(core, name, attributes, 'UNCONFIRMED');
  core.setPassword(pool, user, password, { temporary: false, setter: 'user' });
  checkUnique(pool, name, attributes, 'SignUp');

  const caller = { pool: pool.definition, clientId: client.id, clientMetadata: stringMap(input, 'ClientMetadata') };
  const decision = await core.triggers.preSignUp(caller, 'PreSignUp_SignUp', user.username, { ...attributes }, attributeMap(attributeTypes(input, 'ValidationData')));
  checkUnique(pool, name, attributes, 'SignUp'); // the trigger ran meanwhile
  if (decision.autoVerifyEmail && user.attributes['email']) user.attributes['email_verified'] = 'true';
  if (decision.autoVerifyPhone && user.attributes['phone_number']) user.attributes['phone_number_verified'] = 'true';
  if (decision.autoConfirmUser) user.status = 'CONFIRMED';
  pool.add(user);

  let delivery;
  if (user.status === 'UNCONFIRMED') {
    const target = core.deliveryTarget(pool, user, 'SIGN_UP');
    if (target) delivery = core.issueCode(pool, user, 'SIGN_UP', target);
  }
  await core.save(pool);
  if (user.status === 'CONFIRMED') await runPostConfirmation(core, caller, 'PostConfirmation_ConfirmSignUp', user);
  return { UserConfirmed: user.status === 'CONFIRMED', ...(delivery ? { CodeDeliveryDetails: delivery } : {}), UserSub: user.sub };
};

const ConfirmSignUp: ActionHandler = async (core, input) => {
  const { pool, client } = core.client(input['ClientId']);
  const given = requiredString(input, 'Username');
  const code = requiredString(input, 'ConfirmationCode');
  const user = pool.find(given);
  core.checkSecretHash(client, input['SecretHash'], [given, user?.username]);
  if (!user) throw client.preventUserExistenceErrors === 'ENABLED' ? codeMismatch() : userNotFound();
  if (user.status !== 'UNCONFIRMED') throw cannotConfirm(user.status);
  const attribute = await checkCodeCountingFailures(core, pool, user, 'SIGN_UP', code);
  if (attribute) verifyAttribute(pool, user, attribute, optionalBoolean(input, 'ForceAliasCreation') ?? false);
  delete user.codes.SIGN_UP;
  user.status = 'CONFIRMED';
  user.updatedAt = core.now();
  await core.save(pool);
  await runPostConfirmation(core, { pool: pool.definition, clientId: client.id, clientMetadata: stringMap(input, 'ClientMetadata') }, 'PostConfirmation_ConfirmSignUp', user);
  return {};
};

const ResendConfirmationCode: ActionHandler = async (core, input) => {
  const { pool, client } = core.client(input['ClientId']);
  const given = requiredString(input, 'Username');
  const user = pool.find(given);
  core.checkSecretHash(client, input['SecretHash'], [given, user?.username]);
  if (!user) {
    if (client.preventUserExistenceErrors === 'ENABLED') return { CodeDeliveryDetails: codeDelivery('email', given.includes('@') ? given : `${given}@example.com`) };
    throw userNotFound();
  }
  if (user.status !== 'UNCONFIRMED') throw alreadyConfirmed();
  const target = core.deliveryTarget(pool, user, 'SIGN_UP');
  if (!target) throw invalidParameter('Cannot resend codes. Auto verification not turned on.'); // seen
  const delivery = core.issueCode(pool, user, 'SIGN_UP', target);
  await core.save(pool);
  return { CodeDeliveryDetails: delivery };
};

const AdminConfirmSignUp: ActionHandler = async (core, input) => {
  const pool = core.pool(input['UserPoolId']);
  const user = core.user(pool, input['Username']);
  if (user.status !== 'UNCONFIRMED') throw cannotConfirm(user.status);
  user.status = 'CONFIRMED';
  delete user.codes.SIGN_UP;
  user.updatedAt = core.now();
  await core.save(pool);
  await runPostConfirmation(core, { pool: pool.definition, clientMetadata: stringMap(input, 'ClientMetadata') }, 'PostConfirmation_ConfirmSignUp', user);
  return {};
};

/** Marks the attribute a code was sent to as verified, taking the alias from whoever had it when forced. */
export function verifyAttribute(pool: UserPoolState, user: StoredUser, attribute: 'email' | 'phone_number', force: boolean): void {
  const value = user.attributes[attribute];
  if (value === undefined) return;
  if (pool.definition.aliasAttributes.includes(attribute)) {
    const holder = pool.holderOf(attribute, value, user);
    if (holder && !force) throw aliasExists(attribute);
    if (holder) holder.attributes[`${attribute}_verified`] = 'false';
  }
  user.attributes[`${attribute}_verified`] = 'true';
}

/** PostConfirmation after the user is confirmed: its failure is the caller's error, the confirmation stays. */
export async function runPostConfirmation(
  core: CognitoCore,
  caller: { pool: UserPoolState['definition']; clientId?: string; clientMetadata?: Record<string, string> },
  source: 'PostConfirmation_ConfirmSignUp' | 'PostConfirmation_ConfirmForgotPassword',
  user: StoredUser,
): Promise<void> {
  const failure = await core.triggers.postConfirmation(caller, source, user);
  if (failure) throw failure;
}

/** Checks a code; a wrong one is counted (and the count kept) before the error goes out. */
export async function checkCodeCountingFailures(core: CognitoCore, pool: UserPoolState, user: StoredUser, purpose: CodePurpose, code: string) {
  try {
    return core.checkCode(user, purpose, code);
  } catch (err) {
    await core.save(pool);
    throw err;
  }
}

export const signUpActions = { SignUp, ConfirmSignUp, ResendConfirmationCode, AdminConfirmSignUp };
