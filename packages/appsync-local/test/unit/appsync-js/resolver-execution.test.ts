/**
 * AppSync's control flow for unit and pipeline resolvers, driven through the same API the local
 * server uses. Data sources are real NONE data sources, plus a recording one that answers with
 * a fixed result or error, so every data-source call is visible.
 * Sources: https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-overview-js.html,
 * https://docs.aws.amazon.com/appsync/latest/devguide/runtime-utils-js.html (earlyReturn, skipTo),
 * https://docs.aws.amazon.com/appsync/latest/devguide/built-in-util-js.html (error, appendError).
 */
import { describe, expect, it } from 'vitest';
import { executeResolver, type DataSourceInvoker, type DataSourceResult, type PipelineFunction, type ResolverDefinition } from '../../../src/appsync-js/index.js';
import { invokeNoneDataSource } from '../../../src/data-sources/none.js';
import { runtime } from '../../helpers/appsync-js.js';

const PRELUDE = "import { util, runtime } from '@aws-appsync/utils';\n";
const code = (request: string, response: string) => runtime.load(`${PRELUDE}export function request(ctx) {\n${request}\n}\nexport function response(ctx) {\n${response}\n}\n`);

/** A NONE data source plus `db`, which records calls and answers with what the test sets. */
function dataSources(db: DataSourceResult = { result: { fromDb: true } }) {
  const calls: { dataSource: string; request: unknown }[] = [];
  const invoke: DataSourceInvoker = async ({ dataSource, request }) => {
    calls.push({ dataSource, request });
    return dataSource === 'none' ? invokeNoneDataSource(request) : db;
  };
  return { calls, invoke };
}

const fn = (name: string, request: string, response: string, dataSource = 'none'): PipelineFunction => ({ name, dataSource, code: code(request, response) });
const pipeline = (before: string, after: string, functions: PipelineFunction[]): ResolverDefinition => ({ kind: 'PIPELINE', code: code(before, after), functions });
const resolve = (resolver: ResolverDefinition, invoke: DataSourceInvoker, args: Record<string, unknown> = {}) =>
  executeResolver(runtime, resolver, runtime.fieldContext({ arguments: args, info: { fieldName: 'field', parentTypeName: 'Query' } }), invoke);

describe('unit resolvers', () => {
  it('send the request object to the data source and return what response makes of ctx.result', async () => {
    const { calls, invoke } = dataSources({ result: { id: 'o1', status: 'PLACED' } });
    const resolver: ResolverDefinition = {
      kind: 'UNIT',
      dataSource: 'db',
      code: code('  return { operation: "GetItem", key: { id: { S: ctx.args.id } } };', '  return { ...ctx.result, seenArgs: ctx.args };'),
    };
    const resolution = await resolve(resolver, invoke, { id: 'o1' });
    expect(calls).toEqual([{ dataSource: 'db', request: { operation: 'GetItem', key: { id: { S: 'o1' } } } }]);
    expect(resolution.value).toEqual({ id: 'o1', status: 'PLACED', seenArgs: { id: 'o1' } });
    expect(resolution.errors).toEqual([]);
    expect(resolution.trace.map((t) => t.step)).toEqual(['resolver.request', 'datasource:db', 'resolver.response']);
  });

  it('give a data-source failure to the response handler as ctx.error, which decides (here: util.error)', async () => {
    const { invoke } = dataSources({ error: { message: 'The conditional request failed', type: 'DynamoDB:ConditionalCheckFailedException' } });
    const resolver: ResolverDefinition = {
      kind: 'UNIT',
      dataSource: 'db',
      code: code('  return {};', '  if (ctx.error) { util.error(ctx.error.message, ctx.error.type); }\n  return ctx.result;'),
    };
    const resolution = await resolve(resolver, invoke);
    expect(resolution.value).toBeNull();
    expect(resolution.errors).toEqual([{ message: 'The conditional request failed', errorType: 'DynamoDB:ConditionalCheckFailedException', data: null, errorInfo: null }]);
  });

  it("return a data-source failure's result when the response handler ignores ctx.error", async () => {
    const { invoke } = dataSources({ result: null, error: { message: 'boom', type: 'Lambda:Unhandled' } });
    const resolver: ResolverDefinition = { kind: 'UNIT', dataSource: 'db', code: code('  return {};', '  return { handled: ctx.error.type };') };
    const resolution = await resolve(resolver, invoke);
    expect(resolution.value).toEqual({ handled: 'Lambda:Unhandled' });
    expect(resolution.errors).toEqual([]);
  });

  it('skip the data source and response when request returns early', async () => {
    const { calls, invoke } = dataSources();
    const resolver: ResolverDefinition = { kind: 'UNIT', dataSource: 'db', code: code('  runtime.earlyReturn({ hello: "world" });\n  return ctx.args;', '  return "never";') };
    const resolution = await resolve(resolver, invoke);
    expect(resolution.value).toEqual({ hello: 'world' });
    expect(calls).toEqual([]);
  });
});

