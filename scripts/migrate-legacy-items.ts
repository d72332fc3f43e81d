/**
 * Brings items the original FastAPI services wrote up to what this API writes, in place. The API
 * already reads every one of them as it is (resolvers/lib/items.ts); this stores what it reads,
 * so the table index and the stored values agree with what clients see:
 *
 * 1. orders: Status in the API's spelling (`CANCEL` becomes `CANCELLED`, as read), GSI1 keys
 *    (ORDERSTATUS#<status> / #ORDER#<OrderId>) so ordersByStatus finds them, Username and
 *    OrderId from the keys when missing;
 * 2. timestamps without an offset (Python's isoformat) get `Z`, digits kept, on orders and profiles;
 * 3. a free-text address (the original's `address`, or a string under `Address`) becomes the
 *    `Address` map the API serves it as: the text as Line1, City and Country empty;
 * 4. profiles whose email was stored with upper-case letters get the lower-cased email, and their
 *    guard moves to the lower-cased key, so uniqueness becomes case-insensitive for them too;
 * 5. guards written without an owner get the Username of the profile that holds their email;
 * 6. every profile gets its name guard (CUSTOMERNAME#<lower-cased username>), as addUser writes
 *    one, so a username is taken in every spelling the case-insensitive user pool accepts.
 *
 * What it cannot map, it reports and leaves alone: orders the API cannot serve (a status it does
 * not know: `unsupportedOrders`, left out of lists until a person fixes them), timestamps that
 * are no date-time, "ghost" profiles (no email: the original edit-address made them for unknown
 * usernames; the API reads them as no user), and two profiles whose emails or usernames differ
 * only in case (`conflicts`: the original services keyed both exactly). Every write is conditional on the item still being as read, so the API can keep
 * running; an item changed meanwhile is skipped (and reported). Running it again does nothing
 * more. `--dry-run` only counts, each kind on its own.
 *
 *   npm run migrate:legacy -- --table <name> [--endpoint http://localhost:8000] [--region eu-west-1] [--dry-run]
 *
 * Exit code 0; 3 when something needs a person (conflicts or unsupported orders); 1 on failure.
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { storedAddress } from '../resolvers/lib/addresses.js';
import { isUserProfile, orderProblem, type EmailGuardItem, type OrderItem, type UserItem } from '../resolvers/lib/items.js';
import {
  EMAIL_GUARD_PREFIX,
  emailGuardKey,
  ENTITY_TYPES,
  foldUsername,
  normalizeEmail,
  ORDER_PREFIX,
  orderIdFromKey,
  ordersByStatusKey,
  USER_PREFIX,
  USERNAME_GUARD_PREFIX,
  userKey,
  usernameFromKey,
  usernameGuardKey,
  type TableKey,
} from '../resolvers/lib/keys.js';
import { toOrderStatus } from '../resolvers/lib/order-status.js';
import { toAwsDateTime } from '../resolvers/lib/timestamps.js';
import { scanTable } from './lib/scan.js';

export interface MigrationReport {
  /** Orders given GSI1 keys, or keys that matched another status. */
  ordersIndexed: number;
  /** Orders whose Status was rewritten in the API's spelling. */
  statusesMapped: number;
  /** Items (orders and profiles) whose CreatedAt or UpdatedAt was given an offset. */
  timestampsNormalized: number;
  /** Profiles whose free-text address became an Address map. */
  addressesStructured: number;
  emailsLowerCased: number;
  guardsOwned: number;
  /** Profiles given their name guard. */
  usernameGuardsAdded: number;
  /** `<PK> <SK>: <why>` for orders the API cannot serve (lists leave them out). */
  unsupportedOrders: string[];
  /** `<PK> <SK> <attribute>: <value>` for timestamps that are no date-time (read as unknown). */
  unreadableTimestamps: string[];
  /** Profiles without an email, which the API reads as no user. */
  ghostProfiles: string[];
  /** Items changed while the migration ran, left as they were. */
  skipped: string[];
  /** Emails or usernames two profiles share once lower-cased; a person has to decide. */
  conflicts: string[];
}

