/**
 * EventBridge event patterns: parsing (with validation) and matching, as EventBridge rules,
 * EventBridge Pipes filters and Lambda event filtering apply them.
 *
 * Written here rather than taken from npm: AWS's reference implementation is Java (aws/event-ruler),
 * and no maintained JavaScript package implementing the full matching language was found in the
 * npm registry (checked with `npm view`). Semantics follow the EventBridge user guide (event
 * patterns, comparison operators, arrays, null values) and event-ruler's README where the guide is
 * silent:
 *
 * - A pattern's fields are ANDed; the values listed for one field are ORed; `$or` (an array of two
 *   or more pattern objects) ORs whole sub-patterns.
 * - Matching looks at an event field's leaf values: a string, number, boolean or null, or the
 *   elements of an array (nested arrays flattened). A field matches when any of its leaf values
 *   matches any of the pattern's values. An object is not a leaf.
 * - A field the event lacks matches nothing, `anything-but` included, except `{"exists": false}`.
 *   `exists` looks only at leaves: `{"exists": false}` also matches a field holding an object.
 * - A nested pattern under a missing field, or under a field that is not an object, sees every
 *   field as missing (so `exists: false` leaves below it still match). Under an array of objects
 *   it matches when one element matches the whole nested pattern.
 * - Exact values compare by JSON type: the pattern 5 matches the number 5 (or 5.0), never "5".
 *
 * An invalid pattern throws InvalidEventPatternError with EventBridge's message shape
 * ("Event pattern is not valid. Reason: ...").
 */
import { BlockList, isIP } from 'node:net';

/** EventBridge answers an invalid pattern with InvalidEventPatternException; so does this module. */
export class InvalidEventPatternError extends Error {
  override readonly name = 'InvalidEventPatternException';

  constructor(reason: string) {
    super(`Event pattern is not valid. Reason: ${reason}`);
  }
}

/** A leaf value of an event: what the comparison operators test. */
type Leaf = string | number | boolean | null;

/** One value listed for a field in a pattern, parsed. */
type ValueMatcher =
  | { kind: 'exact'; value: Leaf }
  | { kind: 'prefix'; value: string; ignoreCase: boolean }
  | { kind: 'suffix'; value: string; ignoreCase: boolean }
  | { kind: 'equals-ignore-case'; value: string }
  | { kind: 'wildcard'; regex: RegExp }
  | { kind: 'numeric'; lower?: Bound; upper?: Bound }
  | { kind: 'cidr'; family: 'ipv4' | 'ipv6'; block: BlockList }
  | { kind: 'exists'; exists: boolean }
  // Matches a leaf that none of `excluded` matches.
  | { kind: 'anything-but'; excluded: ValueMatcher[] };

interface Bound {
  value: number;
  inclusive: boolean;
}

interface PatternObject {
  /** Field name to a nested pattern or to the list of values any of which may match. */
  fields: [string, PatternObject | ValueMatcher[]][];
  /** `$or`: one of these must match as well. */
  anyOf?: PatternObject[];
}

/** A parsed, validated event pattern. */
export interface EventPattern {
  readonly root: PatternObject;
}

/** Which matching language a pattern must stay within. */
export type PatternDialect = 'event-bus' | 'pipes';

/** Numeric matching is limited to this magnitude (event-ruler's documented range). */
const NUMERIC_LIMIT = 5e9;

/**
 * anything-but with a nested prefix, suffix, equals-ignore-case or wildcard is an event-bus
 * feature: the user guide's comparison-operator table marks it "Pipe support: No".
 */
const PIPES_UNSUPPORTED = 'is not supported by EventBridge Pipes (only by event buses)';

export interface ParseOptions {
  /** @default 'event-bus' */
  dialect?: PatternDialect;
}

/** Parses a pattern given as JSON text (a Pipes filter's `Pattern`) or as a value. */
export function parseEventPattern(pattern: string | unknown, options: ParseOptions = {}): EventPattern {
  let value: unknown = pattern;
  if (typeof pattern === 'string') {
    try {
      value = JSON.parse(pattern);
    } catch (err) {
      throw new InvalidEventPatternError(`Filter is not valid JSON: ${(err as Error).message}`);
    }
  }
  if (!isPlainObject(value)) throw new InvalidEventPatternError('Filter is not an object');
  return { root: parseObject(value, '', options.dialect ?? 'event-bus') };
}

/** Whether the event matches the pattern. */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  return matchObject(pattern.root, event);
}

