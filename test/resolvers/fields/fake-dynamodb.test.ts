/**
 * The in-memory table the whole-field tests run on behaves as DynamoDB does where those tests
 * depend on it (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html,
 * API_UpdateItem.html, API_TransactWriteItems.html); otherwise their results would prove nothing.
 */
import { describe, expect, it } from 'vitest';
import { FakeDynamoDb } from '../../helpers/fake-dynamodb.js';

const S = (s: string) => ({ S: s });
const N = (n: number) => ({ N: n });
const key = (PK: string, SK: string) => ({ PK: S(PK), SK: S(SK) });
const items = [
  { PK: 'P', SK: 'a', V: 1, GSI1PK: 'G', GSI1SK: '3' },
  { PK: 'P', SK: 'b', V: 2 },
  { PK: 'P', SK: 'c', V: 1, GSI1PK: 'G', GSI1SK: '1' },
  { PK: 'P', SK: 'd', V: 2 },
  { PK: 'Q', SK: 'a', V: 1, GSI1PK: 'G', GSI1SK: '2' },
];
const table = () => new FakeDynamoDb({ tableName: 'T' }, items);
type QueryResult = { items: Record<string, unknown>[]; nextToken: string | null; scannedCount: number };

async function query(t: FakeDynamoDb, request: Record<string, unknown>): Promise<QueryResult> {
  const answer = await t.invoke({ dataSource: 'table', request: { operation: 'Query', ...request }, field: undefined as never });
  return answer.result as QueryResult;
}

describe('FakeDynamoDb Query', () => {
  const partition = { expression: '#pk = :pk', expressionNames: { '#pk': 'PK' }, expressionValues: { ':pk': S('P') } };

  it('reads one partition in sort-key order, backwards when asked', async () => {
    expect((await query(table(), { query: partition })).items.map((i) => i['SK'])).toEqual(['a', 'b', 'c', 'd']);
    expect((await query(table(), { query: partition, scanIndexForward: false })).items.map((i) => i['SK'])).toEqual(['d', 'c', 'b', 'a']);
  });

  it('counts the limit before the filter and gives a token whenever it stopped at the limit', async () => {
    const filter = { expression: '#v = :v', expressionNames: { '#v': 'V' }, expressionValues: { ':v': N(2) } };
    const t = table();
    const first = await query(t, { query: partition, filter, limit: 2 });
    expect(first).toMatchObject({ items: [{ SK: 'b' }], scannedCount: 2, nextToken: expect.any(String) });
    const second = await query(t, { query: partition, filter, limit: 2, nextToken: first.nextToken });
    // Exactly the limit was left: DynamoDB still answers with a token, and the next page is empty.
    expect(second).toMatchObject({ items: [{ SK: 'd' }], nextToken: expect.any(String) });
    expect(await query(t, { query: partition, filter, limit: 2, nextToken: second.nextToken })).toEqual({ items: [], nextToken: null, scannedCount: 0 });
  });

  it('reads GSI1 by its own keys, leaving out items without them', async () => {
    const result = await query(table(), { index: 'GSI1', query: { expression: '#p = :p AND #s < :s', expressionNames: { '#p': 'GSI1PK', '#s': 'GSI1SK' }, expressionValues: { ':p': S('G'), ':s': S('3') } }, scanIndexForward: false });
    expect(result.items.map((i) => [i['PK'], i['SK']])).toEqual([
      ['Q', 'a'],
      ['P', 'c'],
    ]);
  });

  it('rejects what DynamoDB rejects: a non-key attribute in the key condition, an unused value, a consistent read of a GSI', async () => {
    await expect(query(table(), { query: { expression: '#v = :v', expressionNames: { '#v': 'V' }, expressionValues: { ':v': N(1) } } })).rejects.toThrow(/ValidationException/);
    await expect(query(table(), { query: { ...partition, expressionValues: { ':pk': S('P'), ':x': S('x') } } })).rejects.toThrow(/unused/);
    await expect(query(table(), { index: 'GSI1', consistentRead: true, query: { expression: '#p = :p', expressionNames: { '#p': 'GSI1PK' }, expressionValues: { ':p': S('G') } } })).rejects.toThrow(/Consistent reads/);
  });
});

describe('FakeDynamoDb UpdateItem', () => {
  const invoke = (t: FakeDynamoDb, request: Record<string, unknown>) => t.invoke({ dataSource: 'table', request: { operation: 'UpdateItem', ...request }, field: undefined as never });

  it('creates the item when there is none and no condition stops it (which is why editAddress needs one)', async () => {
    const t = table();
    const answer = await invoke(t, { key: key('Z', 'z'), update: { expression: 'SET #a = :a', expressionNames: { '#a': 'A' }, expressionValues: { ':a': S('x') } } });
    expect(answer.result).toEqual({ PK: 'Z', SK: 'z', A: 'x' });
    expect(t.get('Z', 'z')).toEqual({ PK: 'Z', SK: 'z', A: 'x' });
  });

  it('on a failed condition writes nothing, answers ConditionalCheckFailedException and the current item', async () => {
    const t = table();
    const answer = await invoke(t, {
      key: key('P', 'a'),
      update: { expression: 'SET #v = :new REMOVE #g', expressionNames: { '#v': 'V', '#g': 'GSI1PK' }, expressionValues: { ':new': N(9), ':old': N(5) } },
      condition: { expression: '#v = :old' },
    });
    expect(answer.error?.type).toBe('DynamoDB:ConditionalCheckFailedException');
    expect(answer.result).toEqual(items[0]);
    expect(t.get('P', 'a')).toEqual(items[0]);
  });

  it('refuses to update a key attribute', async () => {
    await expect(invoke(table(), { key: key('P', 'a'), update: { expression: 'SET #k = :k', expressionNames: { '#k': 'SK' }, expressionValues: { ':k': S('x') } } })).rejects.toThrow(/part of the key/);
  });
});

describe('FakeDynamoDb TransactWriteItems', () => {
  it('is all or nothing, with a cancellation reason per item in request order', async () => {
    const t = table();
    const answer = await t.invoke({
      dataSource: 'table',
      field: undefined as never,
      request: {
        operation: 'TransactWriteItems',
        transactItems: [
          { table: 'T', operation: 'DeleteItem', key: key('P', 'a') },
          { table: 'T', operation: 'ConditionCheck', key: key('P', 'b'), condition: { expression: 'attribute_not_exists(#v)', expressionNames: { '#v': 'V' } } },
        ],
      },
    });
    expect(answer.error?.type).toBe('DynamoDB:TransactionCanceledException');
    expect(answer.result).toEqual({ keys: null, cancellationReasons: [{ type: 'None', message: 'None' }, { item: items[1], type: 'ConditionalCheckFailed', message: 'The conditional request failed' }] });
    expect(t.get('P', 'a')).toEqual(items[0]);
  });

  it('fails for a table other than its own (a resolver must use ctx.env.TABLE_NAME)', async () => {
    await expect(
      table().invoke({ dataSource: 'table', field: undefined as never, request: { operation: 'TransactWriteItems', transactItems: [{ table: 'Other', operation: 'DeleteItem', key: key('P', 'a') }] } }),
    ).rejects.toThrow(/ResourceNotFoundException/);
  });
});
