/**
 * Who may do what (docs/data-model.md, "Who may do what"), over HTTP against the local AppSync
 * serving the synthesized template, with the local Cognito's tokens: every field called by its
 * owner (the signed-in user whose username the field acts on), another signed-in user, an admin
 * (the pool's admin group), a service (IAM) and a caller without credentials. Allowed calls do
 * what they say; refused ones answer AppSync's Unauthorized ("Not Authorized to access <field> on
 * type <Type>"; no credentials: 401) and write nothing: the whole table is the same before and
 * after, and no order event is published.
 *
 * Each case gets users of its own (owner and another user with a profile, a PLACED and a SHIPPED
 * order each), seeded straight into the table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAppSync, SubscriptionRefused, type Caller, type GraphqlResponse, type LocalAppSyncHarness } from 'appsync-local/testing';
import { signedIn, signedInAdmin } from '../helpers/callers.js';
import { emailGuard, order, orderId, profile, type Item } from '../helpers/table-items.js';
import { dataTable, testAssemblyDir } from '../helpers/test-assembly.js';

let api: LocalAppSyncHarness;
let table: string;
let admin: Caller;

beforeAll(async () => {
  api = await startLocalAppSync({ assembly: testAssemblyDir() });
  table = dataTable(api);
  admin = await signedInAdmin(api);
}, 120_000);

afterAll(async () => {
  await api?.stop();
});

const WHO = ['owner', 'another user', 'admin', 'service', 'no credentials'] as const;
type Who = (typeof WHO)[number];

/** One case's users and orders. */
interface World {
  owner: string;
  other: string;
  placed: string;
  shipped: string;
}

let worlds = 0;
function newWorld(): World {
  worlds += 1;
  return { owner: `owner-${worlds}`, other: `other-${worlds}`, placed: orderId(1, worlds), shipped: orderId(2, worlds) };
}

/** Both users' profiles and orders (the owner's unless the case says otherwise). */
function usersOf(w: World, { ownerProfile = true, ownerOrders = true } = {}): Item[] {
  return [
    ...(ownerProfile ? [profile(w.owner), emailGuard(`${w.owner}@example.com`, w.owner)] : []),
    ...(ownerOrders ? [order(w.owner, w.placed), order(w.owner, w.shipped, { status: 'SHIPPED' })] : []),
    profile(w.other),
    emailGuard(`${w.other}@example.com`, w.other),
    order(w.other, orderId(3, worlds)),
  ];
}

async function callerFor(who: Who, w: World): Promise<Caller> {
  switch (who) {
    case 'owner':
      return signedIn(api, w.owner);
    case 'another user':
      return signedIn(api, w.other);
    case 'admin':
      return admin;
    case 'service':
      return 'iam';
    case 'no credentials':
      return 'none';
  }
}

type Data = Record<string, unknown>;
const itemAt = (items: Item[], PK: string, SK: string) => items.find((i) => i['PK'] === PK && i['SK'] === SK);
const ids = (connection: unknown) => (connection as { items: { orderId: string }[] }).items.map((o) => o.orderId);

interface FieldCase {
  /** `<Type>.<field>`, and what the call is. */
  field: string;
  label: string;
  seed?: (w: World) => Item[];
  operation: (w: World) => { query: string; variables?: Record<string, unknown> };
  allowed: readonly Who[];
  /** What an allowed call did: its answer and the table after it. */
  succeeded: (data: Data, after: Item[], w: World) => void;
}

const OWNER_ADMIN_SERVICE = ['owner', 'admin', 'service'] as const;
const ADMIN_SERVICE = ['admin', 'service'] as const;

