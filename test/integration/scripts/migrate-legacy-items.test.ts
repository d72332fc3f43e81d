/**
 * The legacy-item migration on DynamoDB Local, over the original services' items as
 * original-services.md shows them: it stores what the API already serves (so reads do not
 * change), puts original orders in the status index under their mapped status, treats emails
 * and usernames case-insensitively, reports what it cannot map, counts each kind on a dry run, and changes
 * nothing on a second run.
 */
import { spawnSync } from 'node:child_process';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../../functions/add-user/add-user.js';
import { LOCAL_CREDENTIALS } from 'appsync-local';
import { migrateLegacyItems, type MigrationReport } from '../../../scripts/migrate-legacy-items.js';
import { createApiHarness, type ApiHarness } from '../../helpers/api-harness.js';
import { ROOT } from '../../helpers/cdk.js';
import { ghostProfile, JOHN_ORDER_CANCELLED, JOHN_PROFILE, originalEmailGuard, originalOrder, TEST111_WITH_ADDRESS } from '../../helpers/original-items.js';
import { clients, createUsersOrdersTable, dynamodbEndpoint, scanAll } from '../../helpers/tables.js';

let db: ReturnType<typeof clients>;
let table: string;
let api: ApiHarness;

const placed = originalOrder('john', '2023-08-21T22:21:34.811747');
const unknownStatus = originalOrder('john', '2023-08-23T10:00:00.000001', { Status: 'RETURNED' }, 2);
const unreadableTime = originalOrder('john', '2023-08-24T10:00:00', { CreatedAt: 'sometime in August' }, 3);
// Indexed by an earlier version of this migration, under the status as stored.
const indexedAsStored = originalOrder('john', '2023-08-25T10:00:00.5', { Status: 'cancel', GSI1PK: 'ORDERSTATUS#cancel' }, 4);

beforeAll(async () => {
  db = clients(dynamodbEndpoint());
  table = (await createUsersOrdersTable(db.raw)).name;
  api = await createApiHarness(db.raw, table);
  const put = (Item: Record<string, unknown>) => db.doc.send(new PutCommand({ TableName: table, Item }));
  for (const item of [JOHN_PROFILE, originalEmailGuard('john@gmail.com'), JOHN_ORDER_CANCELLED, placed, unknownStatus, unreadableTime, indexedAsStored]) await put(item);
  await put(TEST111_WITH_ADDRESS);
  await put(originalEmailGuard('test@gmail.com'));
  await put(ghostProfile('nobody'));
  // Mixed-case emails and their guards, as add_user stored the caller's spelling.
  await put({ PK: 'CUSTOMER#olga', SK: 'CUSTOMER#olga', Username: 'olga', Email: 'Olga@Example.COM', Name: 'Olga' });
  await put(originalEmailGuard('Olga@Example.COM'));
  await put({
    PK: 'CUSTOMER#olga',
    SK: '#ORDER#1legacy000000000000000000001',
    OrderId: '1legacy000000000000000000001',
    Status: 'SHIPPED',
    Amount: 5,
    NumberItems: 1,
    CreatedAt: '2020-01-01T00:00:00.000Z',
  });
  await put({ PK: 'CUSTOMER#olga', SK: '#ORDER#1legacy000000000000000000002', Status: 'PLACED', Amount: 7, NumberItems: 2, CreatedAt: '2020-01-02T00:00:00.000Z' });
  await put({ PK: 'CUSTOMER#petra', SK: 'CUSTOMER#petra', Username: 'petra', Email: 'petra@example.com', Name: 'Petra' });
  await put(originalEmailGuard('petra@example.com'));
  // Two profiles whose emails differ only in case: nobody can pick one automatically.
  await put({ PK: 'CUSTOMER#sam1', SK: 'CUSTOMER#sam1', Username: 'sam1', Email: 'Sam@Example.com', Name: 'Sam' });
  await put(originalEmailGuard('Sam@Example.com'));
  await put({ PK: 'CUSTOMER#sam2', SK: 'CUSTOMER#sam2', Username: 'sam2', Email: 'SAM@example.com', Name: 'Sam' });
  await put(originalEmailGuard('SAM@example.com'));
  // Two profiles whose usernames differ only in case: one account in the case-insensitive user pool.
  await put({ PK: 'CUSTOMER#Kim', SK: 'CUSTOMER#Kim', Username: 'Kim', Email: 'kim.a@example.com', Name: 'Kim A' });
  await put(originalEmailGuard('kim.a@example.com'));
  await put({ PK: 'CUSTOMER#kim', SK: 'CUSTOMER#kim', Username: 'kim', Email: 'kim.b@example.com', Name: 'Kim B' });
  await put(originalEmailGuard('kim.b@example.com'));
});

