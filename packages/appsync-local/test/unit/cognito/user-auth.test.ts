/**
 * USER_AUTH (choice-based sign-in) in process: the first factors a pool's SignInPolicy allows and a
 * user can use (PASSWORD as PASSWORD or PASSWORD_SRP, EMAIL_OTP to a verified email),
 * PREFERRED_CHALLENGE, SELECT_CHALLENGE with AvailableChallenges, the EMAIL_OTP code (logged and
 * listed), wrong codes and passwords, the client's ALLOW_USER_AUTH, and the Session's expiry with
 * the injected clock.
 */
import { describe, expect, it } from 'vitest';
import { formatSrpTimestamp } from '../../../src/cognito/srp.js';
import { claimsOf, fixturePools, openTestCognito, PASSWORD, srpClient, type TestCognito } from '../../helpers/cognito.js';

/** The fixture's Users pool with the given first factors, its web client allowing USER_AUTH unless told. */
async function open(options: { factors?: string[]; allowUserAuth?: boolean } = {}) {
  const pools = fixturePools();
  const users = pools.find((p) => p.logicalId === 'Users')!;
  if (options.factors) users.firstAuthFactors = options.factors;
  const web = users.clients.find((c) => c.logicalId === 'WebClient')!;
  if (options.allowUserAuth !== false) web.explicitAuthFlows = [...web.explicitAuthFlows, 'ALLOW_USER_AUTH'];
  const t = await openTestCognito({ pools });
  await t.cognito.ensureUser(t.ids.users.id, { username: 'ann', password: PASSWORD, attributes: { email: 'ann@example.com' } });
  return t;
}

