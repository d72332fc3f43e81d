/**
 * updateOrderStatus, a pipeline: getOrderForUpdate → applyOrderStatus. The update is conditional
 * on the status and version that were read, so two concurrent updates never both win: the loser
 * gets ConcurrentModification, as does a caller whose expectedVersion is stale.
 *
 * The owner may only cancel (and the status rules allow that from PLACED only); shipping and
 * delivery are for admins and services. Refused before the order is read.
 */
import type { Context } from '@aws-appsync/utils';
import type { MutationUpdateOrderStatusArgs } from './generated/graphql.js';
import { authorizeStatusChange } from './lib/auth.js';
import { rejectInvalid } from './lib/errors.js';
import { checkOrderId, checkUsernameLookup, firstIssue } from './lib/validation.js';

export function request(ctx: Context<MutationUpdateOrderStatusArgs>) {
  const username = authorizeStatusChange(ctx, ctx.args.input.username, ctx.args.input.status);
  const { orderId, expectedVersion } = ctx.args.input;
  rejectInvalid(
    firstIssue([
      checkUsernameLookup(username, 'input.username'),
      checkOrderId(orderId, 'input.orderId'),
      expectedVersion === null || expectedVersion === undefined || expectedVersion >= 1 ? null : { field: 'input.expectedVersion', message: 'input.expectedVersion must be 1 or more.' },
    ]),
  );
  return {};
}

export function response(ctx: Context<MutationUpdateOrderStatusArgs>) {
  return ctx.prev.result;
}
