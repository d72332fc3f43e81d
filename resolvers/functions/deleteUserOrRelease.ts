/**
 * With orders: removes the mark again and refuses with UserHasOrders. Without: deletes the profile
 * (only while the mark is still this call's), its email guard and its name guard (each only if it
 * is this user's, or has no owner) in one transaction.
 */
import type { Context } from '@aws-appsync/utils';
import { operations, transactWrite, update } from '@aws-appsync/utils/dynamodb';
import type { MutationDeleteUserArgs } from '../generated/graphql.js';
import { ERROR_TYPES } from '../lib/error-types.js';
import { fail, failUnexpected, isConditionFailure } from '../lib/errors.js';
import { toUser, type UserItem } from '../lib/items.js';
import { emailGuardKey, userKey, usernameGuardKey } from '../lib/keys.js';

interface Stash {
  /** Read by markUserDeleting, whose condition made sure it is a user's (it has an Email). */
  profile: UserItem & { Email: string };
  refused?: boolean;
}

export function request(ctx: Context<MutationDeleteUserArgs, Stash, { result: { hasOrders: boolean } }>) {
  const { username } = ctx.args;
  const { profile } = ctx.stash;
  if (ctx.prev.result.hasOrders) {
    ctx.stash.refused = true;
    return update({ key: userKey(username), update: { Deleting: operations.remove() }, condition: { Deleting: { eq: profile.Deleting! } } });
  }
  const table = ctx.env.TABLE_NAME!;
  return transactWrite({
    items: [
      { deleteItem: { table, key: userKey(username), condition: { Deleting: { eq: profile.Deleting! } } } },
      // The original services wrote guards without an owner; those go with the user too.
      { deleteItem: { table, key: emailGuardKey(profile.Email), condition: ownedBy(username) } },
      // Profiles the legacy migration has not reached have no name guard; deleting none is fine.
      { deleteItem: { table, key: usernameGuardKey(username), condition: ownedBy(username) } },
    ],
  });
}

/**
 * Condition on a guard: it is this user's, or it has no owner (the original services wrote email
 * guards without one; those go with the user too), or it does not exist.
 */
function ownedBy(username: string) {
  return { or: [{ Username: { attributeExists: false } }, { Username: { eq: username } }] };
}

export function response(ctx: Context<MutationDeleteUserArgs, Stash>) {
  if (ctx.stash.refused) {
    // The mark is gone (or was taken over by a newer deleteUser, which decides for itself).
    if (ctx.error && ctx.error.type !== 'DynamoDB:ConditionalCheckFailedException') failUnexpected(ctx.error);
    fail(ERROR_TYPES.userHasOrders, `User ${ctx.args.username} still has orders.`);
  }
  if (ctx.error) {
    const reasons = (ctx.result?.cancellationReasons ?? []) as { type: string }[];
    // The mark changed: another deleteUser got there first and owns the outcome.
    if (isConditionFailure(reasons[0])) fail(ERROR_TYPES.concurrentModification, `User ${ctx.args.username} is being changed by another request. Try again.`);
    failUnexpected(ctx.error);
  }
  return toUser(ctx.stash.profile);
}
