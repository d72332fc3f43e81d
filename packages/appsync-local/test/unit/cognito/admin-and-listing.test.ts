/**
 * The IAM-side APIs in process: pools and clients described from the template, the template's
 * seed user and group attachment, groups and memberships, ListUsers with Filter and pagination,
 * attribute updates, enabling and disabling, and unknown or unimplemented actions.
 */
import { describe, expect, it } from 'vitest';
import { openTestCognito, PASSWORD } from '../../helpers/cognito.js';

describe('describing what the template defines', () => {
  it('ListUserPools, DescribeUserPool, ListUserPoolClients, DescribeUserPoolClient', async () => {
    const t = await openTestCognito();
    const { users, customers, web, server } = t.ids;
    const created = t.clock.time / 1000;
    await expect(t.call('ListUserPools', { MaxResults: 10 })).resolves.toEqual({
      UserPools: [
        { Id: users.id, Name: 'shop-users-dev', LambdaConfig: expect.objectContaining({ PreSignUp: users.triggers.preSignUp }), LastModifiedDate: created, CreationDate: created },
        { Id: customers.id, Name: 'ShopAuth-Customers', LambdaConfig: expect.any(Object), LastModifiedDate: created, CreationDate: created },
      ],
    });
    const page = await t.call('ListUserPools', { MaxResults: 1 });
    expect((page['UserPools'] as unknown[]).length).toBe(1);
    await expect(t.call('ListUserPools', { MaxResults: 1, NextToken: page['NextToken'] })).resolves.toMatchObject({ UserPools: [{ Id: customers.id }] });
    await expect(t.refusal('ListUserPools', {})).resolves.toMatchObject({ type: 'InvalidParameterException', message: expect.stringContaining("'maxResults'") });

    const { UserPool: pool } = (await t.call('DescribeUserPool', { UserPoolId: users.id })) as { UserPool: Record<string, unknown> };
    expect(pool).toMatchObject({
      Id: users.id,
      Arn: users.arn,
      Policies: { PasswordPolicy: { MinimumLength: 10, RequireSymbols: false, TemporaryPasswordValidityDays: 3 } },
      AliasAttributes: ['email', 'preferred_username'],
      AutoVerifiedAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      MfaConfiguration: 'OFF',
      DeletionProtection: 'ACTIVE',
      EstimatedNumberOfUsers: 1,
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
    expect(pool['SchemaAttributes']).toEqual(expect.arrayContaining([{ Name: 'custom:tenant', AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable: false, Required: false }]));

    await expect(t.call('ListUserPoolClients', { UserPoolId: users.id })).resolves.toEqual({
      UserPoolClients: [
        { ClientId: web.id, UserPoolId: users.id, ClientName: 'web' },
        { ClientId: server.id, UserPoolId: users.id, ClientName: 'server' },
      ],
    });
    await expect(t.call('DescribeUserPoolClient', { UserPoolId: users.id, ClientId: server.id })).resolves.toMatchObject({
      UserPoolClient: {
        ClientId: server.id,
        ClientSecret: server.secret,
        ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        AccessTokenValidity: 1,
        TokenValidityUnits: { AccessToken: 'hours' },
      },
    });
    await expect(t.refusal('DescribeUserPoolClient', { UserPoolId: customers.id, ClientId: server.id })).resolves.toEqual({
      type: 'ResourceNotFoundException',
      message: `User pool client ${server.id} does not exist.`,
    });
    await expect(t.refusal('DescribeUserPool', { UserPoolId: 'eu-west-1_missing00' })).resolves.toEqual({
      type: 'ResourceNotFoundException',
      message: 'User pool eu-west-1_missing00 does not exist.',
    });
    await expect(t.refusal('DescribeUserPool', { UserPoolId: 'not a pool id' })).resolves.toMatchObject({
      type: 'InvalidParameterException',
      message: expect.stringContaining("'userPoolId' failed to satisfy constraint"),
    });
  });

  it("the template's AWS::Cognito::UserPoolUser exists with a logged temporary password, in the attached group", async () => {
    const t = await openTestCognito();
    const { users } = t.ids;
    await expect(t.call('AdminGetUser', { UserPoolId: users.id, Username: 'root' })).resolves.toMatchObject({ Username: 'root', UserStatus: 'FORCE_CHANGE_PASSWORD' });
    await expect(t.call('AdminListGroupsForUser', { UserPoolId: users.id, Username: 'root' })).resolves.toEqual({
      Groups: [{ GroupName: 'admin', UserPoolId: users.id, Description: 'Shop administrators', Precedence: 1, LastModifiedDate: t.clock.time / 1000, CreationDate: t.clock.time / 1000 }],
    });
    expect(t.lines.some((l) => l.startsWith(`cognito: temporary password for root in ${users.id} (SeedAdmin): `))).toBe(true);
  });
});

describe('groups', () => {
  it('add, list (by precedence), remove; unknown group or user refused', async () => {
    const t = await openTestCognito();
    const { users } = t.ids;
    await t.cognito.ensureUser(users.id, { username: 'ann', password: PASSWORD, attributes: { email: 'ann@example.com' } });
    await t.call('AdminAddUserToGroup', { UserPoolId: users.id, Username: 'ann', GroupName: 'ShopAuth-Staff' });
    await t.call('AdminAddUserToGroup', { UserPoolId: users.id, Username: 'ann', GroupName: 'admin' });
    await t.call('AdminAddUserToGroup', { UserPoolId: users.id, Username: 'ann', GroupName: 'admin' });
    const names = async () => ((await t.call('AdminListGroupsForUser', { UserPoolId: users.id, Username: 'ann' }))['Groups'] as { GroupName: string }[]).map((g) => g.GroupName);
    expect(await names()).toEqual(['admin', 'ShopAuth-Staff']);
    await expect(t.call('ListUsersInGroup', { UserPoolId: users.id, GroupName: 'admin' })).resolves.toMatchObject({ Users: [{ Username: 'root' }, { Username: 'ann' }] });
    await t.call('AdminRemoveUserFromGroup', { UserPoolId: users.id, Username: 'ann', GroupName: 'admin' });
    expect(await names()).toEqual(['ShopAuth-Staff']);
    await expect(t.refusal('AdminAddUserToGroup', { UserPoolId: users.id, Username: 'ann', GroupName: 'nope' })).resolves.toEqual({
      type: 'ResourceNotFoundException',
      message: 'Group not found.',
    });
    await expect(t.refusal('AdminAddUserToGroup', { UserPoolId: users.id, Username: 'ghost', GroupName: 'admin' })).resolves.toEqual({
      type: 'UserNotFoundException',
      message: 'User does not exist.',
    });
    await expect(t.call('ListGroups', { UserPoolId: users.id })).resolves.toMatchObject({ Groups: [{ GroupName: 'admin' }, { GroupName: 'ShopAuth-Staff' }] });
    await expect(t.call('GetGroup', { UserPoolId: users.id, GroupName: 'admin' })).resolves.toMatchObject({ Group: { GroupName: 'admin', Precedence: 1 } });
  });
});

describe('ListUsers', () => {
  async function withUsers() {
    const t = await openTestCognito();
    const { users } = t.ids;
    for (const name of ['amy', 'anna', 'bert', 'carl', 'cleo']) {
      t.clock.advance(1000);
      await t.cognito.ensureUser(users.id, { username: name, password: PASSWORD, attributes: { email: `${name}@${name.startsWith('c') ? 'corp' : 'example'}.com` } });
    }
    await t.call('AdminDisableUser', { UserPoolId: users.id, Username: 'bert' });
    return t;
  }
  const names = (out: Record<string, unknown>) => (out['Users'] as { Username: string }[]).map((u) => u.Username);

  it('Filter: exact and prefix matches on the attributes Cognito allows; anything else is a parse error', async () => {
    const t = await withUsers();
    const list = (Filter: string) => t.call('ListUsers', { UserPoolId: t.ids.users.id, Filter });
    expect(names(await list('username ^= "a"'))).toEqual(['amy', 'anna']);
    expect(names(await list('username = "ANNA"'))).toEqual(['anna']);
    expect(names(await list('email ^= "c"'))).toEqual(['carl', 'cleo']);
    expect(names(await list('email = "cleo@corp.com"'))).toEqual(['cleo']);
    expect(names(await list('status = "Disabled"'))).toEqual(['bert']);
    expect(names(await list('cognito:user_status = "FORCE_CHANGE_PASSWORD"'))).toEqual(['root']);
    expect(names(await list(''))).toHaveLength(6);
    for (const bad of ['custom:tenant = "x"', 'username == "a"', 'username = a', 'nonsense']) {
      await expect(t.refusal('ListUsers', { UserPoolId: t.ids.users.id, Filter: bad }), bad).resolves.toEqual({
        type: 'InvalidParameterException',
        message: 'Error while parsing filter.',
      });
    }
  });

  it('Limit and PaginationToken walk every user once, oldest first; AttributesToGet narrows attributes', async () => {
    const t = await withUsers();
    const seen: string[] = [];
    let token: unknown;
    do {
      const page = await t.call('ListUsers', { UserPoolId: t.ids.users.id, Limit: 4, ...(token ? { PaginationToken: token } : {}) });
      expect((page['Users'] as unknown[]).length).toBeLessThanOrEqual(4);
      seen.push(...names(page));
      token = page['PaginationToken'];
    } while (token);
    expect(seen).toEqual(['root', 'amy', 'anna', 'bert', 'carl', 'cleo']);
    const narrowed = await t.call('ListUsers', { UserPoolId: t.ids.users.id, Filter: 'username = "amy"', AttributesToGet: ['email'] });
    expect(narrowed['Users']).toEqual([expect.objectContaining({ Username: 'amy', Attributes: [{ Name: 'email', Value: 'amy@example.com' }], Enabled: true, UserStatus: 'CONFIRMED' })]);
    await expect(t.refusal('ListUsers', { UserPoolId: t.ids.users.id, Limit: 61 })).resolves.toMatchObject({ type: 'InvalidParameterException' });
  });
});

describe('attributes and user state', () => {
  it('AdminUpdateUserAttributes: a new email is unverified; immutable attributes cannot change; AdminDeleteUserAttributes', async () => {
    const t = await openTestCognito();
    const { users } = t.ids;
    await t.cognito.ensureUser(users.id, { username: 'ann', password: PASSWORD, attributes: { email: 'ann@example.com', 'custom:tenant': 't1', given_name: 'Ann' } });
    await t.call('AdminUpdateUserAttributes', { UserPoolId: users.id, Username: 'ann', UserAttributes: [{ Name: 'email', Value: 'ann2@example.com' }] });
    const attributes = async () =>
      Object.fromEntries(((await t.call('AdminGetUser', { UserPoolId: users.id, Username: 'ann' }))['UserAttributes'] as { Name: string; Value: string }[]).map((a) => [a.Name, a.Value]));
    expect(await attributes()).toMatchObject({ email: 'ann2@example.com', email_verified: 'false' });
    await expect(t.refusal('AdminUpdateUserAttributes', { UserPoolId: users.id, Username: 'ann', UserAttributes: [{ Name: 'custom:tenant', Value: 't2' }] })).resolves.toEqual({
      type: 'InvalidParameterException',
      message: 'Attributes did not conform to the schema: custom:tenant: Attribute cannot be updated. (changing an immutable attribute)\n',
    });
    await t.call('AdminDeleteUserAttributes', { UserPoolId: users.id, Username: 'ann', UserAttributeNames: ['given_name'] });
    expect(await attributes()).not.toHaveProperty('given_name');
    await expect(t.refusal('AdminDeleteUserAttributes', { UserPoolId: users.id, Username: 'ann', UserAttributeNames: ['email'] })).resolves.toMatchObject({
      type: 'InvalidParameterException',
    });
  });

  it("an update may not give a user another user's sign-in name: AliasExistsException; the user is left as it was", async () => {
    const t = await openTestCognito();
    const { users, web } = t.ids;
    await t.cognito.ensureUser(users.id, { username: 'ann', password: PASSWORD, attributes: { email: 'ann@example.com', preferred_username: 'annie' } });
    await t.cognito.ensureUser(users.id, { username: 'bob', password: PASSWORD, attributes: { email: 'bob@example.com' } });
    const attributes = async (username: string) =>
      Object.fromEntries(((await t.call('AdminGetUser', { UserPoolId: users.id, Username: username }))['UserAttributes'] as { Name: string; Value: string }[]).map((a) => [a.Name, a.Value]));
    const before = await attributes('bob');
    const emailTaken = { type: 'AliasExistsException', message: 'An account with the given email already exists.' };
    const preferredTaken = { type: 'AliasExistsException', message: 'An account with the given preferred_username already exists.' };

    // Ann's verified email is her alias: bob may not take it verified, nor her preferred_username or username.
    await expect(
      t.refusal('AdminUpdateUserAttributes', {
        UserPoolId: users.id,
        Username: 'bob',
        UserAttributes: [
          { Name: 'email', Value: 'ANN@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    ).resolves.toEqual(emailTaken);
    await expect(t.refusal('AdminUpdateUserAttributes', { UserPoolId: users.id, Username: 'bob', UserAttributes: [{ Name: 'preferred_username', Value: 'annie' }] })).resolves.toEqual(preferredTaken);
    const { AccessToken } = await t.cognito.issueTokens(users.id, web.id, 'bob');
    await expect(t.refusal('UpdateUserAttributes', { AccessToken, UserAttributes: [{ Name: 'preferred_username', Value: 'Annie' }] })).resolves.toEqual(preferredTaken);
    await expect(t.refusal('UpdateUserAttributes', { AccessToken, UserAttributes: [{ Name: 'preferred_username', Value: 'ann' }] })).resolves.toEqual(preferredTaken);
    await expect(t.cognito.ensureUser(users.id, { username: 'bob', attributes: { email: 'ann@example.com' } })).rejects.toMatchObject(emailTaken);
    expect(await attributes('bob')).toEqual(before);
    await expect(t.call('InitiateAuth', { ClientId: web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ann@example.com', PASSWORD } })).resolves.toHaveProperty(
      'AuthenticationResult',
    );

    // An unverified email is no alias (it signs nobody in), so bob may hold one that is ann's alias.
    await t.call('UpdateUserAttributes', { AccessToken, UserAttributes: [{ Name: 'email', Value: 'ann@example.com' }] });
    expect(await attributes('bob')).toMatchObject({ email: 'ann@example.com', email_verified: 'false' });
    await expect(t.call('AdminGetUser', { UserPoolId: users.id, Username: 'ann@example.com' })).resolves.toMatchObject({ Username: 'ann' });
    // A user's own names are no conflict.
    await t.call('AdminUpdateUserAttributes', {
      UserPoolId: users.id,
      Username: 'ann',
      UserAttributes: [
        { Name: 'preferred_username', Value: 'annie' },
        { Name: 'given_name', Value: 'Ann' },
      ],
    });
  });

  it("in a pool where the email is the username, an update may not take another user's email: UsernameExistsException", async () => {
    const t = await openTestCognito();
    const { customers, customersClient } = t.ids;
    await t.cognito.ensureUser(customers.id, { username: 'cat@example.com', password: 'Passw0rd!' });
    const { username: dan } = await t.cognito.ensureUser(customers.id, { username: 'dan@example.com', password: 'Passw0rd!' });
    const taken = { type: 'UsernameExistsException', message: 'An account with the given email already exists.' };
    await expect(t.refusal('AdminUpdateUserAttributes', { UserPoolId: customers.id, Username: dan, UserAttributes: [{ Name: 'email', Value: 'cat@example.com' }] })).resolves.toEqual(taken);
    const { AccessToken } = await t.cognito.issueTokens(customers.id, customersClient.id, 'dan@example.com');
    await expect(t.refusal('UpdateUserAttributes', { AccessToken, UserAttributes: [{ Name: 'email', Value: 'cat@example.com' }] })).resolves.toEqual(taken);
    await expect(t.call('AdminGetUser', { UserPoolId: customers.id, Username: 'dan@example.com' })).resolves.toMatchObject({ Username: dan });
    await expect(t.call('AdminGetUser', { UserPoolId: customers.id, Username: 'cat@example.com' })).resolves.not.toMatchObject({ Username: dan });
  });

  it('an attribute Value that is not a string: SerializationException, nothing stored, sign-in unharmed', async () => {
    const t = await openTestCognito();
    const { users, web } = t.ids;
    await t.cognito.ensureUser(users.id, { username: 'ann', password: PASSWORD, attributes: { email: 'ann@example.com' } });
    const before = await t.call('AdminGetUser', { UserPoolId: users.id, Username: 'ann' });
    const refused = { type: 'SerializationException', message: 'Unexpected value for UserAttributes: expected a list of { Name, Value } with string values' };
    for (const Value of [42, true, { nested: 'x' }, null]) {
      await expect(t.refusal('AdminUpdateUserAttributes', { UserPoolId: users.id, Username: 'ann', UserAttributes: [{ Name: 'preferred_username', Value }] })).resolves.toEqual(refused);
    }
    await expect(
      t.refusal('SignUp', {
        ClientId: web.id,
        Username: 'bob',
        Password: PASSWORD,
        UserAttributes: [
          { Name: 'email', Value: 'bob@example.com' },
          { Name: 'preferred_username', Value: 7 },
        ],
      }),
    ).resolves.toEqual(refused);
    await expect(t.call('AdminGetUser', { UserPoolId: users.id, Username: 'ann' })).resolves.toEqual(before);
    await expect(t.refusal('AdminGetUser', { UserPoolId: users.id, Username: 'bob' })).resolves.toMatchObject({ type: 'UserNotFoundException' });
    await expect(t.call('InitiateAuth', { ClientId: web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ann', PASSWORD } })).resolves.toHaveProperty('AuthenticationResult');
  });

  it('AdminDisableUser revokes the tokens; the user cannot sign in until enabled', async () => {
    const t = await openTestCognito();
    const { users, web } = t.ids;
    await t.cognito.ensureUser(users.id, { username: 'ann', password: PASSWORD, attributes: { email: 'ann@example.com' } });
    const { AccessToken, RefreshToken } = await t.cognito.issueTokens(users.id, web.id, 'ann');
    await t.call('AdminDisableUser', { UserPoolId: users.id, Username: 'ann' });
    await expect(t.refusal('GetUser', { AccessToken })).resolves.toMatchObject({ type: 'NotAuthorizedException' });
    await expect(t.refusal('InitiateAuth', { ClientId: web.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: RefreshToken! } })).resolves.toMatchObject({
      type: 'NotAuthorizedException',
    });
    await expect(t.call('AdminGetUser', { UserPoolId: users.id, Username: 'ann' })).resolves.toMatchObject({ Enabled: false });
    await t.call('AdminEnableUser', { UserPoolId: users.id, Username: 'ann' });
    await expect(t.call('InitiateAuth', { ClientId: web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ann', PASSWORD } })).resolves.toHaveProperty('AuthenticationResult');
  });
});

describe('actions', () => {
  it('an action Cognito does not have, or one the local Cognito does not implement: UnknownOperationException', async () => {
    const t = await openTestCognito();
    await expect(t.refusal('FlyToTheMoon', {})).resolves.toEqual({ type: 'UnknownOperationException', message: '' });
    await expect(t.refusal('CreateUserPool', {})).resolves.toEqual({
      type: 'UnknownOperationException',
      message: expect.stringMatching(/^The local Cognito does not implement CreateUserPool\. It implements: .*AdminAddUserToGroup/),
    });
    await expect(t.refusal('toString', {})).resolves.toMatchObject({ type: 'UnknownOperationException' });
  });
});
