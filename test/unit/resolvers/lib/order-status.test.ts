/** resolvers/lib/order-status.ts: PLACED to SHIPPED or CANCELLED, SHIPPED to DELIVERED, nothing else. */
import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../../../../resolvers/generated/graphql.js';
import { canMove, STATUS_TRANSITIONS } from '../../../../resolvers/lib/order-status.js';

const STATUSES: OrderStatus[] = ['PLACED', 'SHIPPED', 'DELIVERED', 'CANCELLED'];
const ALLOWED = ['PLACED>SHIPPED', 'PLACED>CANCELLED', 'SHIPPED>DELIVERED'];

describe('canMove', () => {
  it.each(STATUSES.flatMap((from) => STATUSES.map((to) => [from, to] as const)))('%s → %s', (from, to) => {
    expect(canMove(from, to)).toBe(ALLOWED.includes(`${from}>${to}`));
  });

  it('knows every status, and DELIVERED and CANCELLED are final', () => {
    expect(Object.keys(STATUS_TRANSITIONS).sort()).toEqual([...STATUSES].sort());
    expect(STATUS_TRANSITIONS.DELIVERED).toEqual([]);
    expect(STATUS_TRANSITIONS.CANCELLED).toEqual([]);
  });

  it('refuses a status it does not know', () => {
    expect(canMove('RETURNED' as OrderStatus, 'PLACED')).toBe(false);
    expect(canMove('PLACED', 'RETURNED' as OrderStatus)).toBe(false);
  });
});
