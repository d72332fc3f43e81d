/**
 * Paging through orders, ordersByStatus and User.orders end to end over DynamoDB Local:
 * following nextToken visits every order exactly once, newest first, and ends with null; a token
 * from a status-filtered page and a cursor from an unfiltered page are not interchangeable.
 */
import { describe, expect, it } from 'vitest';
import type { FieldResolution } from 'appsync-local/runtime';
import { LocalTable, type Item } from '../../../helpers/local-table.js';
import { expectValidationError } from '../../../helpers/requests.js';
import { resolveField } from '../../../helpers/resolvers.js';
import { asOrder, newestFirst, order, orderId, ordersOf, profile } from '../../../helpers/table-items.js';
import type { OrderStatus } from '../../../../resolvers/generated/graphql.js';

interface Page {
  items: Record<string, unknown>[];
  nextToken: string | null;
}

const COUNTS = [0, 1, 20, 21, 45];
const STATUSES: OrderStatus[] = ['PLACED', 'SHIPPED', 'DELIVERED', 'CANCELLED'];

function ok(resolution: FieldResolution): Page {
  expect(resolution.errors).toEqual([]);
  return resolution.value as Page;
}

/** Follows nextToken until it is null; every page but the last is full (cursor pages never come short). */
async function allPages(fetch: (nextToken: string | null) => Promise<Page>): Promise<Page[]> {
  const pages: Page[] = [];
  let token: string | null = null;
  do {
    const page = await fetch(token);
    pages.push(page);
    token = page.nextToken;
    if (pages.length > 60) throw new Error('nextToken never ended');
  } while (token !== null);
  return pages;
}

function ids(pages: Page[]): string[] {
  return pages.flatMap((p) => p.items.map((o) => o['orderId'] as string));
}

function expectNoDuplicates(list: string[]): void {
  expect(new Set(list).size).toBe(list.length);
}

/** ann's orders and a neighbour's, in the table. */
async function table(count: number, statusOf?: (n: number) => OrderStatus): Promise<{ table: LocalTable; orders: Item[] }> {
  const orders = ordersOf('ann', count, statusOf);
  return { table: await LocalTable.create([profile('ann'), ...orders, profile('ann2'), ...ordersOf('ann2', 5, () => 'PLACED', 7)]), orders: newestFirst(orders) };
}

describe('orders(username) with the cursor', () => {
  it.each(COUNTS)('%i orders: pages of 20 visit each order once, newest first', async (count) => {
    const { table: t, orders } = await table(count);
    const pages = await allPages(async (nextToken) => ok(await resolveField('Query', 'orders', { args: { username: 'ann', nextToken } }, t)));
    expect(pages.map((p) => p.items.length)).toEqual(count === 0 ? [0] : chunks(count, 20));
    expectNoDuplicates(ids(pages));
    expect(pages.flatMap((p) => p.items)).toEqual(orders.map(asOrder));
    // One Query per page, never more.
    expect(t.operations()).toEqual(pages.map(() => 'Query'));
  });

  it.each(COUNTS)('%i orders: pages of 7 visit each order once', async (count) => {
    const { table: t, orders } = await table(count);
    const pages = await allPages(async (nextToken) => ok(await resolveField('Query', 'orders', { args: { username: 'ann', limit: 7, nextToken } }, t)));
    expect(pages.map((p) => p.items.length)).toEqual(count === 0 ? [0] : chunks(count, 7));
    expect(pages.flatMap((p) => p.items)).toEqual(orders.map(asOrder));
  });

  it('keeps its place when an order is added between pages (the cursor is a key, not an offset)', async () => {
    const { table: t, orders } = await table(25);
    const first = ok(await resolveField('Query', 'orders', { args: { username: 'ann' } }, t));
    await t.put(order('ann', orderId(1000)));
    const second = ok(await resolveField('Query', 'orders', { args: { username: 'ann', nextToken: first.nextToken } }, t));
    expect([...first.items, ...second.items]).toEqual(orders.map(asOrder));
  });
});

describe('orders(username, status) with DynamoDB’s token', () => {
  it.each(COUNTS)('%i orders of mixed status: the filtered pages give every order of that status once', async (count) => {
    const statusOf = (n: number) => STATUSES[n % 3]!;
    const { table: t, orders } = await table(count, statusOf);
    const wanted = orders.filter((o) => o['Status'] === 'SHIPPED');
    const pages = await allPages(async (nextToken) => ok(await resolveField('Query', 'orders', { args: { username: 'ann', status: 'SHIPPED', limit: 4, nextToken } }, t)));
    expectNoDuplicates(ids(pages));
    expect(pages.flatMap((p) => p.items)).toEqual(wanted.map(asOrder));
    for (const p of pages) expect(p.items.length).toBeLessThanOrEqual(4);
  });
});

