/**
 * Every operation of the contract end to end, as a frontend sees it: GraphQL over HTTP to the
 * local AppSync serving the synthesized template, with DynamoDB Local, the add-user function run
 * from its asset and the local Cognito. Each user calls as themselves, signed in (their access
 * token, as Amplify sends it); the back office (an admin) ships, delivers and lists by status.
 * Error types, HTTP statuses and AppSync's error shape included. Who may call what is
 * permissions.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAppSync, type Caller, type GraphqlResponse, type LocalAppSyncHarness } from 'appsync-local/testing';
import { signedIn, signedInAdmin } from '../helpers/callers.js';
import { traceOf, TRACE_HEADERS } from '../helpers/local-trace.js';
import { testAssemblyDir } from '../helpers/test-assembly.js';

let api: LocalAppSyncHarness;
/**
 * How far the resolvers' clock runs ahead of the real one: a test moves it on instead of
 * sleeping when it needs time to pass between two writes (the add-user function, a Lambda, keeps
 * the real clock; nothing here compares its times with the resolvers').
 */
let skewMs = 0;
let admin: Caller;

beforeAll(async () => {
  api = await startLocalAppSync({ assembly: testAssemblyDir(), clock: () => Date.now() + skewMs });
  admin = await signedInAdmin(api);
}, 120_000);

/** A user's calls, signed in as them (created on demand with the verified email `<username>@example.com`, or `email`). */
const as = (username: string, email?: string) => signedIn(api, username, email ? { email } : {});

afterAll(async () => {
  await api?.stop();
});

const USER = 'username email name address { line1 line2 city region postalCode country } createdAt updatedAt';
const ORDER = 'orderId username status amount numberOfItems createdAt updatedAt version';

/** The data of an answer that must have succeeded. */
function data<T>(answer: GraphqlResponse<T>): T {
  expect(answer.status).toBe(200);
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data as T;
}

/** The single error of an answer that must have failed in its one field. */
function onlyError(answer: GraphqlResponse<unknown>) {
  expect(answer.status).toBe(200);
  expect(answer.errors).toHaveLength(1);
  return answer.errors![0]!;
}

/** addUser as the user themselves, whose verified email is `email`. */
const addUser = async (username: string, email = `${username}@example.com`) =>
  api.graphql<{ addUser: Record<string, unknown> }>(
    `mutation($input: AddUserInput!) { addUser(input: $input) { ${USER} } }`,
    { input: { username, email, name: `Name of ${username}` } },
    { as: await as(username, email) },
  );
const createOrder = async (username: string, amount = 10) =>
  data(
    await api.graphql<{ createOrder: { orderId: string; version: number; status: string } }>(
      `mutation($input: CreateOrderInput!) { createOrder(input: $input) { ${ORDER} } }`,
      { input: { username, amount, numberOfItems: 2 } },
      { as: await as(username) },
    ),
  ).createOrder;
/** As the back office, which may make every move (an owner may only cancel). */
const updateStatus = (username: string, orderId: string, status: string, expectedVersion?: number) =>
  api.graphql<{ updateOrderStatus: { status: string; version: number } }>(
    `mutation($input: UpdateOrderStatusInput!) { updateOrderStatus(input: $input) { ${ORDER} } }`,
    { input: { username, orderId, status, ...(expectedVersion === undefined ? {} : { expectedVersion }) } },
    { as: admin },
  );

