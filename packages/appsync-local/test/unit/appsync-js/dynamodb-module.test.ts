/**
 * The `@aws-appsync/utils/dynamodb` built-in module (imported as `ddb`), evaluated inside the sandbox.
 * Sources: https://docs.aws.amazon.com/appsync/latest/devguide/built-in-modules-js.html (get, put, remove, scan,
 * sync, update, operations), https://docs.aws.amazon.com/appsync/latest/eventapi/built-in-modules.html (query,
 * batch*, transact*, set utilities, operations.remove) and the request objects of
 * https://docs.aws.amazon.com/appsync/latest/devguide/js-resolver-reference-dynamodb.html.
 * Observed outputs: AppSync EvaluateCode snapshots in localstack/appsync-utils
 * (`__tests__/__snapshots__/index.test.js.snap` @ b9bd6001; Jest sorted their keys, so key order is not compared).
 * The docs never show a generated request; where AppSync's text was not recorded, the tests check that the
 * request is well formed and means the right thing rather than pinning a spelling.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateBody, evaluateOutcome, runtime } from '../../helpers/appsync-js.js';

const GRAPHQL_DOC = 'https://docs.aws.amazon.com/appsync/latest/devguide/built-in-modules-js.html';
const EVENT_DOC = 'https://docs.aws.amazon.com/appsync/latest/eventapi/built-in-modules.html';
/** The request object a module function builds, as the JS resolver reference for DynamoDB documents it. */
const REQUEST_DOC = (page: string) => `https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-${page}.html`;
const SNAP = 'localstack/appsync-utils __tests__/__snapshots__/index.test.js.snap @ b9bd6001';

interface Expression {
  expression: string;
  expressionNames?: Record<string, string>;
  expressionValues?: Record<string, unknown>;
}
type Request = Record<string, unknown> & {
  operation: string;
  key?: Record<string, unknown>;
  update?: Expression;
  condition?: Expression;
  filter?: Expression;
  query?: Expression;
  projection?: Expression;
};

const ddb = (expression: string, context = {}) => evaluate<Request>(expression, context);

