/**
 * An in-memory stand-in for the API's DynamoDB data source, for whole-field tests until the
 * DynamoDB Local integration arrives. It answers the request objects resolvers send the way the
 * AppSync DynamoDB data source does (https://docs.aws.amazon.com/appsync/latest/devguide/js-resolver-reference-dynamodb.html):
 *
 * - expressions are parsed and evaluated (comparisons, BETWEEN, IN, AND/OR/NOT, attribute_exists,
 *   attribute_not_exists, begins_with, contains; SET and REMOVE updates), and every placeholder
 *   must be defined and used, as DynamoDB insists;
 * - Query reads the table (PK/SK) or GSI1 (GSI1PK/GSI1SK) in sort-key order (UTF-8 bytes),
 *   `limit` counts items evaluated before the filter, and a page that stops at the limit carries
 *   an opaque nextToken (also when nothing follows, as DynamoDB does);
 * - a failed condition on UpdateItem is DynamoDB:ConditionalCheckFailedException with the current
 *   item in ctx.result; a failed TransactWriteItems changes nothing and answers with
 *   cancellationReasons in request order;
 * - UpdateItem returns the item as updated (ALL_NEW); GetItem returns null for a missing item.
 *
 * Malformed requests (an unknown operation, an unused placeholder, a key attribute in an update)
 * throw, so the test fails loudly instead of passing on a request DynamoDB would reject.
 */
import type { DataSourceInvoker, DataSourceResult } from '../../local/appsync-js/index.js';

export type Item = Record<string, unknown>;
type Typed = Record<string, unknown>;

interface Expression {
  expression: string;
  expressionNames?: Record<string, string>;
  expressionValues?: Record<string, Typed>;
}

interface KeySchema {
  partition: string;
  sort: string;
}

const TABLE_KEYS: KeySchema = { partition: 'PK', sort: 'SK' };
const INDEXES: Record<string, KeySchema> = { GSI1: { partition: 'GSI1PK', sort: 'GSI1SK' } };

export interface FakeTableOptions {
  /** The table name TransactWriteItems must name (ctx.env.TABLE_NAME). */
  tableName: string;
  /** How a failed condition is spelled in cancellationReasons: DynamoDB's code by default. */
  conditionFailedReason?: string;
}

export interface RecordedCall {
  dataSource: string;
  request: Record<string, unknown>;
}

export class FakeDynamoDb {
  readonly calls: RecordedCall[] = [];
  private readonly store = new Map<string, Item>();
  private readonly failures: { when: (request: Record<string, unknown>) => boolean; error: { type: string; message: string } }[] = [];
  private readonly beforeHooks: ((request: Record<string, unknown>) => void)[] = [];

  constructor(
    readonly options: FakeTableOptions,
    items: Item[] = [],
  ) {
    for (const item of items) this.put(item);
  }

  /** Stores an item as it would be in the table (plain attribute values). */
  put(item: Item): void {
    this.store.set(storeKey(item), structuredClone(item));
  }

  get(PK: string, SK: string): Item | undefined {
    const item = this.store.get(storeKey({ PK, SK }));
    return item ? structuredClone(item) : undefined;
  }

  items(): Item[] {
    return [...this.store.values()].map((i) => structuredClone(i));
  }

  /** The next request for which `when` holds fails with `error` (a throttle, an outage). */
  failNext(error: { type: string; message: string }, when: (request: Record<string, unknown>) => boolean = () => true): void {
    this.failures.push({ when, error });
  }

  /** Runs `hook` before each request is applied (to simulate a concurrent writer). */
  beforeEach(hook: (request: Record<string, unknown>) => void): void {
    this.beforeHooks.push(hook);
  }

  /** Operations of the recorded calls, in order. */
  operations(): string[] {
    return this.calls.map((c) => String(c.request['operation']));
  }

  readonly invoke: DataSourceInvoker = async ({ dataSource, request }) => {
    const req = request as Record<string, unknown>;
    this.calls.push({ dataSource, request: structuredClone(req) });
    if (dataSource !== 'table') throw new Error(`FakeDynamoDb got a request for data source ${dataSource}`);
    for (const hook of this.beforeHooks) hook(req);
    const failure = this.failures.findIndex((f) => f.when(req));
    if (failure !== -1) {
      const { error } = this.failures.splice(failure, 1)[0]!;
      return { error };
    }
    return this.handle(req);
  };

