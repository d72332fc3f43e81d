/**
 * The `@aws-appsync/utils/dynamodb` built-in module
 * (https://docs.aws.amazon.com/appsync/latest/devguide/built-in-modules-js.html): plain values in,
 * DynamoDB data-source requests out.
 *
 * Shapes follow what AppSync's EvaluateCode returns where it has been recorded
 * (localstack/appsync-utils snapshots): `item` becomes `attributeValues`, update placeholders are
 * `#expName_N`/`:expValue_N`, every update operation except remove() is a SET (operations.add is
 * not DynamoDB's ADD), and the operation markers are `{type: "OPERATION_ADD", value}` etc.
 * Unrecorded details (key-condition and projection text) are documented in docs/appsync-js-runtime.md.
 */
import type * as DynamoDbModule from '@aws-appsync/utils/dynamodb';
import { isPlainObject, UtilInputError } from '../util/host-data.js';
import { isSetMarker, toAttributeMap, toAttributeValue, type AttributeValue } from '../util/dynamodb.js';
import { renderDynamoDbExpression, type DynamoDbExpression } from '../util/dynamodb-expression.js';

type Input = Record<string, unknown>;

interface Marker {
  type: string;
  value?: unknown;
  by?: number;
  items?: unknown[];
  index?: number;
}

const MARKER_TYPES = new Set([
  'OPERATION_ADD',
  'OPERATION_REPLACE',
  'OPERATION_INCREMENT',
  'OPERATION_DECREMENT',
  'OPERATION_APPEND',
  'OPERATION_PREPEND',
  'OPERATION_REMOVE',
  'OPERATION_UPDATE_LIST_ITEM',
]);

function isMarker(value: unknown): value is Marker {
  return isPlainObject(value) && typeof value['type'] === 'string' && MARKER_TYPES.has(value['type']);
}

function requireInput(name: string, input: unknown): Input {
  if (!isPlainObject(input)) throw new UtilInputError(`ddb.${name} expects an object`);
  return input;
}

function key(name: string, input: Input): Record<string, AttributeValue> {
  if (!isPlainObject(input['key'])) throw new UtilInputError(`ddb.${name}: key must be an object`);
  return toAttributeMap(input['key'], true);
}

/** A filter or condition object as an expression; module output omits empty names and values. */
function expression(name: string, what: string, filter: unknown): DynamoDbExpression | undefined {
  if (filter === undefined || filter === null) return undefined;
  const rendered = renderDynamoDbExpression(filter, { keepSets: true });
  if (!rendered) throw new UtilInputError(`ddb.${name}: the ${what} is not a valid filter object`);
  return compact(rendered);
}

function compact(e: DynamoDbExpression): DynamoDbExpression {
  const out: Partial<DynamoDbExpression> & { expression: string } = { expression: e.expression };
  if (Object.keys(e.expressionNames).length > 0) out.expressionNames = e.expressionNames;
  if (Object.keys(e.expressionValues).length > 0) out.expressionValues = e.expressionValues;
  return out as DynamoDbExpression;
}

const KEY_COMPARISONS: Record<string, string> = { eq: '=', lt: '<', le: '<=', gt: '>', ge: '>=' };

/** `{pk: {eq: "a"}, sk: {beginsWith: "b"}}` to a key condition expression. */
function keyCondition(query: unknown): DynamoDbExpression {
  if (!isPlainObject(query)) throw new UtilInputError('ddb.query: query must be an object of key conditions');
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  const clauses: string[] = [];
  for (const [attr, ops] of Object.entries(query)) {
    if (!isPlainObject(ops)) throw new UtilInputError(`ddb.query: the condition on ${attr} must be an object`);
    names[`#${attr}`] = attr;
    for (const [op, value] of Object.entries(ops)) {
      const ph = `:${attr}_${op}`;
      const typed = (v: unknown, p: string): string => {
        values[p] = toAttributeValue(v) ?? { NULL: null };
        return p;
      };
      const comparison = KEY_COMPARISONS[op];
      if (comparison) clauses.push(`#${attr} ${comparison} ${typed(value, ph)}`);
      else if (op === 'beginsWith') clauses.push(`begins_with(#${attr}, ${typed(value, ph)})`);
      else if (op === 'between' && Array.isArray(value) && value.length === 2) {
        clauses.push(`#${attr} BETWEEN ${typed(value[0], `${ph}_start`)} AND ${typed(value[1], `${ph}_end`)}`);
      } else throw new UtilInputError(`ddb.query: '${op}' is not a key condition operator (eq, lt, le, gt, ge, between, beginsWith)`);
    }
  }
  return { expression: clauses.join(' AND '), expressionNames: names, expressionValues: values };
}

