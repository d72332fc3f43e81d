/**
 * Races over real HTTP against the local AppSync (DynamoDB Local, the add-user function run
 * locally): many callers at once for one email, one username, one order version and one user's
 * new orders. Each race must have the outcome the contract promises (one winner, the others a
 * clear errorType; or every order stored) and leave the table consistent, nothing half written
 * (docs/data-model.md). The back office (a signed-in admin) races to add users and to move an
 * order; a signed-in user races their own new orders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAppSync, type Caller, type GraphqlResponse, type LocalAppSyncHarness } from 'appsync-local/testing';
import { signedIn, signedInAdmin } from '../helpers/callers.js';
import { emailGuardKey, EMAIL_GUARD_PREFIX, ENTITY_TYPES, isOrderKey, normalizeEmail, orderKey, userKey, USER_PREFIX, usernameGuardKey, USERNAME_GUARD_PREFIX } from '../../resolvers/lib/keys.js';
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

const ADD_USER = 'mutation($i: AddUserInput!) { addUser(input: $i) { username email } }';
const CREATE_ORDER = 'mutation($i: CreateOrderInput!) { createOrder(input: $i) { orderId username status version } }';
const UPDATE_STATUS = 'mutation($i: UpdateOrderStatusInput!) { updateOrderStatus(input: $i) { orderId status version } }';

type Item = Record<string, unknown>;

/** How many answers succeeded ('ok') and how many failed with each errorType ('status <n>' for a non-200). */
function tally(answers: GraphqlResponse<unknown>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) {
    const outcome = answer.status !== 200 ? `status ${answer.status}` : answer.errors ? (answer.errors[0]?.errorType ?? 'no errorType') : 'ok';
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  return counts;
}

function succeeded<T>(answers: GraphqlResponse<T>[]): T[] {
  return answers.filter((a) => a.status === 200 && !a.errors).map((a) => a.data as T);
}

/** Every item of the table, read consistently. */
const items = () => api.scan(table);
const keyOf = (item: Item) => ({ PK: item['PK'], SK: item['SK'] });

describe('addUser races', () => {
  it('100 callers, one email, different usernames: one user, 99 EmailTaken, one profile and one guard', async () => {
    const email = 'Race.Email@Example.com';
    const usernames = Array.from({ length: 100 }, (_, i) => `email-racer-${i}`);
    const answers = await Promise.all(
      usernames.map((username, i) =>
        // The same address in different spellings: uniqueness is case-insensitive.
        api.graphql<{ addUser: { username: string; email: string } }>(ADD_USER, { i: { username, email: i % 2 ? email : email.toLowerCase(), name: `Racer ${i}` } }, { as: admin }),
      ),
    );
    expect(tally(answers)).toEqual({ ok: 1, EmailTaken: 99 });
    const winner = succeeded(answers)[0]!.addUser;

    const all = await items();
    const normalized = normalizeEmail(email);
    const profiles = all.filter((i) => String(i['PK']).startsWith(USER_PREFIX) && i['SK'] === i['PK']);
    const guards = all.filter((i) => String(i['PK']).startsWith(EMAIL_GUARD_PREFIX) || String(i['PK']).startsWith(USERNAME_GUARD_PREFIX));
    expect({
      profiles: profiles.map((p) => ({ ...keyOf(p), Username: p['Username'], Email: p['Email'], EntityType: p['EntityType'] })),
      guards: guards.map((g) => ({ ...keyOf(g), Username: g['Username'], EntityType: g['EntityType'] })).sort((a, b) => (String(a.PK) < String(b.PK) ? -1 : 1)),
      others: all.length - profiles.length - guards.length,
    }).toEqual({
      profiles: [{ ...userKey(winner.username), Username: winner.username, Email: normalized, EntityType: ENTITY_TYPES.user }],
      guards: [
        { ...emailGuardKey(normalized), Username: winner.username, EntityType: ENTITY_TYPES.emailGuard },
        { ...usernameGuardKey(winner.username), Username: winner.username, EntityType: ENTITY_TYPES.usernameGuard },
      ],
      others: 0,
    });
    expect(usernames).toContain(winner.username);
    expect(winner.email).toBe(normalized);
  });

  it('100 callers, one new username in different cases, different emails: one user, 99 UsernameTaken, no stray guard', async () => {
    const username = 'username-race';
    const emails = Array.from({ length: 100 }, (_, i) => `username-racer-${i}@example.com`);
    const before = await items();
    expect(before.some((i) => i['PK'] === userKey(username).PK)).toBe(false);

    // The user pool signs `Username-Race` in as `username-race`'s account: they are one username.
    const spelled = (i: number) => (i % 3 === 1 ? 'Username-Race' : i % 3 === 2 ? 'USERNAME-RACE' : username);
    const answers = await Promise.all(
      emails.map((email, i) => api.graphql<{ addUser: { username: string; email: string } }>(ADD_USER, { i: { username: spelled(i), email, name: `Racer ${i}` } }, { as: admin })),
    );
    expect(tally(answers)).toEqual({ ok: 1, UsernameTaken: 99 });
    const winner = succeeded(answers)[0]!.addUser;

    const added = (await items()).filter((item) => !before.some((b) => b['PK'] === item['PK'] && b['SK'] === item['SK']));
    const won = winner.username;
    expect(added.map((i) => ({ ...keyOf(i), Username: i['Username'], EntityType: i['EntityType'] })).sort((a, b) => (String(a.PK) < String(b.PK) ? -1 : 1))).toEqual([
      { ...userKey(won), Username: won, EntityType: ENTITY_TYPES.user },
      { ...emailGuardKey(winner.email), Username: won, EntityType: ENTITY_TYPES.emailGuard },
      { ...usernameGuardKey(won), Username: won, EntityType: ENTITY_TYPES.usernameGuard },
    ]);
    expect(won.toLowerCase()).toBe(username);
    expect(emails).toContain(winner.email);
  });
});

