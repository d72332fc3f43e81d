/**
 * Signing up and confirming through the local Cognito's API (in process): codes logged, listed
 * and checked (wrong, expired, too many attempts), usernames under each pool's rules (aliases,
 * email as username, case-insensitive names), required and writable attributes, the password
 * policy, and the errors Cognito answers with.
 */
import { describe, expect, it } from 'vitest';
import { fixturePools, openTestCognito, PASSWORD } from '../../helpers/cognito.js';

describe('SignUp and ConfirmSignUp in a pool with email and preferred_username aliases', () => {
  it('signs up unconfirmed, sends a 6-digit code to the email (logged and listed), confirms with it and verifies the email', async () => {
    const t = await openTestCognito();
    const { users, web } = t.ids;
    const signedUp = await t.call('SignUp', { ClientId: web.id, Username: 'ann', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ann@example.com' }] });
    expect(signedUp).toEqual({
      UserConfirmed: false,
      CodeDeliveryDetails: { Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
      UserSub: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const code = t.lastCode('ann');
    expect(code).toMatch(/^\d{6}$/);
    expect(t.lines).toContain(`cognito: confirmation code for ann in ${users.id}: ${code}`);
    expect(t.cognito.codes({ poolId: users.id })).toEqual([
      {
        poolId: users.id,
        username: 'ann',
        purpose: 'SIGN_UP',
        code,
        deliveryMedium: 'EMAIL',
        destination: 'ann@example.com',
        issuedAt: '2026-03-05T09:04:07.000Z',
        expiresAt: '2026-03-06T09:04:07.000Z',
      },
    ]);
    await expect(t.refusal('InitiateAuth', { ClientId: web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ann', PASSWORD } })).resolves.toEqual({
      type: 'UserNotConfirmedException',
      message: 'User is not confirmed.',
    });

    await expect(t.call('ConfirmSignUp', { ClientId: web.id, Username: 'ann', ConfirmationCode: code })).resolves.toEqual({});
    const user = await t.call('AdminGetUser', { UserPoolId: users.id, Username: 'ann' });
    expect(user).toMatchObject({ Username: 'ann', UserStatus: 'CONFIRMED', Enabled: true });
    expect(user['UserAttributes']).toEqual(
      expect.arrayContaining([
        { Name: 'sub', Value: signedUp['UserSub'] },
        { Name: 'email', Value: 'ann@example.com' },
        { Name: 'email_verified', Value: 'true' },
      ]),
    );
    await expect(t.refusal('ConfirmSignUp', { ClientId: web.id, Username: 'ann', ConfirmationCode: code })).resolves.toEqual({
      type: 'NotAuthorizedException',
      message: 'User cannot be confirmed. Current status is CONFIRMED',
    });
  });

  it('codes and ids repeat with the same random source (deterministic tests)', async () => {
    const run = async () => {
      const t = await openTestCognito();
      const out = await t.call('SignUp', { ClientId: t.ids.web.id, Username: 'ann', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ann@example.com' }] });
      return [t.lastCode('ann'), out['UserSub']];
    };
    expect(await run()).toEqual(await run());
  });

  it('a wrong code: CodeMismatchException; after five, LimitExceededException even for the right one; a new code resets that', async () => {
    const t = await openTestCognito();
    const { web } = t.ids;
    await t.call('SignUp', { ClientId: web.id, Username: 'bob', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }] });
    const code = t.lastCode('bob');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      await expect(t.refusal('ConfirmSignUp', { ClientId: web.id, Username: 'bob', ConfirmationCode: wrong })).resolves.toEqual({
        type: 'CodeMismatchException',
        message: 'Invalid verification code provided, please try again.',
      });
    }
    await expect(t.refusal('ConfirmSignUp', { ClientId: web.id, Username: 'bob', ConfirmationCode: code })).resolves.toEqual({
      type: 'LimitExceededException',
      message: 'Attempt limit exceeded, please try after some time.',
    });
    await expect(t.call('ResendConfirmationCode', { ClientId: web.id, Username: 'bob' })).resolves.toEqual({
      CodeDeliveryDetails: { Destination: 'b***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    });
    const second = t.lastCode('bob');
    expect(t.cognito.codes({ username: 'bob' }).map((c) => c.code)).toEqual([code, second]);
    expect(second).not.toBe(code); // the seeded random source gives two different codes
    await expect(t.refusal('ConfirmSignUp', { ClientId: web.id, Username: 'bob', ConfirmationCode: code })).resolves.toMatchObject({ type: 'CodeMismatchException' });
    await expect(t.call('ConfirmSignUp', { ClientId: web.id, Username: 'bob', ConfirmationCode: second })).resolves.toEqual({});
    await expect(t.refusal('ResendConfirmationCode', { ClientId: web.id, Username: 'bob' })).resolves.toEqual({
      type: 'InvalidParameterException',
      message: 'User is already confirmed.',
    });
  });

  it('a code older than 24 hours: ExpiredCodeException (the clock is the injected one)', async () => {
    const t = await openTestCognito();
    await t.call('SignUp', { ClientId: t.ids.web.id, Username: 'cy', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'cy@example.com' }] });
    t.clock.advance(24 * 3600_000 + 1000);
    await expect(t.refusal('ConfirmSignUp', { ClientId: t.ids.web.id, Username: 'cy', ConfirmationCode: t.lastCode('cy') })).resolves.toEqual({
      type: 'ExpiredCodeException',
      message: 'Invalid code provided, please request a code again.',
    });
  });

  it('usernames are case-insensitive in this pool: the same user whatever the case, and no second "Ann"', async () => {
    const t = await openTestCognito();
    const { web } = t.ids;
    await t.call('SignUp', { ClientId: web.id, Username: 'Ann', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ann@example.com' }] });
    await expect(t.refusal('SignUp', { ClientId: web.id, Username: 'ANN', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'x@example.com' }] })).resolves.toEqual({
      type: 'UsernameExistsException',
      message: 'User already exists',
    });
    await t.call('ConfirmSignUp', { ClientId: web.id, Username: 'aNN', ConfirmationCode: t.lastCode('Ann') });
    const signedIn = await t.call('InitiateAuth', { ClientId: web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ann', PASSWORD } });
    expect(signedIn['AuthenticationResult']).toMatchObject({ TokenType: 'Bearer' });
  });

  it('an email-shaped username is refused where email is an alias; the required email must be given', async () => {
    const t = await openTestCognito();
    const { web } = t.ids;
    await expect(t.refusal('SignUp', { ClientId: web.id, Username: 'ann@example.com', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ann@example.com' }] })).resolves.toEqual({
      type: 'InvalidParameterException',
      message: 'Username cannot be of email format, since user pool is configured for email alias.',
    });
    await expect(t.refusal('SignUp', { ClientId: web.id, Username: 'ann', Password: PASSWORD })).resolves.toEqual({
      type: 'InvalidParameterException',
      message: 'Attributes did not conform to the schema: email: The attribute is required\n',
    });
    await expect(t.refusal('SignUp', { ClientId: web.id, Username: 'ann', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'not-an-email' }] })).resolves.toEqual({
      type: 'InvalidParameterException',
      message: 'Invalid email address format.',
    });
  });

  it('attributes: unknown ones and ones the client may not write are refused; the password policy applies', async () => {
    const t = await openTestCognito();
    const { web } = t.ids;
    const email = { Name: 'email', Value: 'dee@example.com' };
    await expect(t.refusal('SignUp', { ClientId: web.id, Username: 'dee', Password: PASSWORD, UserAttributes: [email, { Name: 'custom:plan', Value: 'gold' }] })).resolves.toEqual({
      type: 'NotAuthorizedException',
      message: 'A client attempted to write unauthorized attribute',
    });
    const { server } = t.ids;
    const secretHash = (await import('node:crypto')).createHmac('sha256', server.secret!).update(`dee${server.id}`).digest('base64');
    await expect(
      t.refusal('SignUp', { ClientId: server.id, SecretHash: secretHash, Username: 'dee', Password: PASSWORD, UserAttributes: [email, { Name: 'custom:nope', Value: 'x' }] }),
    ).resolves.toEqual({
      type: 'InvalidParameterException',
      message: 'Attributes did not conform to the schema: custom:nope: Attribute does not exist in the schema.\n',
    });
    await expect(t.refusal('SignUp', { ClientId: web.id, Username: 'dee', Password: 'short1A', UserAttributes: [email] })).resolves.toEqual({
      type: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password not long enough',
    });
    await expect(t.refusal('SignUp', { ClientId: web.id, Username: 'dee', Password: 'longenough1', UserAttributes: [email] })).resolves.toEqual({
      type: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password must have uppercase characters',
    });
    // Only the template's seed user exists: nothing refused was created.
    expect((await t.call('ListUsers', { UserPoolId: t.ids.users.id }))['Users']).toEqual([expect.objectContaining({ Username: 'root' })]);
  });

  it('a client with a secret needs SECRET_HASH, and the right one', async () => {
    const t = await openTestCognito();
    const { server } = t.ids;
    const input = { ClientId: server.id, Username: 'eve', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'eve@example.com' }] };
    await expect(t.refusal('SignUp', input)).resolves.toEqual({
      type: 'NotAuthorizedException',
      message: `Client ${server.id} is configured for secret but secret was not received`,
    });
    await expect(t.refusal('SignUp', { ...input, SecretHash: 'bm9wZQ==' })).resolves.toEqual({
      type: 'NotAuthorizedException',
      message: `Unable to verify secret hash for client ${server.id}`,
    });
  });

  it('unknown users: UserNotFoundException, or, where the client prevents existence errors, answers that reveal nothing', async () => {
    const t = await openTestCognito();
    const { web, server } = t.ids;
    await expect(t.refusal('ConfirmSignUp', { ClientId: web.id, Username: 'ghost', ConfirmationCode: '123456' })).resolves.toMatchObject({ type: 'CodeMismatchException' });
    await expect(t.call('ResendConfirmationCode', { ClientId: web.id, Username: 'ghost' })).resolves.toMatchObject({ CodeDeliveryDetails: { DeliveryMedium: 'EMAIL' } });
    expect(t.cognito.codes()).toEqual([]);
    const hash = (await import('node:crypto')).createHmac('sha256', server.secret!).update(`ghost${server.id}`).digest('base64');
    await expect(t.refusal('ResendConfirmationCode', { ClientId: server.id, SecretHash: hash, Username: 'ghost' })).resolves.toEqual({
      type: 'UserNotFoundException',
      message: 'User does not exist.',
    });
  });

  it('unknown client: ResourceNotFoundException; a missing Username: a validation error', async () => {
    const t = await openTestCognito();
    await expect(t.refusal('SignUp', { ClientId: 'nosuchclient', Username: 'x', Password: PASSWORD })).resolves.toEqual({
      type: 'ResourceNotFoundException',
      message: 'User pool client nosuchclient does not exist.',
    });
    await expect(t.refusal('SignUp', { ClientId: t.ids.web.id, Password: PASSWORD })).resolves.toEqual({
      type: 'InvalidParameterException',
      message: "1 validation error detected: Value null at 'username' failed to satisfy constraint: Member must not be null",
    });
  });
});

describe('email aliases at confirmation', () => {
  it('a verified email another user holds: AliasExistsException, unless ForceAliasCreation moves it', async () => {
    const t = await openTestCognito();
    const { users, web } = t.ids;
    await t.cognito.ensureUser(users.id, { username: 'ann', password: PASSWORD, attributes: { email: 'shared@example.com' } });
    await t.call('SignUp', { ClientId: web.id, Username: 'bob', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'shared@example.com' }] });
    const code = t.lastCode('bob');
    await expect(t.refusal('ConfirmSignUp', { ClientId: web.id, Username: 'bob', ConfirmationCode: code })).resolves.toEqual({
      type: 'AliasExistsException',
      message: 'An account with the given email already exists.',
    });
    await expect(t.call('AdminGetUser', { UserPoolId: users.id, Username: 'bob' })).resolves.toMatchObject({ UserStatus: 'UNCONFIRMED' });
    await t.call('ConfirmSignUp', { ClientId: web.id, Username: 'bob', ConfirmationCode: code, ForceAliasCreation: true });
    const ann = await t.call('AdminGetUser', { UserPoolId: users.id, Username: 'ann' });
    expect(ann['UserAttributes']).toContainEqual({ Name: 'email_verified', Value: 'false' });
    await expect(t.call('InitiateAuth', { ClientId: web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'shared@example.com', PASSWORD } })).resolves.toMatchObject({
      AuthenticationResult: expect.objectContaining({ AccessToken: expect.any(String) }),
    });
    const { AuthenticationResult } = await t.call('InitiateAuth', {
      ClientId: web.id,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'shared@example.com', PASSWORD },
    });
    await expect(t.call('GetUser', { AccessToken: (AuthenticationResult as Record<string, string>)['AccessToken'] })).resolves.toMatchObject({ Username: 'bob' });
  });
});

describe('a pool where the email is the username', () => {
  it('the username becomes a UUID equal to sub; the email signs in; a second sign-up with it is refused', async () => {
    const t = await openTestCognito();
    const { customers, customersClient } = t.ids;
    const out = await t.call('SignUp', { ClientId: customersClient.id, Username: 'fay@example.com', Password: 'Passw0rd!' });
    // No auto-verified attribute: no code; an admin (or a trigger) confirms.
    expect(out).toEqual({ UserConfirmed: false, UserSub: expect.any(String) });
    const user = await t.call('AdminGetUser', { UserPoolId: customers.id, Username: 'fay@example.com' });
    expect(user['Username']).toBe(out['UserSub']);
    await expect(t.refusal('SignUp', { ClientId: customersClient.id, Username: 'fay@example.com', Password: 'Passw0rd!' })).resolves.toEqual({
      type: 'UsernameExistsException',
      message: 'An account with the given email already exists.',
    });
    await expect(t.refusal('SignUp', { ClientId: customersClient.id, Username: 'fay', Password: 'Passw0rd!' })).resolves.toEqual({
      type: 'InvalidParameterException',
      message: 'Username should be an email.',
    });
    await expect(t.refusal('ResendConfirmationCode', { ClientId: customersClient.id, Username: 'fay@example.com' })).resolves.toEqual({
      type: 'InvalidParameterException',
      message: 'Cannot resend codes. Auto verification not turned on.',
    });
    await t.call('AdminConfirmSignUp', { UserPoolId: customers.id, Username: 'fay@example.com' });
    await expect(t.call('AdminGetUser', { UserPoolId: customers.id, Username: out['UserSub'] })).resolves.toMatchObject({ UserStatus: 'CONFIRMED' });
  });
});

describe('SignUp refused by the pool', () => {
  it('AllowAdminCreateUserOnly: NotAuthorizedException', async () => {
    const pools = fixturePools().map((p) => (p.logicalId === 'Users' ? { ...p, allowAdminCreateUserOnly: true } : p));
    const t = await openTestCognito({ pools });
    await expect(t.refusal('SignUp', { ClientId: t.ids.web.id, Username: 'x', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'x@example.com' }] })).resolves.toEqual({
      type: 'NotAuthorizedException',
      message: 'SignUp is not permitted for this user pool',
    });
  });
});
