/**
 * The real-time endpoint of the local server over real WebSockets: AppSync's protocol frame by
 * frame (handshake, keep-alive, start/stop, errors, the three ways to send credentials, IAM and
 * API key), and the graphql-transport-ws protocol through the graphql-ws client. Events are
 * fired through the IAM-only publishOrderEvent mutation over HTTP, as the order-events function
 * fires them.
 */
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { apiKeyHeader, iamHeader, RealtimeClient } from '../../helpers/appsync-realtime-client.js';
import { startLocalApi, type LocalApi } from '../../../../../test/helpers/local-api.js';

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
}, 120_000);
afterAll(async () => {
  await api?.stop();
});

const ALL_FIELDS = 'eventId type username orderId status previousStatus amount numberOfItems occurredAt';
const PUBLISH = `mutation Publish($e: OrderEventInput!) { publishOrderEvent(event: $e) { ${ALL_FIELDS} } }`;
let sequence = 0;
const event = (username: string, overrides: Record<string, unknown> = {}) => ({
  eventId: `evt-${(sequence += 1)}`,
  type: 'ORDER_PLACED',
  username,
  orderId: `order-${sequence}`,
  status: 'PLACED',
  previousStatus: null,
  amount: 12.5,
  numberOfItems: 2,
  occurredAt: '2026-11-25T10:00:00.000Z',
  ...overrides,
});
const publish = async (e: Record<string, unknown>) => {
  const answer = await api.iamQuery(PUBLISH, { e });
  expect(answer.body.errors).toBeUndefined();
};
const SUBSCRIBE = 'subscription On($u: ID, $t: OrderEventType) { onOrderEvent(username: $u, type: $t) { orderId status } }';

/** A connection with the API key, acknowledged. */
async function connected(): Promise<RealtimeClient> {
  const client = await RealtimeClient.open(api.url, apiKeyHeader(api.url));
  expect((await client.init()).type).toBe('connection_ack');
  return client;
}

