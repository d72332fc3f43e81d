/**
 * A deployed Lambda function's asset (the bundle `cdk synth` writes to cdk.out/asset.<hash>) run
 * locally with Lambda's semantics, so the local AppSync can serve a Lambda data source with the
 * very code that would be deployed.
 *
 * - Each execution environment ("instance") is a child process running ./runner.mjs: it loads the
 *   handler once (the cold start) and then serves one invocation at a time, warm.
 * - Up to maxConcurrency instances per function, started on demand and reused; invocations beyond
 *   wait in a FIFO queue, as Lambda's (unthrottled) invocations wait here instead of failing.
 * - The instance's environment is the function's: the given variables, Lambda's reserved ones, and
 *   nothing of this process's (no credentials, no NODE_OPTIONS of the host's tooling).
 * - A timeout or crash ends the instance (as Lambda discards the sandbox); the next invocation
 *   gets a fresh one. Results travel as JSON, as through Lambda's Invoke API.
 *
 * Errors take Lambda's shapes and wording; see README.md here for what differs from Lambda.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import type { Socket } from 'node:net';
import { devNull } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { killOnExit } from '../process/kill-on-exit.js';

const RUNNER = fileURLToPath(new URL('./runner.mjs', import.meta.url));

/** The account in every ARN the local functions see. */
export const LOCAL_ACCOUNT_ID = '000000000000';
/** AWS_REGION when the environment names none. */
export const DEFAULT_REGION = 'us-east-1';
/** Lambda's limit for the init phase (loading the module) of an on-demand function. */
export const DEFAULT_INIT_TIMEOUT_MS = 10_000;
/** How long an instance that reported a fatal error or failed init may take to exit by itself. */
const EXIT_GRACE_MS = 1_000;
/** After 'exit', how long to wait for the last stderr lines (they tell an out-of-memory death). */
const CLOSE_GRACE_MS = 500;

/**
 * Variables Lambda sets itself and refuses in a function's configuration. The caller may pass
 * AWS_REGION, AWS_DEFAULT_REGION and credentials: locally they stand for the region and the
 * execution role, which on Lambda come from the platform.
 */
const RESERVED_VARIABLES = [
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
];

/** How Lambda (Go's os/exec) names the signal that ended a runtime. */
const SIGNAL_NAMES: Record<string, string> = { SIGKILL: 'killed', SIGABRT: 'aborted', SIGSEGV: 'segmentation fault', SIGTERM: 'terminated', SIGINT: 'interrupt', SIGBUS: 'bus error' };

export interface LocalLambdaOptions {
  /** The function's name: in the context, the ARN, the log group, and the prefix of log lines. */
  name: string;
  /** Folder of the bundled asset (e.g. cdk.out/asset.<hash>): the task root, and the cwd. */
  codeDir: string;
  /** Lambda's handler setting, "<module path>.<export>", e.g. "index.handler" or "dir/file.fn". */
  handler: string;
  /** The function's environment variables, already resolved to local values. */
  environment: Record<string, string>;
  timeoutMs: number;
  /** Lambda's memory size; it bounds the instance's V8 heap (--max-old-space-size). */
  memoryMb: number;
  /** Instances that may run at once; further invocations queue. @default 4 */
  maxConcurrency?: number;
  /**
   * The function's Runtime setting (e.g. "nodejs24.x"), which decides how handlers are called.
   * From nodejs24.x, Lambda awaits the handler and refuses callback handlers (3 parameters) at init
   * with Runtime.CallbackHandlerDeprecated. Before (and when absent), handlers get a callback and
   * context.callbackWaitsForEmptyEventLoop, and a non-async handler's return value is ignored.
   */
  runtime?: string;
  /** Limit for loading the module in a new instance. @default DEFAULT_INIT_TIMEOUT_MS */
  initTimeoutMs?: number;
  /** Receives each line the instances write, prefixed with "[<name>] ". @default stderr */
  log?: (line: string) => void;
}

/** A function error as Lambda's Invoke API reports it (its `trace` is `stackTrace` here). */
export interface LambdaError {
  errorType: string;
  errorMessage: string;
  stackTrace?: string[];
}

interface InvocationFacts {
  requestId: string;
  /** Time in the handler (from the invoke to the answer), as Lambda's REPORT Duration. */
  durationMs: number;
  /** Set on a cold start: how long the new instance took to load the module. */
  initDurationMs?: number;
}

