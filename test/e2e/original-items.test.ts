/**
 * README's claim, tried as a new user would: the original services' items, exactly as
 * original-services.md shows them (test/helpers/original-items.ts), put straight into the local
 * table, then read, listed, filtered, changed and deleted through the local API over HTTP (the
 * synthesized app, DynamoDB Local, the stream pipe and the order-events function), with a
 * subscriber receiving the changes of an original order. Also: new orders come newest first to
 * the millisecond, above the original ones, in a user's list and in ordersByStatus.
 *
 * Callers as they will be once the original users have accounts (npm run migrate:cognito-users):
 * each user signed in as themselves for their own data and orders, the back office (an admin)
 * for ordersByStatus and for moves only it may make.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAppSync, type Caller, type LocalAppSyncHarness, type Subscription } from 'appsync-local/testing';
import { migrateLegacyItems } from '../../scripts/migrate-legacy-items.js';
import { signedIn, signedInAdmin } from '../helpers/callers.js';
import { dataTable, testAssemblyDir } from '../helpers/test-assembly.js';
import {
  FREE_TEXT_ADDRESS,
  ghostProfile,
  JOHN_ORDER_CANCELLED,
  JOHN_ORDER_ID,
  JOHN_ORDER_PLACED,
  JOHN_PROFILE,
  originalEmailGuard,
  originalOrder,
  TEST111_WITH_ADDRESS,
} from '../helpers/original-items.js';

const ORDER_FIELDS = 'orderId username status amount numberOfItems createdAt updatedAt version';
const ADDRESS_FIELDS = 'formatted line1 line2 city region postalCode country';
const EVENT_FIELDS = 'type username orderId status previousStatus amount numberOfItems occurredAt';

/** Another order of john's, placed the evening before (the example timestamp). */
const EARLIER = originalOrder('john', '2023-08-21T22:21:34.811747');
const EARLIER_ID = String(EARLIER['OrderId']);
/** An order whose status the original services accepted but the API has no meaning for. */
const RETURNED = originalOrder('john', '2023-08-20T08:00:00.000001', { Status: 'RETURNED' }, 2);
const RETURNED_ID = String(RETURNED['OrderId']);
/** The free-text address under `Address`, as the reporter stored it. */
const TEST222 = { PK: 'CUSTOMER#test222', SK: 'CUSTOMER#test222', Username: 'test222', Name: 'Test Two', Email: 'test222@gmail.com', Address: FREE_TEXT_ADDRESS };

const FREE_TEXT = { formatted: FREE_TEXT_ADDRESS, line1: FREE_TEXT_ADDRESS, line2: null, city: '', region: null, postalCode: null, country: '' };
const JOHN_CANCELLED = {
  orderId: JOHN_ORDER_ID,
  username: 'john',
  status: 'CANCELLED',
  amount: 5.5,
  numberOfItems: 2,
  createdAt: '2023-08-22T02:07:33.696174Z',
  updatedAt: '2023-08-22T02:09:03.577842Z',
  version: 1,
};
const EARLIER_PLACED = { orderId: EARLIER_ID, username: 'john', status: 'PLACED', amount: 12.25, numberOfItems: 3, createdAt: '2023-08-21T22:21:34.811747Z', updatedAt: null, version: 1 };

let api: LocalAppSyncHarness;
let table: string;
let admin: Caller;
/** john's order events, subscribed (as john) before anything is written. */
let subscriber: Subscription<{ onOrderEvent: Record<string, unknown> }>;

beforeAll(async () => {
  api = await startLocalAppSync({ assembly: testAssemblyDir() });
  table = dataTable(api);
  admin = await signedInAdmin(api);
  subscriber = await api.subscribe(`subscription { onOrderEvent(username: "john") { ${EVENT_FIELDS} } }`, {}, { as: await as('john') });
}, 120_000);

afterAll(async () => {
  await api?.stop();
});

/** A user signed in as themselves (their email as the original services stored it). */
const EMAILS: Record<string, string> = { john: 'john@gmail.com', test111: 'test@gmail.com', test222: 'test222@gmail.com' };
const as = (username: string) => signedIn(api, username, { email: EMAILS[username] ?? `${username}@example.com` });

