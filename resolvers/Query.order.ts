/** order(username, orderId): one order, or null. */
import type { Context } from '@aws-appsync/utils';
import { get } from '@aws-appsync/utils/dynamodb';
import type { QueryOrderArgs } from './generated/graphql.js';
import { failUnexpected, rejectInvalid } from './lib/errors.js';
import { toOrder, type OrderItem } from './lib/items.js';
import { orderKey } from './lib/keys.js';
import { checkOrderId, checkUsernameLookup, firstIssue } from './lib/validation.js';

export function request(ctx: Context<QueryOrderArgs>) {
  rejectInvalid(firstIssue([checkUsernameLookup(ctx.args.username, 'username'), checkOrderId(ctx.args.orderId, 'orderId')]));
  return get({ key: orderKey(ctx.args.username, ctx.args.orderId) });
}

export function response(ctx: Context<QueryOrderArgs>) {
  if (ctx.error) failUnexpected(ctx.error);
  return ctx.result ? toOrder(ctx.result as OrderItem) : null;
}