/** Either the handler's result (after a JSON round trip; undefined becomes null) or its error. */
export type LambdaInvocation = InvocationFacts & ({ result: unknown; error?: undefined } | { error: LambdaError; result?: undefined });

/** What the runner reports (runner.mjs); `trace` is Lambda's name for the stack lines. */
interface RunnerError {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

type RunnerMessage =
  | { type: 'ready' }
  | { type: 'init-error'; error: RunnerError }
  | { type: 'response'; requestId: string; payload: string }
  | { type: 'error'; requestId: string; error: RunnerError; fatal: boolean }
  | { type: 'crash'; error: RunnerError };

interface Job {
  requestId: string;
  payload: string;
  settled: boolean;
  startedAt?: number;
  initDurationMs?: number;
  resolve(invocation: LambdaInvocation): void;
  reject(error: Error): void;
}

type InstanceState = 'starting' | 'idle' | 'busy' | 'dead';

interface Instance {
  child: ChildProcess;
  /** The code version it loaded; reload() moves the function to a new one. */
  generation: number;
  state: InstanceState;
  job?: Job;
  timer?: NodeJS.Timeout;
  spawnedAt: number;
  outOfMemory: boolean;
  exit?: { code: number | null; signal: NodeJS.Signals | null };
  finalized: boolean;
  /** Resolves once the process is gone. */
  exited: Promise<void>;
}

function checkCodeDir(codeDir: string): string {
  const resolved = path.resolve(codeDir);
  let isDirectory = false;
  try {
    isDirectory = statSync(resolved).isDirectory();
  } catch {
    // reported below
  }
  if (!isDirectory) throw new Error(`LocalLambda: codeDir ${resolved} is not a folder (expected the function's bundled asset)`);
  return resolved;
}

/** "nodejs24.x" → 24; undefined for anything else (a non-Node runtime is the caller's mistake). */
function nodeMajor(runtime: string): number | undefined {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  return match ? Number(match[1]) : undefined;
}

export class LocalLambda {
  readonly name: string;
  // What reload() may change: new instances use the new values, busy ones finish with the old.
  #handler: string;
  #environment: Record<string, string>;
  #region: string;
  #timeoutMs: number;
  #memoryMb: number;
  #callbackHandlers: boolean;
  readonly #initTimeoutMs: number;
  readonly #maxConcurrency: number;
  readonly #log: (line: string) => void;
  #codeDir: string;
  #generation = 0;
  #stopped = false;
  #draining = false;
  readonly #instances = new Set<Instance>();
  readonly #queue: Job[] = [];
  /** Invocations made and not yet answered, wherever they are (queued, starting, running). */
  readonly #outstanding = new Set<Job>();
  readonly #drainWaiters: (() => void)[] = [];

