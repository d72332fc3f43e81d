/**
 * order(username, orderId): one order, or null. An order stored in a shape the API cannot serve
 * (a status it does not know) is UnsupportedOrder, naming why: unlike a list, which leaves it out,
 * asking for it by id deserves to learn that it exists. The owner, admins and services only.
 */
import type { Context } from '@aws-appsync/utils';
import { get } from '@aws-appsync/utils/dynamodb';
import type { QueryOrderArgs } from './generated/graphql.js';
import { authorizeOwner } from './lib/auth.js';
import { ERROR_TYPES } from './lib/error-types.js';
import { fail, failUnexpected, rejectInvalid } from './lib/errors.js';
import { orderProblem, toOrder, type OrderItem } from './lib/items.js';
import { orderKey } from './lib/keys.js';
import { checkOrderId, checkUsernameLookup, firstIssue } from './lib/validation.js';

export function request(ctx: Context<QueryOrderArgs>) {
  const username = authorizeOwner(ctx, ctx.args.username);
  rejectInvalid(firstIssue([checkUsernameLookup(username, 'username'), checkOrderId(ctx.args.orderId, 'orderId')]));
  return get({ key: orderKey(username, ctx.args.orderId) });
}

export function response(ctx: Context<QueryOrderArgs>) {
  if (ctx.error) failUnexpected(ctx.error);
  if (!ctx.result) return null;
  const item = ctx.result as OrderItem;
  const problem = orderProblem(item);
  if (problem) fail(ERROR_TYPES.unsupportedOrder, `Order ${ctx.args.orderId} cannot be read: ${problem}.`);
  return toOrder(item);
}
