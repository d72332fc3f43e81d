/**
 * The whole order-events path offline, from the same template as the deploy: a table write (by
 * GraphQL or straight to the table) → the table's stream → the pipe (its filters) → the
 * order-events function run locally → SNS (local) and the IAM-signed publishOrderEvent mutation
 * → WebSocket subscribers. The server runs with --https, as current Amplify clients need wss://.
 *
 * Subscribers are ann, signed in, and they get her events only:
 * - the unmodified aws-amplify v6 client in its own Node process (trusting the local CA through
 *   NODE_EXTRA_CA_CERTS, as README says), configured with the Amplify configuration the local
 *   AppSync gives frontends: it signs up, confirms the emailed code, signs in with SRP, adds
 *   her profile, subscribes to her own events naming nobody, and is refused bob's;
 * - the graphql-ws client over graphql-transport-ws, with her access token, naming her.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { amplifyConfig } from 'appsync-local';
import { startLocalAppSync, type LocalAppSyncHarness } from 'appsync-local/testing';
import { newOrderItem } from '../../resolvers/lib/items.js';
import { orderKey } from '../../resolvers/lib/keys.js';
import { ROOT } from '../helpers/cdk.js';
import { dataTable, testAssemblyDir } from '../helpers/test-assembly.js';

const EVENT_FIELDS = 'eventId type username orderId status previousStatus amount numberOfItems occurredAt';

let api: LocalAppSyncHarness;
let table: string;
let amplify: ChildProcess;
/** What the Amplify process printed, by kind. */
const amplifyLines = { steps: new Map<string, unknown>(), events: [] as Record<string, unknown>[], refused: [] as unknown[], errors: [] as string[], ready: false };
let graphqlWs: Client;
const graphqlWsEvents: Record<string, unknown>[] = [];
const graphqlWsErrors: string[] = [];

/** ann's subscriptions the server holds (a filter on her username). */
const annsSubscriptions = () => api.app.subscriptions.list().filter((s) => JSON.stringify(s.filter).includes('"ann"')).length;

beforeAll(async () => {
  api = await startLocalAppSync({ assembly: testAssemblyDir(), https: true });
  table = dataTable(api);
  const tls = api.tls!;

  const config = amplifyConfig(api.app, api.graphqlUrl);
  amplify = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'test/clients/amplify-user.ts'), JSON.stringify(config), `${api.cognitoEndpoint}/codes`, 'ann', 'Correct-Horse-Battery-9', 'ann@example.com', 'bob'],
    { cwd: ROOT, env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.caPath }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  createInterface({ input: amplify.stdout! }).on('line', (line) => {
    const [kind, ...rest] = line.split(' ');
    if (kind === 'STEP') {
      const [step, ...json] = rest;
      amplifyLines.steps.set(step!, JSON.parse(json.join(' ')) as unknown);
      return;
    }
    const value = rest.length ? (JSON.parse(rest.join(' ')) as unknown) : undefined;
    if (kind === 'EVENT') amplifyLines.events.push(value as Record<string, unknown>);
    else if (kind === 'REFUSED') amplifyLines.refused.push(value);
    else if (kind === 'READY') amplifyLines.ready = true;
    else amplifyLines.errors.push(line);
  });

  // Amplify has signed ann up and in, and holds its subscription.
  await vi.waitFor(
    () => {
      if (!amplifyLines.ready || annsSubscriptions() !== 1) throw new Error(`Amplify not subscribed yet: ${amplifyLines.errors.join('; ')}`);
    },
    { timeout: 90_000, interval: 200 },
  );

  const { accessToken } = await api.signIn({ username: 'ann' });
  graphqlWs = createClient({
    url: api.realtimeUrl,
    // The graphql-ws client takes a WebSocket class; this one trusts the local CA.
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { ca: tls.ca });
      }
    },
    connectionParams: { host: new URL(api.graphqlUrl).host, Authorization: accessToken },
    retryAttempts: 0,
  });
  graphqlWs.subscribe(
    { query: `subscription { onOrderEvent(username: "ann") { ${EVENT_FIELDS} } }` },
    {
      next: (m) => graphqlWsEvents.push((m.data as { onOrderEvent: Record<string, unknown> }).onOrderEvent),
      error: (e) => graphqlWsErrors.push(JSON.stringify(e)),
      complete: () => undefined,
    },
  );
  await vi.waitFor(
    () => {
      if (annsSubscriptions() !== 2) throw new Error(`graphql-ws not subscribed yet: ${graphqlWsErrors.join('; ')}`);
    },
    { timeout: 30_000, interval: 100 },
  );
}, 180_000);

afterAll(async () => {
  amplify?.kill('SIGTERM');
  await graphqlWs?.dispose();
  await api?.stop();
});

/** As a service (IAM): the back office and other systems write everyone's orders. */
const gql = async <T>(query: string, variables: Record<string, unknown> = {}) => {
  const answer = await api.graphql<T>(query, variables, { as: 'iam' });
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

describe('a frontend with the unmodified Amplify v6 client', () => {
  it('signs up, confirms the emailed code, signs in with SRP and adds its own profile, with its verified email', () => {
    expect(amplifyLines.errors).toEqual([]);
    expect(Object.fromEntries(amplifyLines.steps)).toEqual({
      signUp: 'CONFIRM_SIGN_UP',
      confirmSignUp: 'DONE',
      signIn: { isSignedIn: true, nextStep: 'DONE' },
      // Amplify sends the access token: its username claim is what the resolvers compare.
      token: { username: 'ann', tokenUse: 'access' },
      addUser: { addUser: { username: 'ann', email: 'ann@example.com', name: 'Ann Frontend' } },
    });
  });

  it('is refused another user’s events', async () => {
    await vi.waitFor(() => expect(amplifyLines.refused).toHaveLength(1), { timeout: 30_000, interval: 50 });
    // Amplify hands the server's error frame on inside its message: "Connection failed: <the frame's payload>".
    const [{ message }] = amplifyLines.refused[0] as [{ message: string }];
    const payload = JSON.parse(message.replace(/^Connection failed: /, '')) as { errors: unknown[] };
    expect(payload.errors).toEqual([expect.objectContaining({ path: ['onOrderEvent'], errorType: 'Unauthorized', message: 'Not Authorized to access onOrderEvent on type Subscription' })]);
  });
});

describe('order events, from the table to subscribers', () => {
  it('reach ann’s subscribers for every change to her orders, however written, and nothing else', async () => {
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
          ['Amplify', amplifyLines.events],
          ['graphql-ws', graphqlWsEvents],
        ] as const) {
          if (!events.some((e) => e['eventId'] === MARKER.eventId)) {
            throw new Error(`${client} has not received the marker (${events.length} events; ${[...amplifyLines.errors, ...graphqlWsErrors].join('; ')})`);
          }
        }
      },
      { timeout: 30_000, interval: 50 },
    );

    expect([...amplifyLines.errors, ...graphqlWsErrors]).toEqual([]);
    for (const events of [beforeMarker(amplifyLines.events), beforeMarker(graphqlWsEvents)]) {
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
