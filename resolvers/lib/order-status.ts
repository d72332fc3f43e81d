/**
 * Order statuses: the moves an order may make (PLACED to SHIPPED or CANCELLED, SHIPPED to
 * DELIVERED), and how a stored Status string becomes one of the API's statuses.
 *
 * The original services stored whatever string a caller sent (their own example is `CANCEL`).
 * A stored status is read case-insensitively, surrounding spaces ignored, under the spellings
 * below: the enum value itself, its verb (`CANCEL`, `PLACE`, `SHIP`, `DELIVER`) and the American
 * `CANCELED`. Anything else (`RETURNED`, `PENDING`, ...) has no safe meaning here: guessing would
 * let such an order move through transitions it never had. Such an order is left out of lists
 * (see items.ts) and reported by the migration.
 */
import type { OrderStatus } from '../generated/graphql.js';

export const STATUS_TRANSITIONS: Record<OrderStatus, OrderStatus[]> = {
  PLACED: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: [],
  CANCELLED: [],
};

/** Upper-case spellings each status is read from; the first is what this API writes. */
export const STATUS_SPELLINGS: Record<OrderStatus, string[]> = {
  PLACED: ['PLACED', 'PLACE'],
  SHIPPED: ['SHIPPED', 'SHIP'],
  DELIVERED: ['DELIVERED', 'DELIVER'],
  CANCELLED: ['CANCELLED', 'CANCELED', 'CANCEL'],
};

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return (STATUS_TRANSITIONS[from] ?? []).indexOf(to) !== -1;
}

/** The API's status for a stored Status value, or null when it has none. */
export function toOrderStatus(stored: unknown): OrderStatus | null {
  if (typeof stored !== 'string') return null;
  const spelling = stored.trim().toUpperCase();
  const statuses = Object.keys(STATUS_SPELLINGS) as OrderStatus[];
  return statuses.find((status) => STATUS_SPELLINGS[status].indexOf(spelling) !== -1) ?? null;
}
