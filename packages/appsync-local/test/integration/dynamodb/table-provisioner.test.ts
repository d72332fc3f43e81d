/**
 * The table provisioner against the run's DynamoDB Local: tables as a CDK app's template declares
 * them (those of a throwaway bookmarks app, stack Bookmarks-dev, written for this test), created
 * once and then reconciled in place on later calls, the way the local server finds them again in
 * its persisted data folder.
 */
import { DeleteTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, PutItemCommand, QueryCommand, type DynamoDBClient, type TableDescription } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableInput, provisionTables, TableProvisioningError, timeToLiveAttribute, type TableDefinition } from '../../../src/dynamodb/table-provisioner.js';
import { clients, dynamodbEndpoint, scanAll, uniqueName } from '../../helpers/dynamodb.js';

/** A single table with a GSI and a stream, as the throwaway app's template declares it (BookmarksTable5C1E9A07). */
const DATA_TABLE = {
  AttributeDefinitions: [
    { AttributeName: 'PK', AttributeType: 'S' },
    { AttributeName: 'SK', AttributeType: 'S' },
    { AttributeName: 'GSI1PK', AttributeType: 'S' },
    { AttributeName: 'GSI1SK', AttributeType: 'S' },
  ],
  BillingMode: 'PAY_PER_REQUEST',
  GlobalSecondaryIndexes: [
    {
      IndexName: 'GSI1',
      KeySchema: [
        { AttributeName: 'GSI1PK', KeyType: 'HASH' },
        { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
  KeySchema: [
    { AttributeName: 'PK', KeyType: 'HASH' },
    { AttributeName: 'SK', KeyType: 'RANGE' },
  ],
  PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
  SSESpecification: { SSEEnabled: true },
  StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
  Tags: [
    { Key: 'project', Value: 'bookmarks' },
    { Key: 'stage', Value: 'dev' },
  ],
};

/** An idempotency table with a TTL, as the throwaway app's template declares it (DedupTable8F3B62D4). */
const IDEMPOTENCY_TABLE = {
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
  BillingMode: 'PAY_PER_REQUEST',
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
  SSESpecification: { SSEEnabled: true },
  Tags: [
    { Key: 'project', Value: 'bookmarks' },
    { Key: 'stage', Value: 'dev' },
  ],
  TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
};

const GSI2 = {
  IndexName: 'GSI2',
  KeySchema: [
    { AttributeName: 'GSI2PK', KeyType: 'HASH' },
    { AttributeName: 'GSI2SK', KeyType: 'RANGE' },
  ],
  Projection: { ProjectionType: 'KEYS_ONLY' },
};
const GSI2_ATTRIBUTES = [
  { AttributeName: 'GSI2PK', AttributeType: 'S' },
  { AttributeName: 'GSI2SK', AttributeType: 'S' },
];

let client: DynamoDBClient;
const made: string[] = [];

beforeAll(() => {
  client = clients(dynamodbEndpoint()).raw;
});

afterAll(async () => {
  await Promise.allSettled(made.map((name) => client.send(new DeleteTableCommand({ TableName: name }))));
  client?.destroy();
});

/** A definition with a fresh table name (remembered for clean-up). */
function table(logicalId: string, properties: Record<string, unknown>, tableName = uniqueName(logicalId.slice(0, 20))): TableDefinition {
  if (!made.includes(tableName)) made.push(tableName);
  return { logicalId, tableName, properties };
}

const withProps = (def: TableDefinition, properties: Record<string, unknown>): TableDefinition => ({ ...def, properties });

async function provisionOne(def: TableDefinition) {
  const [result] = await provisionTables(client, [def]);
  return result!;
}

async function describeTable(name: string): Promise<TableDescription> {
  return (await client.send(new DescribeTableCommand({ TableName: name }))).Table!;
}

async function ttlOf(name: string) {
  return (await client.send(new DescribeTimeToLiveCommand({ TableName: name }))).TimeToLiveDescription;
}

async function put(name: string, item: Record<string, string>) {
  await client.send(new PutItemCommand({ TableName: name, Item: Object.fromEntries(Object.entries(item).map(([k, v]) => [k, { S: v }])) }));
}

async function queryIndex(name: string, index: string, hashKey: string, value: string): Promise<string[]> {
  const out = await client.send(
    new QueryCommand({ TableName: name, IndexName: index, KeyConditionExpression: '#k = :v', ExpressionAttributeNames: { '#k': hashKey }, ExpressionAttributeValues: { ':v': { S: value } } }),
  );
  return (out.Items ?? []).map((i) => `${i.PK?.S}|${i.SK?.S}`).sort();
}

const indexNames = (t: TableDescription) => (t.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort();

describe('createTableInput', () => {
  it('maps the template data table to CreateTable and leaves out what has no local meaning', () => {
    expect(createTableInput({ logicalId: 'BookmarksTable5C1E9A07', tableName: 'data', properties: DATA_TABLE })).toEqual({
      TableName: 'data',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: DATA_TABLE.KeySchema,
      AttributeDefinitions: DATA_TABLE.AttributeDefinitions,
      GlobalSecondaryIndexes: DATA_TABLE.GlobalSecondaryIndexes,
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('gives PROVISIONED tables and their GSIs throughput: the template values (strings too) or 5/5; BillingMode absent means PROVISIONED', () => {
    const input = createTableInput({
      logicalId: 'T',
      tableName: 't',
      properties: {
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: 'S' },
          { AttributeName: 'g', AttributeType: 'N' },
        ],
        ProvisionedThroughput: { ReadCapacityUnits: '3', WriteCapacityUnits: 4 },
        GlobalSecondaryIndexes: [
          {
            IndexName: 'G',
            KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['a'] },
            ContributorInsightsSpecification: { Enabled: true },
          },
        ],
        LocalSecondaryIndexes: [],
        TableClass: 'STANDARD_INFREQUENT_ACCESS',
      },
    });
    expect(input).toEqual({
      TableName: 't',
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 },
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'g', AttributeType: 'N' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'G',
          KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['a'] },
          ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
        },
      ],
      LocalSecondaryIndexes: [],
    });
  });

  it('rejects malformed properties with the property path', () => {
    expect(() => createTableInput({ logicalId: 'T', tableName: 't', properties: { KeySchema: [{ AttributeName: 'id', KeyType: 'PRIMARY' }] } })).toThrow('KeySchema[0].KeyType must be HASH or RANGE');
    expect(() => createTableInput({ logicalId: 'T', tableName: 't', properties: { KeySchema: [], StreamSpecification: { StreamViewType: 'ALL' } } })).toThrow(/StreamViewType must be/);
  });

  it('timeToLiveAttribute answers the attribute only when TTL is enabled', () => {
    const ttl = (spec: unknown) => timeToLiveAttribute({ logicalId: 'T', tableName: 't', properties: { TimeToLiveSpecification: spec } });
    expect(ttl({ AttributeName: 'expiration', Enabled: true })).toBe('expiration');
    expect(ttl({ AttributeName: 'expiration', Enabled: 'true' })).toBe('expiration');
    expect(ttl({ AttributeName: 'expiration', Enabled: false })).toBeUndefined();
    expect(ttl(undefined)).toBeUndefined();
  });
});

describe('creating the template tables', () => {
  let data: TableDefinition;
  let idempotency: TableDefinition;
  let first: Awaited<ReturnType<typeof provisionTables>>;

  beforeAll(async () => {
    data = table('BookmarksTable5C1E9A07', DATA_TABLE);
    idempotency = table('DedupTable8F3B62D4', IDEMPOTENCY_TABLE);
    first = await provisionTables(client, [data, idempotency]);
  });

  it('creates both, the data table with its key, GSI1 and a NEW_AND_OLD_IMAGES stream whose ARN is answered', async () => {
    const description = await describeTable(data.tableName);
    expect(first).toEqual([
      { logicalId: 'BookmarksTable5C1E9A07', tableName: data.tableName, streamArn: description.LatestStreamArn, created: true, changes: ['created'] },
      { logicalId: 'DedupTable8F3B62D4', tableName: idempotency.tableName, created: true, changes: ['created'] },
    ]);
    expect(description.TableStatus).toBe('ACTIVE');
    expect(description.KeySchema).toEqual(DATA_TABLE.KeySchema);
    expect(description.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(description.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(description.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.IndexStatus, i.KeySchema, i.Projection])).toEqual([
      ['GSI1', 'ACTIVE', DATA_TABLE.GlobalSecondaryIndexes[0]!.KeySchema, { ProjectionType: 'ALL' }],
    ]);
  });

  it('GSI1 can be queried', async () => {
    await put(data.tableName, { PK: 'USER#1', SK: 'ORDER#1', GSI1PK: 'STATUS#NEW', GSI1SK: '2024-01-01' });
    expect(await queryIndex(data.tableName, 'GSI1', 'GSI1PK', 'STATUS#NEW')).toEqual(['USER#1|ORDER#1']);
  });

  it('enables TTL on the idempotency table and gives it no stream', async () => {
    expect(await ttlOf(idempotency.tableName)).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiration' });
    expect((await describeTable(idempotency.tableName)).StreamSpecification).toBeUndefined();
    expect(await ttlOf(data.tableName)).toEqual({ TimeToLiveStatus: 'DISABLED' });
  });

  it('a second call changes nothing, keeps the items and answers the same stream', async () => {
    await put(data.tableName, { PK: 'USER#2', SK: 'PROFILE' });
    await put(idempotency.tableName, { id: 'event-1' });
    const before = await scanAll(client, data.tableName);
    const again = await provisionTables(client, [data, idempotency]);
    expect(again).toEqual(first.map((r) => ({ ...r, created: false, changes: [] })));
    expect(await scanAll(client, data.tableName)).toEqual(before);
    expect(await scanAll(client, idempotency.tableName)).toEqual([{ id: 'event-1' }]);
    expect(await ttlOf(idempotency.tableName)).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiration' });
  });
});

describe('updating an existing table in place', () => {
  it('adds a GSI to a table with items and backfills it before answering', async () => {
    const def = table('BookmarksTable5C1E9A07', DATA_TABLE);
    await provisionOne(def);
    await put(def.tableName, { PK: 'USER#1', SK: 'ORDER#1', GSI2PK: 'COUNTRY#NZ', GSI2SK: 'a' });
    await put(def.tableName, { PK: 'USER#2', SK: 'ORDER#2', GSI2PK: 'COUNTRY#NZ', GSI2SK: 'b' });
    await put(def.tableName, { PK: 'USER#3', SK: 'ORDER#3', GSI2PK: 'COUNTRY#AU', GSI2SK: 'c' });

    const result = await provisionOne(
      withProps(def, { ...DATA_TABLE, AttributeDefinitions: [...DATA_TABLE.AttributeDefinitions, ...GSI2_ATTRIBUTES], GlobalSecondaryIndexes: [...DATA_TABLE.GlobalSecondaryIndexes, GSI2] }),
    );

    expect(result).toMatchObject({ created: false, changes: ['added index GSI2'] });
    const description = await describeTable(def.tableName);
    expect(description.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.IndexStatus]).sort()).toEqual([
      ['GSI1', 'ACTIVE'],
      ['GSI2', 'ACTIVE'],
    ]);
    expect(await queryIndex(def.tableName, 'GSI2', 'GSI2PK', 'COUNTRY#NZ')).toEqual(['USER#1|ORDER#1', 'USER#2|ORDER#2']);
    // The stream is the one the table had: adding an index does not touch it.
    expect(result.streamArn).toBe(description.LatestStreamArn);
  });

  it('deletes a GSI the template no longer has, keeping the items', async () => {
    const def = table('BookmarksTable5C1E9A07', {
      ...DATA_TABLE,
      AttributeDefinitions: [...DATA_TABLE.AttributeDefinitions, ...GSI2_ATTRIBUTES],
      GlobalSecondaryIndexes: [...DATA_TABLE.GlobalSecondaryIndexes, GSI2],
    });
    await provisionOne(def);
    await put(def.tableName, { PK: 'USER#1', SK: 'PROFILE', GSI2PK: 'x', GSI2SK: 'y' });

    const result = await provisionOne(withProps(def, DATA_TABLE));

    expect(result.changes).toEqual(['deleted index GSI2']);
    expect(indexNames(await describeTable(def.tableName))).toEqual(['GSI1']);
    expect(await scanAll(client, def.tableName)).toEqual([{ PK: 'USER#1', SK: 'PROFILE', GSI2PK: 'x', GSI2SK: 'y' }]);
  });

  it('replaces a GSI whose key attribute type changed', async () => {
    const def = table('BookmarksTable5C1E9A07', DATA_TABLE);
    await provisionOne(def);
    const numericSort = { ...DATA_TABLE, AttributeDefinitions: DATA_TABLE.AttributeDefinitions.map((a) => (a.AttributeName === 'GSI1SK' ? { ...a, AttributeType: 'N' } : a)) };

    expect((await provisionOne(withProps(def, numericSort))).changes).toEqual(['replaced index GSI1 (its keys or projection changed)']);
    expect((await describeTable(def.tableName)).AttributeDefinitions).toContainEqual({ AttributeName: 'GSI1SK', AttributeType: 'N' });
  });

  it('replaces a GSI whose projection changed, backfilling the new one', async () => {
    const def = table('BookmarksTable5C1E9A07', DATA_TABLE);
    await provisionOne(def);
    await put(def.tableName, { PK: 'USER#1', SK: 'ORDER#1', GSI1PK: 'STATUS#NEW', GSI1SK: 'a', note: 'kept' });

    const included = { ...DATA_TABLE, GlobalSecondaryIndexes: [{ ...DATA_TABLE.GlobalSecondaryIndexes[0]!, Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['note'] } }] };
    const result = await provisionOne(withProps(def, included));

    expect(result.changes).toEqual(['replaced index GSI1 (its keys or projection changed)']);
    expect((await describeTable(def.tableName)).GlobalSecondaryIndexes?.[0]?.Projection).toEqual({ ProjectionType: 'INCLUDE', NonKeyAttributes: ['note'] });
    expect(await queryIndex(def.tableName, 'GSI1', 'GSI1PK', 'STATUS#NEW')).toEqual(['USER#1|ORDER#1']);
    expect((await provisionOne(withProps(def, included))).changes).toEqual([]);
  });

  it('adds a GSI to a PROVISIONED table (DynamoDB Local needs throughput for it)', async () => {
    const base = {
      KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
      ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 },
    };
    const def = table('ProvisionedTable', base);
    await provisionOne(def);
    const result = await provisionOne(
      withProps(def, {
        ...base,
        AttributeDefinitions: [...base.AttributeDefinitions, { AttributeName: 'G', AttributeType: 'S' }],
        GlobalSecondaryIndexes: [{ IndexName: 'ByG', KeySchema: [{ AttributeName: 'G', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
      }),
    );
    expect(result.changes).toEqual(['added index ByG']);
    expect((await describeTable(def.tableName)).GlobalSecondaryIndexes?.[0]).toMatchObject({
      IndexName: 'ByG',
      IndexStatus: 'ACTIVE',
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    });
  });

  it('changes the stream view type by making a new stream, and enables and disables streams', async () => {
    const def = table('BookmarksTable5C1E9A07', DATA_TABLE);
    const created = await provisionOne(def);

    const keysOnly = await provisionOne(withProps(def, { ...DATA_TABLE, StreamSpecification: { StreamViewType: 'KEYS_ONLY' } }));
    expect(keysOnly.changes).toEqual(['changed stream view type from NEW_AND_OLD_IMAGES to KEYS_ONLY (a new stream)']);
    expect(keysOnly.streamArn).toMatch(/\/stream\//);
    expect(keysOnly.streamArn).not.toBe(created.streamArn);
    expect((await describeTable(def.tableName)).StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'KEYS_ONLY' });

    const { StreamSpecification: _stream, ...withoutStream } = DATA_TABLE;
    const disabled = await provisionOne(withProps(def, withoutStream));
    expect(disabled.changes).toEqual(['disabled stream']);
    expect(disabled.streamArn).toBeUndefined();
    expect((await describeTable(def.tableName)).StreamSpecification).toBeUndefined();

    const enabled = await provisionOne(withProps(def, DATA_TABLE));
    expect(enabled.changes).toEqual(['enabled stream (NEW_AND_OLD_IMAGES)']);
    expect(enabled.streamArn).toBe((await describeTable(def.tableName)).LatestStreamArn);
  });

  it('moves, disables and enables time to live', async () => {
    const def = table('DedupTable8F3B62D4', IDEMPOTENCY_TABLE);
    await provisionOne(def);

    const moved = await provisionOne(withProps(def, { ...IDEMPOTENCY_TABLE, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } }));
    expect(moved.changes).toEqual(['moved time to live from expiration to expiresAt']);
    expect(await ttlOf(def.tableName)).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });

    const disabled = await provisionOne(withProps(def, { ...IDEMPOTENCY_TABLE, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: false } }));
    expect(disabled.changes).toEqual(['disabled time to live on expiresAt']);
    expect(await ttlOf(def.tableName)).toEqual({ TimeToLiveStatus: 'DISABLED' });

    expect((await provisionOne(def)).changes).toEqual(['enabled time to live on expiration']);
    expect(await ttlOf(def.tableName)).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiration' });
  });
});

