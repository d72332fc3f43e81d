/**
 * Lambda triggers through a fake invoker that records each event and answers as the test says:
 * Cognito's event shapes, PreSignUp deciding confirmation and verification or refusing the
 * sign-up, PostConfirmation reporting an error while the user stays confirmed, and
 * PreTokenGeneration V2 (the Users pool) and V1 (the legacy setting of the Customers pool)
 * changing claims, scopes and groups.
 */
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import type { InvokeTrigger } from '../../../src/cognito/local-cognito.js';
import { claimsOf, openTestCognito, PASSWORD, REGION } from '../../helpers/cognito.js';

const fn = (name: string) => `arn:aws:lambda:${REGION}:000000000000:function:${name}`;

/** Records each invocation; `answers[functionName](event)` returns the result or throws. */
function fakeInvoker(answers: Record<string, (event: Record<string, unknown>) => unknown> = {}) {
  const events: { functionArn: string; event: Record<string, unknown> }[] = [];
  const invoke: InvokeTrigger = async (functionArn, event) => {
    events.push({ functionArn, event: structuredClone(event) });
    const answer = answers[functionArn.slice(functionArn.lastIndexOf(':') + 1)];
    return answer ? answer(event) : event;
  };
  return { invoke, events, of: (name: string) => events.filter((e) => e.functionArn === fn(name)).map((e) => e.event) };
}

