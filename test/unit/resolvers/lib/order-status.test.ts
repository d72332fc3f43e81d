/** resolvers/lib/order-status.ts: the moves an order may make, and stored statuses as the API reads them. */
import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../../../../resolvers/generated/graphql.js';
import { canMove, STATUS_SPELLINGS, STATUS_TRANSITIONS, toOrderStatus } from '../../../../resolvers/lib/order-status.js';

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

describe('toOrderStatus', () => {
  it.each([
    ['CANCEL', 'CANCELLED'],
    ['CANCELED', 'CANCELLED'],
    ['CANCELLED', 'CANCELLED'],
    ['cancel', 'CANCELLED'],
    ['Canceled', 'CANCELLED'],
    ['cancelled', 'CANCELLED'],
    [' CANCEL ', 'CANCELLED'],
    ['PLACED', 'PLACED'],
    ['placed', 'PLACED'],
    ['Place', 'PLACED'],
    ['SHIPPED', 'SHIPPED'],
    ['ship', 'SHIPPED'],
    ['DELIVERED', 'DELIVERED'],
    ['Deliver', 'DELIVERED'],
  ])('reads %j as %s', (stored, status) => {
    expect(toOrderStatus(stored)).toBe(status);
  });

  it.each([['RETURNED'], ['PENDING'], ['CANCELLATION'], ['SHIPPING'], [''], ['  '], [null], [undefined], [3], [{ S: 'PLACED' }]])('has no status for %j', (stored) => {
    expect(toOrderStatus(stored)).toBeNull();
  });

  it('writes each status as the enum value (the first spelling) and reads every spelling back to it', () => {
    for (const status of STATUSES) {
      expect(STATUS_SPELLINGS[status][0]).toBe(status);
      for (const spelling of STATUS_SPELLINGS[status]) expect(toOrderStatus(spelling)).toBe(status);
    }
  });
});
