/**
 * The sandbox: the APPSYNC_JS surface and nothing else, no state carried from one evaluation
 * to the next, the context as AppSync fills it, and uncaught errors reported as AppSync does.
 * Sources: https://docs.aws.amazon.com/appsync/latest/devguide/supported-features.html,
 * https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference-js.html,
 * aws/aws-appsync-community#328 (uncaught errors: errorType Code, `code.js:line:col: Name: message`).
 */
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateBody, evaluateOutcome, runtime } from '../../helpers/appsync-js.js';

describe('modules', () => {
  it('hoists imports, as ES modules do', () => {
    const code = runtime.load("const id = util.autoId();\nexport function request(ctx) { return id.length; }\nimport { util } from '@aws-appsync/utils';\n");
    expect(runtime.toHost(code.evaluate('request', runtime.fieldContext()).value)).toBe(36);
  });

  it('supports named, renamed, namespace imports and export lists', () => {
    const code = runtime.load(
      "import { util as u } from '@aws-appsync/utils';\nimport * as ddb from '@aws-appsync/utils/dynamodb';\nconst handle = (ctx) => ({ op: ddb.get({ key: { id: ctx.args.id } }).operation, t: typeof u.autoId });\nexport { handle as request, handle as response };\n",
    );
    expect(runtime.toHost(code.evaluate('response', runtime.fieldContext({ arguments: { id: 'a' } })).value)).toEqual({ op: 'GetItem', t: 'function' });
  });
});

describe('no state leaks between evaluations', () => {
  it('re-instantiates the module each time: module-level variables start over', () => {
    const code = runtime.load('let calls = 0;\nconst seen = [];\nexport function request(ctx) {\n  calls += 1;\n  seen.push(ctx.args.n);\n  return { calls, seen };\n}\n');
    const first = code.evaluate('request', runtime.fieldContext({ arguments: { n: 1 } }));
    const second = code.evaluate('request', runtime.fieldContext({ arguments: { n: 2 } }));
    expect(runtime.toHost(first.value)).toEqual({ calls: 1, seen: [1] });
    expect(runtime.toHost(second.value)).toEqual({ calls: 1, seen: [2] });
  });

  it('built-ins are frozen: changing them fails that evaluation and the next one sees them intact', () => {
    const polluted = evaluateBody('Array.prototype.extra = 1;\nreturn 1;');
    expect(polluted.kind).toBe('error');
    expect(polluted.error!.errorType).toBe('Code');
    expect(polluted.error!.message).toMatch(/^code\.js:4:\d+: TypeError: Cannot add property extra, object is not extensible$/);
    expect(evaluate('typeof [].extra')).toBe('undefined');
    expect(evaluateBody('JSON.parse = null;\nreturn 1;').kind).toBe('error');
    expect(evaluate('JSON.parse("[1]")')).toEqual([1]);
  });

  it('util, extensions and runtime cannot be changed', () => {
    const outcome = evaluateBody('util.autoId = () => "fixed";\nreturn util.autoId();');
    expect(outcome.kind).toBe('error');
    expect(evaluate('util.autoId() === "fixed"')).toBe(false);
  });

  it('undeclared globals cannot be created (strict mode, no globalThis)', () => {
    expect(evaluateBody('leaked = 1;\nreturn 1;').error!.message).toMatch(/ReferenceError: leaked is not defined$/);
    expect(evaluate('typeof globalThis')).toBe('undefined');
  });

  it("the context object of one evaluation is not the next one's", () => {
    const code = runtime.load('export function request(ctx) {\n  ctx.args.count = (ctx.args.count ?? 0) + 1;\n  return ctx.args.count;\n}\n');
    expect(runtime.toHost(code.evaluate('request', runtime.fieldContext({ arguments: {} })).value)).toBe(1);
    expect(runtime.toHost(code.evaluate('request', runtime.fieldContext({ arguments: {} })).value)).toBe(1);
  });
});