describe('ordersByStatus(status) across users', () => {
  it.each(COUNTS)('%i matching orders spread over three users: pages visit each once, newest first', async (count) => {
    // Orders of three users interleave in time; another user's orders in other statuses must not show.
    const distinct = Array.from({ length: count }, (_, n) => order(['ann', 'bob', 'cy'][n % 3]!, orderId(n + 1), { status: 'DELIVERED' }));
    const noise = Array.from({ length: 10 }, (_, n) => order('dee', orderId(n + 1, 500), { status: n % 2 ? 'PLACED' : 'CANCELLED' }));
    const t = await LocalTable.create([...distinct, ...noise]);
    const pages = await allPages(async (nextToken) => ok(await resolveField('Query', 'ordersByStatus', { args: { status: 'DELIVERED', nextToken }, auth: 'ADMIN' }, t)));
    expectNoDuplicates(ids(pages));
    const expected = [...distinct].sort((a, b) => ((a['GSI1SK'] as string) < (b['GSI1SK'] as string) ? 1 : -1));
    expect(pages.flatMap((p) => p.items)).toEqual(expected.map(asOrder));
    expect(pages.map((p) => p.items.length)).toEqual(count === 0 ? [0] : chunks(count, 20));
  });
});

describe('User.orders pages after the prefetched first page', () => {
  it.each(COUNTS)('%i orders: the prefetched page and the queried ones visit each order once', async (count) => {
    const { table: t, orders } = await table(count);
    const parent = (await resolveField('Query', 'user', { args: { username: 'ann' } }, t)).value;
    const pages = await allPages(async (nextToken) => ok(await resolveField('User', 'orders', { source: parent, args: { nextToken } }, t)));
    expectNoDuplicates(ids(pages));
    expect(pages.flatMap((p) => p.items)).toEqual(orders.map(asOrder));
    // user() and the first page: one Query; every later page: one Query.
    expect(t.calls).toHaveLength(pages.length);
  });
});

describe('tokens of one kind of page are refused by the other, before any read', () => {
  async function tokens() {
    const { table: t } = await table(30, (n) => STATUSES[n % 2]!);
    const cursor = ok(await resolveField('Query', 'orders', { args: { username: 'ann', limit: 5 } }, t)).nextToken;
    const filtered = ok(await resolveField('Query', 'orders', { args: { username: 'ann', status: 'PLACED', limit: 5 } }, t)).nextToken;
    expect(cursor).toEqual(expect.any(String));
    expect(filtered).toEqual(expect.any(String));
    return { t, cursor: cursor!, filtered: filtered! };
  }

  it('a status-filtered token given to orders without status is a ValidationError on nextToken', async () => {
    const { t, cursor: _cursor, filtered } = await tokens();
    const before = t.calls.length;
    expectValidationError(await resolveField('Query', 'orders', { args: { username: 'ann', nextToken: filtered } }, t), 'nextToken');
    expectValidationError(await resolveField('Query', 'ordersByStatus', { args: { status: 'PLACED', nextToken: filtered }, auth: 'ADMIN' }, t), 'nextToken');
    expectValidationError(await resolveField('User', 'orders', { source: { username: 'ann' }, args: { nextToken: filtered } }, t), 'nextToken');
    expect(t.calls.length).toBe(before);
  });

  it('a cursor given to orders with status is a ValidationError on nextToken', async () => {
    const { t, cursor } = await tokens();
    const before = t.calls.length;
    expectValidationError(await resolveField('Query', 'orders', { args: { username: 'ann', status: 'SHIPPED', nextToken: cursor } }, t), 'nextToken');
    expectValidationError(await resolveField('User', 'orders', { source: { username: 'ann' }, args: { status: 'SHIPPED', nextToken: cursor } }, t), 'nextToken');
    expect(t.calls.length).toBe(before);
  });
});

/** Page sizes for `count` items in pages of `size`. */
function chunks(count: number, size: number): number[] {
  const out: number[] = [];
  for (let left = count; left > 0; left -= size) out.push(Math.min(size, left));
  return out;
}