const start = (t: TestCognito, parameters: Record<string, string>) => t.call('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'ann', ...parameters } });
const respond = (t: TestCognito, name: string, session: unknown, responses: Record<string, string>) =>
  t.call('RespondToAuthChallenge', { ClientId: t.ids.web.id, ChallengeName: name, Session: session, ChallengeResponses: { USERNAME: 'ann', ...responses } });

const BOTH = ['PASSWORD', 'EMAIL_OTP'];

describe('USER_AUTH: choosing the first factor', () => {
  it('no preference: SELECT_CHALLENGE with what the pool and user allow; EMAIL_OTP sends a listed code; a wrong code, then the right one, gives tokens', async () => {
    const t = await open({ factors: BOTH });
    const select = await start(t, {});
    expect(select).toEqual({ ChallengeName: 'SELECT_CHALLENGE', Session: expect.any(String), ChallengeParameters: {}, AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'] });
    const otp = await respond(t, 'SELECT_CHALLENGE', select['Session'], { ANSWER: 'EMAIL_OTP' });
    expect(otp).toEqual({ ChallengeName: 'EMAIL_OTP', Session: expect.any(String), ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***' } });
    const [issued] = t.cognito.codes({ username: 'ann' });
    expect(issued).toMatchObject({ purpose: 'SIGN_IN', deliveryMedium: 'EMAIL', destination: 'ann@example.com' });
    expect(t.lines).toContain(`cognito: sign-in code (EMAIL_OTP) for ann in ${t.ids.users.id}: ${issued!.code}`);
    await expect(
      t.refusal('RespondToAuthChallenge', {
        ClientId: t.ids.web.id,
        ChallengeName: 'EMAIL_OTP',
        Session: otp['Session'],
        ChallengeResponses: { USERNAME: 'ann', EMAIL_OTP_CODE: issued!.code === '000000' ? '111111' : '000000' },
      }),
    ).resolves.toEqual({ type: 'CodeMismatchException', message: 'Invalid code or auth state for the user.' });
    const done = await respond(t, 'EMAIL_OTP', otp['Session'], { EMAIL_OTP_CODE: issued!.code });
    expect(claimsOf((done['AuthenticationResult'] as Record<string, unknown>)['IdToken'])).toMatchObject({ 'cognito:username': 'ann' });
    // The code and the Session are spent.
    await expect(
      t.refusal('RespondToAuthChallenge', { ClientId: t.ids.web.id, ChallengeName: 'EMAIL_OTP', Session: otp['Session'], ChallengeResponses: { USERNAME: 'ann', EMAIL_OTP_CODE: issued!.code } }),
    ).resolves.toEqual({
      type: 'NotAuthorizedException',
      message: 'Invalid session for the user.',
    });
  });

  it('PREFERRED_CHALLENGE PASSWORD with PASSWORD: tokens at once; a wrong password is "Incorrect username or password."', async () => {
    const t = await open({ factors: BOTH });
    await expect(start(t, { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD })).resolves.toHaveProperty('AuthenticationResult.IdToken');
    await expect(
      t.refusal('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'ann', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'Wrong-Horse1' } }),
    ).resolves.toEqual({
      type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('PREFERRED_CHALLENGE PASSWORD_SRP with SRP_A: PASSWORD_VERIFIER (with a Session), answered as in USER_SRP_AUTH', async () => {
    const t = await open();
    const srp = srpClient(t.ids.users.id, 'c3'.repeat(64));
    const verifier = await start(t, { PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: srp.srpA });
    expect(verifier).toMatchObject({ ChallengeName: 'PASSWORD_VERIFIER', Session: expect.any(String), ChallengeParameters: { USER_ID_FOR_SRP: 'ann' } });
    const done = await respond(t, 'PASSWORD_VERIFIER', verifier['Session'], srp.answer(verifier['ChallengeParameters'] as Record<string, string>, PASSWORD, formatSrpTimestamp(t.clock.now())));
    expect(done).toHaveProperty('AuthenticationResult.AccessToken');
  });

  it('SELECT_CHALLENGE answered PASSWORD (with PASSWORD) or PASSWORD_SRP (with SRP_A); an answer not offered is refused', async () => {
    const t = await open({ factors: BOTH });
    const first = await start(t, {});
    await expect(respond(t, 'SELECT_CHALLENGE', first['Session'], { ANSWER: 'PASSWORD', PASSWORD })).resolves.toHaveProperty('AuthenticationResult.IdToken');
    const srp = srpClient(t.ids.users.id, 'd4'.repeat(64));
    const second = await start(t, {});
    await expect(respond(t, 'SELECT_CHALLENGE', second['Session'], { ANSWER: 'PASSWORD_SRP', SRP_A: srp.srpA })).resolves.toMatchObject({ ChallengeName: 'PASSWORD_VERIFIER' });
    const third = await start(t, {});
    await expect(respond(t, 'SELECT_CHALLENGE', third['Session'], { ANSWER: 'SMS_OTP' }).catch((e: Error) => e.name)).resolves.toBe('InvalidParameterException');
  });

  it("the pool's default (PASSWORD only) and a user without a verified email: EMAIL_OTP is neither offered nor started when preferred", async () => {
    const t = await open();
    await expect(start(t, { PREFERRED_CHALLENGE: 'EMAIL_OTP' })).resolves.toMatchObject({ ChallengeName: 'SELECT_CHALLENGE', AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP'] });
    const both = await open({ factors: BOTH });
    await both.cognito.ensureUser(both.ids.users.id, { username: 'bob', password: PASSWORD, attributes: { email: 'bob@example.com', email_verified: 'false' } });
    await expect(both.call('InitiateAuth', { ClientId: both.ids.web.id, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'bob', PREFERRED_CHALLENGE: 'EMAIL_OTP' } })).resolves.toMatchObject({
      ChallengeName: 'SELECT_CHALLENGE',
      AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP'],
    });
    expect(both.cognito.codes({ username: 'bob' })).toEqual([]);
  });
});

describe('USER_AUTH checks', () => {
  it('the client must allow ALLOW_USER_AUTH', async () => {
    const t = await open({ allowUserAuth: false });
    await expect(t.refusal('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'ann' } })).resolves.toMatchObject({ type: 'InvalidParameterException' });
  });

  it('the Session expires with AuthSessionValidity (3 minutes)', async () => {
    const t = await open({ factors: BOTH });
    const select = await start(t, {});
    t.clock.advance(3 * 60_000 + 1);
    await expect(
      t.refusal('RespondToAuthChallenge', {
        ClientId: t.ids.web.id,
        ChallengeName: 'SELECT_CHALLENGE',
        Session: select['Session'],
        ChallengeResponses: { USERNAME: 'ann', ANSWER: 'PASSWORD', PASSWORD },
      }),
    ).resolves.toEqual({
      type: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });
  });

  it('an unknown user with existence hidden gets the same choice, and an EMAIL_OTP challenge no code answers', async () => {
    const t = await open({ factors: BOTH });
    const select = await t.call('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'nobody@example.com' } });
    expect(select).toMatchObject({ ChallengeName: 'SELECT_CHALLENGE', AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'] });
    const otp = await t.call('RespondToAuthChallenge', {
      ClientId: t.ids.web.id,
      ChallengeName: 'SELECT_CHALLENGE',
      Session: select['Session'],
      ChallengeResponses: { USERNAME: 'nobody@example.com', ANSWER: 'EMAIL_OTP' },
    });
    expect(otp).toMatchObject({ ChallengeName: 'EMAIL_OTP', ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL' } });
    await expect(
      t.refusal('RespondToAuthChallenge', {
        ClientId: t.ids.web.id,
        ChallengeName: 'EMAIL_OTP',
        Session: otp['Session'],
        ChallengeResponses: { USERNAME: 'nobody@example.com', EMAIL_OTP_CODE: '123456' },
      }),
    ).resolves.toEqual({ type: 'CodeMismatchException', message: 'Invalid code or auth state for the user.' });
  });
});
