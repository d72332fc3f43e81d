/** Query.user: the profile and its newest orders from ONE descending Query of the user's partition. */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectInternalFailure, expectValidationError, resolved, returned, type DynamoRequest } from '../../helpers/requests.js';
import { resolverHandlers, THROTTLED, type Handlers } from '../../helpers/resolvers.js';
import { legacyOrder, legacyProfile, order, orderId, profile } from '../../helpers/table-items.js';

let user: Handlers;
beforeAll(async () => {
  user = await resolverHandlers('Query', 'user');
});

describe('Query.user request', () => {
  it('is one Query of the whole partition CUSTOMER#<username>, descending, reading the profile, a default page of orders and one more', () => {
    for (const auth of ['OWNER', 'ADMIN', 'IAM'] as const) {
      const request = returned<DynamoRequest>(user.request({ args: { username: 'ann.lee_2-x' }, auth }));
      expect(request.operation).toBe('Query');
      // No sort-key condition: the profile (CUSTOMER#...) and the orders (#ORDER#...) come back together.
      expect(resolved(request.query)).toBe('PK = "CUSTOMER#ann.lee_2-x"');
      expect(request.scanIndexForward).toBe(false);
      // 1 profile + 20 orders (the default page) + 1 order to know whether a next page exists.
      expect(request.limit).toBe(22);
      expect(request).not.toHaveProperty('index');
      expect(request).not.toHaveProperty('filter');
      expect(request.consistentRead ?? false).toBe(false);
    }
  });

  it.each([
    ['', 'empty'],
    ['x'.repeat(257), 'too long'],
    ['ann#ORDER', "a '#' (key injection)"],
    ['CUSTOMER#bob', 'a key prefix'],
  ])('rejects username %j (%s) before reading anything', (username) => {
    // As a service, which may name any username: the rules hold for every caller.
    expectValidationError(user.request({ args: { username }, auth: 'IAM' }), 'username');
  });

  it.each(['a', 'john smith', 'änn'])('looks up %j, a username the original services may have created', (username) => {
    expect(user.request({ args: { username } }).error).toBeUndefined();
  });
});

describe('Query.user response', () => {
  const queryResult = (items: unknown[], nextToken: string | null = null) => ({ items, nextToken, scannedCount: items.length });

  it('maps the profile and hands its orders, newest first, to User.orders', () => {
    const newer = order('ann', orderId(2), { status: 'SHIPPED', amount: 10.5, numberOfItems: 3, version: 2, updatedAt: '2024-05-02T00:00:00.000Z' });
    const older = order('ann', orderId(1));
    const stored = profile('ann', {
      Email: 'ann@example.com',
      Name: 'Ann Lee',
      Address: { Line1: '1 Main St', City: 'Berlin', Country: 'DE' },
      UpdatedAt: '2024-04-01T00:00:00.000Z',
    });
    const value = returned(user.response({ args: { username: 'ann' } }, { result: queryResult([stored, newer, older]) }));
    expect(value).toEqual({
      username: 'ann',
      email: 'ann@example.com',
      name: 'Ann Lee',
      address: { line1: '1 Main St', line2: null, city: 'Berlin', region: null, postalCode: null, country: 'DE', formatted: '1 Main St, Berlin, DE' },
      createdAt: '2024-03-01T10:00:00.000Z',
      updatedAt: '2024-04-01T00:00:00.000Z',
      ordersPrefetch: {
        complete: true,
        items: [
          {
            sortKey: newer['SK'],
            order: { orderId: orderId(2), username: 'ann', status: 'SHIPPED', amount: 10.5, numberOfItems: 3, createdAt: newer['CreatedAt'], updatedAt: '2024-05-02T00:00:00.000Z', version: 2 },
          },
          { sortKey: older['SK'], order: { orderId: orderId(1), username: 'ann', status: 'PLACED', amount: 25.5, numberOfItems: 2, createdAt: older['CreatedAt'], updatedAt: null, version: 1 } },
        ],
      },
    });
  });

  it('reads what the original services wrote: a profile without CreatedAt or EntityType, orders without Version, OrderId or Username', () => {
    const value = returned(user.response({ args: { username: 'old-timer' } }, { result: queryResult([legacyProfile('old-timer'), legacyOrder('old-timer', 'LEGACY42', { status: 'DELIVERED' })]) }));
    expect(value).toMatchObject({
      username: 'old-timer',
      email: 'old-timer@example.com',
      name: 'Name of old-timer',
      address: null,
      // createdAt is non-null in the schema; unknown creation times read as the epoch.
      createdAt: '1970-01-01T00:00:00.000Z',
      updatedAt: null,
    });
    expect((value['ordersPrefetch'] as { items: unknown[] }).items).toEqual([
      {
        sortKey: '#ORDER#LEGACY42',
        order: { orderId: 'LEGACY42', username: 'old-timer', status: 'DELIVERED', amount: 12, numberOfItems: 1, createdAt: '2023-11-20T08:15:00.000Z', updatedAt: null, version: 1 },
      },
    ]);
  });

  it('takes the username from the key when a profile has no Username attribute', () => {
    const { Username: _dropped, ...withoutUsername } = legacyProfile('bare');
    expect(returned(user.response({ args: { username: 'bare' } }, { result: queryResult([withoutUsername]) }))).toMatchObject({ username: 'bare' });
  });

  it('marks the prefetched orders incomplete when DynamoDB stopped at the limit (a nextToken came back)', () => {
    const value = returned(user.response({ args: { username: 'ann' } }, { result: queryResult([profile('ann'), order('ann', orderId(1))], 'eyJ2ZXJzaW9uIjozfQ==') }));
    expect((value['ordersPrefetch'] as { complete: boolean }).complete).toBe(false);
  });

  it('is null for an unknown user, even when orders without a profile are in the partition', () => {
    expect(returned(user.response({ args: { username: 'ghost' } }, { result: queryResult([]) }))).toBeNull();
    expect(returned(user.response({ args: { username: 'ghost' } }, { result: queryResult([order('ghost', orderId(1))]) }))).toBeNull();
  });

  it('does not mistake another user whose name starts the same for the profile', () => {
    expect(returned(user.response({ args: { username: 'ann' } }, { result: queryResult([profile('anna')]) }))).toBeNull();
  });

  it('turns a data-source failure into InternalFailure without its text', () => {
    expectInternalFailure(user.response({ args: { username: 'ann' } }, { result: null, error: THROTTLED }), THROTTLED);
  });
});
