/** Marks the profile as being deleted (so no order can be created for it); UserNotFound when there is no user (or only a ghost profile). */
import { util, type Context } from '@aws-appsync/utils';
import { update } from '@aws-appsync/utils/dynamodb';
import type { MutationDeleteUserArgs } from '../generated/graphql.js';
import { ERROR_TYPES } from '../lib/error-types.js';
import { fail, failUnexpected } from '../lib/errors.js';
import type { UserItem } from '../lib/items.js';
import { userKey } from '../lib/keys.js';
import { userExists } from '../lib/user-lifecycle.js';

export function request(ctx: Context<MutationDeleteUserArgs>) {
  return update({ key: userKey(ctx.args.username), update: { Deleting: util.time.nowISO8601() }, condition: userExists() });
}

export function response(ctx: Context<MutationDeleteUserArgs, { profile: UserItem }>) {
  if (ctx.error) {
    if (ctx.error.type === 'DynamoDB:ConditionalCheckFailedException') fail(ERROR_TYPES.userNotFound, `There is no user ${ctx.args.username}.`);
    failUnexpected(ctx.error);
  }
  ctx.stash.profile = ctx.result as UserItem;
  return ctx.result;
}
