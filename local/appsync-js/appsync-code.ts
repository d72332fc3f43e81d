/**
 * One checked and compiled piece of APPSYNC_JS code (a resolver's or a function's bundle), and
 * the evaluation of its `request` or `response` handler against a context.
 *
 * Each evaluation instantiates the module afresh (module-level variables start over, as in
 * AppSync), builds `ctx` in the sandbox realm and turns how the handler ended into an outcome:
 * returned, returned early, or ended with an error (util.error, util.unauthorized, an uncaught
 * exception reported as errorType `Code`).
 */
import type { ExtensionCalls, FieldError, LogEntry } from './evaluation-scope.js';
import { runInScope, type EvaluationScope } from './evaluation-scope.js';
import type { FieldContext } from './field-context.js';
import type { Realm, ModuleFactory } from './realm.js';
import { EarlyReturnSignal, LimitExceededSignal, UtilErrorSignal } from './signals.js';
import type { SourceLocator } from './source-location.js';

export type HandlerName = 'request' | 'response';

/** What differs between the steps of one field: the previous result, the data-source result. */
export interface StepInput {
  /** ctx.prev.result, a value of the sandbox realm (the previous step's outcome). */
  prev?: unknown;
  /** ctx.result, a value of the sandbox realm (see AppSyncJsRuntime.toRealm for host data). */
  result?: unknown;
  /** ctx.error, set when the data source failed. */
  error?: { message: string; type: string } | null;
}

export interface EvaluateOptions {
  /** Epoch ms after which the handler is stopped; AppSync's request budget is 30 s. */
  deadline?: number;
  /** Array-iteration steps allowed, a guard against a loop over an array that keeps growing. */
  maxIterations?: number;
}

export interface HandlerOutcome {
  kind: 'returned' | 'earlyReturn' | 'error';
  /** The handler's result, a value of the sandbox realm; undefined when kind is 'error'. */
  value: unknown;
  /** runtime.earlyReturn's skipTo option. */
  skipTo?: 'END' | 'NEXT';
  /** The error that ended the handler. */
  error?: FieldError;
  /** Errors added with util.appendError (and response-header rejections). */
  appendedErrors: FieldError[];
  logs: LogEntry[];
  extensions: ExtensionCalls;
  responseHeaders: Record<string, string>;
}

const DEFAULT_BUDGET_MS = 30_000;
const DEFAULT_MAX_ITERATIONS = 10_000_000;

export class AppSyncCode {
  constructor(
    private readonly realm: Realm,
    private readonly factory: ModuleFactory,
    private readonly locator: SourceLocator,
    /** Names the module exports. */
    readonly exports: ReadonlySet<string>,
  ) {}

  has(handler: HandlerName): boolean {
    return this.exports.has(handler);
  }

  evaluate(handler: HandlerName, field: FieldContext, step: StepInput = {}, options: EvaluateOptions = {}): HandlerOutcome {
    const scope: EvaluationScope = {
      fieldName: field.fieldName,
      parentTypeName: field.parentTypeName,
      authMode: field.authMode,
      appendedErrors: [],
      logs: [],
      extensions: { invalidations: [], cacheEvictions: [] },
      responseHeaders: {},
      locateCaller: () => this.locator.locateCaller(),
      deadline: options.deadline ?? Date.now() + DEFAULT_BUDGET_MS,
      stepsLeft: options.maxIterations ?? DEFAULT_MAX_ITERATIONS,
    };
    const outcome = (kind: HandlerOutcome['kind'], value: unknown, extra: Partial<HandlerOutcome> = {}): HandlerOutcome => ({
      kind,
      value,
      appendedErrors: scope.appendedErrors,
      logs: scope.logs,
      extensions: scope.extensions,
      responseHeaders: scope.responseHeaders,
      ...extra,
    });

    if (!this.exports.has(handler)) {
      return outcome('error', undefined, {
        error: codeError(`${this.locator.describe(undefined)}: The code does not export a ${handler} function.`),
      });
    }
    const { internals } = this.realm;
    const prev = internals.fromHost({});
    (prev as Record<string, unknown>)['result'] = step.prev;
    const fields: Record<string, unknown> = {
      arguments: field.args,
      args: field.args,
      identity: field.identity,
      source: field.source,
      stash: field.stash,
      prev,
      request: field.request,
      info: field.info,
    };
    if (step.result !== undefined) fields['result'] = step.result;
    if (step.error) fields['error'] = internals.fromHost({ message: step.error.message, type: step.error.type });
    const ctx = internals.makeContext(fields, { env: field.env });

    try {
      const value = runInScope(scope, () => {
        const exports = this.factory(this.realm.modules);
        return (exports[handler] as (ctx: unknown) => unknown)(ctx);
      });
      return outcome('returned', value);
    } catch (thrown) {
      if (thrown instanceof EarlyReturnSignal) return outcome('earlyReturn', thrown.value, thrown.skipTo ? { skipTo: thrown.skipTo } : {});
      if (thrown instanceof UtilErrorSignal) return outcome('error', undefined, { error: thrown.error });
      if (thrown instanceof LimitExceededSignal) {
        return outcome('error', undefined, {
          error:
            Date.now() > scope.deadline
              ? { message: 'Execution timed out.', errorType: 'ExecutionTimeout', data: null, errorInfo: null }
              : codeError(`${this.locator.describe(undefined)}: ${thrown.message}`),
        });
      }
      return outcome('error', undefined, { error: uncaught(thrown, this.locator) });
    }
  }
}

function codeError(message: string): FieldError {
  return { message, errorType: 'Code', data: null, errorInfo: null };
}

/** AppSync reports an uncaught exception as errorType Code: `code.js:162:13: ReferenceError: x is not defined`. */
function uncaught(thrown: unknown, locator: SourceLocator): FieldError {
  const err = thrown as { name?: unknown; message?: unknown; stack?: unknown } | null;
  const name = typeof err?.name === 'string' ? err.name : 'Error';
  const message = typeof err?.message === 'string' ? err.message : String(thrown);
  const where = locator.locate(typeof err?.stack === 'string' ? err.stack : undefined);
  return codeError(`${where}: ${name}: ${message}`);
}