const key = (item: Record<string, unknown>) => `${String(item['PK'])} ${String(item['SK'])}`;

/** What it cannot map, reported on every run: a person decides. */
const LEFT_FOR_A_PERSON = {
  unsupportedOrders: [`${key(unknownStatus)}: its status "RETURNED" is not one this API knows`],
  unreadableTimestamps: [`${key(unreadableTime)} CreatedAt: "sometime in August"`],
  ghostProfiles: ['CUSTOMER#nobody'],
  skipped: [],
  conflicts: ['sam@example.com: CUSTOMER#sam1, CUSTOMER#sam2', 'username kim: CUSTOMER#Kim, CUSTOMER#kim'],
};

const FIRST_RUN: MigrationReport = {
  // john's CANCEL, placed, unreadable-time and index-as-stored orders; olga's two.
  ordersIndexed: 6,
  // CANCEL and cancel.
  statusesMapped: 2,
  // john's CANCEL (CreatedAt and UpdatedAt), placed, unknown-status and index-as-stored orders.
  timestampsNormalized: 4,
  addressesStructured: 1,
  emailsLowerCased: 1,
  // john, test111, petra, sam1, sam2, Kim, kim (olga's guard moves instead).
  guardsOwned: 7,
  // john, test111, olga, petra, sam1, sam2 (Kim and kim conflict).
  usernameGuardsAdded: 6,
  ...LEFT_FOR_A_PERSON,
};

/** What the API serves for the migrated users: must be the same before and after. */
async function served() {
  const read = async (username: string) => {
    const user = await api.field('Query', 'user', { username });
    const orders = await api.field('Query', 'orders', { username, limit: 100 });
    return { user: user.value, errors: [...user.errors, ...orders.errors], orders: orders.value };
  };
  return { john: await read('john'), test111: await read('test111') };
}

const byStatus = async (status: string) => ((await api.field('Query', 'ordersByStatus', { status })).value as { items: { orderId: string }[] }).items.map((o) => o.orderId);

let before: Awaited<ReturnType<typeof served>>;

