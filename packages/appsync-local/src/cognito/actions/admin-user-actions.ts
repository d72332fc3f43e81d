/**
 * The IAM-signed user administration APIs: creating users with a temporary password (the user then
 * gets NEW_PASSWORD_REQUIRED at sign-in), setting passwords, reading, listing (with ListUsers'
 * Filter and pagination), updating, disabling and deleting users, signing them out everywhere,
 * and group membership.
 */
import { CognitoError, invalidParameter } from '../cognito-errors.js';
import type { CognitoCore } from '../cognito-core.js';
import { parseListUsersFilter } from '../list-users-filter.js';
import { generateTemporaryPassword } from '../password-policy.js';
import { checkAttributeWrite } from '../user-attributes.js';
import type { StoredUser, UserPoolState } from '../user-pool-state.js';
import type { UserPoolGroupDefinition } from '../user-pool-definitions.js';
import { attributeMap, attributeTypes, optionalBoolean, optionalString, paginate, requiredString, stringMap, type ActionHandler } from './action-input.js';
import { updateAttributes } from './user-session-actions.js';
import { checkUnique, newUser, newUserName } from './user-creation.js';

const AdminCreateUser: ActionHandler = async (core, input) => {
  const pool = core.pool(input['UserPoolId']);
  const given = requiredString(input, 'Username');
  const messageAction = optionalString(input, 'MessageAction');
  if (messageAction !== undefined && messageAction !== 'RESEND' && messageAction !== 'SUPPRESS')
    throw invalidParameter(`1 validation error detected: Value '${messageAction}' at 'messageAction' failed to satisfy constraint: Member must satisfy enum value set: [RESEND, SUPPRESS]`);
  const temporary = optionalString(input, 'TemporaryPassword');
  if (messageAction === 'RESEND') {
    const user = core.user(pool, given);
    if (user.status !== 'FORCE_CHANGE_PASSWORD') throw new CognitoError('UnsupportedUserStateException', `Resend not possible. ${user.username} status is not FORCE_CHANGE_PASSWORD`); // unconfirmed
    invite(core, pool, user, temporary);
    await core.save(pool);
    return { User: core.userType(user) };
  }
  const name = newUserName(core, pool, given);
  const attributes = { ...checkAttributeWrite(attributeTypes(input, 'UserAttributes'), { schema: pool.definition.schema }), ...name.attributes };
  checkUnique(pool, name, attributes, 'AdminCreateUser');
  const user = newUser(core, name, attributes, 'FORCE_CHANGE_PASSWORD');
  const password = temporary ?? generateTemporaryPassword(pool.definition.passwordPolicy, (n) => core.random(n));
  core.setPassword(pool, user, password, { temporary: true, setter: 'admin' });
  await core.triggers.preSignUp(
    { pool: pool.definition, clientMetadata: stringMap(input, 'ClientMetadata') },
    'PreSignUp_AdminCreateUser',
    user.username,
    { ...attributes },
    attributeMap(attributeTypes(input, 'ValidationData')),
  );
  checkUnique(pool, name, attributes, 'AdminCreateUser'); // the trigger ran meanwhile
  pool.add(user);
  await core.save(pool);
  if (messageAction !== 'SUPPRESS') core.log(`cognito: temporary password for ${user.username} in ${pool.id}: ${password}`);
  return { User: core.userType(user) };
};

/** A new temporary password for an invited user, logged as Cognito would send it. */
function invite(core: CognitoCore, pool: UserPoolState, user: StoredUser, temporary: string | undefined): void {
  const password = temporary ?? generateTemporaryPassword(pool.definition.passwordPolicy, (n) => core.random(n));
  core.setPassword(pool, user, password, { temporary: true, setter: 'admin' });
  core.log(`cognito: temporary password for ${user.username} in ${pool.id}: ${password}`);
}

const AdminSetUserPassword: ActionHandler = async (core, input) => {
  const pool = core.pool(input['UserPoolId']);
  const user = core.user(pool, input['Username']);
  const password = requiredString(input, 'Password');
  const permanent = optionalBoolean(input, 'Permanent') ?? false;
  core.setPassword(pool, user, password, { temporary: !permanent, setter: 'admin' });
  user.status = permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
  await core.save(pool);
  return {};
};

const AdminGetUser: ActionHandler = async (core, input) => {
  const pool = core.pool(input['UserPoolId']);
  const user = core.user(pool, input['Username']);
  const { Attributes, ...rest } = core.userType(user);
  return { ...rest, UserAttributes: Attributes };
};

const AdminDeleteUser: ActionHandler = async (core, input) => {
  const pool = core.pool(input['UserPoolId']);
  pool.remove(core.user(pool, input['Username']));
  await core.save(pool);
  return {};
};

const AdminUpdateUserAttributes: ActionHandler = async (core, input) => {
  const pool = core.pool(input['UserPoolId']);
  const user = core.user(pool, input['Username']);
  const values = checkAttributeWrite(attributeTypes(input, 'UserAttributes') ?? [], { schema: pool.definition.schema, current: user.attributes });
  updateAttributes(pool, user, values, core.now());
  await core.save(pool);
  return {};
};

