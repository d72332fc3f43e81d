/**
 * CUSTOM_AUTH through the unmodified @aws-sdk/client-cognito-identity-provider against the local
 * Cognito over HTTP, with the pool's DefineAuthChallenge / CreateAuthChallenge /
 * VerifyAuthChallengeResponse triggers run as real local Lambda functions
 * (test/fixtures/cognito-custom-auth/triggers.mjs) from a small template: a passwordless
 * "secret code" sign-in, its refusal after three wrong answers, and a pool without the triggers;
 * then the same sign-in from an unmodified aws-amplify v6 in a child process
 * (test/fixtures/cognito/amplify-custom-auth-client.ts) with CUSTOM_WITHOUT_SRP, and with
 * CUSTOM_WITH_SRP (the password by SRP, then the code), and confirmSignIn.
 */
import path from 'node:path';
import {
  AdminInitiateAuthCommand,
  CognitoIdentityProviderServiceException,
  InitiateAuthCommand,
  InvalidParameterException,
  NotAuthorizedException,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { runAmplifyClient } from '../../helpers/amplify-client.js';
import { TemplateResolver } from '../../../src/cloud-assembly/intrinsics.js';
import type { CfnTemplate } from '../../../src/cloud-assembly/template.js';
import { readUserPools } from '../../../src/cognito/user-pool-definitions.js';
import { LocalLambda } from '../../../src/lambda/local-lambda.js';
import { fixtureEnv, PASSWORD } from '../../helpers/cognito.js';
import { useCognitoServers, type CognitoServer } from '../../helpers/cognito-harness.js';
import { rejectionOf } from '../../helpers/rejection.js';

const CODE_DIR = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'cognito-custom-auth');
const SECRET = '4242';

const fnResource = (handler: string) => ({ Type: 'AWS::Lambda::Function', Properties: { Handler: `triggers.${handler}`, Runtime: 'nodejs22.x', Code: { S3Bucket: 'b', S3Key: 'k' }, Role: 'r' } });

/** A pool with the three custom challenge triggers, and one without them. */
const TEMPLATE: CfnTemplate = {
  Resources: {
    DefineFn: fnResource('define'),
    CreateFn: fnResource('create'),
    VerifyFn: fnResource('verify'),
    Passwordless: {
      Type: 'AWS::Cognito::UserPool',
      Properties: {
        UserPoolName: 'passwordless',
        LambdaConfig: {
          DefineAuthChallenge: { 'Fn::GetAtt': ['DefineFn', 'Arn'] },
          CreateAuthChallenge: { 'Fn::GetAtt': ['CreateFn', 'Arn'] },
          VerifyAuthChallengeResponse: { 'Fn::GetAtt': ['VerifyFn', 'Arn'] },
        },
      },
    },
    // Cognito's default flows (no ExplicitAuthFlows) include ALLOW_CUSTOM_AUTH.
    PasswordlessClient: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Passwordless' } } },
    Plain: { Type: 'AWS::Cognito::UserPool', Properties: { UserPoolName: 'plain' } },
    PlainClient: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Plain' }, ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] } },
  },
} as unknown as CfnTemplate;

const pools = readUserPools(TEMPLATE, new TemplateResolver(TEMPLATE, fixtureEnv()));
const passwordless = pools.find((p) => p.logicalId === 'Passwordless')!;
const plain = pools.find((p) => p.logicalId === 'Plain')!;

/** The triggers as local Lambda functions, by the ARN the pool names them with. */
const functions = new Map<string, LocalLambda>();
for (const [arn, handler] of [
  [passwordless.triggers.defineAuthChallenge!, 'triggers.define'],
  [passwordless.triggers.createAuthChallenge!, 'triggers.create'],
  [passwordless.triggers.verifyAuthChallengeResponse!, 'triggers.verify'],
] as const) {
  functions.set(arn, new LocalLambda({ name: handler.replace('.', '-'), codeDir: CODE_DIR, handler, runtime: 'nodejs22.x', environment: {}, timeoutMs: 10_000, memoryMb: 128, log: () => {} }));
}
afterAll(async () => {
  await Promise.all([...functions.values()].map((fn) => fn.stop()));
});

const servers = useCognitoServers();
const rejection = rejectionOf(CognitoIdentityProviderServiceException);

async function start(): Promise<CognitoServer> {
  const server = await servers.start({
    pools,
    // As the server's composition does: a function error rejects with the function's message.
    invokeTrigger: async (arn, event) => {
      const invocation = await functions.get(arn)!.invoke(event);
      if (invocation.error) throw new Error(invocation.error.errorMessage);
      return invocation.result;
    },
  });
  await server.cognito.ensureUser(passwordless.id, { username: 'ann', password: PASSWORD, attributes: { email: 'ann@example.com' } });
  return server;
}