describe('migrateLegacyItems', () => {
  it('counts each kind without writing on a dry run, reading the table once', async () => {
    before = await served();
    const items = await scanAll(db.raw, table);
    // Every command the migration sends, by name: a Scan reads (and bills) the whole table each time.
    const sent: string[] = [];
    const counted = clients(dynamodbEndpoint());
    counted.doc.middlewareStack.add((next, context) => (args) => (sent.push(String(context.commandName)), next(args)), { step: 'initialize', name: 'countCommands' });
    expect(await migrateLegacyItems(counted.doc, table, { dryRun: true })).toEqual(FIRST_RUN);
    counted.raw.destroy();
    expect(sent).toEqual(['ScanCommand']);
    expect(await scanAll(db.raw, table)).toEqual(items);
  });

  it('stores what the API serves: its statuses, timestamps with an offset, the address as a map, status index keys', async () => {
    expect(await byStatus('CANCELLED')).toEqual([]);
    expect(await migrateLegacyItems(db.doc, table)).toEqual(FIRST_RUN);
    const items = new Map((await scanAll(db.raw, table)).map((i) => [key(i), i]));

    expect(items.get(key(JOHN_ORDER_CANCELLED))).toEqual({
      ...JOHN_ORDER_CANCELLED,
      Status: 'CANCELLED',
      CreatedAt: '2023-08-22T02:07:33.696174Z',
      UpdatedAt: '2023-08-22T02:09:03.577842Z',
      GSI1PK: 'ORDERSTATUS#CANCELLED',
      GSI1SK: '#ORDER#2UJuYiRSoBMgAiXg7jBp0V0UqxU',
      Username: 'john',
    });
    expect(items.get(key(placed))).toEqual({ ...placed, CreatedAt: '2023-08-21T22:21:34.811747Z', GSI1PK: 'ORDERSTATUS#PLACED', GSI1SK: placed['SK'], Username: 'john' });
    expect(items.get(key(indexedAsStored))).toMatchObject({ Status: 'CANCELLED', GSI1PK: 'ORDERSTATUS#CANCELLED', CreatedAt: '2023-08-25T10:00:00.5Z' });
    // What it cannot map stays as it was (its timestamps still get their offset).
    expect(items.get(key(unknownStatus))).toEqual({ ...unknownStatus, CreatedAt: '2023-08-23T10:00:00.000001Z' });
    expect(items.get(key(unreadableTime))).toMatchObject({ CreatedAt: 'sometime in August', GSI1PK: 'ORDERSTATUS#PLACED' });
    expect(items.get('CUSTOMER#nobody CUSTOMER#nobody')).toEqual(ghostProfile('nobody'));
    // The free-text address, as the API serves it: the text as Line1, city and country unknown.
    const test111 = items.get('CUSTOMER#test111 CUSTOMER#test111')!;
    expect(test111['Address']).toEqual({ Line1: '124 Street Akl NZ', City: '', Country: '' });
    expect(test111).not.toHaveProperty('address');

    expect(items.get('CUSTOMER#olga CUSTOMER#olga')?.['Email']).toBe('olga@example.com');
    expect([...items.values()].filter((i) => /^CUSTOMEREMAIL#olga/i.test(String(i['PK']))).map((i) => [i['PK'], i['Username']])).toEqual([['CUSTOMEREMAIL#olga@example.com', 'olga']]);
    expect(items.get('CUSTOMEREMAIL#john@gmail.com CUSTOMEREMAIL#john@gmail.com')?.['Username']).toBe('john');
    expect(items.get('CUSTOMEREMAIL#petra@example.com CUSTOMEREMAIL#petra@example.com')?.['Username']).toBe('petra');
    // Name guards, as addUser writes them; none for the two Kims, whose usernames fold alike.
    const nameGuards = [...items.values()].filter((i) => String(i['PK']).startsWith('CUSTOMERNAME#'));
    expect(nameGuards.map((i) => [i['PK'], i['Username']]).sort()).toEqual(['john', 'olga', 'petra', 'sam1', 'sam2', 'test111'].map((u) => [`CUSTOMERNAME#${u}`, u]));
    expect(items.get('CUSTOMERNAME#john CUSTOMERNAME#john')).toEqual({ PK: 'CUSTOMERNAME#john', SK: 'CUSTOMERNAME#john', Username: 'john', EntityType: 'CUSTOMERNAME' });
  });

  it('changes nothing the API serves, except that ordersByStatus now finds the original orders under their mapped status', async () => {
    expect(await served()).toEqual(before);
    expect(before.john.errors).toEqual([]);
    expect(await byStatus('CANCELLED')).toEqual([String(indexedAsStored['OrderId']), JOHN_ORDER_CANCELLED['OrderId']]);
    expect(await byStatus('PLACED')).toEqual(expect.arrayContaining([String(placed['OrderId']), String(unreadableTime['OrderId'])]));
    // Uniqueness is now case-insensitive for Olga's address too, and for original usernames.
    expect(await addUser(db.doc, table, { username: 'olga2', email: 'OLGA@example.com', name: 'Imposter' })).toMatchObject({ error: { type: 'EmailTaken' } });
    expect(await addUser(db.doc, table, { username: 'John', email: 'john2@example.com', name: 'Imposter' })).toMatchObject({ error: { type: 'UsernameTaken' } });
  });

  it('changes nothing on a second run, and still reports what it cannot map', async () => {
    const items = await scanAll(db.raw, table);
    expect(await migrateLegacyItems(db.doc, table)).toEqual({
      ordersIndexed: 0,
      statusesMapped: 0,
      timestampsNormalized: 0,
      addressesStructured: 0,
      emailsLowerCased: 0,
      guardsOwned: 0,
      usernameGuardsAdded: 0,
      ...LEFT_FOR_A_PERSON,
    });
    expect(await scanAll(db.raw, table)).toEqual(items);
  });
});

describe('npm run migrate:legacy', () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/migrate-legacy-items.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1' },
    });

  it('prints the dry run report and exits 3 while something needs a person', () => {
    const out = run(['--table', table, '--endpoint', dynamodbEndpoint(), '--dry-run']);
    expect(out.stderr).not.toContain('migrate-legacy-items:');
    expect(out.status).toBe(3);
    expect(JSON.parse(out.stdout)).toMatchObject({ ordersIndexed: 0, ...LEFT_FOR_A_PERSON });
  });

  it('refuses to run without a table, with a clear message and exit 1', () => {
    const out = run(['--endpoint', dynamodbEndpoint()]);
    expect(out.status).toBe(1);
    expect(out.stderr).toBe('migrate-legacy-items: --table is required\n');
    expect(out.stdout).toBe('');
  });
});