/**
 * Whether an event passes a list of filters (JSON patterns, ORed), as a pipe's FilterCriteria or
 * an event source mapping's filters do. No filters lets everything through.
 */
export function passesFilters(filters: readonly string[], event: unknown, options: ParseOptions = {}): boolean {
  return filters.length === 0 || filters.some((filter) => matchesEventPattern(parseEventPattern(filter, options), event));
}

// ---------------------------------------------------------------------------------------------
// Parsing

function parseObject(value: Record<string, unknown>, path: string, dialect: PatternDialect): PatternObject {
  const entries = Object.entries(value);
  if (entries.length === 0) throw new InvalidEventPatternError(`Empty objects are not allowed${path ? ` (at ${path})` : ''}`);
  const result: PatternObject = { fields: [] };
  for (const [key, child] of entries) {
    const at = path ? `${path}.${key}` : key;
    if (key === '$or' && isOrList(child)) {
      result.anyOf = child.map((alternative, i) => parseObject(alternative, `${at}[${i}]`, dialect));
    } else if (Array.isArray(child)) {
      if (child.length === 0) throw new InvalidEventPatternError(`Empty arrays are not allowed (at ${at})`);
      result.fields.push([key, child.map((v) => parseValue(v, at, dialect))]);
    } else if (isPlainObject(child)) {
      result.fields.push([key, parseObject(child, at, dialect)]);
    } else {
      throw new InvalidEventPatternError(`Match value must be an array or an object, got ${JSON.stringify(child)} (at ${at})`);
    }
  }
  return result;
}

/**
 * `$or` is the OR primitive only as an array of at least two pattern objects; otherwise it is an
 * ordinary field name (event-ruler keeps that for patterns written before `$or` existed).
 */
function isOrList(value: unknown): value is Record<string, unknown>[] {
  return Array.isArray(value) && value.length >= 2 && value.every(isPlainObject);
}

function parseValue(value: unknown, at: string, dialect: PatternDialect): ValueMatcher {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return { kind: 'exact', value };
  if (typeof value === 'number') return { kind: 'exact', value: checkNumber(value, at) };
  if (!isPlainObject(value)) throw new InvalidEventPatternError(`Match value must be String, number, true, false, or null (at ${at})`);
  const entries = Object.entries(value);
  if (entries.length === 0) throw new InvalidEventPatternError(`Empty objects are not allowed (at ${at})`);
  if (entries.length > 1) throw new InvalidEventPatternError(`A match object takes exactly one match type, got ${Object.keys(value).join(', ')} (at ${at})`);
  const [operator, operand] = entries[0]!;
  switch (operator) {
    case 'prefix':
    case 'suffix':
      return parseAffix(operator, operand, at);
    case 'equals-ignore-case':
      return { kind: 'equals-ignore-case', value: requireString(operand, operator, at) };
    case 'wildcard':
      return { kind: 'wildcard', regex: wildcardRegex(requireString(operand, operator, at), at) };
    case 'numeric':
      return parseNumeric(operand, at);
    case 'cidr':
      return parseCidr(operand, at);
    case 'exists':
      if (typeof operand !== 'boolean') throw new InvalidEventPatternError(`exists match pattern must be either true or false (at ${at})`);
      return { kind: 'exists', exists: operand };
    case 'anything-but':
      return { kind: 'anything-but', excluded: parseAnythingBut(operand, at, dialect) };
    default:
      throw new InvalidEventPatternError(`Unrecognized match type ${operator} (at ${at})`);
  }
}

function parseAffix(operator: 'prefix' | 'suffix', operand: unknown, at: string): ValueMatcher {
  if (typeof operand === 'string') return { kind: operator, value: operand, ignoreCase: false };
  // {"prefix": {"equals-ignore-case": "..."}}
  if (isPlainObject(operand) && Object.keys(operand).length === 1 && 'equals-ignore-case' in operand) {
    return { kind: operator, value: requireString(operand['equals-ignore-case'], `${operator} equals-ignore-case`, at), ignoreCase: true };
  }
  throw new InvalidEventPatternError(`${operator} match pattern must be a string or {"equals-ignore-case": string} (at ${at})`);
}