describe('no way out of the sandbox', () => {
  it('host helpers never call methods of code-made objects (they get JSON copies)', () => {
    // An array whose map is code's: a helper calling it would hand over a host function.
    const outcome = evaluateBody(
      'let leaked = null;\nconst list = ["x"];\nlist.__proto__ = { map(callback) { leaked = callback; return []; } };\nconst set = util.dynamodb.toStringSet(list);\nreturn { set, leaked: typeof leaked };',
    );
    expect(outcome.error).toBeUndefined();
    expect(runtime.toHost(outcome.value)).toEqual({ set: { SS: ['x'] }, leaked: 'object' });
  });

  it('has no __proto__ accessor to swap prototypes with', () => {
    expect(evaluate('(() => { const o = {}; o.__proto__ = { injected: true }; return [o.injected, Object.keys(o)]; })()')).toEqual([null, ['__proto__']]);
  });

  it('functions reachable from code belong to the sandbox: their constructor cannot compile code', () => {
    for (const expression of ['util.autoId.constructor', 'util.time.nowISO8601.constructor', 'console.log.constructor', 'runtime.earlyReturn.constructor']) {
      const outcome = evaluateOutcome(`${expression}("return process")()`);
      expect(outcome.error?.message, expression).toMatch(/EvalError: Code generation from strings disallowed/);
    }
  });
});

describe('the APPSYNC_JS surface (supported-features.html)', () => {
  it('has the documented globals and none of the constructors APPSYNC_JS lacks', () => {
    expect(evaluate('[typeof NaN, typeof Infinity, typeof undefined, typeof util, typeof extensions, typeof runtime, typeof console, typeof JSON, typeof Math]')).toEqual([
      'number',
      'number',
      'undefined',
      'object',
      'object',
      'object',
      'object',
      'object',
      'object',
    ]);
    const absent = ['Date', 'RegExp', 'Map', 'Set', 'WeakMap', 'Promise', 'Proxy', 'Reflect', 'Symbol', 'eval', 'Function', 'process', 'require', 'setTimeout', 'Buffer', 'fetch'];
    expect(evaluate(`[${absent.map((g) => `typeof ${g}`).join(', ')}]`)).toEqual(absent.map(() => 'undefined'));
  });

  it("has no code generation from strings, even through a function's constructor", () => {
    const outcome = evaluateOutcome('util.autoId.constructor("return 1")()');
    expect(outcome.error!.message).toMatch(/EvalError: Code generation from strings disallowed/);
  });

  it("lacks the methods AWS's linter marks as not implemented", () => {
    for (const call of ['Object.freeze({})', 'Array.from([1])', '"a".padStart(3)', '"a".repeat(2)', '[1].keys()', 'Object.getPrototypeOf({})']) {
      const outcome = evaluateOutcome(call);
      expect(outcome.kind, call).toBe('error');
      expect(outcome.error!.message, call).toMatch(/TypeError: .* is not a function$/);
    }
  });

  it('keeps the documented methods', () => {
    expect(evaluate('[Object.entries({ a: 1 }), Object.hasOwn({ a: 1 }, "a"), "Ab".toLowerCase(), [3, 1, 2].sort(), [[1], [2]].flat(), Number.isFinite(1), Math.max(1, 2), "a,b".split(",")]')).toEqual(
      [[['a', 1]], true, 'ab', [1, 2, 3], [1, 2], true, 2, ['a', 'b']],
    );
  });

  it('JSON.parse returns a blank string for invalid JSON', () => {
    expect(evaluate('JSON.parse("{not json")')).toBe('');
    expect(evaluate('JSON.parse(\'{"a":[1]}\')')).toEqual({ a: [1] });
  });

  it('replace and replaceAll read a string pattern as a Java regular expression', () => {
    expect(evaluate('"a.b.c".replace(".", "-")')).toBe('-.b.c');
    expect(evaluate('"a.b.c".replaceAll("\\\\.", "/")')).toBe('a/b/c');
    expect(evaluate('"2024-01-31".replaceAll("(\\\\d+)-(\\\\d+)-(\\\\d+)", "$3/$2/$1")')).toBe('31/01/2024');
  });

  it('lets code assign keys such as toString on its own objects (built-ins stay frozen)', () => {
    expect(evaluate('(() => { const o = {}; o.toString = "x"; o.constructor = 1; return o; })()')).toEqual({ toString: 'x', constructor: 1 });
  });
});

