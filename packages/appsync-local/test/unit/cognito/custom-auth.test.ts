/**
 * CUSTOM_AUTH in process, with fake custom challenge triggers that record their events: the
 * DefineAuthChallenge / CreateAuthChallenge / VerifyAuthChallengeResponse loop, its events'
 * shapes, tokens after a right answer, the refusal after failAuthentication, the checks before
 * the loop (client flow, missing triggers, unknown users with and without hidden existence), the
 * Session's single use and expiry (the injected clock), trigger failures, and the start with SRP
 * (CUSTOM_WITH_SRP: SRP_A, then PASSWORD_VERIFIER, then the custom challenge).
 */
import { describe, expect, it } from 'vitest';
import type { InvokeTrigger } from '../../../src/cognito/local-cognito.js';
import { formatSrpTimestamp } from '../../../src/cognito/srp.js';
import { claimsOf, fixturePools, openTestCognito, PASSWORD, REGION, srpClient, type TestCognito } from '../../helpers/cognito.js';

const fn = (name: string) => `arn:aws:lambda:${REGION}:000000000000:function:${name}`;
const SECRET = '4242';

type Answer = (event: Record<string, unknown>) => unknown;

/** The "secret code" triggers; `overrides` replaces one of them. */
function secretCodeTriggers(overrides: Record<string, Answer> = {}) {
  const events: { name: string; event: Record<string, unknown> }[] = [];
  const answers: Record<string, Answer> = {
    define: (event) => {
      const session = (event['request'] as { session: { challengeName: string; challengeResult: boolean }[] }).session;
      const last = session.at(-1);
      const ask = (challengeName: string) => ({ ...event, response: { challengeName, issueTokens: false, failAuthentication: false } });
      if (last?.challengeName === 'SRP_A') return ask('PASSWORD_VERIFIER');
      if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) return { ...event, response: { issueTokens: true, failAuthentication: false } };
      if (session.filter((c) => c.challengeName === 'CUSTOM_CHALLENGE').length >= 3) return { ...event, response: { issueTokens: false, failAuthentication: true } };
      return ask('CUSTOM_CHALLENGE');
    },
    create: (event) => {
      const round = (event['request'] as { session: { challengeName: string }[] }).session.filter((c) => c.challengeName === 'CUSTOM_CHALLENGE').length + 1;
      return { ...event, response: { publicChallengeParameters: { hint: 'code', round: String(round) }, privateChallengeParameters: { code: SECRET }, challengeMetadata: `CODE-${round}` } };
    },
    verify: (event) => {
      const request = event['request'] as { challengeAnswer: string; privateChallengeParameters: { code: string } };
      return { ...event, response: { answerCorrect: request.challengeAnswer === request.privateChallengeParameters.code } };
    },
    ...overrides,
  };
  const invoke: InvokeTrigger = async (functionArn, event) => {
    const name = functionArn.slice(functionArn.lastIndexOf(':') + 1);
    events.push({ name, event: structuredClone(event) });
    const answer = answers[name];
    return answer ? answer(event) : event;
  };
  return { invoke, of: (name: string) => events.filter((e) => e.name === name).map((e) => e.event) };
}

/** The fixture's pools, the Users pool given the three triggers and its web client ALLOW_CUSTOM_AUTH. */
async function open(options: { triggers?: boolean; allowCustom?: boolean; hideUsers?: boolean; overrides?: Record<string, Answer> } = {}) {
  const pools = fixturePools();
  const users = pools.find((p) => p.logicalId === 'Users')!;
  if (options.triggers !== false) Object.assign(users.triggers, { defineAuthChallenge: fn('define'), createAuthChallenge: fn('create'), verifyAuthChallengeResponse: fn('verify') });
  const web = users.clients.find((c) => c.logicalId === 'WebClient')!;
  if (options.allowCustom !== false) web.explicitAuthFlows = [...web.explicitAuthFlows, 'ALLOW_CUSTOM_AUTH'];
  if (options.hideUsers === false) web.preventUserExistenceErrors = 'LEGACY';
  const triggers = secretCodeTriggers(options.overrides);
  const t = await openTestCognito({ pools, invokeTrigger: triggers.invoke });
  await t.cognito.ensureUser(t.ids.users.id, { username: 'ann', password: PASSWORD, attributes: { email: 'ann@example.com' } });
  return { t, triggers };
}

