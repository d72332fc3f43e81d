/**
 * The add-user function against DynamoDB Local: one TransactWriteItems makes username and email
 * unique, under concurrency, and nothing is ever half written. A signed-in caller adds only their
 * own profile, with the email the user pool holds as verified for them: the lookup runs against
 * the local Cognito of the product's template (the unmodified SDK, as deployed).
 */
import { AdminCreateUserCommand, AdminDeleteUserCommand, AdminDisableUserCommand, AdminUpdateUserAttributesCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalAppSync, type LocalAppSyncHarness } from 'appsync-local/testing';
import { addUser, addUserAs, type AddUserAnswer } from '../../../functions/add-user/add-user.js';
import { cognitoAccountLookup, type AccountLookup } from '../../../functions/add-user/verified-email.js';
import { emailGuardKey, userKey } from '../../../resolvers/lib/keys.js';
import { ghostProfile, JOHN_PROFILE } from '../../helpers/original-items.js';
import { clients, createUsersOrdersTable, dynamodbEndpoint, scanAll } from '../../helpers/tables.js';
import { testAssemblyDir } from '../../helpers/test-assembly.js';

let db: ReturnType<typeof clients>;
let table: string;

beforeAll(async () => {
  db = clients(dynamodbEndpoint());
}, 60_000);

afterAll(async () => {
  db?.raw.destroy();
});

beforeEach(async () => {
  table = (await createUsersOrdersTable(db.raw)).name;
});

/** The uniqueness invariant: every profile has exactly one email guard and one name guard, owned by it, and no guard is orphaned. */
async function invariant(): Promise<{ profiles: Record<string, unknown>[]; guards: Record<string, unknown>[] }> {
  const items = await scanAll(db.raw, table);
  const profiles = items.filter((i) => String(i['PK']).startsWith('CUSTOMER#'));
  const guards = items.filter((i) => String(i['PK']).startsWith('CUSTOMEREMAIL#'));
  const nameGuards = items.filter((i) => String(i['PK']).startsWith('CUSTOMERNAME#'));
  expect(guards).toHaveLength(profiles.length);
  expect(nameGuards).toHaveLength(profiles.length);
  for (const profile of profiles) {
    const owned = guards.filter((g) => g['Username'] === profile['Username']);
    expect(owned, `guards of ${String(profile['Username'])}`).toHaveLength(1);
    expect(owned[0]!['PK']).toBe(emailGuardKey(String(profile['Email'])).PK);
    const named = nameGuards.filter((g) => g['Username'] === profile['Username']);
    expect(
      named.map((g) => g['PK']),
      `name guard of ${String(profile['Username'])}`,
    ).toEqual([`CUSTOMERNAME#${String(profile['Username']).toLowerCase()}`]);
  }
  return { profiles, guards };
}

const succeeded = (answers: AddUserAnswer[]) => answers.filter((a) => 'user' in a);
const errorTypes = (answers: AddUserAnswer[]) => answers.flatMap((a) => ('error' in a ? [a.error.type] : []));

