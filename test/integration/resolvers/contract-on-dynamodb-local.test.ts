/**
 * The API contract at the resolver level on real DynamoDB: every resolver bundled as deployed,
 * run by the APPSYNC_JS runtime against DynamoDB Local (and the add-user function's code for the
 * Lambda data source). Proves the request objects are valid DynamoDB requests and the behaviour
 * holds under concurrency.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderKey, userKey } from '../../../resolvers/lib/keys.js';
import { createApiHarness, type ApiHarness } from '../../helpers/api-harness.js';
import { clients, createUsersOrdersTable, dynamodbEndpoint, scanAll } from '../../helpers/tables.js';

let db: ReturnType<typeof clients>;
let table: string;
let api: ApiHarness;

beforeAll(async () => {
  db = clients(dynamodbEndpoint());
  table = (await createUsersOrdersTable(db.raw)).name;
  api = await createApiHarness(db.raw, table);
}, 120_000);

afterAll(async () => {
  db?.raw.destroy();
});

interface Order {
  orderId: string;
  status: string;
  version: number;
  username: string;
}

async function value<T>(typeName: string, fieldName: string, args: Record<string, unknown>, call = {}): Promise<T> {
  const resolution = await api.field(typeName, fieldName, args, call);
  if (resolution.errors.length) throw new Error(`${typeName}.${fieldName} failed: ${JSON.stringify(resolution.errors)}`);
  return resolution.value as T;
}

async function errorOf(typeName: string, fieldName: string, args: Record<string, unknown>) {
  const resolution = await api.field(typeName, fieldName, args);
  expect(resolution.value).toBeNull();
  return resolution.errors.at(-1);
}

const addUser = (username: string, email = `${username}@example.com`) => value('Mutation', 'addUser', { input: { username, email, name: username.toUpperCase() } });
const createOrder = (username: string, amount = 10) => value<Order>('Mutation', 'createOrder', { input: { username, amount, numberOfItems: 1 } });

/** Every page of a connection field, following nextToken until it is null. */
async function allPages(fetch: (nextToken: string | null) => Promise<{ items: Order[]; nextToken: string | null }>): Promise<Order[]> {
  const all: Order[] = [];
  let token: string | null = null;
  for (let pages = 0; pages < 50; pages += 1) {
    const page = await fetch(token);
    all.push(...page.items);
    token = page.nextToken;
    if (!token) return all;
  }
  throw new Error('pagination did not end');
}

describe('users', () => {
  it('addUser makes a user; a taken username or email gets UsernameTaken or EmailTaken', async () => {
    expect(await addUser('ann')).toMatchObject({ username: 'ann', email: 'ann@example.com', name: 'ANN', address: null, updatedAt: null });
    expect(await errorOf('Mutation', 'addUser', { input: { username: 'ann', email: 'other@example.com', name: 'x' } })).toMatchObject({ errorType: 'UsernameTaken' });
    expect(await errorOf('Mutation', 'addUser', { input: { username: 'ann2', email: 'ANN@example.com', name: 'x' } })).toMatchObject({ errorType: 'EmailTaken' });
  });

  it('editAddress replaces the address; an unknown user is UserNotFound and a bad country a ValidationError that changes nothing', async () => {
    const address = { line1: '1 Main St', city: 'Berlin', country: 'DE', postalCode: '10115' };
    expect(await value('Mutation', 'editAddress', { username: 'ann', address })).toMatchObject({ address: { ...address, line2: null, region: null }, updatedAt: expect.any(String) });
    expect(await errorOf('Mutation', 'editAddress', { username: 'nobody', address })).toMatchObject({ errorType: 'UserNotFound' });
    expect(await errorOf('Mutation', 'editAddress', { username: 'ann', address: { ...address, country: 'XX' } })).toMatchObject({
      errorType: 'ValidationError',
      errorInfo: { field: 'address.country' },
    });
    expect(await value('Query', 'user', { username: 'ann' })).toMatchObject({ address: { country: 'DE' } });
    expect((await scanAll(db.raw, table)).some((i) => i['PK'] === userKey('nobody').PK)).toBe(false);
  });
});