const CASES: FieldCase[] = [
  {
    field: 'Query.user',
    label: 'the owner’s profile and orders',
    operation: (w) => ({ query: `{ user(username: "${w.owner}") { username email orders { items { orderId } } } }` }),
    allowed: OWNER_ADMIN_SERVICE,
    succeeded: (data, _after, w) => expect(data['user']).toEqual({ username: w.owner, email: `${w.owner}@example.com`, orders: { items: [{ orderId: w.shipped }, { orderId: w.placed }] } }),
  },
  {
    field: 'User.orders',
    label: 'the owner’s SHIPPED orders, queried (not prefetched)',
    operation: (w) => ({ query: `{ user(username: "${w.owner}") { orders(status: SHIPPED) { items { orderId } } } }` }),
    allowed: OWNER_ADMIN_SERVICE,
    succeeded: (data, _after, w) => expect(ids((data['user'] as Data)['orders'])).toEqual([w.shipped]),
  },
  {
    field: 'Query.order',
    label: 'one of the owner’s orders',
    operation: (w) => ({ query: `{ order(username: "${w.owner}", orderId: "${w.placed}") { orderId username status } }` }),
    allowed: OWNER_ADMIN_SERVICE,
    succeeded: (data, _after, w) => expect(data['order']).toEqual({ orderId: w.placed, username: w.owner, status: 'PLACED' }),
  },
  {
    field: 'Query.orders',
    label: 'the owner’s orders',
    operation: (w) => ({ query: `{ orders(username: "${w.owner}") { items { orderId } nextToken } }` }),
    allowed: OWNER_ADMIN_SERVICE,
    succeeded: (data, _after, w) => expect(ids(data['orders'])).toEqual([w.shipped, w.placed]),
  },
  {
    field: 'Query.ordersByStatus',
    label: 'every user’s SHIPPED orders',
    operation: () => ({ query: '{ ordersByStatus(status: SHIPPED, limit: 100) { items { orderId username } } }' }),
    allowed: ADMIN_SERVICE,
    succeeded: (data, _after, w) => expect((data['ordersByStatus'] as { items: unknown[] }).items).toContainEqual({ orderId: w.shipped, username: w.owner }),
  },
  {
    field: 'Mutation.addUser',
    label: 'the owner’s profile, with their verified email',
    seed: (w) => usersOf(w, { ownerProfile: false, ownerOrders: false }),
    operation: (w) => ({ query: 'mutation ($i: AddUserInput!) { addUser(input: $i) { username email } }', variables: { i: { username: w.owner, email: `${w.owner}@example.com`, name: 'Owner' } } }),
    allowed: OWNER_ADMIN_SERVICE,
    succeeded: (data, after, w) => {
      expect(data['addUser']).toEqual({ username: w.owner, email: `${w.owner}@example.com` });
      expect(itemAt(after, `CUSTOMER#${w.owner}`, `CUSTOMER#${w.owner}`)).toMatchObject({ Email: `${w.owner}@example.com`, Name: 'Owner' });
      expect(itemAt(after, `CUSTOMEREMAIL#${w.owner}@example.com`, `CUSTOMEREMAIL#${w.owner}@example.com`)).toMatchObject({ Username: w.owner });
    },
  },
  {
    field: 'Mutation.editAddress',
    label: 'the owner’s address',
    operation: (w) => ({ query: `mutation { editAddress(username: "${w.owner}", address: { line1: "1 Main St", city: "Berlin", country: "DE" }) { username address { city } } }` }),
    allowed: OWNER_ADMIN_SERVICE,
    succeeded: (data, after, w) => {
      expect(data['editAddress']).toEqual({ username: w.owner, address: { city: 'Berlin' } });
      expect(itemAt(after, `CUSTOMER#${w.owner}`, `CUSTOMER#${w.owner}`)).toMatchObject({ Address: { Line1: '1 Main St', City: 'Berlin', Country: 'DE' } });
    },
  },
  {
    field: 'Mutation.deleteUser',
    label: 'the owner’s profile (no orders)',
    seed: (w) => usersOf(w, { ownerOrders: false }),
    operation: (w) => ({ query: `mutation { deleteUser(username: "${w.owner}") { username } }` }),
    allowed: OWNER_ADMIN_SERVICE,
    succeeded: (data, after, w) => {
      expect(data['deleteUser']).toEqual({ username: w.owner });
      expect(after.filter((i) => String(i['PK']).includes(w.owner))).toEqual([]);
    },
  },
  {
    field: 'Mutation.createOrder',
    label: 'an order for the owner',
    operation: (w) => ({ query: `mutation { createOrder(input: { username: "${w.owner}", amount: 9.5, numberOfItems: 1 }) { orderId username status } }` }),
    allowed: OWNER_ADMIN_SERVICE,
    succeeded: (data, after, w) => {
      const created = data['createOrder'] as { orderId: string };
      expect(created).toMatchObject({ username: w.owner, status: 'PLACED' });
      expect(itemAt(after, `CUSTOMER#${w.owner}`, `#ORDER#${created.orderId}`)).toMatchObject({ Amount: 9.5, Status: 'PLACED' });
    },
  },
  {
    field: 'Mutation.updateOrderStatus',
    label: 'cancelling the owner’s PLACED order',
    operation: (w) => ({ query: `mutation { updateOrderStatus(input: { username: "${w.owner}", orderId: "${w.placed}", status: CANCELLED }) { status version } }` }),
    allowed: OWNER_ADMIN_SERVICE,
    succeeded: (data, after, w) => {
      expect(data['updateOrderStatus']).toEqual({ status: 'CANCELLED', version: 2 });
      expect(itemAt(after, `CUSTOMER#${w.owner}`, `#ORDER#${w.placed}`)).toMatchObject({ Status: 'CANCELLED', Version: 2 });
    },
  },
  {
    field: 'Mutation.updateOrderStatus',
    label: 'shipping the owner’s PLACED order',
    operation: (w) => ({ query: `mutation { updateOrderStatus(input: { username: "${w.owner}", orderId: "${w.placed}", status: SHIPPED }) { status } }` }),
    allowed: ADMIN_SERVICE,
    succeeded: (data, after, w) => {
      expect(data['updateOrderStatus']).toEqual({ status: 'SHIPPED' });
      expect(itemAt(after, `CUSTOMER#${w.owner}`, `#ORDER#${w.placed}`)).toMatchObject({ Status: 'SHIPPED' });
    },
  },
  {
    field: 'Mutation.updateOrderStatus',
    label: 'delivering the owner’s SHIPPED order',
    operation: (w) => ({ query: `mutation { updateOrderStatus(input: { username: "${w.owner}", orderId: "${w.shipped}", status: DELIVERED }) { status } }` }),
    allowed: ADMIN_SERVICE,
    succeeded: (data, after, w) => {
      expect(data['updateOrderStatus']).toEqual({ status: 'DELIVERED' });
      expect(itemAt(after, `CUSTOMER#${w.owner}`, `#ORDER#${w.shipped}`)).toMatchObject({ Status: 'DELIVERED' });
    },
  },
  {
    field: 'Mutation.publishOrderEvent',
    label: 'an order event for the owner',
    operation: (w) => ({
      query: 'mutation ($e: OrderEventInput!) { publishOrderEvent(event: $e) { eventId username } }',
      variables: { e: { eventId: `evt-${w.owner}`, type: 'ORDER_PLACED', username: w.owner, orderId: w.placed, status: 'PLACED', amount: 1, numberOfItems: 1, occurredAt: '2026-01-01T00:00:00Z' } },
    }),
    allowed: ['service'],
    succeeded: (data, _after, w) => expect(data['publishOrderEvent']).toEqual({ eventId: `evt-${w.owner}`, username: w.owner }),
  },
];

