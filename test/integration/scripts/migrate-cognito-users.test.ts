/**
 * The Cognito migration against the local Cognito of the product's template (the unmodified SDK,
 * as against AWS) and the table in DynamoDB Local: every profile gets an account with its email,
 * verified, and an invitation; accounts that exist are left alone; what a person must decide is
 * reported; a dry run creates nothing; a second run changes nothing; and a migrated user signs in
 * and owns their original data.
 */
import { spawn } from 'node:child_process';
import { AdminGetUserCommand, CognitoIdentityProviderClient, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAppSync, type LocalAppSyncHarness } from 'appsync-local/testing';
import { migrateCognitoUsers } from '../../../scripts/migrate-cognito-users.js';
import { ROOT } from '../../helpers/cdk.js';
import { ghostProfile, JOHN_ORDER_CANCELLED, JOHN_PROFILE, TEST111_PROFILE } from '../../helpers/original-items.js';
import { dataTable, testAssemblyDir } from '../../helpers/test-assembly.js';

let api: LocalAppSyncHarness;
let tableName: string;
let cognito: CognitoIdentityProviderClient;
let db: DynamoDBDocumentClient;
let poolId: string;

const profile = (username: string, email: string) => ({ PK: `CUSTOMER#${username}`, SK: `CUSTOMER#${username}`, Username: username, Email: email, Name: username });

beforeAll(async () => {
  api = await startLocalAppSync({ assembly: testAssemblyDir() });
  const table = dataTable(api);
  tableName = api.tables[table]!;
  await api.seed({
    [table]: [
      JOHN_PROFILE,
      JOHN_ORDER_CANCELLED,
      TEST111_PROFILE,
      // Stored with capitals by the original add_user: the account gets it as the API compares it.
      profile('olga', 'Olga@Example.COM'),
      ghostProfile('nobody'),
      // Already has an account (signed up before the migration ran, with the same email).
      profile('petra', 'petra@example.com'),
      // An account of that name with another email; an account spelled differently.
      profile('sam', 'sam@example.com'),
      profile('Zed', 'zed@example.com'),
      // A username Cognito refuses (the original services allowed spaces).
      profile('john smith', 'js@example.com'),
    ],
  });
  poolId = (await api.signIn({ username: 'petra', attributes: { email: 'petra@example.com' } })).poolId;
  await api.signIn({ username: 'sam', attributes: { email: 'sam.else@example.com' } });
  await api.signIn({ username: 'zed', attributes: { email: 'zed@example.com' } });
  cognito = new CognitoIdentityProviderClient({ endpoint: api.cognitoEndpoint, region: api.region, credentials: api.credentials });
  db = DynamoDBDocumentClient.from(api.dynamodb);
}, 120_000);

afterAll(async () => {
  cognito?.destroy();
  await api?.stop();
});

const usernames = async () => ((await cognito.send(new ListUsersCommand({ UserPoolId: poolId }))).Users ?? []).map((u) => u.Username).sort();

const LEFT_FOR_A_PERSON = {
  conflicts: expect.arrayContaining([
    expect.stringMatching(/^sam: the account's email sam\.else@example\.com is not the profile's sam@example\.com$/),
    expect.stringMatching(/^Zed: the pool's user is spelled zed/),
  ]),
  ghostProfiles: ['CUSTOMER#nobody'],
};

describe('migrateCognitoUsers', () => {
  it('on a dry run, lists who would get an account and creates nobody', async () => {
    const report = await migrateCognitoUsers(db, tableName, cognito, poolId, { dryRun: true });
    expect({ ...report, created: [...report.created].sort() }).toEqual({
      profiles: 7,
      created: ['john', 'john smith', 'olga', 'test111'],
      existing: 1,
      failed: [],
      ...LEFT_FOR_A_PERSON,
    });
    expect(report.conflicts).toHaveLength(2);
    expect(await usernames()).toEqual(['petra', 'sam', 'zed']);
  });

  it('gives each profile without one an account with its email, verified, and an invitation; reports the rest', async () => {
    const report = await migrateCognitoUsers(db, tableName, cognito, poolId);
    expect({ ...report, created: [...report.created].sort() }).toEqual({
      profiles: 7,
      created: ['john', 'olga', 'test111'],
      existing: 1,
      failed: [expect.stringMatching(/^john smith: (InvalidParameterException|ValidationException): /)],
      ...LEFT_FOR_A_PERSON,
    });
    expect(await usernames()).toEqual(['john', 'olga', 'petra', 'sam', 'test111', 'zed']);

    const john = await cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'john' }));
    // Invited: a temporary password was sent, to be changed at first sign-in.
    expect(john.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect(Object.fromEntries((john.UserAttributes ?? []).map((a) => [a.Name, a.Value]))).toMatchObject({ email: 'john@gmail.com', email_verified: 'true' });
    const olga = await cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'olga' }));
    expect(olga.UserAttributes?.find((a) => a.Name === 'email')?.Value).toBe('olga@example.com');
    expect(api.logs().some((line) => line.includes('temporary password for john'))).toBe(true);
  });

  it('changes nothing on a second run, and still reports what needs a person', async () => {
    const report = await migrateCognitoUsers(db, tableName, cognito, poolId);
    expect(report).toMatchObject({ profiles: 7, created: [], existing: 4, failed: [expect.stringMatching(/^john smith: /)], ...LEFT_FOR_A_PERSON });
    expect(await usernames()).toEqual(['john', 'olga', 'petra', 'sam', 'test111', 'zed']);
  });

  it('lets a migrated user sign in and own their original profile and orders', async () => {
    const { accessToken } = await api.signIn({ username: 'john' });
    const answer = await api.graphql('{ user(username: "john") { username email orders { items { status } } } }', {}, { as: { headers: { authorization: accessToken } } });
    expect(answer.data).toEqual({ user: { username: 'john', email: 'john@gmail.com', orders: { items: [{ status: 'CANCELLED' }] } } });
  });
});

describe('npm run migrate:cognito-users', () => {
  /** The command in its own process, awaited (not spawnSync: the local Cognito answers from this process's event loop). */
  const run = (args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/migrate-cognito-users.ts', ...args], {
        cwd: ROOT,
        env: { ...process.env, AWS_ACCESS_KEY_ID: api.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: api.credentials.secretAccessKey, AWS_REGION: api.region },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });

  it('prints the dry run report and exits 3 while something needs a person', async () => {
    const out = await run(['--table', tableName, '--user-pool-id', poolId, '--dynamodb-endpoint', api.dynamodbEndpoint, '--cognito-endpoint', api.cognitoEndpoint, '--dry-run']);
    expect(out.stderr).not.toContain('migrate-cognito-users:');
    expect(out.status).toBe(3);
    expect(JSON.parse(out.stdout)).toMatchObject({ profiles: 7, created: ['john smith'], existing: 4, ...LEFT_FOR_A_PERSON });
  });

  it('refuses to run without the table and the pool, with a clear message and exit 1', async () => {
    const out = await run(['--table', tableName]);
    expect(out.status).toBe(1);
    expect(out.stderr).toBe('migrate-cognito-users: --table and --user-pool-id are required (the stack outputs UserPoolId)\n');
    expect(out.stdout).toBe('');
  });
});
