/**
 * APPSYNC_JS language restrictions: code AppSync rejects when it is saved is rejected at load,
 * with a message naming the line; the allowed alternative loads and runs.
 * Sources: https://docs.aws.amazon.com/appsync/latest/devguide/supported-features.html and the
 * rules (and messages) of @aws-appsync/eslint-plugin 2.0.2.
 */
import { describe, expect, it } from 'vitest';
import { CodeValidationError, MAX_CODE_LENGTH } from '../../../src/appsync-js/index.js';
import { runtime } from '../../helpers/appsync-js.js';

/** A handler whose body is placed on line 3 of the module. */
const module = (body: string, before = ''): string =>
  `import { util } from '@aws-appsync/utils';\n${before}export function request(ctx) {\n${body}\n}\nexport function response(ctx) { return ctx.result; }\n`;

function rejection(source: string): CodeValidationError {
  try {
    runtime.load(source);
  } catch (err) {
    if (err instanceof CodeValidationError) return err;
    throw err;
  }
  throw new Error('expected the code to be rejected');
}

function run(source: string, args: Record<string, unknown> = {}): unknown {
  const outcome = runtime.load(source).evaluate('request', runtime.fieldContext({ arguments: args }));
  expect(outcome.error).toBeUndefined();
  return runtime.toHost(outcome.value);
}

interface Restriction {
  name: string;
  /** Line of the violation in the module (the handler body starts on line 3); 3 when absent. */
  line?: number;
  rule: string;
  message: string;
  rejected: string;
  accepted: string;
  acceptedResult: unknown;
}