const rows = CASES.flatMap((c) => WHO.map((who) => ({ ...c, who, name: `${c.field}: ${c.label}, by ${who}` })));

const sorted = (items: Item[]) => [...items].sort((a, b) => `${String(a['PK'])} ${String(a['SK'])}`.localeCompare(`${String(b['PK'])} ${String(b['SK'])}`));

/** Seeds a case's world, calls as `who`, and answers with the table and SNS messages before and after (pipes settled). */
async function run(row: (typeof rows)[number]) {
  const w = newWorld();
  await api.seed({ [table]: (row.seed ?? usersOf)(w) });
  const as = await callerFor(row.who, w);
  await api.settled();
  const before = { items: sorted(await api.scan(table)), messages: api.snsMessages().length };
  const { query, variables } = row.operation(w);
  const answer: GraphqlResponse<Data> = await api.graphql<Data>(query, variables, { as });
  await api.settled();
  const after = { items: sorted(await api.scan(table)), messages: api.snsMessages().length };
  const [typeName, fieldName] = row.field.split('.') as [string, string];
  return { w, answer, before, after, typeName, fieldName };
}

describe('allowed: the call does what it says', () => {
  it.each(rows.filter((r) => r.allowed.includes(r.who)))('$name', async (row) => {
    const { w, answer, after } = await run(row);
    expect(answer.status).toBe(200);
    expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
    row.succeeded(answer.data!, after.items, w);
  });
});

