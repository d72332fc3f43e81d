/**
 * LocalLambda runs function assets with Lambda's semantics: results through JSON, errors in
 * Lambda's shape and wording, the function's own environment, a Lambda context, cold and warm
 * instances with per-instance module state, concurrency and queueing, timeouts, crashes, reload.
 * The functions are the handlers in test/fixtures/lambda/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalLambda } from '../../../src/lambda/local-lambda.js';
import { errorOf, FIXTURES, isAlive, resultOf, useFunctions } from './lambda-harness.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const lambda = useFunctions();

/** Folders with code written by the tests (reload, syntax errors, slow init). */
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'local-lambda-'));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

let folders = 0;
/** A new asset folder with these files. */
function codeFolder(files: Record<string, string>): string {
  const dir = path.join(scratch, `code-${(folders += 1)}`);
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

interface Act {
  pid: number;
  invocations: number;
  start: number;
  end: number;
}

describe('results', () => {
  it('answers the handler result after a JSON round trip, with a request id', async () => {
    const { fn } = lambda({ handler: 'index.echo' });
    const invocation = await fn.invoke({ text: 'hi', list: [1, 2], nested: { ok: true } });
    expect(invocation.requestId).toMatch(UUID);
    expect(resultOf(invocation)['event']).toEqual({ text: 'hi', list: [1, 2], nested: { ok: true } });
  });

  it('passes what JSON makes of values: dates as strings, functions dropped, undefined as null', async () => {
    const { fn } = lambda({ handler: 'index.returnsDate' });
    expect(resultOf(await fn.invoke({}))).toEqual({ at: '2026-01-02T03:04:05.000Z' });
    const { fn: empty } = lambda({ handler: 'index.returnsUndefined' });
    const invocation = await empty.invoke({});
    expect(invocation.error).toBeUndefined();
    expect(invocation.result).toBeNull();
  });

  it('delivers an absent event as null', async () => {
    const { fn } = lambda({ handler: 'index.echo' });
    expect(resultOf(await fn.invoke(undefined))['event']).toBeNull();
  });

  it('rejects an event JSON cannot carry, without invoking anything', async () => {
    const { fn } = lambda({ handler: 'index.echo' });
    await expect(fn.invoke({ big: 1n })).rejects.toThrow(/the event cannot be sent as JSON/);
    expect(fn.pids).toEqual([]);
  });

  it('resolves a handler in a sub-folder ("dir/file.fn") and a nested export ("file.obj.fn")', async () => {
    const { fn } = lambda({ handler: 'nested/deep/handler.run' });
    expect(resultOf(await fn.invoke({ n: 1 }))).toEqual({ from: 'nested/deep/handler.cjs', event: { n: 1 }, cwd: FIXTURES });
    const { fn: nested } = lambda({ handler: 'index.nested.deeper.handler' });
    expect(resultOf(await nested.invoke({}))).toBe('nested handler');
  });
});

describe('function errors', () => {
  it('reports a thrown error with its name as errorType, its message and its stack', async () => {
    const { fn } = lambda({ handler: 'index.fails' });
    const error = errorOf(await fn.invoke({}));
    expect(error.errorType).toBe('ValidationError');
    expect(error.errorMessage).toBe('the input is wrong');
    expect(error.stackTrace?.[0]).toBe('ValidationError: the input is wrong');
    expect(error.stackTrace?.[1]).toContain(path.join(FIXTURES, 'index.mjs'));
  });

  it('reports a rejection with a non-error value as Lambda does (errorType is its typeof)', async () => {
    const { fn } = lambda({ handler: 'index.rejectsWithString' });
    expect(errorOf(await fn.invoke({}))).toEqual({ errorType: 'string', errorMessage: 'plain text', stackTrace: [] });
  });

  it.each(['index.returnsBigInt', 'index.returnsCircular'])('fails %s, whose result JSON cannot carry, with Runtime.JSONStringifyError', async (handler) => {
    const { fn } = lambda({ handler });
    const error = errorOf(await fn.invoke({}));
    expect(error).toMatchObject({ errorType: 'Runtime.JSONStringifyError', errorMessage: 'Unable to stringify response body' });
  });

  it('ends an async handler whose promise can never settle with Runtime.NodeJsExit', async () => {
    const { fn } = lambda({ handler: 'index.neverSettles' });
    const error = errorOf(await fn.invoke({}));
    expect(error.errorType).toBe('Runtime.NodeJsExit');
    expect(error.errorMessage).toMatch(/^The Lambda runtime client detected an unexpected Node\.js exit code/);
  });

  it('answers an uncaught exception with that error and replaces the instance', async () => {
    const { fn } = lambda({ handler: 'index.act', maxConcurrency: 1 });
    const before = resultOf<Act>(await fn.invoke({ do: 'pid' }));
    const error = errorOf(await fn.invoke({ do: 'throwLater' }));
    expect(error).toMatchObject({ errorType: 'Error', errorMessage: 'thrown from a timer' });
    await vi.waitFor(() => expect(isAlive(before.pid)).toBe(false));
    const after = await fn.invoke({ do: 'pid' });
    expect(resultOf<Act>(after).pid).not.toBe(before.pid);
    expect(after.initDurationMs).toBeDefined();
  });

  it('answers an unhandled rejection with Runtime.UnhandledPromiseRejection and replaces the instance', async () => {
    const { fn } = lambda({ handler: 'index.act', maxConcurrency: 1 });
    const before = resultOf<Act>(await fn.invoke({ do: 'pid' }));
    const error = errorOf(await fn.invoke({ do: 'rejectUnobserved' }));
    expect(error).toMatchObject({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: 'Error: nobody listens' });
    expect(resultOf<Act>(await fn.invoke({ do: 'pid' })).pid).not.toBe(before.pid);
  });

  it('logs each function error as Lambda does ("Invoke Error" with the error as JSON)', async () => {
    const { fn, lines } = lambda({ handler: 'index.fails' });
    const invocation = await fn.invoke({});
    // The log travels on the instance's output stream, apart from the answer: it may come after it.
    const line = await vi.waitFor(() => {
      const found = lines.find((l) => l.includes('Invoke Error'));
      if (!found) throw new Error('no Invoke Error line yet');
      return found;
    });
    expect(line).toContain(`\t${invocation.requestId}\tERROR\tInvoke Error`);
    expect(line).toContain('"errorType":"ValidationError"');
  });
});

describe('callback handlers (runtimes before nodejs24.x)', () => {
  it('answers with what the callback passes', async () => {
    const { fn } = lambda({ handler: 'callbacks.later' });
    expect(resultOf(await fn.invoke({ value: 7 }))).toEqual({ answered: 7 });
  });

  it('answers an error passed to the callback as a function error', async () => {
    const { fn } = lambda({ handler: 'callbacks.fails' });
    expect(errorOf(await fn.invoke({}))).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad callback input' });
  });

  it('waits for the event loop to empty before answering, unless callbackWaitsForEmptyEventLoop is false', async () => {
    const { fn } = lambda({ handler: 'callbacks.waitsForEmptyLoop', maxConcurrency: 1 });
    expect(resultOf(await fn.invoke({}))).toEqual({ firedBefore: 0 });
    // The same instance's next invocation: the 300 ms timer left behind fired before it was answered.
    expect(resultOf(await fn.invoke({}))).toEqual({ firedBefore: 1 });

    // A 10-minute timer left behind: had the answer waited for it, the test's own timeout would end it.
    const { fn: eager } = lambda({ handler: 'callbacks.doesNotWait', maxConcurrency: 1 });
    expect(resultOf(await eager.invoke({}))).toEqual({ firedBefore: 0 });
    expect(resultOf(await eager.invoke({}))).toEqual({ firedBefore: 0 });
  });

  it('counts only the first answer of callback, context.succeed/fail/done or the promise', async () => {
    const { fn } = lambda({ handler: 'callbacks.answersTwice' });
    expect(resultOf(await fn.invoke({}))).toBe('first');
    const { fn: promised } = lambda({ handler: 'callbacks.promise' });
    expect(resultOf(await promised.invoke({ a: 1 }))).toEqual({ fromPromise: { a: 1 } });
  });

  it('ignores the return value of a non-async handler that never calls back (the answer is null)', async () => {
    const { fn } = lambda({ handler: 'callbacks.returnsValue' });
    const invocation = await fn.invoke({ a: 1 });
    expect(invocation.error).toBeUndefined();
    expect(invocation.result).toBeNull();
  });

  it('on nodejs24.x, refuses a callback handler at init and awaits what a plain handler returns', async () => {
    const { fn } = lambda({ handler: 'callbacks.later', runtime: 'nodejs24.x' });
    const error = errorOf(await fn.invoke({ value: 1 }));
    expect(error.errorType).toBe('Runtime.CallbackHandlerDeprecated');
    expect(error.errorMessage).toMatch(/^ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node\.js 24\./);
    const { fn: plain } = lambda({ handler: 'callbacks.returnsValue', runtime: 'nodejs24.x' });
    expect(resultOf(await plain.invoke({ a: 1 }))).toEqual({ returned: { a: 1 } });
  });

  it('treats nodejs22.x like the default (callbacks allowed) and refuses a runtime that is not Node.js', async () => {
    const { fn } = lambda({ handler: 'callbacks.later', runtime: 'nodejs22.x' });
    expect(resultOf(await fn.invoke({ value: 2 }))).toEqual({ answered: 2 });
    expect(() => new LocalLambda({ name: 'py', codeDir: FIXTURES, handler: 'index.handler', environment: {}, timeoutMs: 1000, memoryMb: 128, runtime: 'python3.12' })).toThrow(
      /runtime python3\.12 is not a Node\.js runtime/,
    );
  });
});

describe('environment', () => {
  it("gives the function only its own variables and Lambda's, none of this process's", async () => {
    process.env['AWS_ACCESS_KEY_ID'] = 'AKIA-OF-THE-HOST';
    process.env['LOCAL_LAMBDA_TEST_SECRET'] = 'must not leak';
    try {
      const { fn } = lambda({
        name: 'env-fn',
        handler: 'index.environment',
        memoryMb: 512,
        environment: { TABLE_NAME: 'users', AWS_REGION: 'eu-west-1', NODE_OPTIONS: '--enable-source-maps' },
      });
      const env = resultOf<Record<string, string>>(await fn.invoke({}));
      expect(env).toEqual({
        PATH: process.env['PATH'],
        ...(process.env['HOME'] ? { HOME: process.env['HOME'] } : {}),
        LANG: 'en_US.UTF-8',
        TZ: ':UTC',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        TABLE_NAME: 'users',
        NODE_OPTIONS: '--enable-source-maps',
        AWS_REGION: 'eu-west-1',
        AWS_DEFAULT_REGION: 'eu-west-1',
        AWS_LAMBDA_FUNCTION_NAME: 'env-fn',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
        AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/env-fn',
        AWS_LAMBDA_LOG_STREAM_NAME: expect.stringMatching(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/),
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
        _HANDLER: 'index.environment',
        LAMBDA_TASK_ROOT: FIXTURES,
      });
      // Powertools would turn X-Ray tracing on with it (see local-lambda.ts).
      expect(env).not.toHaveProperty('AWS_EXECUTION_ENV');
    } finally {
      delete process.env['AWS_ACCESS_KEY_ID'];
      delete process.env['LOCAL_LAMBDA_TEST_SECRET'];
    }
  });

  it('lets the function override TZ and the AWS config files, and defaults the region to us-east-1', async () => {
    const { fn } = lambda({ handler: 'index.environment', environment: { TZ: 'Europe/Paris', AWS_CONFIG_FILE: '/tmp/config' } });
    const env = resultOf<Record<string, string>>(await fn.invoke({}));
    expect(env).toMatchObject({ TZ: 'Europe/Paris', AWS_CONFIG_FILE: '/tmp/config', AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1' });
  });

  it('starts the process with the heap limit of its memory size, the given NODE_OPTIONS, in UTC, and no flags of this process', async () => {
    const { fn } = lambda({ handler: 'index.processFacts', memoryMb: 192, environment: { NODE_OPTIONS: '--enable-source-maps' } });
    const facts = resultOf<{ execArgv: string[]; sourceMapsEnabled: boolean; heapLimitMb: number; timeZone: string; timezoneOffset: number }>(await fn.invoke({}));
    expect(facts.execArgv).toEqual(['--max-old-space-size=192']);
    expect(facts.sourceMapsEnabled).toBe(true);
    // The limit covers the old space; V8 adds its young generation on top.
    expect(facts.heapLimitMb).toBeGreaterThanOrEqual(192);
    expect(facts.heapLimitMb).toBeLessThan(192 + 64);
    expect(facts).toMatchObject({ timeZone: 'UTC', timezoneOffset: 0 });
  });

  it.each(['AWS_LAMBDA_FUNCTION_NAME', '_HANDLER', 'LAMBDA_TASK_ROOT', 'AWS_EXECUTION_ENV'])('refuses the reserved variable %s, as Lambda does', (key) => {
    expect(() => new LocalLambda({ name: 'reserved', codeDir: FIXTURES, handler: 'index.echo', environment: { [key]: 'x' }, timeoutMs: 1000, memoryMb: 128 })).toThrow(
      `environment variable ${key} is reserved by Lambda`,
    );
  });

  it('refuses options it cannot run with, naming them', () => {
    const base = { name: 'opts', codeDir: FIXTURES, handler: 'index.echo', environment: {}, timeoutMs: 1000, memoryMb: 128 };
    expect(() => new LocalLambda({ ...base, codeDir: path.join(FIXTURES, 'no-such-folder') })).toThrow(/no-such-folder is not a folder/);
    expect(() => new LocalLambda({ ...base, timeoutMs: 0 })).toThrow(/timeoutMs must be a positive number/);
    expect(() => new LocalLambda({ ...base, maxConcurrency: 1.5 })).toThrow(/maxConcurrency must be an integer/);
    expect(() => new LocalLambda({ ...base, memoryMb: 127.5 })).toThrow(/memoryMb must be an integer/);
    expect(() => new LocalLambda({ ...base, name: 'has spaces' })).toThrow(/invalid function name/);
  });
});

describe('context', () => {
  it("carries Lambda's fields for the invocation and the instance", async () => {
    const { fn } = lambda({ name: 'ctx-fn', handler: 'index.echo', timeoutMs: 6000, memoryMb: 384, maxConcurrency: 1, environment: { AWS_REGION: 'eu-west-1' } });
    const first = await fn.invoke({});
    const second = await fn.invoke({});
    type Echo = { cwd: string; context: Record<string, unknown> & { remainingTimeInMillis: number } };
    const [a, b] = [resultOf<Echo>(first), resultOf<Echo>(second)];
    expect(a.context).toEqual({
      awsRequestId: first.requestId,
      functionName: 'ctx-fn',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:ctx-fn',
      memoryLimitInMB: '384',
      logGroupName: '/aws/lambda/ctx-fn',
      logStreamName: expect.stringMatching(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/),
      remainingTimeInMillis: expect.any(Number),
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(a.context.remainingTimeInMillis).toBeGreaterThan(5000);
    expect(a.context.remainingTimeInMillis).toBeLessThanOrEqual(6000);
    expect(b.context.awsRequestId).toBe(second.requestId);
    expect(second.requestId).not.toBe(first.requestId);
    // One instance, one log stream.
    expect(b.context.logStreamName).toBe(a.context.logStreamName);
    expect(a.cwd).toBe(FIXTURES);
    expect(fn.invokedFunctionArn).toBe('arn:aws:lambda:eu-west-1:000000000000:function:ctx-fn');
  });

  it('has no callbackWaitsForEmptyEventLoop on nodejs24.x, whose runtime dropped callbacks', async () => {
    const { fn } = lambda({ handler: 'index.echo', runtime: 'nodejs24.x' });
    const echo = resultOf<{ context: Record<string, unknown> }>(await fn.invoke({}));
    expect(echo.context['callbackWaitsForEmptyEventLoop']).toBeUndefined();
    expect(echo.context['functionName']).toBe('test-fn');
  });
});

describe('logs', () => {
  it("prefixes every line with the function name; console lines carry Lambda's time, request id and level", async () => {
    const { fn, lines } = lambda({ name: 'log-fn', handler: 'index.logs' });
    const invocation = await fn.invoke({ who: 'the test' });
    expect(resultOf(invocation)).toBe('logged');
    await vi.waitFor(() => expect(lines).toHaveLength(3));
    const stamp = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z`;
    expect(lines[0]).toMatch(new RegExp(`^\\[log-fn\\] ${stamp}\\t${invocation.requestId}\\tINFO\\thello from the test$`));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^\\[log-fn\\] ${stamp}\\t${invocation.requestId}\\tERROR\\tsomething to see$`)));
    expect(lines).toContain('[log-fn] raw stdout line');
  });
});

describe('loading the handler', () => {
  it.each([
    ['missing.handler', 'Runtime.ImportModuleError', /^Error: Cannot find module 'missing'\nRequire stack:/],
    ['missing-dependency/index.handler', 'Runtime.ImportModuleError', /^Error: Cannot find package 'no-such-package-for-local-lambda' imported from /],
    ['index.nope', 'Runtime.HandlerNotFound', /^index\.nope is undefined or not exported$/],
    ['index.notAFunction', 'Runtime.HandlerNotFound', /^index\.notAFunction is not a function$/],
    ['index', 'Runtime.MalformedHandlerName', /^Bad handler$/],
    ['../index.echo', 'Runtime.MalformedHandlerName', /^'\.\.\/index\.echo' is not a valid handler name\. Use absolute paths/],
  ])('fails %s with %s', async (handler, errorType, message) => {
    const { fn, lines } = lambda({ handler });
    const invocation = await fn.invoke({});
    const error = errorOf(invocation);
    expect(error.errorType).toBe(errorType);
    expect(error.errorMessage).toMatch(message);
    expect(invocation.initDurationMs).toBeDefined();
    await vi.waitFor(() => expect(lines.some((l) => l.includes('\tundefined\tERROR\tInit Error'))).toBe(true));
  });

  it('reports an error thrown while the module loads as it is, and retries init on the next invocation', async () => {
    const { fn } = lambda({ handler: 'init-fails/index.handler' });
    expect(errorOf(await fn.invoke({}))).toMatchObject({ errorType: 'Error', errorMessage: 'Environment variable TABLE_NAME is not set' });
    expect(errorOf(await fn.invoke({}))).toMatchObject({ errorType: 'Error', errorMessage: 'Environment variable TABLE_NAME is not set' });
    const { fn: configured } = lambda({ handler: 'init-fails/index.handler', environment: { TABLE_NAME: 'users' } });
    expect(resultOf(await configured.invoke({}))).toEqual({ tableName: 'users' });
  });

  it('fails a syntax error with Runtime.UserCodeSyntaxError; fixed code loads on the next invocation', async () => {
    const dir = codeFolder({ 'index.mjs': 'export const handler = async () => {;\n' });
    const { fn } = lambda({ handler: 'index.handler', codeDir: dir });
    const error = errorOf(await fn.invoke({}));
    expect(error.errorType).toBe('Runtime.UserCodeSyntaxError');
    expect(error.errorMessage).toMatch(/^SyntaxError: /);
    // A failed init leaves no instance behind: the next invocation loads the code again.
    writeFileSync(path.join(dir, 'index.mjs'), "export const handler = async () => 'fixed';\n");
    expect(resultOf(await fn.invoke({}))).toBe('fixed');
  });

  it('times out an init that takes longer than initTimeoutMs', async () => {
    const dir = codeFolder({ 'index.mjs': "await new Promise((resolve) => setTimeout(resolve, 10_000));\nexport const handler = async () => 'late';\n" });
    const { fn } = lambda({ handler: 'index.handler', codeDir: dir, initTimeoutMs: 300 });
    // Had the init run to its end (10 s), the function would answer 'late' rather than time out.
    const invocation = await fn.invoke({});
    expect(errorOf(invocation)).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${invocation.requestId} Error: Task timed out after 0.30 seconds` });
    await vi.waitFor(() => expect(fn.pids).toEqual([]));
  });
});

describe('timeouts and crashes', () => {
  it('kills an invocation that runs past the timeout, answers Sandbox.Timedout, and starts fresh next time', async () => {
    const { fn, lines } = lambda({ handler: 'index.act', timeoutMs: 1000, maxConcurrency: 1 });
    const warm = resultOf<Act>(await fn.invoke({ do: 'pid' }));
    // The server's timers on a test clock: the function spins for real, only the clock is moved.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let timedOut: Awaited<ReturnType<typeof fn.invoke>>;
    try {
      let answered = false;
      const invocation = fn.invoke({ do: 'spin' }).then((answer) => ((answered = true), answer));
      expect(vi.getTimerCount()).toBe(1); // a warm instance takes it at once: its deadline is set
      await vi.advanceTimersByTimeAsync(999);
      expect(answered).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      timedOut = await invocation;
    } finally {
      vi.useRealTimers();
    }
    expect(errorOf(timedOut)).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${timedOut.requestId} Error: Task timed out after 1.00 seconds` });
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^\\[test-fn\\] \\S+Z ${timedOut.requestId} Task timed out after 1\\.00 seconds$`)));
    await vi.waitFor(() => expect(isAlive(warm.pid)).toBe(false));

    const next = await fn.invoke({ do: 'pid' });
    expect(resultOf<Act>(next).pid).not.toBe(warm.pid);
    expect(resultOf<Act>(next).invocations).toBe(1);
    expect(next.initDurationMs).toBeDefined();
  });

  it('answers a process exit with Runtime.ExitError in Lambda wording, then recovers', async () => {
    const { fn } = lambda({ handler: 'index.act', maxConcurrency: 1 });
    const failed = await fn.invoke({ do: 'exit', code: 3 });
    expect(errorOf(failed)).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${failed.requestId} Error: Runtime exited with error: exit status 3` });
    const quiet = await fn.invoke({ do: 'exit', code: 0 });
    expect(errorOf(quiet)).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${quiet.requestId} Error: Runtime exited without providing a reason` });
    const next = await fn.invoke({ do: 'pid' });
    expect(resultOf<Act>(next).invocations).toBe(1);
  });

  it('answers a heap exhausted at the memory size with Runtime.OutOfMemory, then recovers', async () => {
    const { fn, lines } = lambda({ handler: 'index.act', memoryMb: 128, maxConcurrency: 1 });
    const failed = await fn.invoke({ do: 'hog' });
    const error = errorOf(failed);
    expect(error.errorType).toBe('Runtime.OutOfMemory');
    expect(error.errorMessage).toMatch(new RegExp(`^RequestId: ${failed.requestId} Error: Runtime exited with error: signal: `));
    expect(lines).toContain('[test-fn] the function ran out of memory: its heap is limited to its memory size, 128 MB');
    expect(resultOf<Act>(await fn.invoke({ do: 'pid' })).invocations).toBe(1);
  });
});

describe('instances', () => {
  it('loads the module once per instance and reuses the warm instance', async () => {
    const { fn } = lambda({ handler: 'index.act', maxConcurrency: 1 });
    const invocations = [];
    for (let i = 0; i < 3; i += 1) invocations.push(await fn.invoke({ do: 'pid' }));
    const results = invocations.map((i) => resultOf<Act>(i));
    expect(new Set(results.map((r) => r.pid)).size).toBe(1);
    expect(results.map((r) => r.invocations)).toEqual([1, 2, 3]);
    expect(invocations.map((i) => i.initDurationMs !== undefined)).toEqual([true, false, false]);
  });

  it('runs up to maxConcurrency invocations at once, each in its own instance with its own module state', async () => {
    const { fn } = lambda({ handler: 'index.act', maxConcurrency: 3 });
    const results = (await Promise.all([1, 2, 3].map(() => fn.invoke({ do: 'sleep', ms: 600 })))).map((i) => resultOf<Act>(i));
    expect(new Set(results.map((r) => r.pid)).size).toBe(3);
    expect(results.map((r) => r.invocations)).toEqual([1, 1, 1]);
    // All three ran at the same time.
    expect(Math.max(...results.map((r) => r.start))).toBeLessThan(Math.min(...results.map((r) => r.end)));
  });

  it('queues invocations beyond maxConcurrency and serves them in order as instances free up', async () => {
    const { fn } = lambda({ handler: 'index.act', maxConcurrency: 2 });
    let mostProcesses = 0;
    const sampler = setInterval(() => (mostProcesses = Math.max(mostProcesses, fn.pids.length)), 5);
    const results = (await Promise.all([1, 2, 3, 4, 5, 6].map(() => fn.invoke({ do: 'sleep', ms: 300 })))).map((i) => resultOf<Act>(i));
    clearInterval(sampler);

    expect(new Set(results.map((r) => r.pid)).size).toBe(2);
    expect(mostProcesses).toBe(2);
    // At no moment did more than two run: count what runs at each moment one starts.
    const runningAt = (t: number) => results.filter((o) => o.start <= t && t < o.end).length;
    expect(Math.max(...results.map((r) => runningAt(r.start)))).toBe(2);
    // Each instance served three, with its module state carried from one to the next.
    for (const pid of new Set(results.map((r) => r.pid))) {
      expect(results.filter((r) => r.pid === pid).map((r) => r.invocations)).toEqual([1, 2, 3]);
    }
  });
});

describe('drain', () => {
  it('lets every invocation already made answer, then stops and takes no more', async () => {
    const dir = codeFolder({
      'index.mjs': `export const handler = async (event) => {\n  await new Promise((resolve) => setTimeout(resolve, event.ms));\n  return { done: event.ms, pid: process.pid };\n};\n`,
    });
    const { fn } = lambda({ handler: 'index.handler', codeDir: dir, maxConcurrency: 1 });
    // One running, one queued behind it (one instance at most).
    const running = fn.invoke({ ms: 300 });
    const queued = fn.invoke({ ms: 10 });
    const drained = fn.drain();
    await expect(fn.invoke({ ms: 0 })).rejects.toThrow(`LocalLambda ${fn.name} is stopped`);
    expect(resultOf(await running)).toMatchObject({ done: 300 });
    const last = resultOf<{ done: number; pid: number }>(await queued);
    expect(last.done).toBe(10);
    await drained;
    expect(fn.pids).toEqual([]);
    expect(isAlive(last.pid)).toBe(false);
  });
});

describe('reload', () => {
  const version = (n: number) =>
    `export const handler = async (event) => {\n  await new Promise((resolve) => setTimeout(resolve, event?.ms ?? 0));\n  return { version: ${n}, pid: process.pid };\n};\n`;

  it('keeps serving the loaded code until reload(), then starts instances on the new code', async () => {
    const dir = codeFolder({ 'index.mjs': version(1) });
    const { fn } = lambda({ handler: 'index.handler', codeDir: dir });
    const v1 = resultOf<{ version: number; pid: number }>(await fn.invoke({}));
    expect(v1.version).toBe(1);

    writeFileSync(path.join(dir, 'index.mjs'), version(2));
    // Warm: the module is loaded once per instance, as on Lambda.
    expect(resultOf<{ version: number }>(await fn.invoke({})).version).toBe(1);

    await fn.reload();
    expect(isAlive(v1.pid)).toBe(false);
    const v2 = await fn.invoke({});
    expect(resultOf<{ version: number; pid: number }>(v2)).toMatchObject({ version: 2 });
    expect(v2.initDurationMs).toBeDefined();

    const other = codeFolder({ 'index.mjs': version(3) });
    await fn.reload({ codeDir: other });
    expect(fn.codeDir).toBe(other);
    expect(resultOf<{ version: number }>(await fn.invoke({})).version).toBe(3);
  });

  it('lets a running invocation finish on the old code, and retires its instance afterwards', async () => {
    const dir = codeFolder({ 'index.mjs': version(1) });
    const { fn } = lambda({ handler: 'index.handler', codeDir: dir, maxConcurrency: 1 });
    resultOf(await fn.invoke({}));
    // The warm instance takes it at once: it is running when reload() comes.
    const running = fn.invoke({ ms: 400 });
    writeFileSync(path.join(dir, 'index.mjs'), version(2));
    await fn.reload();
    const old = resultOf<{ version: number; pid: number }>(await running);
    expect(old.version).toBe(1);
    const fresh = resultOf<{ version: number; pid: number }>(await fn.invoke({}));
    expect(fresh.version).toBe(2);
    expect(fresh.pid).not.toBe(old.pid);
    await vi.waitFor(() => expect(isAlive(old.pid)).toBe(false));
  });

  it('takes new settings with the new code: handler, environment, timeout', async () => {
    const dir = codeFolder({
      'index.mjs': `export const handler = async () => ({ name: 'first', value: process.env.VALUE ?? null });\nexport const other = async () => ({ name: 'second', value: process.env.VALUE ?? null });\n`,
    });
    const { fn } = lambda({ handler: 'index.handler', codeDir: dir, environment: { VALUE: 'a' } });
    expect(resultOf(await fn.invoke({}))).toEqual({ name: 'first', value: 'a' });
    await fn.reload({ handler: 'index.other', environment: { VALUE: 'b' } });
    expect(resultOf(await fn.invoke({}))).toEqual({ name: 'second', value: 'b' });
    await expect(fn.reload({ environment: { AWS_LAMBDA_FUNCTION_NAME: 'x' } })).rejects.toThrow('environment variable AWS_LAMBDA_FUNCTION_NAME is reserved by Lambda');
    // A refused redeploy changes nothing.
    expect(resultOf(await fn.invoke({}))).toEqual({ name: 'second', value: 'b' });
  });

  it('replaces an instance still starting when reload() comes, without losing its invocation', async () => {
    const dir = codeFolder({ 'index.mjs': version(1) });
    const { fn } = lambda({ handler: 'index.handler', codeDir: dir });
    const pending = fn.invoke({});
    const [loading] = fn.pids;
    writeFileSync(path.join(dir, 'index.mjs'), version(2));
    await fn.reload();
    expect(isAlive(loading!)).toBe(false);
    const invocation = await pending;
    expect(resultOf<{ version: number }>(invocation).version).toBe(2);
  });
});
