/**
 * ordersByStatus(status, limit, nextToken): every user's orders in one status, newest first, from
 * GSI1. Admins and services only (the schema admits the admin group; this says so again).
 */
import type { Context } from '@aws-appsync/utils';
import type { QueryOrdersByStatusArgs } from './generated/graphql.js';
import { authorizePrivileged } from './lib/auth.js';
import { failUnexpected, rejectInvalid } from './lib/errors.js';
import { ordersByStatusQuery, ordersPage, type PagePlan } from './lib/order-pages.js';
import { checkLimit } from './lib/validation.js';

export function request(ctx: Context<QueryOrdersByStatusArgs, { plan: PagePlan }>) {
  authorizePrivileged(ctx);
  rejectInvalid(checkLimit(ctx.args.limit, 'limit'));
  const { plan, request } = ordersByStatusQuery(ctx.args.status, ctx.args);
  ctx.stash.plan = plan;
  return request;
}

export function response(ctx: Context<QueryOrdersByStatusArgs, { plan: PagePlan }>) {
  if (ctx.error) failUnexpected(ctx.error);
  return ordersPage(ctx.result, ctx.stash.plan);
}
