/**
 * Real-time latency of the order-events path as a frontend sees it: from the moment a write is
 * acknowledged (the createOrder response, or a PutItem straight to the table) to the `data` frame
 * of an `onOrderEvent` subscriber on AppSync's real-time protocol. In between: DynamoDB Local's
 * stream, the local pipe (polling, filters, batching window), the order-events function run
 * locally (SNS publish, the signed publishOrderEvent mutation) and the fan-out.
 *
 * One order at a time, so each latency is the path's own, not a queue's.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { WebSocket } from 'ws';
import { LOCAL_CREDENTIALS, type Served } from 'appsync-local';
import { newOrderItem } from '../resolvers/lib/items.js';
import { onInterrupt } from './cleanup.js';
import { benchToken, graphqlClient, prepareAssembly, startBenchApi } from './local-api.js';
import { percentile } from './load.js';

export const REALTIME_TARGETS = { p50Ms: 150, p99Ms: 500 } as const;
const ORDERS = 200;
const WARMUP_ORDERS = 10;

export interface RealtimeRow {
  write: 'createOrder (GraphQL)' | 'PutItem (direct table write)';
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface RealtimeBench {
  pipe: { batchSize: number; maximumBatchingWindowInSeconds: number };
  rows: RealtimeRow[];
}

export async function benchRealtime(log: (line: string) => void): Promise<RealtimeBench> {
  const assembly = await prepareAssembly();
  let served: Promise<Served> | undefined;
  let socket: WebSocket | undefined;
  let dynamodb: DynamoDBClient | undefined;
  let client: ReturnType<typeof graphqlClient> | undefined;
  const stopAll = async () => {
    socket?.close();
    client?.close();
    dynamodb?.destroy();
    // serve()'s stop: the pipes first, then the server, then Java; also when interrupted mid-start.
    await served?.then(
      (s) => s.stop(),
      () => undefined,
    );
  };
  const unregister = onInterrupt(stopAll);
  try {
    served = startBenchApi(assembly.dir, { pipes: true });
    const { app, port } = await served;
    const pipe = [...app.pipes.runners.values()][0]?.pipe;
    if (!pipe) throw new Error('the template has no stream pipe');
    log(`pipe ${pipe.name}: batch size ${pipe.batchSize}, batching window ${pipe.maximumBatchingWindowInSeconds} s`);

    const username = `rt-${Date.now().toString(36)}`;
    // The user places their own orders and watches their own events, as a frontend does.
    const token = await benchToken(app, username);
    client = graphqlClient(`http://127.0.0.1:${port}/graphql`, token);
    const tableName = app.api.definition.environmentVariables['TABLE_NAME']!;
    dynamodb = new DynamoDBClient({ endpoint: app.dynamodb.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
    await client.post('mutation A($input: AddUserInput!) { addUser(input: $input) { username } }', { input: { username, email: `${username}@example.com`, name: 'Realtime' } });

    // The subscriber: AppSync's protocol, the user's token, their own events.
    const arrivals = new Map<string, number>();
    const waiting = new Map<string, () => void>();
    socket = new WebSocket(`ws://127.0.0.1:${port}/graphql/realtime?header=${Buffer.from(JSON.stringify({ host: `localhost:${port}`, Authorization: token })).toString('base64')}&payload=e30=`, [
      'graphql-ws',
    ]);
    const ws = socket;
    const started = new Promise<void>((resolve, reject) => {
      ws.on('message', (raw) => {
        const frame = JSON.parse(raw.toString()) as { type: string; payload?: { data?: { onOrderEvent?: { orderId: string } } } };
        if (frame.type === 'connection_ack') {
          const data = JSON.stringify({ query: 'subscription S($u: ID) { onOrderEvent(username: $u) { orderId type } }', variables: { u: username } });
          ws.send(JSON.stringify({ id: 'bench', type: 'start', payload: { data, extensions: { authorization: { host: `localhost:${port}`, Authorization: token } } } }));
        } else if (frame.type === 'start_ack') {
          resolve();
        } else if (frame.type === 'data') {
          const orderId = frame.payload?.data?.onOrderEvent?.orderId;
          if (orderId) {
            arrivals.set(orderId, performance.now());
            waiting.get(orderId)?.();
          }
        } else if (frame.type === 'error' || frame.type === 'connection_error') {
          reject(new Error(`subscription refused: ${raw.toString()}`));
        }
      });
      ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
      ws.once('error', reject);
    });
    await started;

    const arrived = (orderId: string) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no event for ${orderId} within 10 s`)), 10_000);
        const done = () => {
          clearTimeout(timer);
          waiting.delete(orderId);
          resolve(arrivals.get(orderId)!);
        };
        if (arrivals.has(orderId)) done();
        else waiting.set(orderId, done);
      });

    const measure = async (write: RealtimeRow['write'], placeOrder: (i: number) => Promise<string>): Promise<RealtimeRow> => {
      const latencies: number[] = [];
      for (let i = 0; i < WARMUP_ORDERS + ORDERS; i += 1) {
        const orderId = await placeOrder(i);
        const acknowledged = performance.now();
        const at = await arrived(orderId);
        if (i >= WARMUP_ORDERS) latencies.push(Math.max(0, at - acknowledged));
      }
      latencies.sort((a, b) => a - b);
      const row = { write, samples: latencies.length, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), maxMs: latencies[latencies.length - 1]! };
      log(`  ${write}: p50 ${row.p50Ms.toFixed(1)} ms, p99 ${row.p99Ms.toFixed(1)} ms, max ${row.maxMs.toFixed(1)} ms (${row.samples} orders)`);
      return row;
    };

    const viaGraphql = await measure('createOrder (GraphQL)', async () => {
      const body = await client!.post('mutation C($input: CreateOrderInput!) { createOrder(input: $input) { orderId } }', { input: { username, amount: 10, numberOfItems: 1 } });
      return (body.data?.['createOrder'] as { orderId: string }).orderId;
    });
    const run = Date.now().toString(36);
    const direct = await measure('PutItem (direct table write)', async (i) => {
      const orderId = `direct-${run}-${i}`;
      await dynamodb!.send(new PutItemCommand({ TableName: tableName, Item: marshall(newOrderItem(username, orderId, 10, 1, new Date().toISOString())) }));
      return orderId;
    });
    return { pipe: { batchSize: pipe.batchSize, maximumBatchingWindowInSeconds: pipe.maximumBatchingWindowInSeconds }, rows: [viaGraphql, direct] };
  } finally {
    await stopAll();
    unregister();
  }
}
