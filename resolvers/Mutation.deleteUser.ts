/**
 * deleteUser, a pipeline: markUserDeleting → findUserOrders → deleteUserOrRelease (see
 * lib/user-lifecycle.ts for why it marks first). The profile and its email guard go in one
 * transaction, so the username and email are free again at once. The owner, admins and services
 * only, refused before the mark. The user's Cognito account stays (docs/data-model.md).
 */
import type { Context } from '@aws-appsync/utils';
import type { MutationDeleteUserArgs } from './generated/graphql.js';
import { authorizeOwner } from './lib/auth.js';
import { rejectInvalid } from './lib/errors.js';
import { checkUsernameLookup } from './lib/validation.js';

export function request(ctx: Context<MutationDeleteUserArgs>) {
  rejectInvalid(checkUsernameLookup(authorizeOwner(ctx, ctx.args.username), 'username'));
  return {};
}

export function response(ctx: Context<MutationDeleteUserArgs>) {
  return ctx.prev.result;
}
