/**
 * The DynamoDB data source on DynamoDB Local, against AppSync's documented semantics
 * (https://docs.aws.amazon.com/appsync/latest/devguide/js-resolver-reference-dynamodb.html and its
 * pages on condition expressions, transactions and typed values).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS } from '../../../src/dynamodb/dynamodb-local.js';
import { DynamoDbDataSource } from '../../../src/data-sources/dynamodb.js';
import { clients, createSingleTable, dynamodbEndpoint } from '../../helpers/dynamodb.js';

let db: ReturnType<typeof clients>;
let ds: DynamoDbDataSource;
let table: string;

beforeAll(async () => {
  db = clients(dynamodbEndpoint());
  table = (await createSingleTable(db.raw)).name;
  ds = new DynamoDbDataSource(db.raw, table);
}, 60_000);

afterAll(async () => {
  db?.raw.destroy();
});

const key = (pk: string, sk = pk) => ({ PK: { S: pk }, SK: { S: sk } });

describe('single-item operations', () => {
  it('PutItem writes key and attributeValues and answers the item as JSON (numbers as numbers, sets as lists)', async () => {
    const out = await ds.invoke({ operation: 'PutItem', key: key('P#1'), attributeValues: { n: { N: 12.5 }, tags: { SS: ['a', 'b'] }, m: { M: { x: { L: [{ BOOL: true }, { NULL: true }] } } } } });
    expect(out).toEqual({ result: { PK: 'P#1', SK: 'P#1', n: 12.5, tags: ['a', 'b'], m: { x: [true, null] } } });
    expect(await ds.invoke({ operation: 'GetItem', key: key('P#1'), consistentRead: true })).toEqual({ result: { PK: 'P#1', SK: 'P#1', n: 12.5, tags: ['a', 'b'], m: { x: [true, null] } } });
  });

  it('GetItem of a missing item answers null', async () => {
    expect(await ds.invoke({ operation: 'GetItem', key: key('P#missing') })).toEqual({ result: null });
  });

  it('a failed condition is ctx.error with ConditionalCheckFailedException and ctx.result the current item', async () => {
    await ds.invoke({ operation: 'PutItem', key: key('P#2'), attributeValues: { v: { N: 1 } } });
    const out = await ds.invoke({ operation: 'PutItem', key: key('P#2'), attributeValues: { v: { N: 2 } }, condition: { expression: 'attribute_not_exists(PK)' } });
    expect(out.error).toEqual({ type: 'DynamoDB:ConditionalCheckFailedException', message: expect.stringMatching(/^The conditional request failed/) });
    expect(out.result).toEqual({ PK: 'P#2', SK: 'P#2', v: 1 });
  });

  it('PutItem counts as success when the stored item already equals the one written (ignoring equalsIgnore)', async () => {
    await ds.invoke({ operation: 'PutItem', key: key('P#3'), attributeValues: { v: { N: 1 }, at: { S: 'first' } } });
    const same = await ds.invoke({
      operation: 'PutItem',
      key: key('P#3'),
      attributeValues: { v: { N: 1 }, at: { S: 'second' } },
      condition: { expression: 'attribute_not_exists(PK)', equalsIgnore: ['at'] },
    });
    expect(same).toEqual({ result: { PK: 'P#3', SK: 'P#3', v: 1, at: 'first' } });
  });

  it('UpdateItem answers the updated item; a failed condition answers the current one', async () => {
    await ds.invoke({ operation: 'PutItem', key: key('P#4'), attributeValues: { v: { N: 1 } } });
    const updated = await ds.invoke({ operation: 'UpdateItem', key: key('P#4'), update: { expression: 'SET #v = #v + :one', expressionNames: { '#v': 'v' }, expressionValues: { ':one': { N: 1 } } } });
    expect(updated).toEqual({ result: { PK: 'P#4', SK: 'P#4', v: 2 } });
    const refused = await ds.invoke({
      operation: 'UpdateItem',
      key: key('P#4'),
      update: { expression: 'SET #v = :x', expressionNames: { '#v': 'v' }, expressionValues: { ':x': { N: 9 } } },
      condition: { expression: '#v = :old', expressionValues: { ':old': { N: 1 } } },
    });
    expect(refused).toMatchObject({ result: { v: 2 }, error: { type: 'DynamoDB:ConditionalCheckFailedException' } });
  });

  it('DeleteItem answers the deleted item, and counts as success when there is nothing to delete', async () => {
    await ds.invoke({ operation: 'PutItem', key: key('P#5'), attributeValues: { v: { N: 1 } } });
    expect(await ds.invoke({ operation: 'DeleteItem', key: key('P#5') })).toEqual({ result: { PK: 'P#5', SK: 'P#5', v: 1 } });
    expect(await ds.invoke({ operation: 'DeleteItem', key: key('P#5'), condition: { expression: 'attribute_exists(PK)' } })).toEqual({ result: null });
  });
});

describe('Query', () => {
  it('answers {items, nextToken, scannedCount} and pages through an opaque token without loss or repeats', async () => {
    for (let i = 0; i < 7; i += 1) await ds.invoke({ operation: 'PutItem', key: key('Q#1', `ITEM#${i}`), attributeValues: { i: { N: i }, even: { BOOL: i % 2 === 0 } } });
    const seen: number[] = [];
    let nextToken: string | null = null;
    do {
      const page = (await ds.invoke({ operation: 'Query', query: { expression: 'PK = :pk', expressionValues: { ':pk': { S: 'Q#1' } } }, limit: 3, scanIndexForward: false, nextToken })).result as {
        items: { i: number }[];
        nextToken: string | null;
        scannedCount: number;
      };
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((item) => item.i));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0]);
  });

  it('applies the filter after the limit, as DynamoDB does, and reports scannedCount before the filter', async () => {
    const page = (
      await ds.invoke({
        operation: 'Query',
        query: { expression: 'PK = :pk', expressionValues: { ':pk': { S: 'Q#1' } } },
        filter: { expression: '#e = :t', expressionNames: { '#e': 'even' }, expressionValues: { ':t': { BOOL: true } } },
        limit: 4,
      })
    ).result as { items: { i: number }[]; scannedCount: number };
    expect(page.items.map((i) => i.i)).toEqual([0, 2]);
    expect(page.scannedCount).toBe(4);
  });

  it('refuses a nextToken it did not make', async () => {
    const out = await ds.invoke({ operation: 'Query', query: { expression: 'PK = :pk', expressionValues: { ':pk': { S: 'Q#1' } } }, nextToken: 'not-a-token' });
    expect(out).toEqual({ result: null, error: { type: 'DynamoDB:ValidationException', message: 'nextToken is not valid' } });
  });
});

describe('Scan', () => {
  type ScanPage = { items: Record<string, unknown>[]; nextToken: string | null; scannedCount: number };
  const onlyS = { expression: 'begins_with(#pk, :p)', expressionNames: { '#pk': 'PK' }, expressionValues: { ':p': { S: 'S#' } } };
  /** Every page of a scan with the given request, its items' PKs in order. */
  const scanAll = async (request: Record<string, unknown>) => {
    const pks: unknown[] = [];
    const pages: ScanPage[] = [];
    let nextToken: string | null = null;
    do {
      const page = (await ds.invoke({ operation: 'Scan', filter: onlyS, ...request, nextToken })).result as ScanPage;
      pages.push(page);
      pks.push(...page.items.map((item) => item['PK']));
      nextToken = page.nextToken;
    } while (nextToken);
    return { pks, pages };
  };

  it('pages through the table with limit, filter and projection, each item once', async () => {
    for (let i = 0; i < 5; i += 1) await ds.invoke({ operation: 'PutItem', key: key(`S#${i}`), attributeValues: { i: { N: i }, other: { S: 'x' } } });
    const { pks, pages } = await scanAll({ limit: 2, projection: { expression: '#pk, #i', expressionNames: { '#pk': 'PK', '#i': 'i' } }, consistentRead: true });
    expect([...pks].sort()).toEqual(['S#0', 'S#1', 'S#2', 'S#3', 'S#4']);
    for (const page of pages) {
      expect(page.scannedCount).toBeLessThanOrEqual(2);
      for (const item of page.items) expect(Object.keys(item).sort()).toEqual(['PK', 'i']);
    }
  });

  it('answers the segment asked for: two segments together hold every item once', async () => {
    const first = await scanAll({ totalSegments: 2, segment: 0 });
    const second = await scanAll({ totalSegments: 2, segment: 1 });
    expect([...first.pks, ...second.pks].sort()).toEqual(['S#0', 'S#1', 'S#2', 'S#3', 'S#4']);
  });

  it('select COUNT answers no items but counts them', async () => {
    const page = (await ds.invoke({ operation: 'Scan', filter: onlyS, select: 'COUNT' })).result as ScanPage;
    expect(page.items).toEqual([]);
    expect(page.scannedCount).toBeGreaterThanOrEqual(5);
  });

  it('refuses a nextToken it did not make', async () => {
    const out = await ds.invoke({ operation: 'Scan', nextToken: 'not-a-token' });
    expect(out).toEqual({ result: null, error: { type: 'DynamoDB:ValidationException', message: 'nextToken is not valid' } });
  });
});