type Item = Record<string, unknown>;

const conditionFailed = (err: unknown) => (err as { name?: string }).name === 'ConditionalCheckFailedException' || err instanceof TransactionCanceledException;

/**
 * One item's pending change: SET and REMOVE actions, each conditional on the attribute it
 * replaces still holding what was read.
 */
class ItemChange {
  private readonly sets = new Map<string, unknown>();
  private readonly removes = new Set<string>();
  private readonly guarded = new Set<string>();

  constructor(private readonly read: Item) {}

  get empty(): boolean {
    return this.sets.size === 0 && this.removes.size === 0;
  }

  set(attribute: string, value: unknown): void {
    this.sets.set(attribute, value);
    this.guard(attribute);
  }

  remove(attribute: string): void {
    this.removes.add(attribute);
    this.guard(attribute);
  }

  /** The write also requires `attribute` to be as read (absent, or equal). */
  guard(attribute: string): void {
    this.guarded.add(attribute);
  }

  command(table: string): UpdateCommand {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const name = (attribute: string) => {
      const placeholder = `#a${Object.keys(names).length}`;
      names[placeholder] = attribute;
      return placeholder;
    };
    const value = (v: unknown) => {
      const placeholder = `:v${Object.keys(values).length}`;
      values[placeholder] = v;
      return placeholder;
    };
    const conditions = [...this.guarded].map((attribute) => {
      const before = this.read[attribute];
      return before === undefined ? `attribute_not_exists(${name(attribute)})` : `${name(attribute)} = ${value(before)}`;
    });
    const actions = [
      this.sets.size ? `SET ${[...this.sets].map(([attribute, v]) => `${name(attribute)} = ${value(v)}`).join(', ')}` : '',
      this.removes.size ? `REMOVE ${[...this.removes].map(name).join(', ')}` : '',
    ];
    return new UpdateCommand({
      TableName: table,
      Key: { PK: this.read['PK'], SK: this.read['SK'] },
      UpdateExpression: actions.filter(Boolean).join(' '),
      ConditionExpression: ['attribute_exists(PK)', ...conditions].join(' AND '),
      ExpressionAttributeNames: names,
      ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
    });
  }
}

/** Gives CreatedAt and UpdatedAt their offset; whether any changed. Unreadable ones are reported. */
function normalizeTimestamps(item: Item, change: ItemChange, report: MigrationReport): boolean {
  let changed = false;
  for (const attribute of ['CreatedAt', 'UpdatedAt']) {
    const stored = item[attribute];
    if (stored === undefined || stored === null) continue;
    const served = toAwsDateTime(stored);
    if (served === null) report.unreadableTimestamps.push(`${String(item['PK'])} ${String(item['SK'])} ${attribute}: ${JSON.stringify(stored)}`);
    else if (served !== stored) {
      change.set(attribute, served);
      changed = true;
    }
  }
  return changed;
}

/** Runs one item's change (unless a dry run); false when the item changed meanwhile (then it is skipped). */
async function apply(db: DynamoDBDocumentClient, table: string, item: Item, change: ItemChange, options: { dryRun?: boolean }, report: MigrationReport): Promise<boolean> {
  if (change.empty || options.dryRun) return true;
  try {
    await db.send(change.command(table));
    return true;
  } catch (err) {
    if (!conditionFailed(err)) throw err;
    report.skipped.push(`${String(item['PK'])} ${String(item['SK'])}`);
    return false;
  }
}