  private handle(req: Record<string, unknown>): DataSourceResult {
    switch (req['operation']) {
      case 'GetItem':
        return this.getItem(req);
      case 'Query':
        return this.query(req);
      case 'UpdateItem':
        return this.updateItem(req);
      case 'TransactWriteItems':
        return this.transactWrite(req);
      default:
        throw new Error(`FakeDynamoDb does not support operation ${String(req['operation'])}`);
    }
  }

  private getItem(req: Record<string, unknown>): DataSourceResult {
    allowOnly(req, ['operation', 'key', 'consistentRead', 'projection']);
    if (req['projection'] !== undefined) throw new Error('FakeDynamoDb does not support projections');
    const key = tableKey(req['key']);
    const item = this.store.get(storeKey(key));
    return { result: item ? structuredClone(item) : null };
  }

  private query(req: Record<string, unknown>): DataSourceResult {
    allowOnly(req, ['operation', 'query', 'filter', 'index', 'nextToken', 'limit', 'scanIndexForward', 'consistentRead', 'select', 'projection']);
    const index = req['index'] as string | undefined;
    const schema = index === undefined ? TABLE_KEYS : INDEXES[index];
    if (!schema) throw new Error(`ValidationException: The table does not have the specified index: ${index}`);
    if (index !== undefined && req['consistentRead'] === true) throw new Error('ValidationException: Consistent reads are not supported on global secondary indexes');
    const keyCondition = req['query'] as Expression;
    const filter = req['filter'] as Expression | undefined | null;
    const names = mergeNames(keyCondition, filter ?? undefined);
    const values = mergeValues(keyCondition, filter ?? undefined);
    const keyAst = parseCondition(keyCondition.expression);
    checkKeyCondition(keyAst, names, schema);
    const filterAst = filter ? parseCondition(filter.expression) : undefined;
    checkPlaceholders([keyCondition.expression, filter?.expression ?? ''], names, values);
    const forward = req['scanIndexForward'] !== false;
    const limit = req['limit'] as number | undefined;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new Error(`ValidationException: Limit must be 1 or more, not ${limit}`);

    let candidates = [...this.store.values()]
      .filter((item) => typeof item[schema.partition] === 'string' && typeof item[schema.sort] === 'string')
      .filter((item) => evaluateCondition(keyAst, item, names, values))
      .sort((a, b) => comparePosition(a, b, schema));
    if (!forward) candidates.reverse();
    const token = req['nextToken'] as string | null | undefined;
    if (token) {
      const start = decodeToken(token);
      candidates = candidates.filter((item) => (forward ? 1 : -1) * comparePosition(item, start, schema) > 0);
    }
    const items: Item[] = [];
    let evaluated = 0;
    let last: Item | undefined;
    for (const item of candidates) {
      evaluated++;
      last = item;
      if (!filterAst || evaluateCondition(filterAst, item, names, values)) items.push(structuredClone(item));
      if (limit !== undefined && evaluated === limit) break;
    }
    const stoppedAtLimit = limit !== undefined && evaluated === limit && last !== undefined;
    return { result: { items, nextToken: stoppedAtLimit ? encodeToken(last!, schema) : null, scannedCount: evaluated } };
  }

  private updateItem(req: Record<string, unknown>): DataSourceResult {
    allowOnly(req, ['operation', 'key', 'update', 'condition']);
    const key = tableKey(req['key']);
    const current = this.store.get(storeKey(key));
    const update = req['update'] as Expression;
    const condition = req['condition'] as Expression | undefined;
    const names = mergeNames(update, condition);
    const values = mergeValues(update, condition);
    checkPlaceholders([update.expression, condition?.expression ?? ''], names, values);
    const actions = parseUpdate(update.expression);
    if (condition && !evaluateCondition(parseCondition(condition.expression), current ?? {}, names, values)) {
      return {
        result: current ? structuredClone(current) : null,
        error: {
          type: 'DynamoDB:ConditionalCheckFailedException',
          message: 'The conditional request failed (Service: DynamoDb, Status Code: 400, Error Code: ConditionalCheckFailedException, Request ID: FAKE)',
        },
      };
    }
    const next = applyUpdate(current ? structuredClone(current) : { ...key }, actions, names, values);
    this.store.set(storeKey(key), next);
    return { result: structuredClone(next) };
  }

