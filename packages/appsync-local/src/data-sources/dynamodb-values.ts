/**
 * AppSync's typed values and DynamoDB's wire values. AppSync requests write numbers as JSON
 * numbers ({"N": 12}) and binaries as base64 strings; DynamoDB wants number strings and bytes.
 * Results go back to resolvers as plain JSON: sets as lists, binaries as base64, numbers as
 * numbers (https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-typed-values-responses.html).
 * Written by hand because the SDK's unmarshall returns Set and Uint8Array objects, not JSON.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export class TypedValueError extends Error {
  override readonly name = 'TypedValueError';
}

/** One AppSync typed value to DynamoDB's form. */
export function toWire(value: unknown, path = 'value'): AttributeValue {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypedValueError(`${path} must be a typed value such as {"S": "text"}`);
  const entries = Object.entries(value);
  if (entries.length !== 1) throw new TypedValueError(`${path} must have exactly one type key (S, N, B, SS, NS, BS, BOOL, NULL, L, M), found ${entries.length}`);
  const [type, v] = entries[0]!;
  switch (type) {
    case 'S':
      return { S: String(v) };
    case 'N':
      return { N: String(v) };
    case 'B':
      return { B: Buffer.from(String(v), 'base64') };
    case 'BOOL':
      return { BOOL: Boolean(v) };
    case 'NULL':
      return { NULL: true };
    case 'SS':
      return { SS: list(v, path).map(String) };
    case 'NS':
      return { NS: list(v, path).map(String) };
    case 'BS':
      return { BS: list(v, path).map((b) => Buffer.from(String(b), 'base64')) };
    case 'L':
      return { L: list(v, path).map((x, i) => toWire(x, `${path}[${i}]`)) };
    case 'M':
      return { M: toWireMap(v, path) };
    default:
      throw new TypedValueError(`${path} has an unknown type key ${type}`);
  }
}

export function toWireMap(value: unknown, path = 'map'): Record<string, AttributeValue> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypedValueError(`${path} must be an object of typed values`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v, `${path}.${k}`)]));
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new TypedValueError(`${path} must hold a list`);
  return value;
}

/** A DynamoDB value as the JSON AppSync hands to resolvers. */
export function toPlain(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.B !== undefined) return Buffer.from(value.B).toString('base64');
  if (value.SS !== undefined) return [...value.SS];
  if (value.NS !== undefined) return value.NS.map(Number);
  if (value.BS !== undefined) return value.BS.map((b) => Buffer.from(b).toString('base64'));
  if (value.L !== undefined) return value.L.map(toPlain);
  if (value.M !== undefined) return toPlainMap(value.M);
  return null;
}

export function toPlainMap(item: Record<string, AttributeValue>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, toPlain(v)]));
}
