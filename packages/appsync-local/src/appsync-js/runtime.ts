/**
 * The APPSYNC_JS runtime: checks and compiles resolver and function code once, then evaluates
 * its handlers as often as needed. One runtime holds one sandbox realm; every piece of code
 * loaded into it shares the realm's frozen built-ins and nothing else.
 *
 * @example
 * const runtime = new AppSyncJsRuntime();
 * const code = runtime.load(bundleText);            // throws CodeValidationError like AppSync's save
 * const field = runtime.fieldContext({ arguments: { id: '1' } });
 * const outcome = code.evaluate('request', field);
 * runtime.toHost(outcome.value);                     // { operation: 'GetItem', ... }
 */
import { AppSyncCode } from './appsync-code.js';
import { CodeValidationError } from './code-error.js';
import { FieldContext, type FieldContextInput } from './field-context.js';
import { checkAppSyncJs } from './language-rules.js';
import { toModuleFactory } from './module-factory.js';
import { Realm } from './realm.js';
import type { RuntimeEnvironment } from './runtime-environment.js';
import { SourceLocator, type Position } from './source-location.js';
import { simple } from 'acorn-walk';
import type { Program } from 'acorn';

export interface LoadOptions {
  /** Name printed in positions when no source map applies; AppSync prints `code.js`. */
  displayName?: string;
}

export interface RuntimeOptions {
  /** The clock and id generators `util` uses; the system's by default (see runtime-environment.ts). */
  environment?: RuntimeEnvironment;
}

export class AppSyncJsRuntime {
  readonly realm: Realm;

  constructor(options: RuntimeOptions = {}) {
    this.realm = new Realm(options.environment);
  }

  /** Checks the code as AppSync does when it is saved, then compiles it. */
  load(source: string, options: LoadOptions = {}): AppSyncCode {
    const checked = checkAppSyncJs(source);
    const displayName = options.displayName ?? 'code.js';
    if (checked.errors.length > 0 || !checked.ast) {
      const mapper = new SourceLocator(source, { scriptName: '', displayName });
      for (const e of checked.errors) {
        const original = e.location.line > 0 ? mapper.original(e.location) : undefined;
        if (original) e.original = original;
      }
      throw new CodeValidationError(checked.errors, displayName);
    }
    const { code, map, exports } = toModuleFactory(source, checked.ast);
    let compiled;
    try {
      compiled = this.realm.compileFactory(code);
    } catch (err) {
      // What the parser accepts as a module but V8 rejects inside the factory (e.g. a top-level
      // `for await`) is still invalid code, not a crash.
      const e = err as Error;
      throw new CodeValidationError([{ errorType: 'PARSER_ERROR', value: `Parsing error: ${e.message}`, location: { line: 0, column: 0, span: -1 } }], displayName);
    }
    const locator = new SourceLocator(source, {
      scriptName: compiled.filename,
      factoryMap: map,
      displayName,
      callStarts: consoleCallStarts(checked.ast),
    });
    return new AppSyncCode(this.realm, compiled.factory, locator, new Set(exports.keys()));
  }

  fieldContext(input: FieldContextInput = {}): FieldContext {
    return new FieldContext(this.realm, input);
  }

  /** Plain data (a data-source result, a context value) as a value code in the sandbox can use. */
  toRealm(value: unknown): unknown {
    return this.realm.internals.fromHost(value);
  }

  /** A sandbox value as plain host data, as AppSync serializes it (JSON). */
  toHost<T = unknown>(value: unknown): T | undefined {
    const text = this.realm.internals.stringify(value);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  /** A sandbox value as JSON text. */
  toJson(value: unknown): string | undefined {
    return this.realm.internals.stringify(value);
  }
}

/** `console.log(...)` calls: the position V8 reports (the method name) mapped to the call's start. */
function consoleCallStarts(ast: Program): Map<string, Position> {
  const starts = new Map<string, Position>();
  simple(ast, {
    CallExpression(n) {
      const callee = n.callee;
      if (callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier' || callee.object.name !== 'console') return;
      const at = callee.property.loc?.start;
      const start = n.loc?.start;
      if (at && start) starts.set(`${at.line}:${at.column + 1}`, { line: start.line, column: start.column + 1 });
    },
  });
  return starts;
}
