/**
 * The APPSYNC_JS runtime's own cost: loading (checking and compiling) a bundle once, then
 * evaluating a handler, per call. The baseline runs the very same bundle as a plain function in
 * Node with the same util implementation, but without the sandbox: no fresh module instance,
 * no context built in the sandbox realm, no realm crossing. The ratio is what isolation costs.
 */
import { Bench } from 'tinybench';
import { AppSyncJsRuntime, type AppSyncCode, type HandlerName } from '../src/runtime.js';
import { runInScope, type EvaluationScope } from '../src/appsync-js/evaluation-scope.js';
import { checkAppSyncJs } from '../src/appsync-js/language-rules.js';
import { toModuleFactory } from '../src/appsync-js/module-factory.js';
import { createDynamoDbModule } from '../src/appsync-js/modules/dynamodb.js';
import { createExtensions } from '../src/appsync-js/extensions.js';
import { createRuntimeNamespace } from '../src/appsync-js/runtime-namespace.js';
import { createUtil } from '../src/appsync-js/util/index.js';
import { SYSTEM_ENVIRONMENT } from '../src/appsync-js/runtime-environment.js';

const PRELUDE = `import { util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
`;

interface Case {
  name: string;
  handler: HandlerName;
  source: string;
  context: { arguments?: Record<string, unknown>; result?: unknown };
}

const CASES: Case[] = [
  {
    name: 'return ctx.args (empty handler)',
    handler: 'request',
    source: `${PRELUDE}export function request(ctx) { return ctx.args; }\nexport function response(ctx) { return ctx.result; }`,
    context: { arguments: { username: 'ann' } },
  },
  {
    name: 'ddb.get request',
    handler: 'request',
    source: `${PRELUDE}export function request(ctx) { return ddb.get({ key: { PK: 'CUSTOMER#' + ctx.args.username, SK: 'CUSTOMER#' + ctx.args.username } }); }\nexport function response(ctx) { return ctx.result; }`,
    context: { arguments: { username: 'ann' } },
  },
  {
    name: 'ddb.update with condition',
    handler: 'request',
    source: `${PRELUDE}export function request(ctx) {
  const { username, orderId, status, expectedVersion } = ctx.args.input;
  return ddb.update({
    key: { PK: 'CUSTOMER#' + username, SK: '#ORDER#' + orderId },
    update: { Status: status, UpdatedAt: util.time.nowISO8601(), version: ddb.operations.increment(1) },
    condition: { version: { eq: expectedVersion }, Status: { in: ['PLACED', 'SHIPPED'] } },
  });
}
export function response(ctx) { return ctx.result; }`,
    context: { arguments: { input: { username: 'ann', orderId: 'o1', status: 'SHIPPED', expectedVersion: 1 } } },
  },
  {
    name: 'response mapping of a Query page',
    handler: 'response',
    source: `${PRELUDE}export function request(ctx) { return {}; }
export function response(ctx) {
  if (ctx.error) { util.error(ctx.error.message, ctx.error.type); }
  const items = ctx.result.items.map((i) => ({ orderId: i.OrderId, status: i.Status, amount: i.Amount }));
  return { items, nextToken: ctx.result.nextToken ?? null };
}`,
    context: {
      result: {
        items: Array.from({ length: 10 }, (_, i) => ({ PK: 'CUSTOMER#ann', SK: `#ORDER#${i}`, OrderId: `${i}`, Status: 'PLACED', Amount: 10 + i })),
        nextToken: null,
      },
    },
  },
];

/** The bundle run as a plain host function: same code, same util, no isolation. */
function plainHandler(source: string, handler: HandlerName): (ctx: unknown) => unknown {
  const checked = checkAppSyncJs(source);
  const { code } = toModuleFactory(source, checked.ast!);
  // The baseline deliberately skips the sandbox: the same factory, compiled in the host.
  const factory = (0, eval)(code) as (m: object, step: () => void) => Record<string, (ctx: unknown) => unknown>;
  const util = createUtil(SYSTEM_ENVIRONMENT);
  const modules = {
    '@aws-appsync/utils': { util, extensions: createExtensions(), runtime: createRuntimeNamespace() },
    '@aws-appsync/utils/dynamodb': createDynamoDbModule(),
  };
  const fn = factory(modules, () => undefined)[handler]!;
  return fn;
}

const scope = (): EvaluationScope => ({
  fieldName: 'f',
  parentTypeName: 'Query',
  authMode: 'API_KEY',
  appendedErrors: [],
  logs: [],
  extensions: { invalidations: [], cacheEvictions: [] },
  responseHeaders: {},
  locateCaller: () => 'code.js',
  deadline: Date.now() + 30_000,
  stepsLeft: 1e9,
});

/** Runs `call` in batches so each sample is a mean over many calls (single calls are below timer resolution). */
function batched(call: () => void, size = 200) {
  return () => {
    const start = performance.now();
    for (let i = 0; i < size; i += 1) call();
    const total = performance.now() - start;
    return { overriddenDuration: total / size, overriddenIterationCost: total };
  };
}

export interface RuntimeBenchRow {
  case: string;
  sandboxP50Us: number;
  sandboxP99Us: number;
  baselineP50Us: number;
  ratio: number;
}

export async function benchAppSyncJsRuntime(): Promise<{ loadMs: number; rows: RuntimeBenchRow[] }> {
  const runtime = new AppSyncJsRuntime();

  const loads = new Bench({ time: 500 });
  loads.add('load', () => {
    runtime.load(CASES[2]!.source);
  });
  await loads.run();

  const bench = new Bench({ time: 1000, warmupTime: 200 });
  for (const c of CASES) {
    const code: AppSyncCode = runtime.load(c.source);
    const field = runtime.fieldContext({ arguments: c.context.arguments ?? {} });
    const result = c.context.result === undefined ? undefined : runtime.toRealm(c.context.result);
    bench.add(
      `sandbox: ${c.name}`,
      batched(() => void code.evaluate(c.handler, field, { result })),
    );

    const plain = plainHandler(c.source, c.handler);
    const ctx = { arguments: c.context.arguments ?? {}, args: c.context.arguments ?? {}, stash: {}, prev: {}, result: c.context.result };
    bench.add(
      `baseline: ${c.name}`,
      batched(() => void runInScope(scope(), () => plain(ctx))),
    );
  }
  await bench.run();

  const us = (ms: number | undefined) => (ms ?? NaN) * 1000;
  const stat = (name: string) => {
    const r = bench.getTask(name)?.result;
    if (!r || r.state !== 'completed') throw new Error(`benchmark ${name} did not complete`);
    return r.latency;
  };
  const rows = CASES.map((c) => {
    const s = stat(`sandbox: ${c.name}`);
    const b = stat(`baseline: ${c.name}`);
    return { case: c.name, sandboxP50Us: us(s.p50), sandboxP99Us: us(s.p99), baselineP50Us: us(b.p50), ratio: s.p50 / b.p50 };
  });
  const load = loads.getTask('load')?.result;
  return { loadMs: load && load.state === 'completed' ? load.latency.p50 : NaN, rows };
}