describe('order races', () => {
  it('50 updateOrderStatus with the same expectedVersion: one wins, 49 ConcurrentModification, version +1', async () => {
    await api.graphql(ADD_USER, { i: { username: 'version-racer', email: 'version-racer@example.com', name: 'Version Racer' } }, { as: admin });
    const created = await api.graphql<{ createOrder: { orderId: string; version: number } }>(CREATE_ORDER, { i: { username: 'version-racer', amount: 42, numberOfItems: 3 } }, { as: admin });
    const { orderId, version } = created.data!.createOrder;
    expect(version).toBe(1);

    // Both moves are allowed from PLACED; whichever request wins decides the status.
    const statuses = Array.from({ length: 50 }, (_, i) => (i % 2 ? 'SHIPPED' : 'CANCELLED'));
    const answers = await Promise.all(
      statuses.map((status) =>
        api.graphql<{ updateOrderStatus: { status: string; version: number } }>(UPDATE_STATUS, { i: { username: 'version-racer', orderId, status, expectedVersion: 1 } }, { as: admin }),
      ),
    );
    expect(tally(answers)).toEqual({ ok: 1, ConcurrentModification: 49 });
    const winner = succeeded(answers)[0]!.updateOrderStatus;
    expect(winner.version).toBe(2);

    const stored = (await items()).find((i) => i['PK'] === orderKey('version-racer', orderId).PK && i['SK'] === orderKey('version-racer', orderId).SK)!;
    expect({ Status: stored['Status'], Version: stored['Version'], GSI1PK: stored['GSI1PK'] }).toEqual({ Status: winner.status, Version: 2, GSI1PK: `ORDERSTATUS#${winner.status}` });
  });

  it('50 createOrder for one user at once: 50 distinct orders, all stored, none lost', async () => {
    const racer = await signedIn(api, 'order-racer');
    await api.graphql(ADD_USER, { i: { username: 'order-racer', email: 'order-racer@example.com', name: 'Order Racer' } }, { as: racer });
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api.graphql<{ createOrder: { orderId: string; username: string; status: string; version: number } }>(
          CREATE_ORDER,
          { i: { username: 'order-racer', amount: i + 1, numberOfItems: 1 } },
          { as: racer },
        ),
      ),
    );
    expect(tally(answers)).toEqual({ ok: 50 });
    const ids = succeeded(answers).map((d) => d.createOrder.orderId);
    expect(new Set(ids).size).toBe(50);

    const stored = (await items()).filter((i) => i['PK'] === userKey('order-racer').PK && isOrderKey(String(i['SK'])));
    expect(new Set(stored.map((i) => i['OrderId']))).toEqual(new Set(ids));
    expect(new Set(stored.map((i) => i['Amount']))).toEqual(new Set(Array.from({ length: 50 }, (_, i) => i + 1)));
    expect(stored.every((i) => i['Status'] === 'PLACED' && i['Version'] === 1 && i['GSI1PK'] === 'ORDERSTATUS#PLACED')).toBe(true);
  });
});
