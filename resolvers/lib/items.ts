/**
 * What the table stores, and how items become GraphQL objects. Attribute names are the original
 * services' (PascalCase); the attributes this API adds (EntityType, Version, GSI1PK/GSI1SK,
 * CreatedAt on profiles, Username on guards and orders) may be missing on their items, and every
 * mapper reads such items correctly. Written in the APPSYNC_JS subset.
 */
import type { Address, AddressInput, Order, OrderStatus, User } from '../generated/graphql.js';
import { ENTITY_TYPES, orderIdFromKey, ordersByStatusKey, orderKey, usernameFromKey, userKey, type TableKey } from './keys.js';

export interface AddressAttribute {
  Line1: string;
  Line2?: string | null;
  City: string;
  Region?: string | null;
  PostalCode?: string | null;
  Country: string;
}

export interface UserItem extends TableKey {
  Username?: string;
  Email: string;
  Name: string;
  Address?: AddressAttribute | null;
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

export interface OrderItem extends TableKey {
  OrderId?: string;
  Username?: string;
  Status: OrderStatus;
  Amount: number;
  NumberItems: number;
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
 */
export const UNKNOWN_CREATED_AT = '1970-01-01T00:00:00.000Z';

export type UserFields = Omit<User, 'orders' | '__typename'>;

export function toUser(item: UserItem): UserFields {
  return {
    username: item.Username ?? usernameFromKey(item.PK),
    email: item.Email,
    name: item.Name,
    address: toAddress(item.Address),
    createdAt: item.CreatedAt ?? UNKNOWN_CREATED_AT,
    updatedAt: item.UpdatedAt ?? null,
  };
}

export function toAddress(attribute: AddressAttribute | null | undefined): Address | null {
  if (!attribute) return null;
  return {
    line1: attribute.Line1,
    line2: attribute.Line2 ?? null,
    city: attribute.City,
    region: attribute.Region ?? null,
    postalCode: attribute.PostalCode ?? null,
    country: attribute.Country,
  };
}

/** Stored trimmed; optional fields left empty are not stored. */
export function toAddressAttribute(input: AddressInput): AddressAttribute {
  const attribute: AddressAttribute = { Line1: input.line1.trim(), City: input.city.trim(), Country: input.country };
  if (input.line2 && input.line2.trim()) attribute.Line2 = input.line2.trim();
  if (input.region && input.region.trim()) attribute.Region = input.region.trim();
  if (input.postalCode && input.postalCode.trim()) attribute.PostalCode = input.postalCode.trim();
  return attribute;
}

export function toOrder(item: OrderItem): Omit<Order, '__typename'> {
  return {
    orderId: item.OrderId ?? orderIdFromKey(item.SK),
    username: item.Username ?? usernameFromKey(item.PK),
    status: item.Status,
    amount: item.Amount,
    numberOfItems: item.NumberItems,
    createdAt: item.CreatedAt,
    updatedAt: item.UpdatedAt ?? null,
    version: item.Version ?? 1,
  };
}

export function newUserItem(username: string, email: string, name: string, now: string): UserItem {
  return { ...userKey(username), Username: username, Email: email, Name: name, CreatedAt: now, EntityType: ENTITY_TYPES.user };
}

export function newOrderItem(username: string, orderId: string, amount: number, numberOfItems: number, now: string): OrderItem {
  return {
    ...orderKey(username, orderId),
    ...ordersByStatusKey('PLACED', orderId),
    OrderId: orderId,
    Username: username,
    Status: 'PLACED',
    Amount: amount,
    NumberItems: numberOfItems,
    CreatedAt: now,
    Version: 1,
    EntityType: ENTITY_TYPES.order,
  };
}
