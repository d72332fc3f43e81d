/**
 * AppSync's control flow for one field
 * (https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-overview-js.html,
 * https://docs.aws.amazon.com/appsync/latest/devguide/runtime-utils-js.html):
 *
 * - unit resolver: request → data source → response;
 * - pipeline resolver: request ("before") → for each function (request → data source →
 *   response) → response ("after"), with `ctx.stash` shared and `ctx.prev.result` carrying
 *   each step's result to the next;
 * - runtime.earlyReturn skips the data source and response of the current function (or
 *   resolver), `skipTo: 'END'` jumps to the resolver's response, `skipTo: 'NEXT'` to the next step;
 * - util.error or an uncaught exception ends the field with null and that error; errors added
 *   with util.appendError are kept and the steps go on;
 * - a data-source failure is not an error by itself: it sets `ctx.error` and the response
 *   handler decides.
 *
 * Data sources are supplied by the caller, so the same flow serves the evaluate-code command,
 * tests and the local server.
 */
import type { AppSyncCode, EvaluateOptions, HandlerName, HandlerOutcome } from './appsync-code.js';
import type { ExtensionCalls, FieldError, LogEntry } from './evaluation-scope.js';
import type { FieldContext } from './field-context.js';
import type { AppSyncJsRuntime } from './runtime.js';

/** A data source's answer: AppSync puts it in ctx.result or ctx.error. */
export interface DataSourceResult {
  result?: unknown;
  error?: { message: string; type: string };
}

/** Invokes a data source with the request object a handler returned (as plain JSON data). */
export type DataSourceInvoker = (call: { dataSource: string; request: unknown; field: FieldContext }) => Promise<DataSourceResult>;

export interface PipelineFunction {
  name: string;
  dataSource: string;
  code: AppSyncCode;
}

export type ResolverDefinition = { kind: 'UNIT'; dataSource: string; code: AppSyncCode } | { kind: 'PIPELINE'; code: AppSyncCode; functions: PipelineFunction[] };

/** AppSync's limit on functions in one pipeline resolver. */
export const MAX_PIPELINE_FUNCTIONS = 10;

export interface TraceStep {
  /** `resolver.request`, `function:<name>.response`, `datasource:<name>`. */
  step: string;
  durationMs: number;
  outcome: HandlerOutcome['kind'] | 'invoked' | 'skipped';
  /** Data-source request and response, for the trace the local server can return. */
  request?: unknown;
  response?: DataSourceResult;
  error?: FieldError;
}

export interface FieldResolution {
  /** The field's value as plain data; null when the field ended with an error. */
  value: unknown;
  /** Appended errors first, in order, then the error that ended the field, if any. */
  errors: FieldError[];
  /** The field ended with an error (the last of `errors`) rather than a value. */
  failed: boolean;
  logs: LogEntry[];
  extensions: ExtensionCalls;
  responseHeaders: Record<string, string>;
  trace: TraceStep[];
}

export async function executeResolver(
  runtime: AppSyncJsRuntime,
  resolver: ResolverDefinition,
  field: FieldContext,
  invoke: DataSourceInvoker,
  options: EvaluateOptions = {},
): Promise<FieldResolution> {
  const resolution: FieldResolution = {
    value: null,
    errors: [],
    failed: false,
    logs: [],
    extensions: { invalidations: [], cacheEvictions: [] },
    responseHeaders: {},
    trace: [],
  };
  let ended: FieldError | undefined;

  /** Runs one handler and folds its side effects into the resolution. */
  const run = (code: AppSyncCode, handler: HandlerName, label: string, step: Parameters<AppSyncCode['evaluate']>[2]): HandlerOutcome => {
    const started = performance.now();
    const outcome = code.evaluate(handler, field, step, options);
    resolution.errors.push(...outcome.appendedErrors);
    resolution.logs.push(...outcome.logs);
    mergeExtensions(resolution.extensions, outcome.extensions);
    Object.assign(resolution.responseHeaders, outcome.responseHeaders);
    resolution.trace.push({
      step: `${label}.${handler}`,
      durationMs: performance.now() - started,
      outcome: outcome.kind,
      ...(outcome.error ? { error: outcome.error } : {}),
    });
    if (outcome.kind === 'error') ended = outcome.error;
    return outcome;
  };

  /** Sends a request object to a data source; its result or error comes back as sandbox values for the response handler. */
  const callDataSource = async (dataSource: string, requestJson: string | undefined) => {
    const request: unknown = requestJson === undefined ? null : JSON.parse(requestJson);
    const started = performance.now();
    const response = await invoke({ dataSource, request, field });
    resolution.trace.push({ step: `datasource:${dataSource}`, durationMs: performance.now() - started, outcome: 'invoked', request, response });
    return { result: runtime.toRealm(response.result ?? null), error: response.error ?? null };
  };

  if (resolver.kind === 'UNIT') {
    const before = run(resolver.code, 'request', 'resolver', {});
    if (before.kind === 'error') return finish(resolution, ended, undefined);
    if (before.kind === 'earlyReturn') return finish(resolution, ended, before.json);
    const { result, error } = await callDataSource(resolver.dataSource, before.json);
    const after = run(resolver.code, 'response', 'resolver', { result, error });
    return finish(resolution, ended, after.json);
  }

  if (resolver.functions.length > MAX_PIPELINE_FUNCTIONS) {
    throw new Error(`A pipeline resolver may have at most ${MAX_PIPELINE_FUNCTIONS} functions; this one has ${resolver.functions.length}.`);
  }
  const before = run(resolver.code, 'request', 'resolver', {});
  if (before.kind === 'error') return finish(resolution, ended, undefined);
  let prev = before.value;
  // earlyReturn in the resolver's request skips every function unless it asks for the NEXT step.
  let skipFunctions = before.kind === 'earlyReturn' && before.skipTo !== 'NEXT';

  for (const fn of resolver.functions) {
    if (skipFunctions) {
      resolution.trace.push({ step: `function:${fn.name}`, durationMs: 0, outcome: 'skipped' });
      continue;
    }
    const label = `function:${fn.name}`;
    const request = run(fn.code, 'request', label, { prev });
    if (request.kind === 'error') return finish(resolution, ended, undefined);
    if (request.kind === 'earlyReturn') {
      prev = request.value;
      skipFunctions = request.skipTo === 'END';
      continue;
    }
    const { result, error } = await callDataSource(fn.dataSource, request.json);
    const response = run(fn.code, 'response', label, { prev, result, error });
    if (response.kind === 'error') return finish(resolution, ended, undefined);
    prev = response.value;
    if (response.kind === 'earlyReturn' && response.skipTo === 'END') skipFunctions = true;
  }

  const after = run(resolver.code, 'response', 'resolver', { prev, result: prev });
  return finish(resolution, ended, after.json);
}

/** The field's value is the last handler's result, as the JSON serialized when it ended. */
function finish(resolution: FieldResolution, ended: FieldError | undefined, json: string | undefined): FieldResolution {
  if (ended) resolution.errors.push(ended);
  resolution.failed = ended !== undefined;
  resolution.value = ended || json === undefined ? null : JSON.parse(json);
  return resolution;
}

function mergeExtensions(into: ExtensionCalls, from: ExtensionCalls): void {
  if (from.subscriptionFilter) into.subscriptionFilter = from.subscriptionFilter;
  if (from.subscriptionInvalidationFilter) into.subscriptionInvalidationFilter = from.subscriptionInvalidationFilter;
  into.invalidations.push(...from.invalidations);
  into.cacheEvictions.push(...from.cacheEvictions);
}
