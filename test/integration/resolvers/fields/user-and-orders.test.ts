/**
 * user(username) { orders } end to end, over DynamoDB Local: the profile and its newest
 * orders come from ONE Query, and User.orders serves the first page from them with no data-source
 * call when they cover it, querying only when they do not.
 */
import { describe, expect, it } from 'vitest';
import type { FieldResolution } from 'appsync-local/runtime';
import { LocalTable, type Item } from '../../../helpers/local-table.js';
import { expectInternalFailure, resolved, type DynamoRequest } from '../../../helpers/requests.js';
import { resolveField, THROTTLED, type Caller } from '../../../helpers/resolvers.js';
import { asOrder, emailGuard, legacyOrder, legacyProfile, newestFirst, ordersOf, profile } from '../../../helpers/table-items.js';

interface Page {
  items: Record<string, unknown>[];
  nextToken: string | null;
}

/** ann with `count` orders, plus a neighbour whose partition must never leak in. */
async function tableWith(count: number, extra: Item[] = []) {
  const orders = ordersOf('ann', count);
  const table = await LocalTable.create([profile('ann'), emailGuard('ann@example.com', 'ann'), ...orders, profile('anna'), ...ordersOf('anna', 3, () => 'PLACED', 9), ...extra]);
  return { table, orders: newestFirst(orders) };
}

function ok(resolution: FieldResolution): unknown {
  expect(resolution.errors).toEqual([]);
  return resolution.value;
}

async function user(table: LocalTable, username = 'ann', auth: Caller = 'OWNER') {
  return ok(await resolveField('Query', 'user', { args: { username }, auth }, table)) as Record<string, unknown> | null;
}

async function userOrders(table: LocalTable, source: unknown, args: Record<string, unknown> = {}) {
  return ok(await resolveField('User', 'orders', { source, args }, table)) as Page;
}

describe('user(username)', () => {
  it.each(['OWNER', 'ADMIN', 'IAM'] as const)('reads the profile and its orders with exactly one Query (%s)', async (auth) => {
    const { table } = await tableWith(45);
    const value = await user(table, 'ann', auth);
    expect(table.operations()).toEqual(['Query']);
    expect(value).toMatchObject({ username: 'ann', email: 'ann@example.com', name: 'Name of ann', createdAt: '2024-03-01T10:00:00.000Z', address: null, updatedAt: null });
  });

  it('is null for an unknown user, after one Query', async () => {
    const { table } = await tableWith(0);
    expect(await user(table, 'nobody')).toBeNull();
    expect(table.operations()).toEqual(['Query']);
  });

  it('reads a user the original services wrote, with their orders', async () => {
    const table = await LocalTable.create([legacyProfile('old'), legacyOrder('old', 'B2', { status: 'SHIPPED' }), legacyOrder('old', 'A1')]);
    const value = await user(table, 'old');
    expect(value).toMatchObject({ username: 'old', createdAt: '1970-01-01T00:00:00.000Z' });
    const page = await userOrders(table, value);
    expect(page.items.map((o) => [o['orderId'], o['status'], o['version'], o['username']])).toEqual([
      ['B2', 'SHIPPED', 1, 'old'],
      ['A1', 'PLACED', 1, 'old'],
    ]);
    expect(table.operations()).toEqual(['Query']);
  });

  it('is InternalFailure without the original text when the Query fails', async () => {
    const { table } = await tableWith(1);
    table.failNext(THROTTLED);
    expectInternalFailure(await resolveField('Query', 'user', { args: { username: 'ann' } }, table), THROTTLED);
  });
});

describe('User.orders under user(username)', () => {
  it.each([0, 1, 20, 21, 45])('with %i orders serves the default first page from the prefetch, with no data-source call', async (count) => {
    const { table, orders } = await tableWith(count);
    const parent = await user(table);
    const callsAfterUser = table.calls.length;
    const page = await userOrders(table, parent);
    expect(table.calls.length - callsAfterUser).toBe(0);
    expect(page.items).toEqual(orders.slice(0, 20).map(asOrder));
    expect(page.nextToken === null).toBe(count <= 20);
  });

  it('serves a smaller page (limit 5) from the prefetch too, with a token for the rest', async () => {
    const { table, orders } = await tableWith(45);
    const parent = await user(table);
    const before = table.calls.length;
    const page = await userOrders(table, parent, { limit: 5 });
    expect(table.calls.length).toBe(before);
    expect(page.items).toEqual(orders.slice(0, 5).map(asOrder));
    const next = await userOrders(table, parent, { limit: 5, nextToken: page.nextToken });
    expect(next.items).toEqual(orders.slice(5, 10).map(asOrder));
  });

  it('serves a larger page from the prefetch when it holds every order (20 orders, limit 30)', async () => {
    const { table, orders } = await tableWith(20);
    const parent = await user(table);
    const before = table.calls.length;
    expect(await userOrders(table, parent, { limit: 30 })).toEqual({ items: orders.map(asOrder), nextToken: null });
    expect(table.calls.length).toBe(before);
  });

  it('queries when the limit is larger than an incomplete prefetch (45 orders, limit 30)', async () => {
    const { table, orders } = await tableWith(45);
    const parent = await user(table);
    const before = table.calls.length;
    const page = await userOrders(table, parent, { limit: 30 });
    expect(table.calls.slice(before).map((c) => c.request['operation'])).toEqual(['Query']);
    expect(page.items).toEqual(orders.slice(0, 30).map(asOrder));
    expect(page.nextToken).toEqual(expect.any(String));
  });

  it('queries when the prefetch stopped exactly at its limit (21 orders, limit 21): it cannot know it has them all', async () => {
    const { table, orders } = await tableWith(21);
    const parent = await user(table);
    const before = table.calls.length;
    expect(await userOrders(table, parent, { limit: 21 })).toEqual({ items: orders.map(asOrder), nextToken: null });
    expect(table.calls.length - before).toBe(1);
  });

  it('queries for a later page (nextToken given)', async () => {
    const { table, orders } = await tableWith(45);
    const parent = await user(table);
    const first = await userOrders(table, parent);
    const before = table.calls.length;
    const second = await userOrders(table, parent, { nextToken: first.nextToken });
    expect(table.calls.length - before).toBe(1);
    expect(second.items).toEqual(orders.slice(20, 40).map(asOrder));
  });

  it('queries when a status is given, and keeps only orders in that status', async () => {
    const { table } = await tableWith(
      0,
      ordersOf('ann', 6, (n) => (n % 2 ? 'SHIPPED' : 'PLACED'), 3),
    );
    const parent = await user(table);
    const before = table.calls.length;
    const page = await userOrders(table, parent, { status: 'SHIPPED' });
    const calls = table.calls.slice(before);
    expect(calls).toHaveLength(1);
    expect(resolved((calls[0]!.request as DynamoRequest).query)).toBe('PK = "CUSTOMER#ann" AND begins_with(SK, "#ORDER#")');
    expect(page.items.map((o) => o['status'])).toEqual(['SHIPPED', 'SHIPPED', 'SHIPPED']);
  });

  it('queries when the User came from elsewhere, without a prefetch (e.g. addUser)', async () => {
    const { table, orders } = await tableWith(3);
    const page = await userOrders(table, { username: 'ann', email: 'ann@example.com', name: 'Ann', address: null, createdAt: '2024-03-01T10:00:00.000Z', updatedAt: null });
    expect(table.operations()).toEqual(['Query']);
    expect(page).toEqual({ items: orders.map(asOrder), nextToken: null });
  });
});
