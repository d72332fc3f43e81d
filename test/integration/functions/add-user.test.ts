/**
 * The add-user function against DynamoDB Local: one TransactWriteItems makes username and email
 * unique, under concurrency, and nothing is ever half written.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addUser, type AddUserAnswer } from '../../../functions/add-user/add-user.js';
import { emailGuardKey, userKey } from '../../../resolvers/lib/keys.js';
import { ghostProfile, JOHN_PROFILE } from '../../helpers/original-items.js';
import { clients, createUsersOrdersTable, dynamodbEndpoint, scanAll } from '../../helpers/tables.js';

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

/** The uniqueness invariant: every profile has exactly one guard, owned by it, and no guard is orphaned. */
async function invariant(): Promise<{ profiles: Record<string, unknown>[]; guards: Record<string, unknown>[] }> {
  const items = await scanAll(db.raw, table);
  const profiles = items.filter((i) => String(i['PK']).startsWith('CUSTOMER#'));
  const guards = items.filter((i) => String(i['PK']).startsWith('CUSTOMEREMAIL#'));
  expect(guards).toHaveLength(profiles.length);
  for (const profile of profiles) {
    const owned = guards.filter((g) => g['Username'] === profile['Username']);
    expect(owned, `guards of ${String(profile['Username'])}`).toHaveLength(1);
    expect(owned[0]!['PK']).toBe(emailGuardKey(String(profile['Email'])).PK);
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

describe('the add-user handler', () => {
  it('reads its table from TABLE_NAME and reaches DynamoDB through the SDK defaults (AWS_ENDPOINT_URL_DYNAMODB)', async () => {
    Object.assign(process.env, {
      TABLE_NAME: table,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint(),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      POWERTOOLS_METRICS_NAMESPACE: 'UsersOrdersTest',
      // Quiet output: the function's logs and EMF metrics are not what this test checks.
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    const { handler } = await import('../../../functions/add-user/handler.js');
    const context = { functionName: 'add-user', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as never;
    const added = await handler({ input: { username: 'handler-user', email: 'h@example.com', name: 'H' } }, context);
    expect(added).toMatchObject({ user: { username: 'handler-user', email: 'h@example.com' } });
    expect(await handler({ input: { username: 'handler-user', email: 'other@example.com', name: 'H' } }, context)).toMatchObject({ error: { type: 'UsernameTaken' } });
    await invariant();
  });
});
