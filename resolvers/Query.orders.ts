/**
 * orders(username, status, limit, nextToken): one page of a user's orders, newest first. A user
 * reads only their own (the query uses their username); admins and services anyone's.
 */
import type { Context } from '@aws-appsync/utils';
import type { QueryOrdersArgs } from './generated/graphql.js';
import { authorizeOwner } from './lib/auth.js';
import { failUnexpected, rejectInvalid } from './lib/errors.js';
import { ordersPage, rejectRefusedToken, userOrdersQuery, type PagePlan } from './lib/order-pages.js';
import { checkLimit, checkUsernameLookup, firstIssue } from './lib/validation.js';

export function request(ctx: Context<QueryOrdersArgs, { plan: PagePlan }>) {
  const username = authorizeOwner(ctx, ctx.args.username);
  rejectInvalid(firstIssue([checkUsernameLookup(username, 'username'), checkLimit(ctx.args.limit, 'limit')]));
  const { plan, request } = userOrdersQuery(username, ctx.args);
  ctx.stash.plan = plan;
  return request;
}

export function response(ctx: Context<QueryOrdersArgs, { plan: PagePlan }>) {
  rejectRefusedToken(ctx.error, ctx.stash.plan, ctx.args.nextToken);
  if (ctx.error) failUnexpected(ctx.error);
  return ordersPage(ctx.result, ctx.stash.plan);
}
