/**
 * The API's table for whole-field tests: a fresh table in the run's DynamoDB Local (keys, GSI1 and
 * stream as infra/ defines them) behind the real AppSync DynamoDB data source
 * (local/data-sources/dynamodb.ts), so every request a resolver sends is executed by DynamoDB.
 *
 * Around that real data source, and only around it, the table offers what tests need to look at
 * and steer a resolution:
 * - every call is recorded (`calls`, `operations()`), before anything else happens to it;
 * - `beforeEach` hooks run before a request reaches DynamoDB (to let a concurrent writer commit);
 * - `failNext` answers the next matching request with an error instead of sending it (a throttle,
 *   an outage: failures DynamoDB Local cannot be made to produce);
 * - `put`, `get` and `items` write and read the table directly (consistent reads), with items as
 *   resolvers see them (numbers as numbers).
 *
 * A DynamoDB error a resolver cannot have planned for (ValidationException, an unknown table, ...)
 * throws instead of reaching the resolver, so a malformed request fails the test rather than
 * passing as InternalFailure. Failed conditions and cancelled transactions do reach it.
 */
import { BatchWriteItemCommand, GetItemCommand, PutItemCommand, ScanCommand, type AttributeValue, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll } from 'vitest';
import type { DataSourceInvoker, DataSourceResult } from 'appsync-local/runtime';
import { DynamoDbDataSource } from 'appsync-local/runtime';
import { toPlainMap } from 'appsync-local/runtime';
import type { Item } from './table-items.js';
import { clients, createUsersOrdersTable, dynamodbEndpoint } from './tables.js';

export type { Item } from './table-items.js';

export type Request = Record<string, unknown>;

export interface RecordedCall {
  dataSource: string;
  request: Request;
}

export interface LocalTableOptions {
  /**
   * How a failed condition is spelled in TransactWriteItems cancellationReasons. The data source
   * answers AppSync's documented `ConditionCheckFailed`; DynamoDB's own code is
   * `ConditionalCheckFailed`, and resolvers must accept both. Only the spelling is changed.
   */
  conditionFailedReason?: string;
}

/** Errors the resolvers handle as outcomes; any other error from DynamoDB means a bad request. */
const EXPECTED_ERRORS = new Set(['DynamoDB:ConditionalCheckFailedException', 'DynamoDB:TransactionCanceledException']);

let shared: DynamoDBClient | undefined;

function client(): DynamoDBClient {
  shared ??= clients(dynamodbEndpoint()).raw;
  return shared;
}

// Registered when a test file imports this module: the file's client goes when its tests are done.
afterAll(() => {
  shared?.destroy();
  shared = undefined;
});

export class LocalTable {
  readonly calls: RecordedCall[] = [];
  private readonly failures: { when: (request: Request) => boolean; error: { type: string; message: string } }[] = [];
  private readonly beforeHooks: ((request: Request) => void | Promise<void>)[] = [];
  private readonly dataSource: DynamoDbDataSource;

  private constructor(
    private readonly client: DynamoDBClient,
    /** The table's real name: resolvers get it as ctx.env.TABLE_NAME. */
    readonly tableName: string,
    private readonly options: LocalTableOptions,
  ) {
    this.dataSource = new DynamoDbDataSource(client, tableName);
  }

  /** A new table of its own in DynamoDB Local, holding `items`. */
  static async create(items: Item[] = [], options: LocalTableOptions = {}): Promise<LocalTable> {
    const db = client();
    const { name } = await createUsersOrdersTable(db);
    const table = new LocalTable(db, name, options);
    await table.putAll(items);
    return table;
  }

  /** Writes an item as given (plain attribute values), replacing any item with its key. */
  async put(item: Item): Promise<void> {
    await this.client.send(new PutItemCommand({ TableName: this.tableName, Item: marshall(item, { removeUndefinedValues: true }) }));
  }

  /** Writes items with BatchWriteItem, 25 at a time, until none is left unprocessed. */
  async putAll(items: Item[]): Promise<void> {
    const requests: WriteRequest[] = items.map((item) => ({ PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) } }));
    for (let start = 0; start < requests.length; start += 25) {
      let batch: WriteRequest[] = requests.slice(start, start + 25);
      for (let attempt = 0; batch.length > 0; attempt++) {
        if (attempt > 10) throw new Error(`DynamoDB Local left ${batch.length} items unprocessed`);
        const out = await this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.tableName]: batch } }));
        batch = out.UnprocessedItems?.[this.tableName] ?? [];
      }
    }
  }

  /** The item with this key (consistent read), or undefined. */
  async get(PK: string, SK: string): Promise<Item | undefined> {
    const out = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall({ PK, SK }), ConsistentRead: true }));
    return out.Item ? toPlainMap(out.Item) : undefined;
  }

  /** Every item in the table (consistent scan), ordered by key: see `byKey`. */
  async items(): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(new ScanCommand({ TableName: this.tableName, ConsistentRead: true, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []).map(toPlainMap));
      start = page.LastEvaluatedKey;
    } while (start);
    return byKey(items);
  }

  /** The next request for which `when` holds is answered with `error` and never reaches DynamoDB. */
  failNext(error: { type: string; message: string }, when: (request: Request) => boolean = () => true): void {
    this.failures.push({ when, error });
  }

  /** Runs (and awaits) `hook` before each request is sent, e.g. to let a concurrent writer commit first. */
  beforeEach(hook: (request: Request) => void | Promise<void>): void {
    this.beforeHooks.push(hook);
  }

  /** Operations of the recorded calls, in order. */
  operations(): string[] {
    return this.calls.map((c) => String(c.request['operation']));
  }

  /** The 'table' data source for resolveField. */
  readonly invoke: DataSourceInvoker = async ({ dataSource, request }) => {
    const req = structuredClone(request) as Request;
    this.calls.push({ dataSource, request: structuredClone(req) });
    if (dataSource !== 'table') throw new Error(`LocalTable got a request for data source ${dataSource}`);
    for (const hook of this.beforeHooks) await hook(req);
    const failure = this.failures.findIndex((f) => f.when(req));
    if (failure !== -1) {
      const { error } = this.failures.splice(failure, 1)[0]!;
      return { result: null, error };
    }
    const answer = await this.dataSource.invoke(req);
    if (answer.error && !EXPECTED_ERRORS.has(answer.error.type)) {
      throw new Error(`DynamoDB refused a ${String(req['operation'])} request: ${answer.error.type}: ${answer.error.message}\n${JSON.stringify(req)}`);
    }
    return this.respell(answer);
  };

  private respell(answer: DataSourceResult): DataSourceResult {
    const spelling = this.options.conditionFailedReason;
    const reasons = (answer.result as { cancellationReasons?: { type: string }[] | null } | null)?.cancellationReasons;
    if (!spelling || !reasons) return answer;
    const respelled = reasons.map((r) => (r.type === 'ConditionCheckFailed' ? { ...r, type: spelling } : r));
    return { ...answer, result: { ...(answer.result as object), cancellationReasons: respelled } };
  }
}

/** UTF-8 byte order, as DynamoDB orders string keys. */
function compareKeys(a: unknown, b: unknown): number {
  return Buffer.compare(Buffer.from(String(a), 'utf8'), Buffer.from(String(b), 'utf8'));
}

/** Items ordered by PK, then SK: how `items()` lists them, and how to write what it should equal. */
export function byKey(items: Item[]): Item[] {
  return [...items].sort((a, b) => compareKeys(a['PK'], b['PK']) || compareKeys(a['SK'], b['SK']));
}