/** Straight into the table, as the original services wrote. */
const put = (item: Record<string, unknown>) => api.seed({ [table]: [item] });
/** The item under a key, read consistently (undefined when there is none). */
const stored = async (PK: string, SK: string) => (await api.scan(table)).find((item) => item['PK'] === PK && item['SK'] === SK);

/** The answer's data; the test fails on any error. */
async function data<T = Record<string, unknown>>(caller: Caller | Promise<Caller>, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const answer = await api.graphql<T>(query, variables, { as: await caller });
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data!;
}

/** The answer of an operation that must fail: its data and its one error. */
async function refused(caller: Caller | Promise<Caller>, query: string, variables: Record<string, unknown> = {}) {
  const answer = await api.graphql(query, variables, { as: await caller });
  expect(answer.errors).toHaveLength(1);
  return { data: answer.data, error: answer.errors![0]! };
}

const orderIdsOf = (connection: { items: { orderId: string }[] }) => connection.items.map((o) => o.orderId);

describe("the original services' items, as original-services.md shows them", () => {
  it('read without an error: profile, orders (statuses mapped, timestamps with Z), a free-text address; a ghost profile is no user', async () => {
    for (const item of [
      JOHN_PROFILE,
      originalEmailGuard('john@gmail.com'),
      JOHN_ORDER_PLACED,
      EARLIER,
      RETURNED,
      TEST111_WITH_ADDRESS,
      originalEmailGuard('test@gmail.com'),
      TEST222,
      ghostProfile('nobody'),
    ]) {
      await put(item);
    }
    // The original's PUT /orders/... with status CANCEL, straight in the table as it did it.
    await put(JOHN_ORDER_CANCELLED);

    const { user } = await data<{ user: Record<string, unknown> }>(
      as('john'),
      `{ user(username: "john") { username email name address { ${ADDRESS_FIELDS} } createdAt updatedAt orders { items { ${ORDER_FIELDS} } nextToken } } }`,
    );
    expect(user).toEqual({
      username: 'john',
      email: 'john@gmail.com',
      name: 'john smith',
      address: null,
      // The original profiles carry no creation time: the epoch reads as unknown.
      createdAt: '1970-01-01T00:00:00.000Z',
      updatedAt: null,
      // Newest first; the RETURNED order is left out, not a failed list.
      orders: { items: [JOHN_CANCELLED, EARLIER_PLACED], nextToken: null },
    });
    expect(await data(as('john'), `{ orders(username: "john") { items { ${ORDER_FIELDS} } nextToken } }`)).toEqual({ orders: { items: [JOHN_CANCELLED, EARLIER_PLACED], nextToken: null } });
    expect(await data(as('john'), `{ order(username: "john", orderId: "${JOHN_ORDER_ID}") { ${ORDER_FIELDS} } }`)).toEqual({ order: JOHN_CANCELLED });

    // Asked for by id, the order the API cannot serve says why.
    const unsupported = await refused(as('john'), `{ order(username: "john", orderId: "${RETURNED_ID}") { ${ORDER_FIELDS} } }`);
    expect(unsupported.data).toEqual({ order: null });
    expect(unsupported.error).toMatchObject({ errorType: 'UnsupportedOrder', path: ['order'] });
    expect(unsupported.error.message).toContain('"RETURNED"');

    for (const username of ['test111', 'test222']) {
      expect(await data(as(username), `{ user(username: "${username}") { username address { ${ADDRESS_FIELDS} } } }`)).toEqual({ user: { username, address: FREE_TEXT } });
    }
    expect(await data(as('nobody'), '{ user(username: "nobody") { username } }')).toEqual({ user: null });
  });

  it('filter by their mapped status: CANCEL is CANCELLED, in orders and User.orders', async () => {
    const filtered = (status: string) => `{ orders(username: "john", status: ${status}) { items { orderId status } } user(username: "john") { orders(status: ${status}) { items { orderId } } } }`;
    const cancelled = await data<{ orders: { items: { orderId: string; status: string }[] }; user: { orders: { items: { orderId: string }[] } } }>(as('john'), filtered('CANCELLED'));
    expect(cancelled.orders.items).toEqual([{ orderId: JOHN_ORDER_ID, status: 'CANCELLED' }]);
    expect(orderIdsOf(cancelled.user.orders)).toEqual([JOHN_ORDER_ID]);
    const placed = await data<{ orders: { items: { orderId: string }[] } }>(as('john'), filtered('PLACED'));
    expect(orderIdsOf(placed.orders)).toEqual([EARLIER_ID]);
    expect(await data<{ orders: { items: unknown[] } }>(as('john'), filtered('SHIPPED'))).toMatchObject({ orders: { items: [] } });
  });

  it('change through updateOrderStatus: the answer serves, canonical values are written, and the subscriber gets both changes with their own times', async () => {
    const { updateOrderStatus } = await data<{ updateOrderStatus: Record<string, unknown> }>(
      as('john'),
      `mutation { updateOrderStatus(input: { username: "john", orderId: "${EARLIER_ID}", status: CANCELLED, expectedVersion: 1 }) { ${ORDER_FIELDS} } }`,
    );
    expect(updateOrderStatus).toEqual({ ...EARLIER_PLACED, status: 'CANCELLED', version: 2, updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) });
    expect(await stored('CUSTOMER#john', String(EARLIER['SK']))).toEqual({
      ...EARLIER,
      Status: 'CANCELLED',
      CreatedAt: '2023-08-21T22:21:34.811747Z',
      UpdatedAt: updateOrderStatus['updatedAt'],
      Version: 2,
      GSI1PK: 'ORDERSTATUS#CANCELLED',
      GSI1SK: EARLIER['SK'],
      Username: 'john',
      EntityType: 'ORDER',
    });

    const events = [];
    for (let i = 0; i < 4; i += 1) {
      const event = await subscriber.next(30_000);
      expect(event.errors).toBeUndefined();
      events.push(event.data?.onOrderEvent);
    }
    // The pipe has caught up and no fifth event is on its way: nothing else was delivered.
    await subscriber.expectNothing();
    expect(events).toEqual([
      { type: 'ORDER_PLACED', username: 'john', orderId: JOHN_ORDER_ID, status: 'PLACED', previousStatus: null, amount: 5.5, numberOfItems: 2, occurredAt: '2023-08-22T02:07:33.696174Z' },
      { type: 'ORDER_PLACED', username: 'john', orderId: EARLIER_ID, status: 'PLACED', previousStatus: null, amount: 12.25, numberOfItems: 3, occurredAt: '2023-08-21T22:21:34.811747Z' },
      // No event for the RETURNED order: subscribers could not read it.
      // The original's own CANCEL, written straight in the table: its UpdatedAt.
      {
        type: 'ORDER_STATUS_CHANGED',
        username: 'john',
        orderId: JOHN_ORDER_ID,
        status: 'CANCELLED',
        previousStatus: 'PLACED',
        amount: 5.5,
        numberOfItems: 2,
        occurredAt: '2023-08-22T02:09:03.577842Z',
      },
      // Through GraphQL: the UpdatedAt the mutation wrote (and answered).
      {
        type: 'ORDER_STATUS_CHANGED',
        username: 'john',
        orderId: EARLIER_ID,
        status: 'CANCELLED',
        previousStatus: 'PLACED',
        amount: 12.25,
        numberOfItems: 3,
        occurredAt: updateOrderStatus['updatedAt'],
      },
    ]);
  });

  it('refuse changes they cannot make, before writing anything', async () => {
    const cancelItem = await stored('CUSTOMER#john', String(JOHN_ORDER_CANCELLED['SK']));
    // Shipping is the back office's move; from CANCELLED it is no move at all.
    const move = await refused(admin, `mutation { updateOrderStatus(input: { username: "john", orderId: "${JOHN_ORDER_ID}", status: SHIPPED }) { status } }`);
    expect(move.error).toMatchObject({ errorType: 'InvalidStatusTransition', errorInfo: { from: 'CANCELLED', to: 'SHIPPED' } });
    expect(await stored('CUSTOMER#john', String(JOHN_ORDER_CANCELLED['SK']))).toEqual(cancelItem);

    const unsupported = await refused(as('john'), `mutation { updateOrderStatus(input: { username: "john", orderId: "${RETURNED_ID}", status: CANCELLED }) { status } }`);
    expect(unsupported.error).toMatchObject({ errorType: 'UnsupportedOrder' });
    expect(await stored('CUSTOMER#john', String(RETURNED['SK']))).toEqual(RETURNED);
  });

  it('appear in ordersByStatus under their mapped status once migrated (the index needs the keys the original never wrote)', async () => {
    const byStatus = async (status: string) =>
      orderIdsOf((await data<{ ordersByStatus: { items: { orderId: string }[] } }>(admin, `{ ordersByStatus(status: ${status}) { items { orderId } } }`)).ordersByStatus);
    // The order updateOrderStatus changed is indexed already; the original CANCEL is not yet.
    expect(await byStatus('CANCELLED')).toEqual([EARLIER_ID]);
    const report = await migrateLegacyItems(DynamoDBDocumentClient.from(api.dynamodb), api.tables[table]!);
    expect(report).toMatchObject({ ordersIndexed: 1, statusesMapped: 1, unsupportedOrders: [expect.stringContaining(RETURNED_ID)], ghostProfiles: ['CUSTOMER#nobody'] });
    expect(await byStatus('CANCELLED')).toEqual([JOHN_ORDER_ID, EARLIER_ID]);
    // Reads are as before the migration.
    expect(await data(as('john'), `{ order(username: "john", orderId: "${JOHN_ORDER_ID}") { ${ORDER_FIELDS} } }`)).toEqual({ order: JOHN_CANCELLED });
  });

  it('keep paging with a cursor on an original sort key', async () => {
    const cursor = `c1.${Buffer.from(String(JOHN_ORDER_CANCELLED['SK'])).toString('base64')}`;
    const page = await data<{ orders: { items: { orderId: string }[]; nextToken: string | null } }>(as('john'), `{ orders(username: "john", nextToken: "${cursor}") { items { orderId } nextToken } }`);
    expect(page.orders).toEqual({ items: [{ orderId: EARLIER_ID }], nextToken: null });
  });

  it('delete: a user with orders is refused, one without goes with its ownerless guard; a ghost profile is no user until addUser takes it', async () => {
    // Each user deletes their own profile; nobody (signed in, no profile yet) meets the ghost.
    expect((await refused(as('john'), 'mutation { deleteUser(username: "john") { username } }')).error).toMatchObject({ errorType: 'UserHasOrders' });
    expect(await data(as('test111'), `mutation { deleteUser(username: "test111") { username email address { ${ADDRESS_FIELDS} } } }`)).toEqual({
      deleteUser: { username: 'test111', email: 'test@gmail.com', address: FREE_TEXT },
    });
    expect(await stored('CUSTOMEREMAIL#test@gmail.com', 'CUSTOMEREMAIL#test@gmail.com')).toBeUndefined();
    expect(await data(as('test111'), 'mutation { addUser(input: { username: "test111", email: "test@gmail.com", name: "Test Again" }) { username } }')).toEqual({ addUser: { username: 'test111' } });

    const ghost = await stored('CUSTOMER#nobody', 'CUSTOMER#nobody');
    for (const mutation of [
      'mutation { editAddress(username: "nobody", address: { line1: "1 Main St", city: "Auckland", country: "NZ" }) { username } }',
      'mutation { createOrder(input: { username: "nobody", amount: 5, numberOfItems: 1 }) { orderId } }',
      'mutation { deleteUser(username: "nobody") { username } }',
    ]) {
      expect((await refused(as('nobody'), mutation)).error).toMatchObject({ errorType: 'UserNotFound' });
    }
    expect(await stored('CUSTOMER#nobody', 'CUSTOMER#nobody')).toEqual(ghost);
    expect(await data(as('nobody'), 'mutation { addUser(input: { username: "nobody", email: "nobody@example.com", name: "Now Somebody" }) { username email } }')).toEqual({
      addUser: { username: 'nobody', email: 'nobody@example.com' },
    });
    expect(await data(as('nobody'), '{ user(username: "nobody") { username name address { line1 } } }')).toEqual({ user: { username: 'nobody', name: 'Now Somebody', address: null } });
  });
});

