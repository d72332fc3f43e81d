/** Query.orders: one page of a user's orders, newest first; cursor pages unfiltered, DynamoDB's token when filtered by status. */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectInternalFailure, expectValidationError, resolved, returned, type DynamoRequest } from '../../helpers/requests.js';
import { resolverHandlers, THROTTLED, type Handlers } from '../../helpers/resolvers.js';
import { asOrder, legacyOrder, newestFirst, ordersOf } from '../../helpers/table-items.js';

let orders: Handlers;
beforeAll(async () => {
  orders = await resolverHandlers('Query', 'orders');
});

/** AppSync's own nextToken for a Query: opaque, base64 of JSON. */
const APPSYNC_TOKEN = 'eyJ2ZXJzaW9uIjozLCJ0b2tlbiI6IkFRSUNBSGg5OUIvN3BjWVUifQ==';

/** Runs request then response over `stored` (a user's orders), as DynamoDB would answer the request. */
function page(args: Record<string, unknown>, stored: Record<string, unknown>[]) {
  const field = orders.context({ args });
  const request = returned<DynamoRequest>(orders.request(field));
  const limit = request.limit as number;
  const sorted = newestFirst(stored);
  const lt = /SK < "(.*)"$/.exec(resolved(request.query))?.[1];
  const remaining = lt ? sorted.filter((i) => (i['SK'] as string) < lt) : sorted;
  const items = remaining.slice(0, limit);
  const response = returned<{ items: Record<string, unknown>[]; nextToken: string | null }>(
    orders.response(field, { result: { items, nextToken: items.length === limit ? APPSYNC_TOKEN : null, scannedCount: items.length } }),
  );
  return { request, response };
}

