/** The moves an order's status may make: PLACED to SHIPPED or CANCELLED, SHIPPED to DELIVERED. */
import type { OrderStatus } from '../generated/graphql.js';

export const STATUS_TRANSITIONS: Record<OrderStatus, OrderStatus[]> = {
  PLACED: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: [],
  CANCELLED: [],
};

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return (STATUS_TRANSITIONS[from] ?? []).indexOf(to) !== -1;
}
