/**
 * USER_AUTH (choice-based sign-in) through the unmodified @aws-sdk/client-cognito-identity-provider
 * against the local Cognito over HTTP: SELECT_CHALLENGE with AvailableChallenges, EMAIL_OTP with the
 * code read from GET /_local/cognito/codes as a developer would, PREFERRED_CHALLENGE PASSWORD, and
 * the SDK's typed CodeMismatchException; then an unmodified aws-amplify v6 in a child process
 * (test/fixtures/cognito/amplify-user-auth-client.ts) choosing EMAIL_OTP and confirming the code.
 */
import {
  AdminInitiateAuthCommand,
  CodeMismatchException,
  CognitoIdentityProviderServiceException,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { runAmplifyClient } from '../../helpers/amplify-client.js';
import { fixturePools, PASSWORD } from '../../helpers/cognito.js';
import { useCognitoServers, type CognitoServer } from '../../helpers/cognito-harness.js';
import { rejectionOf } from '../../helpers/rejection.js';

const servers = useCognitoServers();
const rejection = rejectionOf(CognitoIdentityProviderServiceException);

/** The fixture's pools; the Users pool offers PASSWORD and EMAIL_OTP, its web client allows USER_AUTH. */
async function start(): Promise<CognitoServer> {
  const pools = fixturePools();
  const users = pools.find((p) => p.logicalId === 'Users')!;
  users.firstAuthFactors = ['PASSWORD', 'EMAIL_OTP'];
  const web = users.clients.find((c) => c.logicalId === 'WebClient')!;
  web.explicitAuthFlows = [...web.explicitAuthFlows, 'ALLOW_USER_AUTH'];
  const server = await servers.start({ pools });
  await server.cognito.ensureUser(users.id, { username: 'ann', password: PASSWORD, attributes: { email: 'ann@example.com' } });
  return server;
}

async function codeFor(server: CognitoServer, username: string): Promise<string> {
  const response = await fetch(`${server.endpoint}/codes?username=${encodeURIComponent(username)}`);
  const { codes } = (await response.json()) as { codes: { code: string; purpose: string }[] };
  expect(codes.at(-1)!.purpose).toBe('SIGN_IN');
  return codes.at(-1)!.code;
}

describe('USER_AUTH through the SDK', () => {
  it('SELECT_CHALLENGE → EMAIL_OTP → a wrong code (CodeMismatchException) → the listed code → tokens that verify', async () => {
    const server = await start();
    const client = server.client();
    const { web, users } = server.ids;
    const select = await client.send(new InitiateAuthCommand({ ClientId: web.id, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'ann@example.com' } }));
    expect(select).toMatchObject({ ChallengeName: 'SELECT_CHALLENGE', AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'], Session: expect.any(String) });
    const otp = await client.send(
      new RespondToAuthChallengeCommand({ ClientId: web.id, ChallengeName: 'SELECT_CHALLENGE', Session: select.Session, ChallengeResponses: { USERNAME: 'ann@example.com', ANSWER: 'EMAIL_OTP' } }),
    );
    expect(otp).toMatchObject({ ChallengeName: 'EMAIL_OTP', ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***' } });
    const code = await codeFor(server, 'ann');
    const wrong = await rejection(
      client.send(
        new RespondToAuthChallengeCommand({
          ClientId: web.id,
          ChallengeName: 'EMAIL_OTP',
          Session: otp.Session,
          ChallengeResponses: { USERNAME: 'ann', EMAIL_OTP_CODE: code === '000000' ? '111111' : '000000' },
        }),
      ),
    );
    expect(wrong).toBeInstanceOf(CodeMismatchException);
    const done = await client.send(
      new RespondToAuthChallengeCommand({ ClientId: web.id, ChallengeName: 'EMAIL_OTP', Session: otp.Session, ChallengeResponses: { USERNAME: 'ann', EMAIL_OTP_CODE: code } }),
    );
    const jwks = createRemoteJWKSet(new URL(`${server.endpoint}/${users.id}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(done.AuthenticationResult!.AccessToken!, jwks);
    expect(payload).toMatchObject({ username: 'ann', token_use: 'access', client_id: web.id });
  });

  it('PREFERRED_CHALLENGE PASSWORD signs in at once; AdminInitiateAuth offers the same choice', async () => {
    const server = await start();
    const client = server.client();
    const { web, users } = server.ids;
    const out = await client.send(new InitiateAuthCommand({ ClientId: web.id, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'ann', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD } }));
    expect(out.AuthenticationResult?.IdToken).toEqual(expect.any(String));
    const admin = await client.send(new AdminInitiateAuthCommand({ UserPoolId: users.id, ClientId: web.id, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'ann' } }));
    expect(admin).toMatchObject({ ChallengeName: 'SELECT_CHALLENGE', AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'] });
  });
});

describe('USER_AUTH from aws-amplify v6', () => {
  it("signIn({ authFlowType: 'USER_AUTH' }) → first factor selection → EMAIL_OTP → the listed code → signed in", { timeout: 120_000 }, async () => {
    const server = await start();
    const { users, web } = server.ids;
    const { steps, code, stderr } = await runAmplifyClient('amplify-user-auth-client.ts', [server.endpoint, users.id, web.id, 'ann']);
    const failed = [...steps.values()].find((s) => s['error']);
    expect(failed, `${JSON.stringify(failed)}\n${stderr}`).toBeUndefined();
    expect(code, stderr).toBe(0);
    expect(steps.get('signIn')).toMatchObject({ isSignedIn: false, nextStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'] });
    expect(steps.get('selectEmailOtp')).toMatchObject({ isSignedIn: false, nextStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: 'a***@e***' } });
    expect(steps.get('code')!['code']).toBe(server.cognito.codes({ username: 'ann' }).at(-1)!.code);
    expect(steps.get('confirmCode')).toMatchObject({ isSignedIn: true, nextStep: 'DONE' });
    const jwks = createRemoteJWKSet(new URL(`${server.endpoint}/${users.id}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(steps.get('session')!['idToken'] as string, jwks);
    expect(payload).toMatchObject({ 'cognito:username': 'ann' });
  });
});