describe('users', () => {
  it('addUser answers the new user; a taken username is UsernameTaken and a taken email (any case) EmailTaken', async () => {
    const created = data(await addUser('ada'));
    expect(created.addUser).toMatchObject({ username: 'ada', email: 'ada@example.com', name: 'Name of ada', address: null, updatedAt: null });
    expect(created.addUser['createdAt']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);

    // Asked again by ada (the same request), and by the back office for another email.
    expect(onlyError(await addUser('ada'))).toMatchObject({ path: ['addUser'], errorType: 'UsernameTaken', data: null });
    const sameName = await api.graphql(`mutation { addUser(input: { username: "ada", email: "other@example.com", name: "Other" }) { username } }`, {}, { as: admin });
    expect(onlyError(sameName)).toMatchObject({ path: ['addUser'], errorType: 'UsernameTaken', data: null });
    // ada2 signed up with ada's address in capitals: one address, taken.
    expect(onlyError(await addUser('ada2', 'ADA@example.com'))).toMatchObject({ errorType: 'EmailTaken' });
  });

  it('answers field errors in AppSync’s shape: keys in its order, data null, locations with sourceName', async () => {
    data(await addUser('ana'));
    const answer = await addUser('ana', 'ana-again@example.com');
    expect(answer.data).toBeNull();
    const error = onlyError(answer);
    expect(Object.keys(error)).toEqual(['path', 'data', 'errorType', 'errorInfo', 'locations', 'message']);
    expect(error.locations).toEqual([{ line: 1, column: 35, sourceName: null }]);
  });

  it('user returns the profile with its newest orders; null for an unknown user', async () => {
    data(await addUser('bea'));
    const first = await createOrder('bea', 1);
    // Order ids sort by their creation second (docs/data-model.md): make "newest" unambiguous.
    skewMs += 1_100;
    const second = await createOrder('bea', 2);
    const answer = data(
      await api.graphql<{ user: { username: string; orders: { items: { orderId: string }[] } } }>(
        `{ user(username: "bea") { ${USER} orders { items { ${ORDER} } nextToken } } }`,
        {},
        { as: await as('bea') },
      ),
    );
    expect(answer.user.username).toBe('bea');
    expect(answer.user.orders.items.map((o) => o.orderId)).toEqual([second.orderId, first.orderId]);
    // Signed in, no profile yet: null, as for any user the back office looks up that does not exist.
    expect(data(await api.graphql('{ user(username: "nobody-here") { username } }', {}, { as: await as('nobody-here') }))).toEqual({ user: null });
  });

  it('editAddress replaces the address; an unknown user is UserNotFound; a bad country a ValidationError naming the field', async () => {
    const address = { line1: '1 Main St', city: 'Berlin', country: 'DE', postalCode: '10115' };
    const edit = async (username: string, a: Record<string, unknown>) =>
      api.graphql(`mutation($a: AddressInput!) { editAddress(username: "${username}", address: $a) { ${USER} } }`, { a }, { as: await as(username) });
    expect(data(await edit('ada', address))).toMatchObject({ editAddress: { address: { ...address, line2: null, region: null }, updatedAt: expect.any(String) } });
    expect(onlyError(await edit('nobody-here', address))).toMatchObject({ errorType: 'UserNotFound' });
    expect(onlyError(await edit('ada', { ...address, country: 'XX' }))).toMatchObject({ errorType: 'ValidationError', errorInfo: { field: 'address.country' } });
  });

  it('deleteUser refuses while the user has orders (UserHasOrders), deletes otherwise and frees the username and email', async () => {
    data(await addUser('cai'));
    await createOrder('cai');
    expect(onlyError(await api.graphql('mutation { deleteUser(username: "cai") { username } }', {}, { as: await as('cai') }))).toMatchObject({ errorType: 'UserHasOrders' });

    data(await addUser('dot'));
    const dot = await as('dot');
    expect(data(await api.graphql('mutation { deleteUser(username: "dot") { username email } }', {}, { as: dot }))).toEqual({ deleteUser: { username: 'dot', email: 'dot@example.com' } });
    expect(onlyError(await api.graphql('mutation { deleteUser(username: "dot") { username } }', {}, { as: dot }))).toMatchObject({ errorType: 'UserNotFound' });
    // dot's sign-in stays (docs/data-model.md): dot adds a profile again.
    expect(data(await addUser('dot'))).toMatchObject({ addUser: { username: 'dot' } });
  });
});

