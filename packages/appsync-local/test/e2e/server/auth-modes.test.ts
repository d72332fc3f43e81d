/**
 * All five auth modes on one served API (a throwaway assembly: user pools the default, OIDC, a
 * Lambda authorizer run as a local function, API key, IAM), driven over real HTTP and real
 * WebSockets (`ws`), on both protocols of the real-time endpoint. The server's clock is the
 * test's, so token expiry is tested by moving it, not by waiting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import { WebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OIDC_CLIENT, OIDC_ISSUER, POOL_CLIENT, POOL_ID, writeAllModesApp } from '../../helpers/all-modes-app.js';
import { RealtimeClient, realtimeUrlOf } from '../../helpers/appsync-realtime-client.js';
import { sigV4Headers, startLocalServer, TEST_API_KEY, type Answer, type LocalServer } from '../../helpers/local-server.js';
import { testUserPool, type TestUserPool } from '../../helpers/tokens.js';

let server: LocalServer;
let pool: TestUserPool;
let assemblyDir: string;
/** The server's clock (epoch ms); tests move it forward. */
let clock = Date.now();
const nowS = () => Math.floor(clock / 1000);

beforeAll(async () => {
  assemblyDir = mkdtempSync(path.join(tmpdir(), 'all-modes-'));
  writeAllModesApp(assemblyDir);
  pool = await testUserPool(POOL_ID, POOL_CLIENT);
  server = await startLocalServer(assemblyDir, {
    // The local Cognito's part, played by the test: one pool and its keys.
    userPools: (id) => (id === POOL_ID ? { issuer: pool.issuer, jwks: pool.jwks } : undefined),
    now: () => clock,
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  rmSync(assemblyDir, { recursive: true, force: true });
});

const WHOAMI = JSON.stringify({ query: '{ whoami { authType identity } }' });

async function oidcToken(claims: Record<string, unknown> = {}): Promise<string> {
  const response = await fetch(`${server.origin}/_local/oidc/token`, { method: 'POST', body: JSON.stringify({ claims: { sub: 'oidc-user', ...claims } }) });
  const body = (await response.json()) as { token: string };
  expect(response.status).toBe(200);
  return body.token;
}

const idToken = (claims: Record<string, unknown> = {}) => pool.idToken(claims, { issuedAt: nowS() });
const accessToken = (claims: Record<string, unknown> = {}) => pool.accessToken(claims, { issuedAt: nowS() });

function whoami(answer: Answer): { authType: string; identity: Record<string, unknown> | null } {
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  const caller = answer.body.data?.['whoami'] as { authType: string; identity: string };
  return { authType: caller.authType, identity: JSON.parse(caller.identity) as Record<string, unknown> | null };
}

const failure = (answer: Answer) => ({ status: answer.status, body: answer.body, errorTypeHeader: answer.headers.get('x-amzn-errortype') });
const refused = (message: string) => ({ status: 401, body: { errors: [{ errorType: 'UnauthorizedException', message }] }, errorTypeHeader: 'UnauthorizedException' });

describe('HTTP', () => {
  it('user pools: ID and access tokens, with or without Bearer, get the user pools identity', async () => {
    for (const token of [await idToken({ 'cognito:groups': ['admin'] }), `Bearer ${await accessToken({ 'cognito:groups': ['admin'] })}`]) {
      const { authType, identity } = whoami(await server.post(WHOAMI, { authorization: token }));
      expect(authType).toBe('User Pool Authorization');
      expect(identity).toMatchObject({ sub: 'sub-1', username: 'alice', issuer: pool.issuer, groups: ['admin'], defaultAuthStrategy: 'ALLOW', sourceIp: [expect.any(String)] });
    }
  });

  it('user pools: a token of another client, an expired token and a forged one are refused with 401', async () => {
    expect(failure(await server.post(WHOAMI, { authorization: await idToken({ aud: 'other-client' }) }))).toEqual(refused('Valid authorization header not provided.'));
    expect(failure(await server.post(WHOAMI, { authorization: await pool.idToken({ exp: nowS() - 1 }, { issuedAt: nowS() - 3600 }) }))).toEqual(refused('Token has expired.'));
    const [header, payload] = (await idToken()).split('.');
    const [, , otherSignature] = (await idToken({ sub: 'other' })).split('.');
    expect(failure(await server.post(WHOAMI, { authorization: `${header}.${payload}.${otherSignature}` }))).toEqual(refused('Valid authorization header not provided.'));
  });

  it('no credentials on a user-pools-default API: 401 "Valid authorization header not provided."', async () => {
    expect(failure(await server.post(WHOAMI, {}))).toEqual(refused('Valid authorization header not provided.'));
  });

  it('OIDC: a token from the local signer gets the OIDC identity', async () => {
    const token = await oidcToken({ email: 'o@example.com' });
    const { authType, identity } = whoami(await server.post(WHOAMI, { authorization: `Bearer ${token}` }));
    expect(authType).toBe('Open ID Connect Authorization');
    expect(identity).toEqual({ sub: 'oidc-user', issuer: OIDC_ISSUER, claims: expect.objectContaining({ aud: OIDC_CLIENT, email: 'o@example.com', iss: OIDC_ISSUER }) });
  });

  it('OIDC: the signer answers a bad body with 400 and a message', async () => {
    const response = await fetch(`${server.origin}/_local/oidc/token`, { method: 'POST', body: '{"claims": 1}' });
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 400,
      body: { error: { code: 'BadRequest', message: '"claims" must be a JSON object of the token\'s claims, e.g. {"sub": "user-1"}.' } },
    });
    expect((await fetch(`${server.origin}/_local/oidc/token`, { method: 'POST', body: 'not json' })).status).toBe(400);
    expect((await fetch(`${server.origin}/_local/oidc/token`)).status).toBe(405);
    expect(((await (await fetch(`${server.origin}/_local/oidc/jwks.json`)).json()) as { keys: unknown[] }).keys).toHaveLength(1);
  });

  it('Lambda: the local function decides; its resolverContext is the identity and it saw the operation and headers', async () => {
    const answer = await server.post(WHOAMI, { authorization: 'tenant-token', 'x-tenant': 't-9' });
    expect(whoami(answer)).toEqual({
      authType: 'Lambda Authorization',
      identity: { resolverContext: { token: 'tenant-token', apiId: 'local', queryString: '{ whoami { authType identity } }', tenant: 't-9' } },
    });
  });

  it('Lambda: a refusal or a failing function is 401 "You are not authorized to make this call."', async () => {
    expect(failure(await server.post(WHOAMI, { authorization: 'deny' }))).toEqual(refused('You are not authorized to make this call.'));
    expect(failure(await server.post(WHOAMI, { authorization: 'crash' }))).toEqual(refused('You are not authorized to make this call.'));
  });

  it('Lambda: deniedFields are null with Unauthorized; a Bearer token never reaches the function', async () => {
    const answer = await server.post(JSON.stringify({ query: '{ secret profile { name } }' }), { authorization: 'limited' });
    expect(answer.body).toEqual({
      data: { secret: null, profile: { name: 'Pat' } },
      errors: [
        { path: ['secret'], data: null, errorType: 'Unauthorized', errorInfo: null, locations: [{ line: 1, column: 3, sourceName: null }], message: 'Not Authorized to access secret on type Query' },
      ],
    });
    expect(failure(await server.post(WHOAMI, { authorization: 'Bearer tenant-token' }))).toEqual(refused('Valid authorization header not provided.'));
  });

  it('API key and IAM: their identities', async () => {
    expect(whoami(await server.post(WHOAMI, { 'x-api-key': TEST_API_KEY }))).toEqual({ authType: 'API Key Authorization', identity: null });
    const iam = whoami(await server.post(WHOAMI, await sigV4Headers(server.url, WHOAMI)));
    expect(iam).toMatchObject({ authType: 'IAM Authorization', identity: { username: 'TESTACCESSKEY' } });
  });

  it('directives per mode: the default-mode field, the group field, a nested type without the mode', async () => {
    const query = JSON.stringify({ query: '{ poolOnly admins profile { name } }' });
    const messages = (answer: Answer) => (answer.body.errors ?? []).map((e) => e.message);
    const admin = await server.post(query, { authorization: await idToken({ 'cognito:groups': ['admin'] }) });
    expect(admin.body).toEqual({ data: { poolOnly: 'pool', admins: 'admins', profile: { name: 'Pat' } } });
    const user = await server.post(query, { authorization: await idToken() });
    expect(user.body.data).toEqual({ poolOnly: 'pool', admins: null, profile: { name: 'Pat' } });
    expect(messages(user)).toEqual(['Not Authorized to access admins on type Query']);
    const oidc = await server.post(query, { authorization: await oidcToken() });
    expect(oidc.body.data).toEqual({ poolOnly: null, admins: null, profile: { name: null } });
    expect(messages(oidc)).toEqual(['Not Authorized to access poolOnly on type Query', 'Not Authorized to access admins on type Query', 'Not Authorized to access name on type Profile']);
  });
});