function parseAnythingBut(operand: unknown, at: string, dialect: PatternDialect): ValueMatcher[] {
  if (typeof operand === 'string') return [{ kind: 'exact', value: operand }];
  if (typeof operand === 'number') return [{ kind: 'exact', value: checkNumber(operand, at) }];
  if (Array.isArray(operand)) {
    if (operand.length === 0) throw new InvalidEventPatternError(`Empty arrays are not allowed (at ${at} anything-but)`);
    const allStrings = operand.every((v) => typeof v === 'string');
    const allNumbers = operand.every((v) => typeof v === 'number');
    if (!allStrings && !allNumbers) throw new InvalidEventPatternError(`Inside anything-but list, values must be all strings or all numbers (at ${at})`);
    return (operand as (string | number)[]).map((v) => ({ kind: 'exact', value: typeof v === 'number' ? checkNumber(v, at) : v }));
  }
  if (isPlainObject(operand)) {
    const entries = Object.entries(operand);
    if (entries.length !== 1) throw new InvalidEventPatternError(`anything-but takes one nested match type (at ${at})`);
    const [operator, inner] = entries[0]!;
    if (dialect === 'pipes' && ['prefix', 'suffix', 'equals-ignore-case', 'wildcard'].includes(operator)) {
      throw new InvalidEventPatternError(`anything-but with ${operator} ${PIPES_UNSUPPORTED} (at ${at})`);
    }
    switch (operator) {
      case 'prefix':
      case 'suffix':
        return [{ kind: operator, value: requireString(inner, `anything-but ${operator}`, at), ignoreCase: false }];
      case 'equals-ignore-case':
        return stringOrStrings(inner, 'anything-but equals-ignore-case', at).map((value) => ({ kind: 'equals-ignore-case', value }));
      case 'wildcard':
        return stringOrStrings(inner, 'anything-but wildcard', at).map((w) => ({ kind: 'wildcard', regex: wildcardRegex(w, at) }));
      default:
        throw new InvalidEventPatternError(`Unsupported anything-but pattern: ${operator} (at ${at})`);
    }
  }
  throw new InvalidEventPatternError(`anything-but takes a string, a number, a list of either, or a nested match (at ${at})`);
}

function parseNumeric(operand: unknown, at: string): ValueMatcher {
  if (!Array.isArray(operand) || operand.length === 0) throw new InvalidEventPatternError(`Value of numeric must be a non-empty array (at ${at})`);
  const matcher: { kind: 'numeric'; lower?: Bound; upper?: Bound } = { kind: 'numeric' };
  if (operand.length % 2 !== 0 || operand.length > 4) throw new InvalidEventPatternError(`numeric takes one or two [operator, number] pairs (at ${at})`);
  for (let i = 0; i < operand.length; i += 2) {
    const operator: unknown = operand[i];
    const value = operand[i + 1];
    if (typeof value !== 'number') throw new InvalidEventPatternError(`Value of ${String(operator)} must be numeric (at ${at})`);
    const n = checkNumber(value, at);
    switch (operator) {
      case '=':
        if (operand.length !== 2) throw new InvalidEventPatternError(`numeric "=" cannot be combined with another operator (at ${at})`);
        return { kind: 'numeric', lower: { value: n, inclusive: true }, upper: { value: n, inclusive: true } };
      case '>':
      case '>=':
        if (matcher.lower) throw new InvalidEventPatternError(`numeric has two lower bounds (at ${at})`);
        matcher.lower = { value: n, inclusive: operator === '>=' };
        break;
      case '<':
      case '<=':
        if (matcher.upper) throw new InvalidEventPatternError(`numeric has two upper bounds (at ${at})`);
        matcher.upper = { value: n, inclusive: operator === '<=' };
        break;
      default:
        throw new InvalidEventPatternError(`Unrecognized numeric range operator: ${JSON.stringify(operator)} (at ${at})`);
    }
  }
  if (matcher.lower && matcher.upper && matcher.lower.value >= matcher.upper.value) {
    throw new InvalidEventPatternError(`Bottom must be less than top in numeric range (at ${at})`);
  }
  return matcher;
}

function parseCidr(operand: unknown, at: string): ValueMatcher {
  const text = requireString(operand, 'cidr', at);
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
  const family = match ? isIP(match[1]!) : 0;
  const bits = Number(match?.[2]);
  if (!match || family === 0 || bits > (family === 4 ? 32 : 128)) throw new InvalidEventPatternError(`Nonstandard IP address: ${text} (at ${at})`);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const block = new BlockList();
  block.addSubnet(match[1]!, bits, type);
  return { kind: 'cidr', family: type, block };
}

/**
 * `*` matches any run of characters; `\*` is a literal asterisk and `\\` a backslash. Two `*` in
 * a row and any other escape are errors, as event-ruler documents.
 */