describe('orders', () => {
  it('createOrder places an order (PLACED, version 1); an unknown user is UserNotFound', async () => {
    data(await addUser('eve'));
    expect(await createOrder('eve', 12.5)).toMatchObject({ username: 'eve', status: 'PLACED', amount: 12.5, numberOfItems: 2, version: 1, updatedAt: null });
    const unknown = await api.graphql(`mutation { createOrder(input: { username: "nobody-here", amount: 1, numberOfItems: 1 }) { orderId } }`, {}, { as: await as('nobody-here') });
    expect(onlyError(unknown)).toMatchObject({ errorType: 'UserNotFound' });
  });

  it('order finds one order; OrderNotFound is null for an unknown one', async () => {
    const placed = await createOrder('eve');
    const eve = await as('eve');
    expect(data(await api.graphql(`{ order(username: "eve", orderId: "${placed.orderId}") { ${ORDER} } }`, {}, { as: eve }))).toMatchObject({ order: { orderId: placed.orderId, status: 'PLACED' } });
    expect(data(await api.graphql('{ order(username: "eve", orderId: "nope") { orderId } }', {}, { as: eve }))).toEqual({ order: null });
  });

  it('updateOrderStatus moves an order along, bumps its version, refuses bad moves and stale versions', async () => {
    const placed = await createOrder('eve');
    expect(data(await updateStatus('eve', placed.orderId, 'SHIPPED', 1))).toMatchObject({ updateOrderStatus: { status: 'SHIPPED', version: 2 } });
    expect(onlyError(await updateStatus('eve', placed.orderId, 'CANCELLED'))).toMatchObject({ errorType: 'InvalidStatusTransition' });
    expect(onlyError(await updateStatus('eve', placed.orderId, 'DELIVERED', 1))).toMatchObject({ errorType: 'ConcurrentModification' });
    expect(data(await updateStatus('eve', placed.orderId, 'DELIVERED', 2))).toMatchObject({ updateOrderStatus: { status: 'DELIVERED', version: 3 } });
    expect(onlyError(await updateStatus('eve', 'no-such-order', 'SHIPPED'))).toMatchObject({ errorType: 'OrderNotFound' });
  });

  it('the owner cancels their own PLACED order; a shipped one is InvalidStatusTransition for them too', async () => {
    const eve = await as('eve');
    const cancel = (orderId: string) => api.graphql(`mutation { updateOrderStatus(input: { username: "eve", orderId: "${orderId}", status: CANCELLED }) { status version } }`, {}, { as: eve });
    const placed = await createOrder('eve');
    expect(data(await cancel(placed.orderId))).toEqual({ updateOrderStatus: { status: 'CANCELLED', version: 2 } });
    const shipped = await createOrder('eve');
    data(await updateStatus('eve', shipped.orderId, 'SHIPPED'));
    expect(onlyError(await cancel(shipped.orderId))).toMatchObject({ errorType: 'InvalidStatusTransition' });
  });

  it('orders and ordersByStatus page through every order exactly once with nextToken', async () => {
    data(await addUser('fay'));
    const placed = [];
    for (let i = 0; i < 5; i += 1) placed.push(await createOrder('fay', i + 1));
    const fay = await as('fay');
    const seen: string[] = [];
    let token: string | null = null;
    do {
      const page: { orders: { items: { orderId: string }[]; nextToken: string | null } } = data(
        await api.graphql('query($t: String) { orders(username: "fay", limit: 2, nextToken: $t) { items { orderId } nextToken } }', { t: token }, { as: fay }),
      );
      seen.push(...page.orders.items.map((o) => o.orderId));
      token = page.orders.nextToken;
    } while (token);
    expect(seen).toHaveLength(placed.length);
    expect(new Set(seen)).toEqual(new Set(placed.map((o) => o.orderId)));

    await updateStatus('fay', placed[0]!.orderId, 'CANCELLED');
    const cancelled = data(
      await api.graphql<{ ordersByStatus: { items: { orderId: string; status: string }[] } }>('{ ordersByStatus(status: CANCELLED, limit: 100) { items { orderId status } } }', {}, { as: admin }),
    );
    expect(cancelled.ordersByStatus.items).toContainEqual({ orderId: placed[0]!.orderId, status: 'CANCELLED' });
    expect(cancelled.ordersByStatus.items.every((o) => o.status === 'CANCELLED')).toBe(true);
  });

  it('a limit out of range is a ValidationError', async () => {
    expect(onlyError(await api.graphql('{ orders(username: "fay", limit: 101) { items { orderId } } }', {}, { as: await as('fay') }))).toMatchObject({ errorType: 'ValidationError' });
  });
});

