/** Query.ordersByStatus: every user's orders in one status, newest first, from GSI1 (ORDERSTATUS#<status>). */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectInternalFailure, expectValidationError, resolved, returned, type DynamoRequest } from '../../helpers/requests.js';
import { resolverHandlers, THROTTLED, type Handlers } from '../../helpers/resolvers.js';
import { asOrder, order, orderId } from '../../helpers/table-items.js';

let byStatus: Handlers;
beforeAll(async () => {
  byStatus = await resolverHandlers('Query', 'ordersByStatus');
});

describe('Query.ordersByStatus request', () => {
  it.each(['PLACED', 'SHIPPED', 'DELIVERED', 'CANCELLED'])('%s: a descending Query of GSI1 partition ORDERSTATUS#<status>, one more than the page', (status) => {
    const request = returned<DynamoRequest>(byStatus.request({ args: { status }, auth: 'ADMIN' }));
    expect(request.operation).toBe('Query');
    expect(request.index).toBe('GSI1');
    expect(resolved(request.query)).toBe(`GSI1PK = "ORDERSTATUS#${status}"`);
    expect(request.scanIndexForward).toBe(false);
    expect(request.limit).toBe(21);
    expect(request).not.toHaveProperty('filter');
    // A GSI cannot be read consistently; DynamoDB would reject the request.
    expect(request.consistentRead ?? false).toBe(false);
  });

  it('continues below the cursor on GSI1SK', () => {
    const field = byStatus.context({ args: { status: 'SHIPPED', limit: 2 }, auth: 'ADMIN' });
    returned(byStatus.request(field));
    const items = [order('bob', orderId(9), { status: 'SHIPPED' }), order('ann', orderId(8), { status: 'SHIPPED' }), order('cy', orderId(7), { status: 'SHIPPED' })];
    const first = returned<{ nextToken: string }>(byStatus.response(field, { result: { items, nextToken: null, scannedCount: 3 } }));
    const next = returned<DynamoRequest>(byStatus.request({ args: { status: 'SHIPPED', limit: 2, nextToken: first.nextToken }, auth: 'ADMIN' }));
    expect(next.index).toBe('GSI1');
    expect(resolved(next.query)).toBe(`GSI1PK = "ORDERSTATUS#SHIPPED" AND GSI1SK < "#ORDER#${orderId(8)}"`);
    expect(next.limit).toBe(3);
  });

  it.each([0, 101])('rejects limit %i', (limit) => {
    expectValidationError(byStatus.request({ args: { status: 'PLACED', limit }, auth: 'ADMIN' }), 'limit');
  });

  it.each([
    ['garbage', 'xyz'],
    ["AppSync's token", 'eyJ2ZXJzaW9uIjozLCJ0b2tlbiI6IkFRSUNBSGg5OUIvN3BjWVUifQ=='],
    ['a cursor at a non-order key', `c1.${Buffer.from('ORDERSTATUS#PLACED').toString('base64')}`],
  ])('rejects %s as nextToken', (_label, nextToken) => {
    expectValidationError(byStatus.request({ args: { status: 'PLACED', nextToken }, auth: 'ADMIN' }), 'nextToken');
  });
});

describe('Query.ordersByStatus response', () => {
  it('maps orders of several users and gives no token when nothing follows', () => {
    const items = [order('bob', orderId(5), { status: 'DELIVERED', version: 3 }), order('ann', orderId(4), { status: 'DELIVERED', version: 3 })];
    const field = byStatus.context({ args: { status: 'DELIVERED' }, auth: 'ADMIN' });
    returned(byStatus.request(field));
    expect(returned(byStatus.response(field, { result: { items, nextToken: null, scannedCount: 2 } }))).toEqual({ items: items.map(asOrder), nextToken: null });
  });

  it('turns a data-source failure into InternalFailure without its text', () => {
    const field = byStatus.context({ args: { status: 'PLACED' }, auth: 'ADMIN' });
    returned(byStatus.request(field));
    expectInternalFailure(byStatus.response(field, { result: null, error: THROTTLED }), THROTTLED);
  });
});
