/** editAddress: replaces the address of an existing user; an unknown user is UserNotFound (the original silently made a ghost item). */
import { util, type Context } from '@aws-appsync/utils';
import { operations, update } from '@aws-appsync/utils/dynamodb';
import type { MutationEditAddressArgs } from './generated/graphql.js';
import { ERROR_TYPES } from './lib/error-types.js';
import { fail, failUnexpected, rejectInvalid } from './lib/errors.js';
import { toAddressAttribute, toUser, type UserItem } from './lib/items.js';
import { userKey } from './lib/keys.js';
import { checkAddress, checkUsername, firstIssue } from './lib/validation.js';

export function request(ctx: Context<MutationEditAddressArgs>) {
  const { username, address } = ctx.args;
  rejectInvalid(firstIssue([checkUsername(username, 'username'), checkAddress(address, 'address')]));
  return update({
    key: userKey(username),
    update: { Address: operations.replace(toAddressAttribute(address)), UpdatedAt: util.time.nowISO8601() },
    condition: { PK: { attributeExists: true } },
  });
}

export function response(ctx: Context<MutationEditAddressArgs>) {
  if (ctx.error) {
    if (ctx.error.type === 'DynamoDB:ConditionalCheckFailedException') fail(ERROR_TYPES.userNotFound, `There is no user ${ctx.args.username}.`);
    failUnexpected(ctx.error);
  }
  return toUser(ctx.result as UserItem);
}
