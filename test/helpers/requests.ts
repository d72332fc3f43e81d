/**
 * Reading DynamoDB request objects the way a reviewer would: keys and attribute values as plain
 * data, expressions with their #name/:value placeholders replaced by what they stand for, update
 * expressions as the attributes they set and remove. Placeholder spellings are the DynamoDB
 * module's business; what an expression means is the resolver's.
 */
import { expect } from 'vitest';
import type { FieldResolution } from 'appsync-local/runtime';
import { toPlain, toWire } from 'appsync-local/runtime';
import type { Evaluation } from './resolvers.js';

export interface Expression {
  expression: string;
  expressionNames?: Record<string, string>;
  expressionValues?: Record<string, Record<string, unknown>>;
}

export type DynamoRequest = Record<string, unknown> & {
  operation: string;
  key?: Record<string, Record<string, unknown>>;
  query?: Expression;
  filter?: Expression;
  update?: Expression;
  condition?: Expression;
  transactItems?: (Record<string, unknown> & { key: Record<string, Record<string, unknown>>; condition?: Expression; attributeValues?: Record<string, Record<string, unknown>> })[];
};

/** A typed value ({S: ...}, {N: 12}) as the plain value the data source makes of it. */
export function unmarshal(typed: unknown): unknown {
  return toPlain(toWire(typed));
}

/** A typed map ({PK: {S: ...}}) as plain data. */
export function plain(typed: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(typed ?? {}).map(([k, v]) => [k, unmarshal(v)]));
}

/** Every placeholder the expression uses is defined, and every one defined is used. */
export function expectWellFormed(e: Expression | undefined): asserts e is Expression {
  expect(e).toBeDefined();
  const names = [...new Set(e!.expression.match(/#[A-Za-z0-9_]+/g) ?? [])].sort();
  const values = [...new Set(e!.expression.match(/:[A-Za-z0-9_]+/g) ?? [])].sort();
  expect(names).toEqual(Object.keys(e!.expressionNames ?? {}).sort());
  expect(values).toEqual(Object.keys(e!.expressionValues ?? {}).sort());
}

/** The expression with names and values (as JSON) in place of their placeholders. */
export function resolved(e: Expression | undefined): string {
  expectWellFormed(e);
  return e.expression.replace(/#[A-Za-z0-9_]+/g, (n) => e.expressionNames![n]!).replace(/:[A-Za-z0-9_]+/g, (v) => JSON.stringify(unmarshal(e.expressionValues![v])));
}

/** An update expression as the attributes it SETs (to plain values) and REMOVEs. */
export function decodeUpdate(e: Expression | undefined): { set: Record<string, unknown>; remove: string[] } {
  expectWellFormed(e);
  const set: Record<string, unknown> = {};
  const remove: string[] = [];
  const clauses = e.expression
    .split(/\b(?=SET |REMOVE |ADD |DELETE )/)
    .map((c) => c.trim())
    .filter(Boolean);
  for (const clause of clauses) {
    const [word, ...rest] = clause.split(' ');
    const actions = rest
      .join(' ')
      .split(',')
      .map((a) => a.trim());
    for (const action of actions) {
      if (word === 'SET') {
        const match = /^(#[A-Za-z0-9_]+) = (:[A-Za-z0-9_]+)$/.exec(action);
        if (!match) throw new Error(`not a plain SET action: ${action}`);
        set[e.expressionNames![match[1]!]!] = unmarshal(e.expressionValues![match[2]!]);
      } else if (word === 'REMOVE') {
        remove.push(e.expressionNames![action] ?? action);
      } else {
        throw new Error(`unexpected update clause: ${clause}`);
      }
    }
  }
  return { set, remove };
}

/** The handler or field ended with exactly this error type (and errorInfo, when given). */
export function expectError(outcome: Evaluation | FieldResolution, errorType: string, errorInfo?: unknown): { message: string } {
  const error = 'kind' in outcome ? (outcome.kind === 'error' ? outcome.error : undefined) : outcome.errors[outcome.errors.length - 1];
  expect(error, `expected a ${errorType} error`).toBeDefined();
  expect(error!.errorType).toBe(errorType);
  if (errorInfo !== undefined) expect(error!.errorInfo).toEqual(errorInfo);
  if (!('kind' in outcome)) expect(outcome.value).toBeNull();
  return { message: error!.message };
}

/** A ValidationError that names the offending field in errorInfo.field. */
/** AppSync's refusal (util.unauthorized()): Unauthorized, "Not Authorized to access <field> on type <Type>", no errorInfo. */
export function expectUnauthorized(outcome: Evaluation | FieldResolution, fieldName: string, typeName: string): void {
  const { message } = expectError(outcome, 'Unauthorized', null);
  expect(message).toBe(`Not Authorized to access ${fieldName} on type ${typeName}`);
}

export function expectValidationError(outcome: Evaluation | FieldResolution, field: string): void {
  const { message } = expectError(outcome, 'ValidationError', { field });
  expect(message).toContain(field);
}

/** InternalFailure whose message tells nothing of the original failure (no table, ARN, request id or text). */
export function expectInternalFailure(outcome: Evaluation | FieldResolution, original: { message: string; type: string }): void {
  const { message } = expectError(outcome, 'InternalFailure');
  expect(message.length).toBeGreaterThan(0);
  for (const secret of [original.message, original.type, 'arn:aws', 'Table', 'Request ID', 'DynamoDb', 'Lambda']) expect(message).not.toContain(secret);
  // The operator still learns what failed: the type goes to the resolver's log (at ERROR).
  expect(outcome.logs.some((l) => l.level === 'ERROR' && l.message.includes(original.type))).toBe(true);
}

/** The handler returned normally; its value. */
export function returned<T = Record<string, unknown>>(outcome: Evaluation): T {
  expect(outcome.error, `unexpected error: ${outcome.error?.errorType} ${outcome.error?.message}`).toBeUndefined();
  expect(outcome.kind).toBe('returned');
  return outcome.value as T;
}
