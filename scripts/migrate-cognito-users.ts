/**
 * Gives every profile an account in the user pool, so the original services' users (and anyone
 * whose profile was added without one) can sign in and own their data. For each profile in the
 * table (PK = SK = CUSTOMER#<username>, with an email): if the pool has no user of that username,
 * AdminCreateUser makes one with the profile's email, marked verified, and Cognito emails an
 * invitation with a temporary password (the pool's invitation message); the user chooses a new
 * password at first sign-in. The email is marked verified because the invitation can only be used
 * by whoever receives mail there, and addUser and account recovery need a verified email.
 *
 * Idempotent: a profile whose account exists is left alone (`existing`), so a second run creates
 * nothing. What it cannot decide, it reports and leaves for a person (exit code 3):
 * - `conflicts`: an account of that username exists with another email, or under another
 *   spelling (the pool's usernames are case-insensitive; the API compares them exactly, so
 *   `Ann`'s profile is not `ann`'s);
 * - `failed`: usernames Cognito refuses (e.g. with a space), with Cognito's reason.
 * Ghost profiles (no email: the original edit-address made them) get no account (`ghostProfiles`).
 * `--dry-run` only reads: it lists who would get an account (`created` is then what it would create).
 *
 * It runs with an operator's AWS credentials (cognito-idp:AdminGetUser and AdminCreateUser on the
 * pool, dynamodb:Scan on the table), never through the API:
 *
 *   npm run migrate:cognito-users -- --table <name> --user-pool-id <id> [--dry-run] [--region eu-west-1]
 *     [--dynamodb-endpoint http://localhost:8000] [--cognito-endpoint http://localhost:4000/_local/cognito]
 *
 * Exit code 0; 3 when something needs a person; 1 on failure.
 */
import { parseArgs } from 'node:util';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  TooManyRequestsException,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isUserProfile, type UserItem } from '../resolvers/lib/items.js';
import { normalizeEmail, USER_PREFIX, usernameFromKey } from '../resolvers/lib/keys.js';
import { scanTable } from './lib/scan.js';

export interface CognitoMigrationReport {
  /** Profiles read (ghosts not counted). */
  profiles: number;
  /** Usernames given an account, and an invitation, in this run (on a dry run: who would be). */
  created: string[];
  /** Profiles that already had their account. */
  existing: number;
  /** `<username>: <why>`, left for a person. */
  conflicts: string[];
  /** `<username>: <Cognito's error>`. */
  failed: string[];
  /** Profiles without an email, which the API reads as no user: no account. */
  ghostProfiles: string[];
}

export interface CognitoMigrationOptions {
  dryRun?: boolean;
  /** Waits between retries of a throttled call. @default 200 ms, doubling */
  backoffMs?: number;
}

/** Every user profile of the table (not orders, guards or other items). */
const profilesOf = (db: DynamoDBDocumentClient, table: string) => scanTable<UserItem>(db, table, 'begins_with(PK, :user) AND SK = PK', { ':user': USER_PREFIX });

/** Cognito's Admin* calls are rate-limited per pool: a throttled call waits and goes again. */
async function throttled<T>(call: () => Promise<T>, backoffMs: number): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (err) {
      const isThrottle = err instanceof TooManyRequestsException || (err as { name?: string }).name === 'TooManyRequestsException';
      if (!isThrottle || attempt >= 6) throw err;
      await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
    }
  }
}

/** The pool's user of that name (Cognito finds it in any spelling), or null. */
async function accountOf(cognito: CognitoIdentityProviderClient, userPoolId: string, username: string, backoffMs: number) {
  try {
    const user = await throttled(() => cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username })), backoffMs);
    const email = user.UserAttributes?.find((a) => a.Name === 'email')?.Value;
    return { username: user.Username ?? username, email: email === undefined ? undefined : normalizeEmail(email) };
  } catch (err) {
    if (err instanceof UserNotFoundException || (err as { name?: string }).name === 'UserNotFoundException') return null;
    throw err;
  }
}

export async function migrateCognitoUsers(
  db: DynamoDBDocumentClient,
  table: string,
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  options: CognitoMigrationOptions = {},
): Promise<CognitoMigrationReport> {
  const backoffMs = options.backoffMs ?? 200;
  const report: CognitoMigrationReport = { profiles: 0, created: [], existing: 0, conflicts: [], failed: [], ghostProfiles: [] };
  for await (const item of profilesOf(db, table)) {
    if (!isUserProfile(item)) {
      report.ghostProfiles.push(item.PK);
      continue;
    }
    report.profiles += 1;
    const username = item.Username ?? usernameFromKey(item.PK);
    const email = normalizeEmail(item.Email);
    const account = await accountOf(cognito, userPoolId, username, backoffMs);
    if (account) {
      if (account.username !== username) report.conflicts.push(`${username}: the pool's user is spelled ${account.username} (usernames are case-insensitive there, exact in the API)`);
      else if (account.email !== email) report.conflicts.push(`${username}: the account's email ${account.email ?? '(none)'} is not the profile's ${email}`);
      else report.existing += 1;
      continue;
    }
    if (options.dryRun) {
      report.created.push(username);
      continue;
    }
    try {
      await throttled(
        () =>
          cognito.send(
            new AdminCreateUserCommand({
              UserPoolId: userPoolId,
              Username: username,
              UserAttributes: [
                { Name: 'email', Value: email },
                { Name: 'email_verified', Value: 'true' },
              ],
              DesiredDeliveryMediums: ['EMAIL'],
            }),
          ),
        backoffMs,
      );
      report.created.push(username);
    } catch (err) {
      const name = (err as { name?: string }).name ?? 'Error';
      // Made meanwhile (a sign-up cannot take a profile's username; another run could): the next run checks it.
      if (err instanceof UsernameExistsException || name === 'UsernameExistsException') report.conflicts.push(`${username}: an account of this name appeared while the migration ran; run it again`);
      else if (name === 'InvalidParameterException' || name === 'ValidationException') report.failed.push(`${username}: ${name}: ${(err as Error).message}`);
      else throw err;
    }
  }
  return report;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      table: { type: 'string' },
      'user-pool-id': { type: 'string' },
      region: { type: 'string' },
      'dynamodb-endpoint': { type: 'string' },
      'cognito-endpoint': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  if (!values.table || !values['user-pool-id']) throw new Error('--table and --user-pool-id are required (the stack outputs UserPoolId)');
  const region = values.region ? { region: values.region } : {};
  const dynamodb = new DynamoDBClient({ ...region, ...(values['dynamodb-endpoint'] ? { endpoint: values['dynamodb-endpoint'] } : {}) });
  const cognito = new CognitoIdentityProviderClient({ ...region, ...(values['cognito-endpoint'] ? { endpoint: values['cognito-endpoint'] } : {}) });
  try {
    const report = await migrateCognitoUsers(DynamoDBDocumentClient.from(dynamodb), values.table, cognito, values['user-pool-id'], { dryRun: values['dry-run'] });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (report.conflicts.length || report.failed.length) process.exitCode = 3;
  } finally {
    dynamodb.destroy();
    cognito.destroy();
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`migrate-cognito-users: ${(err as Error).message}\n`);
    process.exitCode = 1;
  });
}