describe('PreSignUp', () => {
  it("gets Cognito's event; its answer can confirm the user and verify the email (then PostConfirmation runs)", async () => {
    const invoker = fakeInvoker({ 'pre-sign-up': (event) => ({ ...event, response: { autoConfirmUser: true, autoVerifyEmail: true, autoVerifyPhone: false } }) });
    const t = await openTestCognito({ invokeTrigger: invoker.invoke });
    const { users, web } = t.ids;
    const out = await t.call('SignUp', {
      ClientId: web.id,
      Username: 'ann',
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: 'ann@example.com' }],
      ValidationData: [{ Name: 'invite', Value: 'abc' }],
      ClientMetadata: { source: 'test' },
    });
    expect(out).toEqual({ UserConfirmed: true, UserSub: expect.any(String) });
    expect(t.cognito.codes()).toEqual([]);
    expect(invoker.of('pre-sign-up')).toEqual([
      {
        version: '1',
        triggerSource: 'PreSignUp_SignUp',
        region: REGION,
        userPoolId: users.id,
        userName: 'ann',
        callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: web.id },
        request: { userAttributes: { email: 'ann@example.com' }, validationData: { invite: 'abc' }, clientMetadata: { source: 'test' } },
        response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
      },
    ]);
    expect(invoker.of('post-confirmation')).toEqual([
      expect.objectContaining({
        triggerSource: 'PostConfirmation_ConfirmSignUp',
        userName: 'ann',
        request: {
          userAttributes: { sub: out['UserSub'], email: 'ann@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' },
          clientMetadata: { source: 'test' },
        },
        response: {},
      }),
    ]);
    await expect(t.call('InitiateAuth', { ClientId: web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ann@example.com', PASSWORD } })).resolves.toHaveProperty(
      'AuthenticationResult',
    );
  });

  it('an error refuses the sign-up: UserLambdaValidationException "PreSignUp failed with error <message>."; no user is made', async () => {
    const invoker = fakeInvoker({
      'pre-sign-up': () => {
        throw new Error('Invite only');
      },
    });
    const t = await openTestCognito({ invokeTrigger: invoker.invoke });
    await expect(t.refusal('SignUp', { ClientId: t.ids.web.id, Username: 'ann', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ann@example.com' }] })).resolves.toEqual({
      type: 'UserLambdaValidationException',
      message: 'PreSignUp failed with error Invite only.',
    });
    await expect(t.refusal('AdminGetUser', { UserPoolId: t.ids.users.id, Username: 'ann' })).resolves.toMatchObject({ type: 'UserNotFoundException' });
    await expect(t.refusal('AdminCreateUser', { UserPoolId: t.ids.users.id, Username: 'bob' })).resolves.toEqual({
      type: 'UserLambdaValidationException',
      message: 'PreSignUp failed with error Invite only.',
    });
    expect(invoker.of('pre-sign-up').map((e) => e['triggerSource'])).toEqual(['PreSignUp_SignUp', 'PreSignUp_AdminCreateUser']);
  });

  it('an answer that is not an event: InvalidLambdaResponseException', async () => {
    const t = await openTestCognito({ invokeTrigger: fakeInvoker({ 'pre-sign-up': () => 'ok' }).invoke });
    await expect(t.refusal('SignUp', { ClientId: t.ids.web.id, Username: 'ann', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ann@example.com' }] })).resolves.toEqual({
      type: 'InvalidLambdaResponseException',
      message: 'Unrecognizable lambda output',
    });
  });

  it('without an invoker, configured triggers are skipped and say so in the log', async () => {
    const t = await openTestCognito();
    await t.call('SignUp', { ClientId: t.ids.web.id, Username: 'ann', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ann@example.com' }] });
    expect(t.lines).toContain(`cognito: PreSignUp trigger ${fn('pre-sign-up')} not run: no Lambda invoker was given`);
  });
});

describe('PostConfirmation', () => {
  it("an error is the caller's error, and the user stays confirmed (as in Cognito)", async () => {
    const invoker = fakeInvoker({
      'post-confirmation': () => {
        throw new Error('welcome mail failed');
      },
    });
    const t = await openTestCognito({ invokeTrigger: invoker.invoke });
    const { users, web } = t.ids;
    await t.call('SignUp', { ClientId: web.id, Username: 'ann', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ann@example.com' }] });
    await expect(t.refusal('ConfirmSignUp', { ClientId: web.id, Username: 'ann', ConfirmationCode: t.lastCode('ann') })).resolves.toEqual({
      type: 'UserLambdaValidationException',
      message: 'PostConfirmation failed with error welcome mail failed.',
    });
    await expect(t.call('AdminGetUser', { UserPoolId: users.id, Username: 'ann' })).resolves.toMatchObject({ UserStatus: 'CONFIRMED' });
  });

  it('runs after ConfirmForgotPassword with PostConfirmation_ConfirmForgotPassword', async () => {
    const invoker = fakeInvoker();
    const t = await openTestCognito({ invokeTrigger: invoker.invoke });
    await t.cognito.ensureUser(t.ids.users.id, { username: 'ann', password: PASSWORD, attributes: { email: 'ann@example.com' } });
    await t.call('ForgotPassword', { ClientId: t.ids.web.id, Username: 'ann' });
    await t.call('ConfirmForgotPassword', { ClientId: t.ids.web.id, Username: 'ann', ConfirmationCode: t.lastCode('ann'), Password: 'Reset-Pass-123' });
    expect(invoker.of('post-confirmation').map((e) => e['triggerSource'])).toEqual(['PostConfirmation_ConfirmForgotPassword']);
  });
});

describe('PreTokenGeneration', () => {
  it('V2: changes claims of both tokens, scopes and groups; protected claims stay', async () => {
    const invoker = fakeInvoker({
      'pre-token': (event) => ({
        ...event,
        response: {
          claimsAndScopeOverrideDetails: {
            idTokenGeneration: { claimsToAddOrOverride: { tenant: 't1', roles: ['a', 'b'], sub: 'hijack' }, claimsToSuppress: ['email'] },
            accessTokenGeneration: { claimsToAddOrOverride: { tenant: 't1' }, scopesToAdd: ['orders/read'], scopesToSuppress: [] },
            groupOverrideDetails: { groupsToOverride: ['vip'] },
          },
        },
      }),
    });
    const t = await openTestCognito({ invokeTrigger: invoker.invoke });
    const { users, web } = t.ids;
    const { sub } = await t.cognito.ensureUser(users.id, { username: 'ann', password: PASSWORD, attributes: { email: 'ann@example.com' }, groups: ['admin'] });
    const out = await t.call('InitiateAuth', { ClientId: web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ann', PASSWORD } });
    const tokens = out['AuthenticationResult'] as Record<string, string>;
    const keys = createLocalJWKSet(t.cognito.jwks(users.id)!);
    const { payload: id } = await jwtVerify(tokens['IdToken']!, keys, { currentDate: t.clock.now() });
    const { payload: access } = await jwtVerify(tokens['AccessToken']!, keys, { currentDate: t.clock.now() });
    expect(id).toMatchObject({ sub, tenant: 't1', roles: ['a', 'b'], 'cognito:groups': ['vip'] });
    expect(id).not.toHaveProperty('email');
    expect(access).toMatchObject({ sub, tenant: 't1', scope: 'aws.cognito.signin.user.admin orders/read', 'cognito:groups': ['vip'] });

    const [event] = invoker.of('pre-token');
    expect(event).toEqual({
      version: '2',
      triggerSource: 'TokenGeneration_Authentication',
      region: REGION,
      userPoolId: users.id,
      userName: 'ann',
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: web.id },
      request: {
        userAttributes: { sub, email: 'ann@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' },
        groupConfiguration: { groupsToOverride: ['admin'], iamRolesToOverride: [], preferredRole: null },
        scopes: ['aws.cognito.signin.user.admin'],
      },
      response: { claimsAndScopeOverrideDetails: null },
    });

    await t.call('InitiateAuth', { ClientId: web.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens['RefreshToken']! } });
    expect(invoker.of('pre-token').map((e) => e['triggerSource'])).toEqual(['TokenGeneration_Authentication', 'TokenGeneration_RefreshTokens']);
  });

  it('V1: claimsOverrideDetails changes the ID token only; a non-string claim is refused', async () => {
    let answer: unknown = { claimsOverrideDetails: { claimsToAddOrOverride: { tier: 'gold' }, claimsToSuppress: ['email_verified'] } };
    const invoker = fakeInvoker({ 'pre-token': (event) => ({ ...event, response: answer }) });
    const t = await openTestCognito({ invokeTrigger: invoker.invoke });
    const { customers, customersClient } = t.ids;
    await t.cognito.ensureUser(customers.id, { username: 'cat@example.com', password: 'Passw0rd!' });
    const tokens = await t.cognito.issueTokens(customers.id, customersClient.id, 'cat@example.com');
    expect(claimsOf(tokens.IdToken)).toMatchObject({ tier: 'gold', email: 'cat@example.com' });
    expect(claimsOf(tokens.IdToken)).not.toHaveProperty('email_verified');
    expect(claimsOf(tokens.AccessToken)).not.toHaveProperty('tier');
    expect(invoker.of('pre-token')[0]).toMatchObject({ version: '1', response: { claimsOverrideDetails: null } });

    answer = { claimsOverrideDetails: { claimsToAddOrOverride: { count: 3 } } };
    await expect(t.cognito.issueTokens(customers.id, customersClient.id, 'cat@example.com')).rejects.toMatchObject({ type: 'InvalidLambdaResponseException' });
  });

  it('an error fails the sign-in: "PreTokenGeneration failed with error <message>."', async () => {
    const invoker = fakeInvoker({
      'pre-token': () => {
        throw new Error('no tenant');
      },
    });
    const t = await openTestCognito({ invokeTrigger: invoker.invoke });
    await t.cognito.ensureUser(t.ids.users.id, { username: 'ann', password: PASSWORD, attributes: { email: 'ann@example.com' } });
    await expect(t.refusal('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ann', PASSWORD } })).resolves.toEqual({
      type: 'UserLambdaValidationException',
      message: 'PreTokenGeneration failed with error no tenant.',
    });
  });
});
