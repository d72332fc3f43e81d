/**
 * What a signed-in user does with their access token: GetUser, UpdateUserAttributes (a changed
 * email or phone number the pool auto-verifies gets a code), GetUserAttributeVerificationCode and
 * VerifyUserAttribute, ChangePassword, DeleteUser, GlobalSignOut (ends every sign-in of the user: refresh tokens stop
 * refreshing and access tokens stop working here). And the password recovery a signed-out user
 * starts by client id: ForgotPassword, ConfirmForgotPassword.
 */
import { incorrectUsernameOrPassword, invalidParameter, noRecoveryChannel, notAuthorized, userNotFound, codeMismatch } from '../cognito-errors.js';
import { codeDelivery } from '../cognito-core.js';
import { passwordMatches } from '../stored-password.js';
import { attributeList, checkAttributeWrite } from '../user-attributes.js';
import type { StoredUser, UserPoolState } from '../user-pool-state.js';
import { attributeTypes, requiredString, stringMap, type ActionHandler } from './action-input.js';
import { checkCodeCountingFailures, runPostConfirmation } from './sign-up-actions.js';
import { checkUniqueUpdate } from './user-creation.js';

const GetUser: ActionHandler = async (core, input) => {
  const { user, client } = await core.authenticate(input['AccessToken']);
  return { Username: user.username, UserAttributes: attributeList(user.sub, user.attributes, client.readAttributes) };
};

const UpdateUserAttributes: ActionHandler = async (core, input) => {
  const { pool, user, client } = await core.authenticate(input['AccessToken']);
  const before = { ...user.attributes };
  updateAttributes(
    pool,
    user,
    checkAttributeWrite(attributeTypes(input, 'UserAttributes') ?? [], { schema: pool.definition.schema, writable: client.writeAttributes, current: user.attributes }),
    core.now(),
  );
  // Cognito sends a code for each changed email or phone number the pool verifies automatically.
  const changed = VERIFIABLE.filter((a) => user.attributes[a] && user.attributes[a] !== before[a] && pool.definition.autoVerifiedAttributes.includes(a));
  const deliveries = changed.map((a) => core.issueCode(pool, user, verificationPurpose(a), a));
  await core.save(pool);
  return { CodeDeliveryDetailsList: deliveries };
};

const VERIFIABLE = ['email', 'phone_number'] as const;
type Verifiable = (typeof VERIFIABLE)[number];

const verificationPurpose = (attribute: Verifiable) => (attribute === 'email' ? 'VERIFY_EMAIL' : 'VERIFY_PHONE_NUMBER');

/** The attribute a verification call names: email or phone_number, which the user has. */
function verifiableAttribute(input: Record<string, unknown>, user: StoredUser): Verifiable {
  const name = requiredString(input, 'AttributeName');
  if (!(VERIFIABLE as readonly string[]).includes(name)) throw invalidParameter(`Invalid attribute name: ${name} cannot be verified.`);
  if (!user.attributes[name]) throw invalidParameter(`User does not have ${name}.`);
  return name as Verifiable;
}

const GetUserAttributeVerificationCode: ActionHandler = async (core, input) => {
  const { pool, user } = await core.authenticate(input['AccessToken']);
  const attribute = verifiableAttribute(input, user);
  const delivery = core.issueCode(pool, user, verificationPurpose(attribute), attribute);
  await core.save(pool);
  return { CodeDeliveryDetails: delivery };
};

const VerifyUserAttribute: ActionHandler = async (core, input) => {
  const { pool, user } = await core.authenticate(input['AccessToken']);
  const attribute = verifiableAttribute(input, user);
  const purpose = verificationPurpose(attribute);
  await checkCodeCountingFailures(core, pool, user, purpose, requiredString(input, 'Code'));
  delete user.codes[purpose];
  user.attributes[`${attribute}_verified`] = 'true';
  user.updatedAt = core.now();
  await core.save(pool);
  return {};
};

