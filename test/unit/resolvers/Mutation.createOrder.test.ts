/** Mutation.createOrder: one TransactWriteItems, a ConditionCheck that the user exists (and is not being deleted) and the Put of the order. */
import KSUID from 'ksuid';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectInternalFailure, expectValidationError, plain, resolved, returned, type DynamoRequest } from '../../helpers/requests.js';
import { CONDITION_FAILED_REASONS, resolverHandlers, TABLE_NAME, THROTTLED, transactionCanceled, type Handlers } from '../../helpers/resolvers.js';

let createOrder: Handlers;
beforeAll(async () => {
  createOrder = await resolverHandlers('Mutation', 'createOrder');
});

const input = { username: 'ann', amount: 49.9, numberOfItems: 3 };

describe('Mutation.createOrder request', () => {
  it('checks the profile and puts a PLACED order at version 1, in one transaction on the table', () => {
    const before = Date.now();
    const request = returned<DynamoRequest>(createOrder.request({ args: { input } }));
    const after = Date.now();
    expect(request.operation).toBe('TransactWriteItems');
    expect(request.transactItems).toHaveLength(2);
    const [check, put] = request.transactItems!;

    expect(check!['operation']).toBe('ConditionCheck');
    expect(check!['table']).toBe(TABLE_NAME);
    expect(plain(check!.key)).toEqual({ PK: 'CUSTOMER#ann', SK: 'CUSTOMER#ann' });

    expect(put!['operation']).toBe('PutItem');
    expect(put!['table']).toBe(TABLE_NAME);
    const key = plain(put!.key);
    const attributes = plain(put!.attributeValues);
    const orderId = attributes['OrderId'] as string;
    expect(key).toEqual({ PK: 'CUSTOMER#ann', SK: `#ORDER#${orderId}` });
    expect(attributes).toEqual({
      OrderId: orderId,
      Username: 'ann',
      Status: 'PLACED',
      Amount: 49.9,
      NumberItems: 3,
      CreatedAt: expect.any(String),
      Version: 1,
      GSI1PK: 'ORDERSTATUS#PLACED',
      GSI1SK: `#ORDER#${orderId}`,
      EntityType: 'ORDER',
    });
    // Order ids are KSUIDs of the creation time to the millisecond (lib/order-ids.ts), so they sort by time.
    expect(orderId).toMatch(/^[0-9A-Za-z]{27}$/);
    const createdAt = Date.parse(attributes['CreatedAt'] as string);
    expect(createdAt).toBeGreaterThanOrEqual(before - 1);
    expect(createdAt).toBeLessThanOrEqual(after + 1);
    const id = KSUID.parse(orderId);
    expect(id.date.getTime()).toBe(Math.floor(createdAt / 1000) * 1000);
    expect(id.payload.readUInt16BE(0)).toBe(createdAt % 1000);
    // Never overwrite an order.
    expect(resolved(put!.condition)).toBe('(attribute_not_exists(PK))');

    // The user must exist and not be held by a live deleteUser (a mark older than a minute is stale).
    const staleBefore = new Date(createdAt - 60_000).toISOString();
    expect(resolved(check!.condition)).toBe(`(attribute_exists(PK)) AND (attribute_exists(Email)) AND ((attribute_not_exists(Deleting)) OR (Deleting < "${staleBefore}"))`);
  });

  it('gives every order a new id', () => {
    const ids = new Set(Array.from({ length: 5 }, () => plain(returned<DynamoRequest>(createOrder.request({ args: { input } })).transactItems![1]!.key)['SK']));
    expect(ids.size).toBe(5);
  });

  it.each([
    [0.01, 'the smallest amount'],
    [0.29, 'an amount whose double is 0.28999... (floating point)'],
    [1.1, 'one decimal'],
    [1000000, 'the largest amount'],
  ])('accepts amount %d (%s)', (amount) => {
    expect(returned<DynamoRequest>(createOrder.request({ args: { input: { ...input, amount } } })).operation).toBe('TransactWriteItems');
  });

  it.each([
    [{ amount: 0 }, 'input.amount'],
    [{ amount: -5 }, 'input.amount'],
    [{ amount: 0.001 }, 'input.amount'],
    [{ amount: 1000000.01 }, 'input.amount'],
    [{ amount: 1e-9 }, 'input.amount'],
    [{ numberOfItems: 0 }, 'input.numberOfItems'],
    [{ numberOfItems: 10001 }, 'input.numberOfItems'],
    [{ username: 'x'.repeat(257) }, 'input.username'],
    [{ username: 'ann#ORDER#x' }, 'input.username'],
  ])('rejects %j naming %s, writing nothing', (change, field) => {
    expectValidationError(createOrder.request({ args: { input: { ...input, ...change } } }), field);
  });
});

