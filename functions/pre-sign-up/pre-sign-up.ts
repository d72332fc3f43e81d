/**
 * The user pool's PreSignUp trigger: who may sign themselves up under which username. The API
 * makes a signed-in user the owner of the profile named by their Cognito username, so self
 * sign-up must never hand out a username whose profile already exists: the original services'
 * users (profiles without a Cognito account until `npm run migrate:cognito-users` creates one),
 * and profiles whose Cognito account was deleted (deleting an account frees its username in
 * Cognito, not the profile). Those accounts are made by an operator (AdminCreateUser, which this
 * trigger lets through), for the person the profile belongs to.
 *
 * The pool compares usernames case-insensitively and profile keys are exact, so a profile `ann`
 * also holds `Ann`: the name guard (keys.ts usernameGuardKey, written by addUser and by
 * `npm run migrate:legacy` for the original profiles) answers for every spelling; the exact
 * profile covers original profiles the migration has not reached yet.
 *
 * Self sign-up also takes only usernames the API can give a profile (2 to 64 letters, digits,
 * '.', '_' or '-'), so no one signs up for an account that can never add its profile.
 *
 * Throwing refuses the sign-up: Cognito answers UserLambdaValidationException
 * "PreSignUp failed with error <message>." (it adds the period, so messages end without one).
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isUserProfile, type UserItem } from '../../resolvers/lib/items.js';
import { userKey, usernameGuardKey, type TableKey } from '../../resolvers/lib/keys.js';
import { checkUsername } from '../../resolvers/lib/validation.js';

/** The parts of Cognito's PreSignUp event the check reads. */
export interface PreSignUpEvent {
  triggerSource: string;
  userName: string;
}

export class SignUpRefused extends Error {
  override readonly name = 'SignUpRefused';
}

/** Resolves when the sign-up may go ahead; rejects with SignUpRefused (its message reaches the caller) otherwise. */
export async function checkSignUp(db: DynamoDBDocumentClient, tableName: string, event: PreSignUpEvent): Promise<void> {
  // AdminCreateUser (PreSignUp_AdminCreateUser) is an operator's call: the migration gives existing profiles their accounts.
  if (event.triggerSource !== 'PreSignUp_SignUp') return;
  const issue = checkUsername(event.userName, 'username');
  if (issue) throw new SignUpRefused(issue.message.replace(/^username/, 'A username').replace(/\.$/, ''));
  const read = (Key: TableKey) => db.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: true }));
  const [guard, profile] = await Promise.all([read(usernameGuardKey(event.userName)), read(userKey(event.userName))]);
  if (guard.Item || isUserProfile(profile.Item as UserItem | undefined)) throw new SignUpRefused('That username is taken');
}