const start = (t: TestCognito, username = 'ann', extra: Record<string, unknown> = {}) =>
  t.call('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: username }, ...extra });

const answer = (t: TestCognito, session: unknown, value: string, username = 'ann') =>
  t.call('RespondToAuthChallenge', { ClientId: t.ids.web.id, ChallengeName: 'CUSTOM_CHALLENGE', Session: session, ChallengeResponses: { USERNAME: username, ANSWER: value } });

describe('CUSTOM_AUTH loop', () => {
  it('a wrong answer gives a new challenge, the right one gives tokens; each trigger gets Cognito’s event with the grown session', async () => {
    const { t, triggers } = await open();
    const first = await start(t, 'ann@example.com', { ClientMetadata: { app: 'shop' } });
    expect(first).toEqual({ ChallengeName: 'CUSTOM_CHALLENGE', Session: expect.any(String), ChallengeParameters: { hint: 'code', round: '1', USERNAME: 'ann' } });
    const second = await answer(t, first['Session'], '0000');
    expect(second).toMatchObject({ ChallengeName: 'CUSTOM_CHALLENGE', ChallengeParameters: { round: '2', USERNAME: 'ann' } });
    expect(second['Session']).not.toBe(first['Session']);
    const done = await answer(t, second['Session'], SECRET);
    expect(done).toEqual({ ChallengeParameters: {}, AuthenticationResult: expect.objectContaining({ IdToken: expect.any(String), RefreshToken: expect.any(String) }) });
    expect(claimsOf((done['AuthenticationResult'] as Record<string, unknown>)['IdToken'])).toMatchObject({ 'cognito:username': 'ann', email: 'ann@example.com' });

    const defines = triggers.of('define');
    expect(defines.map((e) => (e['request'] as Record<string, unknown>)['session'])).toEqual([
      [],
      [{ challengeName: 'CUSTOM_CHALLENGE', challengeResult: false, challengeMetadata: 'CODE-1' }],
      [
        { challengeName: 'CUSTOM_CHALLENGE', challengeResult: false, challengeMetadata: 'CODE-1' },
        { challengeName: 'CUSTOM_CHALLENGE', challengeResult: true, challengeMetadata: 'CODE-2' },
      ],
    ]);
    expect(defines[0]).toEqual({
      version: '1',
      triggerSource: 'DefineAuthChallenge_Authentication',
      region: REGION,
      userPoolId: t.ids.users.id,
      userName: 'ann',
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: t.ids.web.id },
      request: {
        userAttributes: { sub: expect.any(String), email: 'ann@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' },
        session: [],
        clientMetadata: { app: 'shop' },
        userNotFound: false,
      },
      response: { challengeName: null, issueTokens: null, failAuthentication: null },
    });
    expect(triggers.of('create')[0]).toMatchObject({ triggerSource: 'CreateAuthChallenge_Authentication', request: { challengeName: 'CUSTOM_CHALLENGE', session: [], userNotFound: false } });
    expect(triggers.of('verify')).toEqual([
      expect.objectContaining({
        triggerSource: 'VerifyAuthChallengeResponse_Authentication',
        request: expect.objectContaining({ privateChallengeParameters: { code: SECRET }, challengeAnswer: '0000', userNotFound: false }),
        response: { answerCorrect: null },
      }),
      expect.objectContaining({ request: expect.objectContaining({ challengeAnswer: SECRET }) }),
    ]);
    // ClientMetadata of InitiateAuth goes to the first step only; RespondToAuthChallenge sent none.
    expect((triggers.of('verify')[0]!['request'] as Record<string, unknown>)['clientMetadata']).toBeUndefined();
  });

  it('failAuthentication (after three wrong answers) is NotAuthorizedException "Incorrect username or password."', async () => {
    const { t } = await open();
    let step = await start(t);
    step = await answer(t, step['Session'], '1');
    step = await answer(t, step['Session'], '2');
    await expect(
      t.refusal('RespondToAuthChallenge', { ClientId: t.ids.web.id, ChallengeName: 'CUSTOM_CHALLENGE', Session: step['Session'], ChallengeResponses: { USERNAME: 'ann', ANSWER: '3' } }),
    ).resolves.toEqual({
      type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('a Session answers once, must be of this client and expires with AuthSessionValidity (3 minutes)', async () => {
    const { t } = await open();
    const first = await start(t);
    await answer(t, first['Session'], '0000');
    const reuse = { ClientId: t.ids.web.id, ChallengeName: 'CUSTOM_CHALLENGE', Session: first['Session'], ChallengeResponses: { USERNAME: 'ann', ANSWER: SECRET } };
    await expect(t.refusal('RespondToAuthChallenge', reuse)).resolves.toEqual({ type: 'NotAuthorizedException', message: 'Invalid session for the user.' });
    const late = await start(t);
    t.clock.advance(3 * 60_000 + 1);
    await expect(t.refusal('RespondToAuthChallenge', { ...reuse, Session: late['Session'] })).resolves.toEqual({
      type: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });
    const other = await start(t);
    await expect(t.refusal('RespondToAuthChallenge', { ...reuse, Session: other['Session'], ChallengeResponses: { USERNAME: 'bob', ANSWER: SECRET } })).resolves.toMatchObject({
      type: 'NotAuthorizedException',
    });
    await expect(t.refusal('RespondToAuthChallenge', { ...reuse, Session: other['Session'], ChallengeResponses: { USERNAME: 'ann' } })).resolves.toEqual({
      type: 'InvalidParameterException',
      message: 'Missing required parameter ANSWER',
    });
  });
});

describe('CUSTOM_AUTH checks before the loop', () => {
  it('the client must allow ALLOW_CUSTOM_AUTH', async () => {
    const { t } = await open({ allowCustom: false });
    await expect(t.refusal('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'ann' } })).resolves.toMatchObject({ type: 'InvalidParameterException' });
  });

  it('a pool without the triggers: "Custom auth lambda trigger is not configured for the user pool."', async () => {
    const { t, triggers } = await open({ triggers: false });
    await expect(t.refusal('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'ann' } })).resolves.toEqual({
      type: 'InvalidParameterException',
      message: 'Custom auth lambda trigger is not configured for the user pool.',
    });
    expect(triggers.of('define')).toEqual([]);
  });

  it('an unknown user: UserNotFoundException, or (existence hidden) challenges with userNotFound: true that never give tokens', async () => {
    const legacy = await open({ hideUsers: false });
    await expect(legacy.t.refusal('InitiateAuth', { ClientId: legacy.t.ids.web.id, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'nobody' } })).resolves.toEqual({
      type: 'UserNotFoundException',
      message: 'User does not exist.',
    });
    expect(legacy.triggers.of('define')).toEqual([]);

    const { t, triggers } = await open();
    const first = await start(t, 'nobody');
    expect(first).toMatchObject({ ChallengeName: 'CUSTOM_CHALLENGE', ChallengeParameters: { USERNAME: 'nobody' } });
    expect(triggers.of('define')[0]).toMatchObject({ userName: 'nobody', request: { userAttributes: {}, userNotFound: true } });
    // Even an answer the trigger accepts gives no tokens for a user that does not exist.
    await expect(
      t.refusal('RespondToAuthChallenge', { ClientId: t.ids.web.id, ChallengeName: 'CUSTOM_CHALLENGE', Session: first['Session'], ChallengeResponses: { USERNAME: 'nobody', ANSWER: SECRET } }),
    ).resolves.toEqual({
      type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('without hidden existence, userNotFound is left out of the events', async () => {
    const { t, triggers } = await open({ hideUsers: false });
    await start(t);
    expect(triggers.of('define')[0]!['request']).not.toHaveProperty('userNotFound');
  });
});

describe('CUSTOM_AUTH trigger failures', () => {
  it('a trigger that throws: UserLambdaValidationException "<Trigger> failed with error <message>."', async () => {
    const { t } = await open({
      overrides: {
        create: () => {
          throw new Error('code service down');
        },
      },
    });
    await expect(t.refusal('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'ann' } })).resolves.toEqual({
      type: 'UserLambdaValidationException',
      message: 'CreateAuthChallenge failed with error code service down.',
    });
  });

  it('DefineAuthChallenge answering neither tokens, failure nor a challenge: InvalidLambdaResponseException', async () => {
    const { t } = await open({ overrides: { define: (event) => ({ ...event, response: { issueTokens: false, failAuthentication: false } }) } });
    await expect(t.refusal('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'ann' } })).resolves.toEqual({
      type: 'InvalidLambdaResponseException',
      message: 'Unrecognizable lambda output',
    });
  });
});

describe('CUSTOM_AUTH started with SRP (CUSTOM_WITH_SRP)', () => {
  const startSrp = (t: TestCognito, srpA: string, username = 'ann') =>
    t.call('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: username, SRP_A: srpA, CHALLENGE_NAME: 'SRP_A' } });

  it('SRP_A → PASSWORD_VERIFIER (the SRP exchange) → CUSTOM_CHALLENGE → tokens; DefineAuthChallenge sees each passed step', async () => {
    const { t, triggers } = await open();
    const srp = srpClient(t.ids.users.id, 'a1'.repeat(64));
    const verifier = await startSrp(t, srp.srpA);
    expect(verifier).toMatchObject({ ChallengeName: 'PASSWORD_VERIFIER', Session: expect.any(String), ChallengeParameters: { USERNAME: 'ann', USER_ID_FOR_SRP: 'ann', SALT: expect.any(String) } });
    const parameters = verifier['ChallengeParameters'] as Record<string, string>;
    const custom = await t.call('RespondToAuthChallenge', {
      ClientId: t.ids.web.id,
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: verifier['Session'],
      ChallengeResponses: srp.answer(parameters, PASSWORD, formatSrpTimestamp(t.clock.now())),
    });
    expect(custom).toMatchObject({ ChallengeName: 'CUSTOM_CHALLENGE', ChallengeParameters: { round: '1', USERNAME: 'ann' } });
    const done = await answer(t, custom['Session'], SECRET);
    expect(done).toHaveProperty('AuthenticationResult.AccessToken');
    expect(
      triggers.of('define').map((e) => (e['request'] as { session: { challengeName: string; challengeResult: boolean }[] }).session.map((c) => `${c.challengeName}:${c.challengeResult}`)),
    ).toEqual([['SRP_A:true'], ['SRP_A:true', 'PASSWORD_VERIFIER:true'], ['SRP_A:true', 'PASSWORD_VERIFIER:true', 'CUSTOM_CHALLENGE:true']]);
  });

  it('a wrong password ends the sign-in: "Incorrect username or password."; no custom challenge is made', async () => {
    const { t, triggers } = await open();
    const srp = srpClient(t.ids.users.id, 'b2'.repeat(64));
    const verifier = await startSrp(t, srp.srpA);
    const parameters = verifier['ChallengeParameters'] as Record<string, string>;
    await expect(
      t.refusal('RespondToAuthChallenge', {
        ClientId: t.ids.web.id,
        ChallengeName: 'PASSWORD_VERIFIER',
        Session: verifier['Session'],
        ChallengeResponses: srp.answer(parameters, 'Wrong-Horse1', formatSrpTimestamp(t.clock.now())),
      }),
    ).resolves.toEqual({ type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(triggers.of('create')).toEqual([]);
  });

  it('CHALLENGE_NAME SRP_A without SRP_A is a missing parameter; PASSWORD_VERIFIER asked for without SRP_A is refused', async () => {
    const { t } = await open();
    await expect(t.refusal('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'ann', CHALLENGE_NAME: 'SRP_A' } })).resolves.toEqual({
      type: 'InvalidParameterException',
      message: 'Missing required parameter SRP_A',
    });
    const asksPassword = await open({ overrides: { define: (event) => ({ ...event, response: { challengeName: 'PASSWORD_VERIFIER', issueTokens: false, failAuthentication: false } }) } });
    await expect(asksPassword.t.refusal('InitiateAuth', { ClientId: asksPassword.t.ids.web.id, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'ann' } })).resolves.toMatchObject({
      type: 'InvalidParameterException',
    });
  });
});
