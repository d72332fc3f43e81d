/**
 * The single table's key layout, in one place for resolvers, functions, tests and seed scripts.
 * It is the layout the original FastAPI services wrote, so the API reads their items as they are:
 *
 * | item         | PK                        | SK                        | GSI1PK                 | GSI1SK              |
 * |--------------|---------------------------|---------------------------|------------------------|---------------------|
 * | user profile | CUSTOMER#<username>       | CUSTOMER#<username>       |                        |                     |
 * | email guard  | CUSTOMEREMAIL#<email>     | CUSTOMEREMAIL#<email>     |                        |                     |
 * | name guard   | CUSTOMERNAME#<folded>     | CUSTOMERNAME#<folded>     |                        |                     |
 * | order        | CUSTOMER#<username>       | #ORDER#<orderId>          | ORDERSTATUS#<status>   | #ORDER#<orderId>    |
 *
 * The guards hold their owner's exact username (`Username`). The name guard exists because the user
 * pool treats usernames case-insensitively while profile keys are exact: `ann` and `Ann` are one
 * Cognito account, so they must be one profile (see foldUsername).
 *
 * Order ids are KSUIDs, so they sort by time (to the millisecond: see order-ids.ts). In a user's partition, `#ORDER#...` sorts below
 * `CUSTOMER#...`: read in descending order, the profile comes first, then the newest orders.
 * Written in the APPSYNC_JS subset, so resolvers can bundle it.
 */

export const TABLE_KEYS = { partition: 'PK', sort: 'SK' } as const;
export const ORDERS_BY_STATUS_INDEX = 'GSI1';
export const ORDERS_BY_STATUS_KEYS = { partition: 'GSI1PK', sort: 'GSI1SK' } as const;

export const USER_PREFIX = 'CUSTOMER#';
export const EMAIL_GUARD_PREFIX = 'CUSTOMEREMAIL#';
export const USERNAME_GUARD_PREFIX = 'CUSTOMERNAME#';
export const ORDER_PREFIX = '#ORDER#';
export const ORDER_STATUS_PREFIX = 'ORDERSTATUS#';

/** Values of the EntityType attribute this API adds (the original items have none). */
export const ENTITY_TYPES = { user: 'CUSTOMER', emailGuard: 'CUSTOMEREMAIL', usernameGuard: 'CUSTOMERNAME', order: 'ORDER' } as const;

export interface TableKey {
  PK: string;
  SK: string;
}

export function userKey(username: string): TableKey {
  return { PK: USER_PREFIX + username, SK: USER_PREFIX + username };
}

/** The guard item that makes an email unique. `email` must already be normalized. */
export function emailGuardKey(email: string): TableKey {
  return { PK: EMAIL_GUARD_PREFIX + email, SK: EMAIL_GUARD_PREFIX + email };
}

/**
 * A username as the user pool compares it (case-insensitive sign-in): lower-cased. Two usernames
 * that fold alike are one Cognito account, so at most one profile may hold them.
 */
export function foldUsername(username: string): string {
  return username.toLowerCase();
}

/** The guard item that makes a username unique as the user pool compares usernames. */
export function usernameGuardKey(username: string): TableKey {
  const folded = USERNAME_GUARD_PREFIX + foldUsername(username);
  return { PK: folded, SK: folded };
}

export function orderKey(username: string, orderId: string): TableKey {
  return { PK: USER_PREFIX + username, SK: ORDER_PREFIX + orderId };
}

export function ordersByStatusKey(status: string, orderId: string): { GSI1PK: string; GSI1SK: string } {
  return { GSI1PK: ORDER_STATUS_PREFIX + status, GSI1SK: ORDER_PREFIX + orderId };
}

/** Emails are unique case-insensitively: trimmed and lower-cased before they become a key. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function usernameFromKey(pk: string): string {
  return pk.startsWith(USER_PREFIX) ? pk.slice(USER_PREFIX.length) : pk;
}

export function orderIdFromKey(sk: string): string {
  return sk.startsWith(ORDER_PREFIX) ? sk.slice(ORDER_PREFIX.length) : sk;
}

export function isOrderKey(sk: string): boolean {
  return sk.startsWith(ORDER_PREFIX);
}
