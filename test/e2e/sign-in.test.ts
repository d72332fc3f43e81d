/**
 * Sign-in as the template declares it, against the local Cognito of the served app, with the
 * unmodified AWS SDK (what Amplify calls underneath): self sign-up and its PreSignUp trigger (run
 * locally), case-insensitive usernames, and what deleting a profile leaves of the account.
 */
import { AdminGetUserCommand, CognitoIdentityProviderClient, SignUpCommand, UserLambdaValidationException } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAppSync, type LocalAppSyncHarness } from 'appsync-local/testing';
import { JOHN_PROFILE } from '../helpers/original-items.js';
import { signedIn } from '../helpers/callers.js';
import { dataTable, testAssemblyDir } from '../helpers/test-assembly.js';

let api: LocalAppSyncHarness;
let cognito: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;

beforeAll(async () => {
  api = await startLocalAppSync({ assembly: testAssemblyDir() });
  // An original services' user: a profile, no account yet.
  await api.seed({ [dataTable(api)]: [JOHN_PROFILE] });
  cognito = new CognitoIdentityProviderClient({ endpoint: api.cognitoEndpoint, region: api.region, credentials: api.credentials });
  ({ poolId, clientId } = await api.signIn({ username: 'probe' }));
}, 120_000);

afterAll(async () => {
  cognito?.destroy();
  await api?.stop();
});

const signUp = (username: string) =>
  cognito.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: 'Correct-Horse-Battery-9', UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }));

describe('self sign-up', () => {
  it('makes an unconfirmed account and sends a code to the email', async () => {
    const answer = await signUp('newbie');
    expect(answer).toMatchObject({ UserConfirmed: false, CodeDeliveryDetails: { DeliveryMedium: 'EMAIL', AttributeName: 'email' } });
  });

  it('is refused for a username whose profile exists (an original services’ user, before the migration gives them an account)', async () => {
    const refused = await signUp('john').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(UserLambdaValidationException);
    expect((refused as Error).message).toBe('PreSignUp failed with error That username is taken.');
    await expect(cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'john' }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });

  it('is refused for a username the API could never give a profile', async () => {
    const refused = await signUp('jürgen').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(UserLambdaValidationException);
    expect((refused as Error).message).toBe("PreSignUp failed with error A username may contain only letters, digits, '.', '_' and '-'.");
  });
});

describe('usernames', () => {
  it('are case-insensitive: signing in as ANN is ann, who reads her own profile', async () => {
    const ann = await signedIn(api, 'ann');
    expect((await api.graphql('mutation { addUser(input: { username: "ann", email: "ann@example.com", name: "Ann" }) { username } }', {}, { as: ann })).errors).toBeUndefined();
    const upper = await api.signIn({ username: 'ANN' });
    expect(upper.username).toBe('ann');
    expect((await api.graphql('{ user(username: "ann") { username } }', {}, { as: { headers: { authorization: upper.accessToken } } })).data).toEqual({ user: { username: 'ann' } });
  });
});

describe('deleting a profile', () => {
  it('keeps the Cognito account: the user still signs in and may add a profile again', async () => {
    const kim = await signedIn(api, 'kim');
    const add = 'mutation { addUser(input: { username: "kim", email: "kim@example.com", name: "Kim" }) { username } }';
    expect((await api.graphql(add, {}, { as: kim })).errors).toBeUndefined();
    expect((await api.graphql('mutation { deleteUser(username: "kim") { username } }', {}, { as: kim })).data).toEqual({ deleteUser: { username: 'kim' } });
    expect(await cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'kim' }))).toMatchObject({ Username: 'kim', Enabled: true });
    expect((await api.graphql('{ user(username: "kim") { username } }', {}, { as: kim })).data).toEqual({ user: null });
    expect((await api.graphql(add, {}, { as: kim })).data).toEqual({ addUser: { username: 'kim' } });
  });
});
