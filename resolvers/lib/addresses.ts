/**
 * Addresses as stored and as served. This API stores a map, `Address` {Line1, Line2, City,
 * Region, PostalCode, Country}. The original UserService stored one free-text string
 * ("124 Street Akl NZ") under `address` (lower case: its code runs `SET address = :new_address`);
 * a string under `Address` is read the same way.
 *
 * A free-text address cannot be split into lines, city and country without guessing, so it is
 * served whole: `formatted` and `line1` carry the text, and the contract's other required fields
 * are empty strings (`city: ""`, `country: ""`), which read as "not known". `formatted` is there for
 * every address: for a structured one, its non-empty parts joined with ", ".
 * Written in the APPSYNC_JS subset.
 */
import type { Address, AddressInput } from '../generated/graphql.js';

export interface AddressAttribute {
  Line1: string;
  Line2?: string | null;
  City: string;
  Region?: string | null;
  PostalCode?: string | null;
  Country: string;
}

/** Where a profile may keep its address: this API's map, or the original services' text. */
export interface AddressHolder {
  Address?: AddressAttribute | string | null;
  /** The original UserService's free-text address. */
  address?: string | null;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function optional(value: unknown): string | null {
  return text(value) ? text(value) : null;
}

/** The address a profile holds, in the stored shape this API writes; null when it has none. */
export function storedAddress(holder: AddressHolder): AddressAttribute | null {
  const stored = holder.Address ?? holder.address;
  if (stored !== null && typeof stored === 'object') {
    const attribute: AddressAttribute = { Line1: text(stored.Line1), City: text(stored.City), Country: text(stored.Country) };
    if (optional(stored.Line2)) attribute.Line2 = optional(stored.Line2);
    if (optional(stored.Region)) attribute.Region = optional(stored.Region);
    if (optional(stored.PostalCode)) attribute.PostalCode = optional(stored.PostalCode);
    return attribute;
  }
  // Free text: all of it is the first line; what city and country it names is not known.
  if (text(stored)) return { Line1: text(stored), City: '', Country: '' };
  // An original `address` under a map-less `Address: null` or empty string.
  if (text(holder.address)) return { Line1: text(holder.address), City: '', Country: '' };
  return null;
}

export function toAddress(holder: AddressHolder): Address | null {
  const attribute = storedAddress(holder);
  if (!attribute) return null;
  const address = {
    line1: attribute.Line1,
    line2: attribute.Line2 ?? null,
    city: attribute.City,
    region: attribute.Region ?? null,
    postalCode: attribute.PostalCode ?? null,
    country: attribute.Country,
  };
  const parts = [address.line1, address.line2, address.city, address.region, address.postalCode, address.country];
  return { ...address, formatted: parts.filter((part) => !!part).join(', ') };
}

/** Stored trimmed; optional fields left empty are not stored. */
export function toAddressAttribute(input: AddressInput): AddressAttribute {
  const attribute: AddressAttribute = { Line1: input.line1.trim(), City: input.city.trim(), Country: input.country };
  if (input.line2 && input.line2.trim()) attribute.Line2 = input.line2.trim();
  if (input.region && input.region.trim()) attribute.Region = input.region.trim();
  if (input.postalCode && input.postalCode.trim()) attribute.PostalCode = input.postalCode.trim();
  return attribute;
}
