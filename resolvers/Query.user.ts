/**
 * user(username): the profile and its newest orders in ONE Query of the user's partition, read
 * in descending order so the profile (CUSTOMER#...) comes before the orders (#ORDER#..., newest
 * first). The orders ride along on the result for User.orders, which serves its first page from
 * them when they cover it. The owner, admins and services only.
 */
import type { Context } from '@aws-appsync/utils';
import { query } from '@aws-appsync/utils/dynamodb';
import type { QueryUserArgs } from './generated/graphql.js';
import { authorizeOwner } from './lib/auth.js';
import { failUnexpected, rejectInvalid } from './lib/errors.js';
import { isUserProfile, toUser, type OrderItem, type UserItem } from './lib/items.js';
import { isOrderKey, userKey } from './lib/keys.js';
import { prefetchOrders } from './lib/order-pages.js';
import { checkUsernameLookup, LIMITS } from './lib/validation.js';

/** A default page plus one, to know whether there is a next page. */
export const PREFETCHED_ORDERS = LIMITS.pageSizeDefault + 1;

export function request(ctx: Context<QueryUserArgs>) {
  const username = authorizeOwner(ctx, ctx.args.username);
  rejectInvalid(checkUsernameLookup(username, 'username'));
  return query({ query: { PK: { eq: userKey(username).PK } }, scanIndexForward: false, limit: 1 + PREFETCHED_ORDERS });
}

export function response(ctx: Context<QueryUserArgs>) {
  if (ctx.error) failUnexpected(ctx.error);
  const items = ctx.result.items as (UserItem | OrderItem)[];
  const key = userKey(ctx.args.username);
  const profile = items.find((item) => item.SK === key.SK) as UserItem | undefined;
  // A profile without an email is no user (the original edit-address made it): see isUserProfile.
  if (!isUserProfile(profile)) return null;
  const orders = items.filter((item) => isOrderKey(item.SK)) as OrderItem[];
  return { ...toUser(profile), ordersPrefetch: prefetchOrders(orders, !ctx.result.nextToken) };
}