const restrictions: Restriction[] = [
  {
    name: 'try/catch',
    rule: '@aws-appsync/no-try',
    message: 'Try statements are not supported.',
    rejected: '  try { return 1; } catch (e) { return 2; }',
    accepted: '  return ctx.args.x ?? 2;',
    acceptedResult: 2,
  },
  {
    name: 'throw',
    rule: 'appsync-js/no-throw',
    message: 'Throw statements are not supported. Use util.error() to end with an error.',
    rejected: '  throw "bad";',
    accepted: '  return ctx.args.ok ? 1 : 0;',
    acceptedResult: 0,
  },
  {
    name: 'while',
    line: 4,
    rule: '@aws-appsync/no-while',
    message: 'While statements are not supported.',
    rejected: '  let i = 0;\n  while (i < 3) { i += 1; }\n  return i;',
    accepted: '  let i = 0;\n  for (const _ of [1, 2, 3]) { i += 1; }\n  return i;',
    acceptedResult: 3,
  },
  {
    name: 'do-while',
    line: 4,
    rule: '@aws-appsync/no-while',
    message: 'do...while statements are not supported.',
    rejected: '  let i = 0;\n  do { i += 1; } while (i < 3);\n  return i;',
    accepted: '  return [1, 2, 3].reduce((n) => n + 1, 0);',
    acceptedResult: 3,
  },
  {
    name: 'C-style for',
    line: 4,
    rule: '@aws-appsync/no-for',
    message: 'For statements are not supported.',
    rejected: '  let n = 0;\n  for (let i = 0; i < 3; i += 1) { n += i; }\n  return n;',
    accepted: '  let n = 0;\n  for (const i of [0, 1, 2]) { n += i; }\n  for (const k in { a: 1 }) { n += k.length; }\n  return n;',
    acceptedResult: 4,
  },
  {
    name: 'continue',
    line: 4,
    rule: '@aws-appsync/no-continue',
    message: 'Continue statements are not supported',
    rejected: '  const out = [];\n  for (const i of [1, 2]) { if (i === 1) continue; out.push(i); }\n  return out;',
    accepted: '  const out = [];\n  for (const i of [1, 2]) { if (i !== 1) { out.push(i); } }\n  return out;',
    acceptedResult: [2],
  },
  {
    name: 'labeled statements',
    rule: '@aws-appsync/no-labels',
    message: 'Labeled statements are not supported.',
    rejected: '  outer: for (const i of [1]) { break outer; }\n  return 1;',
    accepted: '  for (const i of [1]) { if (i) { break; } }\n  return 1;',
    acceptedResult: 1,
  },
  {
    name: 'classes',
    rule: '@aws-appsync/no-classes',
    message: 'Class declarations are not supported.',
    rejected: '  class Order {}\n  return 1;',
    accepted: '  const order = { id: 1 };\n  return order.id;',
    acceptedResult: 1,
  },
  {
    name: 'regex literals',
    rule: '@aws-appsync/no-regex',
    message: 'Regex literals are not supported.',
    rejected: '  return /a+/.test("aa");',
    accepted: '  return util.matches("a+", "aa");',
    acceptedResult: true,
  },
  {
    name: 'new Date()',
    rule: 'appsync-js/no-new',
    message: 'new Date() is not supported. Use util.time for dates and times.',
    rejected: '  return new Date(0).toISOString();',
    accepted: '  return util.time.epochMilliSecondsToISO8601(0);',
    acceptedResult: '1970-01-01T00:00:00.000Z',
  },
  {
    name: 'async functions',
    rule: '@aws-appsync/no-async',
    message: 'Async functions are not supported.',
    rejected: '  const f = async () => 1;\n  return 1;',
    accepted: '  const f = () => 1;\n  return [0].map(f)[0];',
    acceptedResult: 1,
  },
  {
    name: 'await',
    rule: '@aws-appsync/no-await',
    message: 'The `await` keyword is not supported',
    rejected: '  return await 1;',
    // Data arrives through the data source: the response handler reads it synchronously.
    accepted: '  const value = ctx.result ?? { ready: true };\n  return value.ready;',
    acceptedResult: true,
  },
  {
    name: 'promises',
    rule: '@aws-appsync/no-promise',
    message: 'Promise is not supported',
    rejected: '  return new Promise(() => 1);',
    accepted: '  return { operation: "Invoke", payload: ctx.args };',
    acceptedResult: { operation: 'Invoke', payload: {} },
  },
  {
    name: 'generators',
    rule: '@aws-appsync/no-generators',
    message: 'Generator functions are not supported.',
    rejected: '  return 1;',
    // A list built up front replaces a generator.
    accepted: '  const ids = [1, 2, 3].map((i) => `id-${i}`);\n  return ids;',
    acceptedResult: ['id-1', 'id-2', 'id-3'],
  },
  {
    name: 'this',
    rule: '@aws-appsync/no-this',
    message: 'This expressions are not supported.',
    rejected: '  return this;',
    accepted: '  return ctx.args;',
    acceptedResult: {},
  },
  {
    name: 'the ++ operator',
    line: 4,
    rule: '@aws-appsync/no-disallowed-unary-operators',
    message: 'The operator ++ is not supported',
    rejected: '  let i = 0;\n  i++;\n  return i;',
    accepted: '  let i = 0;\n  i += 1;\n  return i;',
    acceptedResult: 1,
  },
  {
    name: 'the -- operator',
    line: 4,
    rule: '@aws-appsync/no-disallowed-unary-operators',
    message: 'The operator -- is not supported',
    rejected: '  let i = 1;\n  --i;\n  return i;',
    accepted: '  let i = 1;\n  i -= 1;\n  return i;',
    acceptedResult: 0,
  },
  {
    name: 'the ~ operator',
    rule: '@aws-appsync/no-disallowed-unary-operators',
    message: 'The operator ~ is not supported',
    rejected: '  return ~1;',
    accepted: '  return -1 - 1;',
    acceptedResult: -2,
  },
  {
    name: 'the in operator',
    rule: '@aws-appsync/no-in-operator',
    message: 'in operator is not supported. Use Object.hasOwn().',
    rejected: '  return "id" in ctx.args;',
    accepted: '  return Object.hasOwn(ctx.args, "id");',
    acceptedResult: false,
  },
  {
    name: 'instanceof',
    rule: '@aws-appsync/no-disallowed-binary-operators',
    message: 'The operator instanceof is not supported',
    rejected: '  return ctx.args instanceof Object;',
    accepted: '  return typeof ctx.args === "object";',
    acceptedResult: true,
  },
  {
    name: 'recursion',
    rule: '@aws-appsync/no-recursion',
    message: 'Recursive function calls not supported. Detected cycle in countdown <-countdown',
    rejected: '  return countdown(3);',
    accepted: '  return [3, 2, 1].length;',
    acceptedResult: 3,
  },
  {
    name: 'passing a function to a non-array method',
    rule: '@aws-appsync/no-function-passing',
    message: 'Functions can not be passed as an argument',
    rejected: '  return JSON.stringify(ctx.args, (k, v) => v);',
    accepted: '  return [1, 2].map((v) => v * 2);',
    acceptedResult: [2, 4],
  },
  {
    name: 'a sort comparator',
    rule: '@aws-appsync/no-function-passing',
    message: 'Functions can not be passed as an argument',
    rejected: '  return [2, 1].sort((a, b) => a - b);',
    accepted: '  return [2, 1].sort();',
    acceptedResult: [1, 2],
  },
  {
    name: 'Function.prototype.call',
    line: 4,
    rule: 'appsync-js/no-function-methods',
    message: 'Function.prototype.call is not supported.',
    rejected: '  const f = (x) => x;\n  return f.call(null, 1);',
    accepted: '  const f = (x) => x;\n  return f(1);',
    acceptedResult: 1,
  },
  {
    name: 'returning a function',
    rule: '@aws-appsync/no-function-return',
    message: 'returning a function is not allowed',
    rejected: '  return () => 1;',
    accepted: '  return 1;',
    acceptedResult: 1,
  },
  {
    name: 'reassigning context',
    rule: '@aws-appsync/no-disallowed-re-assignment',
    message: 'ctx is readonly. Adding/Updating stash is not supported.',
    rejected: '  ctx.stash = {};\n  return 1;',
    accepted: '  ctx.stash.seen = true;\n  return ctx.stash.seen;',
    acceptedResult: true,
  },
];

