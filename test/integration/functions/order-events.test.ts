/**
 * The order-events function on Pipe-shaped batches built from real DynamoDB Local stream records.
 * Its SNS and GraphQL calls go through the real SDK and SigV4 signer to local HTTP endpoints that
 * record what arrives and verify the signature.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../../functions/add-user/add-user.js';
import { IamGraphqlClient } from '../../../functions/order-events/appsync-client.js';
import type { PipeStreamRecord } from '../../../functions/order-events/order-event.js';
import type { OrderEventInput } from '../../../resolvers/generated/graphql.js';
import { newOrderItem } from '../../../resolvers/lib/items.js';
import { orderKey, ordersByStatusKey, userKey } from '../../../resolvers/lib/keys.js';
import { startGraphqlEndpoint, startSnsEndpoint, type RecordingEndpoint, type SnsPublish } from '../../helpers/recording-endpoints.js';
import { JOHN_ORDER_CANCELLED, JOHN_ORDER_ID, JOHN_ORDER_PLACED, originalOrder } from '../../helpers/original-items.js';
import { readStream } from '../../helpers/streams.js';
import { clients, createIdempotencyTable, createUsersOrdersTable, dynamodbEndpoint } from '../../helpers/tables.js';

const CREDENTIALS = { accessKeyId: 'AKIDORDEREVENTS', secretAccessKey: 'order-events-secret' };
const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:order-events';

let db: ReturnType<typeof clients>;
let table: { name: string; streamArn: string };
let sns: RecordingEndpoint<SnsPublish>;
let graphql: Awaited<ReturnType<typeof startGraphqlEndpoint>>;
let failingOrderId: string | undefined;
let handler: (records: PipeStreamRecord[], context: never) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
let seen = 0;

beforeAll(async () => {
  db = clients(dynamodbEndpoint());
  table = await createUsersOrdersTable(db.raw);
  const idempotencyTable = await createIdempotencyTable(db.raw);
  sns = await startSnsEndpoint();
  graphql = await startGraphqlEndpoint(CREDENTIALS, (call) => (call.variables['event'] as OrderEventInput).orderId === failingOrderId);
  Object.assign(process.env, {
    TOPIC_ARN,
    GRAPHQL_URL: graphql.url,
    IDEMPOTENCY_TABLE_NAME: idempotencyTable,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_SNS: sns.url,
    AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint(),
    POWERTOOLS_METRICS_NAMESPACE: 'UsersOrdersTest',
    // Quiet output: the functions' logs and EMF metrics are not what these tests check.
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  ({ handler } = (await import('../../../functions/order-events/handler.js')) as unknown as { handler: typeof handler });
}, 60_000);

afterAll(async () => {
  await sns?.close();
  await graphql?.close();
  db?.raw.destroy();
});

const context = { functionName: 'order-events', awsRequestId: 'req', getRemainingTimeInMillis: () => 60_000 } as never;

/** Stream records written since the last call, shaped as the pipe delivers them. */
async function newRecords(): Promise<PipeStreamRecord[]> {
  const all = await readStream(dynamodbEndpoint(), table.streamArn);
  const fresh = all.slice(seen);
  seen = all.length;
  return fresh;
}

async function placeOrder(username: string, orderId: string, amount: number, at: string): Promise<void> {
  const { PK, SK, ...rest } = newOrderItem(username, orderId, amount, 2, at);
  await db.doc.send(new PutCommand({ TableName: table.name, Item: { PK, SK, ...rest } }));
}

async function moveOrder(username: string, orderId: string, status: string): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: table.name,
      Key: orderKey(username, orderId),
      UpdateExpression: 'SET #s = :s, Version = Version + :one, UpdatedAt = :now, GSI1PK = :gsi',
      ExpressionAttributeNames: { '#s': 'Status' },
      ExpressionAttributeValues: { ':s': status, ':one': 1, ':now': '2026-03-01T10:00:00.000Z', ':gsi': ordersByStatusKey(status, orderId).GSI1PK },
    }),
  );
}