const placeholders = (expression: string, sigil: '#' | ':') => [...new Set(expression.match(sigil === '#' ? /#[A-Za-z0-9_]+/g : /:[A-Za-z0-9_]+/g) ?? [])].sort();

/** Every `#name`/`:value` the expression uses is defined, and every one defined is used. */
function expectWellFormed(e: Expression | undefined): asserts e is Expression {
  expect(e).toBeDefined();
  expect(typeof e!.expression).toBe('string');
  expect(placeholders(e!.expression, '#')).toEqual(Object.keys(e!.expressionNames ?? {}).sort());
  expect(placeholders(e!.expression, ':')).toEqual(Object.keys(e!.expressionValues ?? {}).sort());
}

/** The expression with its placeholders replaced by the names and (JSON) values they stand for. */
function resolved(e: Expression): string {
  return e.expression.replace(/#[A-Za-z0-9_]+/g, (n) => e.expressionNames![n]!).replace(/:[A-Za-z0-9_]+/g, (v) => JSON.stringify(e.expressionValues![v]));
}

/** util.transform.toDynamoDBConditionExpression's rendering of `source`, without an empty values map. */
function transformed(source: string): Expression {
  const out = JSON.parse(evaluate<string>(`util.transform.toDynamoDBConditionExpression(${source})`)) as Expression;
  if (Object.keys(out.expressionValues ?? {}).length === 0) delete out.expressionValues;
  return out;
}

describe(`ddb.get, put, remove, scan (doc: ${GRAPHQL_DOC}; observed: ${SNAP})`, () => {
  it('get({ key }) is a GetItem of the typed key', () => {
    expect(ddb('ddb.get({ key: { id: "id" } })')).toEqual({ operation: 'GetItem', key: { id: { S: 'id' } } });
  });

  it('put({ key, item }) maps item to attributeValues, numbers as JSON numbers, and does not copy the key into it', () => {
    expect(ddb('ddb.put({ key: { id: "abc" }, item: { value: 10 } })')).toEqual({
      operation: 'PutItem',
      key: { id: { S: 'abc' } },
      attributeValues: { value: { N: 10 } },
    });
  });

  it('remove({ key }) is a DeleteItem', () => {
    expect(ddb('ddb.remove({ key: { id: "test" } })')).toEqual({ operation: 'DeleteItem', key: { id: { S: 'test' } } });
  });

  it('scan({ limit, nextToken }) passes both through', () => {
    expect(ddb('ddb.scan({ limit: 10, nextToken: "abc" })')).toEqual({ operation: 'Scan', limit: 10, nextToken: 'abc' });
  });

  it('the documented scan (limit = 10 by default, nextToken absent) leaves out what is undefined', () => {
    const body = 'const { limit = 10, nextToken } = ctx.args;\nreturn ddb.scan({ limit, nextToken });';
    const outcome = evaluateBody(body, { arguments: {} });
    expect(outcome.kind).toBe('returned');
    expect(runtime.toHost(outcome.value)).toEqual({ operation: 'Scan', limit: 10 });
  });

  it('the documented put of ctx.args with an autoId key', () => {
    const out = ddb('ddb.put({ key: { id: util.autoId() }, item: ctx.args })', { arguments: { name: 'Ann', age: 3, tags: ['a'] } });
    expect(out.operation).toBe('PutItem');
    expect(out.key).toEqual({ id: { S: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
    expect(out.attributeValues).toEqual({ name: { S: 'Ann' }, age: { N: 3 }, tags: { L: [{ S: 'a' }] } });
  });
});

describe(`ddb.put / remove options (doc: ${GRAPHQL_DOC}, PutInput and RemoveInput; ${EVENT_DOC}; request: ${REQUEST_DOC('putitem')})`, () => {
  it('a condition that binds no value carries no expressionValues at all (localstack index.test.js comment)', () => {
    const out = ddb('ddb.put({ key: { id: "1" }, item: { v: 1 }, condition: { v: { attributeExists: true } } })');
    expect(out.condition).toEqual({ expression: '(attribute_exists(#v))', expressionNames: { '#v': 'v' } });
    expect(out.condition).not.toHaveProperty('expressionValues');
  });

  it('a condition binding a value renders as util.transform does and is well formed', () => {
    const out = ddb('ddb.put({ key: { id: "1" }, item: { v: 1 }, condition: { version: { eq: 1 } } })');
    expectWellFormed(out.condition);
    expect(out.condition).toEqual(transformed('{ version: { eq: 1 } }'));
    expect(out.condition.expressionValues).toEqual({ ':version_eq': { N: 1 } });
  });

  it('_version, customPartitionKey and populateIndexFields are passed through', () => {
    expect(ddb('ddb.put({ key: { id: "1" }, item: { v: 1 }, _version: 3, customPartitionKey: "cpk", populateIndexFields: true })')).toEqual({
      operation: 'PutItem',
      key: { id: { S: '1' } },
      attributeValues: { v: { N: 1 } },
      _version: 3,
      customPartitionKey: 'cpk',
      populateIndexFields: true,
    });
  });

  it('remove with _version and the documented owner condition', () => {
    const out = ddb('ddb.remove({ key: { id: "1" }, _version: 2, condition: { owner: { eq: "XXXX" } } })');
    expect(out).toMatchObject({ operation: 'DeleteItem', key: { id: { S: '1' } }, _version: 2 });
    expectWellFormed(out.condition);
    expect(resolved(out.condition)).toBe('(owner = {"S":"XXXX"})');
  });
});

describe(`ddb.toStringSet / toNumberSet / toBinarySet inside put and update (doc: ${EVENT_DOC}, "DynamoDB set utilities")`, () => {
  it('keeps the sets as SS, NS (JSON numbers, as recorded) and BS next to plain values', () => {
    const out = ddb('ddb.put({ key: { id: "1" }, item: { tags: ddb.toStringSet(["a", "b"]), nums: ddb.toNumberSet([1, 2, 3]), bins: ddb.toBinarySet(["SGVsbG8="]), list: ["a", "b"] } })');
    expect(out.attributeValues).toEqual({
      tags: { SS: ['a', 'b'] },
      nums: { NS: [1, 2, 3] },
      bins: { BS: ['SGVsbG8='] },
      list: { L: [{ S: 'a' }, { S: 'b' }] },
    });
  });

  it('a set in an update is set as a set (the documented segments example)', () => {
    const out = ddb('ddb.update({ key: { id: "1" }, update: { segments: ddb.toStringSet(["a", "b"]) } })');
    expect(out.update).toEqual({ expression: 'SET #expName_1 = :expValue_1', expressionNames: { '#expName_1': 'segments' }, expressionValues: { ':expValue_1': { SS: ['a', 'b'] } } });
  });
});

describe(`ddb.get / scan with projection and filter (doc: ${EVENT_DOC}; request: ${REQUEST_DOC('getitem')}, ${REQUEST_DOC('scan')})`, () => {
  it('get with consistentRead and a projection of a top-level and a nested path', () => {
    const out = ddb('ddb.get({ key: { id: "1" }, consistentRead: true, projection: ["id", "a.b"] })');
    expect(out).toMatchObject({ operation: 'GetItem', key: { id: { S: '1' } }, consistentRead: true });
    expectWellFormed(out.projection);
    expect(resolved(out.projection).split(/\s*,\s*/)).toEqual(['id', 'a.b']);
  });

  it('a projection reusing a path segment stays well formed', () => {
    const out = ddb('ddb.get({ key: { id: "1" }, projection: ["a.b", "a.c"] })');
    expectWellFormed(out.projection);
    expect(resolved(out.projection).split(/\s*,\s*/)).toEqual(['a.b', 'a.c']);
  });

  it('the documented scan with a filter and a projection', () => {
    const out = ddb(`ddb.scan({ limit: 20, projection: ['channel', 'path', 'msgId'], filter: { status: { eq: 'ACTIVE' } } })`);
    expect(out).toMatchObject({ operation: 'Scan', limit: 20 });
    expectWellFormed(out.filter);
    expect(out.filter).toEqual(transformed(`{ status: { eq: 'ACTIVE' } }`));
    expectWellFormed(out.projection);
    expect(resolved(out.projection).split(/\s*,\s*/)).toEqual(['channel', 'path', 'msgId']);
  });

  it('scan of one segment of an index passes the options through', () => {
    expect(ddb('ddb.scan({ totalSegments: 4, segment: 1, index: "gsi", consistentRead: true, select: "ALL_ATTRIBUTES" })')).toEqual({
      operation: 'Scan',
      totalSegments: 4,
      segment: 1,
      index: 'gsi',
      consistentRead: true,
      select: 'ALL_ATTRIBUTES',
    });
  });
});

describe(`ddb.query (doc: ${EVENT_DOC}, QueryInput; request: ${REQUEST_DOC('query')})`, () => {
  it('eq on the partition key', () => {
    const out = ddb('ddb.query({ query: { id: { eq: "1" } } })');
    expect(out.operation).toBe('Query');
    expectWellFormed(out.query);
    expect(resolved(out.query)).toMatch(/^\(?id = \{"S":"1"\}\)?$/);
  });

  it('eq on the partition key and beginsWith on the sort key, ANDed', () => {
    const out = ddb('ddb.query({ query: { a: { eq: "x" }, b: { beginsWith: "y" } } })');
    expectWellFormed(out.query);
    expect(resolved(out.query)).toMatch(/^\(?a = \{"S":"x"\}\)? AND \(?begins_with\(b, ?\{"S":"y"\}\)\)?$/);
  });

  it('between on the sort key binds both bounds', () => {
    const out = ddb('ddb.query({ query: { pk: { eq: "p" }, sk: { between: [1, 9] } } })');
    expectWellFormed(out.query);
    expect(resolved(out.query)).toMatch(/^\(?pk = \{"S":"p"\}\)? AND \(?sk BETWEEN \{"N":1\} AND \{"N":9\}\)?$/);
  });

  it('with every argument: options passed through, filter and projection well formed', () => {
    const out = ddb(
      'ddb.query({ query: { pk: { eq: "a" } }, index: "gsi1", limit: 5, nextToken: "t", consistentRead: true, scanIndexForward: false, select: "ALL_ATTRIBUTES", filter: { done: { eq: true } }, projection: ["id", "nested.field"] })',
    );
    expect(out).toMatchObject({ operation: 'Query', index: 'gsi1', limit: 5, nextToken: 't', consistentRead: true, scanIndexForward: false, select: 'ALL_ATTRIBUTES' });
    expectWellFormed(out.query);
    expectWellFormed(out.filter);
    expect(out.filter).toEqual(transformed('{ done: { eq: true } }'));
    expectWellFormed(out.projection);
    expect(resolved(out.projection).split(/\s*,\s*/)).toEqual(['id', 'nested.field']);
  });

  it('a key condition operator DynamoDB does not have ends the handler with a Code error', () => {
    const outcome = evaluateOutcome('ddb.query({ query: { pk: { ne: "a" } } })');
    expect(outcome.kind).toBe('error');
    expect(outcome.error?.errorType).toBe('Code');
  });
});

describe(`ddb.sync (doc: ${GRAPHQL_DOC}, DynamoDBSyncInput; request: ${REQUEST_DOC('sync')})`, () => {
  it('the documented sync passes limit, nextToken and lastSync through', () => {
    expect(ddb('ddb.sync({ limit: 10, nextToken: "abc", lastSync: 1 })')).toEqual({ operation: 'Sync', limit: 10, nextToken: 'abc', lastSync: 1 });
  });

  it('a delta-index sync with a filter', () => {
    const out = ddb('ddb.sync({ basePartitionKey: "bpk", deltaIndexName: "delta", limit: 5, lastSync: 2, filter: { a: { eq: 1 } } })');
    expect(out).toMatchObject({ operation: 'Sync', basePartitionKey: 'bpk', deltaIndexName: 'delta', limit: 5, lastSync: 2 });
    expectWellFormed(out.filter);
    expect(out.filter).toEqual(transformed('{ a: { eq: 1 } }'));
  });
});

/** `ddb.update({ key: { id: "test" }, update: <update> })`'s update expression. */
const updateOf = (update: string) => ddb(`ddb.update({ key: { id: "test" }, update: ${update} })`).update;

describe(`ddb.update (doc: ${GRAPHQL_DOC}, "operations"; observed: ${SNAP}, and other EvaluateCode records)`, () => {
  it('is an UpdateItem of the typed key', () => {
    const out = ddb('ddb.update({ key: { id: "test" }, update: { age: ddb.operations.add(10) } })');
    expect(out.operation).toBe('UpdateItem');
    expect(out.key).toEqual({ id: { S: 'test' } });
  });

  const cases: [string, string, string, Record<string, string>, Record<string, unknown>][] = [
    ['add is a SET, not DynamoDB ADD', '{ age: ddb.operations.add(10) }', 'SET #expName_1 = :expValue_1', { '#expName_1': 'age' }, { ':expValue_1': { N: 10 } }],
    [
      'append',
      '{ values: ddb.operations.append([1, 2, 3]) }',
      'SET #expName_1 = list_append(#expName_1, :expValue_1)',
      { '#expName_1': 'values' },
      { ':expValue_1': { L: [{ N: 1 }, { N: 2 }, { N: 3 }] } },
    ],
    ['decrement', '{ age: ddb.operations.decrement(10) }', 'SET #expName_1 = #expName_1 - :expValue_1', { '#expName_1': 'age' }, { ':expValue_1': { N: 10 } }],
    ['increment', '{ age: ddb.operations.increment(10) }', 'SET #expName_1 = #expName_1 + :expValue_1', { '#expName_1': 'age' }, { ':expValue_1': { N: 10 } }],
    [
      'prepend',
      '{ values: ddb.operations.prepend([1, 2, 3]) }',
      'SET #expName_1 = list_append(:expValue_1, #expName_1)',
      { '#expName_1': 'values' },
      { ':expValue_1': { L: [{ N: 1 }, { N: 2 }, { N: 3 }] } },
    ],
    ['replace', '{ values: ddb.operations.replace({ a: 10 }) }', 'SET #expName_1 = :expValue_1', { '#expName_1': 'values' }, { ':expValue_1': { M: { a: { N: 10 } } } }],
    // An EvaluateCode record from a blog post: decrement(1) on streamId "asdf".
    ['decrement(1)', '{ currentView: ddb.operations.decrement(1) }', 'SET #expName_1 = #expName_1 - :expValue_1', { '#expName_1': 'currentView' }, { ':expValue_1': { N: 1 } }],
  ];

  it.each(cases)('%s', (_name, update, expression, names, values) => {
    expect(updateOf(update)).toEqual({ expression, expressionNames: names, expressionValues: values });
  });

  it('plain values are SET in input order and null is {NULL: null}, not a REMOVE (EvaluateCode record of an editMyProfile resolver)', () => {
    const out = updateOf('{ name: "Toni Test", imageUrl: null, backgroundImageUrl: null, bio: "The test bio", location: null, website: null, birthdate: null }');
    expect(out).toEqual({
      expression: [1, 2, 3, 4, 5, 6, 7]
        .map((n) => `#expName_${n} = :expValue_${n}`)
        .join(', ')
        .replace(/^/, 'SET '),
      expressionNames: {
        '#expName_1': 'name',
        '#expName_2': 'imageUrl',
        '#expName_3': 'backgroundImageUrl',
        '#expName_4': 'bio',
        '#expName_5': 'location',
        '#expName_6': 'website',
        '#expName_7': 'birthdate',
      },
      expressionValues: {
        ':expValue_1': { S: 'Toni Test' },
        ':expValue_2': { NULL: null },
        ':expValue_3': { NULL: null },
        ':expValue_4': { S: 'The test bio' },
        ':expValue_5': { NULL: null },
        ':expValue_6': { NULL: null },
        ':expValue_7': { NULL: null },
      },
    });
  });
});

describe(`ddb.update, cases whose output was not recorded (doc: ${GRAPHQL_DOC}; ${EVENT_DOC}; the cases of localstack/appsync-utils __tests__/index.test.js)`, () => {
  it('increment() with no step increments by one', () => {
    expect(updateOf('{ a: ddb.operations.increment() }')).toEqual({
      expression: 'SET #expName_1 = #expName_1 + :expValue_1',
      expressionNames: { '#expName_1': 'a' },
      expressionValues: { ':expValue_1': { N: 1 } },
    });
  });

  it('remove() is a REMOVE clause and binds no value', () => {
    const out = updateOf('{ addr: ddb.operations.remove() }');
    expect(out?.expression).toBe('REMOVE #expName_1');
    expect(out?.expressionNames).toEqual({ '#expName_1': 'addr' });
    expect(out?.expressionValues ?? {}).toEqual({});
  });

  it('two removals share one clause', () => {
    const out = updateOf('{ a: ddb.operations.remove(), b: ddb.operations.remove() }');
    expect(out?.expression).toBe('REMOVE #expName_1, #expName_2');
    expect(out?.expressionNames).toEqual({ '#expName_1': 'a', '#expName_2': 'b' });
  });

  it.each([
    ['written after the SET', '{ a: ddb.operations.increment(1), b: ddb.operations.remove() }'],
    ['written before the SET', '{ b: ddb.operations.remove(), a: ddb.operations.increment(1) }'],
  ])('the REMOVE clause comes after the SET clause, aliases numbered in output order (%s)', (_name, update) => {
    expect(updateOf(update)).toEqual({
      expression: 'SET #expName_1 = #expName_1 + :expValue_1 REMOVE #expName_2',
      expressionNames: { '#expName_1': 'a', '#expName_2': 'b' },
      expressionValues: { ':expValue_1': { N: 1 } },
    });
  });

  it('two attributes at once are one SET clause joined by ", "', () => {
    expect(updateOf('{ a: ddb.operations.increment(1), b: ddb.operations.replace("x") }')).toEqual({
      expression: 'SET #expName_1 = #expName_1 + :expValue_1, #expName_2 = :expValue_2',
      expressionNames: { '#expName_1': 'a', '#expName_2': 'b' },
      expressionValues: { ':expValue_1': { N: 1 }, ':expValue_2': { S: 'x' } },
    });
  });

  it('updateListItem sets #expName_n[i]; two items of one list share an alias (the documented friendsIds example)', () => {
    expect(updateOf(`{ friendsIds: [ddb.operations.updateListItem('102', 1), ddb.operations.updateListItem('112', 2)] }`)).toEqual({
      expression: 'SET #expName_1[1] = :expValue_1, #expName_1[2] = :expValue_2',
      expressionNames: { '#expName_1': 'friendsIds' },
      expressionValues: { ':expValue_1': { S: '102' }, ':expValue_2': { S: '112' } },
    });
  });

  it('a nested path gets one alias per segment (the documented info.address replace example)', () => {
    expect(updateOf(`{ info: { address: ddb.operations.replace({ street1: '123 Main St', city: 'New York', zip: '10001' }) } }`)).toEqual({
      expression: 'SET #expName_1.#expName_2 = :expValue_1',
      expressionNames: { '#expName_1': 'info', '#expName_2': 'address' },
      expressionValues: { ':expValue_1': { M: { street1: { S: '123 Main St' }, city: { S: 'New York' }, zip: { S: '10001' } } } },
    });
  });

  it('the Event API example mixing increment, append, add and remove', () => {
    const out = updateOf(`{ counter: ddb.operations.increment(1), tags: ddb.operations.append(['things']), items: ddb.operations.add({ key: 'value' }), oldField: ddb.operations.remove() }`);
    expect(out).toEqual({
      expression: 'SET #expName_1 = #expName_1 + :expValue_1, #expName_2 = list_append(#expName_2, :expValue_2), #expName_3 = :expValue_3 REMOVE #expName_4',
      expressionNames: { '#expName_1': 'counter', '#expName_2': 'tags', '#expName_3': 'items', '#expName_4': 'oldField' },
      expressionValues: { ':expValue_1': { N: 1 }, ':expValue_2': { L: [{ S: 'things' }] }, ':expValue_3': { M: { key: { S: 'value' } } } },
    });
  });

  it('a versioned update guarded by a condition', () => {
    const out = ddb('ddb.update({ key: { id: "1" }, update: { a: ddb.operations.increment(1) }, condition: { b: { eq: 2 } }, _version: 5 })');
    expect(out).toMatchObject({ operation: 'UpdateItem', key: { id: { S: '1' } }, _version: 5 });
    expectWellFormed(out.update);
    expectWellFormed(out.condition);
    expect(out.condition).toEqual(transformed('{ b: { eq: 2 } }'));
  });
});

describe(`ddb.operations markers (doc: ${GRAPHQL_DOC}; observed: ${SNAP})`, () => {
  it.each([
    ['ddb.operations.add(10)', { type: 'OPERATION_ADD', value: 10 }],
    ['ddb.operations.append([1, 2, 3])', { type: 'OPERATION_APPEND', items: [1, 2, 3] }],
    ['ddb.operations.decrement(10)', { type: 'OPERATION_DECREMENT', by: 10 }],
    ['ddb.operations.increment(10)', { type: 'OPERATION_INCREMENT', by: 10 }],
    ['ddb.operations.prepend([1, 2, 3])', { type: 'OPERATION_PREPEND', items: [1, 2, 3] }],
    ['ddb.operations.replace({ a: 10 })', { type: 'OPERATION_REPLACE', value: { a: 10 } }],
  ])('%s', (expression, expected) => {
    expect(evaluate(expression)).toEqual(expected);
  });

  it('remove() is marked OPERATION_REMOVE (its recorded output could not be retrieved)', () => {
    expect(evaluate('ddb.operations.remove()')).toMatchObject({ type: 'OPERATION_REMOVE' });
  });
});

describe(`ddb.batchGet / batchPut / batchDelete (doc: ${EVENT_DOC}; request: ${REQUEST_DOC('batch-get-item')}, ${REQUEST_DOC('batch-put-item')}, ${REQUEST_DOC('batch-delete-item')})`, () => {
  it('batchGet: keys typed per table, consistentRead and projection kept on the table', () => {
    const out = ddb('ddb.batchGet({ tables: { post: { keys: [{ id: "1" }, { id: "2" }], consistentRead: false, projection: ["id", "name"] } } })');
    expect(out.operation).toBe('BatchGetItem');
    const post = (out['tables'] as Record<string, Record<string, unknown>>)['post']!;
    expect(post['keys']).toEqual([{ id: { S: '1' } }, { id: { S: '2' } }]);
    expect(post['consistentRead']).toBe(false);
    const projection = post['projection'] as Expression;
    expectWellFormed(projection);
    expect(resolved(projection).split(/\s*,\s*/)).toEqual(['id', 'name']);
  });

  it('batchGet without options', () => {
    expect(ddb('ddb.batchGet({ tables: { post: { keys: [{ id: "1" }] } } })')).toEqual({ operation: 'BatchGetItem', tables: { post: { keys: [{ id: { S: '1' } }] } } });
  });

  it('batchPut: a list of typed items per table', () => {
    expect(ddb('ddb.batchPut({ tables: { post: [{ id: "one", value: "x" }], tags: [{ id: 2 }] } })')).toEqual({
      operation: 'BatchPutItem',
      tables: { post: [{ id: { S: 'one' }, value: { S: 'x' } }], tags: [{ id: { N: 2 } }] },
    });
  });

  it('batchDelete: a list of typed keys per table', () => {
    expect(ddb('ddb.batchDelete({ tables: { post: [{ id: "one" }] } })')).toEqual({ operation: 'BatchDeleteItem', tables: { post: [{ id: { S: 'one' } }] } });
  });
});

describe(`ddb.transactGet / transactWrite (doc: ${EVENT_DOC}; request: ${REQUEST_DOC('transact-get-items')}, ${REQUEST_DOC('transact-write-items')})`, () => {
  it('transactGet: table, typed key and projection per item', () => {
    const out = ddb('ddb.transactGet({ items: [{ table: "post", key: { id: "1" }, projection: ["name"] }, { table: "user", key: { id: 2 } }] })');
    expect(out.operation).toBe('TransactGetItems');
    const items = out['transactItems'] as Request[];
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ table: 'post', key: { id: { S: '1' } } });
    expectWellFormed(items[0]!.projection);
    expect(resolved(items[0]!.projection)).toBe('name');
    expect(items[1]).toEqual({ table: 'user', key: { id: { N: 2 } } });
  });

  it('transactWrite: putItem, updateItem, deleteItem and conditionCheck become PutItem, UpdateItem, DeleteItem and ConditionCheck', () => {
    const out = ddb(`ddb.transactWrite({ items: [
      { putItem: { table: "post", key: { id: "1" }, item: { a: 1 } } },
      { updateItem: { table: "t", key: { id: "1" }, update: { a: ddb.operations.increment(1) } } },
      { deleteItem: { table: "post", key: { id: "2" }, condition: { v: { eq: 1 } } } },
      { conditionCheck: { table: "t", key: { id: "3" }, condition: { v: { attributeExists: true } } } }
    ] })`);
    expect(out.operation).toBe('TransactWriteItems');
    const [put, update, del, check] = out['transactItems'] as Request[];
    expect(put).toEqual({ table: 'post', operation: 'PutItem', key: { id: { S: '1' } }, attributeValues: { a: { N: 1 } } });
    expect(update).toEqual({
      table: 't',
      operation: 'UpdateItem',
      key: { id: { S: '1' } },
      update: { expression: 'SET #expName_1 = #expName_1 + :expValue_1', expressionNames: { '#expName_1': 'a' }, expressionValues: { ':expValue_1': { N: 1 } } },
    });
    expect(del).toMatchObject({ table: 'post', operation: 'DeleteItem', key: { id: { S: '2' } } });
    expectWellFormed(del!.condition);
    expect(del!.condition).toEqual(transformed('{ v: { eq: 1 } }'));
    expect(check).toMatchObject({ table: 't', operation: 'ConditionCheck', key: { id: { S: '3' } } });
    expect(check!.condition).toEqual({ expression: '(attribute_exists(#v))', expressionNames: { '#v': 'v' } });
  });

  it('the documented Orders/Items transactWrite', () => {
    const body = `const order = ctx.args;
    return ddb.transactWrite({ items: [
      { putItem: { table: 'Orders', key: { id: order.payload.id }, item: { status: 'PENDING', items: order.items.map(({ id }) => id) } } },
      ...order.items.map(({ id, item }) => ({ putItem: { table: 'Items', key: { orderId: order.payload.id, id }, item } })),
    ] });`;
    const outcome = evaluateBody(body, { arguments: { payload: { id: 'o1' }, items: [{ id: 'i1', item: { qty: 2 } }] } });
    expect(outcome.kind).toBe('returned');
    expect(runtime.toHost(outcome.value)).toEqual({
      operation: 'TransactWriteItems',
      transactItems: [
        { table: 'Orders', operation: 'PutItem', key: { id: { S: 'o1' } }, attributeValues: { status: { S: 'PENDING' }, items: { L: [{ S: 'i1' }] } } },
        { table: 'Items', operation: 'PutItem', key: { orderId: { S: 'o1' }, id: { S: 'i1' } }, attributeValues: { qty: { N: 2 } } },
      ],
    });
  });
});

describe(`ddb functions given bad input end the handler with an error of errorType "Code" (doc: ${GRAPHQL_DOC}; uncaught runtime errors as AppSync reports them: https://github.com/aws/aws-appsync-community/issues/328)`, () => {
  it.each([
    ['get without a key', 'ddb.get({})'],
    ['get without any input', 'ddb.get()'],
    ['put without an item', 'ddb.put({ key: { id: "1" } })'],
    ['update without an update', 'ddb.update({ key: { id: "1" } })'],
    ['batchPut without tables', 'ddb.batchPut({})'],
    ['transactWrite with an unknown kind of item', 'ddb.transactWrite({ items: [{ upsertItem: { table: "t", key: { id: "1" } } }] })'],
  ])('%s', (_name, expression) => {
    const outcome = evaluateBody(`const request = ${expression};\nreturn "unreached";`);
    expect(outcome.kind).toBe('error');
    expect(outcome.value).toBeUndefined();
    expect(outcome.error).toMatchObject({ errorType: 'Code', data: null, errorInfo: null });
    expect(outcome.error?.message).toMatch(/\S/);
  });
});
