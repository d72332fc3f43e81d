/**
 * A CDK app with all five auth modes at once (test/fixtures/apps/cdk-all-modes), synthesized and
 * served: each mode's caller as AppSync identifies it, the directives (groups, the default-mode
 * rule, a Lambda authorizer's deniedFields), refused tokens (forged, expired, another pool's, a
 * wrong OIDC audience), the real-time endpoint per mode, and the unmodified aws-amplify v6 client
 * signing up, confirming, signing in with SRP against the local Cognito and subscribing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { amplifyConfig } from '../../../src/server/frontend-config.js';
import { startLocalAppSync, SubscriptionRefused, type LocalAppSyncHarness } from '../../../src/testing/index.js';
import { CDK_ALL_MODES_APP } from '../../helpers/fixture-apps.js';

let api: LocalAppSyncHarness;
/** The server's clock; a test moves it to let a token expire. */
let clock = Date.now();
const scratch = mkdtempSync(path.join(tmpdir(), 'all-modes-'));

beforeAll(async () => {
  // Over TLS: Amplify's real-time client always connects with wss.
  api = await startLocalAppSync({ project: CDK_ALL_MODES_APP, now: () => clock, https: true });
}, 180_000);

afterAll(async () => {
  await api?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const WHOAMI = '{ whoami { authType identity } }';

async function whoami(as: Parameters<LocalAppSyncHarness['graphql']>[2]) {
  const answer = await api.graphql<{ whoami: { authType: string; identity: string } }>(WHOAMI, undefined, as);
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return { authType: answer.data!.whoami.authType, identity: JSON.parse(answer.data!.whoami.identity) as Record<string, unknown> | null };
}

describe('each mode, as AppSync identifies the caller', () => {
  it('user pools: the signed-in user, their groups, the token claims', async () => {
    const { authType, identity } = await whoami({ as: { userPool: { username: 'ann', groups: ['admin'], attributes: { email: 'ann@example.com' } } } });
    expect(authType).toBe('User Pool Authorization');
    expect(identity).toMatchObject({ username: 'ann', groups: ['admin'], issuer: expect.stringContaining('/_local/cognito/'), defaultAuthStrategy: 'ALLOW' });
    expect(identity?.['sub']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("the pool's PreTokenGeneration trigger runs locally: its claim is in the ID token AppSync sees", async () => {
    const gold = await whoami({ as: { userPool: { username: 'gold-member', token: 'id' } } });
    expect(gold.identity).toMatchObject({ username: 'gold-member', claims: { tier: 'gold', token_use: 'id' } });
    const basic = await whoami({ as: { userPool: { username: 'member', token: 'id' } } });
    expect((basic.identity?.['claims'] as Record<string, unknown>)['tier']).toBe('basic');
  });

  it('the harness sends a caller the same tokens, as a client does, until a minute before they expire or reset()', async () => {
    const jti = async (username: string, token: 'access' | 'id' = 'access') => ((await whoami({ as: { userPool: { username, token } } })).identity?.['claims'] as Record<string, unknown>)['jti'];
    const first = await jti('reuse');
    expect(first).toEqual(expect.any(String));
    expect(await jti('reuse')).toBe(first);
    const firstId = await jti('reuse', 'id');
    expect(firstId).not.toBe(first);
    // Another description of the caller is another sign-in.
    const admin = await whoami({ as: { userPool: { username: 'reuse', groups: ['admin'] } } });
    expect(admin.identity).toMatchObject({ groups: ['admin'] });
    try {
      clock += 29 * 60_000; // the web client's tokens last 30 minutes: within a minute of expiry now
      const renewed = await jti('reuse');
      expect(renewed).not.toBe(first);
      expect(await jti('reuse')).toBe(renewed);
    } finally {
      clock = Date.now();
    }
    const current = await jti('reuse');
    // reset() empties the local Cognito too: the caller is created and signed in again.
    await api.reset();
    expect(await jti('reuse')).not.toBe(current);
  });

  it('API key, IAM, OIDC and the Lambda authorizer', async () => {
    expect(await whoami({ as: 'apiKey' })).toEqual({ authType: 'API Key Authorization', identity: null });
    expect((await whoami({ as: 'iam' })).authType).toBe('IAM Authorization');
    const oidc = await whoami({ as: { oidc: { sub: 'oidc-user' } } });
    expect(oidc.authType).toBe('Open ID Connect Authorization');
    expect(oidc.identity).toMatchObject({ sub: 'oidc-user', issuer: 'https://login.example.com' });
    expect(await whoami({ as: { lambda: 'allow-lee' } })).toEqual({ authType: 'Lambda Authorization', identity: { resolverContext: { name: 'lee' } } });
  });
});

describe('directives', () => {
  const adminReport = (as: Parameters<LocalAppSyncHarness['graphql']>[2]) => api.graphql('{ adminReport }', undefined, as);
  const refusal = (field: string) => [expect.objectContaining({ errorType: 'Unauthorized', message: `Not Authorized to access ${field} on type Query` })];

  it('cognito_groups: only members of admin', async () => {
    expect(await adminReport({ as: { userPool: { username: 'boss', groups: ['admin'] } } })).toEqual({ status: 200, data: { adminReport: 'for admins' } });
    const member = await adminReport({ as: { userPool: { username: 'member' } } });
    expect(member.data).toEqual({ adminReport: null });
    expect(member.errors).toEqual(refusal('adminReport'));
    expect((await adminReport({ as: 'apiKey' })).errors).toEqual(refusal('adminReport'));
  });

  it('a field without directives is for the default mode (user pools) only', async () => {
    expect(await api.graphql('{ membersOnly }', undefined, { as: { userPool: { username: 'member' } } })).toEqual({ status: 200, data: { membersOnly: 'for members' } });
    expect((await api.graphql('{ membersOnly }', undefined, { as: 'iam' })).errors).toEqual(refusal('membersOnly'));
    expect((await api.graphql('{ membersOnly }', undefined, { as: { lambda: 'allow-lee' } })).errors).toEqual(refusal('membersOnly'));
  });

  it("the Lambda authorizer's deniedFields are refused for that token only", async () => {
    expect(await api.graphql('{ lambdaSecret }', undefined, { as: { lambda: 'allow-lee' } })).toEqual({ status: 200, data: { lambdaSecret: 'behind the authorizer' } });
    const limited = await api.graphql('{ lambdaSecret whoami { authType } }', undefined, { as: { lambda: 'allow-limited' } });
    expect(limited.data).toEqual({ lambdaSecret: null, whoami: { authType: 'Lambda Authorization' } });
    expect(limited.errors).toEqual(refusal('lambdaSecret'));
  });
});

describe('refused credentials', () => {
  const headers = (authorization: string) => ({ as: { headers: { authorization } } }) as const;

  it('a forged user-pool token (signed with another key, claims copied): 401', async () => {
    const real = await api.signIn({ username: 'ann' });
    const claims = JSON.parse(Buffer.from(real.accessToken.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { privateKey } = await generateKeyPair('RS256');
    const header = JSON.parse(Buffer.from(real.accessToken.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string };
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: header.kid }).sign(privateKey);
    const answer = await api.graphql(WHOAMI, undefined, headers(forged));
    expect(answer.status).toBe(401);
    expect(answer.errors?.[0]?.errorType).toBe('UnauthorizedException');
  });

  it('an expired token: 401 Token has expired.; with or without Bearer it is the same token', async () => {
    const tokens = await api.signIn({ username: 'ann' });
    expect((await api.graphql(WHOAMI, undefined, headers(`Bearer ${tokens.accessToken}`))).status).toBe(200);
    clock += 31 * 60_000; // the web client's tokens last 30 minutes
    try {
      const answer = await api.graphql(WHOAMI, undefined, headers(tokens.accessToken));
      expect(answer).toMatchObject({ status: 401, errors: [{ errorType: 'UnauthorizedException', message: 'Token has expired.' }] });
    } finally {
      clock = Date.now();
    }
  });

  it('an OIDC token for another client, and a token the authorizer refuses: refused, nothing runs', async () => {
    const wrongAudience = await api.graphql(WHOAMI, undefined, { as: { oidc: { sub: 'x', aud: 'another-client' } } });
    expect(wrongAudience.status).toBe(401);
    const refused = await api.graphql(WHOAMI, undefined, headers('deny-everything'));
    expect(refused).toMatchObject({ status: 401, errors: [{ errorType: 'UnauthorizedException' }] });
    // The authorizer's IdentityValidationExpression (^[a-z-]+$) refuses this one before the function runs.
    expect((await api.graphql(WHOAMI, undefined, headers('Allow_Lee'))).status).toBe(401);
  });
});

describe('the real-time endpoint, per mode', () => {
  const ON_POST = 'subscription { onPost { id text author } }';
  // Subscribers get what the mutation selected: it selects every field they ask for.
  const POST = 'mutation ($text: String!) { post(text: $text) { id text author } }';

  it('delivers to user-pool, Lambda and IAM subscribers; refuses API-key and OIDC ones (onPost allows neither)', async () => {
    const byUser = await api.subscribe<{ onPost: { text: string; author: string } }>(ON_POST, {}, { as: { userPool: { username: 'sub-user' } } });
    const byLambda = await api.subscribe(ON_POST, {}, { as: { lambda: 'allow-sub' } });
    const byService = await api.subscribe(ON_POST, {}, { as: 'iam' });
    await expect(api.subscribe(ON_POST, {}, { as: 'apiKey' })).rejects.toBeInstanceOf(SubscriptionRefused);
    await expect(api.subscribe(ON_POST, {}, { as: { oidc: { sub: 'o' } } })).rejects.toThrow(/Not Authorized to access onPost on type Subscription/);

    expect((await api.graphql(POST, { text: 'hello' }, { as: { userPool: { username: 'poster' } } })).errors).toBeUndefined();
    for (const subscription of [byUser, byLambda, byService]) {
      expect((await subscription.next()).data).toEqual({ onPost: { id: expect.any(String), text: 'hello', author: 'poster' } });
      await subscription.close();
    }
  });
});

describe('an unmodified Amplify v6 frontend', () => {
  it('signs up, confirms with the local code, signs in with SRP, queries as itself and receives what is posted', async () => {
    const configFile = path.join(scratch, 'amplify-config.json');
    writeFileSync(configFile, JSON.stringify(amplifyConfig(api.app, api.graphqlUrl)));
    const client = path.resolve(import.meta.dirname, '../../fixtures/clients/amplify-app-user.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', client, configFile, 'frontend-user', 'frontend@example.com', 'correct-horse-1'], {
      cwd: path.resolve(import.meta.dirname, '../../..'),
      // A Node frontend trusts the local CA as the docs say: NODE_EXTRA_CA_CERTS.
      env: { ...process.env, NODE_EXTRA_CA_CERTS: api.tls!.caPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Record<string, unknown>[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) =>
      lines.push(
        ...chunk
          .toString()
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      ),
    );
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      await vi.waitFor(
        () => {
          const failed = lines.find((l) => 'error' in l);
          if (failed) throw new Error(`Amplify failed: ${JSON.stringify(failed)} ${stderr}`);
          expect(lines.map((l) => l['step'])).toContain('subscribed');
        },
        { timeout: 60_000, interval: 100 },
      );
      expect(lines.find((l) => l['step'] === 'whoami')).toEqual({ step: 'whoami', authType: 'User Pool Authorization', username: 'frontend-user' });
      // The subscription is in place once the server has run it.
      await vi.waitFor(
        () =>
          expect(
            api.app.subscriptions.list().some((s) => s.fieldName === 'onPost'),
            `no subscription on the server; the client said ${JSON.stringify(lines)} ${stderr}`,
          ).toBe(true),
        { timeout: 20_000 },
      );
      expect((await api.graphql('mutation { post(text: "to amplify") { id text author } }', undefined, { as: 'iam' })).errors).toBeUndefined();
      await vi.waitFor(() => expect(lines.find((l) => l['step'] === 'event')).toEqual({ step: 'event', event: { id: expect.any(String), text: 'to amplify', author: api.credentials.accessKeyId } }), {
        timeout: 20_000,
      });
    } finally {
      child.kill();
    }
  }, 120_000);
});
