/**
 * The whole order-events path offline, from the same template as the deploy: a table write (by
 * GraphQL or straight to the table) → the table's stream → the pipe (its filters) → the
 * order-events function run locally → SNS (local) and the IAM-signed publishOrderEvent mutation
 * → WebSocket subscribers. The server runs with --https, as current Amplify clients need wss://.
 *
 * Subscribers: the unmodified aws-amplify v6 client in its own Node process (trusting the local
 * CA through NODE_EXTRA_CA_CERTS, as README says), and the graphql-ws client over
 * graphql-transport-ws.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { startLocalAppSync, type LocalAppSyncHarness } from 'appsync-local/testing';
import { newOrderItem } from '../../resolvers/lib/items.js';
import { orderKey } from '../../resolvers/lib/keys.js';
import { ROOT } from '../helpers/cdk.js';
import { dataTable, testAssemblyDir } from '../helpers/test-assembly.js';

const EVENT_FIELDS = 'eventId type username orderId status previousStatus amount numberOfItems occurredAt';

let api: LocalAppSyncHarness;
let table: string;
let amplify: ChildProcess;
const amplifyEvents: Record<string, unknown>[] = [];
const amplifyErrors: string[] = [];
let graphqlWs: Client;
const graphqlWsEvents: Record<string, unknown>[] = [];

beforeAll(async () => {
  api = await startLocalAppSync({ assembly: testAssemblyDir(), https: true });
  table = dataTable(api);
  const tls = api.tls!;

  amplify = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/clients/amplify-subscriber.ts'), api.graphqlUrl, api.apiKey, 'ann'], {
    cwd: ROOT,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.caPath },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  createInterface({ input: amplify.stdout! }).on('line', (line) => {
    if (line.startsWith('ERROR ')) amplifyErrors.push(line);
    else amplifyEvents.push(JSON.parse(line) as Record<string, unknown>);
  });

  graphqlWs = createClient({
    url: api.realtimeUrl,
    // The graphql-ws client takes a WebSocket class; this one trusts the local CA.
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { ca: tls.ca });
      }
    },
    connectionParams: { host: new URL(api.graphqlUrl).host, 'x-api-key': api.apiKey },
    retryAttempts: 0,
  });
  graphqlWs.subscribe(
    { query: `subscription { onOrderEvent(username: "ann") { ${EVENT_FIELDS} } }` },
    {
      next: (m) => graphqlWsEvents.push((m.data as { onOrderEvent: Record<string, unknown> }).onOrderEvent),
      error: (e) => amplifyErrors.push(`graphql-ws: ${JSON.stringify(e)}`),
      complete: () => undefined,
    },
  );

  // Both clients are subscribed once the server holds two subscriptions for ann (neither client
  // says so to this process: Amplify runs in its own).
  await vi.waitFor(
    () => {
      if (api.app.subscriptions.list().filter((s) => s.arguments['username'] === 'ann').length !== 2) throw new Error(`subscribers not ready: ${amplifyErrors.join('; ')}`);
    },
    { timeout: 60_000, interval: 200 },
  );
}, 180_000);

afterAll(async () => {
  amplify?.kill('SIGTERM');
  await graphqlWs?.dispose();
  await api?.stop();
});

const gql = async <T>(query: string, variables: Record<string, unknown> = {}) => {
  const answer = await api.graphql<T>(query, variables);
  expect(answer.errors).toBeUndefined();
  return answer.data!;
};

/**
 * The last event: published by the IAM-only mutation once the pipe has settled. Each client's
 * connection delivers in order, and the server sends a mutation's events before answering it, so
 * whatever the pipe delivered arrived before this one: what a client holds before it is all it
 * was sent.
 */
const MARKER = { eventId: 'end-of-test', type: 'ORDER_PLACED', username: 'ann', orderId: 'marker', status: 'PLACED', amount: 1, numberOfItems: 1, occurredAt: '2026-12-31T00:00:00Z' };
const beforeMarker = (events: Record<string, unknown>[]) =>
  events.slice(
    0,
    events.findIndex((e) => e['eventId'] === MARKER.eventId),
  );

