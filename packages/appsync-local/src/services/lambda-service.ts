/**
 * The template's Lambda functions, run locally (lambda/local-lambda.ts) when something invokes
 * them: a Lambda data source, a pipe's target, a Cognito trigger, an authorizer. Each function gets
 * its own variables resolved to local values, plus what Lambda gives every function and what the
 * other local services contribute (`AWS_ENDPOINT_URL_<SERVICE>`), so its unchanged SDK reaches them.
 *
 * On a reload a function whose code or settings changed is redeployed gracefully: invocations
 * under way finish on the old code, the next ones start the new (LocalLambda.reload); a function
 * gone from the template takes no more invocations and stops once those under way answered.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { readLambdaFunctions, type LambdaFunctionDefinition } from '../lambda/function-definitions.js';
import { LocalLambda, type LambdaInvocation, type LocalLambdaOptions } from '../lambda/local-lambda.js';
import type { LambdaInvoker, LoadedStack, LocalService } from './local-service.js';

export interface LambdaServiceOptions {
  /** Inline functions' code is written under `<workDir>/lambda-inline/`. */
  workDir: string;
  /** Variables every function gets (region, credentials, local endpoints), read at each (re)deploy. */
  environment: () => Record<string, string>;
  log: (line: string) => void;
}

interface Deployed {
  definition: LambdaFunctionDefinition;
  options: LocalLambdaOptions;
  fn?: LocalLambda;
}

export class LambdaService implements LocalService, LambdaInvoker {
  readonly name = 'lambda';
  private functions = new Map<string, Deployed>();

  constructor(private readonly options: LambdaServiceOptions) {}

  async load(stack: LoadedStack): Promise<void> {
    const next = new Map<string, Deployed>();
    for (const definition of readLambdaFunctions(stack.artifact, stack.resolver)) {
      const options = await this.optionsFor(definition);
      const deployed = this.functions.get(definition.arn);
      const fn = deployed?.fn;
      if (fn && !sameOptions(deployed.options, options)) {
        // A redeploy: what runs now finishes on the old code.
        await fn.reload({
          codeDir: options.codeDir,
          handler: options.handler,
          environment: options.environment,
          timeoutMs: options.timeoutMs,
          memoryMb: options.memoryMb,
          runtime: options.runtime,
        });
      }
      next.set(definition.arn, { definition, options, ...(fn ? { fn } : {}) });
    }
    const removed = [...this.functions].filter(([arn]) => !next.has(arn)).flatMap(([, d]) => (d.fn ? [d.fn] : []));
    this.functions = next;
    await this.pruneInlineCode();
    await Promise.all(removed.map((fn) => fn.drain()));
  }

  /** Runs the function behind an ARN (a `:alias` or `:version` suffix names the same local function). */
  invoke(functionArn: string, event: unknown): Promise<LambdaInvocation> {
    let fn: LocalLambda;
    try {
      fn = this.function(functionArn);
    } catch (err) {
      return Promise.reject(err as Error);
    }
    return fn.invoke(event);
  }

  /** Every warm instance stopped (module state gone); the next invocations start cold. */
  async reset(): Promise<void> {
    await Promise.all(
      [...this.functions.values()].map(async (d) => {
        if (d.fn) await d.fn.reload();
      }),
    );
  }

  describe(): string[] {
    const count = this.functions.size;
    return count === 0 ? [] : [`Lambda     ${count} function${count === 1 ? '' : 's'}, run locally on first use`];
  }

  async stop(): Promise<void> {
    const running = [...this.functions.values()].flatMap((d) => (d.fn ? [d.fn] : []));
    this.functions.clear();
    await Promise.all(running.map((fn) => fn.stop()));
  }

  private function(functionArn: string): LocalLambda {
    const deployed = this.functions.get(functionArn) ?? this.functions.get(unqualified(functionArn));
    if (!deployed) throw new Error(`no Lambda function ${functionArn} in the template`);
    if ('unsupported' in deployed.definition.code) throw new Error(deployed.definition.code.unsupported);
    deployed.fn ??= new LocalLambda(deployed.options);
    return deployed.fn;
  }

