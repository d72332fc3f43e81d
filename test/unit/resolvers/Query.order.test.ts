/** Query.order: one order by its key, or null. */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectInternalFailure, expectValidationError, plain, returned, type DynamoRequest } from '../../helpers/requests.js';
import { resolverHandlers, THROTTLED, type Handlers } from '../../helpers/resolvers.js';
import { legacyOrder, order, orderId } from '../../helpers/table-items.js';

let handlers: Handlers;
beforeAll(async () => {
  handlers = await resolverHandlers('Query', 'order');
});

describe('Query.order request', () => {
  it('is a GetItem of PK = CUSTOMER#<username>, SK = #ORDER#<orderId>', () => {
    const id = orderId(7);
    for (const auth of ['OWNER', 'ADMIN', 'IAM'] as const) {
      const request = returned<DynamoRequest>(handlers.request({ args: { username: 'ann', orderId: id }, auth }));
      expect(request.operation).toBe('GetItem');
      expect(plain(request.key)).toEqual({ PK: 'CUSTOMER#ann', SK: `#ORDER#${id}` });
      expect(Object.keys(request).sort()).toEqual(['key', 'operation']);
    }
  });

  it.each([
    [{ username: '', orderId: orderId(1) }, 'username'],
    [{ username: 'ann#x', orderId: orderId(1) }, 'username'],
    [{ username: 'ann', orderId: '' }, 'orderId'],
    [{ username: 'ann', orderId: 'abc#ORDER#x' }, 'orderId'],
    [{ username: 'ann', orderId: 'a b' }, 'orderId'],
    [{ username: 'ann', orderId: 'x'.repeat(129) }, 'orderId'],
  ])('rejects %j naming %s', (args, field) => {
    // As a service, which may name any username: the rules hold for every caller.
    expectValidationError(handlers.request({ args, auth: 'IAM' }), field);
  });

  it('accepts the longest order id (64) and older non-KSUID ids', () => {
    expect(returned<DynamoRequest>(handlers.request({ args: { username: 'ann', orderId: 'x'.repeat(64) } })).operation).toBe('GetItem');
    expect(returned<DynamoRequest>(handlers.request({ args: { username: 'ann', orderId: 'LEGACY42' } })).operation).toBe('GetItem');
  });
});

describe('Query.order response', () => {
  it('maps the stored order', () => {
    const id = orderId(3);
    const item = order('ann', id, { status: 'SHIPPED', amount: 99.99, numberOfItems: 4, version: 2, updatedAt: '2024-06-01T12:00:00.000Z' });
    expect(returned(handlers.response({ args: { username: 'ann', orderId: id } }, { result: item }))).toEqual({
      orderId: id,
      username: 'ann',
      status: 'SHIPPED',
      amount: 99.99,
      numberOfItems: 4,
      createdAt: item['CreatedAt'],
      updatedAt: '2024-06-01T12:00:00.000Z',
      version: 2,
    });
  });

  it('maps an order the original services wrote (no Version, OrderId, Username) as version 1 with ids from the key', () => {
    expect(returned(handlers.response({ args: { username: 'old', orderId: 'LEGACY42' } }, { result: legacyOrder('old', 'LEGACY42', { status: 'CANCELLED', amount: 7.5 }) }))).toEqual({
      orderId: 'LEGACY42',
      username: 'old',
      status: 'CANCELLED',
      amount: 7.5,
      numberOfItems: 1,
      createdAt: '2023-11-20T08:15:00.000Z',
      updatedAt: null,
      version: 1,
    });
  });

  it('is null when there is no such order (GetItem answers null)', () => {
    expect(returned(handlers.response({ args: { username: 'ann', orderId: orderId(1) } }, { result: null }))).toBeNull();
  });

  it('turns a data-source failure into InternalFailure without its text', () => {
    expectInternalFailure(handlers.response({ args: { username: 'ann', orderId: orderId(1) } }, { result: null, error: THROTTLED }), THROTTLED);
  });
});