async function migrateOrder(db: DynamoDBDocumentClient, table: string, order: OrderItem & Item, options: { dryRun?: boolean }, report: MigrationReport): Promise<void> {
  const change = new ItemChange(order);
  const counts = { indexed: 0, mapped: 0, timestamps: 0 };
  const problem = orderProblem(order);
  if (problem) report.unsupportedOrders.push(`${order.PK} ${order.SK}: ${problem}`);
  const status = toOrderStatus(order.Status);
  // An order the API cannot serve keeps its status and index keys: a person decides what it is.
  if (status && !problem) {
    change.guard('Status');
    if (status !== order.Status) {
      change.set('Status', status);
      counts.mapped = 1;
    }
    const orderId = order.OrderId ?? orderIdFromKey(order.SK);
    const index = ordersByStatusKey(status, orderId);
    if (order.GSI1PK !== index.GSI1PK || order.GSI1SK !== index.GSI1SK) {
      change.set('GSI1PK', index.GSI1PK);
      change.set('GSI1SK', index.GSI1SK);
      if (order.OrderId === undefined) change.set('OrderId', orderId);
      if (order.Username === undefined) change.set('Username', usernameFromKey(order.PK));
      counts.indexed = 1;
    }
  }
  if (normalizeTimestamps(order, change, report)) counts.timestamps = 1;
  if (await apply(db, table, order, change, options, report)) {
    report.ordersIndexed += counts.indexed;
    report.statusesMapped += counts.mapped;
    report.timestampsNormalized += counts.timestamps;
  }
}

/** A real profile's address and timestamps; the profile, or undefined for a ghost (reported instead). */
async function migrateProfile(
  db: DynamoDBDocumentClient,
  table: string,
  profile: UserItem & Item,
  options: { dryRun?: boolean },
  report: MigrationReport,
): Promise<(UserItem & { Email: string }) | undefined> {
  if (!isUserProfile(profile)) {
    report.ghostProfiles.push(profile.PK);
    return undefined;
  }
  const change = new ItemChange(profile);
  let structured = 0;
  const freeText = typeof profile.Address === 'string' || profile.address !== undefined;
  if (freeText) {
    const address = storedAddress(profile);
    if (typeof profile.Address === 'string' || profile.Address === undefined || profile.Address === null) {
      if (address) change.set('Address', address);
      else change.remove('Address');
    }
    if (profile.address !== undefined) change.remove('address');
    // A concurrent editAddress moves UpdatedAt.
    change.guard('UpdatedAt');
    structured = 1;
  }
  const timestamps = normalizeTimestamps(profile, change, report) ? 1 : 0;
  if (await apply(db, table, profile, change, options, report)) {
    report.addressesStructured += structured;
    report.timestampsNormalized += timestamps;
  }
  return profile;
}

export async function migrateLegacyItems(db: DynamoDBDocumentClient, table: string, options: { dryRun?: boolean } = {}): Promise<MigrationReport> {
  const report: MigrationReport = {
    ordersIndexed: 0,
    statusesMapped: 0,
    timestampsNormalized: 0,
    addressesStructured: 0,
    emailsLowerCased: 0,
    guardsOwned: 0,
    usernameGuardsAdded: 0,
    unsupportedOrders: [],
    unreadableTimestamps: [],
    ghostProfiles: [],
    skipped: [],
    conflicts: [],
  };

  // One pass over the table (a Scan reads and bills every item, whatever its filter): orders and
  // profiles are changed as they come; what the later steps need of guards and profiles is kept.
  const profiles: (UserItem & { Email: string })[] = [];
  const ownerlessEmailGuards: EmailGuardItem[] = [];
  const nameGuards = new Map<string, string>();
  for await (const item of scanTable<Item & TableKey>(db, table)) {
    if (item.SK.startsWith(ORDER_PREFIX)) await migrateOrder(db, table, item as OrderItem & Item, options, report);
    else if (item.PK.startsWith(USER_PREFIX) && item.PK === item.SK) {
      const profile = await migrateProfile(db, table, item as UserItem & Item, options, report);
      if (profile) profiles.push(profile);
    } else if (item.PK.startsWith(EMAIL_GUARD_PREFIX) && item['Username'] === undefined) ownerlessEmailGuards.push(item);
    // A name guard without an owner (none this API writes) has no holder; its Put is then skipped and reported.
    else if (item.PK.startsWith(USERNAME_GUARD_PREFIX) && typeof item['Username'] === 'string') nameGuards.set(item.PK, item['Username']);
  }

  const owners = new Map<string, string[]>();
  for (const p of profiles) owners.set(normalizeEmail(p.Email), [...(owners.get(normalizeEmail(p.Email)) ?? []), p.PK]);

  /** Emails whose guard the email step moves (or would move, on a dry run). */
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
            {
              Update: {
                TableName: table,
                Key: { PK: profile.PK, SK: profile.SK },
                UpdateExpression: 'SET Email = :lower',
                ConditionExpression: 'Email = :old',
                ExpressionAttributeValues: { ':lower': lower, ':old': profile.Email },
              },
            },
            { Put: { TableName: table, Item: { ...emailGuardKey(lower), Username: username, EntityType: ENTITY_TYPES.emailGuard }, ConditionExpression: 'attribute_not_exists(PK)' } },
            {
              Delete: {
                TableName: table,
                Key: emailGuardKey(profile.Email),
                ConditionExpression: 'attribute_not_exists(Username) OR Username = :user',
                ExpressionAttributeValues: { ':user': username },
              },
            },
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
  for (const guard of ownerlessEmailGuards) {
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
        new UpdateCommand({
          TableName: table,
          Key: { PK: guard.PK, SK: guard.SK },
          UpdateExpression: 'SET Username = :user',
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(Username)',
          ExpressionAttributeValues: { ':user': holder },
        }),
      );
    } catch (err) {
      if (!conditionFailed(err)) throw err;
      report.guardsOwned -= 1;
      report.skipped.push(guard.PK);
    }
  }

  await addUsernameGuards(db, table, profiles, nameGuards, options, report);
  return report;
}

