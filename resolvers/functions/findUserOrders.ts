/** Whether the user has any order, read consistently after the mark, so no order committed before it is missed. */
import type { Context } from '@aws-appsync/utils';
import { query } from '@aws-appsync/utils/dynamodb';
import type { MutationDeleteUserArgs } from '../generated/graphql.js';
import { failUnexpected } from '../lib/errors.js';
import { ORDER_PREFIX, userKey } from '../lib/keys.js';

export function request(ctx: Context<MutationDeleteUserArgs>) {
  return query({ query: { PK: { eq: userKey(ctx.args.username).PK }, SK: { beginsWith: ORDER_PREFIX } }, limit: 1, consistentRead: true });
}

export function response(ctx: Context<MutationDeleteUserArgs>) {
  if (ctx.error) failUnexpected(ctx.error);
  return { hasOrders: (ctx.result.items as unknown[]).length > 0 };
}
