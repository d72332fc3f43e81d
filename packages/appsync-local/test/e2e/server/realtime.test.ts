/**
 * The real-time endpoint of the local server over real WebSockets, on the notes app: AppSync's
 * protocol frame by frame (handshake, keep-alive, start/stop, errors, the three ways to send
 * credentials, IAM and API key), and the graphql-transport-ws protocol through the graphql-ws
 * client. Events are fired through the IAM-only publishNoteEvent mutation over HTTP, as the
 * app's pipe target fires them.
 */
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startLocalAppSync, type LocalAppSyncHarness } from '../../../src/testing/index.js';
import { apiKeyHeader, iamHeader, RealtimeClient } from '../../helpers/appsync-realtime-client.js';
import { NOTES_TEMPLATE } from '../../helpers/fixture-apps.js';

let local: LocalAppSyncHarness;
let url: string;
beforeAll(async () => {
  local = await startLocalAppSync({ template: NOTES_TEMPLATE, pipes: false });
  url = local.graphqlUrl;
}, 120_000);
afterAll(async () => {
  await local?.stop();
});

const PUBLISH = 'mutation Publish($id: ID!, $title: String!) { publishNoteEvent(id: $id, title: $title) { id title } }';
let sequence = 0;
const event = (title: string) => ({ id: `evt-${(sequence += 1)}`, title });
const publish = async (e: { id: string; title: string }) => {
  const answer = await local.graphql(PUBLISH, e, { as: 'iam' });
  expect(answer.errors).toBeUndefined();
};
/** Subscribers select less than the mutation does: they get their own selection only. */
const SUBSCRIBE = 'subscription On($t: String) { onNoteEvent(title: $t) { id } }';
const got = (e: { id: string }) => ({ data: { onNoteEvent: { id: e.id } } });

/** A connection with the API key, acknowledged. */
async function connected(): Promise<RealtimeClient> {
  const client = await RealtimeClient.open(url, apiKeyHeader(url));
  expect((await client.init()).type).toBe('connection_ack');
  return client;
}

