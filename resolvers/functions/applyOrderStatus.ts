/**
 * Moves the order to its new status if the move is allowed and the order is still as read:
 * bumps Version, sets UpdatedAt and moves it in GSI1 (ordersByStatus). Orders written by the
 * original services (no Version) count as version 1 and get the attributes they lack.
 */
import { util, type Context } from '@aws-appsync/utils';
import { update } from '@aws-appsync/utils/dynamodb';
import type { MutationUpdateOrderStatusArgs } from '../generated/graphql.js';
import { ERROR_TYPES } from '../lib/error-types.js';
import { fail, failUnexpected } from '../lib/errors.js';
import { toOrder, type OrderItem } from '../lib/items.js';
import { ordersByStatusKey, orderKey } from '../lib/keys.js';
import { canMove } from '../lib/order-status.js';

export function request(ctx: Context<MutationUpdateOrderStatusArgs, Record<string, unknown>, { result: OrderItem }>) {
  const { username, orderId, status, expectedVersion } = ctx.args.input;
  const current = ctx.prev.result;
  const version = current.Version ?? 1;
  if (expectedVersion !== null && expectedVersion !== undefined && expectedVersion !== version) {
    fail(ERROR_TYPES.concurrentModification, `Order ${orderId} is at version ${version}, not ${expectedVersion}.`, { currentVersion: version });
  }
  if (!canMove(current.Status, status)) {
    fail(ERROR_TYPES.invalidStatusTransition, `An order cannot move from ${current.Status} to ${status}.`, { from: current.Status, to: status });
  }
  const versionCondition = current.Version === undefined ? { Version: { attributeExists: false } } : { Version: { eq: current.Version } };
  return update({
    key: orderKey(username, orderId),
    update: { Status: status, UpdatedAt: util.time.nowISO8601(), Version: version + 1, ...ordersByStatusKey(status, orderId), OrderId: orderId, Username: username },
    condition: { Status: { eq: current.Status }, ...versionCondition },
  });
}

export function response(ctx: Context<MutationUpdateOrderStatusArgs>) {
  if (ctx.error) {
    if (ctx.error.type === 'DynamoDB:ConditionalCheckFailedException') {
      fail(ERROR_TYPES.concurrentModification, `Order ${ctx.args.input.orderId} was changed by another request. Read it again and retry.`);
    }
    failUnexpected(ctx.error);
  }
  return toOrder(ctx.result as OrderItem);
}