describe('Mutation.createOrder response', () => {
  it('returns the order it put', () => {
    const field = createOrder.context({ args: { input } });
    const request = returned<DynamoRequest>(createOrder.request(field));
    const put = plain(request.transactItems![1]!.attributeValues);
    const value = returned(createOrder.response(field, { result: { keys: [{ PK: 'CUSTOMER#ann', SK: 'CUSTOMER#ann' }, plain(request.transactItems![1]!.key)], cancellationReasons: null } }));
    expect(value).toEqual({ orderId: put['OrderId'], username: 'ann', status: 'PLACED', amount: 49.9, numberOfItems: 3, createdAt: put['CreatedAt'], updatedAt: null, version: 1 });
  });

  it.each(CONDITION_FAILED_REASONS)('is UserNotFound when the ConditionCheck on the profile failed (reason %s)', (reason) => {
    const field = createOrder.context({ args: { input: { ...input, username: 'ghost' } } });
    returned(createOrder.request(field));
    const { message } = expectError(createOrder.response(field, transactionCanceled([reason, 'None'])), 'UserNotFound');
    expect(message).toContain('ghost');
  });

  it.each(CONDITION_FAILED_REASONS)('is ConcurrentModification when the profile exists but a deleteUser holds it (reason %s, with the item)', (reason) => {
    const field = createOrder.context({ args: { input } });
    returned(createOrder.request(field));
    const canceled = transactionCanceled([reason, 'None']);
    const reasons = (canceled.result as { cancellationReasons: Record<string, unknown>[] }).cancellationReasons;
    reasons[0]!['item'] = { PK: 'CUSTOMER#ann', SK: 'CUSTOMER#ann', Email: 'ann@example.com', Deleting: '2026-01-01T00:00:00.000Z' };
    const { message } = expectError(createOrder.response(field, canceled), 'ConcurrentModification');
    expect(message).toBe('User ann is being deleted. Try again.');
  });

  it('is UserNotFound when the failed check returns a ghost profile (no email: made by the original edit-address)', () => {
    const field = createOrder.context({ args: { input } });
    returned(createOrder.request(field));
    const canceled = transactionCanceled(['ConditionalCheckFailed', 'None']);
    (canceled.result as { cancellationReasons: Record<string, unknown>[] }).cancellationReasons[0]!['item'] = { PK: 'CUSTOMER#ann', SK: 'CUSTOMER#ann', address: '124 Street Akl NZ' };
    expectError(createOrder.response(field, canceled), 'UserNotFound');
  });

  it.each([
    ['the Put failed (order key taken)', ['None', 'ConditionalCheckFailed']],
    ['a concurrent transaction on the profile', ['TransactionConflict', 'None']],
  ])('is InternalFailure when %s', (_label, reasons) => {
    const field = createOrder.context({ args: { input } });
    returned(createOrder.request(field));
    const canceled = transactionCanceled(reasons);
    expectInternalFailure(createOrder.response(field, canceled), canceled.error);
  });

  it('turns a throttle into InternalFailure without its text', () => {
    const field = createOrder.context({ args: { input } });
    returned(createOrder.request(field));
    expectInternalFailure(createOrder.response(field, { result: null, error: THROTTLED }), THROTTLED);
  });
});
