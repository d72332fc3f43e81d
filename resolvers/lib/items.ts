/**
 * What the table stores, and how items become GraphQL objects. Attribute names are the original
 * services' (PascalCase); the attributes this API adds (EntityType, Version, GSI1PK/GSI1SK,
 * CreatedAt on profiles, Username on guards and orders) may be missing on their items, and the
 * values they wrote in their own shapes are mapped: statuses (order-status.ts), timestamps
 * without an offset (timestamps.ts), free-text addresses (addresses.ts). Every mapper reads such
 * items without an error. Written in the APPSYNC_JS subset.
 */
import type { Order, OrderStatus, User } from '../generated/graphql.js';
import { toAddress, type AddressHolder } from './addresses.js';
import { ENTITY_TYPES, orderIdFromKey, ordersByStatusKey, orderKey, usernameFromKey, userKey, type TableKey } from './keys.js';
import { toOrderStatus } from './order-status.js';
import { toAwsDateTime } from './timestamps.js';

export interface UserItem extends TableKey, AddressHolder {
  Username?: string;
  /** Missing only on a "ghost" profile: the original edit-address on an unknown username made one. */
  Email?: string;
  Name?: string;
  CreatedAt?: string;
  UpdatedAt?: string | null;
  EntityType?: string;
  /** Set while deleteUser runs: createOrder refuses a user being deleted. */
  Deleting?: string;
}

export interface EmailGuardItem extends TableKey {
  /** The owner; the original services wrote guards without it. */
  Username?: string;
  EntityType?: string;
  CreatedAt?: string;
}

/** The name guard (keys.ts usernameGuardKey): written by addUser and the legacy migration, deleted with the profile. */
export interface UsernameGuardItem extends TableKey {
  Username: string;
  EntityType?: string;
  CreatedAt?: string;
}

export interface OrderItem extends TableKey {
  OrderId?: string;
  Username?: string;
  /** This API writes an OrderStatus; the original services wrote any string (`CANCEL`). */
  Status: string;
  Amount: number;
  NumberItems: number;
  /** This API writes AWSDateTime; the original services wrote Python's isoformat (no offset). */
  CreatedAt: string;
  UpdatedAt?: string | null;
  /** Missing on the original services' orders, which count as version 1. */
  Version?: number;
  GSI1PK?: string;
  GSI1SK?: string;
  EntityType?: string;
}

/**
 * Profiles written by the original services carry no creation time, yet `User.createdAt` is
 * non-null: they report the Unix epoch, which reads as "unknown" rather than a made-up date.
 * An order whose CreatedAt is missing or no date-time reports it too.
 */
export const UNKNOWN_CREATED_AT = '1970-01-01T00:00:00.000Z';

/** GraphQL's Int is 32-bit: a larger NumberItems could not be served. */
const INT_MAX = 2147483647;

export type UserFields = Omit<User, 'orders' | '__typename'>;
export type OrderFields = Omit<Order, '__typename'>;

/**
 * Whether a profile is a user. The original edit-address created an item for an unknown username
 * (PK, SK and the address only): with no email and no name it is no user, and every field and
 * mutation treats it as absent (createOrder, editAddress, deleteUser answer UserNotFound).
 */
export function isUserProfile(item: UserItem | null | undefined): item is UserItem & { Email: string } {
  return !!item && typeof item.Email === 'string' && item.Email.length > 0;
}

export function toUser(item: UserItem & { Email: string }): UserFields {
  return {
    username: item.Username ?? usernameFromKey(item.PK),
    email: item.Email,
    name: item.Name ?? '',
    address: toAddress(item),
    createdAt: toAwsDateTime(item.CreatedAt) ?? UNKNOWN_CREATED_AT,
    updatedAt: toAwsDateTime(item.UpdatedAt),
  };
}

/**
 * Why an order item cannot be served as an Order (a status with no API meaning, an amount or an
 * item count GraphQL cannot carry), or null when it can. Lists leave such an order out rather
 * than fail; `order` and `updateOrderStatus` name the reason; the migration reports it.
 */
export function orderProblem(item: OrderItem): string | null {
  if (!toOrderStatus(item.Status)) return `its status ${JSON.stringify(item.Status ?? null)} is not one this API knows`;
  if (typeof item.Amount !== 'number' || !Number.isFinite(item.Amount)) return `its amount ${JSON.stringify(item.Amount ?? null)} is not a number`;
  const count = item.NumberItems;
  if (typeof count !== 'number' || Math.floor(count) !== count || count < 0 || count > INT_MAX) return `its number of items ${JSON.stringify(count ?? null)} is not a whole number`;
  // Missing ones come from the keys; present ones are served as IDs.
  if ((item.OrderId !== undefined && typeof item.OrderId !== 'string') || (item.Username !== undefined && typeof item.Username !== 'string')) return 'its OrderId or Username is not a string';
  return null;
}

/** The order as the API serves it, or null when it cannot be served (see orderProblem). */
export function toOrder(item: OrderItem): OrderFields | null {
  if (orderProblem(item)) return null;
  return {
    orderId: item.OrderId ?? orderIdFromKey(item.SK),
    username: item.Username ?? usernameFromKey(item.PK),
    // orderProblem has checked that it maps.
    status: toOrderStatus(item.Status)!,
    amount: item.Amount,
    numberOfItems: item.NumberItems,
    createdAt: toAwsDateTime(item.CreatedAt) ?? UNKNOWN_CREATED_AT,
    updatedAt: toAwsDateTime(item.UpdatedAt),
    version: item.Version ?? 1,
  };
}

export function newUserItem(username: string, email: string, name: string, now: string): UserItem & { Email: string } {
  return { ...userKey(username), Username: username, Email: email, Name: name, CreatedAt: now, EntityType: ENTITY_TYPES.user };
}

const PLACED: OrderStatus = 'PLACED';

export function newOrderItem(username: string, orderId: string, amount: number, numberOfItems: number, now: string): OrderItem {
  return {
    ...orderKey(username, orderId),
    ...ordersByStatusKey(PLACED, orderId),
    OrderId: orderId,
    Username: username,
    Status: PLACED,
    Amount: amount,
    NumberItems: numberOfItems,
    CreatedAt: now,
    Version: 1,
    EntityType: ENTITY_TYPES.order,
  };
}