  private transactWrite(req: Record<string, unknown>): DataSourceResult {
    allowOnly(req, ['operation', 'transactItems']);
    const transactItems = req['transactItems'] as Record<string, unknown>[];
    if (!Array.isArray(transactItems) || transactItems.length === 0 || transactItems.length > 100) throw new Error('ValidationException: 1 to 100 transactItems');
    const seen = new Set<string>();
    const prepared = transactItems.map((ti) => {
      if (ti['table'] !== this.options.tableName) {
        throw new Error(`ResourceNotFoundException: Requested resource not found: Table: ${String(ti['table'])} not found`);
      }
      const key = tableKey(ti['key']);
      const id = storeKey(key);
      if (seen.has(id)) throw new Error('ValidationException: Transaction request cannot include multiple operations on one item');
      seen.add(id);
      const condition = ti['condition'] as Expression | undefined;
      const update = ti['update'] as Expression | undefined;
      const names = mergeNames(update, condition);
      const values = mergeValues(update, condition);
      checkPlaceholders([update?.expression ?? '', condition?.expression ?? ''], names, values);
      if (ti['operation'] === 'ConditionCheck' && !condition) throw new Error('ValidationException: ConditionCheck needs a condition');
      const current = this.store.get(id);
      const passes = !condition || evaluateCondition(parseCondition(condition.expression), current ?? {}, names, values);
      return { ti, key, id, names, values, update, current, passes };
    });
    if (prepared.some((p) => !p.passes)) {
      const reasons = prepared.map((p) =>
        p.passes
          ? { type: 'None', message: 'None' }
          : { ...(p.current ? { item: structuredClone(p.current) } : {}), type: this.options.conditionFailedReason ?? 'ConditionalCheckFailed', message: 'The conditional request failed' },
      );
      return {
        result: { keys: null, cancellationReasons: reasons },
        error: {
          type: 'DynamoDB:TransactionCanceledException',
          message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.type).join(', ')}] (Service: DynamoDb, Status Code: 400, Request ID: FAKE)`,
        },
      };
    }
    for (const p of prepared) {
      switch (p.ti['operation']) {
        case 'PutItem': {
          const attributes = unmarshalMap(p.ti['attributeValues'] ?? {});
          for (const k of ['PK', 'SK']) if (k in attributes) throw new Error(`ValidationException: ${k} is given in both key and attributeValues`);
          this.store.set(p.id, { ...p.key, ...attributes });
          break;
        }
        case 'DeleteItem':
          this.store.delete(p.id);
          break;
        case 'UpdateItem':
          this.store.set(p.id, applyUpdate(p.current ? structuredClone(p.current) : { ...p.key }, parseUpdate(p.update!.expression), p.names, p.values));
          break;
        case 'ConditionCheck':
          break;
        default:
          throw new Error(`FakeDynamoDb: unknown transact operation ${String(p.ti['operation'])}`);
      }
    }
    return { result: { keys: prepared.map((p) => p.key), cancellationReasons: null } };
  }
}

// ---------------------------------------------------------------------------------------------
// Keys and tokens

function storeKey(item: { PK?: unknown; SK?: unknown }): string {
  if (typeof item.PK !== 'string' || typeof item.SK !== 'string') throw new Error(`An item needs string PK and SK: ${JSON.stringify(item)}`);
  return `${item.PK}\u0000${item.SK}`;
}

function tableKey(typedKey: unknown): { PK: string; SK: string } {
  const key = unmarshalMap(typedKey);
  const names = Object.keys(key).sort();
  if (names.join(',') !== 'PK,SK' || typeof key['PK'] !== 'string' || typeof key['SK'] !== 'string') {
    throw new Error(`ValidationException: The provided key element does not match the schema: ${JSON.stringify(typedKey)}`);
  }
  return { PK: key['PK'], SK: key['SK'] };
}

/** DynamoDB orders string keys by their UTF-8 bytes. */
function compareStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Order within a partition: the sort key, then (in an index, where sort keys may repeat) the table key. */
function comparePosition(a: Item, b: Item, schema: KeySchema): number {
  return compareStrings(a[schema.sort] as string, b[schema.sort] as string) || compareStrings(a['PK'] as string, b['PK'] as string) || compareStrings(a['SK'] as string, b['SK'] as string);
}

/** An opaque token, shaped like AppSync's (base64 of JSON), holding the last evaluated key. */
function encodeToken(item: Item, schema: KeySchema): string {
  const lastKey: Item = { PK: item['PK'], SK: item['SK'], [schema.partition]: item[schema.partition], [schema.sort]: item[schema.sort] };
  return Buffer.from(JSON.stringify({ version: 3, token: Buffer.from(JSON.stringify(lastKey)).toString('base64') })).toString('base64');
}

function decodeToken(token: string): Item {
  try {
    const outer = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { version: number; token: string };
    if (outer.version !== 3) throw new Error('bad version');
    return JSON.parse(Buffer.from(outer.token, 'base64').toString('utf8')) as Item;
  } catch {
    throw new Error(`ValidationException: The provided starting key is invalid (nextToken ${token})`);
  }
}

function allowOnly(req: Record<string, unknown>, fields: string[]): void {
  for (const k of Object.keys(req)) if (!fields.includes(k)) throw new Error(`FakeDynamoDb: unexpected field ${k} in a ${String(req['operation'])} request`);
}

// ---------------------------------------------------------------------------------------------
// Typed values (the request side) to plain values (what the table and ctx.result hold)

export function unmarshal(typed: unknown): unknown {
  if (typed === null || typeof typed !== 'object') throw new Error(`Not a typed value: ${JSON.stringify(typed)}`);
  const entries = Object.entries(typed as Typed);
  if (entries.length !== 1) throw new Error(`Not a typed value: ${JSON.stringify(typed)}`);
  const [type, value] = entries[0]!;
  switch (type) {
    case 'S':
      return String(value);
    case 'N':
      return typeof value === 'number' ? value : Number(value);
    case 'BOOL':
      return Boolean(value);
    case 'NULL':
      return null;
    case 'M':
      return unmarshalMap(value);
    case 'L':
      return (value as unknown[]).map(unmarshal);
    case 'SS':
    case 'NS':
      return [...(value as unknown[])];
    default:
      throw new Error(`Unsupported typed value ${type}`);
  }
}

function unmarshalMap(typed: unknown): Item {
  return Object.fromEntries(Object.entries((typed ?? {}) as Typed).map(([k, v]) => [k, unmarshal(v)]));
}

function mergeNames(...expressions: (Expression | undefined)[]): Record<string, string> {
  return Object.assign({}, ...expressions.map((e) => e?.expressionNames ?? {})) as Record<string, string>;
}

function mergeValues(...expressions: (Expression | undefined)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const e of expressions) for (const [k, v] of Object.entries(e?.expressionValues ?? {})) out[k] = unmarshal(v);
  return out;
}

/** DynamoDB rejects a request whose placeholders are undefined, or defined and unused. */
function checkPlaceholders(expressions: string[], names: Record<string, string>, values: Record<string, unknown>): void {
  const text = expressions.join(' ');
  const usedNames = new Set(text.match(/#[A-Za-z0-9_]+/g) ?? []);
  const usedValues = new Set(text.match(/:[A-Za-z0-9_]+/g) ?? []);
  for (const n of usedNames) if (!(n in names)) throw new Error(`ValidationException: An expression attribute name used in the document is not defined: ${n}`);
  for (const v of usedValues) if (!(v in values)) throw new Error(`ValidationException: An expression attribute value used in expression is not defined: ${v}`);
  for (const n of Object.keys(names)) if (!usedNames.has(n)) throw new Error(`ValidationException: Value provided in ExpressionAttributeNames unused in expressions: keys: {${n}}`);
  for (const v of Object.keys(values)) if (!usedValues.has(v)) throw new Error(`ValidationException: Value provided in ExpressionAttributeValues unused in expressions: keys: {${v}}`);
}

// ---------------------------------------------------------------------------------------------
// Expressions

type Token = { kind: 'name' | 'value' | 'ident' | 'op' | 'punct'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const word = /^[#:]?[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
    if (word) {
      const text = word[0];
      tokens.push({ kind: text.startsWith('#') ? 'name' : text.startsWith(':') ? 'value' : 'ident', text });
      i += text.length;
      continue;
    }
    const op = /^(<>|<=|>=|=|<|>)/.exec(source.slice(i));
    if (op) {
      tokens.push({ kind: 'op', text: op[0] });
      i += op[0].length;
      continue;
    }
    if ('(),.+-'.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i++;
      continue;
    }
    throw new Error(`ValidationException: Invalid expression, unexpected '${c}' in: ${source}`);
  }
  return tokens;
}

type Operand = { kind: 'path'; parts: string[] } | { kind: 'value'; ref: string } | { kind: 'size'; path: Operand };
type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; inner: Condition }
  | { kind: 'compare'; op: string; left: Operand; right: Operand }
  | { kind: 'between'; value: Operand; low: Operand; high: Operand }
  | { kind: 'in'; value: Operand; list: Operand[] }
  | { kind: 'function'; name: string; args: Operand[] };

const CONDITION_FUNCTIONS = ['attribute_exists', 'attribute_not_exists', 'begins_with', 'contains', 'attribute_type'];

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  next(): Token {
    const t = this.tokens[this.pos++];
    if (!t) throw this.error('unexpected end');
    return t;
  }

  expect(text: string): void {
    const t = this.next();
    if (t.text !== text) throw this.error(`expected ${text}, found ${t.text}`);
  }

  isKeyword(word: string): boolean {
    const t = this.peek();
    return t?.kind === 'ident' && t.text.toUpperCase() === word;
  }

  error(message: string): Error {
    return new Error(`ValidationException: Invalid expression (${message}): ${this.source}`);
  }

  condition(): Condition {
    let left = this.conjunction();
    while (this.isKeyword('OR')) {
      this.next();
      left = { kind: 'or', left, right: this.conjunction() };
    }
    return left;
  }

  conjunction(): Condition {
    let left = this.negation();
    while (this.isKeyword('AND')) {
      this.next();
      left = { kind: 'and', left, right: this.negation() };
    }
    return left;
  }

  negation(): Condition {
    if (this.isKeyword('NOT')) {
      this.next();
      return { kind: 'not', inner: this.negation() };
    }
    return this.primary();
  }

  primary(): Condition {
    const t = this.peek();
    if (t?.text === '(') {
      this.next();
      const inner = this.condition();
      this.expect(')');
      return inner;
    }
    if (t?.kind === 'ident' && CONDITION_FUNCTIONS.includes(t.text) && this.peek(1)?.text === '(') {
      this.next();
      this.expect('(');
      const args = [this.operand()];
      while (this.peek()?.text === ',') {
        this.next();
        args.push(this.operand());
      }
      this.expect(')');
      return { kind: 'function', name: t.text, args };
    }
    const left = this.operand();
    if (this.isKeyword('BETWEEN')) {
      this.next();
      const low = this.operand();
      if (!this.isKeyword('AND')) throw this.error('BETWEEN needs AND');
      this.next();
      return { kind: 'between', value: left, low, high: this.operand() };
    }
    if (this.isKeyword('IN')) {
      this.next();
      this.expect('(');
      const list = [this.operand()];
      while (this.peek()?.text === ',') {
        this.next();
        list.push(this.operand());
      }
      this.expect(')');
      return { kind: 'in', value: left, list };
    }
    const op = this.next();
    if (op.kind !== 'op') throw this.error(`expected a comparator, found ${op.text}`);
    return { kind: 'compare', op: op.text, left, right: this.operand() };
  }

  operand(): Operand {
    const t = this.next();
    if (t.kind === 'value') return { kind: 'value', ref: t.text };
    if (t.kind === 'ident' && t.text === 'size' && this.peek()?.text === '(') {
      this.expect('(');
      const path = this.operand();
      this.expect(')');
      return { kind: 'size', path };
    }
    if (t.kind === 'name' || t.kind === 'ident') {
      const parts = [t.text];
      while (this.peek()?.text === '.') {
        this.next();
        const part = this.next();
        if (part.kind !== 'name' && part.kind !== 'ident') throw this.error('bad path');
        parts.push(part.text);
      }
      return { kind: 'path', parts };
    }
    throw this.error(`unexpected ${t.text}`);
  }
}

function parseCondition(expression: string): Condition {
  const parser = new Parser(tokenize(expression), expression);
  const ast = parser.condition();
  if (!parser.done()) throw parser.error(`trailing ${parser.peek()!.text}`);
  return ast;
}

/** The key condition may use only the key attributes, and must fix the partition with `=`. */
function checkKeyCondition(ast: Condition, names: Record<string, string>, schema: KeySchema): void {
  const attributes: string[] = [];
  const collect = (node: Condition): void => {
    if (node.kind === 'and') {
      collect(node.left);
      collect(node.right);
      return;
    }
    let operands: Operand[];
    switch (node.kind) {
      case 'compare':
        operands = [node.left, node.right];
        break;
      case 'between':
        operands = [node.value, node.low, node.high];
        break;
      case 'function':
        if (node.name !== 'begins_with') throw new Error(`ValidationException: Invalid operator used in KeyConditionExpression: ${node.name}`);
        operands = node.args;
        break;
      default:
        throw new Error(`ValidationException: Invalid operator used in KeyConditionExpression: ${node.kind.toUpperCase()}`);
    }
    for (const o of operands) if (o.kind === 'path') attributes.push(o.parts.map((p) => names[p] ?? p).join('.'));
  };
  collect(ast);
  for (const a of attributes) if (a !== schema.partition && a !== schema.sort) throw new Error(`ValidationException: Query key condition not supported: ${a} is not a key attribute`);
  const partitionFixed = (node: Condition): boolean =>
    node.kind === 'and'
      ? partitionFixed(node.left) || partitionFixed(node.right)
      : node.kind === 'compare' && node.op === '=' && node.left.kind === 'path' && node.left.parts.map((p) => names[p] ?? p).join('.') === schema.partition;
  if (!partitionFixed(ast)) throw new Error('ValidationException: Query condition missed key schema element: ' + schema.partition);
}

function resolvePath(item: Item, parts: string[], names: Record<string, string>): unknown {
  let current: unknown = item;
  for (const part of parts) {
    const name = part.startsWith('#') ? names[part] : part;
    if (name === undefined) throw new Error(`Undefined name ${part}`);
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[name];
  }
  return current;
}

function operandValue(operand: Operand, item: Item, names: Record<string, string>, values: Record<string, unknown>): unknown {
  switch (operand.kind) {
    case 'value':
      return values[operand.ref];
    case 'path':
      return resolvePath(item, operand.parts, names);
    case 'size': {
      const v = operandValue(operand.path, item, names, values);
      if (typeof v === 'string') return Buffer.byteLength(v, 'utf8');
      if (Array.isArray(v)) return v.length;
      if (v && typeof v === 'object') return Object.keys(v).length;
      return undefined;
    }
  }
}

function compareValues(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  return undefined;
}

function evaluateCondition(node: Condition, item: Item, names: Record<string, string>, values: Record<string, unknown>): boolean {
  const value = (o: Operand) => operandValue(o, item, names, values);
  switch (node.kind) {
    case 'and':
      return evaluateCondition(node.left, item, names, values) && evaluateCondition(node.right, item, names, values);
    case 'or':
      return evaluateCondition(node.left, item, names, values) || evaluateCondition(node.right, item, names, values);
    case 'not':
      return !evaluateCondition(node.inner, item, names, values);
    case 'compare': {
      const a = value(node.left);
      const b = value(node.right);
      if (a === undefined || b === undefined) return false;
      if (node.op === '=') return JSON.stringify(a) === JSON.stringify(b);
      if (node.op === '<>') return JSON.stringify(a) !== JSON.stringify(b);
      const c = compareValues(a, b);
      if (c === undefined) return false;
      return node.op === '<' ? c < 0 : node.op === '<=' ? c <= 0 : node.op === '>' ? c > 0 : c >= 0;
    }
    case 'between': {
      const v = value(node.value);
      const lo = compareValues(v, value(node.low));
      const hi = compareValues(v, value(node.high));
      return lo !== undefined && hi !== undefined && lo >= 0 && hi <= 0;
    }
    case 'in': {
      const v = value(node.value);
      return v !== undefined && node.list.some((o) => JSON.stringify(value(o)) === JSON.stringify(v));
    }
    case 'function': {
      const [first, second] = node.args;
      switch (node.name) {
        case 'attribute_exists':
          return value(first!) !== undefined;
        case 'attribute_not_exists':
          return value(first!) === undefined;
        case 'begins_with': {
          const v = value(first!);
          const prefix = value(second!);
          return typeof v === 'string' && typeof prefix === 'string' && v.startsWith(prefix);
        }
        case 'contains': {
          const v = value(first!);
          const part = value(second!);
          if (typeof v === 'string' && typeof part === 'string') return v.includes(part);
          return Array.isArray(v) && v.some((x) => JSON.stringify(x) === JSON.stringify(part));
        }
        default:
          throw new Error(`FakeDynamoDb does not support ${node.name}`);
      }
    }
  }
}

type UpdateAction = { kind: 'set'; path: string[]; value: Operand; plus?: { op: '+' | '-'; operand: Operand } } | { kind: 'remove'; path: string[] };

function parseUpdate(expression: string): UpdateAction[] {
  const parser = new Parser(tokenize(expression), expression);
  const actions: UpdateAction[] = [];
  const seenClauses = new Set<string>();
  while (!parser.done()) {
    const clause = parser.next();
    const word = clause.text.toUpperCase();
    if (clause.kind !== 'ident' || (word !== 'SET' && word !== 'REMOVE')) throw parser.error(`unsupported update clause ${clause.text}`);
    if (seenClauses.has(word)) throw parser.error(`${word} appears twice`);
    seenClauses.add(word);
    do {
      if (parser.peek()?.text === ',') parser.next();
      const target = parser.operand();
      if (target.kind !== 'path') throw parser.error('an update target must be a path');
      if (word === 'REMOVE') {
        actions.push({ kind: 'remove', path: target.parts });
        continue;
      }
      parser.expect('=');
      const value = parser.operand();
      const sign = parser.peek()?.text;
      if (sign === '+' || sign === '-') {
        parser.next();
        actions.push({ kind: 'set', path: target.parts, value, plus: { op: sign, operand: parser.operand() } });
      } else {
        actions.push({ kind: 'set', path: target.parts, value });
      }
    } while (parser.peek()?.text === ',');
  }
  return actions;
}

function applyUpdate(item: Item, actions: UpdateAction[], names: Record<string, string>, values: Record<string, unknown>): Item {
  const before = structuredClone(item);
  const touched = new Set<string>();
  for (const action of actions) {
    const path = action.path.map((p) => (p.startsWith('#') ? names[p]! : p));
    const top = path[0]!;
    if (top === 'PK' || top === 'SK') throw new Error(`ValidationException: Cannot update attribute ${top}. This attribute is part of the key`);
    if (touched.has(path.join('.'))) throw new Error(`ValidationException: Two document paths overlap: ${path.join('.')}`);
    touched.add(path.join('.'));
    const parent = path.slice(0, -1).reduce<Record<string, unknown>>((obj, p) => obj[p] as Record<string, unknown>, item);
    const leaf = path[path.length - 1]!;
    if (action.kind === 'remove') {
      delete parent[leaf];
      continue;
    }
    // Operands read the item as it was before the update, as DynamoDB does.
    let next = operandValue(action.value, before, names, values);
    if (action.plus) {
      const other = operandValue(action.plus.operand, before, names, values);
      if (typeof next !== 'number' || typeof other !== 'number') throw new Error('ValidationException: An operand in the update expression has an incorrect data type');
      next = action.plus.op === '+' ? next + other : next - other;
    }
    if (next === undefined) throw new Error('ValidationException: The provided expression refers to an attribute that does not exist in the item');
    parent[leaf] = structuredClone(next);
  }
  return item;
}