  /** The runner's options; a function that cannot run locally gets them too, and invoking it says why (function()). */
  private async optionsFor(definition: LambdaFunctionDefinition): Promise<LocalLambdaOptions> {
    return {
      name: definition.name,
      codeDir: await this.codeDir(definition),
      handler: definition.handler,
      runtime: definition.runtime,
      timeoutMs: definition.timeoutMs,
      memoryMb: definition.memoryMb,
      environment: withRuntimeModules({ ...definition.environment, ...this.options.environment() }),
      log: this.options.log,
    };
  }

  /**
   * The asset folder; for inline code (ZipFile), a folder named by the code's hash, written once:
   * changed code is a new folder, so the options differ and warm instances are redeployed, and
   * unchanged code is not written again on every reload.
   */
  private async codeDir(definition: LambdaFunctionDefinition): Promise<string> {
    const { code } = definition;
    if ('dir' in code) return code.dir;
    if (!('inline' in code)) return '';
    const dir = path.join(this.inlineRoot, inlineFolderName(definition.name, code.inline));
    const file = path.join(dir, 'index.js');
    if (!existsSync(file)) {
      await mkdir(dir, { recursive: true });
      // Renamed into place, so an interrupted write never leaves a truncated index.js that the
      // existence check above would then trust.
      const partial = `${file}.${process.pid}.partial`;
      await writeFile(partial, code.inline);
      await rename(partial, file);
    }
    return dir;
  }

  /** Inline code folders no function of the loaded template uses any more (loaded instances keep their module). */
  private async pruneInlineCode(): Promise<void> {
    const used = new Set([...this.functions.values()].map((d) => d.options.codeDir));
    const folders = await readdir(this.inlineRoot).catch(() => []);
    await Promise.all(
      folders
        .map((name) => path.join(this.inlineRoot, name))
        .filter((dir) => !used.has(dir))
        .map((dir) => rm(dir, { recursive: true, force: true })),
    );
  }

  private get inlineRoot(): string {
    return path.join(this.options.workDir, 'lambda-inline');
  }
}

/** `<function name>-<hash of the code>`: one folder per version of a function's inline code. */
function inlineFolderName(name: string, code: string): string {
  return `${name}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}`;
}

/**
 * Lambda's Node.js runtimes come with the AWS SDK for JavaScript v3 (and its Smithy and crypto
 * packages), which inline code (`ZipFile`) and unbundled functions `require` without shipping it.
 * Locally the SDK packages installed with appsync-local play that part, found through NODE_PATH
 * as Lambda's own NODE_PATH finds /var/runtime/node_modules. (NODE_PATH serves `require`; an ES
 * module's `import` ignores it, as on Lambda for packages outside the task root.)
 */
const RUNTIME_PACKAGES = ['@aws-sdk/client-dynamodb', '@aws-sdk/util-dynamodb', '@smithy/signature-v4', '@smithy/protocol-http', '@aws-crypto/sha256-js'];
let runtimeModulePaths: string[] | undefined;

function withRuntimeModules(environment: Record<string, string>): Record<string, string> {
  runtimeModulePaths ??= [
    ...new Set(
      RUNTIME_PACKAGES.flatMap((name) => {
        try {
          const entry = createRequire(import.meta.url).resolve(name);
          const at = entry.lastIndexOf(`${path.sep}node_modules${path.sep}`);
          return at < 0 ? [] : [entry.slice(0, at + '/node_modules'.length)];
        } catch {
          return [];
        }
      }),
    ),
  ];
  const paths = [...(environment['NODE_PATH'] ? [environment['NODE_PATH']] : []), ...runtimeModulePaths];
  return paths.length === 0 ? environment : { ...environment, NODE_PATH: paths.join(path.delimiter) };
}

function sameOptions(a: LocalLambdaOptions, b: LocalLambdaOptions): boolean {
  const { log: _a, ...left } = a;
  const { log: _b, ...right } = b;
  return JSON.stringify(left) === JSON.stringify(right);
}

/** `arn:aws:lambda:<region>:<account>:function:<name>` without a trailing `:<alias or version>`. */
function unqualified(arn: string): string {
  const parts = arn.split(':');
  return parts.length > 7 ? parts.slice(0, 7).join(':') : arn;
}
