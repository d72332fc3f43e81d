/** Reads the order (consistently) that applyOrderStatus will change; OrderNotFound when there is none. */
import type { Context } from '@aws-appsync/utils';
import { get } from '@aws-appsync/utils/dynamodb';
import type { MutationUpdateOrderStatusArgs } from '../generated/graphql.js';
import { ERROR_TYPES } from '../lib/error-types.js';
import { fail, failUnexpected } from '../lib/errors.js';
import { orderKey } from '../lib/keys.js';

export function request(ctx: Context<MutationUpdateOrderStatusArgs>) {
  return get({ key: orderKey(ctx.args.input.username, ctx.args.input.orderId), consistentRead: true });
}

export function response(ctx: Context<MutationUpdateOrderStatusArgs>) {
  if (ctx.error) failUnexpected(ctx.error);
  if (!ctx.result) fail(ERROR_TYPES.orderNotFound, `User ${ctx.args.input.username} has no order ${ctx.args.input.orderId}.`);
  return ctx.result;
}
