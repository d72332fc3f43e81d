/**
 * Who may call what, decided in the request handler of every resolver (resolvers/lib/auth.ts)
 * before anything is read or written: the owner (the signed-in user named by the username the
 * field acts on), another signed-in user, an admin (the admin group), a service (IAM), and an
 * API-key caller (the API has no key; were one added, resolvers still refuse it). A refusal is
 * AppSync's Unauthorized and nothing reaches a data source. The same table, end to end over HTTP
 * with writes checked, is test/e2e/permissions.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { expectUnauthorized } from '../../helpers/requests.js';
import { resolverHandlers, type Caller } from '../../helpers/resolvers.js';
import { orderId } from '../../helpers/table-items.js';

const ann = { user: 'ann' };
const bob = { user: 'bob' };
const CALLERS: Record<string, Caller> = { owner: ann, 'another user': bob, admin: 'ADMIN', service: 'IAM', 'API key': 'API_KEY' };
type Who = keyof typeof CALLERS;

const event = { eventId: 'e-1', type: 'ORDER_PLACED', username: 'ann', orderId: orderId(1), status: 'PLACED', amount: 1, numberOfItems: 1, occurredAt: '2026-01-01T00:00:00Z' };
const address = { line1: '1 Main St', city: 'Berlin', country: 'DE' };

/** Each field's call for ann's data, and who may make it. */
const TABLE: { field: string; args: Record<string, unknown>; source?: unknown; allowed: Who[] }[] = [
  { field: 'Query.user', args: { username: 'ann' }, allowed: ['owner', 'admin', 'service'] },
  { field: 'Query.order', args: { username: 'ann', orderId: orderId(1) }, allowed: ['owner', 'admin', 'service'] },
  { field: 'Query.orders', args: { username: 'ann' }, allowed: ['owner', 'admin', 'service'] },
  { field: 'User.orders', args: {}, source: { username: 'ann' }, allowed: ['owner', 'admin', 'service'] },
  { field: 'Query.ordersByStatus', args: { status: 'PLACED' }, allowed: ['admin', 'service'] },
  { field: 'Mutation.addUser', args: { input: { username: 'ann', email: 'ann@example.com', name: 'Ann' } }, allowed: ['owner', 'admin', 'service'] },
  { field: 'Mutation.editAddress', args: { username: 'ann', address }, allowed: ['owner', 'admin', 'service'] },
  { field: 'Mutation.deleteUser', args: { username: 'ann' }, allowed: ['owner', 'admin', 'service'] },
  { field: 'Mutation.createOrder', args: { input: { username: 'ann', amount: 5, numberOfItems: 1 } }, allowed: ['owner', 'admin', 'service'] },
  { field: 'Mutation.updateOrderStatus', args: { input: { username: 'ann', orderId: orderId(1), status: 'CANCELLED' } }, allowed: ['owner', 'admin', 'service'] },
  { field: 'Mutation.updateOrderStatus', args: { input: { username: 'ann', orderId: orderId(1), status: 'SHIPPED' } }, allowed: ['admin', 'service'] },
  { field: 'Mutation.updateOrderStatus', args: { input: { username: 'ann', orderId: orderId(1), status: 'DELIVERED' } }, allowed: ['admin', 'service'] },
  { field: 'Mutation.publishOrderEvent', args: { event }, allowed: ['service'] },
  { field: 'Subscription.onOrderEvent', args: { username: 'ann' }, allowed: ['owner', 'admin', 'service'] },
  { field: 'Subscription.onOrderEvent', args: {}, allowed: ['owner', 'another user', 'admin', 'service'] },
];

const cases = TABLE.flatMap(({ field, args, source, allowed }) =>
  (Object.keys(CALLERS) as Who[]).map((who) => ({ field, args, source, who, label: `${field} ${JSON.stringify(args)} by ${who}`, allowed: allowed.includes(who) })),
);

async function requestOf({ field, args, source, who }: (typeof cases)[number]) {
  const [typeName, fieldName] = field.split('.') as [string, string];
  const handlers = await resolverHandlers(typeName, fieldName);
  return { typeName, fieldName, outcome: handlers.request({ args, auth: CALLERS[who]!, ...(source ? { source } : {}) }) };
}

describe('allowed', () => {
  it.each(cases.filter((c) => c.allowed))('$label', async (c) => {
    const { outcome } = await requestOf(c);
    expect(outcome.error, JSON.stringify(outcome.error)).toBeUndefined();
  });
});

describe('refused with Unauthorized, before any request to a data source is built', () => {
  it.each(cases.filter((c) => !c.allowed))('$label', async (c) => {
    const { outcome, typeName, fieldName } = await requestOf(c);
    expectUnauthorized(outcome, fieldName, typeName);
    expect(outcome.value).toBeUndefined();
  });
});

describe('a user pool identity without a username', () => {
  it('is refused', async () => {
    const user = await resolverHandlers('Query', 'user');
    expectUnauthorized(user.request({ args: { username: '' }, auth: { user: '' } }), 'user', 'Query');
  });
});