describe('orders', () => {
  it('user() is ONE Query; User.orders serves its first page from it with no data-source call, then pages by cursor', async () => {
    await addUser('bob');
    const created: Order[] = [];
    for (let i = 0; i < 25; i += 1) created.push(await createOrder('bob', i + 1));
    const newestFirst = [...created].sort((a, b) => (a.orderId < b.orderId ? 1 : -1)).map((o) => o.orderId);

    const user = await api.field('Query', 'user', { username: 'bob' });
    expect(user.dataSourceCalls).toHaveLength(1);
    expect(user.dataSourceCalls[0]!.request).toMatchObject({ operation: 'Query', scanIndexForward: false });

    const firstPage = await api.field('User', 'orders', {}, { source: user.value });
    expect(firstPage.dataSourceCalls).toEqual([]);
    const page = firstPage.value as { items: Order[]; nextToken: string };
    expect(page.items.map((o) => o.orderId)).toEqual(newestFirst.slice(0, 20));

    const secondPage = await api.field('User', 'orders', { nextToken: page.nextToken }, { source: user.value });
    expect(secondPage.dataSourceCalls).toHaveLength(1);
    expect((secondPage.value as { items: Order[]; nextToken: string | null }).items.map((o) => o.orderId)).toEqual(newestFirst.slice(20));
    expect((secondPage.value as { nextToken: string | null }).nextToken).toBeNull();
  });

  it("orders() pages through all of a user's orders exactly once, unfiltered (cursor) and filtered by status (AppSync token)", async () => {
    const unfiltered = await allPages(async (nextToken) => value('Query', 'orders', { username: 'bob', limit: 7, nextToken }));
    expect(unfiltered).toHaveLength(25);
    expect(new Set(unfiltered.map((o) => o.orderId)).size).toBe(25);
    const filtered = await allPages(async (nextToken) => value('Query', 'orders', { username: 'bob', status: 'PLACED', limit: 6, nextToken }));
    expect(filtered.map((o) => o.orderId).sort()).toEqual(unfiltered.map((o) => o.orderId).sort());
    // A token only works for the kind of query that made it.
    const filteredPage = await value<{ nextToken: string }>('Query', 'orders', { username: 'bob', status: 'PLACED', limit: 6 });
    expect(await errorOf('Query', 'orders', { username: 'bob', nextToken: filteredPage.nextToken })).toMatchObject({ errorType: 'ValidationError' });
  });

  it('createOrder for an unknown user is UserNotFound and writes nothing', async () => {
    const before = (await scanAll(db.raw, table)).length;
    expect(await errorOf('Mutation', 'createOrder', { input: { username: 'ghost', amount: 5, numberOfItems: 1 } })).toMatchObject({ errorType: 'UserNotFound' });
    expect((await scanAll(db.raw, table)).length).toBe(before);
  });

  it('updateOrderStatus moves an order, bumps its version and moves it in ordersByStatus; bad moves and stale versions are refused', async () => {
    await addUser('cid');
    const order = await createOrder('cid');
    const shipped = await value<Order>('Mutation', 'updateOrderStatus', { input: { username: 'cid', orderId: order.orderId, status: 'SHIPPED', expectedVersion: 1 } });
    expect(shipped).toMatchObject({ status: 'SHIPPED', version: 2 });
    expect(await errorOf('Mutation', 'updateOrderStatus', { input: { username: 'cid', orderId: order.orderId, status: 'DELIVERED', expectedVersion: 1 } })).toMatchObject({
      errorType: 'ConcurrentModification',
    });
    expect(await errorOf('Mutation', 'updateOrderStatus', { input: { username: 'cid', orderId: order.orderId, status: 'PLACED' } })).toMatchObject({ errorType: 'InvalidStatusTransition' });
    expect(await errorOf('Mutation', 'updateOrderStatus', { input: { username: 'cid', orderId: '2zzzzzzzzzzzzzzzzzzzzzzzzzz', status: 'SHIPPED' } })).toMatchObject({ errorType: 'OrderNotFound' });
    const shippedList = await allPages(async (nextToken) => value('Query', 'ordersByStatus', { status: 'SHIPPED', limit: 2, nextToken }));
    expect(shippedList.map((o) => o.orderId)).toContain(order.orderId);
    const placedList = await allPages(async (nextToken) => value('Query', 'ordersByStatus', { status: 'PLACED', nextToken }));
    expect(placedList.map((o) => o.orderId)).not.toContain(order.orderId);
    expect(placedList.length).toBeGreaterThanOrEqual(25);
  });

  it('of 10 concurrent updates of one order, exactly one wins; no write is lost', async () => {
    const order = await createOrder('cid');
    const results = await Promise.all(Array.from({ length: 10 }, () => api.field('Mutation', 'updateOrderStatus', { input: { username: 'cid', orderId: order.orderId, status: 'SHIPPED' } })));
    expect(results.filter((r) => r.errors.length === 0)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors.length)) expect(['ConcurrentModification', 'InvalidStatusTransition']).toContain(r.errors[0]!.errorType);
    expect(await value('Query', 'order', { username: 'cid', orderId: order.orderId })).toMatchObject({ status: 'SHIPPED', version: 2 });
  });
});