// ---------------------------------------------------------------------------------------------

const host = () => new URL(server.url).host;
const SUBSCRIBE = 'subscription($room: String) { onMessage(room: $room) { room text } }';
const SUBSCRIBE_ADMIN = 'subscription($room: String) { onAdminMessage(room: $room) { room text } }';

async function publish(room: string, text: string): Promise<void> {
  const answer = await server.post(JSON.stringify({ query: 'mutation($r: String!, $t: String!) { publish(room: $r, text: $t) { room text } }', variables: { r: room, t: text } }), {
    'x-api-key': TEST_API_KEY,
  });
  expect(answer.body.errors).toBeUndefined();
}

describe('real-time, AppSync protocol', () => {
  it("connects with each mode's header object, by query parameter, subprotocol or upgrade headers", async () => {
    const headers = [
      { via: 'query', header: { Authorization: await idToken(), host: host() } },
      { via: 'subprotocol', header: { Authorization: `Bearer ${await accessToken()}`, host: host() } },
      { via: 'headers', header: { Authorization: await oidcToken(), host: host() } },
      { via: 'query', header: { Authorization: 'tenant-token', host: host() } },
      { via: 'subprotocol', header: { 'x-api-key': TEST_API_KEY, host: host() } },
    ] as const;
    for (const { via, header } of headers) {
      const client = await RealtimeClient.open(server.url, header, { via });
      expect((await client.init()).type, `${via} ${Object.keys(header).join(',')}`).toBe('connection_ack');
      await client.close();
    }
  });

  it('one connection carries subscriptions of different modes, each authorized by its start', async () => {
    const client = await RealtimeClient.open(server.url, { Authorization: await idToken(), host: host() });
    expect((await client.init()).type).toBe('connection_ack');
    const starts = {
      pool: { Authorization: await idToken(), host: host() },
      oidc: { Authorization: await oidcToken(), host: host() },
      lambda: { Authorization: 'tenant-token', host: host() },
      key: { 'x-api-key': TEST_API_KEY, host: host() },
    };
    for (const [id, authorization] of Object.entries(starts)) {
      expect(await client.start(id, SUBSCRIBE, { room: 'r1' }, authorization)).toEqual({ type: 'start_ack', id });
    }
    await publish('r1', 'hello');
    for (const id of Object.keys(starts)) {
      await client.next((f) => f.type === 'data' && f.id === id);
      expect(client.dataFor(id)).toEqual([{ data: { onMessage: { room: 'r1', text: 'hello' } } }]);
    }
    await client.close();
  });

  it('refuses a start whose caller the subscription field does not allow, and one the Lambda denies', async () => {
    const client = await RealtimeClient.open(server.url, { 'x-api-key': TEST_API_KEY, host: host() });
    await client.init();
    expect((await client.start('notAdmin', SUBSCRIBE_ADMIN, {}, { Authorization: await idToken(), host: host() })).payload?.errors?.[0]).toMatchObject({
      errorType: 'Unauthorized',
      message: 'Not Authorized to access onAdminMessage on type Subscription',
    });
    expect(await client.start('admin', SUBSCRIBE_ADMIN, {}, { Authorization: await idToken({ 'cognito:groups': ['admin'] }), host: host() })).toEqual({ type: 'start_ack', id: 'admin' });
    expect(await client.start('denied', SUBSCRIBE, {}, { Authorization: 'deny', host: host() })).toEqual({
      type: 'error',
      id: 'denied',
      payload: { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.', errorCode: 401 }] },
    });
    await client.close();
  });

  it('refuses a connection the Lambda denies, and one with a token of an unknown client, and closes it', async () => {
    for (const [authorization, message] of [
      ['deny', 'You are not authorized to make this call.'],
      [await idToken({ aud: 'other-client' }), 'Valid authorization header not provided.'],
    ]) {
      const client = await RealtimeClient.open(server.url, { Authorization: authorization!, host: host() });
      expect(await client.init()).toEqual({ type: 'connection_error', payload: { errors: [{ errorType: 'UnauthorizedException', message, errorCode: 401 }] } });
      await expect(client.next(() => false, 5_000)).rejects.toThrow(/connection closed/);
    }
  });

  it('a token that expires is refused on the next start and on reconnect with "Token has expired."', async () => {
    const token = await oidcToken({ exp: nowS() + 60 });
    const client = await RealtimeClient.open(server.url, { Authorization: token, host: host() });
    expect((await client.init()).type).toBe('connection_ack');
    expect(await client.start('before', SUBSCRIBE, { room: 'x' }, { Authorization: token, host: host() })).toEqual({ type: 'start_ack', id: 'before' });
    clock += 61_000;
    const expired = { type: 'error', payload: { errors: [{ errorType: 'UnauthorizedException', message: 'Token has expired.', errorCode: 401 }] } };
    expect(await client.start('withToken', SUBSCRIBE, { room: 'x' }, { Authorization: token, host: host() })).toEqual({ ...expired, id: 'withToken' });
    // A start without its own authorization runs as the connection, whose token has expired too.
    const from = client.frames.length;
    client.send({ id: 'bare', type: 'start', payload: { data: JSON.stringify({ query: SUBSCRIBE, variables: {} }) } });
    expect(await client.next((f) => f.id === 'bare', 10_000, from)).toEqual({ ...expired, id: 'bare' });
    await client.close();

    const again = await RealtimeClient.open(server.url, { Authorization: token, host: host() });
    expect(await again.init()).toEqual({ type: 'connection_error', payload: expired.payload });
  });
});

describe('real-time, graphql-transport-ws', () => {
  const clients: Client[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
  });

  const connect = (connectionParams: Record<string, string>) => {
    const client = createClient({ url: realtimeUrlOf(server.url), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
    clients.push(client);
    return client;
  };

  /** Resolves once the server has started (and holds) a subscription for `room`. */
  function started(room: unknown): Promise<void> {
    const subscriptions = server.app.subscriptions;
    const start = subscriptions.start.bind(subscriptions);
    return new Promise((resolve) => {
      const spy = vi.spyOn(subscriptions, 'start').mockImplementation(async (request) => {
        const outcome = await start(request);
        if (outcome.ok && request.request.variables?.['room'] === room) {
          spy.mockRestore();
          resolve();
        }
        return outcome;
      });
    });
  }
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** The first message or the error of a subscription; `whenStarted` runs once the server holds it (for a `room`). */
  function first(client: Client, payload: { query: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown> }, whenStarted?: () => Promise<void>): Promise<unknown> {
    // graphql-transport-ws acknowledges no subscribe: publish once the server has started the subscription.
    if (whenStarted) void started(payload.variables?.['room']).then(whenStarted);
    return new Promise((resolve) => {
      const dispose = client.subscribe(payload, {
        next: (value) => {
          dispose();
          resolve({ next: value });
        },
        error: (error) => {
          resolve({ error: Array.isArray(error) ? error.map((e: { message: string }) => e.message) : ((error as { code?: number }).code ?? String(error)) });
        },
        complete: () => undefined,
      });
    });
  }

  it('connects with a user pool token in connectionParams and receives a message', async () => {
    const client = connect({ Authorization: await idToken(), host: host() });
    const received = first(client, { query: SUBSCRIBE, variables: { room: 'gql' } }, () => publish('gql', 'hi'));
    expect(await received).toEqual({ next: { data: { onMessage: { room: 'gql', text: 'hi' } } } });
  });

  it('closes a connection the Lambda authorizer refuses with 4403', async () => {
    const client = connect({ Authorization: 'deny', host: host() });
    expect(await first(client, { query: SUBSCRIBE })).toEqual({ error: 4403 });
  });

  it('refuses a subscribe whose own authorization has expired', async () => {
    const token = await oidcToken({ exp: nowS() + 5 });
    const client = connect({ 'x-api-key': TEST_API_KEY, host: host() });
    clock += 6_000;
    expect(await first(client, { query: SUBSCRIBE, extensions: { authorization: { Authorization: token, host: host() } } })).toEqual({ error: ['Token has expired.'] });
  });
});