describe('order-events', () => {
  it('publishes ORDER_PLACED and ORDER_STATUS_CHANGED for order records only, to SNS with attributes and through the signed mutation', async () => {
    const snsBefore = sns.received.length;
    const callsBefore = graphql.received.length;
    await addUser(db.doc, table.name, { username: 'ann', email: 'ann@example.com', name: 'Ann' });
    await placeOrder('ann', '2abc0000000000000000000001', 25.5, '2026-03-01T09:00:00.000Z');
    await placeOrder('ann', '2abc0000000000000000000002', 10, '2026-03-01T09:05:00.000Z');
    await moveOrder('ann', '2abc0000000000000000000001', 'SHIPPED');
    await db.doc.send(
      new UpdateCommand({ TableName: table.name, Key: userKey('ann'), UpdateExpression: 'SET #n = :n', ExpressionAttributeNames: { '#n': 'Name' }, ExpressionAttributeValues: { ':n': 'Ann L.' } }),
    );
    const batch = await newRecords();
    // addUser's profile and two guards, two orders; the order's and the profile's changes.
    expect(batch.map((r) => r.eventName)).toEqual(['INSERT', 'INSERT', 'INSERT', 'INSERT', 'INSERT', 'MODIFY', 'MODIFY']);

    const result = await handler(batch, context);
    expect(result).toEqual({ batchItemFailures: [] });

    const published = sns.received.slice(snsBefore);
    const orderRecords = batch.filter((r) => r.dynamodb?.Keys?.['SK']?.S?.startsWith('#ORDER#'));
    expect(orderRecords).toHaveLength(3);
    expect(published.map((p) => JSON.parse(p.message) as OrderEventInput)).toEqual([
      // occurredAt is the item's own time of the change: CreatedAt for an insert, the UpdatedAt a status change wrote.
      {
        eventId: orderRecords[0]!.eventID,
        type: 'ORDER_PLACED',
        username: 'ann',
        orderId: '2abc0000000000000000000001',
        status: 'PLACED',
        previousStatus: null,
        amount: 25.5,
        numberOfItems: 2,
        occurredAt: '2026-03-01T09:00:00.000Z',
      },
      {
        eventId: orderRecords[1]!.eventID,
        type: 'ORDER_PLACED',
        username: 'ann',
        orderId: '2abc0000000000000000000002',
        status: 'PLACED',
        previousStatus: null,
        amount: 10,
        numberOfItems: 2,
        occurredAt: '2026-03-01T09:05:00.000Z',
      },
      {
        eventId: orderRecords[2]!.eventID,
        type: 'ORDER_STATUS_CHANGED',
        username: 'ann',
        orderId: '2abc0000000000000000000001',
        status: 'SHIPPED',
        previousStatus: 'PLACED',
        amount: 25.5,
        numberOfItems: 2,
        occurredAt: '2026-03-01T10:00:00.000Z',
      },
    ]);
    expect(published.every((p) => p.topicArn === TOPIC_ARN)).toBe(true);
    expect(published.map((p) => p.attributes)).toEqual([
      { eventType: { dataType: 'String', value: 'ORDER_PLACED' }, username: { dataType: 'String', value: 'ann' }, status: { dataType: 'String', value: 'PLACED' } },
      { eventType: { dataType: 'String', value: 'ORDER_PLACED' }, username: { dataType: 'String', value: 'ann' }, status: { dataType: 'String', value: 'PLACED' } },
      { eventType: { dataType: 'String', value: 'ORDER_STATUS_CHANGED' }, username: { dataType: 'String', value: 'ann' }, status: { dataType: 'String', value: 'SHIPPED' } },
    ]);

    const calls = graphql.received.slice(callsBefore);
    expect(graphql.rejected).toEqual([]);
    expect(calls.map((c) => c.accessKeyId)).toEqual([CREDENTIALS.accessKeyId, CREDENTIALS.accessKeyId, CREDENTIALS.accessKeyId]);
    expect(calls.map((c) => c.variables['event'])).toEqual(published.map((p) => JSON.parse(p.message)));
    expect(calls[0]!.query).toMatch(
      /mutation PublishOrderEvent\(\$event: OrderEventInput!\) \{\s*publishOrderEvent\(event: \$event\) \{ eventId type username orderId status previousStatus amount numberOfItems occurredAt \}/,
    );
  });

  it('delivers each stream record once, even when the pipe delivers the batch again', async () => {
    await placeOrder('ann', '2abc0000000000000000000003', 7.25, '2026-03-02T09:00:00.000Z');
    const batch = await newRecords();
    await handler(batch, context);
    const snsCount = sns.received.length;
    const callCount = graphql.received.length;
    expect(await handler(batch, context)).toEqual({ batchItemFailures: [] });
    expect(sns.received.length).toBe(snsCount);
    expect(graphql.received.length).toBe(callCount);
  });

  it('reports a failing record and every record after it by eventID, and on retry repeats only what had not succeeded', async () => {
    await placeOrder('ann', '2abc0000000000000000000004', 1, '2026-03-03T09:00:00.000Z');
    await placeOrder('ann', '2abc0000000000000000000005', 2, '2026-03-03T09:01:00.000Z');
    await moveOrder('ann', '2abc0000000000000000000004', 'CANCELLED');
    const batch = await newRecords();
    const snsBefore = sns.received.length;
    const callsBefore = graphql.received.length;

    failingOrderId = '2abc0000000000000000000005';
    const first = await handler(batch, context);
    expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: batch[1]!.eventID }, { itemIdentifier: batch[2]!.eventID }] });
    // Order kept: nothing after the failure went out; SNS for the failing record went out before AppSync failed.
    expect(graphql.received.slice(callsBefore).map((c) => (c.variables['event'] as OrderEventInput).orderId)).toEqual(['2abc0000000000000000000004']);
    expect(sns.received.slice(snsBefore).map((p) => (JSON.parse(p.message) as OrderEventInput).orderId)).toEqual(['2abc0000000000000000000004', '2abc0000000000000000000005']);

    failingOrderId = undefined;
    const retry = await handler(batch.slice(1), context);
    expect(retry).toEqual({ batchItemFailures: [] });
    const events = (list: { message?: string; variables?: Record<string, unknown> }[]) =>
      list.map((e) => (e.message ? (JSON.parse(e.message) as OrderEventInput) : (e.variables!['event'] as OrderEventInput))).map((e) => `${e.type}:${e.orderId}`);
    // Each event exactly once on each side, in stream order.
    const expected = ['ORDER_PLACED:2abc0000000000000000000004', 'ORDER_PLACED:2abc0000000000000000000005', 'ORDER_STATUS_CHANGED:2abc0000000000000000000004'];
    expect(events(sns.received.slice(snsBefore))).toEqual(expected);
    expect(events(graphql.received.slice(callsBefore))).toEqual(expected);
  });
});