describe('pipeline resolvers', () => {
  it('run before, each function (request, data source, response) and after, sharing ctx.stash and chaining ctx.prev.result', async () => {
    const { calls, invoke } = dataSources();
    const resolver = pipeline(
      '  ctx.stash.trail = ["before"];\n  return { step: 0 };',
      '  ctx.stash.trail.push("after");\n  return { last: ctx.prev.result, result: ctx.result, trail: ctx.stash.trail };',
      [
        fn('first', '  ctx.stash.trail.push("first");\n  return { payload: { step: ctx.prev.result.step + 1 } };', '  return ctx.result;'),
        fn('second', '  ctx.stash.trail.push("second");\n  return { payload: { step: ctx.prev.result.step + 1 } };', '  return { ...ctx.result, sawPrev: ctx.prev.result };'),
      ],
    );
    const resolution = await resolve(resolver, invoke);
    expect(resolution.value).toEqual({
      last: { step: 2, sawPrev: { step: 1 } },
      result: { step: 2, sawPrev: { step: 1 } },
      trail: ['before', 'first', 'second', 'after'],
    });
    expect(calls.map((c) => c.request)).toEqual([{ payload: { step: 1 } }, { payload: { step: 2 } }]);
  });

  it("earlyReturn in a function's request skips its data source and response; the next function gets the value", async () => {
    const { calls, invoke } = dataSources();
    const resolver = pipeline('  return {};', '  return ctx.prev.result;', [
      fn('cached', '  runtime.earlyReturn({ cached: true });', '  return "never";', 'db'),
      fn('next', '  return { payload: { got: ctx.prev.result } };', '  return ctx.result;'),
    ]);
    const resolution = await resolve(resolver, invoke);
    expect(resolution.value).toEqual({ got: { cached: true } });
    expect(calls.map((c) => c.dataSource)).toEqual(['none']);
  });

  it("earlyReturn in the resolver's request skips every function and runs the response at once", async () => {
    const { calls, invoke } = dataSources();
    const resolver = pipeline('  runtime.earlyReturn({ early: 1 });', '  return { after: ctx.prev.result };', [fn('a', '  return { payload: 1 };', '  return ctx.result;')]);
    const resolution = await resolve(resolver, invoke);
    expect(resolution.value).toEqual({ after: { early: 1 } });
    expect(calls).toEqual([]);
    expect(resolution.trace.map((t) => `${t.step}:${t.outcome}`)).toEqual(['resolver.request:earlyReturn', 'function:a:skipped', 'resolver.response:returned']);
  });

  it('skipTo END skips the rest of the pipeline; skipTo NEXT goes on with the next function', async () => {
    const { calls, invoke } = dataSources();
    const resolver = pipeline('  return {};', '  return ctx.prev.result;', [
      fn('one', '  runtime.earlyReturn({ from: "one" }, { skipTo: "NEXT" });', '  return "never";'),
      fn('two', '  return { payload: { from: "two", prev: ctx.prev.result } };', '  runtime.earlyReturn(ctx.result, { skipTo: "END" });'),
      fn('three', '  return { payload: "never" };', '  return ctx.result;'),
    ]);
    const resolution = await resolve(resolver, invoke);
    expect(resolution.value).toEqual({ from: 'two', prev: { from: 'one' } });
    expect(calls).toHaveLength(1);
  });

  it("earlyReturn in a response handler (a function's, or the resolver's) makes its value that step's result", async () => {
    const { invoke } = dataSources();
    const unit: ResolverDefinition = { kind: 'UNIT', dataSource: 'none', code: code('  return { payload: 1 };', '  runtime.earlyReturn({ early: ctx.result });\n  return "never";') };
    expect((await resolve(unit, invoke)).value).toEqual({ early: 1 });
    const piped = pipeline('  return {};', '  runtime.earlyReturn({ after: ctx.prev.result });', [
      fn('f', '  return { payload: 2 };', '  runtime.earlyReturn({ fn: ctx.result });\n  return "never";'),
    ]);
    expect((await resolve(piped, invoke)).value).toEqual({ after: { fn: 2 } });
  });

  it('util.error in a function stops the pipeline: the field is null with that error, after appended errors', async () => {
    const { calls, invoke } = dataSources();
    const resolver = pipeline('  return {};', '  return "after never runs";', [
      fn('warns', '  util.appendError("low stock", "Warning");\n  return { payload: 1 };', '  return ctx.result;'),
      fn('fails', '  util.error("Order not found", "OrderNotFound", null, { orderId: "o1" });', '  return "never";'),
      fn('unreached', '  return { payload: 2 };', '  return ctx.result;'),
    ]);
    const resolution = await resolve(resolver, invoke);
    expect(resolution.value).toBeNull();
    expect(resolution.errors).toEqual([
      { message: 'low stock', errorType: 'Warning', data: null, errorInfo: null },
      { message: 'Order not found', errorType: 'OrderNotFound', data: null, errorInfo: { orderId: 'o1' } },
    ]);
    expect(calls).toHaveLength(1);
    expect(resolution.trace.map((t) => t.step)).not.toContain('resolver.response');
  });

  it('util.appendError in several steps keeps every error and the value', async () => {
    const { invoke } = dataSources();
    const resolver = pipeline('  util.appendError("a");\n  return {};', '  util.appendError("c");\n  return { ok: true };', [
      fn('b', '  util.appendError("b");\n  return { payload: 1 };', '  return ctx.result;'),
    ]);
    const resolution = await resolve(resolver, invoke);
    expect(resolution.value).toEqual({ ok: true });
    expect(resolution.errors.map((e) => e.message)).toEqual(['a', 'b', 'c']);
  });

  it('an uncaught exception in a function ends the field with errorType Code and bypasses the rest', async () => {
    const { calls, invoke } = dataSources();
    const resolver = pipeline('  return {};', '  return "never";', [
      fn('broken', '  return ctx.args.missing.deep;', '  return ctx.result;'),
      fn('after', '  return { payload: 1 };', '  return ctx.result;'),
    ]);
    const resolution = await resolve(resolver, invoke);
    expect(resolution.value).toBeNull();
    expect(resolution.errors).toHaveLength(1);
    expect(resolution.errors[0]!.errorType).toBe('Code');
    expect(resolution.errors[0]!.message).toMatch(/^code\.js:3:\d+: TypeError: Cannot read properties of undefined \(reading 'deep'\)$/);
    expect(calls).toEqual([]);
  });

  it('collects logs from every step and gives each field its own stash', async () => {
    const { invoke } = dataSources();
    const resolver = pipeline('  console.log("before", ctx.stash.count ?? 0);\n  ctx.stash.count = 1;\n  return {};', '  console.log("after", ctx.stash.count);\n  return ctx.stash.count;', [
      fn('f', '  ctx.stash.count += 1;\n  return { payload: 1 };', '  return ctx.result;'),
    ]);
    const first = await resolve(resolver, invoke);
    const second = await resolve(resolver, invoke);
    expect(first.value).toBe(2);
    expect(second.value).toBe(2);
    expect(second.logs.map((l) => l.message)).toEqual(['"before" 0', '"after" 2']);
  });

  it("refuses more than 10 functions, AppSync's limit", async () => {
    const { invoke } = dataSources();
    const functions = Array.from({ length: 11 }, (_, i) => fn(`f${i}`, '  return { payload: 1 };', '  return ctx.result;'));
    await expect(resolve(pipeline('  return {};', '  return 1;', functions), invoke)).rejects.toThrow('at most 10 functions');
  });
});
