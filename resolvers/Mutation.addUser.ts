/**
 * addUser: the unique insert runs in the add-user Lambda function (one TransactWriteItems of the
 * profile and the email guard). The function answers refusals as data ({ error }) so their type
 * reaches the caller; an unexpected failure becomes a generic error.
 *
 * A signed-in user adds only their own profile, and the function stores the email Cognito holds
 * as verified for them (refusing another, or none): it gets the caller with the input. Admins and
 * services add anyone, with the email they give.
 */
import { util, type Context } from '@aws-appsync/utils';
import type { MutationAddUserArgs } from './generated/graphql.js';
import { authorizeAddUser } from './lib/auth.js';
import type { DomainError } from './lib/error-types.js';
import { fail, failUnexpected, rejectInvalid } from './lib/errors.js';
import type { UserFields } from './lib/items.js';
import { checkEmail, checkName, checkUsername, firstIssue } from './lib/validation.js';

export function request(ctx: Context<MutationAddUserArgs>) {
  const { username, email, name } = ctx.args.input;
  const caller = authorizeAddUser(ctx, username);
  rejectInvalid(firstIssue([checkUsername(username, 'input.username'), checkEmail(email, 'input.email'), checkName(name, 'input.name')]));
  return { operation: 'Invoke', payload: { input: { username, email, name }, caller } };
}

export function response(ctx: Context<MutationAddUserArgs>) {
  if (ctx.error) failUnexpected(ctx.error);
  const answer = ctx.result as { user?: UserFields; error?: DomainError; unauthorized?: boolean };
  // The function found that Cognito holds no verified email for this user (or no such user).
  if (answer.unauthorized) util.unauthorized();
  if (answer.error) fail(answer.error.type, answer.error.message, answer.error.field ? { field: answer.error.field } : undefined);
  return answer.user;
}