describe('ctx (resolver-context-reference-js.html)', () => {
  it('provides arguments and args as the same object, {} when there are none', () => {
    expect(evaluate('[ctx.args === ctx.arguments, ctx.args]')).toEqual([true, {}]);
    expect(evaluate('ctx.args.id', { arguments: { id: 'u1' } })).toBe('u1');
  });

  it('provides identity, source, request, env and info; selectionSetList and selectionSetGraphQL are left out of JSON.stringify(ctx.info)', () => {
    const context = {
      identity: { sub: 's', issuer: 'i', claims: { email: 'a@b.c' } },
      source: { username: 'ann' },
      request: { headers: { 'x-trace': '1' }, domainName: null },
      env: { STAGE: 'dev' },
      info: { fieldName: 'orders', parentTypeName: 'User', variables: { limit: 5 }, selectionSetList: ['items', 'items/orderId'], selectionSetGraphQL: '{ items { orderId } }' },
    };
    expect(evaluate('[ctx.identity.claims.email, ctx.source.username, ctx.request.headers["x-trace"], ctx.request.domainName, ctx.env.STAGE]', context)).toEqual(['a@b.c', 'ann', '1', null, 'dev']);
    expect(evaluate('[ctx.info.fieldName, ctx.info.parentTypeName, ctx.info.variables, ctx.info.selectionSetList, ctx.info.selectionSetGraphQL]', context)).toEqual([
      'orders',
      'User',
      { limit: 5 },
      ['items', 'items/orderId'],
      '{ items { orderId } }',
    ]);
    expect(evaluate('JSON.parse(JSON.stringify(ctx.info))', context)).toEqual({ fieldName: 'orders', parentTypeName: 'User', variables: { limit: 5 } });
  });

  it('base properties cannot be replaced, even where the static check cannot see it', () => {
    const outcome = evaluateBody('const key = "st" + "ash";\nctx[key] = {};\nreturn 1;');
    expect(outcome.error!.message).toMatch(/TypeError: Cannot assign to read only property 'stash'/);
  });
});

describe('uncaught errors (aws-appsync-community#328)', () => {
  it('are reported as errorType Code with `code.js:line:column: Name: message`', () => {
    const outcome = evaluateBody('const order = ctx.args.order;\nreturn order.id;');
    expect(outcome.kind).toBe('error');
    // The column is where V8 places the failure (here the property read).
    expect(outcome.error).toEqual({ message: "code.js:5:14: TypeError: Cannot read properties of undefined (reading 'id')", errorType: 'Code', data: null, errorInfo: null });
  });

  it('are positioned in the code as AppSync received it, also on a one-line bundle', () => {
    const source = 'import{util as u}from"@aws-appsync/utils";export function request(ctx){u.autoId();return ctx.x.y}';
    const outcome = runtime.load(source).evaluate('request', runtime.fieldContext());
    expect(outcome.error!.message).toBe(`code.js:1:${source.indexOf('.y') + 2}: TypeError: Cannot read properties of undefined (reading 'y')`);
  });

  it('keep what was appended before the failure', () => {
    const outcome = evaluateBody('util.appendError("first");\nreturn missing.value;');
    expect(outcome.appendedErrors).toEqual([{ message: 'first', errorType: null, data: null, errorInfo: null }]);
    expect(outcome.error!.message).toMatch(/^code\.js:5:\d+: ReferenceError: missing is not defined$/);
  });

  it('come from a util helper given bad input with the position of the call', () => {
    const outcome = evaluateBody('\nreturn util.time.epochMilliSecondsToFormatted(0, "yyyy-MM-dd", "Mars/Olympus");');
    expect(outcome.error!.message).toBe("code.js:5:18: Error: util.time: unknown time zone 'Mars/Olympus'");
  });

  it('a call stack that never ends is stopped as an error, not a crash', () => {
    // Recursion the save-time check cannot see (a method added after the object is made).
    const outcome = evaluateBody('const o = {};\no.down = (n) => o.down(n + 1);\nreturn o.down(0);');
    expect(outcome.error!.errorType).toBe('Code');
    expect(outcome.error!.message).toMatch(/RangeError: Maximum call stack size exceeded$/);
  });
});

