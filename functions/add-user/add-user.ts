/**
 * The unique-user insert: the profile (CUSTOMER#<username>) and the email guard
 * (CUSTOMEREMAIL#<email>) in ONE TransactWriteItems, each conditional on not existing, so a
 * username and an email are each taken at most once and nothing is ever half written. Which
 * condition failed says which error the caller gets.
 *
 * A taken username is UsernameTaken even when the request repeats the stored profile (a caller
 * whose response was lost can read the user to see it was added). A TransactionConflict (another
 * transaction on the same items) is retried.
 *
 * A "ghost" profile does not take the username: the original edit-address made one (key and
 * free-text address only) for any unknown username, and the API reads it as no user
 * (resolvers/lib/items.ts isUserProfile). The new profile replaces it.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ERROR_TYPES, type DomainError } from '../../resolvers/lib/error-types.js';
import { newUserItem, toUser, type EmailGuardItem, type UserFields } from '../../resolvers/lib/items.js';
import { emailGuardKey, ENTITY_TYPES, normalizeEmail } from '../../resolvers/lib/keys.js';
import { checkEmail, checkName, checkUsername, firstIssue } from '../../resolvers/lib/validation.js';

export interface AddUserInput {
  username: string;
  email: string;
  name: string;
}

export type AddUserAnswer = { user: UserFields } | { error: DomainError };

export interface AddUserOptions {
  now?: () => Date;
  /** Attempts when the transaction conflicts with another; jittered backoff between them. */
  maxAttempts?: number;
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
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: profile, ConditionExpression: 'attribute_not_exists(PK) OR attribute_not_exists(Email)' } },
            { Put: { TableName: tableName, Item: guard, ConditionExpression: 'attribute_not_exists(PK)' } },
          ],
        }),
      );
      return { user: toUser(profile) };
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const [profileReason, guardReason] = err.CancellationReasons ?? [];
      if (profileReason?.Code === 'ConditionalCheckFailed') {
        return { error: { type: ERROR_TYPES.usernameTaken, message: `The username ${username} is taken.`, field: 'input.username' } };
      }
      if (guardReason?.Code === 'ConditionalCheckFailed') {
        return { error: { type: ERROR_TYPES.emailTaken, message: 'That email address is already in use.', field: 'input.email' } };
      }
      const conflict = [profileReason, guardReason].some((r) => r?.Code === 'TransactionConflict');
      if (!conflict || attempt >= maxAttempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * (0.5 + Math.random())));
    }
  }
}