/** `["id", "address.city"]` to a projection expression; each path segment gets one name placeholder. */
function projection(paths: unknown): { expression: string; expressionNames: Record<string, string> } | undefined {
  if (paths === undefined || paths === null) return undefined;
  if (!Array.isArray(paths)) throw new UtilInputError('projection must be a list of attribute paths');
  const names: Record<string, string> = {};
  const expression = paths
    .map((path) =>
      String(path)
        .split('.')
        .map((segment) => {
          names[`#${segment}`] = segment;
          return `#${segment}`;
        })
        .join('.'),
    )
    .join(', ');
  return { expression, expressionNames: names };
}

/** Copies the optional fields that are set, in the given order. */
function pick(input: Input, fields: string[]): Input {
  const out: Input = {};
  for (const f of fields) if (input[f] !== undefined) out[f] = input[f];
  return out;
}

/** Renders an update object. Clauses are grouped by keyword (SET, then REMOVE); aliases are numbered in output order. */
function updateExpression(update: unknown): DynamoDbExpression {
  if (!isPlainObject(update)) throw new UtilInputError('ddb.update: update must be an object');
  const sets: { path: string[]; index?: number; render: (target: string, value: () => string) => string; value?: unknown }[] = [];
  const removes: { path: string[] }[] = [];

  const walk = (obj: Record<string, unknown>, path: string[]): void => {
    for (const [field, v] of Object.entries(obj)) {
      const here = [...path, field];
      if (isMarker(v)) {
        switch (v.type) {
          case 'OPERATION_REMOVE':
            removes.push({ path: here });
            break;
          case 'OPERATION_INCREMENT':
            sets.push({ path: here, value: v.by ?? 1, render: (t, val) => `${t} = ${t} + ${val()}` });
            break;
          case 'OPERATION_DECREMENT':
            sets.push({ path: here, value: v.by ?? 1, render: (t, val) => `${t} = ${t} - ${val()}` });
            break;
          case 'OPERATION_APPEND':
            sets.push({ path: here, value: v.items, render: (t, val) => `${t} = list_append(${t}, ${val()})` });
            break;
          case 'OPERATION_PREPEND':
            sets.push({ path: here, value: v.items, render: (t, val) => `${t} = list_append(${val()}, ${t})` });
            break;
          default: // OPERATION_ADD and OPERATION_REPLACE both set the value
            sets.push({ path: here, value: v.value, render: (t, val) => `${t} = ${val()}` });
        }
      } else if (Array.isArray(v) && v.length > 0 && v.every(isMarker) && v.every((m) => m.type === 'OPERATION_UPDATE_LIST_ITEM')) {
        for (const item of v) sets.push({ path: here, index: item.index, value: item.value, render: (t, val) => `${t} = ${val()}` });
      } else if (isPlainObject(v) && !isSetMarker(v)) {
        walk(v, here);
      } else {
        sets.push({ path: here, value: v, render: (t, val) => `${t} = ${val()}` });
      }
    }
  };
  walk(update, []);

  const names: Record<string, string> = {};
  const aliasOf = new Map<string, string>();
  const values: Record<string, AttributeValue> = {};
  let valueCount = 0;
  const alias = (segment: string): string => {
    let a = aliasOf.get(segment);
    if (!a) {
      a = `#expName_${aliasOf.size + 1}`;
      aliasOf.set(segment, a);
      names[a] = segment;
    }
    return a;
  };
  const target = (path: string[], index?: number): string => path.map(alias).join('.') + (index === undefined ? '' : `[${index}]`);

  const setClauses = sets.map((s) =>
    s.render(target(s.path, s.index), () => {
      valueCount += 1;
      const ph = `:expValue_${valueCount}`;
      values[ph] = toAttributeValue(s.value, true) ?? { NULL: null };
      return ph;
    }),
  );
  const removeClauses = removes.map((r) => target(r.path));
  const expression = [setClauses.length ? `SET ${setClauses.join(', ')}` : '', removeClauses.length ? `REMOVE ${removeClauses.join(', ')}` : ''].filter(Boolean).join(' ');
  return compact({ expression, expressionNames: names, expressionValues: values });
}