  constructor(options: LocalLambdaOptions) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(options.name)) throw new Error(`LocalLambda: invalid function name ${JSON.stringify(options.name)}`);
    this.name = options.name;
    const settings = checkedSettings(options.name, options);
    for (const [key, value] of [
      ['maxConcurrency', options.maxConcurrency ?? 4],
      ['initTimeoutMs', options.initTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS],
    ] as const) {
      if (!Number.isFinite(value) || value <= 0) throw new Error(`LocalLambda ${options.name}: ${key} must be a positive number, got ${value}`);
    }
    if (!Number.isInteger(options.maxConcurrency ?? 4)) throw new Error(`LocalLambda ${options.name}: maxConcurrency must be an integer`);
    this.#handler = settings.handler;
    this.#environment = settings.environment;
    this.#region = settings.region;
    this.#timeoutMs = settings.timeoutMs;
    this.#memoryMb = settings.memoryMb;
    this.#callbackHandlers = settings.callbackHandlers;
    this.#initTimeoutMs = options.initTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS;
    this.#maxConcurrency = options.maxConcurrency ?? 4;
    const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
    this.#log = (line) => log(`[${this.name}] ${line}`);
    this.#codeDir = checkCodeDir(options.codeDir);
  }

  get codeDir(): string {
    return this.#codeDir;
  }

  get invokedFunctionArn(): string {
    return `arn:aws:lambda:${this.#region}:${LOCAL_ACCOUNT_ID}:function:${this.name}`;
  }

  /** Process ids of the instances alive now (starting, idle or busy). */
  get pids(): number[] {
    return [...this.#instances].flatMap((i) => (i.state !== 'dead' && i.child.pid !== undefined ? [i.child.pid] : []));
  }

  /**
   * Runs one invocation, like a synchronous (RequestResponse) Invoke: resolves with the result or
   * with the function's error. Rejects only when the event cannot be sent as JSON or when the
   * function is stopped before it answers.
   */
  invoke(event: unknown): Promise<LambdaInvocation> {
    if (this.#stopped || this.#draining) return Promise.reject(new Error(`LocalLambda ${this.name} is stopped`));
    let payload: string;
    try {
      // The Invoke API carries JSON; no event at all arrives as null.
      payload = JSON.stringify(event) ?? 'null';
    } catch (err) {
      return Promise.reject(new TypeError(`LocalLambda ${this.name}: the event cannot be sent as JSON: ${(err as Error).message}`));
    }
    return new Promise<LambdaInvocation>((resolve, reject) => {
      const job: Job = { requestId: randomUUID(), payload, settled: false, resolve, reject };
      this.#outstanding.add(job);
      this.#queue.push(job);
      this.#pump();
    });
  }

  /**
   * Picks up new code or settings (a redeploy): idle instances stop now, busy ones finish their
   * invocation on what they loaded and stop after it, and the next invocations start fresh
   * instances (a cold start) from the new folder and settings, or the same folder re-read.
   */
  async reload(changes: FunctionChanges = {}): Promise<void> {
    if (this.#stopped) throw new Error(`LocalLambda ${this.name} is stopped`);
    const next = checkedSettings(this.name, {
      handler: changes.handler ?? this.#handler,
      environment: changes.environment ?? this.#environment,
      timeoutMs: changes.timeoutMs ?? this.#timeoutMs,
      memoryMb: changes.memoryMb ?? this.#memoryMb,
      runtime: 'runtime' in changes ? changes.runtime : undefined,
    });
    if (changes.codeDir !== undefined) this.#codeDir = checkCodeDir(changes.codeDir);
    this.#handler = next.handler;
    this.#environment = next.environment;
    this.#region = next.region;
    this.#timeoutMs = next.timeoutMs;
    this.#memoryMb = next.memoryMb;
    if ('runtime' in changes) this.#callbackHandlers = next.callbackHandlers;
    this.#generation += 1;
    const exits: Promise<void>[] = [];
    const requeue: Job[] = [];
    for (const instance of this.#instances) {
      if (instance.state === 'busy' || instance.state === 'dead') continue;
      // A starting instance loads the old code: its invocation waits for a new one instead.
      if (instance.job) requeue.push(instance.job);
      instance.job = undefined;
      this.#kill(instance);
      exits.push(instance.exited);
    }
    this.#queue.unshift(...requeue);
    this.#pump();
    await Promise.all(exits);
  }

  /**
   * Takes no new invocation, lets every one already made answer, then stops (a function removed
   * from the template, or replaced: nothing in flight is cut off).
   */
  async drain(): Promise<void> {
    if (this.#stopped) return;
    this.#draining = true;
    if (this.#outstanding.size > 0) await new Promise<void>((resolve) => this.#drainWaiters.push(resolve));
    await this.stop();
  }

  /** Ends every instance and waits until their processes are gone. Pending invocations reject. */
  async stop(): Promise<void> {
    this.#stopped = true;
    const stopped = (job: Job) => this.#fail(job, new Error(`LocalLambda ${this.name} stopped before invocation ${job.requestId} answered`));
    for (const job of this.#queue.splice(0)) stopped(job);
    const exits: Promise<void>[] = [];
    for (const instance of this.#instances) {
      if (instance.job) stopped(instance.job);
      instance.job = undefined;
      this.#kill(instance);
      exits.push(instance.exited);
    }
    await Promise.all(exits);
  }

  // -------------------------------------------------------------------------------------------

  /** Hands queued invocations to idle instances, or to new ones while under maxConcurrency. */
  #pump(): void {
    while (this.#queue.length > 0 && !this.#stopped) {
      const idle = [...this.#instances].find((i) => i.state === 'idle' && i.generation === this.#generation);
      if (idle) {
        this.#dispatch(idle, this.#queue.shift()!);
        continue;
      }
      const live = [...this.#instances].filter((i) => i.state !== 'dead').length;
      if (live >= this.#maxConcurrency) return;
      this.#spawn(this.#queue.shift()!);
    }
  }

  #environmentFor(logStreamName: string): Record<string, string> {
    const parent = process.env;
    return {
      // Only what a process needs to run at all is taken from this one.
      PATH: parent['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
      ...(parent['HOME'] ? { HOME: parent['HOME'] } : {}),
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      // The SDK would otherwise read this machine's ~/.aws (real profiles, real credentials) when
      // the function's environment has none: a local function must never reach a real account.
      AWS_CONFIG_FILE: devNull,
      AWS_SHARED_CREDENTIALS_FILE: devNull,
      ...this.#environment,
      AWS_REGION: this.#region,
      AWS_DEFAULT_REGION: this.#environment['AWS_DEFAULT_REGION'] ?? this.#region,
      AWS_LAMBDA_FUNCTION_NAME: this.name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(this.#memoryMb),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${this.name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      _HANDLER: this.#handler,
      LAMBDA_TASK_ROOT: this.#codeDir,
      // AWS_EXECUTION_ENV (AWS_Lambda_nodejs24.x on Lambda) is left out on purpose: Powertools'
      // Tracer takes it as "running in Lambda" and turns tracing on, then wants the X-Ray segment
      // Lambda provides and sends to an X-Ray daemon; locally there is neither, so traced code
      // would log context errors on every call. Without it, tracing is off, as in the tests.
    };
  }

  /** A new instance, for this invocation: fork, load the module, then run it. */
  #spawn(job: Job): void {
    const now = new Date();
    const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
    const logStreamName = `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
    const child = fork(RUNNER, [], {
      cwd: this.#codeDir,
      env: this.#environmentFor(logStreamName),
      // Replaces this process's flags (a tsx loader, inspector, ...): the function gets none of them.
      execArgv: [`--max-old-space-size=${this.#memoryMb}`],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    // Runners hold no state worth a graceful stop.
    killOnExit(child, 'SIGKILL');
    let markExited!: () => void;
    const instance: Instance = {
      child,
      generation: this.#generation,
      state: 'starting',
      job,
      spawnedAt: Date.now(),
      outOfMemory: false,
      finalized: false,
      exited: new Promise<void>((resolve) => (markExited = resolve)),
    };
    this.#instances.add(instance);

    const forward = (stream: NodeJS.ReadableStream | null, isStderr: boolean) => {
      if (!stream) return;
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        if (isStderr && line.includes('JavaScript heap out of memory')) instance.outOfMemory = true;
        this.#log(line);
      });
    };
    forward(child.stdout, false);
    forward(child.stderr, true);

    child.on('message', (message: RunnerMessage) => this.#onMessage(instance, message));
    child.once('exit', (code, signal) => {
      instance.exit = { code, signal };
      markExited();
      // 'close' follows once stdout and stderr are drained; unless something else holds them.
      setTimeout(() => this.#finalize(instance), CLOSE_GRACE_MS).unref();
    });
    child.once('close', () => this.#finalize(instance));
    child.on('error', (err) => {
      this.#log(`instance process error: ${err.message}`);
      if (child.pid === undefined) {
        // It never started, so no 'exit' comes.
        instance.exit = { code: null, signal: null };
        markExited();
        this.#finalize(instance);
      }
    });

    instance.timer = setTimeout(() => {
      const pending = instance.job;
      instance.job = undefined;
      this.#log(`init of ${this.#handler} did not finish within ${(this.#initTimeoutMs / 1000).toFixed(2)} seconds; instance ended`);
      this.#kill(instance);
      if (pending) this.#answer(pending, { error: this.#timeoutError(pending.requestId, this.#initTimeoutMs) });
      this.#pump();
    }, this.#initTimeoutMs);
    this.#send(instance, { type: 'init', handler: this.#handler, taskRoot: this.#codeDir, callbackHandlers: this.#callbackHandlers });
  }

  #dispatch(instance: Instance, job: Job): void {
    instance.state = 'busy';
    instance.job = job;
    this.#holdEventLoop(instance, true);
    job.startedAt = Date.now();
    instance.timer = setTimeout(() => this.#timedOut(instance), this.#timeoutMs);
    this.#send(instance, {
      type: 'invoke',
      requestId: job.requestId,
      payload: job.payload,
      deadline: job.startedAt + this.#timeoutMs,
      invokedFunctionArn: this.invokedFunctionArn,
    });
  }

  #onMessage(instance: Instance, message: RunnerMessage): void {
    if (instance.state === 'dead') return; // killed (timeout, reload, stop): its word no longer counts
    switch (message.type) {
      case 'ready': {
        clearTimeout(instance.timer);
        const job = instance.job;
        if (!job) return;
        job.initDurationMs = Date.now() - instance.spawnedAt;
        this.#dispatch(instance, job);
        return;
      }
      case 'init-error': {
        // The runner exits after reporting; Lambda's next invocation retries init in a new sandbox.
        const job = instance.job;
        this.#retire(instance);
        if (job) {
          job.initDurationMs = Date.now() - instance.spawnedAt;
          this.#answer(job, { error: fromRunner(message.error) });
        }
        this.#pump();
        return;
      }
      case 'response':
      case 'error': {
        const job = instance.job;
        if (!job || job.requestId !== message.requestId) return;
        clearTimeout(instance.timer);
        instance.job = undefined;
        if (message.type === 'response') this.#answer(job, { result: JSON.parse(message.payload) as unknown });
        else this.#answer(job, { error: fromRunner(message.error) });
        if (message.type === 'error' && message.fatal) this.#retire(instance);
        else if (instance.generation !== this.#generation)
          this.#kill(instance); // loaded code reload() replaced
        else {
          instance.state = 'idle';
          this.#holdEventLoop(instance, false);
        }
        this.#pump();
        return;
      }
      case 'crash':
        // An error outside any invocation (a timer firing after the answer): the runner exits.
        this.#log(`instance crashed between invocations (${message.error.errorType}: ${message.error.errorMessage}); the next invocation starts a new one`);
        this.#retire(instance);
        this.#pump();
        return;
    }
  }

  #timedOut(instance: Instance): void {
    const job = instance.job;
    if (!job) return;
    // Lambda's log line for it; the Invoke answer has the newer "RequestId: ... Error: ..." form.
    this.#log(`${new Date().toISOString()} ${job.requestId} Task timed out after ${(this.#timeoutMs / 1000).toFixed(2)} seconds`);
    instance.job = undefined;
    this.#kill(instance);
    this.#answer(job, { error: this.#timeoutError(job.requestId, this.#timeoutMs) });
    this.#pump();
  }

  #timeoutError(requestId: string, ms: number): LambdaError {
    return { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${(ms / 1000).toFixed(2)} seconds` };
  }

  /** The process is gone: an invocation it still owed gets Lambda's exit error. */
  #finalize(instance: Instance): void {
    if (instance.finalized) return;
    instance.finalized = true;
    clearTimeout(instance.timer);
    this.#instances.delete(instance);
    const job = instance.job;
    instance.job = undefined;
    const expected = instance.state === 'dead';
    instance.state = 'dead';
    if (job) {
      const error = this.#exitError(job.requestId, instance);
      this.#log(`${error.errorMessage} (${error.errorType})`);
      if (instance.outOfMemory) this.#log(`the function ran out of memory: its heap is limited to its memory size, ${this.#memoryMb} MB`);
      this.#answer(job, { error });
    } else if (!expected && !this.#stopped) {
      this.#log(`idle instance (pid ${instance.child.pid}) exited (${describeExit(instance.exit)}); the next invocation starts a new one`);
    }
    this.#pump();
  }

  #exitError(requestId: string, instance: Instance): LambdaError {
    const reason = describeExit(instance.exit);
    const errorMessage = reason ? `RequestId: ${requestId} Error: Runtime exited with error: ${reason}` : `RequestId: ${requestId} Error: Runtime exited without providing a reason`;
    return { errorType: instance.outOfMemory ? 'Runtime.OutOfMemory' : 'Runtime.ExitError', errorMessage };
  }

  /** Ends the instance now; whatever it was doing no longer answers. */
  #kill(instance: Instance): void {
    instance.state = 'dead';
    clearTimeout(instance.timer);
    const { child } = instance;
    if (child.exitCode !== null || child.signalCode !== null) return;
    // An idle instance does not hold the event loop; held again, a caller awaiting its exit
    // (stop, reload) is not cut short by the loop running dry.
    this.#holdEventLoop(instance, true);
    child.kill('SIGKILL');
  }

  /** The instance is exiting by itself (it said so); kill it if it takes too long. */
  #retire(instance: Instance): void {
    instance.state = 'dead';
    instance.job = undefined;
    clearTimeout(instance.timer);
    this.#holdEventLoop(instance, false);
    setTimeout(() => this.#kill(instance), EXIT_GRACE_MS).unref();
  }

  /**
   * Busy and starting instances keep this process alive; idle ones do not, so a host that forgets
   * stop() still exits (the exit hook then kills them).
   */
  #holdEventLoop(instance: Instance, hold: boolean): void {
    const { child } = instance;
    const handles = [child, child.channel, child.stdout as Socket | null, child.stderr as Socket | null];
    for (const handle of handles) {
      if (hold) handle?.ref();
      else handle?.unref();
    }
  }

  #send(instance: Instance, message: Record<string, unknown>): void {
    if (!instance.child.connected) return; // it died; its 'exit' answers for it
    instance.child.send(message, (err) => {
      if (err) this.#log(`could not reach instance pid ${instance.child.pid}: ${err.message}`);
    });
  }

  #answer(job: Job, outcome: { result: unknown } | { error: LambdaError }): void {
    if (job.settled) return;
    job.settled = true;
    this.#settled(job);
    const facts: InvocationFacts = {
      requestId: job.requestId,
      durationMs: job.startedAt === undefined ? 0 : Date.now() - job.startedAt,
      ...(job.initDurationMs === undefined ? {} : { initDurationMs: job.initDurationMs }),
    };
    job.resolve('error' in outcome ? { ...facts, error: outcome.error } : { ...facts, result: outcome.result });
  }

  #fail(job: Job, error: Error): void {
    if (job.settled) return;
    job.settled = true;
    this.#settled(job);
    job.reject(error);
  }

  #settled(job: Job): void {
    this.#outstanding.delete(job);
    if (this.#outstanding.size === 0) for (const resolve of this.#drainWaiters.splice(0)) resolve();
  }
}

/** What a redeploy may change (reload()); `runtime: undefined` means none given. */
export type FunctionChanges = Partial<Pick<LocalLambdaOptions, 'codeDir' | 'handler' | 'environment' | 'timeoutMs' | 'memoryMb' | 'runtime'>>;

interface FunctionSettings {
  handler: string;
  environment: Record<string, string>;
  region: string;
  timeoutMs: number;
  memoryMb: number;
  callbackHandlers: boolean;
}

/** The settings Lambda would accept at deploy time, normalized; anything else is an error naming the setting. */
function checkedSettings(name: string, options: Pick<LocalLambdaOptions, 'handler' | 'environment' | 'timeoutMs' | 'memoryMb' | 'runtime'>): FunctionSettings {
  const where = `LocalLambda ${name}`;
  if (!options.handler) throw new Error(`${where}: handler is empty`);
  for (const [key, value] of [
    ['timeoutMs', options.timeoutMs],
    ['memoryMb', options.memoryMb],
  ] as const) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${where}: ${key} must be a positive number, got ${value}`);
  }
  // It becomes --max-old-space-size, which takes whole megabytes (as Lambda's setting does).
  if (!Number.isInteger(options.memoryMb)) throw new Error(`${where}: memoryMb must be an integer`);
  for (const [key, value] of Object.entries(options.environment)) {
    if (typeof value !== 'string') throw new Error(`${where}: environment variable ${key} must be a string, got ${typeof value}`);
    // Lambda rejects such a configuration at deploy time; it would shadow what the runtime sets.
    if (RESERVED_VARIABLES.includes(key)) throw new Error(`${where}: environment variable ${key} is reserved by Lambda`);
  }
  let callbackHandlers = true;
  if (options.runtime !== undefined) {
    const major = nodeMajor(options.runtime);
    if (major === undefined) throw new Error(`${where}: runtime ${options.runtime} is not a Node.js runtime (nodejs<version>.x)`);
    callbackHandlers = major < 24;
  }
  return {
    handler: options.handler,
    environment: { ...options.environment },
    region: options.environment['AWS_REGION'] ?? options.environment['AWS_DEFAULT_REGION'] ?? DEFAULT_REGION,
    timeoutMs: options.timeoutMs,
    memoryMb: options.memoryMb,
    callbackHandlers,
  };
}

function fromRunner(error: RunnerError): LambdaError {
  return { errorType: error.errorType, errorMessage: error.errorMessage, ...(error.trace ? { stackTrace: error.trace } : {}) };
}

function describeExit(exit: Instance['exit']): string | undefined {
  if (exit?.signal) return `signal: ${SIGNAL_NAMES[exit.signal] ?? exit.signal}`;
  if (exit?.code) return `exit status ${exit.code}`;
  return undefined;
}
