/**
 * Input rules, checked before anything is written. Pure functions in the APPSYNC_JS subset (no
 * regular expressions, no util), so resolvers and the add-user function apply the very same rules.
 * Each returns the first problem as `{ field, message }`, or null.
 */
import type { AddressInput } from '../generated/graphql.js';
import { isCountryCode } from './countries.js';

export interface ValidationIssue {
  /** The argument path, e.g. `input.username`. */
  field: string;
  message: string;
}

export const LIMITS = {
  usernameMin: 2,
  usernameMax: 64,
  nameMax: 200,
  emailMax: 254,
  amountMax: 1000000,
  numberOfItemsMax: 10000,
  addressLineMax: 200,
  cityMax: 100,
  regionMax: 100,
  postalCodeMax: 20,
  pageSizeDefault: 20,
  pageSizeMax: 100,
  orderIdMax: 128,
  lookupUsernameMax: 256,
} as const;

const USERNAME_CHARACTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-';
const ID_CHARACTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';

function onlyCharacters(value: string, allowed: string): boolean {
  return value.split('').every((c) => allowed.indexOf(c) !== -1);
}

const issue = (field: string, message: string): ValidationIssue => ({ field, message });

/** 2 to 64 letters, digits, '.', '_' or '-': no '#', so no key injection. */
export function checkUsername(value: string, field: string): ValidationIssue | null {
  if (typeof value !== 'string' || value.length < LIMITS.usernameMin || value.length > LIMITS.usernameMax) {
    return issue(field, `${field} must be ${LIMITS.usernameMin} to ${LIMITS.usernameMax} characters long.`);
  }
  if (!onlyCharacters(value, USERNAME_CHARACTERS)) {
    return issue(field, `${field} may contain only letters, digits, '.', '_' and '-'.`);
  }
  return null;
}

/**
 * A username to look up rather than to create: the original services did not enforce this API's
 * rule, so reads accept any existing username that cannot reach into another key (no '#').
 */
export function checkUsernameLookup(value: string, field: string): ValidationIssue | null {
  if (typeof value !== 'string' || value.length < 1 || value.length > LIMITS.lookupUsernameMax) {
    return issue(field, `${field} must be 1 to ${LIMITS.lookupUsernameMax} characters long.`);
  }
  if (value.indexOf('#') !== -1) return issue(field, `${field} may not contain '#'.`);
  return null;
}

/**
 * Order ids are made by the API (KSUIDs, 27 base62 characters); ids of older items (UUIDs and the
 * like) are accepted too: up to 128 letters, digits, '-' or '_'.
 */
export function checkOrderId(value: string, field: string): ValidationIssue | null {
  if (typeof value !== 'string' || value.length < 1 || value.length > LIMITS.orderIdMax || !onlyCharacters(value, ID_CHARACTERS)) {
    return issue(field, `${field} must be 1 to ${LIMITS.orderIdMax} letters, digits, '-' or '_'.`);
  }
  return null;
}

export function checkName(value: string, field: string): ValidationIssue | null {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed.length < 1 || trimmed.length > LIMITS.nameMax) return issue(field, `${field} must be 1 to ${LIMITS.nameMax} characters after trimming.`);
  return null;
}

/** AppSync checks AWSEmail's shape; this bounds its length (RFC 5321) and rejects the key separator. */
export function checkEmail(value: string, field: string): ValidationIssue | null {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed.length < 3 || trimmed.length > LIMITS.emailMax || trimmed.indexOf('@') < 1) return issue(field, `${field} must be an email address of at most ${LIMITS.emailMax} characters.`);
  if (trimmed.indexOf('#') !== -1) return issue(field, `${field} may not contain '#'.`);
  return null;
}

/** Above 0, at most 1,000,000, at most 2 decimals. */
export function checkAmount(value: number, field: string): ValidationIssue | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > LIMITS.amountMax) {
    return issue(field, `${field} must be above 0 and at most ${LIMITS.amountMax}.`);
  }
  // Fix: the former check (|round(cents) - cents| > 1e-6) let 0.000000001 and 5.000000001 through.
  // Exact instead: a value with at most 2 decimals is the double nearest to n/100, and n/100 is
  // correctly rounded, so it survives the round trip (0.29 does, despite 0.29 * 100 = 28.999...96).
  if (Math.round(value * 100) / 100 !== value) return issue(field, `${field} may have at most 2 decimals.`);
  return null;
}

export function checkNumberOfItems(value: number, field: string): ValidationIssue | null {
  if (typeof value !== 'number' || Math.floor(value) !== value || value < 1 || value > LIMITS.numberOfItemsMax) {
    return issue(field, `${field} must be a whole number from 1 to ${LIMITS.numberOfItemsMax}.`);
  }
  return null;
}

/** Page size: 1 to 100; absent means 20. */
export function checkLimit(value: number | null | undefined, field: string): ValidationIssue | null {
  if (value === null || value === undefined) return null;
  if (Math.floor(value) !== value || value < 1 || value > LIMITS.pageSizeMax) return issue(field, `${field} must be from 1 to ${LIMITS.pageSizeMax}.`);
  return null;
}

function checkText(value: string | null | undefined, field: string, max: number, required: boolean): ValidationIssue | null {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (required && trimmed.length === 0) return issue(field, `${field} is required.`);
  if (trimmed.length > max) return issue(field, `${field} must be at most ${max} characters.`);
  return null;
}

export function checkAddress(address: AddressInput, field: string): ValidationIssue | null {
  const problems = [
    checkText(address.line1, `${field}.line1`, LIMITS.addressLineMax, true),
    checkText(address.line2, `${field}.line2`, LIMITS.addressLineMax, false),
    checkText(address.city, `${field}.city`, LIMITS.cityMax, true),
    checkText(address.region, `${field}.region`, LIMITS.regionMax, false),
    checkText(address.postalCode, `${field}.postalCode`, LIMITS.postalCodeMax, false),
    isCountryCode(address.country) ? null : issue(`${field}.country`, `${field}.country must be an ISO 3166-1 alpha-2 code such as DE or US.`),
  ];
  return firstIssue(problems);
}

export function firstIssue(issues: (ValidationIssue | null)[]): ValidationIssue | null {
  return issues.find((i) => i !== null) ?? null;
}