function transactionCondition(name: string, condition: unknown) {
  return expression(name, 'condition', condition);
}

const dynamoDbModule = {
  get(input: unknown) {
    const i = requireInput('get', input);
    return { operation: 'GetItem', key: key('get', i), ...pick(i, ['consistentRead']), ...optional('projection', projection(i['projection'])) };
  },
  put(input: unknown) {
    const i = requireInput('put', input);
    if (!isPlainObject(i['item'])) throw new UtilInputError('ddb.put: item must be an object');
    return {
      operation: 'PutItem',
      key: key('put', i),
      attributeValues: toAttributeMap(i['item'], true),
      ...optional('condition', expression('put', 'condition', i['condition'])),
      ...pick(i, ['_version', 'customPartitionKey', 'populateIndexFields']),
    };
  },
  remove(input: unknown) {
    const i = requireInput('remove', input);
    return {
      operation: 'DeleteItem',
      key: key('remove', i),
      ...optional('condition', expression('remove', 'condition', i['condition'])),
      ...pick(i, ['_version', 'customPartitionKey', 'populateIndexFields']),
    };
  },
  update(input: unknown) {
    const i = requireInput('update', input);
    return {
      operation: 'UpdateItem',
      key: key('update', i),
      update: updateExpression(i['update']),
      ...optional('condition', expression('update', 'condition', i['condition'])),
      ...pick(i, ['_version', 'customPartitionKey', 'populateIndexFields']),
    };
  },
  query(input: unknown) {
    const i = requireInput('query', input);
    return {
      operation: 'Query',
      query: keyCondition(i['query']),
      ...optional('filter', expression('query', 'filter', i['filter'])),
      ...pick(i, ['index', 'nextToken', 'limit', 'scanIndexForward', 'consistentRead', 'select']),
      ...optional('projection', projection(i['projection'])),
    };
  },
  scan(input: unknown) {
    const i = requireInput('scan', input);
    return {
      operation: 'Scan',
      ...optional('filter', expression('scan', 'filter', i['filter'])),
      ...pick(i, ['index', 'limit', 'nextToken', 'consistentRead', 'segment', 'totalSegments', 'select', 'scanIndexForward']),
      ...optional('projection', projection(i['projection'])),
    };
  },
  sync(input: unknown) {
    const i = requireInput('sync', input);
    return {
      operation: 'Sync',
      ...pick(i, ['limit', 'nextToken', 'lastSync', 'basePartitionKey', 'deltaIndexName']),
      ...optional('filter', expression('sync', 'filter', i['filter'])),
    };
  },
  batchGet(input: unknown) {
    const tables = tablesOf('batchGet', input);
    return {
      operation: 'BatchGetItem',
      tables: mapValues(tables, (t, name) => {
        if (!isPlainObject(t) || !Array.isArray(t['keys'])) throw new UtilInputError(`ddb.batchGet: tables.${name} must be {keys: [...]}`);
        return {
          keys: t['keys'].map((k) => toAttributeMap(asObject('batchGet', k), true)),
          ...pick(t, ['consistentRead']),
          ...optional('projection', projection(t['projection'])),
        };
      }),
    };
  },
  batchPut(input: unknown) {
    const tables = tablesOf('batchPut', input);
    return { operation: 'BatchPutItem', tables: mapValues(tables, (items) => listOf('batchPut', items).map((it) => toAttributeMap(asObject('batchPut', it), true))) };
  },
  batchDelete(input: unknown) {
    const tables = tablesOf('batchDelete', input);
    return { operation: 'BatchDeleteItem', tables: mapValues(tables, (keys) => listOf('batchDelete', keys).map((k) => toAttributeMap(asObject('batchDelete', k), true))) };
  },
  transactGet(input: unknown) {
    const i = requireInput('transactGet', input);
    return {
      operation: 'TransactGetItems',
      transactItems: listOf('transactGet', i['items']).map((raw) => {
        const item = asObject('transactGet', raw);
        return { table: item['table'], key: key('transactGet', item), ...optional('projection', projection(item['projection'])) };
      }),
    };
  },
  transactWrite(input: unknown) {
    const i = requireInput('transactWrite', input);
    return {
      operation: 'TransactWriteItems',
      transactItems: listOf('transactWrite', i['items']).map((raw) => {
        const entry = asObject('transactWrite', raw);
        const [kind, body] = Object.entries(entry)[0] ?? [];
        const item = asObject('transactWrite', body);
        const common = { table: item['table'], key: key('transactWrite', item) };
        const condition = optional('condition', transactionCondition('transactWrite', item['condition']));
        switch (kind) {
          case 'putItem':
            return { ...common, operation: 'PutItem', attributeValues: toAttributeMap(asObject('transactWrite', item['item']), true), ...condition };
          case 'updateItem':
            return { ...common, operation: 'UpdateItem', update: updateExpression(item['update']), ...condition };
          case 'deleteItem':
            return { ...common, operation: 'DeleteItem', ...condition };
          case 'conditionCheck':
            if (!condition['condition']) throw new UtilInputError('ddb.transactWrite: conditionCheck needs a condition');
            return { ...common, operation: 'ConditionCheck', ...condition };
          default:
            throw new UtilInputError(`ddb.transactWrite: each item must be one of putItem, updateItem, deleteItem, conditionCheck (got ${String(kind)})`);
        }
      }),
    };
  },
  toStringSet: (list: unknown) => ({ SS: listOf('toStringSet', list).map(String) }),
  toNumberSet: (list: unknown) => ({ NS: listOf('toNumberSet', list).map(Number) }),
  toBinarySet: (list: unknown) => ({ BS: listOf('toBinarySet', list).map(String) }),
  operations: {
    add: (value: unknown): Marker => ({ type: 'OPERATION_ADD', value }),
    remove: (): Marker => ({ type: 'OPERATION_REMOVE' }),
    replace: (value: unknown): Marker => ({ type: 'OPERATION_REPLACE', value }),
    increment: (by?: number): Marker => ({ type: 'OPERATION_INCREMENT', by: by ?? 1 }),
    decrement: (by?: number): Marker => ({ type: 'OPERATION_DECREMENT', by: by ?? 1 }),
    append: (items: unknown[]): Marker => ({ type: 'OPERATION_APPEND', items }),
    prepend: (items: unknown[]): Marker => ({ type: 'OPERATION_PREPEND', items }),
    updateListItem: (value: unknown, index: number): Marker => ({ type: 'OPERATION_UPDATE_LIST_ITEM', value, index }),
  },
} satisfies { [K in keyof typeof DynamoDbModule]: unknown };

export function createDynamoDbModule() {
  return dynamoDbModule;
}

function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}

function asObject(name: string, value: unknown): Input {
  if (!isPlainObject(value)) throw new UtilInputError(`ddb.${name}: expected an object, got ${JSON.stringify(value) ?? typeof value}`);
  return value;
}

function listOf(name: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new UtilInputError(`ddb.${name}: expected a list`);
  return value;
}

function tablesOf(name: string, input: unknown): Input {
  const i = requireInput(name, input);
  if (!isPlainObject(i['tables'])) throw new UtilInputError(`ddb.${name}: tables must be an object keyed by table name`);
  return i['tables'];
}

function mapValues<T>(obj: Input, fn: (value: unknown, key: string) => T): Record<string, T> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v, k)]));
}
