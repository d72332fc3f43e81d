/**
 * Mutation.updateOrderStatus, a pipeline: getOrderForUpdate → applyOrderStatus. Each step on its
 * own; the transition table and concurrency run through the whole field in updateOrderStatus.field.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CONDITION_FAILED, functionHandlers, resolverHandlers, THROTTLED, type Handlers } from '../../helpers/resolvers.js';
import { decodeUpdate, expectError, expectInternalFailure, expectValidationError, plain, resolved, returned, type DynamoRequest } from '../../helpers/requests.js';
import { legacyOrder, order, orderId } from '../../helpers/table-items.js';

let resolver: Handlers;
let getOrder: Handlers;
let apply: Handlers;
beforeAll(async () => {
  resolver = await resolverHandlers('Mutation', 'updateOrderStatus');
  getOrder = await functionHandlers('getOrderForUpdate', 'Mutation', 'updateOrderStatus');
  apply = await functionHandlers('applyOrderStatus', 'Mutation', 'updateOrderStatus');
});

const ID = orderId(4);
const input = { username: 'ann', orderId: ID, status: 'SHIPPED' };

describe('Mutation.updateOrderStatus (before and after the functions)', () => {
  it.each([
    [{ username: '' }, 'input.username'],
    [{ orderId: 'x#y' }, 'input.orderId'],
    [{ orderId: '' }, 'input.orderId'],
    [{ expectedVersion: 0 }, 'input.expectedVersion'],
    [{ expectedVersion: -3 }, 'input.expectedVersion'],
  ])('rejects %j naming %s', (change, field) => {
    // Shipping is an admin's move (an owner may only cancel).
    expectValidationError(resolver.request({ args: { input: { ...input, ...change } }, auth: 'ADMIN' }), field);
  });

  it('accepts no expectedVersion, null, or 1 and more', () => {
    for (const expectedVersion of [undefined, null, 1, 7]) expect(resolver.request({ args: { input: { ...input, expectedVersion } }, auth: 'ADMIN' }).kind).toBe('returned');
  });

  it("returns the last function's result", () => {
    const updated = { orderId: ID, username: 'ann', status: 'SHIPPED', amount: 1, numberOfItems: 1, createdAt: 'x', updatedAt: 'y', version: 2 };
    expect(returned(resolver.response({ args: { input } }, { prev: updated }))).toEqual(updated);
  });
});

describe('getOrderForUpdate', () => {
  it('reads the order consistently', () => {
    const request = returned<DynamoRequest>(getOrder.request({ args: { input } }));
    expect(request.operation).toBe('GetItem');
    expect(plain(request.key)).toEqual({ PK: 'CUSTOMER#ann', SK: `#ORDER#${ID}` });
    expect(request.consistentRead).toBe(true);
  });

  it('passes the stored item on', () => {
    const item = legacyOrder('ann', ID);
    expect(returned(getOrder.response({ args: { input } }, { result: item }))).toEqual(item);
  });

  it('is OrderNotFound when there is no such order', () => {
    const { message } = expectError(getOrder.response({ args: { input } }, { result: null }), 'OrderNotFound');
    expect(message).toContain(ID);
  });

  it('turns a failure into InternalFailure without its text', () => {
    expectInternalFailure(getOrder.response({ args: { input } }, { result: null, error: THROTTLED }), THROTTLED);
  });
});

describe('applyOrderStatus request', () => {
  it('moves the order: new status, GSI1 partition, version + 1 and UpdatedAt, only if status and version are as read', () => {
    const before = Date.now();
    const request = returned<DynamoRequest>(apply.request({ args: { input } }, { prev: order('ann', ID, { status: 'PLACED', version: 3 }) }));
    expect(request.operation).toBe('UpdateItem');
    expect(plain(request.key)).toEqual({ PK: 'CUSTOMER#ann', SK: `#ORDER#${ID}` });
    const { set, remove } = decodeUpdate(request.update);
    expect(remove).toEqual([]);
    expect(set).toEqual({
      Status: 'SHIPPED',
      Version: 4,
      UpdatedAt: expect.any(String),
      GSI1PK: 'ORDERSTATUS#SHIPPED',
      GSI1SK: `#ORDER#${ID}`,
      OrderId: ID,
      Username: 'ann',
      EntityType: 'ORDER',
    });
    expect(Date.parse(set['UpdatedAt'] as string)).toBeGreaterThanOrEqual(before - 1);
    // Everything the answer is built from must still be as read, so the answer cannot fail after the write.
    expect(resolved(request.condition)).toBe('(Status = "PLACED") AND (Amount = 25.5) AND (NumberItems = 2) AND (Version = 3)');
  });

  it('counts a legacy order (no Version) as version 1 and requires it still has none', () => {
    const request = returned<DynamoRequest>(apply.request({ args: { input: { ...input, status: 'CANCELLED', expectedVersion: 1 } } }, { prev: legacyOrder('ann', ID) }));
    const { set } = decodeUpdate(request.update);
    expect(set).toMatchObject({ Status: 'CANCELLED', Version: 2, GSI1PK: 'ORDERSTATUS#CANCELLED', GSI1SK: `#ORDER#${ID}`, OrderId: ID, Username: 'ann' });
    expect(resolved(request.condition)).toBe('(Status = "PLACED") AND (Amount = 12) AND (NumberItems = 1) AND (attribute_not_exists(Version))');
  });

  it("changes an original order under its mapped status, writing the API's status and a CreatedAt with an offset", () => {
    // As the original OrderService wrote it: a status in its own spelling, Python's isoformat.
    const original = { ...legacyOrder('ann', ID), Status: 'Placed', CreatedAt: '2023-08-22T02:07:33.696174' };
    const request = returned<DynamoRequest>(apply.request({ args: { input: { ...input, status: 'CANCELLED' } } }, { prev: original }));
    const { set } = decodeUpdate(request.update);
    expect(set).toMatchObject({ Status: 'CANCELLED', CreatedAt: '2023-08-22T02:07:33.696174Z', GSI1PK: 'ORDERSTATUS#CANCELLED', Version: 2 });
    expect(Date.parse(set['UpdatedAt'] as string)).not.toBeNaN();
    // The condition compares with the stored spelling, not the mapped one.
    expect(resolved(request.condition)).toBe('(Status = "Placed") AND (Amount = 12) AND (NumberItems = 1) AND (attribute_not_exists(Version))');
  });

  it("leaves CreatedAt alone when it already has an offset (the API's own orders)", () => {
    const request = returned<DynamoRequest>(apply.request({ args: { input } }, { prev: order('ann', ID) }));
    expect(decodeUpdate(request.update).set).not.toHaveProperty('CreatedAt');
  });

  it('is InvalidStatusTransition from CANCELLED for an original CANCEL order, naming the mapped status', () => {
    const outcome = apply.request({ args: { input } }, { prev: { ...legacyOrder('ann', ID), Status: 'CANCEL' } });
    expectError(outcome, 'InvalidStatusTransition', { from: 'CANCELLED', to: 'SHIPPED' });
  });

  it.each([
    [{ Status: 'RETURNED' }, 'status "RETURNED"'],
    [{ Amount: '12' }, 'amount "12"'],
    [{ NumberItems: 1.5 }, 'number of items 1.5'],
    [{ Username: { name: 'ann' } }, 'Username is not a string'],
  ])('refuses before writing an order it could not serve (%j): UnsupportedOrder', (change, reason) => {
    const { message } = expectError(apply.request({ args: { input } }, { prev: { ...legacyOrder('ann', ID), ...change } }), 'UnsupportedOrder');
    expect(message).toContain(reason);
  });

  it('is ConcurrentModification with the current version when expectedVersion is stale', () => {
    const outcome = apply.request({ args: { input: { ...input, expectedVersion: 2 } } }, { prev: order('ann', ID, { version: 3 }) });
    expectError(outcome, 'ConcurrentModification', { currentVersion: 3 });
  });

  it('is InvalidStatusTransition naming both statuses for a move that is not allowed', () => {
    const outcome = apply.request({ args: { input: { ...input, status: 'DELIVERED' } } }, { prev: order('ann', ID, { status: 'PLACED' }) });
    const { message } = expectError(outcome, 'InvalidStatusTransition', { from: 'PLACED', to: 'DELIVERED' });
    expect(message).toContain('PLACED');
    expect(message).toContain('DELIVERED');
  });
});

describe('applyOrderStatus response', () => {
  it('returns the updated order', () => {
    const updated = order('ann', ID, { status: 'SHIPPED', version: 2, updatedAt: '2024-06-01T00:00:00.000Z' });
    expect(returned(apply.response({ args: { input } }, { result: updated }))).toEqual({
      orderId: ID,
      username: 'ann',
      status: 'SHIPPED',
      amount: 25.5,
      numberOfItems: 2,
      createdAt: updated['CreatedAt'],
      updatedAt: '2024-06-01T00:00:00.000Z',
      version: 2,
    });
  });

  it('is ConcurrentModification when the order changed between read and write (the condition failed)', () => {
    expectError(apply.response({ args: { input } }, { result: order('ann', ID, { status: 'CANCELLED', version: 2 }), error: CONDITION_FAILED }), 'ConcurrentModification');
  });

  it('turns any other failure into InternalFailure without its text', () => {
    expectInternalFailure(apply.response({ args: { input } }, { result: null, error: THROTTLED }), THROTTLED);
  });
});
