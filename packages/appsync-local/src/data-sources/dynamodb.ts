/**
 * The DynamoDB data source: AppSync's DynamoDB request objects
 * (https://docs.aws.amazon.com/appsync/latest/devguide/js-resolver-reference-dynamodb.html) run as
 * DynamoDB API calls, with AppSync's semantics on top:
 *
 * - results are plain JSON (GetItem: the item or null; Put/Update/Delete: the item; Query/Scan:
 *   {items, nextToken, scannedCount}; batch and transaction shapes as AppSync documents them);
 * - a failure is not raised: it comes back as ctx.error {message, type: "DynamoDB:<Error>"} and
 *   the response handler decides;
 * - a failed condition on PutItem counts as success when the stored item already equals the one
 *   written, and on DeleteItem when there is no item; otherwise ctx.result holds the current item;
 * - nextToken is opaque to resolvers (here base64url of DynamoDB's LastEvaluatedKey).
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import type { DataSourceResult } from '../appsync-js/resolver-execution.js';
import { toPlainMap, toWireMap, TypedValueError } from './dynamodb-values.js';

type Json = Record<string, unknown>;
type WireMap = Record<string, AttributeValue>;

interface Expression {
  expression: string;
  expressionNames?: Record<string, string>;
  expressionValues?: Json;
}

/** Names and values of several expressions, as one DynamoDB call takes them. */
class ExpressionParts {
  names: Record<string, string> = {};
  values: WireMap = {};

  add(e: Expression | undefined, what: string): string | undefined {
    if (e === undefined || e === null) return undefined;
    if (typeof e !== 'object' || typeof e.expression !== 'string') throw new RequestError(`${what} must be {expression, expressionNames?, expressionValues?}`);
    Object.assign(this.names, e.expressionNames ?? {});
    Object.assign(this.values, toWireMap(e.expressionValues ?? {}, `${what}.expressionValues`));
    return e.expression;
  }

  params() {
    return {
      ...(Object.keys(this.names).length ? { ExpressionAttributeNames: this.names } : {}),
      ...(Object.keys(this.values).length ? { ExpressionAttributeValues: this.values } : {}),
    };
  }
}

/** A request AppSync would refuse before calling DynamoDB. */
class RequestError extends Error {}

const CONDITION_FAILED_MESSAGE = 'The conditional request failed (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException)';