describe('addUser', () => {
  it('writes the profile and the email guard, with the email normalized', async () => {
    const answer = await addUser(db.doc, table, { username: 'ann', email: '  Ann@Example.COM ', name: ' Ann Lee ' }, { now: () => new Date('2026-01-02T03:04:05.000Z') });
    expect(answer).toEqual({ user: { username: 'ann', email: 'ann@example.com', name: 'Ann Lee', address: null, createdAt: '2026-01-02T03:04:05.000Z', updatedAt: null } });
    const profile = await db.doc.send(new GetCommand({ TableName: table, Key: userKey('ann') }));
    expect(profile.Item).toEqual({ ...userKey('ann'), Username: 'ann', Email: 'ann@example.com', Name: 'Ann Lee', CreatedAt: '2026-01-02T03:04:05.000Z', EntityType: 'CUSTOMER' });
    const guard = await db.doc.send(new GetCommand({ TableName: table, Key: emailGuardKey('ann@example.com') }));
    expect(guard.Item).toEqual({ ...emailGuardKey('ann@example.com'), Username: 'ann', EntityType: 'CUSTOMEREMAIL', CreatedAt: '2026-01-02T03:04:05.000Z' });
    const nameGuard = await db.doc.send(new GetCommand({ TableName: table, Key: { PK: 'CUSTOMERNAME#ann', SK: 'CUSTOMERNAME#ann' } }));
    expect(nameGuard.Item).toEqual({ PK: 'CUSTOMERNAME#ann', SK: 'CUSTOMERNAME#ann', Username: 'ann', EntityType: 'CUSTOMERNAME', CreatedAt: '2026-01-02T03:04:05.000Z' });
    await invariant();
  });

  it('takes a username held only by a ghost profile (the original edit-address made it: key and address, no email), replacing it', async () => {
    await db.doc.send(new PutCommand({ TableName: table, Item: ghostProfile('ann') }));
    const answer = await addUser(db.doc, table, { username: 'ann', email: 'ann@example.com', name: 'Ann' }, { now: () => new Date('2026-01-02T03:04:05.000Z') });
    expect(answer).toMatchObject({ user: { username: 'ann', email: 'ann@example.com' } });
    const profile = await db.doc.send(new GetCommand({ TableName: table, Key: userKey('ann') }));
    expect(profile.Item).toEqual({ ...userKey('ann'), Username: 'ann', Email: 'ann@example.com', Name: 'Ann', CreatedAt: '2026-01-02T03:04:05.000Z', EntityType: 'CUSTOMER' });
    await invariant();
  });

  it('refuses the username of an original profile (it has an email) with UsernameTaken', async () => {
    await db.doc.send(new PutCommand({ TableName: table, Item: JOHN_PROFILE }));
    expect(await addUser(db.doc, table, { username: 'john', email: 'other@example.com', name: 'Other John' })).toMatchObject({ error: { type: 'UsernameTaken' } });
    expect((await db.doc.send(new GetCommand({ TableName: table, Key: userKey('john') }))).Item).toEqual(JOHN_PROFILE);
  });

  it('refuses a taken username with UsernameTaken and a taken email (in any case) with EmailTaken, writing nothing', async () => {
    await addUser(db.doc, table, { username: 'ann', email: 'ann@example.com', name: 'Ann' });
    expect(await addUser(db.doc, table, { username: 'ann', email: 'other@example.com', name: 'Ann' })).toEqual({
      error: { type: 'UsernameTaken', message: 'The username ann is taken.', field: 'input.username' },
    });
    expect(await addUser(db.doc, table, { username: 'bob', email: 'ANN@example.com', name: 'Bob' })).toEqual({
      error: { type: 'EmailTaken', message: 'That email address is already in use.', field: 'input.email' },
    });
    const { profiles } = await invariant();
    expect(profiles.map((p) => p['Username'])).toEqual(['ann']);
  });

  it('refuses a username that differs from a taken one only in case with UsernameTaken, writing nothing: the user pool signs both in as one account', async () => {
    await addUser(db.doc, table, { username: 'ann', email: 'ann@example.com', name: 'Ann' });
    const before = await scanAll(db.raw, table);
    for (const username of ['Ann', 'ANN']) {
      expect(await addUser(db.doc, table, { username, email: `${username}.other@example.com`, name: 'Ann' })).toEqual({
        error: { type: 'UsernameTaken', message: `The username ${username} is taken.`, field: 'input.username' },
      });
    }
    expect(await scanAll(db.raw, table)).toEqual(before);
  });

  it('makes exactly one user of concurrent requests for the spellings of one username', async () => {
    const spellings = ['kim', 'Kim', 'KIM', 'kIm', 'kiM', 'KIm'];
    const answers = await Promise.all(spellings.map((username, i) => addUser(db.doc, table, { username, email: `kim${i}@example.org`, name: 'Kim' })));
    expect(succeeded(answers)).toHaveLength(1);
    expect(errorTypes(answers)).toEqual(Array(spellings.length - 1).fill('UsernameTaken'));
    const { profiles } = await invariant();
    expect(profiles).toHaveLength(1);
  });

  it('answers UsernameTaken also to a request that repeats the stored user exactly', async () => {
    await addUser(db.doc, table, { username: 'ann', email: 'ann@example.com', name: 'Ann' });
    expect(await addUser(db.doc, table, { username: 'ann', email: 'ann@example.com', name: 'Ann' })).toMatchObject({ error: { type: 'UsernameTaken' } });
    await invariant();
  });

  it.each([
    [{ username: 'a', email: 'a@example.com', name: 'A' }, 'input.username'],
    [{ username: 'bob#ORDER#1', email: 'b@example.com', name: 'B' }, 'input.username'],
    [{ username: 'bob', email: 'b#x@example.com', name: 'B' }, 'input.email'],
    [{ username: 'bob', email: 'b@example.com', name: '   ' }, 'input.name'],
    [{ username: 'bob', email: 'b@example.com', name: 'x'.repeat(201) }, 'input.name'],
  ])('rejects %j with a ValidationError on %s and writes nothing', async (input, field) => {
    const answer = await addUser(db.doc, table, input);
    expect(answer).toMatchObject({ error: { type: 'ValidationError', field } });
    expect(await scanAll(db.raw, table)).toEqual([]);
  });
});

