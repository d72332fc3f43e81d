/**
 * The user pool's PreSignUp trigger against DynamoDB Local: self sign-up never hands out a
 * username whose profile exists (an original services' user, or a profile whose account was
 * deleted), nor one the API cannot give a profile; an operator's AdminCreateUser (the migration)
 * passes. The trigger run by the local Cognito is test/e2e/sign-in.test.ts.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../../functions/add-user/add-user.js';
import { checkSignUp, SignUpRefused } from '../../../functions/pre-sign-up/pre-sign-up.js';
import { migrateLegacyItems } from '../../../scripts/migrate-legacy-items.js';
import { ghostProfile, JOHN_PROFILE } from '../../helpers/original-items.js';
import { profile } from '../../helpers/table-items.js';
import { clients, createUsersOrdersTable, dynamodbEndpoint } from '../../helpers/tables.js';

let db: ReturnType<typeof clients>;
let table: string;

beforeAll(async () => {
  db = clients(dynamodbEndpoint());
  table = (await createUsersOrdersTable(db.raw)).name;
  for (const item of [JOHN_PROFILE, profile('ann'), ghostProfile('ghost')]) await db.doc.send(new PutCommand({ TableName: table, Item: item }));
});

afterAll(() => db?.raw.destroy());

const signUp = (userName: string) => checkSignUp(db.doc, table, { triggerSource: 'PreSignUp_SignUp', userName });

describe('checkSignUp', () => {
  it('lets a new, valid username sign up', async () => {
    await expect(signUp('new.user_1')).resolves.toBeUndefined();
  });

  it.each([
    ['john', 'an original services’ user (no account yet)'],
    ['ann', 'a profile this API made (its account was deleted)'],
  ])('refuses %s: %s', async (username) => {
    await expect(signUp(username)).rejects.toThrow(new SignUpRefused('That username is taken'));
  });

  it('refuses every spelling of a username addUser gave a profile: the pool treats Mia and mia as one account', async () => {
    expect(await addUser(db.doc, table, { username: 'Mia', email: 'mia@example.com', name: 'Mia' })).toHaveProperty('user');
    for (const spelling of ['Mia', 'mia', 'MIA']) await expect(signUp(spelling), spelling).rejects.toThrow(new SignUpRefused('That username is taken'));
  });

  it('refuses other spellings of an original profile’s username once the legacy migration has given it its name guard', async () => {
    await expect(signUp('John')).resolves.toBeUndefined();
    await migrateLegacyItems(db.doc, table, { dryRun: false });
    await expect(signUp('John')).rejects.toThrow(new SignUpRefused('That username is taken'));
  });

  it('lets a ghost profile’s username sign up (the API reads it as no user; addUser replaces it)', async () => {
    await expect(signUp('ghost')).resolves.toBeUndefined();
  });

  it.each(['a', 'john smith', 'änn', 'x'.repeat(65)])('refuses %j, which the API could never give a profile', async (username) => {
    await expect(signUp(username)).rejects.toThrow(/^A username (must be|may contain).*[^.]$/);
  });

  it('lets an operator’s AdminCreateUser through, for a profile that exists (the migration)', async () => {
    await expect(checkSignUp(db.doc, table, { triggerSource: 'PreSignUp_AdminCreateUser', userName: 'john' })).resolves.toBeUndefined();
  });
});

describe('the handler', () => {
  it('refuses with the check’s own words, and hides a failure of the check itself (no table name, no ARN)', async () => {
    Object.assign(process.env, {
      TABLE_NAME: 'no-such-table-xyz',
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint(),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    const { handler, SIGN_UP_UNAVAILABLE } = await import('../../../functions/pre-sign-up/handler.js');
    const context = { functionName: 'pre-sign-up', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as never;
    const event = (userName: string) => ({ triggerSource: 'PreSignUp_SignUp', userName }) as never;
    await expect(handler(event('a'), context)).rejects.toThrow(/^A username must be/);
    // The table does not exist: DynamoDB's message names it; the person signing up never sees that.
    const failure = handler(event('new.user'), context);
    await expect(failure).rejects.toThrow(new Error(SIGN_UP_UNAVAILABLE));
    await expect(failure).rejects.not.toThrow(/no-such-table|arn:aws/);
  });
});