describe('what cannot change', () => {
  it('a different primary key is refused with the logical id and how to reset, leaving table and items as they were', async () => {
    const def = table('BookmarksTable5C1E9A07', DATA_TABLE);
    await provisionOne(def);
    await put(def.tableName, { PK: 'USER#1', SK: 'PROFILE', name: 'Ada' });
    const before = await describeTable(def.tableName);

    const hashOnly = { ...DATA_TABLE, KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }], AttributeDefinitions: DATA_TABLE.AttributeDefinitions.filter((a) => a.AttributeName !== 'SK') };
    const attempt = provisionOne(withProps(def, hashOnly));

    await expect(attempt).rejects.toBeInstanceOf(TableProvisioningError);
    await expect(attempt).rejects.toMatchObject({ logicalId: 'BookmarksTable5C1E9A07' });
    await expect(attempt).rejects.toThrow(
      `Table BookmarksTable5C1E9A07 (${def.tableName}) exists in the local data, but its primary key is PK (S) HASH, SK (S) RANGE but the template declares PK (S) HASH.`,
    );
    await expect(attempt).rejects.toThrow(/delete the \.local\/ folder.*--ephemeral/);
    expect(await describeTable(def.tableName)).toEqual(before);
    expect(await scanAll(client, def.tableName)).toEqual([{ PK: 'USER#1', SK: 'PROFILE', name: 'Ada' }]);
  });

  it('a changed key attribute type is a different primary key too', async () => {
    const def = table('DedupTable8F3B62D4', IDEMPOTENCY_TABLE);
    await provisionOne(def);
    await expect(provisionOne(withProps(def, { ...IDEMPOTENCY_TABLE, AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'N' }] }))).rejects.toThrow(
      /its primary key is id \(S\) HASH but the template declares id \(N\) HASH/,
    );
  });

  it('adding a local secondary index is refused', async () => {
    const def = table('BookmarksTable5C1E9A07', DATA_TABLE);
    await provisionOne(def);
    const withLsi = {
      ...DATA_TABLE,
      AttributeDefinitions: [...DATA_TABLE.AttributeDefinitions, { AttributeName: 'createdAt', AttributeType: 'S' }],
      LocalSecondaryIndexes: [
        {
          IndexName: 'ByCreated',
          KeySchema: [
            { AttributeName: 'PK', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    };
    await expect(provisionOne(withProps(def, withLsi))).rejects.toThrow(
      /BookmarksTable5C1E9A07 .*local secondary indexes are \[none\] but the template declares \[ByCreated on PK \(S\) HASH, createdAt \(S\) RANGE projecting KEYS_ONLY\]/,
    );
  });
});

describe('several tables', () => {
  it('are provisioned concurrently, all in one call', async () => {
    const defs = Array.from({ length: 6 }, (_, i) => table(`Table${i}`, i % 2 ? IDEMPOTENCY_TABLE : DATA_TABLE));
    const results = await provisionTables(client, defs);
    expect(results.map((r) => [r.logicalId, r.created, r.changes, typeof r.streamArn])).toEqual(defs.map((d, i) => [d.logicalId, true, ['created'], i % 2 ? 'undefined' : 'string']));
    for (const def of defs) expect((await describeTable(def.tableName)).TableStatus).toBe('ACTIVE');
  });

  it('a failing table is named by its logical id, and the others are still provisioned', async () => {
    const good = table('GoodTable', IDEMPOTENCY_TABLE);
    const bad = table('BadTable', { ...IDEMPOTENCY_TABLE, AttributeDefinitions: [...IDEMPOTENCY_TABLE.AttributeDefinitions, { AttributeName: 'unused', AttributeType: 'S' }] });
    const attempt = provisionTables(client, [good, bad]);
    await expect(attempt).rejects.toMatchObject({ name: 'TableProvisioningError', logicalId: 'BadTable' });
    await expect(attempt).rejects.toThrow(`Table BadTable (${bad.tableName}) could not be provisioned: `);
    expect((await describeTable(good.tableName)).TableStatus).toBe('ACTIVE');
  });

  it('two failures are reported together', async () => {
    const bad = (id: string) => table(id, { KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] });
    await expect(provisionTables(client, [bad('BadOne'), bad('BadTwo')])).rejects.toThrow(/2 tables could not be provisioned:\n- Table BadOne .*\n- Table BadTwo /);
  });

  it('two provisioners racing for the same table both succeed, one of them creating it', async () => {
    const def = table('BookmarksTable5C1E9A07', DATA_TABLE);
    const [a, b] = await Promise.all([provisionOne(def), provisionOne(def)]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.streamArn).toBe(b.streamArn);
  });
});