describe('new orders', () => {
  it('come newest first to the millisecond, created within the same second too, and above the original ones', async () => {
    await data(as('ada'), 'mutation { addUser(input: { username: "ada", email: "ada@example.com", name: "Ada" }) { username } }');
    const created: { orderId: string; createdAt: string }[] = [];
    for (let i = 0; i < 12; i += 1) {
      created.push(
        (
          await data<{ createOrder: { orderId: string; createdAt: string } }>(
            as('ada'),
            `mutation { createOrder(input: { username: "ada", amount: ${i + 1}, numberOfItems: 1 }) { orderId createdAt } }`,
          )
        ).createOrder,
      );
    }
    /** Newest first to the millisecond; orders of the same millisecond may come in either order. */
    const expectNewestFirst = (listed: { orderId: string; createdAt: string }[]) => {
      expect(new Set(listed.map((o) => o.orderId))).toEqual(new Set(created.map((o) => o.orderId)));
      expect(listed.map((o) => o.createdAt)).toEqual(created.map((o) => o.createdAt).reverse());
    };

    const lists = await data<{ user: { orders: { items: { orderId: string; createdAt: string }[] } }; orders: { items: { orderId: string; createdAt: string }[] } }>(
      as('ada'),
      '{ user(username: "ada") { orders { items { orderId createdAt } } } orders(username: "ada", limit: 5) { items { orderId createdAt } nextToken } }',
    );
    expectNewestFirst(lists.user.orders.items);
    expect(lists.orders.items).toEqual(lists.user.orders.items.slice(0, 5));
    const placed = await data<{ ordersByStatus: { items: { orderId: string; username: string; createdAt: string }[] } }>(
      admin,
      '{ ordersByStatus(status: PLACED, limit: 100) { items { orderId username createdAt } } }',
    );
    expectNewestFirst(placed.ordersByStatus.items.filter((o) => o.username === 'ada'));

    // A new order cancelled sorts above john's original CANCEL orders in ordersByStatus.
    const newest = created[created.length - 1]!;
    await data(as('ada'), `mutation { updateOrderStatus(input: { username: "ada", orderId: "${newest.orderId}", status: CANCELLED }) { status } }`);
    const cancelled = await data<{ ordersByStatus: { items: { orderId: string }[] } }>(admin, '{ ordersByStatus(status: CANCELLED) { items { orderId } } }');
    expect(orderIdsOf(cancelled.ordersByStatus)).toEqual([newest.orderId, JOHN_ORDER_ID, EARLIER_ID]);
  });
});

