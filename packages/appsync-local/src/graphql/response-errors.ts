/**
 * The error entries of a GraphQL response, shaped as AppSync shapes them (see
 * docs/local-appsync.md for sources):
 *
 * - a field error (a resolver's util.error, an Unauthorized field, a timeout) has the keys
 *   path, data, errorType, errorInfo, locations, message, in that order, data and errorInfo
 *   null when unset, locations with `sourceName: null`;
 * - an error found by GraphQL itself while completing a value (null in a non-null field, a
 *   value its scalar cannot serialize) has path, locations (null) and message, worded as
 *   graphql-java words it, with its path as graphql-java prints one (`/orders[1]/status`) and,
 *   for a list item, the list type as the parent (`within parent '[Order!]'`);
 * - a request-level failure (bad body, bad credentials) is `{"errors":[{errorType, message}]}`
 *   without data, sent with a 4xx status.
 */
import { getNullableType, isListType, isObjectType, type GraphQLError, type GraphQLSchema, type GraphQLType } from 'graphql';
import type { FieldError } from '../appsync-js/index.js';

export interface SourceLocation {
  line: number;
  column: number;
  sourceName: null;
}

export interface FieldErrorEntry {
  path: (string | number)[];
  data: unknown;
  errorType: string | null;
  errorInfo: unknown;
  locations: SourceLocation[] | null;
  message: string;
}

export interface CompletionErrorEntry {
  path: (string | number)[];
  locations: null;
  message: string;
}

export type ExecutionErrorEntry = FieldErrorEntry | CompletionErrorEntry;

/** Thrown from a field resolver so graphql-js nulls the field and the response carries the AppSync error. */
export class FieldFailure extends Error {
  constructor(readonly error: FieldError) {
    super(error.message);
    this.name = 'FieldFailure';
  }
}

export function fieldFailure(errorType: string, message: string): FieldFailure {
  return new FieldFailure({ message, errorType, data: null, errorInfo: null });
}

export function fieldErrorEntry(error: FieldError, path: readonly (string | number)[], locations: SourceLocation[] | null): FieldErrorEntry {
  return { path: [...path], data: error.data ?? null, errorType: error.errorType ?? null, errorInfo: error.errorInfo ?? null, locations, message: error.message };
}

export function locationsOf(error: { locations?: readonly { line: number; column: number }[] | undefined }): SourceLocation[] | null {
  return error.locations ? error.locations.map((l) => ({ line: l.line, column: l.column, sourceName: null })) : null;
}

const NON_NULL = /^Cannot return null for non-nullable field (\w+)\.(\w+)\.$/;
const NOT_ITERABLE = /^Expected Iterable, but did not find one for field "(\w+)\.(\w+)"\.$/;

/** An error graphql-js reports in the response, as AppSync would report it. */
export function executionErrorEntry(error: GraphQLError, schema: GraphQLSchema): ExecutionErrorEntry {
  const path = [...(error.path ?? [])];
  const original = error.originalError;
  if (original instanceof FieldFailure) return fieldErrorEntry(original.error, path, locationsOf(error));
  // graphql-java's ResultPath: `/field` for a name, `[i]` for a list index.
  const slashPath = path.map((p) => (typeof p === 'number' ? `[${p}]` : `/${p}`)).join('');
  const nonNull = NON_NULL.exec(error.message);
  if (nonNull) {
    const [, typeName, fieldName] = nonNull as unknown as [string, string, string];
    const parent = schema.getType(typeName);
    // The null is the field's value, or an item (of an item...) of its list: one list level per trailing index.
    let type: GraphQLType | undefined = isObjectType(parent) ? parent.getFields()[fieldName]?.type : undefined;
    let parentLabel = typeName;
    for (let i = path.length - 1; i >= 0 && typeof path[i] === 'number' && type; i -= 1) {
      const list: GraphQLType = getNullableType(type);
      parentLabel = String(list);
      type = isListType(list) ? list.ofType : undefined;
    }
    const typeLabel = type ? String(getNullableType(type)) : 'unknown';
    return { path, locations: null, message: `Cannot return null for non-nullable type: '${typeLabel}' within parent '${parentLabel}' (${slashPath})` };
  }
  if (NOT_ITERABLE.test(error.message)) {
    return { path, locations: null, message: `Can't resolve value (${slashPath}) : type mismatch error, expected type LIST` };
  }
  // What remains is a leaf value its scalar or enum could not serialize.
  return { path, locations: null, message: `Can't serialize value (${slashPath}) : ${error.message}` };
}

/** The body of a request AppSync refuses before running GraphQL. */
export function requestFailureBody(errorType: string, message: string): { errors: [{ errorType: string; message: string }] } {
  return { errors: [{ errorType, message }] };
}