// Samples whose violation is not in the handler body.
const rejectedModules: Record<string, { source: string; line: number }> = {
  generators: { source: module('  return 1;', 'function* ids() {}\n'), line: 2 },
  // await outside an async function does not parse; at the top level of a module it does.
  await: { source: module('  return 1;', 'const one = await 1;\n'), line: 2 },
  recursion: { source: module('  return countdown(3);', 'function countdown(n) {\n  return n === 0 ? 0 : countdown(n - 1);\n}\n'), line: 3 },
};

describe('APPSYNC_JS save-time restrictions (supported-features.html; @aws-appsync/eslint-plugin)', () => {
  it.each(restrictions)('rejects $name with the rule, its message and the line', (r) => {
    const special = rejectedModules[r.name];
    const source = special?.source ?? module(r.rejected);
    const error = rejection(source);
    // Exactly this violation: a sample that also tripped another rule would hide a false positive.
    expect(
      error.codeErrors.map((e) => e.rule),
      error.message,
    ).toEqual([r.rule]);
    const found = error.codeErrors[0];
    expect(found!.errorType).toBe('LINT_ERROR');
    expect(found!.value).toBe(r.message);
    const expectedLine = special?.line ?? r.line ?? 3;
    expect(found!.location.line).toBe(expectedLine);
    expect(error.message).toContain(`code.js(${expectedLine},`);
    expect(error.message).toContain(`error ${r.rule}: ${r.message}`);
  });

  it.each(restrictions)('accepts the alternative to $name and runs it', (r) => {
    expect(run(module(r.accepted))).toEqual(r.acceptedResult);
  });

  it('reports every violation, in source order', () => {
    const error = rejection(module('  let i = 0;\n  i++;\n  while (i) { i -= 1; }\n  return /x/;'));
    expect(error.codeErrors.map((e) => [e.location.line, e.rule])).toEqual([
      [4, '@aws-appsync/no-disallowed-unary-operators'],
      [5, '@aws-appsync/no-while'],
      [6, '@aws-appsync/no-regex'],
    ]);
  });

  it('rejects code that does not parse with a PARSER_ERROR naming the line', () => {
    const error = rejection(module('  return {;'));
    expect(error.codeErrors).toHaveLength(1);
    expect(error.codeErrors[0]).toMatchObject({ errorType: 'PARSER_ERROR', location: { line: 3 } });
    expect(error.codeErrors[0]!.value).toMatch(/^Parsing error: Unexpected token/);
  });

  it('rejects imports AppSync cannot resolve, and names the modules it can', () => {
    const error = rejection(`import { v4 } from 'uuid';\n${module('  return v4();')}`);
    expect(error.codeErrors[0]).toMatchObject({ rule: 'appsync-js/no-unresolved-import', location: { line: 1 } });
    expect(error.codeErrors[0]!.value).toContain('bundle other code into the file');
  });

  it('rejects code longer than AppSync accepts (32,768 characters)', () => {
    const error = rejection(module(`  return "${'x'.repeat(MAX_CODE_LENGTH)}";`));
    expect(error.codeErrors[0]!.errorType).toBe('CODE_TOO_LARGE');
  });

  it.each([
    ['a named function expression calling itself', 'const fact = function self(n) { return n <= 1 ? 1 : n * self(n - 1); };', 'fact(3)', 'self <-self'],
    ['a method of an object literal calling itself', 'const repo = { count(n) { return n === 0 ? 0 : repo.count(n - 1); } };', 'repo.count(2)', 'count <-count'],
    ['two functions calling each other', 'function even(n) { return n === 0 ? true : odd(n - 1); }\nfunction odd(n) { return n === 0 ? false : even(n - 1); }', 'even(2)', 'even <-odd <-even'],
  ])('rejects recursion through %s', (_name, before, call, cycle) => {
    const error = rejection(module(`  return ${call};`, `${before}\n`));
    expect(
      error.codeErrors.some((e) => e.rule === '@aws-appsync/no-recursion' && e.value.endsWith(cycle)),
      error.message,
    ).toBe(true);
  });

  it.each([
    ["a local that shares a function's name", 'function item(x) { return { id: x }; }\n', '  const item = ctx.args;\n  return item;', {}],
    [
      'locals of the same name in two functions',
      'function a() { const fmt = (x) => `a${x}`; return fmt(1); }\nfunction b() { const fmt = (x) => `b${x}`; return fmt(2) + a(); }\n',
      '  return b();',
      'b2a1',
    ],
    [
      'a method named like an imported helper',
      "import { get } from '@aws-appsync/utils/dynamodb';\nconst repo = { get(id) { return get({ key: { id } }); } };\n",
      '  return repo.get("1").operation;',
      'GetItem',
    ],
  ])('does not mistake %s for a function value or a recursion', (_name, before, body, result) => {
    expect(run(module(body, before))).toEqual(result);
  });

  it.each([
    ['export { x as default }', 'function handler(ctx) { return ctx.args; }\nexport { handler as default };\n', 'appsync-js/no-default-export'],
    ['a top-level for await', 'for await (const x of []) { x; }\n', '@aws-appsync/no-await'],
    ['writing ctx.stash inside a callback', '', '@aws-appsync/no-disallowed-re-assignment', '  [1].forEach(() => { ctx.stash = {}; });\n  return 1;'],
    ['ctx.stash as a for-of target', '', '@aws-appsync/no-disallowed-re-assignment', '  for (ctx.stash of [{}]) { break; }\n  return 1;'],
  ])('rejects %s', (_name, before, rule, body = '  return 1;') => {
    const error = rejection(module(body, before));
    expect(error.codeErrors.map((e) => e.rule)).toContain(rule);
  });

  it('accepts what the runtime supports: template literals, spread, rest, optional chaining, nullish, arrow functions', () => {
    const source = module(
      '  const { a, ...rest } = { a: 1, b: 2, c: 3 };\n  const list = [...[1, 2], ...[3]];\n  const f = (...xs) => xs.length;\n  return `${a}-${Object.keys(rest).join(",")}-${f(...list)}-${ctx.args.missing?.deep ?? "none"}`;',
    );
    expect(run(source)).toBe('1-b,c-3-none');
  });
});