describe("AppSync's real-time protocol", () => {
  it('acknowledges with connectionTimeoutMs and keeps the connection alive', async () => {
    const client = await RealtimeClient.open(url, apiKeyHeader(url));
    expect(client.socket.protocol).toBe('graphql-ws');
    expect(await client.init()).toEqual({ type: 'connection_ack', payload: { connectionTimeoutMs: 300_000 } });
    await client.next((f) => f.type === 'ka');
    await client.close();
  });

  it('delivers events to the subscribers whose arguments match, narrowed to their selection, until stopped', async () => {
    const client = await connected();
    const auth = apiKeyHeader(url);
    expect(await client.start('kim', SUBSCRIBE, { t: 'kim' }, auth)).toEqual({ type: 'start_ack', id: 'kim' });
    expect(await client.start('lee', SUBSCRIBE, { t: 'lee' }, auth)).toEqual({ type: 'start_ack', id: 'lee' });
    expect(await client.start('all', SUBSCRIBE, {}, auth)).toMatchObject({ type: 'start_ack' });

    const first = event('kim');
    await publish(first);
    const second = event('kim');
    await publish(second);
    await client.next((f) => f.type === 'data' && f.id === 'all' && client.dataFor('all').length === 2);
    expect(client.dataFor('kim')).toEqual([got(first), got(second)]);
    expect(client.dataFor('all')).toEqual([got(first), got(second)]);

    client.send({ type: 'stop', id: 'kim' });
    await client.next((f) => f.type === 'complete' && f.id === 'kim');
    await publish(event('lee'));
    await publish(event('kim'));
    // A sentinel on the same connection: frames arrive in order, so anything sent for the stopped
    // subscription would have arrived before it.
    await publish(event('sentinel'));
    await client.next((f) => f.type === 'data' && f.id === 'all' && client.dataFor('all').length === 5);
    expect(client.dataFor('kim')).toHaveLength(2);
    expect(client.dataFor('lee')).toHaveLength(1);
    await client.close();
  });

  it('takes the connection credentials as a header- subprotocol, and IAM for connection and start', async () => {
    const viaProtocol = await RealtimeClient.open(url, apiKeyHeader(url), { via: 'subprotocol' });
    expect((await viaProtocol.init()).type).toBe('connection_ack');
    await viaProtocol.close();

    const iam = await RealtimeClient.open(url, await iamHeader(url, '/graphql/connect', '{}'));
    expect((await iam.init()).type).toBe('connection_ack');
    const data = JSON.stringify({ query: SUBSCRIBE, variables: {} });
    iam.send({ id: 'all', type: 'start', payload: { data, extensions: { authorization: await iamHeader(url, '/graphql', data) } } });
    expect(await iam.next((f) => f.id === 'all')).toEqual({ type: 'start_ack', id: 'all' });
    const e = event('anyone');
    await publish(e);
    expect((await iam.next((f) => f.type === 'data' && f.id === 'all')).payload).toEqual(got(e));
    await iam.close();
  });

  it('refuses bad connection credentials with connection_error and closes', async () => {
    const wrongKey = await RealtimeClient.open(url, apiKeyHeader(url, 'da2-wrong'));
    expect(await wrongKey.init()).toEqual({
      type: 'connection_error',
      payload: { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.', errorCode: 401 }] },
    });
    await expect(wrongKey.next(() => false, 5_000)).rejects.toThrow(/connection closed/);

    const forged = await RealtimeClient.open(url, await iamHeader(url, '/graphql/connect', '{}', { accessKeyId: local.credentials.accessKeyId, secretAccessKey: 'not-the-secret' }));
    expect((await forged.init()).type).toBe('connection_error');

    const wrongProtocol = await RealtimeClient.open(url, apiKeyHeader(url), { protocols: ['mqtt'] });
    expect(await wrongProtocol.next((f) => f.type === 'connection_error')).toEqual({ type: 'connection_error', payload: { errors: [{ message: 'SubProtocolNotSupportedError', errorCode: 400 }] } });
  });

  it('answers a failed start with an error frame carrying its id', async () => {
    const client = await connected();
    const auth = apiKeyHeader(url);
    expect(await client.start('badKey', SUBSCRIBE, { t: 'kim' }, apiKeyHeader(url, 'da2-wrong'))).toEqual({
      type: 'error',
      id: 'badKey',
      payload: { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.', errorCode: 401 }] },
    });
    const unknown = await client.start('unknown', 'subscription { onNothing { id } }', {}, auth);
    expect(unknown.payload?.errors?.[0]?.message).toMatch(/^Validation error of type FieldUndefined: Field 'onNothing' in type 'Subscription' is undefined/);
    // The subscription's resolver refuses an empty title.
    expect((await client.start('empty', SUBSCRIBE, { t: '' }, auth)).payload?.errors?.[0]).toMatchObject({ errorType: 'ValidationError', message: 'title must not be empty.' });
    await client.start('dup', SUBSCRIBE, { t: 'kim' }, auth);
    expect((await client.start('dup', SUBSCRIBE, { t: 'kim' }, auth)).payload?.errors?.[0]?.errorType).toBe('DuplicatedOperationError');
    client.send({ type: 'subscribe', id: 'x' });
    expect((await client.next((f) => f.type === 'error' && f.id === 'x')).payload?.errors?.[0]?.errorType).toBe('UnsupportedOperation');
    await client.close();
  });

  it('ignores frames sent before connection_init', async () => {
    const client = await RealtimeClient.open(url, apiKeyHeader(url));
    client.send({ id: 'early', type: 'start', payload: { data: JSON.stringify({ query: SUBSCRIBE, variables: { t: 'kim' } }), extensions: { authorization: apiKeyHeader(url) } } });
    expect((await client.init()).type).toBe('connection_ack');
    expect(client.frames.filter((f) => f.id === 'early')).toEqual([]);
    await client.close();
  });
});

describe('an IAM-only mutation stays IAM-only', () => {
  it('an API-key caller can fire it neither over HTTP nor over the WebSocket', async () => {
    const watcher = await connected();
    await watcher.start('watch', SUBSCRIBE, { t: 'mallory' }, apiKeyHeader(url));

    const overHttp = await local.graphql(PUBLISH, event('mallory'));
    expect(overHttp).toMatchObject({ data: { publishNoteEvent: null }, errors: [{ errorType: 'Unauthorized', message: 'Not Authorized to access publishNoteEvent on type Mutation' }] });

    const overWs = await watcher.start('fire', PUBLISH, event('mallory'), apiKeyHeader(url));
    expect(overWs).toMatchObject({ type: 'error', id: 'fire', payload: { errors: [{ errorType: 'UnsupportedOperation' }] } });

    // A later, legitimate event arrives alone: nothing was fired before it.
    const legit = event('mallory');
    await publish(legit);
    await watcher.next((f) => f.type === 'data' && f.id === 'watch');
    expect(watcher.dataFor('watch')).toEqual([got(legit)]);
    await watcher.close();
  });
});

describe('graphql-transport-ws (the graphql-ws library)', () => {
  it('subscribes with the API key in connectionParams and receives only the events its arguments match', async () => {
    const client = createClient({
      url: url.replace(/^http/, 'ws') + '/realtime',
      webSocketImpl: WebSocket,
      connectionParams: apiKeyHeader(url),
      retryAttempts: 0,
    });
    const received: unknown[] = [];
    let acknowledged!: () => void;
    const ready = new Promise<void>((resolve) => (acknowledged = resolve));
    client.on('connected', () => acknowledged());
    const done = new Promise<void>((resolve, reject) => {
      const unsubscribe = client.subscribe(
        { query: SUBSCRIBE, variables: { t: 'gwen' } },
        {
          next: (value) => {
            received.push(value);
            if (received.length === 1) unsubscribe();
          },
          error: reject,
          complete: resolve,
        },
      );
    });
    await ready;
    // The subscription is registered once the server has run its resolver; wait for it.
    await expect.poll(() => local.app.subscriptions.list().some((s) => s.arguments['title'] === 'gwen')).toBe(true);
    await publish(event('tom'));
    const mine = event('gwen');
    await publish(mine);
    await done;
    expect(received).toEqual([got(mine)]);
    await client.dispose();
  });

  it('closes a connection with a wrong key (4403) and answers a refused subscription with an error', async () => {
    const wrong = createClient({ url: url.replace(/^http/, 'ws') + '/realtime', webSocketImpl: WebSocket, connectionParams: apiKeyHeader(url, 'da2-wrong'), retryAttempts: 0 });
    const closed = await new Promise<unknown>((resolve) => {
      wrong.subscribe({ query: SUBSCRIBE, variables: { t: 'x' } }, { next: () => undefined, error: resolve, complete: () => resolve('completed') });
    });
    expect((closed as { code?: number }).code).toBe(4403);
    await wrong.dispose();

    const client = createClient({ url: url.replace(/^http/, 'ws') + '/realtime', webSocketImpl: WebSocket, connectionParams: apiKeyHeader(url), retryAttempts: 0 });
    const refused = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: SUBSCRIBE, variables: { t: '' } }, { next: () => undefined, error: resolve, complete: () => resolve('completed') });
    });
    expect(refused).toEqual([expect.objectContaining({ message: 'title must not be empty.', extensions: { errorType: 'ValidationError' } })]);
    await client.dispose();
  });
});
