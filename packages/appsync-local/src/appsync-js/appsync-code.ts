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
  /** Steps (function calls and loop iterations) allowed, a guard against code that never ends. */
  maxSteps?: number;
  /** Also serialize the stash when the handler ends (EvaluateCode returns it). */
  captureStash?: boolean;
}

export interface HandlerOutcome {
  kind: 'returned' | 'earlyReturn' | 'error';
  /** The handler's result, a value of the sandbox realm; undefined when kind is 'error'. */
  value: unknown;
  /**
   * The result as JSON, serialized while the handler's evaluation was still running (so its
   * getters and toJSON ran as code, under the same limits); undefined for `undefined`.
   */
  json?: string;
  /** The stash as JSON after the handler, when `captureStash` was set. */
  stashJson?: string;
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
const DEFAULT_MAX_STEPS = 10_000_000;

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
      stepsLeft: options.maxSteps ?? DEFAULT_MAX_STEPS,
    };
    if (!this.exports.has(handler)) {
      return settled(scope, 'error', undefined, {
        error: codeError(`${this.locator.describe(undefined)}: The code does not export a ${handler} function.`),
      });
    }
    const ctx = this.context(field, step);
    return runInScope(scope, () => {
      const outcome = this.run(handler, ctx, scope);
      if (options.captureStash) {
        try {
          const stashJson = this.realm.internals.stringify(field.stash);
          if (stashJson !== undefined) outcome.stashJson = stashJson;
        } catch {
          // A stash that cannot be written (a cycle) is left out; the handler's outcome stands.
        }
      }
      return outcome;
    });
  }

  /** A fresh `ctx` in the sandbox realm for one step. */
  private context(field: FieldContext, step: StepInput): object {
    const { internals } = this.realm;
    const fields: Record<string, unknown> = {
      arguments: field.args,
      args: field.args,
      identity: field.identity,
      source: field.source,
      stash: field.stash,
      prev: internals.makePrev(step.prev),
      request: field.request,
      info: field.info,
    };
    if (step.result !== undefined) fields['result'] = step.result;
    if (step.error) fields['error'] = internals.fromHost({ message: step.error.message, type: step.error.type });
    return internals.makeContext(fields, { env: field.env });
  }

  /** Instantiates the module, runs the handler and settles how it ended; runs inside the scope. */
  private run(handler: HandlerName, ctx: object, scope: EvaluationScope): HandlerOutcome {
    const { internals } = this.realm;
    let kind: HandlerOutcome['kind'] = 'returned';
    let value: unknown;
    let skipTo: HandlerOutcome['skipTo'];
    try {
      const exports = this.factory(this.realm.modules, internals.step);
      value = (exports[handler] as (ctx: unknown) => unknown)(ctx);
    } catch (thrown) {
      if (!(thrown instanceof EarlyReturnSignal)) return settled(scope, 'error', undefined, { error: this.failure(thrown, scope) });
      kind = 'earlyReturn';
      value = thrown.value;
      skipTo = thrown.skipTo;
    }
    // Serialized now, not later: a getter, toJSON or cycle in the result fails this handler.
    try {
      const json = internals.stringify(value);
      return settled(scope, kind, value, { ...(skipTo ? { skipTo } : {}), ...(json !== undefined ? { json } : {}) });
    } catch (thrown) {
      return settled(scope, 'error', undefined, { error: this.failure(thrown, scope) });
    }
  }

  /** How an exception ended the handler, as AppSync reports it. */
  private failure(thrown: unknown, scope: EvaluationScope): FieldError {
    if (thrown instanceof UtilErrorSignal) return thrown.error;
    if (thrown instanceof LimitExceededSignal) {
      return Date.now() > scope.deadline
        ? { message: 'Execution timed out.', errorType: 'ExecutionTimeout', data: null, errorInfo: null }
        : codeError(`${this.locator.describe(undefined)}: ${thrown.message}`);
    }
    // earlyReturn while serializing (from a toJSON) is as out of place as anywhere else.
    if (thrown instanceof EarlyReturnSignal) return codeError(`${this.locator.describe(undefined)}: runtime.earlyReturn called outside a handler.`);
    return uncaught(thrown, this.locator);
  }
}

function settled(scope: EvaluationScope, kind: HandlerOutcome['kind'], value: unknown, extra: Partial<HandlerOutcome> = {}): HandlerOutcome {
  return {
    kind,
    value,
    appendedErrors: scope.appendedErrors,
    logs: scope.logs,
    extensions: scope.extensions,
    responseHeaders: scope.responseHeaders,
    ...extra,
  };
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