/**
 * Step 6. Profiles whose usernames fold alike get no guard: which of them keeps the name is a
 * person's decision. A guard is written only together with a check that its profile is still a
 * user's, so a deleteUser running meanwhile never leaves a guard without its profile.
 */
async function addUsernameGuards(
  db: DynamoDBDocumentClient,
  table: string,
  profiles: readonly UserItem[],
  guards: ReadonlyMap<string, string>,
  options: { dryRun?: boolean },
  report: MigrationReport,
): Promise<void> {
  const byFold = new Map<string, string[]>();
  for (const profile of profiles) {
    const username = usernameFromKey(profile.PK);
    byFold.set(foldUsername(username), [...(byFold.get(foldUsername(username)) ?? []), username]);
  }
  for (const [folded, usernames] of byFold) {
    const key = usernameGuardKey(folded);
    const holder = guards.get(key.PK);
    const unguarded = usernames.filter((u) => u !== holder);
    if (unguarded.length === 0) continue;
    if (usernames.length > 1 || holder !== undefined) {
      const holders = [...new Set([...(holder ? [holder] : []), ...usernames])].sort();
      report.conflicts.push(`username ${folded}: ${holders.map((u) => userKey(u).PK).join(', ')}`);
      continue;
    }
    const username = unguarded[0]!;
    report.usernameGuardsAdded += 1;
    if (options.dryRun) continue;
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            { ConditionCheck: { TableName: table, Key: userKey(username), ConditionExpression: 'attribute_exists(Email)' } },
            { Put: { TableName: table, Item: { ...key, Username: username, EntityType: ENTITY_TYPES.usernameGuard }, ConditionExpression: 'attribute_not_exists(PK)' } },
          ],
        }),
      );
    } catch (err) {
      if (!conditionFailed(err)) throw err;
      report.usernameGuardsAdded -= 1;
      report.skipped.push(`${key.PK} (the profile or the guard changed meanwhile)`);
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { table: { type: 'string' }, endpoint: { type: 'string' }, region: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } } });
  if (!values.table) throw new Error('--table is required');
  const client = new DynamoDBClient({ ...(values.endpoint ? { endpoint: values.endpoint } : {}), ...(values.region ? { region: values.region } : {}) });
  try {
    const report = await migrateLegacyItems(DynamoDBDocumentClient.from(client), values.table, { dryRun: values['dry-run'] });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (report.conflicts.length || report.unsupportedOrders.length) process.exitCode = 3;
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