function wildcardRegex(wildcard: string, at: string): RegExp {
  let source = '';
  for (let i = 0; i < wildcard.length; i += 1) {
    const c = wildcard[i]!;
    if (c === '\\') {
      const next = wildcard[i + 1];
      if (next !== '*' && next !== '\\') throw new InvalidEventPatternError(`Invalid escape in wildcard pattern ${JSON.stringify(wildcard)} at position ${i} (at ${at})`);
      source += `\\${next}`;
      i += 1;
    } else if (c === '*') {
      if (wildcard[i + 1] === '*') throw new InvalidEventPatternError(`Consecutive wildcard characters at pos ${i + 1} in ${JSON.stringify(wildcard)} (at ${at})`);
      source += '.*';
    } else {
      source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 's');
}

function checkNumber(value: number, at: string): number {
  if (!Number.isFinite(value) || Math.abs(value) > NUMERIC_LIMIT) throw new InvalidEventPatternError(`Numbers must be between -5.0e9 and 5.0e9, got ${value} (at ${at})`);
  return value;
}

function requireString(value: unknown, what: string, at: string): string {
  if (typeof value !== 'string') throw new InvalidEventPatternError(`${what} match pattern must be a string (at ${at})`);
  return value;
}

function stringOrStrings(value: unknown, what: string, at: string): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) return value as string[];
  throw new InvalidEventPatternError(`${what} takes a string or a non-empty list of strings (at ${at})`);
}

// ---------------------------------------------------------------------------------------------
// Matching

function matchObject(pattern: PatternObject, event: unknown): boolean {
  const fields = isPlainObject(event) ? event : {};
  const ok = pattern.fields.every(([key, sub]) => {
    const value = fields[key];
    if (Array.isArray(sub)) return matchField(sub, leavesOf(value));
    return objectsUnder(value).some((candidate) => matchObject(sub, candidate));
  });
  return ok && (pattern.anyOf === undefined || pattern.anyOf.some((alternative) => matchObject(alternative, event)));
}

/** What a nested pattern is matched against: the object, each object of an array, or "nothing". */
function objectsUnder(value: unknown): unknown[] {
  if (isPlainObject(value)) return [value];
  if (Array.isArray(value)) {
    const objects = value.flat(Infinity).filter(isPlainObject);
    if (objects.length > 0) return objects;
  }
  return [undefined];
}

function leavesOf(value: unknown): Leaf[] {
  if (value === undefined || isPlainObject(value)) return [];
  if (Array.isArray(value)) return value.flatMap(leavesOf);
  return isLeaf(value) ? [value] : [];
}

function matchField(matchers: ValueMatcher[], leaves: Leaf[]): boolean {
  return matchers.some((m) => (m.kind === 'exists' ? leaves.length > 0 === m.exists : leaves.some((leaf) => matchLeaf(m, leaf))));
}

function matchLeaf(m: ValueMatcher, leaf: Leaf): boolean {
  switch (m.kind) {
    case 'exact':
      return leaf === m.value;
    case 'prefix':
      return typeof leaf === 'string' && (m.ignoreCase ? leaf.toLowerCase().startsWith(m.value.toLowerCase()) : leaf.startsWith(m.value));
    case 'suffix':
      return typeof leaf === 'string' && (m.ignoreCase ? leaf.toLowerCase().endsWith(m.value.toLowerCase()) : leaf.endsWith(m.value));
    case 'equals-ignore-case':
      return typeof leaf === 'string' && leaf.toLowerCase() === m.value.toLowerCase();
    case 'wildcard':
      return typeof leaf === 'string' && m.regex.test(leaf);
    case 'numeric':
      return typeof leaf === 'number' && withinLower(leaf, m.lower) && withinUpper(leaf, m.upper);
    case 'cidr':
      return typeof leaf === 'string' && isIP(leaf) === (m.family === 'ipv4' ? 4 : 6) && m.block.check(leaf, m.family);
    case 'exists':
      // Decided on the field as a whole (matchField); a single leaf exists.
      return m.exists;
    case 'anything-but':
      return !m.excluded.some((excluded) => matchLeaf(excluded, leaf));
  }
}

function withinLower(n: number, bound: Bound | undefined): boolean {
  return !bound || (bound.inclusive ? n >= bound.value : n > bound.value);
}

function withinUpper(n: number, bound: Bound | undefined): boolean {
  return !bound || (bound.inclusive ? n <= bound.value : n < bound.value);
}

function isLeaf(value: unknown): value is Leaf {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
