/**
 * createOrder: one TransactWriteItems: a ConditionCheck that the user exists (and is not being
 * deleted) and the Put of the order (PLACED, version 1). An order can never belong to a missing user.
 * The owner, admins and services only.
 */
import { util, type Context } from '@aws-appsync/utils';
import { transactWrite } from '@aws-appsync/utils/dynamodb';
import type { MutationCreateOrderArgs } from './generated/graphql.js';
import { authorizeOwner } from './lib/auth.js';
import { ERROR_TYPES } from './lib/error-types.js';
import { fail, failUnexpected, isConditionFailure, rejectInvalid } from './lib/errors.js';
import { isUserProfile, newOrderItem, toOrder, type OrderItem, type UserItem } from './lib/items.js';
import { userKey } from './lib/keys.js';
import { orderIdAt } from './lib/order-ids.js';
import { userNotBeingDeleted } from './lib/user-lifecycle.js';
import { checkAmount, checkNumberOfItems, checkUsernameLookup, firstIssue } from './lib/validation.js';

export function request(ctx: Context<MutationCreateOrderArgs, { order: OrderItem }>) {
  const username = authorizeOwner(ctx, ctx.args.input.username);
  const { amount, numberOfItems } = ctx.args.input;
  rejectInvalid(firstIssue([checkUsernameLookup(username, 'input.username'), checkAmount(amount, 'input.amount'), checkNumberOfItems(numberOfItems, 'input.numberOfItems')]));
  // One clock reading for both: the id's second and millisecond are the order's createdAt.
  const nowMs = util.time.nowEpochMilliSeconds();
  const now = util.time.epochMilliSecondsToISO8601(nowMs);
  const order = newOrderItem(username, orderIdAt(nowMs, util.autoId()), amount, numberOfItems, now);
  ctx.stash.order = order;
  const { PK, SK, ...attributes } = order;
  const table = ctx.env.TABLE_NAME!;
  return transactWrite({
    items: [
      { conditionCheck: { table, key: userKey(username), condition: userNotBeingDeleted(now) } },
      { putItem: { table, key: { PK, SK }, item: attributes, condition: { PK: { attributeExists: false } } } },
    ],
  });
}

export function response(ctx: Context<MutationCreateOrderArgs, { order: OrderItem }>) {
  if (ctx.error) {
    const reasons = (ctx.result?.cancellationReasons ?? []) as { type: string; item?: UserItem }[];
    if (isConditionFailure(reasons[0])) {
      // The failed check returns the profile when there is one: a user's means a deleteUser holds it.
      if (isUserProfile(reasons[0]!.item)) fail(ERROR_TYPES.concurrentModification, `User ${ctx.args.input.username} is being deleted. Try again.`);
      fail(ERROR_TYPES.userNotFound, `There is no user ${ctx.args.input.username}.`);
    }
    failUnexpected(ctx.error);
  }
  return toOrder(ctx.stash.order);
}