export function encodeNextToken(key: WireMap | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

function decodeNextToken(token: unknown): WireMap | undefined {
  if (token === undefined || token === null) return undefined;
  try {
    const key = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as unknown;
    // A key is a map of attribute values, each one typed value ({"S": "..."}), or DynamoDB's SDK rejects it client-side.
    const isAttributeValue = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1;
    if (key && typeof key === 'object' && !Array.isArray(key) && Object.values(key).every(isAttributeValue)) return key as WireMap;
  } catch {
    // reported below
  }
  throw new RequestError('nextToken is not valid');
}

export class DynamoDbDataSource {
  constructor(
    private readonly client: DynamoDBClient,
    /** The table the data source is configured with (single-item operations, Query, Scan). */
    readonly tableName: string,
  ) {}

  async invoke(request: unknown): Promise<DataSourceResult> {
    try {
      if (!request || typeof request !== 'object') throw new RequestError('The request must be an object with an operation');
      const r = request as Json;
      switch (r['operation']) {
        case 'GetItem':
          return await this.getItem(r);
        case 'PutItem':
          return await this.putItem(r);
        case 'UpdateItem':
          return await this.updateItem(r);
        case 'DeleteItem':
          return await this.deleteItem(r);
        case 'Query':
          return await this.query(r);
        case 'Scan':
          return await this.scan(r);
        case 'BatchGetItem':
          return await this.batchGet(r);
        case 'BatchPutItem':
        case 'BatchDeleteItem':
          return await this.batchWrite(r);
        case 'TransactGetItems':
          return await this.transactGet(r);
        case 'TransactWriteItems':
          return await this.transactWrite(r);
        case 'Sync':
          throw new RequestError('Sync needs a versioned data source (conflict detection), which the local runtime does not implement');
        default:
          throw new RequestError(`Unsupported operation: ${JSON.stringify(r['operation'])}`);
      }
    } catch (err) {
      return { result: null, error: toDataSourceError(err) };
    }
  }

  private key(r: Json): WireMap {
    if (!r['key']) throw new RequestError('key is required');
    return toWireMap(r['key'], 'key');
  }

  private async getItem(r: Json): Promise<DataSourceResult> {
    const parts = new ExpressionParts();
    const projection = parts.add(r['projection'] as Expression | undefined, 'projection');
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: this.key(r), ConsistentRead: r['consistentRead'] === true, ...(projection ? { ProjectionExpression: projection } : {}), ...parts.params() }),
    );
    return { result: out.Item ? toPlainMap(out.Item) : null };
  }

  private async putItem(r: Json): Promise<DataSourceResult> {
    const key = this.key(r);
    const item = { ...toWireMap(r['attributeValues'] ?? {}, 'attributeValues'), ...key };
    const parts = new ExpressionParts();
    const condition = r['condition'] as (Expression & { equalsIgnore?: string[] }) | undefined;
    const conditionExpression = parts.add(condition, 'condition');
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: item,
          ...(conditionExpression ? { ConditionExpression: conditionExpression, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } : {}),
          ...parts.params(),
        }),
      );
      return { result: toPlainMap(item) };
    } catch (err) {
      const current = conditionFailedItem(err);
      if (current === undefined) throw err;
      // Idempotent success: the item is already what this request would have written.
      if (current && sameItem(toPlainMap(current), toPlainMap(item), condition?.equalsIgnore ?? [])) return { result: toPlainMap(current) };
      return conditionFailed(current);
    }
  }

  private async updateItem(r: Json): Promise<DataSourceResult> {
    const parts = new ExpressionParts();
    const update = parts.add(r['update'] as Expression, 'update');
    if (!update) throw new RequestError('update is required');
    const condition = parts.add(r['condition'] as Expression | undefined, 'condition');
    try {
      const out = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: this.key(r),
          UpdateExpression: update,
          ReturnValues: 'ALL_NEW',
          ...(condition ? { ConditionExpression: condition, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } : {}),
          ...parts.params(),
        }),
      );
      return { result: out.Attributes ? toPlainMap(out.Attributes) : null };
    } catch (err) {
      const current = conditionFailedItem(err);
      if (current === undefined) throw err;
      return conditionFailed(current);
    }
  }

  private async deleteItem(r: Json): Promise<DataSourceResult> {
    const parts = new ExpressionParts();
    const condition = parts.add(r['condition'] as Expression | undefined, 'condition');
    try {
      const out = await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: this.key(r),
          ReturnValues: 'ALL_OLD',
          ...(condition ? { ConditionExpression: condition, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } : {}),
          ...parts.params(),
        }),
      );
      return { result: out.Attributes ? toPlainMap(out.Attributes) : null };
    } catch (err) {
      const current = conditionFailedItem(err);
      if (current === undefined) throw err;
      // Idempotent success: there is nothing to delete.
      if (current === null) return { result: null };
      return conditionFailed(current);
    }
  }

  private async query(r: Json): Promise<DataSourceResult> {
    const parts = new ExpressionParts();
    const keyCondition = parts.add(r['query'] as Expression, 'query');
    if (!keyCondition) throw new RequestError('query is required');
    const out = await this.client.send(new QueryCommand({ KeyConditionExpression: keyCondition, ScanIndexForward: r['scanIndexForward'] !== false, ...this.readRequest(r, parts) }));
    return page(out);
  }

  private async scan(r: Json): Promise<DataSourceResult> {
    const segments = r['totalSegments'] !== undefined ? { TotalSegments: Number(r['totalSegments']), Segment: Number(r['segment']) } : {};
    const out = await this.client.send(new ScanCommand({ ...segments, ...this.readRequest(r, new ExpressionParts()) }));
    return page(out);
  }

  /**
   * What Query and Scan take alike: filter, projection, index, limit, select, consistency and the
   * page token. `parts` holds the operation's own expression (Query's key condition) already, so
   * the names and values of all of them go out together.
   */
  private readRequest(r: Json, parts: ExpressionParts) {
    const filter = parts.add(r['filter'] as Expression | undefined, 'filter');
    const projection = parts.add(r['projection'] as Expression | undefined, 'projection');
    return {
      TableName: this.tableName,
      ...(filter ? { FilterExpression: filter } : {}),
      ...(projection ? { ProjectionExpression: projection } : {}),
      ...(r['index'] ? { IndexName: String(r['index']) } : {}),
      ...(r['limit'] !== undefined && r['limit'] !== null ? { Limit: Number(r['limit']) } : {}),
      ...(r['select'] ? { Select: r['select'] as never } : {}),
      ConsistentRead: r['consistentRead'] === true,
      ExclusiveStartKey: decodeNextToken(r['nextToken']),
      ...parts.params(),
    };
  }

  private async batchGet(r: Json): Promise<DataSourceResult> {
    const tables = r['tables'] as Record<string, unknown> | undefined;
    if (!tables || typeof tables !== 'object') throw new RequestError('tables is required');
    const requested: Record<string, WireMap[]> = {};
    const requestItems: Record<string, { Keys: WireMap[]; ConsistentRead?: boolean; ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> }> = {};
    let total = 0;
    for (const [table, spec] of Object.entries(tables)) {
      // The docs show both `[key]` and `{keys: [key]}`; AppSync's type says the latter.
      const s = (Array.isArray(spec) ? { keys: spec } : spec) as { keys: unknown[]; consistentRead?: boolean; projection?: Expression };
      const keys = (s.keys ?? []).map((k, i) => toWireMap(k, `tables.${table}.keys[${i}]`));
      total += keys.length;
      requested[table] = keys;
      const parts = new ExpressionParts();
      const projection = parts.add(s.projection, 'projection');
      requestItems[table] = { Keys: keys, ...(s.consistentRead ? { ConsistentRead: true } : {}), ...(projection ? { ProjectionExpression: projection, ExpressionAttributeNames: parts.names } : {}) };
    }
    if (total > 100) throw new RequestError('BatchGetItem takes at most 100 keys');
    const out = await this.client.send(new BatchGetItemCommand({ RequestItems: requestItems }));
    const data: Record<string, (Json | null)[]> = {};
    const unprocessedKeys: Record<string, Json[]> = {};
    for (const [table, keys] of Object.entries(requested)) {
      const found = out.Responses?.[table] ?? [];
      const unprocessed = out.UnprocessedKeys?.[table]?.Keys ?? [];
      data[table] = keys.map((key) => {
        const match = found.find((item) => Object.entries(key).every(([k, v]) => JSON.stringify(item[k]) === JSON.stringify(v)));
        return match ? toPlainMap(match) : null;
      });
      unprocessedKeys[table] = unprocessed.map(toPlainMap);
    }
    return { result: { data, unprocessedKeys } };
  }

  private async batchWrite(r: Json): Promise<DataSourceResult> {
    const put = r['operation'] === 'BatchPutItem';
    const tables = r['tables'] as Record<string, unknown[]> | undefined;
    if (!tables || typeof tables !== 'object') throw new RequestError('tables is required');
    const requestItems: Record<string, { PutRequest?: { Item: WireMap }; DeleteRequest?: { Key: WireMap } }[]> = {};
    let total = 0;
    for (const [table, entries] of Object.entries(tables)) {
      requestItems[table] = (entries ?? []).map((e, i) => {
        const wire = toWireMap(e, `tables.${table}[${i}]`);
        return put ? { PutRequest: { Item: wire } } : { DeleteRequest: { Key: wire } };
      });
      total += requestItems[table]!.length;
    }
    if (total > 25) throw new RequestError(`${String(r['operation'])} takes at most 25 items`);
    const out = await this.client.send(new BatchWriteItemCommand({ RequestItems: requestItems }));
    const data: Record<string, Json[]> = {};
    const unprocessed: Record<string, Json[]> = {};
    for (const [table, entries] of Object.entries(requestItems)) {
      const left = (out.UnprocessedItems?.[table] ?? []).map((w) => JSON.stringify(w.PutRequest?.Item ?? w.DeleteRequest?.Key));
      data[table] = entries.filter((e) => !left.includes(JSON.stringify(e.PutRequest?.Item ?? e.DeleteRequest?.Key))).map((e) => toPlainMap((e.PutRequest?.Item ?? e.DeleteRequest?.Key)!));
      unprocessed[table] = (out.UnprocessedItems?.[table] ?? []).map((w) => toPlainMap((w.PutRequest?.Item ?? w.DeleteRequest?.Key)!));
    }
    return { result: put ? { data, unprocessedItems: unprocessed } : { data, unprocessedKeys: unprocessed } };
  }

  private async transactGet(r: Json): Promise<DataSourceResult> {
    const items = r['transactItems'] as { table: string; key: unknown; projection?: Expression }[] | undefined;
    if (!Array.isArray(items) || items.length === 0) throw new RequestError('transactItems is required');
    if (items.length > 100) throw new RequestError('TransactGetItems takes at most 100 items');
    try {
      const out = await this.client.send(
        new TransactGetItemsCommand({
          TransactItems: items.map((item, i) => {
            const parts = new ExpressionParts();
            const projection = parts.add(item.projection, 'projection');
            return {
              Get: { TableName: item.table, Key: toWireMap(item.key, `transactItems[${i}].key`), ...(projection ? { ProjectionExpression: projection, ExpressionAttributeNames: parts.names } : {}) },
            };
          }),
        }),
      );
      return { result: { items: (out.Responses ?? []).map((resp) => (resp.Item ? toPlainMap(resp.Item) : null)), cancellationReasons: null } };
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (!reasons) throw err;
      return { result: { items: null, cancellationReasons: reasons.map(({ type, message }) => ({ type, message })) }, error: toDataSourceError(err) };
    }
  }

  private async transactWrite(r: Json): Promise<DataSourceResult> {
    const items = r['transactItems'] as Json[] | undefined;
    if (!Array.isArray(items) || items.length === 0) throw new RequestError('transactItems is required');
    if (items.length > 100) throw new RequestError('TransactWriteItems takes at most 100 items');
    const writes: TransactWriteItem[] = items.map((item, i) => {
      const table = String(item['table']);
      const key = toWireMap(item['key'], `transactItems[${i}].key`);
      const parts = new ExpressionParts();
      const condition = item['condition'] as (Expression & { returnValuesOnConditionCheckFailure?: boolean }) | undefined;
      const conditionExpression = parts.add(condition, `transactItems[${i}].condition`);
      const onFailure = condition?.returnValuesOnConditionCheckFailure === false ? 'NONE' : 'ALL_OLD';
      const conditionParams = conditionExpression ? { ConditionExpression: conditionExpression, ReturnValuesOnConditionCheckFailure: onFailure } : {};
      switch (item['operation']) {
        case 'PutItem':
          return {
            Put: { TableName: table, Item: { ...toWireMap(item['attributeValues'] ?? {}, `transactItems[${i}].attributeValues`), ...key }, ...conditionParams, ...parts.params() },
          } as TransactWriteItem;
        case 'UpdateItem': {
          const update = parts.add(item['update'] as Expression, `transactItems[${i}].update`);
          if (!update) throw new RequestError(`transactItems[${i}].update is required`);
          return { Update: { TableName: table, Key: key, UpdateExpression: update, ...conditionParams, ...parts.params() } } as TransactWriteItem;
        }
        case 'DeleteItem':
          return { Delete: { TableName: table, Key: key, ...conditionParams, ...parts.params() } } as TransactWriteItem;
        case 'ConditionCheck':
          if (!conditionExpression) throw new RequestError(`transactItems[${i}]: ConditionCheck needs a condition`);
          return { ConditionCheck: { TableName: table, Key: key, ...conditionParams, ...parts.params() } } as TransactWriteItem;
        default:
          throw new RequestError(`transactItems[${i}].operation must be PutItem, UpdateItem, DeleteItem or ConditionCheck`);
      }
    });
    try {
      await this.client.send(new TransactWriteItemsCommand({ TransactItems: writes }));
      return { result: { keys: items.map((item) => item['key'] && toPlainMap(toWireMap(item['key']))), cancellationReasons: null } };
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (!reasons) throw err;
      return { result: { keys: null, cancellationReasons: reasons }, error: toDataSourceError(err) };
    }
  }
}

