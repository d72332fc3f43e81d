/**
 * deleteUser, a pipeline: markUserDeleting → findUserOrders → deleteUserOrRelease (see
 * lib/user-lifecycle.ts for why it marks first). The profile and its email guard go in one
 * transaction, so the username and email are free again at once.
 */
import type { Context } from '@aws-appsync/utils';
import type { MutationDeleteUserArgs } from './generated/graphql.js';
import { rejectInvalid } from './lib/errors.js';
import { checkUsername } from './lib/validation.js';

export function request(ctx: Context<MutationDeleteUserArgs>) {
  rejectInvalid(checkUsername(ctx.args.username, 'username'));
  return {};
}

export function response(ctx: Context<MutationDeleteUserArgs>) {
  return ctx.prev.result;
}