describe('Query.orders request', () => {
  it('without status: the #ORDER# items of CUSTOMER#<username>, descending, one more than the page (default 20)', () => {
    for (const auth of ['OWNER', 'ADMIN', 'IAM'] as const) {
      const request = returned<DynamoRequest>(orders.request({ args: { username: 'ann' }, auth }));
      expect(request.operation).toBe('Query');
      expect(resolved(request.query)).toBe('PK = "CUSTOMER#ann" AND begins_with(SK, "#ORDER#")');
      expect(request.scanIndexForward).toBe(false);
      expect(request.limit).toBe(21);
      expect(request).not.toHaveProperty('filter');
      expect(request).not.toHaveProperty('index');
      expect(request.nextToken ?? null).toBeNull();
    }
  });

  it.each([
    [1, 2],
    [7, 8],
    [100, 101],
  ])('limit %i reads %i items', (limit, read) => {
    expect(returned<DynamoRequest>(orders.request({ args: { username: 'ann', limit } })).limit).toBe(read);
  });

  it('with status: DynamoDB reading the page size, and its own token passed on (the status is filtered on the answer, as read)', () => {
    const request = returned<DynamoRequest>(orders.request({ args: { username: 'ann', status: 'SHIPPED', limit: 5, nextToken: APPSYNC_TOKEN } }));
    expect(resolved(request.query)).toBe('PK = "CUSTOMER#ann" AND begins_with(SK, "#ORDER#")');
    expect(request).not.toHaveProperty('filter');
    expect(request.scanIndexForward).toBe(false);
    expect(request.limit).toBe(5);
    expect(request.nextToken).toBe(APPSYNC_TOKEN);
  });

  it.each([
    [{ username: '' }, 'username'],
    [{ username: 'ann#SK' }, 'username'],
    [{ username: 'ann', limit: 0 }, 'limit'],
    [{ username: 'ann', limit: 101 }, 'limit'],
    [{ username: 'ann', limit: -1 }, 'limit'],
  ])('rejects %j naming %s', (args, field) => {
    // As a service, which may name any username: the rules hold for every caller.
    expectValidationError(orders.request({ args, auth: 'IAM' }), field);
  });

  it.each([
    ['garbage', 'not-a-token'],
    ["AppSync's token (from a status-filtered page)", APPSYNC_TOKEN],
    ['a cursor that points at a profile key', `c1.${Buffer.from('CUSTOMER#bob').toString('base64')}`],
    ['a cursor that is not base64', 'c1.%%%'],
    ['a cursor that is too long', `c1.${Buffer.from(`#ORDER#${'x'.repeat(120)}`).toString('base64')}`],
  ])('rejects %s as nextToken of an unfiltered page', (_label, nextToken) => {
    expectValidationError(orders.request({ args: { username: 'ann', nextToken } }), 'nextToken');
  });

  it('rejects a cursor (from an unfiltered page) as nextToken of a status-filtered page', () => {
    const stored = ordersOf('ann', 25);
    const { response } = page({ username: 'ann' }, stored);
    expect(response.nextToken).toEqual(expect.any(String));
    expectValidationError(orders.request({ args: { username: 'ann', status: 'PLACED', nextToken: response.nextToken } }), 'nextToken');
  });
});

describe('Query.orders response', () => {
  it('cuts the page at the limit and gives a cursor that continues strictly after its last order', () => {
    const stored = ordersOf('ann', 21);
    const newest = newestFirst(stored);
    const first = page({ username: 'ann' }, stored);
    expect(first.response.items).toEqual(newest.slice(0, 20).map(asOrder));
    expect(first.response.nextToken).toEqual(expect.any(String));
    const second = page({ username: 'ann', nextToken: first.response.nextToken }, stored);
    expect(resolved(second.request.query)).toBe(`PK = "CUSTOMER#ann" AND SK < "${newest[19]!['SK'] as string}"`);
    expect(second.response).toEqual({ items: [asOrder(newest[20]!)], nextToken: null });
  });

  it('gives no nextToken when the page holds all that was left (exactly a page)', () => {
    const stored = ordersOf('ann', 20);
    expect(page({ username: 'ann' }, stored).response).toEqual({ items: newestFirst(stored).map(asOrder), nextToken: null });
  });

  it('reads orders the original services wrote', () => {
    const result = { items: [legacyOrder('old', 'B2'), legacyOrder('old', 'A1', { status: 'SHIPPED' })], nextToken: null, scannedCount: 2 };
    const field = orders.context({ args: { username: 'old' } });
    returned(orders.request(field));
    expect(returned(orders.response(field, { result }))).toEqual({
      items: [
        { orderId: 'B2', username: 'old', status: 'PLACED', amount: 12, numberOfItems: 1, createdAt: '2023-11-20T08:15:00.000Z', updatedAt: null, version: 1 },
        { orderId: 'A1', username: 'old', status: 'SHIPPED', amount: 12, numberOfItems: 1, createdAt: '2023-11-20T08:15:00.000Z', updatedAt: null, version: 1 },
      ],
      nextToken: null,
    });
  });

  it("with status: keeps the orders in that status as read (original spellings too) and passes on DynamoDB's token, even for a short page", () => {
    const stored = ordersOf('ann', 6, (n) => (n % 2 === 0 ? 'SHIPPED' : 'PLACED'));
    const original = { ...legacyOrder('ann', 'ORIGINAL1'), Status: 'cancel' };
    const field = orders.context({ args: { username: 'ann', status: 'SHIPPED', limit: 10 } });
    returned(orders.request(field));
    const shipped = newestFirst(stored).filter((i) => i['Status'] === 'SHIPPED');
    expect(returned(orders.response(field, { result: { items: [...newestFirst(stored), original], nextToken: APPSYNC_TOKEN, scannedCount: 10 } }))).toEqual({
      items: shipped.map(asOrder),
      nextToken: APPSYNC_TOKEN,
    });

    const cancelled = orders.context({ args: { username: 'ann', status: 'CANCELLED', limit: 10 } });
    returned(orders.request(cancelled));
    const value = returned<{ items: { orderId: string; status: string }[] }>(orders.response(cancelled, { result: { items: [...newestFirst(stored), original], nextToken: null, scannedCount: 7 } }));
    expect(value.items.map((o) => [o.orderId, o.status])).toEqual([['ORIGINAL1', 'CANCELLED']]);
  });

  it('leaves out an order it cannot serve (an unknown status) instead of failing the page, and continues after it', () => {
    const stored = newestFirst(ordersOf('ann', 3));
    stored[2] = { ...stored[2], Status: 'RETURNED' };
    const field = orders.context({ args: { username: 'ann', limit: 2 } });
    returned(orders.request(field));
    const first = returned<{ items: unknown[]; nextToken: string | null }>(orders.response(field, { result: { items: stored, nextToken: null, scannedCount: 3 } }));
    expect(first).toEqual({ items: stored.slice(0, 2).map(asOrder), nextToken: expect.any(String) });
    const field2 = orders.context({ args: { username: 'ann', limit: 2, nextToken: first.nextToken } });
    returned(orders.request(field2));
    expect(returned(orders.response(field2, { result: { items: [stored[2]], nextToken: null, scannedCount: 1 } }))).toEqual({ items: [], nextToken: null });
  });

  it('turns a data-source failure into InternalFailure without its text', () => {
    const field = orders.context({ args: { username: 'ann' } });
    returned(orders.request(field));
    expectInternalFailure(orders.response(field, { result: null, error: THROTTLED }), THROTTLED);
  });
});
