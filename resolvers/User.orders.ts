/**
 * User.orders: the first page comes from the orders `user` read with the profile when they cover
 * it (no extra query); other pages, other sizes and status filters query the user's partition.
 * The owner, admins and services only, however the User was reached.
 */
import { runtime, type Context } from '@aws-appsync/utils';
import type { UserOrdersArgs } from './generated/graphql.js';
import { authorizeOwner } from './lib/auth.js';
import { failUnexpected, rejectInvalid } from './lib/errors.js';
import { ordersPage, rejectRefusedToken, pageFromPrefetch, pageSize, userOrdersQuery, type PagePlan, type PrefetchedOrders } from './lib/order-pages.js';
import { checkLimit } from './lib/validation.js';

interface UserSource {
  username: string;
  ordersPrefetch?: PrefetchedOrders;
}

export function request(ctx: Context<UserOrdersArgs, { plan: PagePlan }, undefined, UserSource>) {
  const username = authorizeOwner(ctx, ctx.source!.username);
  const { limit, nextToken, status } = ctx.args;
  rejectInvalid(checkLimit(limit, 'limit'));
  const prefetched = ctx.source?.ordersPrefetch;
  if (prefetched && !nextToken && !status) {
    const page = pageFromPrefetch(prefetched, pageSize(limit));
    if (page) runtime.earlyReturn(page);
  }
  const { plan, request } = userOrdersQuery(username, ctx.args);
  ctx.stash.plan = plan;
  return request;
}

export function response(ctx: Context<UserOrdersArgs, { plan: PagePlan }>) {
  rejectRefusedToken(ctx.error, ctx.stash.plan, ctx.args.nextToken);
  if (ctx.error) failUnexpected(ctx.error);
  return ordersPage(ctx.result, ctx.stash.plan);
}