describe('transactions and batches', () => {
  it('TransactWriteItems answers the keys on success', async () => {
    const out = await ds.invoke({
      operation: 'TransactWriteItems',
      transactItems: [
        { table, operation: 'PutItem', key: key('T#1'), attributeValues: { v: { N: 1 } }, condition: { expression: 'attribute_not_exists(PK)' } },
        { table, operation: 'PutItem', key: key('T#2'), attributeValues: { v: { N: 2 } } },
      ],
    });
    expect(out).toEqual({
      result: {
        keys: [
          { PK: 'T#1', SK: 'T#1' },
          { PK: 'T#2', SK: 'T#2' },
        ],
        cancellationReasons: null,
      },
    });
  });

  it("a cancelled transaction answers keys null and one reason per item, with the item that failed its condition (AppSync's ConditionCheckFailed)", async () => {
    const out = await ds.invoke({
      operation: 'TransactWriteItems',
      transactItems: [
        { table, operation: 'ConditionCheck', key: key('T#1'), condition: { expression: 'attribute_exists(PK)' } },
        { table, operation: 'PutItem', key: key('T#2'), attributeValues: { v: { N: 3 } }, condition: { expression: 'attribute_not_exists(PK)' } },
      ],
    });
    expect(out.error?.type).toBe('DynamoDB:TransactionCanceledException');
    expect(out.result).toEqual({
      keys: null,
      cancellationReasons: [
        { type: 'None', message: 'None' },
        { type: 'ConditionCheckFailed', message: 'The condition check failed.', item: { PK: 'T#2', SK: 'T#2', v: 2 } },
      ],
    });
    // Nothing was written.
    expect((await ds.invoke({ operation: 'GetItem', key: key('T#2') })).result).toEqual({ PK: 'T#2', SK: 'T#2', v: 2 });
  });

  it('TransactGetItems answers items in request order, null for missing ones', async () => {
    const out = await ds.invoke({
      operation: 'TransactGetItems',
      transactItems: [
        { table, key: key('T#2') },
        { table, key: key('T#none') },
        { table, key: key('T#1') },
      ],
    });
    expect(out).toEqual({ result: { items: [{ PK: 'T#2', SK: 'T#2', v: 2 }, null, { PK: 'T#1', SK: 'T#1', v: 1 }], cancellationReasons: null } });
  });

  it('BatchGetItem answers every table key in request order, with null for missing items; BatchPutItem and BatchDeleteItem answer what they wrote', async () => {
    expect(
      await ds.invoke({
        operation: 'BatchPutItem',
        tables: {
          [table]: [
            { ...key('B#1'), v: { N: 1 } },
            { ...key('B#2'), v: { N: 2 } },
          ],
        },
      }),
    ).toEqual({
      result: {
        data: {
          [table]: [
            { PK: 'B#1', SK: 'B#1', v: 1 },
            { PK: 'B#2', SK: 'B#2', v: 2 },
          ],
        },
        unprocessedItems: { [table]: [] },
      },
    });
    expect(await ds.invoke({ operation: 'BatchGetItem', tables: { [table]: { keys: [key('B#2'), key('B#none'), key('B#1')], consistentRead: true } } })).toEqual({
      result: { data: { [table]: [{ PK: 'B#2', SK: 'B#2', v: 2 }, null, { PK: 'B#1', SK: 'B#1', v: 1 }] }, unprocessedKeys: { [table]: [] } },
    });
    expect(await ds.invoke({ operation: 'BatchDeleteItem', tables: { [table]: [key('B#1')] } })).toEqual({
      result: { data: { [table]: [{ PK: 'B#1', SK: 'B#1' }] }, unprocessedKeys: { [table]: [] } },
    });
  });
});