describe('results are serialized while the handler still runs', () => {
  it('a cyclic result is an error of that handler, not a crash', () => {
    const outcome = evaluateBody('const a = {};\na.self = a;\nreturn a;');
    expect(outcome.kind).toBe('error');
    expect(outcome.error!.errorType).toBe('Code');
    expect(outcome.error!.message).toMatch(/TypeError: Converting circular structure to JSON/);
  });

  it('a getter or toJSON that throws fails the handler with errorType Code', () => {
    expect(evaluateBody('return { get bad() { return ctx.args.missing.deep; } };').error!.message).toMatch(/TypeError: Cannot read properties of undefined \(reading 'deep'\)$/);
    expect(evaluateBody('return { toJSON() { return util.error("from toJSON", "Custom"); } };').error).toEqual({ message: 'from toJSON', errorType: 'Custom', data: null, errorInfo: null });
  });

  it('a toJSON may log, as it runs within the evaluation', () => {
    const outcome = evaluateBody('return { toJSON() { console.log("serializing"); return 1; } };');
    expect(outcome.json).toBe('1');
    expect(outcome.logs.map((l) => l.message)).toEqual(['"serializing"']);
  });

  it('a cyclic value given to console.log is printed, not fatal', () => {
    const outcome = evaluateBody('const a = {};\na.self = a;\nconsole.log(a, 1);\nreturn 1;');
    expect(outcome.kind).toBe('returned');
    expect(outcome.logs.map((l) => l.message)).toEqual(['[unserializable] 1']);
  });
});

describe('limits', () => {
  it('stops a loop over an array that keeps growing', () => {
    const code = runtime.load('export function request(ctx) {\n  const list = [1];\n  for (const x of list) { list.push(x); }\n  return list.length;\n}\n');
    const outcome = code.evaluate('request', runtime.fieldContext(), {}, { maxSteps: 50_000 });
    expect(outcome.error).toEqual({ message: 'code.js: The handler exceeded the local step limit (function calls and loop iterations).', errorType: 'Code', data: null, errorInfo: null });
  });

  it.each([
    [
      'nested forEach callbacks',
      'const big = [];\n  for (const i of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) { big.push(i); }\n  let n = 0;\n  big.forEach(() => big.forEach(() => big.forEach(() => big.forEach(() => big.forEach(() => big.forEach(() => { n += 1; }))))));\n  return n;',
    ],
    [
      'for-in over a large object',
      'const keys = {};\n  for (const i of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) { keys["k" + i] = i; }\n  let n = 0;\n  for (const a in keys) { for (const b in keys) { for (const c in keys) { for (const d in keys) { for (const e in keys) { for (const f in keys) { n += 1; } } } } } }\n  return n;',
    ],
    ['reduce and map', 'const ten = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];\n  return ten.reduce((a) => a + ten.map(() => ten.map(() => ten.map(() => ten.map(() => ten.map(() => 1))))).length, 0);'],
  ])('stops %s past the step limit (every call and iteration counts)', (_name, body) => {
    const code = runtime.load(`export function request(ctx) {\n  ${body}\n}\n`);
    const outcome = code.evaluate('request', runtime.fieldContext(), {}, { maxSteps: 100_000 });
    expect(outcome.error?.message).toBe('code.js: The handler exceeded the local step limit (function calls and loop iterations).');
  });

  it("stops a handler that runs past its deadline with AppSync's timeout error", () => {
    const code = runtime.load('export function request(ctx) {\n  const list = [1];\n  for (const x of list) { list.push(x); }\n  return list.length;\n}\n');
    const outcome = code.evaluate('request', runtime.fieldContext(), {}, { deadline: Date.now() + 50 });
    expect(outcome.error).toEqual({ message: 'Execution timed out.', errorType: 'ExecutionTimeout', data: null, errorInfo: null });
  });

  it('reports a handler the code does not export', () => {
    const code = runtime.load('export function request(ctx) { return {}; }\n');
    expect(code.evaluate('response', runtime.fieldContext()).error).toEqual({
      message: 'code.js: The code does not export a response function.',
      errorType: 'Code',
      data: null,
      errorInfo: null,
    });
  });
});

describe('console', () => {
  it('records console.log and console.error as AppSync prints them, positioned at the call', () => {
    const outcome = evaluateBody('console.log("This request is allowed");\n  console.error("bad", { id: 1 }, 2);\nreturn 1;');
    expect(outcome.logs).toEqual([
      { level: 'INFO', location: 'code.js:4:1', message: '"This request is allowed"' },
      { level: 'ERROR', location: 'code.js:5:3', message: '"bad" {"id":1} 2' },
    ]);
  });
});