const AdminDeleteUserAttributes: ActionHandler = async (core, input) => {
  const pool = core.pool(input['UserPoolId']);
  const user = core.user(pool, input['Username']);
  const names = Array.isArray(input['UserAttributeNames']) ? input['UserAttributeNames'].map(String) : [];
  const required = names.filter((n) => pool.definition.schema.some((a) => a.name === n && a.required));
  if (required.length > 0) throw invalidParameter(`Attributes did not conform to the schema: ${required.map((n) => `${n}: The attribute is required\n`).join('')}`); // unconfirmed
  for (const name of names) delete user.attributes[name];
  user.updatedAt = core.now();
  await core.save(pool);
  return {};
};

const setEnabled =
  (enabled: boolean): ActionHandler =>
  async (core, input) => {
    const pool = core.pool(input['UserPoolId']);
    const user = core.user(pool, input['Username']);
    user.enabled = enabled;
    user.updatedAt = core.now();
    // Disabling a user revokes their tokens.
    if (!enabled) core.revokeSessions(pool, user);
    await core.save(pool);
    return {};
  };

const AdminUserGlobalSignOut: ActionHandler = async (core, input) => {
  const pool = core.pool(input['UserPoolId']);
  core.revokeSessions(pool, core.user(pool, input['Username']));
  await core.save(pool);
  return {};
};

/** The user must reset their password: a code goes out, and sign-in answers PasswordResetRequiredException until then. */
const AdminResetUserPassword: ActionHandler = async (core, input) => {
  const pool = core.pool(input['UserPoolId']);
  const user = core.user(pool, input['Username']);
  const target = core.deliveryTarget(pool, user, 'FORGOT_PASSWORD');
  user.status = 'RESET_REQUIRED';
  if (target) core.issueCode(pool, user, 'FORGOT_PASSWORD', target);
  await core.save(pool);
  return {};
};

const AdminAddUserToGroup: ActionHandler = async (core, input) => {
  const pool = core.pool(input['UserPoolId']);
  const group = core.group(pool, input['GroupName']);
  const user = core.user(pool, input['Username']);
  if (!user.groups.includes(group.name)) user.groups.push(group.name);
  await core.save(pool);
  return {};
};

const AdminRemoveUserFromGroup: ActionHandler = async (core, input) => {
  const pool = core.pool(input['UserPoolId']);
  const group = core.group(pool, input['GroupName']);
  const user = core.user(pool, input['Username']);
  user.groups = user.groups.filter((g) => g !== group.name);
  await core.save(pool);
  return {};
};

const AdminListGroupsForUser: ActionHandler = async (core, input) => {
  const pool = core.pool(input['UserPoolId']);
  const user = core.user(pool, input['Username']);
  const { page, next } = paginate(core.userGroups(pool, user), input, 'Limit', 'NextToken');
  return { Groups: page.map((g) => groupType(core, pool, g)), ...(next ? { NextToken: next } : {}) };
};

const ListUsers: ActionHandler = async (core, input) => {
  const pool = core.pool(input['UserPoolId']);
  const matches = parseListUsersFilter(optionalString(input, 'Filter'), pool.definition.caseSensitive);
  const attributesToGet = Array.isArray(input['AttributesToGet']) ? input['AttributesToGet'].map(String) : undefined;
  const users = pool
    .allUsers()
    .filter(matches)
    .sort((a, b) => a.createdAt - b.createdAt || a.username.localeCompare(b.username));
  const { page, next } = paginate(users, input, 'Limit', 'PaginationToken');
  return { Users: page.map((u) => core.userType(u, attributesToGet)), ...(next ? { PaginationToken: next } : {}) };
};

const ListUsersInGroup: ActionHandler = async (core, input) => {
  const pool = core.pool(input['UserPoolId']);
  const group = core.group(pool, input['GroupName']);
  const users = pool.allUsers().filter((u) => u.groups.includes(group.name));
  const { page, next } = paginate(users, input, 'Limit', 'NextToken');
  return { Users: page.map((u) => core.userType(u)), ...(next ? { NextToken: next } : {}) };
};

/** GroupType as the API lists it. */
export function groupType(core: CognitoCore, pool: UserPoolState, group: UserPoolGroupDefinition): Record<string, unknown> {
  const created = core.createdAt(pool.id) / 1000;
  return {
    GroupName: group.name,
    UserPoolId: pool.id,
    ...(group.description !== undefined ? { Description: group.description } : {}),
    ...(group.roleArn !== undefined ? { RoleArn: group.roleArn } : {}),
    ...(group.precedence !== undefined ? { Precedence: group.precedence } : {}),
    LastModifiedDate: created,
    CreationDate: created,
  };
}

export const adminUserActions = {
  AdminCreateUser,
  AdminSetUserPassword,
  AdminGetUser,
  AdminDeleteUser,
  AdminUpdateUserAttributes,
  AdminDeleteUserAttributes,
  AdminDisableUser: setEnabled(false),
  AdminEnableUser: setEnabled(true),
  AdminUserGlobalSignOut,
  AdminResetUserPassword,
  AdminAddUserToGroup,
  AdminRemoveUserFromGroup,
  AdminListGroupsForUser,
  ListUsers,
  ListUsersInGroup,
};
