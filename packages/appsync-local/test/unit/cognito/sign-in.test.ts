/**
 * Signing in through the local Cognito's API (in process): password and SRP flows with the
 * client's ExplicitAuthFlows, existence errors, user states (unconfirmed, temporary password,
 * reset required, disabled), NEW_PASSWORD_REQUIRED, SECRET_HASH, refresh, and the end of a
 * sign-in (GlobalSignOut, RevokeToken, AdminUserGlobalSignOut), with the injected clock for every
 * expiry.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatSrpTimestamp } from '../../../src/cognito/srp.js';
import { claimsOf, openTestCognito, PASSWORD, srpClient, type TestCognito } from '../../helpers/cognito.js';

async function withUser(username = 'ann', extra: Record<string, string> = {}): Promise<TestCognito> {
  const t = await openTestCognito();
  await t.cognito.ensureUser(t.ids.users.id, { username, password: PASSWORD, attributes: { email: `${username}@example.com`, ...extra } });
  return t;
}

const passwordAuth = (t: TestCognito, username: string, password = PASSWORD) => ({
  ClientId: t.ids.web.id,
  AuthFlow: 'USER_PASSWORD_AUTH',
  AuthParameters: { USERNAME: username, PASSWORD: password },
});

async function srpSignIn(t: TestCognito, username: string, password: string, timestamp = formatSrpTimestamp(t.clock.now())) {
  const client = srpClient(t.ids.users.id, 'a1'.repeat(64));
  const challenge = await t.call('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: client.srpA } });
  const parameters = challenge['ChallengeParameters'] as Record<string, string>;
  return {
    challenge,
    respond: () => t.call('RespondToAuthChallenge', { ClientId: t.ids.web.id, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: client.answer(parameters, password, timestamp) }),
  };
}

describe('USER_PASSWORD_AUTH', () => {
  it('the right password: ID, access and refresh tokens (Bearer, ExpiresIn from the client)', async () => {
    const t = await withUser();
    const out = await t.call('InitiateAuth', passwordAuth(t, 'ann'));
    expect(out).toEqual({
      ChallengeParameters: {},
      AuthenticationResult: { IdToken: expect.any(String), AccessToken: expect.any(String), RefreshToken: expect.any(String), ExpiresIn: 1800, TokenType: 'Bearer' },
    });
  });

  it('by alias: a verified email and preferred_username sign in; an unverified email does not', async () => {
    const t = await withUser('ann', { preferred_username: 'annie' });
    await expect(t.call('InitiateAuth', passwordAuth(t, 'ann@example.com'))).resolves.toHaveProperty('AuthenticationResult');
    await expect(t.call('InitiateAuth', passwordAuth(t, 'annie'))).resolves.toHaveProperty('AuthenticationResult');
    await t.call('AdminUpdateUserAttributes', { UserPoolId: t.ids.users.id, Username: 'ann', UserAttributes: [{ Name: 'email', Value: 'new@example.com' }] });
    await expect(t.refusal('InitiateAuth', passwordAuth(t, 'new@example.com'))).resolves.toEqual({ type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('a wrong password or an unknown user (existence errors prevented): the same NotAuthorizedException', async () => {
    const t = await withUser();
    await expect(t.refusal('InitiateAuth', passwordAuth(t, 'ann', 'Wrong-Horse1'))).resolves.toEqual({
      type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    await expect(t.refusal('InitiateAuth', passwordAuth(t, 'ghost'))).resolves.toEqual({ type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('a flow the client does not allow, or the admin flow on the public API: InvalidParameterException', async () => {
    const t = await withUser();
    await expect(t.refusal('InitiateAuth', { ...passwordAuth(t, 'ann'), ClientId: t.ids.customersClient.id })).resolves.toEqual({
      type: 'InvalidParameterException',
      message: 'USER_PASSWORD_AUTH flow not enabled for this client',
    });
    await expect(t.refusal('InitiateAuth', { ...passwordAuth(t, 'ann'), AuthFlow: 'ADMIN_USER_PASSWORD_AUTH' })).resolves.toEqual({
      type: 'InvalidParameterException',
      message: 'Initiate Auth method not supported.',
    });
    await expect(
      t.refusal('AdminInitiateAuth', { UserPoolId: t.ids.users.id, ClientId: t.ids.web.id, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ann', PASSWORD } }),
    ).resolves.toEqual({
      type: 'InvalidParameterException',
      message: 'Auth flow not enabled for this client',
    });
    await expect(t.refusal('InitiateAuth', { ...passwordAuth(t, 'ann'), AuthFlow: 'MAGIC' })).resolves.toMatchObject({
      type: 'InvalidParameterException',
      message: expect.stringContaining("Value 'MAGIC' at 'authFlow' failed to satisfy constraint"),
    });
    await expect(t.refusal('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ann' } })).resolves.toEqual({
      type: 'InvalidParameterException',
      message: 'Missing required parameter PASSWORD',
    });
  });

  it('ADMIN_USER_PASSWORD_AUTH through AdminInitiateAuth, with the client secret hash; an unknown user there is UserNotFoundException', async () => {
    const t = await withUser();
    const { users, server } = t.ids;
    const hash = (name: string) => createHmac('sha256', server.secret!).update(`${name}${server.id}`).digest('base64');
    const input = (username: string, SECRET_HASH?: string) => ({
      UserPoolId: users.id,
      ClientId: server.id,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD, ...(SECRET_HASH ? { SECRET_HASH } : {}) },
    });
    await expect(t.call('AdminInitiateAuth', input('ann', hash('ann')))).resolves.toHaveProperty('AuthenticationResult.AccessToken');
    await expect(t.refusal('AdminInitiateAuth', input('ann'))).resolves.toEqual({
      type: 'NotAuthorizedException',
      message: `Client ${server.id} is configured for secret but secret was not received`,
    });
    await expect(t.refusal('AdminInitiateAuth', input('ann', hash('bob')))).resolves.toEqual({
      type: 'NotAuthorizedException',
      message: `Unable to verify secret hash for client ${server.id}`,
    });
    await expect(t.refusal('AdminInitiateAuth', input('ghost', hash('ghost')))).resolves.toEqual({ type: 'UserNotFoundException', message: 'User does not exist.' });
    await expect(t.refusal('AdminInitiateAuth', { ...input('ann', hash('ann')), ClientId: t.ids.customersClient.id })).resolves.toMatchObject({
      type: 'ResourceNotFoundException',
    });
  });

  it('user states, revealed only with the right password: disabled, unconfirmed, reset required', async () => {
    const t = await withUser();
    const { users, web } = t.ids;
    await t.call('AdminDisableUser', { UserPoolId: users.id, Username: 'ann' });
    await expect(t.refusal('InitiateAuth', passwordAuth(t, 'ann'))).resolves.toEqual({ type: 'NotAuthorizedException', message: 'User is disabled.' });
    await t.call('AdminEnableUser', { UserPoolId: users.id, Username: 'ann' });
    await t.call('AdminResetUserPassword', { UserPoolId: users.id, Username: 'ann' });
    await expect(t.refusal('InitiateAuth', passwordAuth(t, 'ann'))).resolves.toEqual({ type: 'PasswordResetRequiredException', message: 'Password reset required for the user' });
    await t.call('ConfirmForgotPassword', { ClientId: web.id, Username: 'ann', ConfirmationCode: t.lastCode('ann'), Password: 'Brand-New-Pass1' });
    await expect(t.call('InitiateAuth', passwordAuth(t, 'ann', 'Brand-New-Pass1'))).resolves.toHaveProperty('AuthenticationResult');
  });
});

describe('USER_SRP_AUTH and PASSWORD_VERIFIER', () => {
  it('the challenge names the internal user; the right answer gets tokens', async () => {
    const t = await withUser();
    const { challenge, respond } = await srpSignIn(t, 'ann@example.com', PASSWORD);
    expect(challenge).toEqual({
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: {
        SALT: expect.stringMatching(/^[0-9a-f]+$/),
        SECRET_BLOCK: expect.any(String),
        SRP_B: expect.stringMatching(/^[0-9a-f]+$/),
        USERNAME: 'ann',
        USER_ID_FOR_SRP: 'ann',
      },
    });
    const out = await respond();
    expect(out['AuthenticationResult']).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 1800 });
    expect(claimsOf((out['AuthenticationResult'] as Record<string, string>)['AccessToken'])['username']).toBe('ann');
  });

  it('a wrong password: NotAuthorizedException; a secret block answers once', async () => {
    const t = await withUser();
    const wrong = await srpSignIn(t, 'ann', 'Wrong-Horse1');
    await expect(wrong.respond()).rejects.toMatchObject({ type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    const right = await srpSignIn(t, 'ann', PASSWORD);
    await right.respond();
    await expect(right.respond()).rejects.toMatchObject({ type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it("a TIMESTAMP not in Cognito's format is refused with Cognito's message", async () => {
    const t = await withUser();
    const { respond } = await srpSignIn(t, 'ann', PASSWORD, '2026-03-05T09:04:07Z');
    await expect(respond()).rejects.toMatchObject({ type: 'InvalidParameterException', message: 'TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.' });
  });

  it('an answer after the session validity (3 minutes): session expired', async () => {
    const t = await withUser();
    const { respond } = await srpSignIn(t, 'ann', PASSWORD);
    t.clock.advance(3 * 60_000 + 1);
    await expect(respond()).rejects.toMatchObject({ type: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' });
  });

  it('an unknown user with existence errors prevented still gets a challenge, whose answer fails like a wrong password', async () => {
    const t = await withUser();
    const { challenge, respond } = await srpSignIn(t, 'ghost', PASSWORD);
    expect(challenge['ChallengeName']).toBe('PASSWORD_VERIFIER');
    await expect(respond()).rejects.toMatchObject({ type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('an unconfirmed user learns it only after a correct SRP answer', async () => {
    const t = await openTestCognito();
    await t.call('SignUp', { ClientId: t.ids.web.id, Username: 'ann', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ann@example.com' }] });
    await expect((await srpSignIn(t, 'ann', 'Wrong-Horse1')).respond()).rejects.toMatchObject({ type: 'NotAuthorizedException' });
    await expect((await srpSignIn(t, 'ann', PASSWORD)).respond()).rejects.toMatchObject({ type: 'UserNotConfirmedException', message: 'User is not confirmed.' });
  });

  it('a client without ALLOW_USER_SRP_AUTH refuses the flow', async () => {
    const t = await withUser();
    const hash = createHmac('sha256', t.ids.server.secret!).update(`ann${t.ids.server.id}`).digest('base64');
    await expect(t.refusal('InitiateAuth', { ClientId: t.ids.server.id, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'ann', SRP_A: 'abc', SECRET_HASH: hash } })).resolves.toEqual({
      type: 'InvalidParameterException',
      message: 'USER_SRP_AUTH is not enabled for the client.',
    });
  });
});

describe('AdminCreateUser, temporary passwords and NEW_PASSWORD_REQUIRED', () => {
  it('a temporary password signs in to a NEW_PASSWORD_REQUIRED challenge; the new password (and required attributes) finish the sign-in', async () => {
    const t = await openTestCognito();
    const { users, web } = t.ids;
    const created = await t.call('AdminCreateUser', { UserPoolId: users.id, Username: 'gus', TemporaryPassword: 'Temp-Pass-123' });
    expect(created['User']).toMatchObject({ Username: 'gus', UserStatus: 'FORCE_CHANGE_PASSWORD', Enabled: true });
    expect(t.lines).toContain(`cognito: temporary password for gus in ${users.id}: Temp-Pass-123`);

    const challenge = await t.call('InitiateAuth', passwordAuth(t, 'gus', 'Temp-Pass-123'));
    expect(challenge).toEqual({
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: expect.any(String),
      ChallengeParameters: { USER_ID_FOR_SRP: 'gus', requiredAttributes: '["userAttributes.email"]', userAttributes: '{}' },
    });
    const answer = (responses: Record<string, string>) =>
      t.call('RespondToAuthChallenge', {
        ClientId: web.id,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: challenge['Session'],
        ChallengeResponses: { USERNAME: 'gus', ...responses },
      });
    await expect(answer({ NEW_PASSWORD: 'Final-Pass-123' })).rejects.toMatchObject({ type: 'InvalidParameterException', message: 'Invalid attributes given, email is missing' });
    await expect(answer({ NEW_PASSWORD: 'weak', 'userAttributes.email': 'gus@example.com' })).rejects.toMatchObject({
      type: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password not long enough',
    });
    const done = await answer({ NEW_PASSWORD: 'Final-Pass-123', 'userAttributes.email': 'gus@example.com' });
    expect(done['AuthenticationResult']).toMatchObject({ TokenType: 'Bearer' });
    await expect(answer({ NEW_PASSWORD: 'Final-Pass-123', 'userAttributes.email': 'gus@example.com' })).rejects.toMatchObject({
      type: 'NotAuthorizedException',
      message: 'Invalid session for the user.',
    });
    await expect(t.call('AdminGetUser', { UserPoolId: users.id, Username: 'gus' })).resolves.toMatchObject({ UserStatus: 'CONFIRMED' });
    await expect(t.call('InitiateAuth', passwordAuth(t, 'gus', 'Final-Pass-123'))).resolves.toHaveProperty('AuthenticationResult');
  });

  it("a temporary password past the pool's TemporaryPasswordValidityDays (3) cannot sign in", async () => {
    const t = await openTestCognito();
    await t.call('AdminCreateUser', {
      UserPoolId: t.ids.users.id,
      Username: 'hal',
      TemporaryPassword: 'Temp-Pass-123',
      UserAttributes: [{ Name: 'email', Value: 'hal@example.com' }],
    });
    t.clock.advance(3 * 86400_000 + 1000);
    await expect(t.refusal('InitiateAuth', passwordAuth(t, 'hal', 'Temp-Pass-123'))).resolves.toEqual({
      type: 'NotAuthorizedException',
      message: 'Temporary password has expired and must be reset by an administrator.',
    });
  });

  it('without TemporaryPassword one is generated (meeting the policy) and logged; AdminSetUserPassword Permanent confirms the user', async () => {
    const t = await openTestCognito();
    const { users } = t.ids;
    await t.call('AdminCreateUser', { UserPoolId: users.id, Username: 'ivy', UserAttributes: [{ Name: 'email', Value: 'ivy@example.com' }] });
    const line = t.lines.find((l) => l.startsWith(`cognito: temporary password for ivy in ${users.id}: `))!;
    const temporary = line.slice(line.lastIndexOf(': ') + 2);
    await expect(t.call('InitiateAuth', passwordAuth(t, 'ivy', temporary))).resolves.toMatchObject({ ChallengeName: 'NEW_PASSWORD_REQUIRED' });
    await t.call('AdminSetUserPassword', { UserPoolId: users.id, Username: 'ivy', Password: 'Permanent-123', Permanent: true });
    await expect(t.call('InitiateAuth', passwordAuth(t, 'ivy', 'Permanent-123'))).resolves.toHaveProperty('AuthenticationResult');
    await t.call('AdminSetUserPassword', { UserPoolId: users.id, Username: 'ivy', Password: 'Temporary-456', Permanent: false });
    await expect(t.call('InitiateAuth', passwordAuth(t, 'ivy', 'Temporary-456'))).resolves.toMatchObject({ ChallengeName: 'NEW_PASSWORD_REQUIRED' });
    await expect(t.refusal('AdminSetUserPassword', { UserPoolId: users.id, Username: 'ivy', Password: 'short', Permanent: true })).resolves.toEqual({
      type: 'InvalidPasswordException',
      message: 'Password does not conform to policy: Password not long enough',
    });
    await expect(t.refusal('AdminCreateUser', { UserPoolId: users.id, Username: 'ivy' })).resolves.toEqual({
      type: 'UsernameExistsException',
      message: 'User account already exists',
    });
  });
});

describe('refresh and the end of a sign-in', () => {
  it('REFRESH_TOKEN_AUTH: new ID and access tokens for the same sign-in (origin_jti, auth_time), no new refresh token', async () => {
    const t = await withUser();
    const first = (await t.call('InitiateAuth', passwordAuth(t, 'ann')))['AuthenticationResult'] as Record<string, string>;
    t.clock.advance(600_000);
    const refreshed = await t.call('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: first['RefreshToken']! } });
    const result = refreshed['AuthenticationResult'] as Record<string, string>;
    expect(result['RefreshToken']).toBeUndefined();
    const [before, after] = [claimsOf(first['AccessToken']), claimsOf(result['AccessToken'])];
    expect(after).toMatchObject({ origin_jti: before['origin_jti'], auth_time: before['auth_time'], iat: (before['iat'] as number) + 600 });
    expect(after['jti']).not.toBe(before['jti']);
    await expect(t.call('GetTokensFromRefreshToken', { ClientId: t.ids.web.id, RefreshToken: first['RefreshToken'] })).resolves.toHaveProperty('AuthenticationResult.IdToken');
  });

  it('a refresh token past RefreshTokenValidity (7 days here): expired', async () => {
    const t = await withUser();
    const { RefreshToken } = (await t.call('InitiateAuth', passwordAuth(t, 'ann')))['AuthenticationResult'] as Record<string, string>;
    t.clock.advance(7 * 86400_000 + 1000);
    await expect(t.refusal('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: RefreshToken! } })).resolves.toEqual({
      type: 'NotAuthorizedException',
      message: 'Refresh Token has expired',
    });
    await expect(t.refusal('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: 'nonsense' } })).resolves.toEqual({
      type: 'NotAuthorizedException',
      message: 'Invalid Refresh Token',
    });
  });

  it('GlobalSignOut: every refresh token of the user is revoked and their access tokens fail GetUser', async () => {
    const t = await withUser();
    const a = (await t.call('InitiateAuth', passwordAuth(t, 'ann')))['AuthenticationResult'] as Record<string, string>;
    const b = (await t.call('InitiateAuth', passwordAuth(t, 'ann')))['AuthenticationResult'] as Record<string, string>;
    await expect(t.call('GetUser', { AccessToken: a['AccessToken'] })).resolves.toMatchObject({ Username: 'ann' });
    await t.call('GlobalSignOut', { AccessToken: a['AccessToken'] });
    for (const tokens of [a, b]) {
      await expect(t.refusal('GetUser', { AccessToken: tokens['AccessToken'] })).resolves.toEqual({ type: 'NotAuthorizedException', message: 'Access Token has been revoked' });
      await expect(t.refusal('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens['RefreshToken']! } })).resolves.toEqual({
        type: 'NotAuthorizedException',
        message: 'Refresh Token has been revoked',
      });
    }
    const again = (await t.call('InitiateAuth', passwordAuth(t, 'ann')))['AuthenticationResult'] as Record<string, string>;
    await expect(t.call('GetUser', { AccessToken: again['AccessToken'] })).resolves.toMatchObject({ Username: 'ann' });
  });

  it('RevokeToken ends one sign-in only; AdminUserGlobalSignOut all of them', async () => {
    const t = await withUser();
    const a = (await t.call('InitiateAuth', passwordAuth(t, 'ann')))['AuthenticationResult'] as Record<string, string>;
    const b = (await t.call('InitiateAuth', passwordAuth(t, 'ann')))['AuthenticationResult'] as Record<string, string>;
    await expect(t.call('RevokeToken', { ClientId: t.ids.web.id, Token: a['RefreshToken'] })).resolves.toEqual({});
    await expect(t.refusal('GetUser', { AccessToken: a['AccessToken'] })).resolves.toMatchObject({ message: 'Access Token has been revoked' });
    await expect(t.call('GetUser', { AccessToken: b['AccessToken'] })).resolves.toMatchObject({ Username: 'ann' });
    await t.call('AdminUserGlobalSignOut', { UserPoolId: t.ids.users.id, Username: 'ann' });
    await expect(t.refusal('GetUser', { AccessToken: b['AccessToken'] })).resolves.toMatchObject({ message: 'Access Token has been revoked' });
  });

  it('GetUser: an expired access token, a tampered one, an ID token instead', async () => {
    const t = await withUser();
    const tokens = (await t.call('InitiateAuth', passwordAuth(t, 'ann')))['AuthenticationResult'] as Record<string, string>;
    const [header, payload, signature] = tokens['AccessToken']!.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claimsOf(tokens['AccessToken']), username: 'root' })).toString('base64url')}.${signature}`;
    await expect(t.refusal('GetUser', { AccessToken: forged })).resolves.toEqual({ type: 'NotAuthorizedException', message: 'Invalid Access Token' });
    await expect(t.refusal('GetUser', { AccessToken: tokens['IdToken'] })).resolves.toEqual({ type: 'NotAuthorizedException', message: 'Invalid Access Token' });
    expect(payload).toBeTruthy();
    t.clock.advance(30 * 60_000 + 1000);
    await expect(t.refusal('GetUser', { AccessToken: tokens['AccessToken'] })).resolves.toEqual({ type: 'NotAuthorizedException', message: 'Access Token has expired' });
  });
});

describe('the signed-in user and password recovery', () => {
  it('GetUser lists what the client may read; ChangePassword needs the old password; DeleteUser removes the user', async () => {
    const t = await withUser('ann', { 'custom:tenant': 't1', given_name: 'Ann' });
    const { AccessToken } = (await t.call('InitiateAuth', passwordAuth(t, 'ann')))['AuthenticationResult'] as Record<string, string>;
    const me = await t.call('GetUser', { AccessToken });
    expect(me).toEqual({
      Username: 'ann',
      UserAttributes: [
        { Name: 'sub', Value: expect.any(String) },
        { Name: 'email', Value: 'ann@example.com' },
        { Name: 'custom:tenant', Value: 't1' },
        { Name: 'email_verified', Value: 'true' },
      ],
    });
    await expect(t.refusal('ChangePassword', { AccessToken, PreviousPassword: 'Wrong-Horse1', ProposedPassword: 'Another-Pass1' })).resolves.toEqual({
      type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    await t.call('ChangePassword', { AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'Another-Pass1' });
    await expect(t.call('InitiateAuth', passwordAuth(t, 'ann', 'Another-Pass1'))).resolves.toHaveProperty('AuthenticationResult');
    await t.call('DeleteUser', { AccessToken });
    await expect(t.refusal('AdminGetUser', { UserPoolId: t.ids.users.id, Username: 'ann' })).resolves.toEqual({ type: 'UserNotFoundException', message: 'User does not exist.' });
  });

  it('ForgotPassword sends a code to the verified email; ConfirmForgotPassword sets the new password; no verified email: refused', async () => {
    const t = await withUser();
    const { web } = t.ids;
    await expect(t.call('ForgotPassword', { ClientId: web.id, Username: 'ann' })).resolves.toEqual({
      CodeDeliveryDetails: { Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    });
    const code = t.lastCode('ann');
    expect(t.lines.at(-1)).toBe(`cognito: password reset code for ann in ${t.ids.users.id}: ${code}`);
    await expect(t.refusal('ConfirmForgotPassword', { ClientId: web.id, Username: 'ann', ConfirmationCode: code, Password: 'weak' })).resolves.toMatchObject({
      type: 'InvalidPasswordException',
    });
    await t.call('ConfirmForgotPassword', { ClientId: web.id, Username: 'ann', ConfirmationCode: code, Password: 'Reset-Pass-123' });
    await expect(t.call('InitiateAuth', passwordAuth(t, 'ann', 'Reset-Pass-123'))).resolves.toHaveProperty('AuthenticationResult');
    await expect(t.refusal('ConfirmForgotPassword', { ClientId: web.id, Username: 'ann', ConfirmationCode: code, Password: 'Reset-Pass-456' })).resolves.toMatchObject({
      type: 'CodeMismatchException',
    });

    await t.cognito.ensureUser(t.ids.users.id, { username: 'bob', password: PASSWORD, attributes: { email: 'bob@example.com', email_verified: 'false' } });
    await expect(t.refusal('ForgotPassword', { ClientId: web.id, Username: 'bob' })).resolves.toEqual({
      type: 'InvalidParameterException',
      message: 'Cannot reset password for the user as there is no registered/verified email or phone_number',
    });
  });

  it('a reset code is valid for one hour', async () => {
    const t = await withUser();
    await t.call('ForgotPassword', { ClientId: t.ids.web.id, Username: 'ann' });
    t.clock.advance(3600_000 + 1000);
    await expect(t.refusal('ConfirmForgotPassword', { ClientId: t.ids.web.id, Username: 'ann', ConfirmationCode: t.lastCode('ann'), Password: 'Reset-Pass-123' })).resolves.toMatchObject({
      type: 'ExpiredCodeException',
    });
  });
});
