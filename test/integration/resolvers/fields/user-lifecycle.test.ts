/**
 * editAddress, createOrder and deleteUser end to end over DynamoDB Local: what is written,
 * what is refused, and that a refusal leaves the table as it was.
 */
import { describe, expect, it } from 'vitest';
import type { FieldResolution } from 'appsync-local/runtime';
import { byKey, LocalTable } from '../../../helpers/local-table.js';
import { decodeUpdate, expectError, expectInternalFailure, plain, resolved, type DynamoRequest } from '../../../helpers/requests.js';
import { CONDITION_FAILED_REASONS, resolveField, THROTTLED } from '../../../helpers/resolvers.js';
import { emailGuard, legacyEmailGuard, legacyProfile, order, orderId, profile, usernameGuard } from '../../../helpers/table-items.js';

function ok(resolution: FieldResolution): Record<string, unknown> {
  expect(resolution.errors).toEqual([]);
  return resolution.value as Record<string, unknown>;
}

describe('editAddress', () => {
  const address = { line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' };

  it('stores the address on an existing profile and returns the user', async () => {
    const table = await LocalTable.create([legacyProfile('old')]);
    const value = ok(await resolveField('Mutation', 'editAddress', { args: { username: 'old', address } }, table));
    expect(value).toMatchObject({
      username: 'old',
      address: { line1: '1 Main St', line2: null, city: 'Lyon', region: null, postalCode: '69001', country: 'FR' },
      createdAt: '1970-01-01T00:00:00.000Z',
    });
    const stored = (await table.get('CUSTOMER#old', 'CUSTOMER#old'))!;
    expect(stored['Address']).toEqual({ Line1: '1 Main St', City: 'Lyon', PostalCode: '69001', Country: 'FR' });
    expect(value['updatedAt']).toBe(stored['UpdatedAt']);
  });

  it('is UserNotFound for an unknown user and creates no ghost item (the original did)', async () => {
    const table = await LocalTable.create([profile('ann')]);
    expectError(await resolveField('Mutation', 'editAddress', { args: { username: 'ghost', address } }, table), 'UserNotFound');
    expect(await table.items()).toEqual([profile('ann')]);
  });
});

describe('createOrder', () => {
  const input = { username: 'ann', amount: 0.29, numberOfItems: 1 };

  it('stores a PLACED order at version 1 that order(), orders() and ordersByStatus() then find', async () => {
    const table = await LocalTable.create([profile('ann'), order('ann', orderId(1))]);
    const created = ok(await resolveField('Mutation', 'createOrder', { args: { input } }, table));
    expect(created).toMatchObject({ username: 'ann', status: 'PLACED', amount: 0.29, numberOfItems: 1, version: 1, updatedAt: null });
    expect(table.operations()).toEqual(['TransactWriteItems']);
    const id = created['orderId'] as string;
    expect(await table.get('CUSTOMER#ann', `#ORDER#${id}`)).toMatchObject({ Status: 'PLACED', Version: 1, Amount: 0.29, NumberItems: 1, GSI1PK: 'ORDERSTATUS#PLACED' });
    expect(ok(await resolveField('Query', 'order', { args: { username: 'ann', orderId: id } }, table))).toEqual(created);
    // A KSUID of now sorts after every older order: it is the newest.
    expect((ok(await resolveField('Query', 'orders', { args: { username: 'ann' } }, table))['items'] as unknown[])[0]).toEqual(created);
    expect((ok(await resolveField('Query', 'ordersByStatus', { args: { status: 'PLACED' }, auth: 'ADMIN' }, table))['items'] as unknown[])[0]).toEqual(created);
  });

  it.each(CONDITION_FAILED_REASONS)('is UserNotFound for an unknown user and writes nothing (cancellation reason %s)', async (reason) => {
    const table = await LocalTable.create([profile('bob')], { conditionFailedReason: reason });
    expectError(await resolveField('Mutation', 'createOrder', { args: { input } }, table), 'UserNotFound');
    expect(await table.items()).toEqual([profile('bob')]);
  });

  it('is ConcurrentModification while a deleteUser holds the profile, and goes through once that mark is stale (over a minute old)', async () => {
    const fresh = new Date(Date.now() - 5_000).toISOString();
    const table = await LocalTable.create([profile('ann', { Deleting: fresh })]);
    expectError(await resolveField('Mutation', 'createOrder', { args: { input } }, table), 'ConcurrentModification');
    expect(await table.items()).toHaveLength(1);
    await table.put(profile('ann', { Deleting: new Date(Date.now() - 120_000).toISOString() }));
    ok(await resolveField('Mutation', 'createOrder', { args: { input } }, table));
    expect(await table.items()).toHaveLength(2);
  });

  it('is InternalFailure without its text when the transaction is throttled', async () => {
    const table = await LocalTable.create([profile('ann')]);
    table.failNext(THROTTLED);
    expectInternalFailure(await resolveField('Mutation', 'createOrder', { args: { input } }, table), THROTTLED);
  });
});

describe('deleteUser', () => {
  const ann = () => profile('ann', { Email: 'ann.lee@example.com' });
  const annGuard = () => emailGuard('ann.lee@example.com', 'ann');
  const deleteUser = (table: LocalTable, username = 'ann') => resolveField('Mutation', 'deleteUser', { args: { username } }, table);

  it('an unknown user is UserNotFound after one conditional update, and nothing is written', async () => {
    const table = await LocalTable.create([ann(), annGuard()]);
    expectError(await deleteUser(table, 'ghost'), 'UserNotFound');
    expect(table.operations()).toEqual(['UpdateItem']);
    expect(await table.items()).toEqual(byKey([ann(), annGuard()]));
  });

  it('a user with orders is UserHasOrders, and the mark is released again (a request removing Deleting was sent)', async () => {
    const theOrder = order('ann', orderId(1));
    const table = await LocalTable.create([ann(), annGuard(), theOrder]);
    expectError(await deleteUser(table), 'UserHasOrders');
    expect(table.operations()).toEqual(['UpdateItem', 'Query', 'UpdateItem']);
    const mark = decodeUpdate((table.calls[0]!.request as DynamoRequest).update).set['Deleting'] as string;
    const release = table.calls[2]!.request as DynamoRequest;
    expect(plain(release.key)).toEqual({ PK: 'CUSTOMER#ann', SK: 'CUSTOMER#ann' });
    expect(decodeUpdate(release.update)).toEqual({ set: {}, remove: ['Deleting'] });
    expect(resolved(release.condition)).toBe(`(Deleting = "${mark}")`);
    // The table is as it was: the profile unmarked (orders can be created again), guard and order kept.
    expect(await table.get('CUSTOMER#ann', 'CUSTOMER#ann')).toEqual(ann());
    expect(await table.items()).toHaveLength(3);
    ok(await resolveField('Mutation', 'createOrder', { args: { input: { username: 'ann', amount: 1, numberOfItems: 1 } } }, table));
  });

  it('a user without orders: one transaction deletes the profile, its email guard and its name guard, so all are free again', async () => {
    const bob = profile('bob', { Email: 'bob@example.com' });
    const bobsGuards = [emailGuard('bob@example.com', 'bob'), usernameGuard('bob')];
    const table = await LocalTable.create([ann(), annGuard(), usernameGuard('ann'), bob, ...bobsGuards]);
    const value = ok(await deleteUser(table));
    expect(value).toEqual({ username: 'ann', email: 'ann.lee@example.com', name: 'Name of ann', address: null, createdAt: '2024-03-01T10:00:00.000Z', updatedAt: null });
    expect(table.operations()).toEqual(['UpdateItem', 'Query', 'TransactWriteItems']);
    const transaction = table.calls[2]!.request as DynamoRequest;
    const mark = decodeUpdate((table.calls[0]!.request as DynamoRequest).update).set['Deleting'] as string;
    expect(transaction.transactItems!.map((t) => [t['operation'], t['table'], plain(t.key)['PK'], resolved(t.condition)])).toEqual([
      ['DeleteItem', table.tableName, 'CUSTOMER#ann', `(Deleting = "${mark}")`],
      ['DeleteItem', table.tableName, 'CUSTOMEREMAIL#ann.lee@example.com', '((attribute_not_exists(Username)) OR (Username = "ann"))'],
      ['DeleteItem', table.tableName, 'CUSTOMERNAME#ann', '((attribute_not_exists(Username)) OR (Username = "ann"))'],
    ]);
    expect(await table.items()).toEqual(byKey([bob, ...bobsGuards]));
  });

  it('deletes a user whose username differs only in case from a name guard: that guard is the other user’s, so nothing is deleted', async () => {
    // Only before the legacy migration can `Ann` and `ann` both have profiles; it reports them.
    const table = await LocalTable.create([ann(), annGuard(), profile('Ann'), usernameGuard('Ann')]);
    const before = await table.items();
    expectError(await deleteUser(table), 'InternalFailure');
    expect((await table.items()).map((i) => i['PK'])).toEqual(before.map((i) => i['PK']));
  });

  it('deletes a user the original services wrote, whose guard has no owner', async () => {
    const table = await LocalTable.create([legacyProfile('old'), legacyEmailGuard('old@example.com')]);
    expect(ok(await deleteUser(table, 'old'))).toMatchObject({ username: 'old', createdAt: '1970-01-01T00:00:00.000Z' });
    expect(await table.items()).toEqual([]);
  });

  it('is ConcurrentModification when another deleteUser re-marked the profile meanwhile, and this one deletes nothing', async () => {
    const table = await LocalTable.create([ann(), annGuard()]);
    table.beforeEach(async (request) => {
      if (request['operation'] === 'TransactWriteItems') await table.put({ ...(await table.get('CUSTOMER#ann', 'CUSTOMER#ann'))!, Deleting: '2099-01-01T00:00:00.000Z' });
    });
    expectError(await deleteUser(table), 'ConcurrentModification');
    expect(await table.get('CUSTOMEREMAIL#ann.lee@example.com', 'CUSTOMEREMAIL#ann.lee@example.com')).toEqual(annGuard());
    expect(await table.get('CUSTOMER#ann', 'CUSTOMER#ann')).toMatchObject({ Deleting: '2099-01-01T00:00:00.000Z' });
  });

  it('an order created before the mark is found by the consistent read, so the user is kept', async () => {
    const table = await LocalTable.create([ann(), annGuard()]);
    table.beforeEach(async (request) => {
      // createOrder commits right before deleteUser marks the profile.
      if (request['operation'] === 'UpdateItem' && table.calls.length === 1) await table.put(order('ann', orderId(3)));
    });
    expectError(await deleteUser(table), 'UserHasOrders');
    expect(await table.get('CUSTOMER#ann', 'CUSTOMER#ann')).toEqual(ann());
  });

  it.each(['UpdateItem', 'Query', 'TransactWriteItems'])('a throttled %s is InternalFailure without its text', async (operation) => {
    const table = await LocalTable.create([ann(), annGuard()]);
    table.failNext(THROTTLED, (r) => r['operation'] === operation);
    expectInternalFailure(await deleteUser(table), THROTTLED);
    expect(await table.get('CUSTOMEREMAIL#ann.lee@example.com', 'CUSTOMEREMAIL#ann.lee@example.com')).toEqual(annGuard());
  });
});