describe('addUserAs: who may add whom', () => {
  const annInput = { username: 'ann', email: 'Ann@Example.com', name: 'Ann' };
  const annUser = { kind: 'user', username: 'ann', sub: 'sub-of-ann' } as const;
  /** A user pool that knows ann (verified ann@example.com) and una (email not verified). */
  const accounts: AccountLookup = async (username) => ({ ann: { sub: 'sub-of-ann', verifiedEmail: 'ann@example.com' }, una: { sub: 'sub-of-una', verifiedEmail: null } })[username] ?? null;

  it('adds a signed-in user’s own profile with the email verified for them (compared case-insensitively)', async () => {
    expect(await addUserAs(db.doc, table, { input: annInput, caller: annUser }, accounts)).toMatchObject({ user: { username: 'ann', email: 'ann@example.com' } });
    await invariant();
  });

  it.each([
    ['another username', { input: { ...annInput, username: 'bob' }, caller: annUser }],
    ['no such account (deleted since the token was issued)', { input: { ...annInput, username: 'zed' }, caller: { kind: 'user', username: 'zed', sub: 'sub-of-zed' } }],
    ['an account of that name with another sub (re-created since)', { input: annInput, caller: { ...annUser, sub: 'sub-of-an-older-ann' } }],
    ['an unverified email', { input: { ...annInput, username: 'una', email: 'una@example.com' }, caller: { kind: 'user', username: 'una', sub: 'sub-of-una' } }],
    ['no caller at all', { input: annInput }],
  ] as const)('answers unauthorized for %s, writing nothing', async (_case, request) => {
    expect(await addUserAs(db.doc, table, request as never, accounts)).toEqual({ unauthorized: true });
    expect(await scanAll(db.raw, table)).toEqual([]);
  });

  it('refuses another email than the verified one with a ValidationError on input.email, writing nothing', async () => {
    expect(await addUserAs(db.doc, table, { input: { ...annInput, email: 'ann.other@example.com' }, caller: annUser }, accounts)).toEqual({
      error: { type: 'ValidationError', message: 'input.email must be the email address verified for your sign-in.', field: 'input.email' },
    });
    expect(await scanAll(db.raw, table)).toEqual([]);
  });

  it('lets admins and services add anyone with any email, without asking the user pool', async () => {
    const nobody: AccountLookup = () => Promise.reject(new Error('the user pool must not be asked'));
    expect(await addUserAs(db.doc, table, { input: { username: 'cy', email: 'cy@example.com', name: 'Cy' }, caller: { kind: 'admin', username: 'operator' } }, nobody)).toMatchObject({
      user: { username: 'cy' },
    });
    expect(await addUserAs(db.doc, table, { input: { username: 'dee', email: 'dee@example.com', name: 'Dee' }, caller: { kind: 'service' } }, nobody)).toMatchObject({
      user: { username: 'dee' },
    });
    await invariant();
  });
});

describe('addUser under concurrency', () => {
  it('50 concurrent identical requests make exactly one user and one guard; the other 49 get UsernameTaken', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, () => addUser(db.doc, table, { username: 'dup', email: 'dup@example.com', name: 'Dup' })));
    const { profiles, guards } = await invariant();
    expect(profiles).toHaveLength(1);
    expect(guards).toHaveLength(1);
    expect(succeeded(answers)).toHaveLength(1);
    expect(errorTypes(answers)).toEqual(Array.from({ length: 49 }, () => 'UsernameTaken'));
  });

  it('50 concurrent requests for one username with different emails: one wins, 49 get UsernameTaken, no orphan guard', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => addUser(db.doc, table, { username: 'same', email: `user${i}@example.com`, name: `User ${i}` })));
    expect(succeeded(answers)).toHaveLength(1);
    expect(errorTypes(answers)).toEqual(Array.from({ length: 49 }, () => 'UsernameTaken'));
    const { profiles } = await invariant();
    expect(profiles).toHaveLength(1);
  });

  it('50 concurrent requests for one email (in different cases) with different usernames: one wins, 49 get EmailTaken', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => addUser(db.doc, table, { username: `user${i}`, email: i % 2 ? 'Same@Example.com' : 'same@example.COM', name: `User ${i}` })),
    );
    expect(succeeded(answers)).toHaveLength(1);
    expect(errorTypes(answers)).toEqual(Array.from({ length: 49 }, () => 'EmailTaken'));
    const { profiles } = await invariant();
    expect(profiles).toHaveLength(1);
  });
});

