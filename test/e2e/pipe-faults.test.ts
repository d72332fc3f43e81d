/**
 * Faults on the order-events path, with the real pipe, function and API: a record the target
 * fails on (an order written straight to the table whose event is too large for SNS: a 300 KB
 * Username; an order whose status the API cannot map is no event at all, so it cannot serve as
 * the fault), a batch it fails on entirely, and a server restart while records are flowing. Afterwards every order
 * change was delivered to subscribers exactly once or sits in the pipe's dead-letter queue:
 * none lost, none doubled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOrderItem } from '../../resolvers/lib/items.js';
import { iamHeader, RealtimeClient } from '../../packages/appsync-local/test/helpers/appsync-realtime-client.js';
import { startLocalApi, type LocalApi } from '../helpers/local-api.js';

const SUBSCRIBE = 'subscription { onOrderEvent { eventId orderId type status } }';

let stateDir: string;
let api: LocalApi;
let dynamodb: DynamoDBClient;
let tableName: string;
/** orderId → how many times a subscriber received its ORDER_PLACED event. */
const received = new Map<string, number>();
let watcher: RealtimeClient;

/** A server on the shared state folder, with an IAM subscriber to every order event before its pipes start. */
async function startServer(): Promise<void> {
  api = await startLocalApi({ ephemeral: false, stateDir }, { pipes: false });
  tableName = Object.entries(api.app.tableNames()).find(([logicalId]) => logicalId.startsWith('DataTable'))![1];
  dynamodb = new DynamoDBClient({ endpoint: api.app.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  watcher = await RealtimeClient.open(api.url, await iamHeader(api.url, '/graphql/connect', '{}'));
  expect((await watcher.init()).type).toBe('connection_ack');
  const data = JSON.stringify({ query: SUBSCRIBE, variables: {} });
  watcher.send({ id: 'all', type: 'start', payload: { data, extensions: { authorization: await iamHeader(api.url, '/graphql', data) } } });
  expect((await watcher.next((f) => f.id === 'all')).type).toBe('start_ack');
  watcher.socket.on('message', (raw) => {
    const frame = JSON.parse(raw.toString()) as { type: string; payload?: { data?: { onOrderEvent?: { orderId: string; type: string } } } };
    const event = frame.type === 'data' ? frame.payload?.data?.onOrderEvent : undefined;
    if (event?.type === 'ORDER_PLACED') received.set(event.orderId, (received.get(event.orderId) ?? 0) + 1);
  });
  await api.app.startPipes();
}

async function stopServer(): Promise<void> {
  await api.stop();
  await watcher.close();
  dynamodb.destroy();
}

/** An order whose event SNS refuses (over its 256 KiB message limit), however often it is retried. */
const POISON = { Username: 'a'.repeat(300_000) };

const putOrder = (orderId: string, poison = false) =>
  dynamodb.send(new PutItemCommand({ TableName: tableName, Item: marshall({ ...newOrderItem('ann', orderId, 10, 1, '2026-11-25T09:00:00.000Z'), ...(poison ? POISON : {}) }) }));

const caughtUp = () => Promise.all([...api.app.pipes.values()].map((p) => p.idle()));

async function deadLetteredOrderIds(): Promise<string[]> {
  const letters = await [...api.app.pipes.values()][0]!.deadLetters();
  return letters.flatMap((l) => l.local.records.map((r) => String((r.dynamodb.NewImage as { OrderId: { S: string } }).OrderId.S)));
}

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(tmpdir(), 'pipe-faults-'));
  await startServer();
  await api.query('mutation { addUser(input: { username: "ann", email: "ann@example.com", name: "Ann" }) { username } }');
}, 120_000);

afterAll(async () => {
  await stopServer();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('the order-events pipe under faults', () => {
  it('dead-letters the one record the target fails on and delivers the rest of its batch once', async () => {
    for (const [id, poison] of [['a1', false], ['a2', false], ['a3', true], ['a4', false], ['a5', false]] as const) await putOrder(id, poison);
    await caughtUp();
    expect(Object.fromEntries([...received].filter(([id]) => id.startsWith('a')))).toEqual({ a1: 1, a2: 1, a4: 1, a5: 1 });
    expect(await deadLetteredOrderIds()).toEqual(['a3']);
  }, 60_000);

  it('dead-letters a batch it fails on entirely, delivering none of it', async () => {
    for (const id of ['b1', 'b2', 'b3']) await putOrder(id, true);
    await putOrder('b4');
    await caughtUp();
    expect(Object.fromEntries([...received].filter(([id]) => id.startsWith('b')))).toEqual({ b4: 1 });
    expect((await deadLetteredOrderIds()).sort()).toEqual(['a3', 'b1', 'b2', 'b3']);
  }, 90_000);

  it('loses and doubles nothing across a server restart mid-stream', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `c${String(i).padStart(2, '0')}`);
    for (const id of ids) await putOrder(id);
    // Stop once some, but not all, have gone through.
    await expect.poll(() => [...received.keys()].filter((id) => id.startsWith('c')).length, { timeout: 30_000, interval: 20 }).toBeGreaterThan(0);
    await stopServer();
    const beforeRestart = [...received.keys()].filter((id) => id.startsWith('c')).length;

    await startServer();
    await caughtUp();
    const delivered = Object.fromEntries([...received].filter(([id]) => id.startsWith('c')));
    expect(Object.keys(delivered).sort()).toEqual(ids);
    expect(Object.values(delivered).every((n) => n === 1)).toBe(true);
    expect(await deadLetteredOrderIds()).toHaveLength(4);
    // Reported so a run shows where the restart fell: a restart after the last delivery proves little.
    console.log(`restart after ${beforeRestart} of ${ids.length} deliveries`);
    expect(beforeRestart).toBeLessThan(ids.length);
  }, 120_000);
});