describe('refused, signed in: Unauthorized for the field, and nothing written', () => {
  it.each(rows.filter((r) => !r.allowed.includes(r.who) && r.who !== 'no credentials'))('$name', async (row) => {
    const { answer, before, after, typeName, fieldName } = await run(row);
    // The field the refusal is for: User.orders is reached through user, which refuses first.
    const refusedField = row.field === 'User.orders' ? 'user' : fieldName;
    const refusedType = row.field === 'User.orders' ? 'Query' : typeName;
    expect(answer.status).toBe(200);
    expect(answer.errors).toEqual([
      {
        path: [refusedField],
        data: null,
        errorType: 'Unauthorized',
        errorInfo: null,
        locations: [expect.objectContaining({ line: 1 })],
        message: `Not Authorized to access ${refusedField} on type ${refusedType}`,
      },
    ]);
    expect(answer.data?.[refusedField] ?? null).toBeNull();
    expect(after).toEqual(before);
  });
});

describe('refused, no credentials: 401 before anything runs, and nothing written', () => {
  it.each(rows.filter((r) => r.who === 'no credentials'))('$name', async (row) => {
    const { answer, before, after } = await run(row);
    expect(answer).toEqual({ status: 401, errors: [{ errorType: 'UnauthorizedException', message: 'Valid authorization header not provided.' }] });
    expect(after).toEqual(before);
  });
});