describe('deleting users', () => {
  it('refuses while the user has orders (and releases its mark, so orders can still be created); frees username and email otherwise', async () => {
    expect(await errorOf('Mutation', 'deleteUser', { username: 'cid' })).toMatchObject({ errorType: 'UserHasOrders' });
    expect(await createOrder('cid')).toMatchObject({ status: 'PLACED' });

    await addUser('dee');
    expect(await value('Mutation', 'deleteUser', { username: 'dee' })).toMatchObject({ username: 'dee', email: 'dee@example.com' });
    expect(await value('Query', 'user', { username: 'dee' })).toBeNull();
    expect(await errorOf('Mutation', 'deleteUser', { username: 'dee' })).toMatchObject({ errorType: 'UserNotFound' });
    expect(await addUser('dee2', 'dee@example.com')).toMatchObject({ username: 'dee2' });
    expect(await addUser('dee', 'dee-again@example.com')).toMatchObject({ username: 'dee' });
  });

  it('racing createOrder against deleteUser never leaves an order without its user', async () => {
    for (let round = 0; round < 5; round += 1) {
      const username = `race${round}`;
      await addUser(username);
      const [deleted, ...orders] = await Promise.all([
        api.field('Mutation', 'deleteUser', { username }),
        ...Array.from({ length: 8 }, () => api.field('Mutation', 'createOrder', { input: { username, amount: 1, numberOfItems: 1 } })),
      ]);
      const items = await scanAll(db.raw, table);
      const profile = items.find((i) => i['PK'] === userKey(username).PK && i['SK'] === userKey(username).SK);
      const userOrders = items.filter((i) => i['PK'] === userKey(username).PK && i !== profile);
      const placed = orders.filter((o) => o.errors.length === 0).length;
      // Either outcome is fine; what may never happen is an order outliving its user.
      const outcome = {
        deleteError: deleted!.errors[0]?.errorType ?? null,
        profileLeft: profile !== undefined,
        markLeft: profile?.['Deleting'] !== undefined,
        ordersStored: userOrders.length,
        ordersPlaced: placed,
        orderErrors: [...new Set(orders.flatMap((o) => o.errors.map((e) => e.errorType)))],
      };
      // Orders refused while the user was marked are ConcurrentModification, after it was gone UserNotFound.
      const refusals = outcome.orderErrors.filter((t) => t === 'UserNotFound' || t === 'ConcurrentModification');
      const deletedFirst = outcome.deleteError === null;
      expect(outcome).toEqual(
        deletedFirst
          ? { deleteError: null, profileLeft: false, markLeft: false, ordersStored: 0, ordersPlaced: 0, orderErrors: refusals }
          : { deleteError: 'UserHasOrders', profileLeft: true, markLeft: false, ordersStored: placed, ordersPlaced: placed, orderErrors: refusals },
      );
      // When the delete won, every one of the 8 orders was refused.
      expect(deletedFirst ? orders.every((o) => o.errors.length === 1) : true).toBe(true);
    }
  });
});

describe('items written by the original services', () => {
  it('reads a legacy profile and legacy orders, and updates a legacy order from version 1', async () => {
    // As the FastAPI services wrote them: no EntityType, Version, CreatedAt on the profile, Username on orders, GSI1 keys.
    await db.doc.send(new PutCommand({ TableName: table, Item: { ...userKey('legacy'), Username: 'legacy', Email: 'legacy@example.com', Name: 'Old Timer' } }));
    await db.doc.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...orderKey('legacy', '1old0000000000000000000001'),
          OrderId: '1old0000000000000000000001',
          Status: 'PLACED',
          Amount: 12.5,
          NumberItems: 3,
          CreatedAt: '2020-01-01T00:00:00.000Z',
          UpdatedAt: '2020-01-01T00:00:00.000Z',
        },
      }),
    );
    const user = await api.field('Query', 'user', { username: 'legacy' });
    expect(user.value).toMatchObject({ username: 'legacy', email: 'legacy@example.com', name: 'Old Timer', createdAt: '1970-01-01T00:00:00.000Z' });
    const orders = await api.field('User', 'orders', {}, { source: user.value });
    expect((orders.value as { items: Order[] }).items).toEqual([
      {
        orderId: '1old0000000000000000000001',
        username: 'legacy',
        status: 'PLACED',
        amount: 12.5,
        numberOfItems: 3,
        createdAt: '2020-01-01T00:00:00.000Z',
        updatedAt: '2020-01-01T00:00:00.000Z',
        version: 1,
      },
    ]);
    expect(await value('Mutation', 'updateOrderStatus', { input: { username: 'legacy', orderId: '1old0000000000000000000001', status: 'CANCELLED', expectedVersion: 1 } })).toMatchObject({
      status: 'CANCELLED',
      version: 2,
    });
    const cancelled = await allPages(async (nextToken) => value('Query', 'ordersByStatus', { status: 'CANCELLED', nextToken }));
    expect(cancelled.map((o) => o.orderId)).toContain('1old0000000000000000000001');
  });
});
