/**
 * Brings items the original FastAPI services wrote up to what this API relies on, in place:
 *
 * 1. orders get their GSI1 keys (ORDERSTATUS#<Status> / #ORDER#<OrderId>), so ordersByStatus
 *    finds them; Username and OrderId are filled in from the keys when missing;
 * 2. profiles whose email was stored with upper-case letters get the lower-cased email, and
 *    their guard moves to the lower-cased key, so uniqueness becomes case-insensitive for them too;
 * 3. guards written without an owner get the Username of the profile that holds their email.
 *
 * Every write is conditional on the item still being as read, so the API can keep running; an
 * item changed meanwhile is skipped (and reported). Two profiles whose emails differ only in case
 * cannot both keep them: they are reported as conflicts and left alone. Running it again does
 * nothing more. `--dry-run` only counts.
 *
 *   npm run migrate:legacy -- --table <name> [--endpoint http://localhost:8000] [--region eu-west-1] [--dry-run]
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EmailGuardItem, OrderItem, UserItem } from '../resolvers/lib/items.js';
import { EMAIL_GUARD_PREFIX, emailGuardKey, ENTITY_TYPES, normalizeEmail, ORDER_PREFIX, orderIdFromKey, ordersByStatusKey, USER_PREFIX, usernameFromKey } from '../resolvers/lib/keys.js';

export interface MigrationReport {
  ordersIndexed: number;
  emailsLowerCased: number;
  guardsOwned: number;
  /** Items changed while the migration ran, left as they were. */
  skipped: string[];
  /** Emails two profiles share once lower-cased; a person has to decide. */
  conflicts: string[];
}

async function* scan<T>(db: DynamoDBDocumentClient, table: string, filter: string, values: Record<string, unknown>, names?: Record<string, string>): AsyncGenerator<T> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({ TableName: table, FilterExpression: filter, ExpressionAttributeValues: values, ...(names ? { ExpressionAttributeNames: names } : {}), ExclusiveStartKey: start, ConsistentRead: true }),
    );
    for (const item of page.Items ?? []) yield item as T;
    start = page.LastEvaluatedKey;
  } while (start);
}

const conditionFailed = (err: unknown) => (err as { name?: string }).name === 'ConditionalCheckFailedException' || err instanceof TransactionCanceledException;

export async function migrateLegacyItems(db: DynamoDBDocumentClient, table: string, options: { dryRun?: boolean } = {}): Promise<MigrationReport> {
  const report: MigrationReport = { ordersIndexed: 0, emailsLowerCased: 0, guardsOwned: 0, skipped: [], conflicts: [] };

  for await (const order of scan<OrderItem>(db, table, 'begins_with(SK, :order) AND attribute_not_exists(GSI1PK)', { ':order': ORDER_PREFIX })) {
    const orderId = order.OrderId ?? orderIdFromKey(order.SK);
    const username = order.Username ?? usernameFromKey(order.PK);
    const index = ordersByStatusKey(order.Status, orderId);
    report.ordersIndexed += 1;
    if (options.dryRun) continue;
    try {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { PK: order.PK, SK: order.SK },
          UpdateExpression: 'SET GSI1PK = :pk, GSI1SK = :sk, OrderId = :id, Username = :user',
          ConditionExpression: 'attribute_not_exists(GSI1PK) AND #status = :status',
          ExpressionAttributeNames: { '#status': 'Status' },
          ExpressionAttributeValues: { ':pk': index.GSI1PK, ':sk': index.GSI1SK, ':id': orderId, ':user': username, ':status': order.Status },
        }),
      );
    } catch (err) {
      if (!conditionFailed(err)) throw err;
      report.ordersIndexed -= 1;
      report.skipped.push(`${order.PK} ${order.SK}`);
    }
  }

  const profiles: UserItem[] = [];
  for await (const profile of scan<UserItem>(db, table, 'begins_with(PK, :user) AND PK = SK', { ':user': USER_PREFIX })) profiles.push(profile);
  const owners = new Map<string, string[]>();
  for (const p of profiles) owners.set(normalizeEmail(p.Email), [...(owners.get(normalizeEmail(p.Email)) ?? []), p.PK]);

  /** Emails whose guard step 2 moves (or would move, on a dry run). */
  const moved = new Set<string>();
  for (const profile of profiles) {
    const username = profile.Username ?? usernameFromKey(profile.PK);
    const lower = normalizeEmail(profile.Email);
    if (lower === profile.Email) continue;
    if ((owners.get(lower) ?? []).length > 1) {
      const conflict = `${lower}: ${owners.get(lower)!.join(', ')}`;
      if (!report.conflicts.includes(conflict)) report.conflicts.push(conflict);
      continue;
    }
    moved.add(profile.Email);
    report.emailsLowerCased += 1;
    if (options.dryRun) continue;
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: { TableName: table, Key: { PK: profile.PK, SK: profile.SK }, UpdateExpression: 'SET Email = :lower', ConditionExpression: 'Email = :old', ExpressionAttributeValues: { ':lower': lower, ':old': profile.Email } } },
            { Put: { TableName: table, Item: { ...emailGuardKey(lower), Username: username, EntityType: ENTITY_TYPES.emailGuard }, ConditionExpression: 'attribute_not_exists(PK)' } },
            { Delete: { TableName: table, Key: emailGuardKey(profile.Email), ConditionExpression: 'attribute_not_exists(Username) OR Username = :user', ExpressionAttributeValues: { ':user': username } } },
          ],
        }),
      );
    } catch (err) {
      if (!conditionFailed(err)) throw err;
      report.emailsLowerCased -= 1;
      report.conflicts.push(`${lower}: ${profile.PK} (the lower-cased guard exists or the profile changed)`);
    }
  }

  // A guard belongs to the profile whose Email is exactly its key's: the original services wrote
  // both from the same string.
  const holders = new Map(profiles.map((p) => [p.Email, p.Username ?? usernameFromKey(p.PK)]));
  for await (const guard of scan<EmailGuardItem>(db, table, 'begins_with(PK, :guard) AND attribute_not_exists(Username)', { ':guard': EMAIL_GUARD_PREFIX })) {
    const email = guard.PK.slice(EMAIL_GUARD_PREFIX.length);
    if (moved.has(email)) continue;
    const holder = holders.get(email);
    if (!holder) {
      report.skipped.push(`${guard.PK} (no profile holds this email)`);
      continue;
    }
    report.guardsOwned += 1;
    if (options.dryRun) continue;
    try {
      await db.send(
        new UpdateCommand({ TableName: table, Key: { PK: guard.PK, SK: guard.SK }, UpdateExpression: 'SET Username = :user', ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(Username)', ExpressionAttributeValues: { ':user': holder } }),
      );
    } catch (err) {
      if (!conditionFailed(err)) throw err;
      report.guardsOwned -= 1;
      report.skipped.push(guard.PK);
    }
  }
  return report;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { table: { type: 'string' }, endpoint: { type: 'string' }, region: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } } });
  if (!values.table) throw new Error('--table is required');
  const client = new DynamoDBClient({ ...(values.endpoint ? { endpoint: values.endpoint } : {}), ...(values.region ? { region: values.region } : {}) });
  try {
    const report = await migrateLegacyItems(DynamoDBDocumentClient.from(client), values.table, { dryRun: values['dry-run'] });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (report.conflicts.length) process.exitCode = 3;
  } finally {
    client.destroy();
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`migrate-legacy-items: ${(err as Error).message}\n`);
    process.exitCode = 1;
  });
}
