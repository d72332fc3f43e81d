/**
 * Moves the order to its new status if the move is allowed and the order is still as read:
 * bumps Version, sets UpdatedAt and moves it in GSI1 (ordersByStatus). Orders written by the
 * original services count as version 1 with their status mapped (`CANCEL` is CANCELLED), and the
 * change writes canonical values from then on: the API's status, an AWSDateTime CreatedAt, and
 * the attributes they lack.
 *
 * Nothing is written unless the answer can be served: an order the API cannot serve is refused
 * before the write (UnsupportedOrder), and the write is conditional on every stored value the
 * answer is built from (Status, Version, Amount, NumberItems), so a caller is never told "failed"
 * about a change that happened.
 */
import { util, type Context } from '@aws-appsync/utils';
import { update } from '@aws-appsync/utils/dynamodb';
import type { MutationUpdateOrderStatusArgs } from '../generated/graphql.js';
import { ERROR_TYPES } from '../lib/error-types.js';
import { fail, failUnexpected } from '../lib/errors.js';
import { ENTITY_TYPES, ordersByStatusKey, orderKey } from '../lib/keys.js';
import { orderProblem, toOrder, type OrderItem } from '../lib/items.js';
import { canMove, toOrderStatus } from '../lib/order-status.js';
import { toAwsDateTime } from '../lib/timestamps.js';

export function request(ctx: Context<MutationUpdateOrderStatusArgs, Record<string, unknown>, { result: OrderItem }>) {
  const { username, orderId, status, expectedVersion } = ctx.args.input;
  const current = ctx.prev.result;
  const problem = orderProblem(current);
  if (problem) fail(ERROR_TYPES.unsupportedOrder, `Order ${orderId} cannot be changed: ${problem}.`);
  const from = toOrderStatus(current.Status)!;
  const version = current.Version ?? 1;
  if (expectedVersion !== null && expectedVersion !== undefined && expectedVersion !== version) {
    fail(ERROR_TYPES.concurrentModification, `Order ${orderId} is at version ${version}, not ${expectedVersion}.`, { currentVersion: version });
  }
  if (!canMove(from, status)) {
    fail(ERROR_TYPES.invalidStatusTransition, `An order cannot move from ${from} to ${status}.`, { from, to: status });
  }
  const versionCondition = current.Version === undefined ? { Version: { attributeExists: false } } : { Version: { eq: current.Version } };
  // An original CreatedAt without an offset is written as served; one that is no date-time stays.
  const createdAt = toAwsDateTime(current.CreatedAt);
  return update({
    key: orderKey(username, orderId),
    update: {
      Status: status,
      UpdatedAt: util.time.nowISO8601(),
      Version: version + 1,
      ...ordersByStatusKey(status, orderId),
      OrderId: orderId,
      Username: username,
      EntityType: ENTITY_TYPES.order,
      ...(createdAt && createdAt !== current.CreatedAt ? { CreatedAt: createdAt } : {}),
    },
    condition: { Status: { eq: current.Status }, Amount: { eq: current.Amount }, NumberItems: { eq: current.NumberItems }, ...versionCondition },
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
