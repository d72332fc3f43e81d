/**
 * The sandbox: one node:vm context shaped into APPSYNC_JS's surface by realm-bootstrap.js,
 * with `util`, `extensions`, `runtime` and `console` installed as frozen globals and the
 * `@aws-appsync/*` modules ready for import. Resolver code compiled into it shares nothing
 * mutable with the host or with other evaluations.
 */
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { currentScope, peekScope, type LogEntry } from './evaluation-scope.js';
import { translateJavaPattern } from './java-pattern.js';
import { LimitExceededSignal } from './signals.js';
import { createUtil } from './util/index.js';
import { SYSTEM_ENVIRONMENT, type RuntimeEnvironment } from './runtime-environment.js';
import { createExtensions } from './extensions.js';
import { createRuntimeNamespace } from './runtime-namespace.js';
import { createDynamoDbModule } from './modules/dynamodb.js';

const BOOTSTRAP = readFileSync(new URL('./realm-bootstrap.js', import.meta.url), 'utf8');

/** Helpers the bootstrap returns; values they make belong to the realm. */
export interface RealmInternals {
  fromHost(value: unknown): unknown;
  /** Frozen namespace of wrapped host functions; those named in passThrough get code's values uncopied. */
  namespace(spec: object, passThrough?: string[]): object;
  record(values: Record<string, unknown>): object;
  makeContext(fields: Record<string, unknown>, hidden: Record<string, unknown>): object;
  makeInfo(info: { fieldName: string; parentTypeName: string; variables: unknown; selectionSetList: string[]; selectionSetGraphQL: string }): object;
  makePrev(result: unknown): object;
  makeConsole(log: (level: LogEntry['level'], message: string) => void): object;
  /** JSON.stringify run inside the realm (so getters and toJSON run as code). */
  stringify(value: unknown): string | undefined;
  defineGlobal(name: string, value: unknown): void;
  /** Called by loaded code at every function entry and loop iteration. */
  step: () => void;
}

export type ModuleFactory = (modules: object, step: () => void) => Record<string, unknown>;

let realmCount = 0;

export class Realm {
  readonly context: vm.Context;
  readonly internals: RealmInternals;
  /** Import table handed to every module factory: module specifier to namespace. */
  readonly modules: object;
  /** Identifies this realm's scripts in stack traces. */
  readonly id = `appsync-js-${(realmCount += 1)}`;
  private scriptCount = 0;

  constructor(environment: RuntimeEnvironment = SYSTEM_ENVIRONMENT) {
    this.context = vm.createContext(Object.create(null), {
      name: 'APPSYNC_JS',
      codeGeneration: { strings: false, wasm: false },
    });
    const bootstrap = new vm.Script(BOOTSTRAP, { filename: `${this.id}/bootstrap.js` }).runInContext(this.context) as (host: object) => RealmInternals;
    this.internals = bootstrap({
      stringify: (value: unknown) => JSON.stringify(value),
      parse: (text: string) => JSON.parse(text) as unknown,
      translatePattern: translateJavaPattern,
      tick: (steps: number) => {
        const scope = peekScope();
        if (!scope) return;
        scope.stepsLeft -= steps;
        if (scope.stepsLeft <= 0) throw new LimitExceededSignal('The handler exceeded the local step limit (function calls and loop iterations).');
        if (Date.now() > scope.deadline) throw new LimitExceededSignal('The handler exceeded its time budget.');
      },
    });

    const { internals } = this;
    const util = internals.namespace(createUtil(environment));
    const extensions = internals.namespace(createExtensions());
    const runtime = internals.namespace(createRuntimeNamespace(), ['earlyReturn']);
    const console = internals.makeConsole(log);
    internals.defineGlobal('util', util);
    internals.defineGlobal('extensions', extensions);
    internals.defineGlobal('runtime', runtime);
    internals.defineGlobal('console', console);
    this.modules = internals.record({
      '@aws-appsync/utils': internals.record({ util, extensions, runtime }),
      '@aws-appsync/utils/dynamodb': internals.namespace(createDynamoDbModule()),
    });
  }

  /** Compiles a module factory (see module-factory.ts) once, under a script name unique to it. */
  compileFactory(code: string): { factory: ModuleFactory; filename: string } {
    this.scriptCount += 1;
    const filename = `${this.id}/${this.scriptCount}/code.js`;
    const script = new vm.Script(code, { filename });
    return { factory: script.runInContext(this.context) as ModuleFactory, filename };
  }
}

/** console.log / console.error: AppSync prints `INFO - code.js:13:5: "text" {"a":1}`. */
function log(level: LogEntry['level'], message: string): void {
  const scope = currentScope();
  scope.logs.push({ level, location: scope.locateCaller(), message });
}
