/**
 * Items as the single table stores them, spelled out from the key chart in the spec (not built
 * with resolvers/lib/keys.ts, so a broken key helper cannot agree with itself): profiles at
 * PK = SK = CUSTOMER#<username>, email guards at PK = SK = CUSTOMEREMAIL#<email>, name guards at
 * PK = SK = CUSTOMERNAME#<lower-cased username>, orders at
 * PK = CUSTOMER#<username>, SK = #ORDER#<orderId> with GSI1 on ORDERSTATUS#<status>.
 * "Legacy" items are what the original FastAPI services wrote: no EntityType, no Version, no
 * CreatedAt on profiles, no Username on guards (and no Username/OrderId/GSI keys on orders).
 */
import KSUID from 'ksuid';
import type { OrderStatus } from '../../resolvers/generated/graphql.js';

/** An item as the table stores it, with plain attribute values. */
export type Item = Record<string, unknown>;

export interface AddressAttribute {
  Line1: string;
  Line2?: string;
  City: string;
  Region?: string;
  PostalCode?: string;
  Country: string;
}

export function profile(username: string, overrides: Item = {}): Item {
  return {
    PK: `CUSTOMER#${username}`,
    SK: `CUSTOMER#${username}`,
    Username: username,
    Email: `${username}@example.com`,
    Name: `Name of ${username}`,
    CreatedAt: '2024-03-01T10:00:00.000Z',
    EntityType: 'CUSTOMER',
    ...overrides,
  };
}

/** A profile as the original services wrote it. */
export function legacyProfile(username: string, overrides: Item = {}): Item {
  return { PK: `CUSTOMER#${username}`, SK: `CUSTOMER#${username}`, Username: username, Email: `${username}@example.com`, Name: `Name of ${username}`, ...overrides };
}

export function emailGuard(email: string, username: string): Item {
  return { PK: `CUSTOMEREMAIL#${email}`, SK: `CUSTOMEREMAIL#${email}`, Username: username, EntityType: 'CUSTOMEREMAIL', CreatedAt: '2024-03-01T10:00:00.000Z' };
}

export function usernameGuard(username: string): Item {
  const folded = `CUSTOMERNAME#${username.toLowerCase()}`;
  return { PK: folded, SK: folded, Username: username, EntityType: 'CUSTOMERNAME', CreatedAt: '2024-03-01T10:00:00.000Z' };
}

export function legacyEmailGuard(email: string): Item {
  return { PK: `CUSTOMEREMAIL#${email}`, SK: `CUSTOMEREMAIL#${email}` };
}

const BASE_TIME = Date.parse('2024-05-01T00:00:00.000Z');

/** A KSUID for the n-th order (later n, later time), so ids sort by creation as real ones do. */
export function orderId(n: number, salt = 0): string {
  const payload = Buffer.alloc(16);
  payload.writeUInt32BE(n, 0);
  payload.writeUInt32BE(salt, 4);
  return KSUID.fromParts(BASE_TIME + n * 60_000, payload).string;
}

export interface OrderOptions {
  status?: OrderStatus;
  amount?: number;
  numberOfItems?: number;
  version?: number;
  updatedAt?: string;
}

export function order(username: string, id: string, options: OrderOptions = {}): Item {
  const status = options.status ?? 'PLACED';
  return {
    PK: `CUSTOMER#${username}`,
    SK: `#ORDER#${id}`,
    GSI1PK: `ORDERSTATUS#${status}`,
    GSI1SK: `#ORDER#${id}`,
    OrderId: id,
    Username: username,
    Status: status,
    Amount: options.amount ?? 25.5,
    NumberItems: options.numberOfItems ?? 2,
    CreatedAt: KSUID.parse(id).date.toISOString(),
    ...(options.updatedAt ? { UpdatedAt: options.updatedAt } : {}),
    Version: options.version ?? 1,
    EntityType: 'ORDER',
  };
}

/** An order as the original services wrote it: no Version, EntityType, Username, OrderId or GSI keys. */
export function legacyOrder(username: string, id: string, options: Omit<OrderOptions, 'version'> = {}): Item {
  return {
    PK: `CUSTOMER#${username}`,
    SK: `#ORDER#${id}`,
    Status: options.status ?? 'PLACED',
    Amount: options.amount ?? 12,
    NumberItems: options.numberOfItems ?? 1,
    CreatedAt: '2023-11-20T08:15:00.000Z',
    ...(options.updatedAt ? { UpdatedAt: options.updatedAt } : {}),
  };
}

/** `count` orders of one user, ids ascending in time; `statusOf(n)` picks each one's status. */
export function ordersOf(username: string, count: number, statusOf: (n: number) => OrderStatus = () => 'PLACED', salt = 0): Item[] {
  return Array.from({ length: count }, (_, n) => order(username, orderId(n + 1, salt), { status: statusOf(n), amount: n + 1 + 0.25, numberOfItems: (n % 5) + 1 }));
}

/** The GraphQL Order an item should come back as. */
export function asOrder(item: Item): Record<string, unknown> {
  return {
    orderId: (item['OrderId'] as string | undefined) ?? (item['SK'] as string).slice('#ORDER#'.length),
    username: (item['Username'] as string | undefined) ?? (item['PK'] as string).slice('CUSTOMER#'.length),
    status: item['Status'],
    amount: item['Amount'],
    numberOfItems: item['NumberItems'],
    createdAt: item['CreatedAt'],
    updatedAt: item['UpdatedAt'] ?? null,
    version: item['Version'] ?? 1,
  };
}

/** Newest first, as every order list of the API is. */
export function newestFirst(items: Item[]): Item[] {
  return [...items].sort((a, b) => ((a['SK'] as string) < (b['SK'] as string) ? 1 : (a['SK'] as string) > (b['SK'] as string) ? -1 : 0));
}