describe('onOrderEvent', () => {
  const SUBSCRIPTION = 'subscription ($u: ID) { onOrderEvent(username: $u) { username orderId } }';
  type Event = { onOrderEvent: { username: string; orderId: string } };
  const createOrder = (username: string) =>
    api.graphql<{ createOrder: { orderId: string } }>(`mutation { createOrder(input: { username: "${username}", amount: 3, numberOfItems: 1 }) { orderId } }`, {}, { as: 'iam' });

  it('a signed-in user gets only their own events (naming themselves or nobody); admins and services one user’s or everyone’s', async () => {
    const w = newWorld();
    await api.seed({ [table]: usersOf(w) });
    // The seeded orders' own events go by before anyone subscribes.
    await api.settled();
    const owner = await signedIn(api, w.owner);
    const other = await signedIn(api, w.other);
    const subscriptions = {
      ownerNamed: await api.subscribe<Event>(SUBSCRIPTION, { u: w.owner }, { as: owner }),
      ownerUnnamed: await api.subscribe<Event>(SUBSCRIPTION, {}, { as: owner }),
      otherUnnamed: await api.subscribe<Event>(SUBSCRIPTION, {}, { as: other }),
      adminNamed: await api.subscribe<Event>(SUBSCRIPTION, { u: w.owner }, { as: admin }),
      adminAll: await api.subscribe<Event>(SUBSCRIPTION, {}, { as: admin }),
      serviceNamed: await api.subscribe<Event>(SUBSCRIPTION, { u: w.owner }, { as: 'iam' }),
      serviceAll: await api.subscribe<Event>(SUBSCRIPTION, {}, { as: 'iam' }),
    };
    const mine = (await createOrder(w.owner)).data!.createOrder.orderId;
    const theirs = (await createOrder(w.other)).data!.createOrder.orderId;
    const ownersEvent = { onOrderEvent: { username: w.owner, orderId: mine } };
    const othersEvent = { onOrderEvent: { username: w.other, orderId: theirs } };

    for (const subscription of [subscriptions.ownerNamed, subscriptions.ownerUnnamed, subscriptions.adminNamed, subscriptions.serviceNamed]) {
      expect((await subscription.next(30_000)).data).toEqual(ownersEvent);
    }
    expect((await subscriptions.otherUnnamed.next(30_000)).data).toEqual(othersEvent);
    for (const subscription of [subscriptions.adminAll, subscriptions.serviceAll]) {
      const events = [(await subscription.next(30_000)).data, (await subscription.next(30_000)).data];
      expect(events).toEqual(expect.arrayContaining([ownersEvent, othersEvent]));
    }
    for (const subscription of Object.values(subscriptions)) await subscription.expectNothing();
  }, 60_000);

  it('refuses a signed-in user who asks for another user’s events, and a caller without credentials', async () => {
    const w = newWorld();
    const other = await signedIn(api, w.other);
    const refusal = await api.subscribe(SUBSCRIPTION, { u: w.owner }, { as: other }).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(SubscriptionRefused);
    expect((refusal as SubscriptionRefused).errors).toEqual([expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access onOrderEvent on type Subscription' })]);

    const anonymous = await api.subscribe(SUBSCRIPTION, { u: w.owner }, { as: 'none' }).catch((err: unknown) => err);
    expect(anonymous).toBeInstanceOf(SubscriptionRefused);
    expect((anonymous as SubscriptionRefused).errors).toEqual([expect.objectContaining({ errorType: 'UnauthorizedException' })]);
  });
});

describe('addUser by a signed-in user', () => {
  const ADD = 'mutation ($i: AddUserInput!) { addUser(input: $i) { username email } }';

  it('takes only the email Cognito holds as verified for them: another is a ValidationError, and nothing is written', async () => {
    const w = newWorld();
    const owner = await signedIn(api, w.owner, { email: `${w.owner}@example.com` });
    const before = sorted(await api.scan(table));
    const answer = await api.graphql(ADD, { i: { username: w.owner, email: `${w.owner}.else@example.com`, name: 'Owner' } }, { as: owner });
    expect(answer.errors).toEqual([expect.objectContaining({ errorType: 'ValidationError', errorInfo: { field: 'input.email' } })]);
    expect(sorted(await api.scan(table))).toEqual(before);
    // Their verified email, in any case, works.
    expect((await api.graphql(ADD, { i: { username: w.owner, email: `${w.owner.toUpperCase()}@EXAMPLE.COM`, name: 'Owner' } }, { as: owner })).data).toEqual({
      addUser: { username: w.owner, email: `${w.owner}@example.com` },
    });
  });

  it('is Unauthorized while their email is not verified, and writes nothing', async () => {
    const w = newWorld();
    const tokens = await api.signIn({ username: w.owner, groups: [], attributes: { email: `${w.owner}@example.com`, email_verified: 'false' } });
    const before = sorted(await api.scan(table));
    const answer = await api.graphql(ADD, { i: { username: w.owner, email: `${w.owner}@example.com`, name: 'Owner' } }, { as: { headers: { authorization: tokens.accessToken } } });
    expect(answer.errors).toEqual([expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access addUser on type Mutation' })]);
    expect(sorted(await api.scan(table))).toEqual(before);
  });

  it('works with the ID token too (AppSync takes both; the username comes from cognito:username)', async () => {
    const w = newWorld();
    const tokens = await api.signIn({ username: w.owner, groups: [], attributes: { email: `${w.owner}@example.com` } });
    const answer = await api.graphql(ADD, { i: { username: w.owner, email: `${w.owner}@example.com`, name: 'Owner' } }, { as: { headers: { authorization: tokens.idToken } } });
    expect(answer.data).toEqual({ addUser: { username: w.owner, email: `${w.owner}@example.com` } });
  });
});