describe('publishOrderEvent (IAM only)', () => {
  const event = { eventId: 'evt-1', type: 'ORDER_PLACED', username: 'eve', orderId: 'o-1', status: 'PLACED', amount: 3, numberOfItems: 1, occurredAt: '2026-01-02T03:04:05Z' };
  const publish = 'mutation($e: OrderEventInput!) { publishOrderEvent(event: $e) { eventId type username orderId status previousStatus amount numberOfItems occurredAt } }';

  it('answers an IAM caller with the event it was given', async () => {
    expect(data(await api.graphql(publish, { e: event }, { as: 'iam' }))).toEqual({ publishOrderEvent: { ...event, previousStatus: null } });
  });

  it('gives a signed-in caller, even an admin, null and Unauthorized, as AppSync does', async () => {
    const answer = await api.graphql(publish, { e: event }, { as: admin });
    expect(answer.data).toEqual({ publishOrderEvent: null });
    expect(onlyError(answer)).toEqual({
      path: ['publishOrderEvent'],
      data: null,
      errorType: 'Unauthorized',
      errorInfo: null,
      locations: [{ line: 1, column: 34, sourceName: null }],
      message: 'Not Authorized to access publishOrderEvent on type Mutation',
    });
  });
});

describe('the trace (x-local-trace: 1)', () => {
  it('shows that a profile with its orders costs one DynamoDB Query, and lists each field’s steps', async () => {
    data(await addUser('gus'));
    for (let i = 0; i < 3; i += 1) await createOrder('gus');
    const answer = await api.graphql('{ user(username: "gus") { username orders { items { orderId } } } }', undefined, { as: await as('gus'), headers: TRACE_HEADERS });
    const trace = traceOf(answer);
    expect(trace?.fields.map((f) => `${f.typeName}.${f.fieldName}`)).toEqual(['Query.user', 'User.orders']);
    const calls = trace!.fields.flatMap((f) => f.steps.filter((s) => s.step.startsWith('datasource:')));
    expect(calls.map((c) => c.request?.operation)).toEqual(['Query']);
    expect(trace!.fields[0]!.steps.map((s) => s.step)).toEqual(['resolver.request', 'datasource:UsersOrdersTable', 'resolver.response']);
  });

  it('is absent unless asked for', async () => {
    const answer = await api.graphql('{ user(username: "gus") { username } }', undefined, { as: await as('gus') });
    expect(answer.extensions).toBeUndefined();
  });
});

describe('HTTP', () => {
  it('sends AppSync’s headers: JSON, a request id, CORS', async () => {
    // raw: the harness's graphql() answers the body only, and the headers are the point here.
    const answer = await api.raw(JSON.stringify({ query: '{ user(username: "gus") { username } }' }), { as: await as('gus') });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=UTF-8');
    expect(answer.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
  });

  it('answers a CORS preflight', async () => {
    const response = await fetch(api.graphqlUrl, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    expect(response.headers.get('access-control-max-age')).toBe('172800');
  });

  it('reports health and unknown routes', async () => {
    const health = await fetch(`${api.origin}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ready' });
    expect((await fetch(`${api.origin}/nope`)).status).toBe(404);
  });
});