/** The item a failed condition met (null when there was none); undefined when the error is something else. */
function conditionFailedItem(err: unknown): WireMap | null | undefined {
  if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') return undefined;
  return ((err as { Item?: WireMap }).Item ?? null) as WireMap | null;
}

function conditionFailed(current: WireMap | null): DataSourceResult {
  return { result: current ? toPlainMap(current) : null, error: { message: CONDITION_FAILED_MESSAGE, type: 'DynamoDB:ConditionalCheckFailedException' } };
}

/** Whether two items are equal, ignoring the named attributes (equalsIgnore). */
function sameItem(a: Json, b: Json, ignore: string[]): boolean {
  const strip = (o: Json) =>
    JSON.stringify(
      Object.entries(o)
        .filter(([k]) => !ignore.includes(k))
        .sort(([x], [y]) => (x < y ? -1 : 1)),
    );
  return strip(a) === strip(b);
}

/**
 * AppSync's cancellationReasons: one per request item, in order, `None` where nothing failed. A
 * failed condition is `ConditionCheckFailed` / "The condition check failed." in AppSync's
 * documented result (DynamoDB itself says `ConditionalCheckFailed`).
 */
function cancellationReasons(err: unknown): { item?: Json; type: string; message: string }[] | undefined {
  if ((err as { name?: string }).name !== 'TransactionCanceledException') return undefined;
  const reasons = (err as { CancellationReasons?: { Code?: string; Message?: string; Item?: WireMap }[] }).CancellationReasons ?? [];
  return reasons.map((reason) => {
    const code = reason.Code ?? 'None';
    const type = code === 'ConditionalCheckFailed' ? 'ConditionCheckFailed' : code;
    const message = type === 'None' ? 'None' : type === 'ConditionCheckFailed' ? 'The condition check failed.' : (reason.Message ?? type);
    return { ...(reason.Item ? { item: toPlainMap(reason.Item) } : {}), type, message };
  });
}

function toDataSourceError(err: unknown): { message: string; type: string } {
  if (err instanceof RequestError || err instanceof TypedValueError) return { message: err.message, type: 'DynamoDB:ValidationException' };
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (!e.$metadata?.httpStatusCode) {
    // Never reached DynamoDB (refused connection, timeout).
    return { message: 'DynamoDB could not be reached.', type: 'DynamoDB:ServiceUnavailable' };
  }
  return { message: `${e.message ?? e.name} (Service: AmazonDynamoDBv2; Status Code: ${e.$metadata.httpStatusCode}; Error Code: ${e.name})`, type: `DynamoDB:${e.name ?? 'AmazonDynamoDBException'}` };
}

/** A Query's or Scan's page as AppSync answers it. */
function page(out: { Items?: WireMap[]; LastEvaluatedKey?: WireMap; ScannedCount?: number }): DataSourceResult {
  return { result: { items: (out.Items ?? []).map(toPlainMap), nextToken: encodeNextToken(out.LastEvaluatedKey), scannedCount: out.ScannedCount ?? 0 } };
}
