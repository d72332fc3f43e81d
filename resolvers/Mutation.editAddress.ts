/**
 * editAddress: replaces the address of an existing user; an unknown user (or a ghost profile the
 * original made for one) is UserNotFound, where the original silently made a ghost item. The
 * original's free-text `address` goes: the new `Address` replaces it. The owner, admins and
 * services only.
 */
import { util, type Context } from '@aws-appsync/utils';
import { operations, update } from '@aws-appsync/utils/dynamodb';
import type { MutationEditAddressArgs } from './generated/graphql.js';
import { authorizeOwner } from './lib/auth.js';
import { ERROR_TYPES } from './lib/error-types.js';
import { fail, failUnexpected, rejectInvalid } from './lib/errors.js';
import { toAddressAttribute } from './lib/addresses.js';
import { toUser, type UserItem } from './lib/items.js';
import { userKey } from './lib/keys.js';
import { userExists } from './lib/user-lifecycle.js';
import { checkAddress, checkUsernameLookup, firstIssue } from './lib/validation.js';

export function request(ctx: Context<MutationEditAddressArgs>) {
  const username = authorizeOwner(ctx, ctx.args.username);
  const { address } = ctx.args;
  rejectInvalid(firstIssue([checkUsernameLookup(username, 'username'), checkAddress(address, 'address')]));
  return update({
    key: userKey(username),
    update: { Address: operations.replace(toAddressAttribute(address)), address: operations.remove(), UpdatedAt: util.time.nowISO8601() },
    condition: userExists(),
  });
}

export function response(ctx: Context<MutationEditAddressArgs>) {
  if (ctx.error) {
    if (ctx.error.type === 'DynamoDB:ConditionalCheckFailedException') fail(ERROR_TYPES.userNotFound, `There is no user ${ctx.args.username}.`);
    failUnexpected(ctx.error);
  }
  return toUser(ctx.result as UserItem & { Email: string });
}