describe('requests AppSync would refuse, and DynamoDB being away', () => {
  it.each([
    [{ operation: 'Frobnicate' }, 'Unsupported operation: "Frobnicate"'],
    [{ operation: 'GetItem' }, 'key is required'],
    [{ operation: 'GetItem', key: { PK: { S: 'x', N: 1 }, SK: { S: 'x' } } }, 'key.PK must have exactly one type key (S, N, B, SS, NS, BS, BOOL, NULL, L, M), found 2'],
    [{ operation: 'PutItem', key: key('x'), attributeValues: { a: 'plain' } }, 'attributeValues.a must be a typed value such as {"S": "text"}'],
  ])('%j is a ValidationException: %s', async (request, message) => {
    expect(await ds.invoke(request)).toEqual({ result: null, error: { type: 'DynamoDB:ValidationException', message } });
  });

  it('answers ServiceUnavailable, not a hang or a crash, when DynamoDB cannot be reached', async () => {
    const nowhere = new DynamoDBClient({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
    const out = await new DynamoDbDataSource(nowhere, table).invoke({ operation: 'GetItem', key: key('x') });
    expect(out).toEqual({ result: null, error: { type: 'DynamoDB:ServiceUnavailable', message: 'DynamoDB could not be reached.' } });
    nowhere.destroy();
  });
});
