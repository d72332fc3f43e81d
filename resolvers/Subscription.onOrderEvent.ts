/**
 * onOrderEvent(username, type): an enhanced filter on username and, when given, on type. A
 * signed-in user receives only their own events: naming nobody means themselves, naming anyone
 * else is refused. Admins and services may watch one user, or everyone by naming nobody.
 */
import { util, extensions, type Context } from '@aws-appsync/utils';
import type { SubscriptionOnOrderEventArgs } from './generated/graphql.js';
import { authorizeWatch } from './lib/auth.js';
import { rejectInvalid } from './lib/errors.js';
import { checkUsernameLookup } from './lib/validation.js';

export function request(ctx: Context<SubscriptionOnOrderEventArgs, { watched: string | null }>) {
  const watched = authorizeWatch(ctx, ctx.args.username);
  if (watched !== null) rejectInvalid(checkUsernameLookup(watched, 'username'));
  ctx.stash.watched = watched;
  return { payload: null };
}

export function response(ctx: Context<SubscriptionOnOrderEventArgs, { watched: string | null }>) {
  const { type } = ctx.args;
  const filter: Record<string, { eq: string }> = {};
  if (ctx.stash.watched) filter['username'] = { eq: ctx.stash.watched };
  if (type) filter['type'] = { eq: type };
  if (Object.keys(filter).length > 0) extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(filter));
  return null;
}
