/**
 * Reading an action's JSON input as Cognito does: a required member missing is Smithy's
 * validation error (answered by Cognito as InvalidParameterException, the member named in camel
 * case), a wrong type is a SerializationException; pagination tokens are opaque offsets.
 */
import { invalidParameter, serializationError, validationError } from '../cognito-errors.js';
import type { AttributeType } from '../user-attributes.js';
import type { CognitoCore } from '../cognito-core.js';

export type ActionInput = Record<string, unknown>;
export type ActionHandler = (core: CognitoCore, input: ActionInput) => Promise<Record<string, unknown>>;

const camel = (member: string) => member.charAt(0).toLowerCase() + member.slice(1);

export function requiredString(input: ActionInput, member: string): string {
  const value = input[member];
  if (value === undefined || value === null) throw validationError(camel(member), 'Member must not be null');
  if (typeof value !== 'string') throw serializationError(`Unexpected value for ${member}: expected a string`);
  return value;
}

export function optionalString(input: ActionInput, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw serializationError(`Unexpected value for ${member}: expected a string`);
  return value;
}

export function optionalBoolean(input: ActionInput, member: string): boolean | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw serializationError(`Unexpected value for ${member}: expected a boolean`);
  return value;
}

/**
 * A list of AttributeType: Name a string, Value a string or absent. A Value of another type is
 * refused here, as Cognito's deserializer refuses it, before it can be stored (a stored number
 * would break every later look-up that lower-cases attribute values).
 */
export function attributeTypes(input: ActionInput, member: string): AttributeType[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  const isAttribute = (a: unknown) => {
    if (typeof a !== 'object' || a === null) return false;
    const { Name, Value } = a as Record<string, unknown>;
    return typeof Name === 'string' && (Value === undefined || typeof Value === 'string');
  };
  if (!Array.isArray(value) || !value.every(isAttribute)) throw serializationError(`Unexpected value for ${member}: expected a list of { Name, Value } with string values`);
  return value as AttributeType[];
}

export function stringMap(input: ActionInput, member: string): Record<string, string> | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw serializationError(`Unexpected value for ${member}: expected a map of strings`);
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

/** ValidationData and the like come as attribute lists; triggers get them as maps. */
export function attributeMap(list: AttributeType[] | undefined): Record<string, string> | undefined {
  return list ? Object.fromEntries(list.map((a) => [a.Name, a.Value ?? ''])) : undefined;
}

/** A page of `items` from an opaque token, at most `limit` (1..max, default max) long. */
export function paginate<T>(items: T[], input: ActionInput, limitMember: string, tokenMember: string, max = 60): { page: T[]; next?: string } {
  const rawLimit = input[limitMember];
  const limit = rawLimit === undefined || rawLimit === null ? max : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 0 || limit > max) throw validationError(camel(limitMember), `Member must have value less than or equal to ${max}`, rawLimit);
  const token = optionalString(input, tokenMember);
  let offset = 0;
  if (token !== undefined) {
    const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!match) throw invalidParameter('Invalid pagination token'); // unconfirmed
    offset = Number(match[1]);
  }
  const size = limit === 0 ? max : limit;
  const page = items.slice(offset, offset + size);
  const nextOffset = offset + page.length;
  return { page, next: nextOffset < items.length ? Buffer.from(`offset:${nextOffset}`).toString('base64url') : undefined };
}
