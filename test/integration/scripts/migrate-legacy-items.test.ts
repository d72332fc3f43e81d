/**
 * The legacy-item migration on DynamoDB Local: after it, the API finds the original services'
 * orders by status and treats their emails case-insensitively; a second run changes nothing.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../../functions/add-user/add-user.js';
import { emailGuardKey, orderKey, userKey } from '../../../resolvers/lib/keys.js';
import { migrateLegacyItems } from '../../../scripts/migrate-legacy-items.js';
import { createApiHarness, type ApiHarness } from '../../helpers/api-harness.js';
import { clients, createUsersOrdersTable, dynamodbEndpoint, scanAll } from '../../helpers/tables.js';

let db: ReturnType<typeof clients>;
let table: string;
let api: ApiHarness;

beforeAll(async () => {
  db = clients(dynamodbEndpoint());
  table = (await createUsersOrdersTable(db.raw)).name;
  api = await createApiHarness(db.raw, table);
  const put = (Item: Record<string, unknown>) => db.doc.send(new PutCommand({ TableName: table, Item }));
  // As the FastAPI services wrote them: no GSI1 keys, mixed-case emails, guards without owners.
  await put({ ...userKey('olga'), Username: 'olga', Email: 'Olga@Example.COM', Name: 'Olga' });
  await put({ ...emailGuardKey('Olga@Example.COM') });
  await put({ ...orderKey('olga', '1legacy000000000000000000001'), OrderId: '1legacy000000000000000000001', Status: 'SHIPPED', Amount: 5, NumberItems: 1, CreatedAt: '2020-01-01T00:00:00.000Z' });
  await put({ ...orderKey('olga', '1legacy000000000000000000002'), Status: 'PLACED', Amount: 7, NumberItems: 2, CreatedAt: '2020-01-02T00:00:00.000Z' });
  await put({ ...userKey('petra'), Username: 'petra', Email: 'petra@example.com', Name: 'Petra' });
  await put({ ...emailGuardKey('petra@example.com') });
  // Two profiles whose emails differ only in case: nobody can pick one automatically.
  await put({ ...userKey('sam1'), Username: 'sam1', Email: 'Sam@Example.com', Name: 'Sam' });
  await put({ ...emailGuardKey('Sam@Example.com') });
  await put({ ...userKey('sam2'), Username: 'sam2', Email: 'SAM@example.com', Name: 'Sam' });
  await put({ ...emailGuardKey('SAM@example.com') });
});

const shipped = async () => ((await api.field('Query', 'ordersByStatus', { status: 'SHIPPED' })).value as { items: { orderId: string }[] }).items.map((o) => o.orderId);

describe('migrateLegacyItems', () => {
  it('counts without writing on a dry run', async () => {
    const before = await scanAll(db.raw, table);
    const report = await migrateLegacyItems(db.doc, table, { dryRun: true });
    expect(report).toEqual({ ordersIndexed: 2, emailsLowerCased: 1, guardsOwned: 3, skipped: [], conflicts: ['sam@example.com: CUSTOMER#sam1, CUSTOMER#sam2'] });
    expect(await scanAll(db.raw, table)).toEqual(before);
  });

  it('indexes legacy orders, lower-cases emails with their guards, owns ownerless guards, and reports conflicts', async () => {
    expect(await shipped()).not.toContain('1legacy000000000000000000001');
    const report = await migrateLegacyItems(db.doc, table);
    // Sam's two profiles keep their case-sensitive guards (now owned) until a person decides.
    expect(report).toEqual({ ordersIndexed: 2, emailsLowerCased: 1, guardsOwned: 3, skipped: [], conflicts: ['sam@example.com: CUSTOMER#sam1, CUSTOMER#sam2'] });
    expect(await shipped()).toContain('1legacy000000000000000000001');
    const items = await scanAll(db.raw, table);
    expect(items.find((i) => i['PK'] === userKey('olga').PK && i['SK'] === userKey('olga').SK)?.['Email']).toBe('olga@example.com');
    expect(items.filter((i) => String(i['PK']).startsWith('CUSTOMEREMAIL#olga') || String(i['PK']).startsWith('CUSTOMEREMAIL#Olga')).map((i) => [i['PK'], i['Username']])).toEqual([['CUSTOMEREMAIL#olga@example.com', 'olga']]);
    expect(items.find((i) => i['PK'] === 'CUSTOMEREMAIL#petra@example.com')?.['Username']).toBe('petra');
    // Uniqueness is now case-insensitive for Olga's address too.
    expect(await addUser(db.doc, table, { username: 'olga2', email: 'OLGA@example.com', name: 'Imposter' })).toMatchObject({ error: { type: 'EmailTaken' } });
  });

  it('changes nothing on a second run', async () => {
    const before = await scanAll(db.raw, table);
    const report = await migrateLegacyItems(db.doc, table);
    expect(report).toEqual({ ordersIndexed: 0, emailsLowerCased: 0, guardsOwned: 0, skipped: [], conflicts: ['sam@example.com: CUSTOMER#sam1, CUSTOMER#sam2'] });
    expect(await scanAll(db.raw, table)).toEqual(before);
  });
});