describe('CUSTOM_AUTH through the SDK with local Lambda triggers', () => {
  it('a wrong code gives a new challenge, the right code gives tokens that verify against the JWKS', async () => {
    const server = await start();
    const client = server.client();
    const ClientId = passwordless.clients[0]!.id;
    const first = await client.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'ann' }, ClientMetadata: { app: 'shop' } }));
    expect(first).toMatchObject({ ChallengeName: 'CUSTOM_CHALLENGE', Session: expect.any(String), ChallengeParameters: { hint: 'secret code', attempt: '1', app: 'shop', USERNAME: 'ann' } });
    const second = await client.send(
      new RespondToAuthChallengeCommand({ ClientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: first.Session, ChallengeResponses: { USERNAME: 'ann', ANSWER: '0000' } }),
    );
    expect(second).toMatchObject({ ChallengeName: 'CUSTOM_CHALLENGE', ChallengeParameters: { attempt: '2', USERNAME: 'ann' } });
    const done = await client.send(
      new RespondToAuthChallengeCommand({ ClientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: second.Session, ChallengeResponses: { USERNAME: 'ann', ANSWER: SECRET } }),
    );
    expect(done.ChallengeName).toBeUndefined();
    const jwks = createRemoteJWKSet(new URL(`${server.endpoint}/${passwordless.id}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(done.AuthenticationResult!.IdToken!, jwks);
    expect(payload).toMatchObject({ 'cognito:username': 'ann', email: 'ann@example.com', aud: ClientId });
    expect(done.AuthenticationResult!.RefreshToken).toEqual(expect.any(String));
  });

  it('three wrong codes: NotAuthorizedException "Incorrect username or password."; AdminInitiateAuth runs the same loop', async () => {
    const server = await start();
    const client = server.client();
    const ClientId = passwordless.clients[0]!.id;
    let step = await client.send(new AdminInitiateAuthCommand({ UserPoolId: passwordless.id, ClientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'ann' } }));
    for (const wrong of ['1', '2']) {
      step = await client.send(new RespondToAuthChallengeCommand({ ClientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: step.Session, ChallengeResponses: { USERNAME: 'ann', ANSWER: wrong } }));
      expect(step.ChallengeName).toBe('CUSTOM_CHALLENGE');
    }
    const refused = await rejection(
      client.send(new RespondToAuthChallengeCommand({ ClientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: step.Session, ChallengeResponses: { USERNAME: 'ann', ANSWER: '3' } })),
    );
    expect(refused).toBeInstanceOf(NotAuthorizedException);
    expect(refused.message).toBe('Incorrect username or password.');
  });

  it('a pool without the triggers refuses the flow', async () => {
    const server = await start();
    const refused = await rejection(server.client().send(new InitiateAuthCommand({ ClientId: plain.clients[0]!.id, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'ann' } })));
    expect(refused).toBeInstanceOf(InvalidParameterException);
    expect(refused.message).toBe('Custom auth lambda trigger is not configured for the user pool.');
  });
});

describe('CUSTOM_AUTH from aws-amplify v6', () => {
  it("signIn({ authFlowType: 'CUSTOM_WITHOUT_SRP' }) → confirmSignIn (wrong, then right) → signed in with the pool's tokens", { timeout: 120_000 }, async () => {
    const server = await start();
    const { steps, code, stderr } = await runAmplifyClient('amplify-custom-auth-client.ts', [server.endpoint, passwordless.id, passwordless.clients[0]!.id, 'ann', '0000', SECRET]);
    const failed = [...steps.values()].find((s) => s['error']);
    expect(failed, `${JSON.stringify(failed)}\n${stderr}`).toBeUndefined();
    expect(code, stderr).toBe(0);
    expect(steps.get('signIn')).toMatchObject({ isSignedIn: false, nextStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', additionalInfo: { hint: 'secret code', attempt: '1' } });
    expect(steps.get('wrongAnswer')).toMatchObject({ isSignedIn: false, nextStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', additionalInfo: { attempt: '2' } });
    expect(steps.get('rightAnswer')).toMatchObject({ isSignedIn: true, nextStep: 'DONE' });
    const jwks = createRemoteJWKSet(new URL(`${server.endpoint}/${passwordless.id}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(steps.get('session')!['idToken'] as string, jwks);
    expect(payload).toMatchObject({ 'cognito:username': 'ann' });
  });

  it("signIn({ password, authFlowType: 'CUSTOM_WITH_SRP' }): the password by SRP, then the code challenge", { timeout: 120_000 }, async () => {
    const server = await start();
    const { steps, code, stderr } = await runAmplifyClient('amplify-custom-auth-client.ts', [server.endpoint, passwordless.id, passwordless.clients[0]!.id, 'ann', '0000', SECRET, PASSWORD]);
    const failed = [...steps.values()].find((s) => s['error']);
    expect(failed, `${JSON.stringify(failed)}\n${stderr}`).toBeUndefined();
    expect(code, stderr).toBe(0);
    expect(steps.get('signIn')).toMatchObject({ isSignedIn: false, nextStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', additionalInfo: { attempt: '1' } });
    expect(steps.get('rightAnswer')).toMatchObject({ isSignedIn: true, nextStep: 'DONE' });
  });

  it('CUSTOM_WITH_SRP with a wrong password: NotAuthorizedException before any challenge', { timeout: 120_000 }, async () => {
    const server = await start();
    const { steps, code } = await runAmplifyClient('amplify-custom-auth-client.ts', [server.endpoint, passwordless.id, passwordless.clients[0]!.id, 'ann', '0000', SECRET, 'Wrong-Horse1']);
    expect(code).toBe(1);
    expect(steps.get('signIn')).toMatchObject({ error: { name: 'NotAuthorizedException', message: 'Incorrect username or password.' } });
  });
});
