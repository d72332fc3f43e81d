/**
 * CUSTOM_AUTH through the whole local stack: the harness serves a throwaway template
 * (test/fixtures/apps/custom-auth.yaml) whose user pool names three inline (ZipFile) functions as
 * its custom challenge triggers; the server's composition runs them as local Lambda functions.
 * The unmodified SDK signs in with a wrong then the right code, and the API accepts the tokens.
 */
import path from 'node:path';
import { CognitoIdentityProviderClient, InitiateAuthCommand, NotAuthorizedException, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAppSync, type LocalAppSyncHarness } from '../../../src/testing/index.js';

const TEMPLATE = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'apps', 'custom-auth.yaml');

let api: LocalAppSyncHarness;
let cognito: CognitoIdentityProviderClient;

beforeAll(async () => {
  api = await startLocalAppSync({ template: TEMPLATE, pipes: false });
  cognito = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: api.cognitoEndpoint, credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' }, maxAttempts: 1 });
}, 120_000);

afterAll(async () => {
  cognito?.destroy();
  await api?.stop();
});

describe('CUSTOM_AUTH with the template’s inline trigger functions', () => {
  it('a wrong code, then the right one: tokens the API accepts', async () => {
    // The harness creates the user (confirmed) and says which pool and client the API accepts.
    const { poolId, clientId } = await api.signIn({ username: 'ann' });
    expect(poolId).toMatch(/^us-east-1_/);
    const first = await cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'ann' } }));
    expect(first).toMatchObject({ ChallengeName: 'CUSTOM_CHALLENGE', ChallengeParameters: { hint: 'secret code', USERNAME: 'ann' } });
    const second = await cognito.send(
      new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: first.Session, ChallengeResponses: { USERNAME: 'ann', ANSWER: '1111' } }),
    );
    expect(second.ChallengeName).toBe('CUSTOM_CHALLENGE');
    const done = await cognito.send(
      new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: second.Session, ChallengeResponses: { USERNAME: 'ann', ANSWER: '4242' } }),
    );
    const answer = await api.graphql<{ whoami: { username: string } }>('{ whoami { username } }', {}, { headers: { authorization: done.AuthenticationResult!.AccessToken! } });
    expect(answer).toMatchObject({ status: 200, data: { whoami: { username: 'ann' } } });
  });

  it('three wrong codes: NotAuthorizedException', async () => {
    const { clientId } = await api.signIn({ username: 'bob' });
    let step = await cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'bob' } }));
    step = await cognito.send(
      new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: step.Session, ChallengeResponses: { USERNAME: 'bob', ANSWER: '1' } }),
    );
    step = await cognito.send(
      new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: step.Session, ChallengeResponses: { USERNAME: 'bob', ANSWER: '2' } }),
    );
    await expect(
      cognito.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: step.Session, ChallengeResponses: { USERNAME: 'bob', ANSWER: '3' } })),
    ).rejects.toBeInstanceOf(NotAuthorizedException);
  });
});