describe('against the local Cognito of the product’s user pool', () => {
  let api: LocalAppSyncHarness;
  let cognito: CognitoIdentityProviderClient;
  let poolId: string;

  beforeAll(async () => {
    api = await startLocalAppSync({ assembly: testAssemblyDir() });
    cognito = new CognitoIdentityProviderClient({ endpoint: api.cognitoEndpoint, region: api.region, credentials: api.credentials });
    poolId = (await api.signIn({ username: 'probe' })).poolId;
  }, 120_000);

  afterAll(async () => {
    cognito?.destroy();
    await api?.stop();
  });

  const create = (username: string, attributes: Record<string, string>) =>
    cognito.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })) }),
    );

  it('cognitoAccountLookup reads the sub and the email only while it is verified; none for a missing or disabled account', async () => {
    const lookup = cognitoAccountLookup(cognito, poolId);
    const created = await create('vera', { email: 'vera@example.com', email_verified: 'true' });
    const sub = created.User!.Attributes!.find((a) => a.Name === 'sub')!.Value!;
    expect(await lookup('vera')).toEqual({ sub, verifiedEmail: 'vera@example.com' });
    // Case-insensitive usernames: Vera is vera.
    expect(await lookup('Vera')).toEqual({ sub, verifiedEmail: 'vera@example.com' });

    await cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'vera', UserAttributes: [{ Name: 'email_verified', Value: 'false' }] }));
    expect(await lookup('vera')).toEqual({ sub, verifiedEmail: null });

    await create('una', { email: 'una@example.com' });
    expect(await lookup('una')).toMatchObject({ verifiedEmail: null });

    await create('dis', { email: 'dis@example.com', email_verified: 'true' });
    await cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dis' }));
    expect(await lookup('dis')).toBeNull();

    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'una' }));
    expect(await lookup('una')).toBeNull();
    expect(await lookup('never-was')).toBeNull();
  });

  it('the handler reads TABLE_NAME and USER_POOL_ID and reaches DynamoDB and Cognito through the SDK defaults (AWS_ENDPOINT_URL_*)', async () => {
    Object.assign(process.env, {
      TABLE_NAME: table,
      USER_POOL_ID: poolId,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint(),
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: api.cognitoEndpoint,
      AWS_REGION: api.region,
      AWS_ACCESS_KEY_ID: api.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: api.credentials.secretAccessKey,
      POWERTOOLS_METRICS_NAMESPACE: 'UsersOrdersTest',
      // Quiet output: the function's logs and EMF metrics are not what this test checks.
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    const { handler } = await import('../../../functions/add-user/handler.js');
    const context = { functionName: 'add-user', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as never;
    const service = { kind: 'service' } as const;
    const added = await handler({ input: { username: 'handler-user', email: 'h@example.com', name: 'H' }, caller: service }, context);
    expect(added).toMatchObject({ user: { username: 'handler-user', email: 'h@example.com' } });
    expect(await handler({ input: { username: 'handler-user', email: 'other@example.com', name: 'H' }, caller: service }, context)).toMatchObject({ error: { type: 'UsernameTaken' } });

    const signedIn = await api.signIn({ username: 'sam', attributes: { email: 'sam@example.com' } });
    const sam = { kind: 'user', username: 'sam', sub: (JSON.parse(Buffer.from(signedIn.accessToken.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub } as const;
    expect(await handler({ input: { username: 'sam', email: 'sam.else@example.com', name: 'Sam' }, caller: sam }, context)).toMatchObject({ error: { type: 'ValidationError', field: 'input.email' } });
    expect(await handler({ input: { username: 'sam', email: 'SAM@example.com', name: 'Sam' }, caller: sam }, context)).toMatchObject({ user: { username: 'sam', email: 'sam@example.com' } });
    await invariant();
  });
});
