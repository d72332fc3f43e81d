/**
 * updateOrderStatus end to end over DynamoDB Local: the transition table (all 16 moves),
 * optimistic concurrency (expectedVersion, a writer racing between read and write), unknown
 * orders, and orders the original services wrote.
 */
import { describe, expect, it } from 'vitest';
import type { FieldResolution } from 'appsync-local/runtime';
import type { OrderStatus } from '../../../../resolvers/generated/graphql.js';
import { LocalTable } from '../../../helpers/local-table.js';
import { expectError, expectInternalFailure } from '../../../helpers/requests.js';
import { resolveField, THROTTLED } from '../../../helpers/resolvers.js';
import { legacyOrder, order, orderId, profile } from '../../../helpers/table-items.js';

const STATUSES: OrderStatus[] = ['PLACED', 'SHIPPED', 'DELIVERED', 'CANCELLED'];
/** The spec's allowed moves, and nothing else. */
const ALLOWED = new Set(['PLACED>SHIPPED', 'PLACED>CANCELLED', 'SHIPPED>DELIVERED']);
const ID = orderId(5);

const KEY = ['CUSTOMER#ann', `#ORDER#${ID}`] as const;

/** As an admin, who may make every move (an owner may only cancel: test/e2e/permissions.test.ts). */
function update(table: LocalTable, input: Record<string, unknown>): Promise<FieldResolution> {
  return resolveField('Mutation', 'updateOrderStatus', { args: { input: { username: 'ann', orderId: ID, ...input } }, auth: 'ADMIN' }, table);
}

describe('updateOrderStatus transitions', () => {
  const pairs = STATUSES.flatMap((from) => STATUSES.map((to) => [from, to] as const));
  const allowed = pairs.filter(([from, to]) => ALLOWED.has(`${from}>${to}`));
  const refused = pairs.filter(([from, to]) => !ALLOWED.has(`${from}>${to}`));

  it('covers all 16 pairs: 3 allowed, 13 refused', () => {
    expect([allowed.length, refused.length]).toEqual([3, 13]);
  });

  it.each(allowed)('%s → %s is allowed: new status, GSI1 partition, version + 1, UpdatedAt', async (from, to) => {
    const stored = order('ann', ID, { status: from, version: 4 });
    const table = await LocalTable.create([profile('ann'), stored]);
    const before = Date.now();
    const resolution = await update(table, { status: to });
    expect(resolution.errors).toEqual([]);
    expect(resolution.value).toMatchObject({ orderId: ID, username: 'ann', status: to, version: 5, amount: 25.5, numberOfItems: 2, createdAt: stored['CreatedAt'] });
    const after = (await table.get(...KEY))!;
    expect(after).toMatchObject({ Status: to, Version: 5, GSI1PK: `ORDERSTATUS#${to}`, GSI1SK: `#ORDER#${ID}` });
    expect(Date.parse(after['UpdatedAt'] as string)).toBeGreaterThanOrEqual(before - 1);
    expect((resolution.value as Record<string, unknown>)['updatedAt']).toBe(after['UpdatedAt']);
    expect(table.operations()).toEqual(['GetItem', 'UpdateItem']);
  });

  it.each(refused)('%s → %s is InvalidStatusTransition, refused before anything is written', async (from, to) => {
    const stored = order('ann', ID, { status: from, version: 4 });
    const table = await LocalTable.create([profile('ann'), stored]);
    const { message } = expectError(await update(table, { status: to }), 'InvalidStatusTransition', { from, to });
    expect(message).toContain(from);
    expect(table.operations()).toEqual(['GetItem']);
    expect(await table.get(...KEY)).toEqual(stored);
  });
});

