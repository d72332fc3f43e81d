/** User.orders: the first page from the orders `user` prefetched when they cover it, a Query otherwise. */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectInternalFailure, expectValidationError, resolved, returned, type DynamoRequest } from '../../helpers/requests.js';
import { resolverHandlers, THROTTLED, type Handlers } from '../../helpers/resolvers.js';
import { asOrder, newestFirst, ordersOf } from '../../helpers/table-items.js';

let userOrders: Handlers;
beforeAll(async () => {
  userOrders = await resolverHandlers('User', 'orders');
});

/** The User object Query.user hands down: its fields plus the prefetched orders (each with its sort key). */
function userSource(count: number, complete: boolean, stored = newestFirst(ordersOf('ann', count))) {
  const items = stored.map((item) => ({ sortKey: item['SK'] as string, order: item['Status'] === 'RETURNED' ? null : asOrder(item) }));
  return {
    username: 'ann',
    email: 'ann@example.com',
    name: 'Ann',
    address: null,
    createdAt: '2024-03-01T10:00:00.000Z',
    updatedAt: null,
    ordersPrefetch: { items, complete },
    orders: stored.map(asOrder),
  };
}

describe('User.orders request', () => {
  it('serves the first page from the prefetch without a request (early return) when more orders than the page were read', () => {
    const source = userSource(21, false);
    const outcome = userOrders.request({ source });
    expect(outcome.kind).toBe('earlyReturn');
    const page = outcome.value as { items: unknown[]; nextToken: string };
    expect(page.items).toEqual(source.orders.slice(0, 20));
    expect(page.nextToken).toEqual(expect.any(String));
    // The token continues where the page ended: a Query below its last order.
    const next = returned<DynamoRequest>(userOrders.request({ source, args: { nextToken: page.nextToken } }));
    expect(resolved(next.query)).toBe(`PK = "CUSTOMER#ann" AND SK < "#ORDER#${source.orders[19]!['orderId'] as string}"`);
  });

  it('leaves an order it cannot serve out of a prefetched page, and still continues after it', () => {
    const stored = newestFirst(ordersOf('ann', 21));
    stored[4] = { ...stored[4], Status: 'RETURNED' };
    const source = userSource(21, false, stored);
    const page = userOrders.request({ source, args: { limit: 5 } }).value as { items: unknown[]; nextToken: string };
    expect(page.items).toEqual(source.orders.slice(0, 4));
    const next = returned<DynamoRequest>(userOrders.request({ source, args: { limit: 5, nextToken: page.nextToken } }));
    expect(resolved(next.query)).toBe(`PK = "CUSTOMER#ann" AND SK < "${stored[4]!['SK'] as string}"`);
  });

  it('serves a smaller page (limit 5) from the prefetch', () => {
    const source = userSource(21, false);
    const outcome = userOrders.request({ source, args: { limit: 5 } });
    expect(outcome.kind).toBe('earlyReturn');
    expect((outcome.value as { items: unknown[] }).items).toEqual(source.orders.slice(0, 5));
  });

  it.each([
    [0, undefined],
    [1, undefined],
    [20, undefined],
    [20, 100],
  ])('serves all %i orders (limit %s) with no token when the prefetch read them all', (count, limit) => {
    const source = userSource(count, true);
    const outcome = userOrders.request({ source, args: limit ? { limit } : {} });
    expect(outcome.kind).toBe('earlyReturn');
    expect(outcome.value).toEqual({ items: source.orders, nextToken: null });
  });

  it('queries when the page is larger than an incomplete prefetch', () => {
    const source = userSource(21, false);
    const outcome = userOrders.request({ source, args: { limit: 30 } });
    expect(outcome.kind).toBe('returned');
    const request = outcome.value as DynamoRequest;
    expect(resolved(request.query)).toBe('PK = "CUSTOMER#ann" AND begins_with(SK, "#ORDER#")');
    expect(request.scanIndexForward).toBe(false);
    expect(request.limit).toBe(31);
  });

  it('queries (the status is filtered on the answer) when a status is asked for, even with a complete prefetch', () => {
    const outcome = userOrders.request({ source: userSource(3, true), args: { status: 'CANCELLED' } });
    expect(outcome.kind).toBe('returned');
    const request = outcome.value as DynamoRequest;
    expect(resolved(request.query)).toBe('PK = "CUSTOMER#ann" AND begins_with(SK, "#ORDER#")');
    expect(request).not.toHaveProperty('filter');
    expect(request.limit).toBe(20);
  });

  it('queries the source user when there is no prefetch (a User from addUser or editAddress)', () => {
    const { ordersPrefetch: _none, ...source } = userSource(0, true);
    const request = returned<DynamoRequest>(userOrders.request({ source: { ...source, username: 'bob' } }));
    expect(resolved(request.query)).toBe('PK = "CUSTOMER#bob" AND begins_with(SK, "#ORDER#")');
    expect(request.limit).toBe(21);
  });

  it.each([0, 101])('rejects limit %i before using the prefetch', (limit) => {
    expectValidationError(userOrders.request({ source: userSource(3, true), args: { limit } }), 'limit');
  });

  it('rejects a foreign token', () => {
    expectValidationError(userOrders.request({ source: userSource(3, true), args: { nextToken: 'eyJ2ZXJzaW9uIjozfQ==' } }), 'nextToken');
  });
});

describe('User.orders response', () => {
  it('maps a queried page and cuts it at the limit', () => {
    const source = userSource(0, false);
    const field = userOrders.context({ source, args: { limit: 2 } });
    returned(userOrders.request(field));
    const items = newestFirst(ordersOf('ann', 3));
    const page = returned<{ items: unknown[]; nextToken: string | null }>(userOrders.response(field, { result: { items, nextToken: null, scannedCount: 3 } }));
    expect(page.items).toEqual(items.slice(0, 2).map(asOrder));
    expect(page.nextToken).toEqual(expect.any(String));
  });

  it('turns a data-source failure into InternalFailure without its text', () => {
    const field = userOrders.context({ source: userSource(0, false), args: { limit: 50 } });
    returned(userOrders.request(field));
    expectInternalFailure(userOrders.response(field, { result: null, error: THROTTLED }), THROTTLED);
  });
});