const ChangePassword: ActionHandler = async (core, input) => {
  const { pool, user } = await core.authenticate(input['AccessToken']);
  const previous = requiredString(input, 'PreviousPassword');
  const proposed = requiredString(input, 'ProposedPassword');
  if (!user.password || !passwordMatches(user.password, previous)) throw incorrectUsernameOrPassword();
  core.setPassword(pool, user, proposed, { temporary: false, setter: 'user' });
  await core.save(pool);
  return {};
};

const DeleteUser: ActionHandler = async (core, input) => {
  const { pool, user } = await core.authenticate(input['AccessToken']);
  pool.remove(user);
  await core.save(pool);
  return {};
};

const GlobalSignOut: ActionHandler = async (core, input) => {
  const { pool, user } = await core.authenticate(input['AccessToken']);
  core.revokeSessions(pool, user);
  await core.save(pool);
  return {};
};

const ForgotPassword: ActionHandler = async (core, input) => {
  const { pool, client } = core.client(input['ClientId']);
  const given = requiredString(input, 'Username');
  const user = pool.find(given);
  core.checkSecretHash(client, input['SecretHash'], [given, user?.username]);
  if (!user) {
    if (client.preventUserExistenceErrors === 'ENABLED') return { CodeDeliveryDetails: codeDelivery('email', given.includes('@') ? given : `${given}@example.com`) };
    throw userNotFound();
  }
  core.checkEnabled(user);
  if (pool.definition.accountRecovery?.[0] === 'admin_only') throw notAuthorized('User password cannot be reset in the current state.'); // unconfirmed
  const target = core.deliveryTarget(pool, user, 'FORGOT_PASSWORD');
  if (!target) throw noRecoveryChannel();
  const delivery = core.issueCode(pool, user, 'FORGOT_PASSWORD', target);
  await core.save(pool);
  return { CodeDeliveryDetails: delivery };
};

const ConfirmForgotPassword: ActionHandler = async (core, input) => {
  const { pool, client } = core.client(input['ClientId']);
  const given = requiredString(input, 'Username');
  const code = requiredString(input, 'ConfirmationCode');
  const password = requiredString(input, 'Password');
  const user = pool.find(given);
  core.checkSecretHash(client, input['SecretHash'], [given, user?.username]);
  if (!user) throw client.preventUserExistenceErrors === 'ENABLED' ? codeMismatch() : userNotFound();
  await checkCodeCountingFailures(core, pool, user, 'FORGOT_PASSWORD', code);
  core.setPassword(pool, user, password, { temporary: false, setter: 'user' });
  delete user.codes.FORGOT_PASSWORD;
  user.status = 'CONFIRMED';
  await core.save(pool);
  await runPostConfirmation(core, { pool: pool.definition, clientId: client.id, clientMetadata: stringMap(input, 'ClientMetadata') }, 'PostConfirmation_ConfirmForgotPassword', user);
  return {};
};

/**
 * Applies checked attributes, once no other user holds a sign-in name they would give the user
 * (checkUniqueUpdate; on a refusal nothing changes). A new email or phone number is unverified
 * until confirmed (with VerifyUserAttribute and the code UpdateUserAttributes issues, or an admin
 * setting `email_verified`). The pool's AttributesRequireVerificationBeforeUpdate (keep the old
 * value until the new one is verified) is not applied: the new value replaces it at once.
 */
export function updateAttributes(pool: UserPoolState, user: StoredUser, values: Record<string, string>, now: number): void {
  const changes = { ...values };
  for (const attribute of ['email', 'phone_number'] as const) {
    if (changes[attribute] !== undefined && changes[attribute] !== user.attributes[attribute] && changes[`${attribute}_verified`] === undefined) {
      changes[`${attribute}_verified`] = 'false';
    }
  }
  checkUniqueUpdate(pool, user, changes);
  for (const [name, value] of Object.entries(changes)) {
    if (value === '') delete user.attributes[name];
    else user.attributes[name] = value;
  }
  user.updatedAt = now;
}

export const userSessionActions = {
  GetUser,
  UpdateUserAttributes,
  GetUserAttributeVerificationCode,
  VerifyUserAttribute,
  ChangePassword,
  DeleteUser,
  GlobalSignOut,
  ForgotPassword,
  ConfirmForgotPassword,
};
