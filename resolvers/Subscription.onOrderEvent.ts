/**
 * onOrderEvent(username, type): an enhanced filter on username and, when given, on type. API-key
 * callers (browsers) must name a user: without a username they would receive every user's orders.
 * IAM callers (services) may subscribe to all.
 */
import { util, extensions, type Context } from '@aws-appsync/utils';
import type { SubscriptionOnOrderEventArgs } from './generated/graphql.js';
import { ERROR_TYPES } from './lib/error-types.js';
import { fail, rejectInvalid } from './lib/errors.js';
import { checkUsername } from './lib/validation.js';

export function request(ctx: Context<SubscriptionOnOrderEventArgs>) {
  const { username } = ctx.args;
  if (username === null || username === undefined) {
    if (util.authType() !== 'IAM Authorization') fail(ERROR_TYPES.validation, 'username is required.', { field: 'username' });
  } else {
    rejectInvalid(checkUsername(username, 'username'));
  }
  return { payload: null };
}

export function response(ctx: Context<SubscriptionOnOrderEventArgs>) {
  const { username, type } = ctx.args;
  const filter: Record<string, { eq: string }> = {};
  if (username) filter['username'] = { eq: username };
  if (type) filter['type'] = { eq: type };
  if (Object.keys(filter).length > 0) extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(filter));
  return null;
}