describe("an original user whose username this API would not give a new profile ('mary+jane')", () => {
  it('orders, changes, reads and watches as that user: only new usernames follow the stricter rule', async () => {
    const username = 'mary+jane';
    await put({ PK: `CUSTOMER#${username}`, SK: `CUSTOMER#${username}`, Username: username, Email: 'mary@gmail.com', Name: 'Mary Jane' });
    const mary = await signedIn(api, username, { email: 'mary@gmail.com' });
    const events = await api.subscribe<{ onOrderEvent: { type: string; orderId: string } }>(`subscription { onOrderEvent(username: "${username}") { type orderId } }`, {}, { as: mary });
    try {
      const { createOrder } = await data<{ createOrder: { orderId: string } }>(mary, `mutation { createOrder(input: { username: "${username}", amount: 3, numberOfItems: 1 }) { orderId } }`);
      expect((await events.next()).data?.onOrderEvent).toEqual({ type: 'ORDER_PLACED', orderId: createOrder.orderId });
      await data(mary, `mutation { editAddress(username: "${username}", address: { line1: "1 Main St", city: "Auckland", country: "NZ" }) { username } }`);
      await data(mary, `mutation { updateOrderStatus(input: { username: "${username}", orderId: "${createOrder.orderId}", status: CANCELLED }) { status } }`);
      const read = await data<{ user: { address: { line1: string }; orders: { items: { status: string }[] } } }>(
        mary,
        `{ user(username: "${username}") { address { line1 } orders { items { status } } } }`,
      );
      expect(read.user).toEqual({ address: { line1: '1 Main St' }, orders: { items: [{ status: 'CANCELLED' }] } });
    } finally {
      await events.close();
    }
    // A new profile under such a name is still refused.
    const fresh = await refused(admin, 'mutation { addUser(input: { username: "new+user", email: "new@example.com", name: "New" }) { username } }');
    expect(fresh.error.errorType).toBe('ValidationError');
  });
});