describe('order events, from the table to subscribers', () => {
  it('reach ann’s subscribers for every change to her orders, however written, and nothing else', async () => {
    await gql('mutation { addUser(input: { username: "ann", email: "ann@example.com", name: "Ann" }) { username } }');
    await gql('mutation { addUser(input: { username: "bob", email: "bob@example.com", name: "Bob" }) { username } }');

    const placed = await gql<{ createOrder: { orderId: string } }>('mutation { createOrder(input: { username: "ann", amount: 19.99, numberOfItems: 2 }) { orderId } }');
    await gql('mutation { createOrder(input: { username: "bob", amount: 5, numberOfItems: 1 }) { orderId } }');
    await gql('mutation U($id: ID!) { updateOrderStatus(input: { username: "ann", orderId: $id, status: SHIPPED }) { status } }', { id: placed.createOrder.orderId });

    // Straight to the table, as another service or a migration would write: a put, then an
    // update expression (through the app's own DynamoDB client; the harness only puts).
    await api.seed({ [table]: [{ ...newOrderItem('ann', 'direct-order-1', 42.5, 3, '2026-11-25T09:00:00.000Z') }] });
    await api.dynamodb.send(
      new UpdateItemCommand({
        TableName: api.tables[table],
        Key: marshall(orderKey('ann', 'direct-order-1')),
        UpdateExpression: 'SET #s = :s, Version = Version + :one',
        ExpressionAttributeNames: { '#s': 'Status' },
        ExpressionAttributeValues: marshall({ ':s': 'CANCELLED', ':one': 1 }),
      }),
    );

    const expected = [
      { type: 'ORDER_PLACED', orderId: placed.createOrder.orderId, status: 'PLACED', previousStatus: null },
      { type: 'ORDER_STATUS_CHANGED', orderId: placed.createOrder.orderId, status: 'SHIPPED', previousStatus: 'PLACED' },
      { type: 'ORDER_PLACED', orderId: 'direct-order-1', status: 'PLACED', previousStatus: null, amount: 42.5, numberOfItems: 3 },
      { type: 'ORDER_STATUS_CHANGED', orderId: 'direct-order-1', status: 'CANCELLED', previousStatus: 'PLACED' },
    ];
    await api.settled();
    // Subscribers get the fields the mutation selected, as in AppSync: all of them.
    const published = await api.graphql(`mutation ($e: OrderEventInput!) { publishOrderEvent(event: $e) { ${EVENT_FIELDS} } }`, { e: MARKER }, { as: 'iam' });
    expect(published.errors).toBeUndefined();
    // Waits for an event, never for its absence: the marker is the last thing either client gets.
    await vi.waitFor(
      () => {
        for (const [client, events] of [
          ['Amplify', amplifyEvents],
          ['graphql-ws', graphqlWsEvents],
        ] as const) {
          if (!events.some((e) => e['eventId'] === MARKER.eventId)) throw new Error(`${client} has not received the marker (${events.length} events; ${amplifyErrors.join('; ')})`);
        }
      },
      { timeout: 30_000, interval: 50 },
    );

    expect(amplifyErrors).toEqual([]);
    for (const events of [beforeMarker(amplifyEvents), beforeMarker(graphqlWsEvents)]) {
      expect(events).toHaveLength(expected.length);
      expected.forEach((e, i) => expect(events[i]).toMatchObject({ ...e, username: 'ann' }));
      expect(new Set(events.map((e) => e['eventId'])).size).toBe(expected.length);
    }

    // SNS got every order event, bob's too, with the attributes subscribers filter on (and not the
    // marker: the mutation only fans out to subscribers, as in AppSync).
    const messages = api.snsMessages();
    expect(messages).toHaveLength(expected.length + 1);
    expect(messages.filter((m) => m.messageAttributes['username']?.StringValue === 'bob')).toHaveLength(1);
    expect(messages.map((m) => m.messageAttributes['eventType']?.StringValue)).toEqual(['ORDER_PLACED', 'ORDER_PLACED', 'ORDER_STATUS_CHANGED', 'ORDER_PLACED', 'ORDER_STATUS_CHANGED']);
  }, 120_000);
});