describe("order events of the original services' items", () => {
  it('map their statuses and take occurredAt from their own isoformat times (with Z); the stream time only when the change wrote none', async () => {
    const snsBefore = sns.received.length;
    // As the original OrderService wrote them: POST /orders/, then PUT with status CANCEL.
    await db.doc.send(new PutCommand({ TableName: table.name, Item: JOHN_ORDER_PLACED }));
    await db.doc.send(new PutCommand({ TableName: table.name, Item: JOHN_ORDER_CANCELLED }));
    // Another original order, changed straight in the table without an UpdatedAt.
    const other = originalOrder('john', '2023-08-21T22:21:34.811747');
    await db.doc.send(new PutCommand({ TableName: table.name, Item: other }));
    await db.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: { PK: other['PK'], SK: other['SK'] },
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'Status' },
        ExpressionAttributeValues: { ':s': 'Canceled' },
      }),
    );
    // No events: CANCEL rewritten as CANCELLED (the migration), and a move to a status the API does not know.
    await db.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: { PK: 'CUSTOMER#john', SK: JOHN_ORDER_PLACED['SK'] },
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'Status' },
        ExpressionAttributeValues: { ':s': 'CANCELLED' },
      }),
    );
    await db.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: { PK: other['PK'], SK: other['SK'] },
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'Status' },
        ExpressionAttributeValues: { ':s': 'RETURNED' },
      }),
    );
    const batch = await newRecords();
    expect(batch).toHaveLength(6);

    expect(await handler(batch, context)).toEqual({ batchItemFailures: [] });
    const events = sns.received.slice(snsBefore).map((p) => JSON.parse(p.message) as OrderEventInput);
    const streamTime = new Date(batch[3]!.dynamodb!.ApproximateCreationDateTime! * 1000).toISOString();
    expect(events).toEqual([
      {
        eventId: batch[0]!.eventID,
        type: 'ORDER_PLACED',
        username: 'john',
        orderId: JOHN_ORDER_ID,
        status: 'PLACED',
        previousStatus: null,
        amount: 5.5,
        numberOfItems: 2,
        occurredAt: '2023-08-22T02:07:33.696174Z',
      },
      {
        eventId: batch[1]!.eventID,
        type: 'ORDER_STATUS_CHANGED',
        username: 'john',
        orderId: JOHN_ORDER_ID,
        status: 'CANCELLED',
        previousStatus: 'PLACED',
        amount: 5.5,
        numberOfItems: 2,
        occurredAt: '2023-08-22T02:09:03.577842Z',
      },
      {
        eventId: batch[2]!.eventID,
        type: 'ORDER_PLACED',
        username: 'john',
        orderId: other['OrderId'],
        status: 'PLACED',
        previousStatus: null,
        amount: 12.25,
        numberOfItems: 3,
        occurredAt: '2023-08-21T22:21:34.811747Z',
      },
      {
        eventId: batch[3]!.eventID,
        type: 'ORDER_STATUS_CHANGED',
        username: 'john',
        orderId: other['OrderId'],
        status: 'CANCELLED',
        previousStatus: 'PLACED',
        amount: 12.25,
        numberOfItems: 3,
        occurredAt: streamTime,
      },
    ]);
  });
});

describe('the IAM GraphQL client', () => {
  it('is refused when its signature is made with the wrong secret', async () => {
    const forged = new IamGraphqlClient(graphql.url, 'us-east-1', async () => ({ accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' }));
    await expect(forged.request('mutation { x }', {})).rejects.toThrow('GraphQL request failed: HTTP 401, errors: UnauthorizedException');
    expect(graphql.rejected.at(-1)).toBe('InvalidSignatureException');
  });
});