describe('updateOrderStatus concurrency', () => {
  it('a stale expectedVersion is ConcurrentModification and writes nothing', async () => {
    const stored = order('ann', ID, { status: 'PLACED', version: 2 });
    const table = await LocalTable.create([stored]);
    expectError(await update(table, { status: 'SHIPPED', expectedVersion: 1 }), 'ConcurrentModification', { currentVersion: 2 });
    expect(table.operations()).toEqual(['GetItem']);
    expect(await table.get(...KEY)).toEqual(stored);
  });

  it('the current expectedVersion succeeds, and then it is stale', async () => {
    const table = await LocalTable.create([order('ann', ID, { status: 'PLACED', version: 2 })]);
    const first = await update(table, { status: 'SHIPPED', expectedVersion: 2 });
    expect(first.errors).toEqual([]);
    expect(first.value).toMatchObject({ status: 'SHIPPED', version: 3 });
    expectError(await update(table, { status: 'DELIVERED', expectedVersion: 2 }), 'ConcurrentModification', { currentVersion: 3 });
    expect(await table.get(...KEY)).toMatchObject({ Status: 'SHIPPED', Version: 3 });
  });

  it('a write that lands between the read and the update makes this one ConcurrentModification, never a lost update', async () => {
    const table = await LocalTable.create([order('ann', ID, { status: 'PLACED', version: 1 })]);
    let raced = false;
    table.beforeEach(async (request) => {
      if (request['operation'] === 'UpdateItem' && !raced) {
        raced = true;
        // Another updateOrderStatus (PLACED → CANCELLED) commits first.
        await table.put({ ...(await table.get(...KEY))!, Status: 'CANCELLED', Version: 2, GSI1PK: 'ORDERSTATUS#CANCELLED' });
      }
    });
    expectError(await update(table, { status: 'SHIPPED' }), 'ConcurrentModification');
    expect(table.operations()).toEqual(['GetItem', 'UpdateItem']);
    expect(await table.get(...KEY)).toMatchObject({ Status: 'CANCELLED', Version: 2 });
  });

  it('two updates from the same read cannot both win', async () => {
    const table = await LocalTable.create([order('ann', ID, { status: 'PLACED', version: 1 })]);
    // Both writes wait until both reads are done, so both are sent from version 1 and DynamoDB decides.
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    table.beforeEach(async (request) => {
      if (request['operation'] !== 'UpdateItem') return;
      if ((arrived += 1) === 2) release();
      await bothRead;
    });
    const [a, b] = await Promise.all([update(table, { status: 'SHIPPED', expectedVersion: 1 }), update(table, { status: 'CANCELLED', expectedVersion: 1 })]);
    const winners = [a, b].filter((r) => r.errors.length === 0);
    expect(winners).toHaveLength(1);
    const loser = [a, b].find((r) => r.errors.length > 0)!;
    expectError(loser, 'ConcurrentModification');
    expect(table.operations().sort()).toEqual(['GetItem', 'GetItem', 'UpdateItem', 'UpdateItem']);
    expect((await table.get(...KEY))!['Version']).toBe(2);
  });
});

describe('updateOrderStatus, other paths', () => {
  it('an unknown order is OrderNotFound, and no ghost item appears', async () => {
    const table = await LocalTable.create([profile('ann')]);
    expectError(await update(table, { status: 'SHIPPED' }), 'OrderNotFound');
    expect(await table.items()).toEqual([profile('ann')]);
  });

  it('moves an order the original services wrote to version 2 and gives it the attributes it lacked (so ordersByStatus finds it)', async () => {
    const table = await LocalTable.create([legacyOrder('ann', 'LEGACY7')]);
    const resolution = await resolveField('Mutation', 'updateOrderStatus', { args: { input: { username: 'ann', orderId: 'LEGACY7', status: 'SHIPPED', expectedVersion: 1 } }, auth: 'ADMIN' }, table);
    expect(resolution.errors).toEqual([]);
    expect(resolution.value).toMatchObject({ orderId: 'LEGACY7', status: 'SHIPPED', version: 2 });
    expect(await table.get('CUSTOMER#ann', '#ORDER#LEGACY7')).toMatchObject({
      Status: 'SHIPPED',
      Version: 2,
      OrderId: 'LEGACY7',
      Username: 'ann',
      GSI1PK: 'ORDERSTATUS#SHIPPED',
      GSI1SK: '#ORDER#LEGACY7',
    });
    const shipped = await resolveField('Query', 'ordersByStatus', { args: { status: 'SHIPPED' }, auth: 'ADMIN' }, table);
    expect((shipped.value as { items: { orderId: string }[] }).items.map((o) => o.orderId)).toEqual(['LEGACY7']);
  });

  it('a throttled read is InternalFailure without its text', async () => {
    const table = await LocalTable.create([order('ann', ID)]);
    table.failNext(THROTTLED, (r) => r['operation'] === 'GetItem');
    expectInternalFailure(await update(table, { status: 'SHIPPED' }), THROTTLED);
  });

  it('a throttled write is InternalFailure without its text', async () => {
    const table = await LocalTable.create([order('ann', ID)]);
    table.failNext(THROTTLED, (r) => r['operation'] === 'UpdateItem');
    expectInternalFailure(await update(table, { status: 'SHIPPED' }), THROTTLED);
  });
});