describe("AppSync's real-time protocol", () => {
  it('acknowledges with connectionTimeoutMs and keeps the connection alive', async () => {
    const client = await RealtimeClient.open(api.url, apiKeyHeader(api.url));
    expect(client.socket.protocol).toBe('graphql-ws');
    expect(await client.init()).toEqual({ type: 'connection_ack', payload: { connectionTimeoutMs: 300_000 } });
    await client.next((f) => f.type === 'ka');
    await client.close();
  });

  it("delivers a user's events to that user's subscribers only, narrowed to their selection, until stopped", async () => {
    const client = await connected();
    const auth = apiKeyHeader(api.url);
    expect(await client.start('kim', SUBSCRIBE, { u: 'kim' }, auth)).toEqual({ type: 'start_ack', id: 'kim' });
    expect(await client.start('lee', SUBSCRIBE, { u: 'lee' }, auth)).toEqual({ type: 'start_ack', id: 'lee' });
    expect(await client.start('kimShipped', SUBSCRIBE, { u: 'kim', t: 'ORDER_STATUS_CHANGED' }, auth)).toMatchObject({ type: 'start_ack' });

    const placed = event('kim');
    await publish(placed);
    const changed = event('kim', { type: 'ORDER_STATUS_CHANGED', status: 'SHIPPED', previousStatus: 'PLACED' });
    await publish(changed);
    await client.next((f) => f.type === 'data' && f.id === 'kimShipped');
    expect(client.dataFor('kim')).toEqual([
      { data: { onOrderEvent: { orderId: placed.orderId, status: 'PLACED' } } },
      { data: { onOrderEvent: { orderId: changed.orderId, status: 'SHIPPED' } } },
    ]);
    expect(client.dataFor('kimShipped')).toEqual([{ data: { onOrderEvent: { orderId: changed.orderId, status: 'SHIPPED' } } }]);

    client.send({ type: 'stop', id: 'kim' });
    await client.next((f) => f.type === 'complete' && f.id === 'kim');
    await publish(event('lee'));
    await publish(event('kim'));
    // A sentinel on the same connection: frames arrive in order, so anything sent for the stopped
    // subscription would have arrived before it.
    await publish(event('kim', { type: 'ORDER_STATUS_CHANGED', status: 'DELIVERED', previousStatus: 'SHIPPED' }));
    await client.next((f) => f.type === 'data' && f.id === 'kimShipped' && client.dataFor('kimShipped').length === 2);
    expect(client.dataFor('kim')).toHaveLength(2);
    expect(client.dataFor('lee')).toHaveLength(1);
    await client.close();
  });

  it('takes the connection credentials as a header- subprotocol, and IAM for connection and start', async () => {
    const viaProtocol = await RealtimeClient.open(api.url, apiKeyHeader(api.url), { via: 'subprotocol' });
    expect((await viaProtocol.init()).type).toBe('connection_ack');
    await viaProtocol.close();

    const iam = await RealtimeClient.open(api.url, await iamHeader(api.url, '/graphql/connect', '{}'));
    expect((await iam.init()).type).toBe('connection_ack');
    // An IAM caller may subscribe to every user's events.
    const data = JSON.stringify({ query: SUBSCRIBE, variables: {} });
    iam.send({ id: 'all', type: 'start', payload: { data, extensions: { authorization: await iamHeader(api.url, '/graphql', data) } } });
    expect(await iam.next((f) => f.id === 'all')).toEqual({ type: 'start_ack', id: 'all' });
    const e = event('someone-else');
    await publish(e);
    expect((await iam.next((f) => f.type === 'data' && f.id === 'all')).payload).toEqual({ data: { onOrderEvent: { orderId: e.orderId, status: 'PLACED' } } });
    await iam.close();
  });

  it('refuses bad connection credentials with connection_error and closes', async () => {
    const wrongKey = await RealtimeClient.open(api.url, apiKeyHeader(api.url, 'da2-wrong'));
    expect(await wrongKey.init()).toEqual({
      type: 'connection_error',
      payload: { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.', errorCode: 401 }] },
    });
    await expect(wrongKey.next(() => false, 5_000)).rejects.toThrow(/connection closed/);

    const forged = await RealtimeClient.open(api.url, await iamHeader(api.url, '/graphql/connect', '{}', { accessKeyId: 'TESTACCESSKEY', secretAccessKey: 'not-the-secret' }));
    expect((await forged.init()).type).toBe('connection_error');

    const wrongProtocol = await RealtimeClient.open(api.url, apiKeyHeader(api.url), { protocols: ['mqtt'] });
    expect(await wrongProtocol.next((f) => f.type === 'connection_error')).toEqual({ type: 'connection_error', payload: { errors: [{ message: 'SubProtocolNotSupportedError', errorCode: 400 }] } });
  });

  it('answers a failed start with an error frame carrying its id', async () => {
    const client = await connected();
    const auth = apiKeyHeader(api.url);
    expect(await client.start('badKey', SUBSCRIBE, { u: 'kim' }, apiKeyHeader(api.url, 'da2-wrong'))).toEqual({
      type: 'error',
      id: 'badKey',
      payload: { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.', errorCode: 401 }] },
    });
    const unknown = await client.start('unknown', 'subscription { onNothing { orderId } }', {}, auth);
    expect(unknown.payload?.errors?.[0]?.message).toMatch(/^Validation error of type FieldUndefined: Field 'onNothing' in type 'Subscription' is undefined/);
    // The resolver requires a username of API-key callers.
    expect((await client.start('noUser', SUBSCRIBE, {}, auth)).payload?.errors?.[0]).toMatchObject({ errorType: 'ValidationError', message: 'username is required.' });
    await client.start('dup', SUBSCRIBE, { u: 'kim' }, auth);
    expect((await client.start('dup', SUBSCRIBE, { u: 'kim' }, auth)).payload?.errors?.[0]?.errorType).toBe('DuplicatedOperationError');
    client.send({ type: 'subscribe', id: 'x' });
    expect((await client.next((f) => f.type === 'error' && f.id === 'x')).payload?.errors?.[0]?.errorType).toBe('UnsupportedOperation');
    await client.close();
  });

  it('ignores frames sent before connection_init', async () => {
    const client = await RealtimeClient.open(api.url, apiKeyHeader(api.url));
    client.send({ id: 'early', type: 'start', payload: { data: JSON.stringify({ query: SUBSCRIBE, variables: { u: 'kim' } }), extensions: { authorization: apiKeyHeader(api.url) } } });
    expect((await client.init()).type).toBe('connection_ack');
    expect(client.frames.filter((f) => f.id === 'early')).toEqual([]);
    await client.close();
  });
});

describe('publishOrderEvent stays IAM-only', () => {
  it('an API-key caller can fire it neither over HTTP nor over the WebSocket', async () => {
    const watcher = await connected();
    await watcher.start('watch', SUBSCRIBE, { u: 'mallory' }, apiKeyHeader(api.url));

    const overHttp = await api.query(PUBLISH, { e: event('mallory') });
    expect(overHttp.body).toMatchObject({ data: { publishOrderEvent: null }, errors: [{ errorType: 'Unauthorized', message: 'Not Authorized to access publishOrderEvent on type Mutation' }] });

    const overWs = await watcher.start('fire', PUBLISH, { e: event('mallory') }, apiKeyHeader(api.url));
    expect(overWs).toMatchObject({ type: 'error', id: 'fire', payload: { errors: [{ errorType: 'UnsupportedOperation' }] } });

    // A later, legitimate event arrives alone: nothing was fired before it.
    const legit = event('mallory');
    await publish(legit);
    await watcher.next((f) => f.type === 'data' && f.id === 'watch');
    expect(watcher.dataFor('watch')).toEqual([{ data: { onOrderEvent: { orderId: legit.orderId, status: 'PLACED' } } }]);
    await watcher.close();
  });
});

describe('graphql-transport-ws (the graphql-ws library)', () => {
  it('subscribes with the API key in connectionParams and receives only its user’s events', async () => {
    const client = createClient({
      url: api.url.replace(/^http/, 'ws') + '/realtime',
      webSocketImpl: WebSocket,
      connectionParams: apiKeyHeader(api.url),
      retryAttempts: 0,
    });
    const received: unknown[] = [];
    let acknowledged!: () => void;
    const ready = new Promise<void>((resolve) => (acknowledged = resolve));
    client.on('connected', () => acknowledged());
    const done = new Promise<void>((resolve, reject) => {
      const unsubscribe = client.subscribe(
        { query: SUBSCRIBE, variables: { u: 'gwen' } },
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
    await expect.poll(() => api.app.subscriptions.list().some((s) => s.arguments['username'] === 'gwen')).toBe(true);
    await publish(event('tom'));
    const mine = event('gwen');
    await publish(mine);
    await done;
    expect(received).toEqual([{ data: { onOrderEvent: { orderId: mine.orderId, status: 'PLACED' } } }]);
    await client.dispose();
  });

  it('closes a connection with a wrong key (4403) and answers a refused subscription with an error', async () => {
    const wrong = createClient({ url: api.url.replace(/^http/, 'ws') + '/realtime', webSocketImpl: WebSocket, connectionParams: apiKeyHeader(api.url, 'da2-wrong'), retryAttempts: 0 });
    const closed = await new Promise<unknown>((resolve) => {
      wrong.subscribe({ query: SUBSCRIBE, variables: { u: 'x' } }, { next: () => undefined, error: resolve, complete: () => resolve('completed') });
    });
    expect((closed as { code?: number }).code).toBe(4403);
    await wrong.dispose();

    const client = createClient({ url: api.url.replace(/^http/, 'ws') + '/realtime', webSocketImpl: WebSocket, connectionParams: apiKeyHeader(api.url), retryAttempts: 0 });
    const refused = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: SUBSCRIBE, variables: {} }, { next: () => undefined, error: resolve, complete: () => resolve('completed') });
    });
    expect(refused).toEqual([expect.objectContaining({ message: 'username is required.', extensions: { errorType: 'ValidationError' } })]);
    await client.dispose();
  });
});
