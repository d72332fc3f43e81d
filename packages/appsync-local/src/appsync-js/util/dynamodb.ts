/**
 * util.dynamodb (https://docs.aws.amazon.com/appsync/latest/devguide/dynamodb-helpers-in-util-dynamodb-js.html).
 *
 * AppSync writes N and NS values as JSON numbers ({"N": 12345}), as its docs show and as
 * EvaluateCode returns, although @aws-appsync/utils declares them as strings; this follows
 * AppSync. Helpers return null when given null or undefined.
 */
import type { Util } from '@aws-appsync/utils';
import { isPlainObject, UtilInputError } from './host-data.js';

export type AttributeValue =
  | { S: string }
  | { N: number }
  | { BOOL: boolean }
  | { NULL: null }
  | { SS: string[] }
  | { NS: number[] }
  | { B: string }
  | { BS: string[] }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> };

/**
 * Sets made by the @aws-appsync/utils/dynamodb module's toStringSet/toNumberSet/toBinarySet
 * arrive as `{SS: [...]}` etc.; inside module requests they are kept as sets.
 */
export function isSetMarker(value: unknown): value is { SS: string[] } | { NS: number[] } | { BS: string[] } {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && ['SS', 'NS', 'BS'].includes(keys[0]!) && Array.isArray(value[keys[0]!]);
}

/** Plain value to a typed value: lists stay lists and objects maps ("it will use lists rather than sets"). */
export function toAttributeValue(value: unknown, keepSets = false): AttributeValue | undefined {
  if (value === undefined) return undefined;
  if (value === null) return { NULL: null };
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'number':
      return { N: value };
    case 'boolean':
      return { BOOL: value };
    case 'object':
      if (Array.isArray(value)) return { L: value.map((v) => toAttributeValue(v, keepSets) ?? { NULL: null }) };
      if (keepSets && isSetMarker(value)) return value as AttributeValue;
      return { M: toAttributeMap(value as Record<string, unknown>, keepSets) };
    default:
      throw new UtilInputError(`Cannot convert a ${typeof value} to a DynamoDB value`);
  }
}

export function toAttributeMap(value: Record<string, unknown>, keepSets = false): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(value)) {
    const converted = toAttributeValue(v, keepSets);
    if (converted !== undefined) out[k] = converted;
  }
  return out;
}

const orNull = <T, R>(value: T | null | undefined, convert: (v: T) => R): R | null => (value === null || value === undefined ? null : convert(value));

function requireArray(name: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new UtilInputError(`util.dynamodb.${name} expects a list`);
  return value;
}

export const dynamodb = {
  toDynamoDB: (value: unknown) => toAttributeValue(value) ?? null,
  toString: (value: unknown) => orNull(value, (v) => ({ S: String(v) })),
  toStringSet: (list: unknown) => orNull(list, (v) => ({ SS: requireArray('toStringSet', v).map(String) })),
  toNumber: (value: unknown) => orNull(value, (v) => ({ N: Number(v) })),
  toNumberSet: (list: unknown) => orNull(list, (v) => ({ NS: requireArray('toNumberSet', v).map(Number) })),
  toBinary: (value: unknown) => orNull(value, (v) => ({ B: String(v) })),
  toBinarySet: (list: unknown) => orNull(list, (v) => ({ BS: requireArray('toBinarySet', v).map(String) })),
  toBoolean: (value: unknown) => orNull(value, (v) => ({ BOOL: Boolean(v) })),
  toNull: () => ({ NULL: null }),
  toList: (value: unknown) => orNull(value, (v) => ({ L: requireArray('toList', v).map((x) => toAttributeValue(x) ?? { NULL: null }) })),
  toMap: (value: unknown) => orNull(value, (v) => ({ M: toAttributeMap(v as Record<string, unknown>) })),
  toMapValues: (value: unknown) => orNull(value, (v) => toAttributeMap(v as Record<string, unknown>)),
  /** Compact JSON, key order s3 → key, bucket, region[, version], as AppSync returns it. */
  toS3Object: (key: string, bucket: string, region: string, version?: string) => ({
    S: JSON.stringify({ s3: version === undefined ? { key, bucket, region } : { key, bucket, region, version } }),
  }),
  fromS3ObjectJson: (json: string) => {
    const parsed: unknown = typeof json === 'string' ? JSON.parse(json) : undefined;
    const s3 = isPlainObject(parsed) && isPlainObject(parsed['s3']) ? parsed['s3'] : undefined;
    if (!s3) throw new UtilInputError('util.dynamodb.fromS3ObjectJson expects the JSON string of an S3 object: {"s3":{"key":...,"bucket":...,"region":...}}');
    const { key, bucket, region, version } = s3;
    return version === undefined ? { key, bucket, region } : { key, bucket, region, version };
  },
} satisfies { [K in keyof Util['dynamodb']]: (...args: never[]) => unknown };
