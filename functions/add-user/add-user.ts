/**
 * The unique-user insert: the profile (CUSTOMER#<username>), the email guard
 * (CUSTOMEREMAIL#<email>) and the name guard (CUSTOMERNAME#<lower-cased username>) in ONE
 * TransactWriteItems, each conditional on not existing, so a username (as the case-insensitive
 * user pool compares it) and an email are each taken at most once and nothing is ever half
 * written. Which condition failed says which error the caller gets.
 *
 * A taken username is UsernameTaken even when the request repeats the stored profile (a caller
 * whose response was lost can read the user to see it was added). A TransactionConflict (another
 * transaction on the same items) is retried.
 *
 * Who may add whom is decided before anything is written (addUserAs): the resolver has already
 * refused a signed-in user naming another username; here a signed-in user's email must be the
 * one Cognito holds as verified for them.
 *
 * A "ghost" profile does not take the username: the original edit-address made one (key and
 * free-text address only) for any unknown username, and the API reads it as no user
 * (resolvers/lib/items.ts isUserProfile). The new profile replaces it.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Caller } from '../../resolvers/lib/callers.js';
import { ERROR_TYPES, type DomainError } from '../../resolvers/lib/error-types.js';
import { newUserItem, toUser, type EmailGuardItem, type UserFields, type UsernameGuardItem } from '../../resolvers/lib/items.js';
import { emailGuardKey, ENTITY_TYPES, normalizeEmail, usernameGuardKey } from '../../resolvers/lib/keys.js';
import { checkEmail, checkName, checkUsername, firstIssue } from '../../resolvers/lib/validation.js';
import type { AccountLookup } from './verified-email.js';

export interface AddUserInput {
  username: string;
  email: string;
  name: string;
}

/**
 * The function's answer to the resolver: the user, a refusal it passes on as its type, or
 * `unauthorized` (the resolver answers AppSync's Unauthorized).
 */
export type AddUserAnswer = { user: UserFields } | { error: DomainError } | { unauthorized: true };

/** What the Mutation.addUser resolver sends: the input, and who is asking. */
export interface AddUserRequest {
  input: AddUserInput;
  caller: Caller;
}

export interface AddUserOptions {
  now?: () => Date;
  /** Attempts when the transaction conflicts with another; jittered backoff between them. */
  maxAttempts?: number;
}

/**
 * addUser for a caller. Admins and services add any user with the email they give. A signed-in
 * user adds their own profile (the resolver made sure of the username) with the email Cognito
 * holds as verified for them: no such account (deleted, disabled, or a different account under
 * the same username since the token was issued: the `sub` differs) or no verified email is
 * unauthorized; another email is a ValidationError on input.email. Nothing is written then.
 */
export async function addUserAs(db: DynamoDBDocumentClient, tableName: string, request: AddUserRequest, accounts: AccountLookup, options: AddUserOptions = {}): Promise<AddUserAnswer> {
  const { input, caller } = request;
  if (!caller) return { unauthorized: true };
  if (caller.kind !== 'user') return addUser(db, tableName, input, options);
  if (caller.username !== input.username) return { unauthorized: true };
  const account = await accounts(caller.username);
  if (!account || account.sub !== caller.sub || !account.verifiedEmail) return { unauthorized: true };
  const issue = checkEmail(input.email, 'input.email');
  if (!issue && normalizeEmail(input.email) !== normalizeEmail(account.verifiedEmail)) {
    return { error: { type: ERROR_TYPES.validation, message: 'input.email must be the email address verified for your sign-in.', field: 'input.email' } };
  }
  return addUser(db, tableName, input, options);
}

export async function addUser(db: DynamoDBDocumentClient, tableName: string, input: AddUserInput, options: AddUserOptions = {}): Promise<AddUserAnswer> {
  const issue = firstIssue([checkUsername(input.username, 'input.username'), checkEmail(input.email, 'input.email'), checkName(input.name, 'input.name')]);
  if (issue) return { error: { type: ERROR_TYPES.validation, message: issue.message, field: issue.field } };

  const username = input.username;
  const email = normalizeEmail(input.email);
  const name = input.name.trim();
  const maxAttempts = options.maxAttempts ?? 4;

  for (let attempt = 1; ; attempt += 1) {
    const now = (options.now?.() ?? new Date()).toISOString();
    const profile = newUserItem(username, email, name, now);
    const guard: EmailGuardItem = { ...emailGuardKey(email), Username: username, EntityType: ENTITY_TYPES.emailGuard, CreatedAt: now };
    const nameGuard: UsernameGuardItem = { ...usernameGuardKey(username), Username: username, EntityType: ENTITY_TYPES.usernameGuard, CreatedAt: now };
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: profile, ConditionExpression: 'attribute_not_exists(PK) OR attribute_not_exists(Email)' } },
            { Put: { TableName: tableName, Item: guard, ConditionExpression: 'attribute_not_exists(PK)' } },
            // A ghost profile being replaced has no name guard (the migration gives guards to users only).
            { Put: { TableName: tableName, Item: nameGuard, ConditionExpression: 'attribute_not_exists(PK)' } },
          ],
        }),
      );
      return { user: toUser(profile) };
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const [profileReason, guardReason, nameGuardReason] = err.CancellationReasons ?? [];
      if (profileReason?.Code === 'ConditionalCheckFailed' || nameGuardReason?.Code === 'ConditionalCheckFailed') {
        return { error: { type: ERROR_TYPES.usernameTaken, message: `The username ${username} is taken.`, field: 'input.username' } };
      }
      if (guardReason?.Code === 'ConditionalCheckFailed') {
        return { error: { type: ERROR_TYPES.emailTaken, message: 'That email address is already in use.', field: 'input.email' } };
      }
      const conflict = [profileReason, guardReason, nameGuardReason].some((r) => r?.Code === 'TransactionConflict');
      if (!conflict || attempt >= maxAttempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * (0.5 + Math.random())));
    }
  }
}
