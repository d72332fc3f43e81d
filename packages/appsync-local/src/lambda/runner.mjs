/**
 * One Lambda execution environment (an "instance"): the child process LocalLambda forks. It loads
 * the function's handler once (the cold start), then runs one invocation at a time, as the
 * Node.js runtime interface client (RIC) does inside Lambda's sandbox.
 *
 * Plain JavaScript on purpose: it runs under bare `node`, without tsx, so nothing of the host's
 * tooling (loaders, NODE_OPTIONS) reaches the function; its environment is the function's own.
 *
 * Protocol over the IPC channel (JSON messages), parent → child:
 *   { type: 'init', handler, taskRoot, callbackHandlers }        once, right after the fork
 *   { type: 'invoke', requestId, payload, deadline, invokedFunctionArn }   one at a time
 * child → parent:
 *   { type: 'ready' } | { type: 'init-error', error }                  answer to init
 *   { type: 'response', requestId, payload } | { type: 'error', requestId, error, fatal }
 *   { type: 'crash', error }                 an uncaught error outside any invocation
 * `error` is Lambda's error shape, { errorType, errorMessage, trace }. `fatal` means the process
 * exits right after (as the RIC does on an uncaught exception), so the parent must not reuse it.
 *
 * Error types and messages follow aws-lambda-nodejs-runtime-interface-client (the RIC of the
 * nodejs20.x-24.x runtimes). `callbackHandlers` selects its generation: true is the RIC of
 * nodejs22.x and earlier (callback handlers, callbackWaitsForEmptyEventLoop, a non-async handler's
 * return value ignored), false the one of nodejs24.x (handlers are awaited, callback handlers are
 * refused at init).
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { Worker } from 'node:worker_threads';

const requireFromHere = createRequire(import.meta.url);

const NODE_JS_EXIT_MESSAGE =
  'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes';
const CALLBACK_HANDLER_REMOVED_MESSAGE =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

/** The RIC's own errors: their `name` is the errorType Lambda reports. */
class RuntimeError extends Error {
  constructor(type, message) {
    super(message);
    this.name = type;
  }
}

/** Lambda's error response for anything thrown or passed to a callback (the RIC's formatError). */
function formatError(error) {
  try {
    if (error instanceof Error) {
      return { errorType: error.name, errorMessage: error.message, trace: typeof error.stack === 'string' ? error.stack.split('\n') : [] };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
      trace: [],
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Staying alive, and not outliving the parent
// ---------------------------------------------------------------------------------------------

/** Sends to the parent; `then` runs once the message is written (used before exiting). */
function send(message, then) {
  if (!process.connected) {
    then?.();
    return;
  }
  process.send(message, undefined, {}, () => then?.());
}

// The parent went away (it exited, or was killed): so does this environment.
process.on('disconnect', () => process.exit(0));

// A handler stuck in a synchronous loop never sees 'disconnect'. A watchdog thread, which the
// main thread's loop cannot block, kills the process once the parent is gone (re-parented).
// unref(): the watchdog must not keep the event loop alive (see callbackWaitsForEmptyEventLoop).
const watchdog = new Worker(
  `const { workerData } = require('node:worker_threads');
   setInterval(() => { if (process.ppid !== workerData.parent) process.kill(workerData.self, 'SIGKILL'); }, 500);`,
  { eval: true, workerData: { parent: process.ppid, self: process.pid } },
);
watchdog.unref();

// ---------------------------------------------------------------------------------------------
// Console: Lambda's text log format, "<time>\t<requestId>\t<LEVEL>\t<message>"
// ---------------------------------------------------------------------------------------------

/** The invocation the console attributes lines to; undefined during init, as on Lambda. */
let logRequestId;

function patchConsole() {
  const levels = { log: 'INFO', info: 'INFO', debug: 'DEBUG', warn: 'WARN', error: 'ERROR', trace: 'TRACE', fatal: 'FATAL' };
  for (const [method, level] of Object.entries(levels)) {
    console[method] = (...args) => {
      process.stdout.write(`${new Date().toISOString()}\t${logRequestId}\t${level}\t${format(...args)}\n`);
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Loading the handler (the RIC's UserFunctionLoader)
// ---------------------------------------------------------------------------------------------

/** "dir/sub/file.obj.fn" → module root "dir/sub/", module "file", handler path "obj.fn". */
function parseHandler(handler) {
  if (handler.includes('..')) {
    throw new RuntimeError('Runtime.MalformedHandlerName', `'${handler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`);
  }
  const moduleAndHandler = path.basename(handler);
  const moduleRoot = handler.slice(0, handler.length - moduleAndHandler.length);
  const match = /^([^.]*)\.(.*)$/.exec(moduleAndHandler);
  if (!match) throw new RuntimeError('Runtime.MalformedHandlerName', 'Bad handler');
  return { moduleRoot, moduleName: match[1], handlerPath: match[2] };
}

/**
 * Like Lambda: the first of <module>, .js, .mjs, .cjs that exists is imported (Node decides ESM or
 * CommonJS from the extension and the nearest package.json "type"); otherwise the module name is
 * resolved as a package from the task root.
 */
async function loadModule(taskRoot, moduleRoot, moduleName) {
  const base = path.resolve(taskRoot, moduleRoot, moduleName);
  try {
    for (const extension of ['', '.js', '.mjs', '.cjs']) {
      const file = base + extension;
      if (existsSync(file) && statSync(file).isFile()) return await import(pathToFileURL(file).href);
    }
    return requireFromHere(requireFromHere.resolve(moduleName, { paths: [taskRoot, path.join(taskRoot, moduleRoot)] }));
  } catch (err) {
    if (err instanceof SyntaxError) {
      const syntaxError = new RuntimeError('Runtime.UserCodeSyntaxError', String(err));
      syntaxError.stack = err.stack;
      throw syntaxError;
    }
    // MODULE_NOT_FOUND from require, ERR_MODULE_NOT_FOUND from an ES module's imports: Lambda
    // reports both as an ImportModuleError whose message is the original "Error: <message>"
    // (not String(err), which for Node's own errors inserts the code: "Error [ERR_...]: ...").
    if (err && (err.code === 'MODULE_NOT_FOUND' || err.code === 'ERR_MODULE_NOT_FOUND')) {
      throw new RuntimeError('Runtime.ImportModuleError', `${err.name}: ${err.message}`);
    }
    throw err;
  }
}

function findIn(handlerPath, module) {
  return handlerPath.split('.').reduce((nested, key) => (nested && typeof nested === 'object' ? nested[key] : undefined), module);
}

async function loadHandler(taskRoot, handlerString) {
  const { moduleRoot, moduleName, handlerPath } = parseHandler(handlerString);
  const module = await loadModule(taskRoot, moduleRoot, moduleName);
  // A CommonJS module imported with import() is its namespace's default export.
  const handler = findIn(handlerPath, module) ?? findIn(handlerPath, module?.default);
  if (!handler) throw new RuntimeError('Runtime.HandlerNotFound', `${handlerString} is undefined or not exported`);
  if (typeof handler !== 'function') throw new RuntimeError('Runtime.HandlerNotFound', `${handlerString} is not a function`);
  return handler;
}

// ---------------------------------------------------------------------------------------------
// Invocations
// ---------------------------------------------------------------------------------------------

let config;
let handler;
let initialized = false;

/**
 * The invocation in progress: { requestId, settled, onEmptyLoop }. onEmptyLoop is what happens
 * when the event loop runs dry before the invocation is answered (the RIC's beforeExit listener).
 */
let current;

// While an invocation runs, the IPC channel is unref'd, so the event loop empties when the
// function has nothing left to do, and 'beforeExit' fires: that is how Lambda's Node.js runtime
// finishes callback handlers (callbackWaitsForEmptyEventLoop) and detects promises that never
// settle. Between invocations the channel is ref'd, so the process waits for the next one.
process.on('beforeExit', () => {
  const onEmptyLoop = current?.onEmptyLoop;
  if (!onEmptyLoop || current.settled) return;
  current.onEmptyLoop = undefined;
  onEmptyLoop();
});

/**
 * Answers the invocation once: the first outcome wins, later ones are ignored (as in the RIC).
 * With exitCode, the process exits once the answer is written.
 */
function finish(invocation, outcome, exitCode) {
  if (invocation.settled) return;
  invocation.settled = true;
  invocation.onEmptyLoop = undefined;
  let message;
  if ('error' in outcome) {
    message = { type: 'error', requestId: invocation.requestId, error: formatError(outcome.error), fatal: exitCode !== undefined };
  } else {
    // Lambda's invoke API answers JSON: undefined becomes null, what JSON cannot carry fails.
    let payload;
    try {
      payload = JSON.stringify(outcome.result) ?? 'null';
    } catch {
      payload = undefined;
    }
    message =
      payload === undefined
        ? { type: 'error', requestId: invocation.requestId, error: formatError(new RuntimeError('Runtime.JSONStringifyError', 'Unable to stringify response body')), fatal: false }
        : { type: 'response', requestId: invocation.requestId, payload };
  }
  if (message.type === 'error') console.error('Invoke Error', `\t${JSON.stringify(message.error)}`);
  if (current === invocation) current = undefined;
  if (exitCode !== undefined) {
    send(message, () => process.exit(exitCode));
    return;
  }
  send(message);
  process.channel?.ref();
}

function buildContext(invoke, legacy) {
  const env = process.env;
  const context = {
    awsRequestId: invoke.requestId,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: invoke.invokedFunctionArn,
    // A string, as Lambda's runtime passes it (from AWS_LAMBDA_FUNCTION_MEMORY_SIZE).
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: undefined,
    clientContext: undefined,
    getRemainingTimeInMillis: () => invoke.deadline - Date.now(),
  };
  return legacy.context ? Object.assign(legacy.context, context) : context;
}

/**
 * nodejs22.x and earlier: the handler gets (event, context, callback). The first of callback,
 * context.succeed/fail/done or the returned promise answers; a callback's success waits for the
 * event loop to empty unless context.callbackWaitsForEmptyEventLoop is false; a handler that
 * returns no promise and never calls back answers null once the loop is empty.
 */
function runCallbackStyle(invocation, invoke, event) {
  let waitForEmptyEventLoop = true;
  let called = false;
  const succeed = (result) => finish(invocation, { result });
  const fail = (error) => finish(invocation, { error });
  const once =
    (fn) =>
    (...args) => {
      if (called) return;
      called = true;
      fn(...args);
    };
  const done = (err, result) => (err !== undefined && err !== null ? fail(err) : succeed(result));
  const callback = once((err, result) => {
    if (err !== undefined && err !== null) fail(err);
    else if (!waitForEmptyEventLoop) succeed(result);
    else invocation.onEmptyLoop = () => setImmediate(() => succeed(result));
  });
  const legacyContext = {
    get callbackWaitsForEmptyEventLoop() {
      return waitForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value) {
      waitForEmptyEventLoop = value;
    },
    succeed: once((result) => succeed(result)),
    fail: once((err) => (err === undefined || err === null ? fail('handled') : fail(err))),
    done: once(done),
  };
  const context = buildContext(invoke, { context: legacyContext });
  const isAsync = handler.constructor?.name === 'AsyncFunction';
  invocation.onEmptyLoop = () => (isAsync ? fail(new RuntimeError('Runtime.NodeJsExit', NODE_JS_EXIT_MESSAGE)) : succeed(null));
  try {
    const returned = handler(event, context, callback);
    if (returned && typeof returned.then === 'function') returned.then(legacyContext.succeed, legacyContext.fail);
  } catch (err) {
    callback(err);
  }
}

/** nodejs24.x: the answer is whatever the handler returns or throws, awaited. */
function runAwaited(invocation, invoke, event) {
  const context = buildContext(invoke, {});
  invocation.onEmptyLoop = () => finish(invocation, { error: new RuntimeError('Runtime.NodeJsExit', NODE_JS_EXIT_MESSAGE) });
  Promise.resolve()
    .then(() => handler(event, context))
    .then(
      (result) => finish(invocation, { result }),
      (error) => finish(invocation, { error }),
    );
}

function invoke(message) {
  const invocation = { requestId: message.requestId, settled: false, onEmptyLoop: undefined };
  current = invocation;
  logRequestId = message.requestId;
  const event = JSON.parse(message.payload);
  process.channel?.unref();
  if (config.callbackHandlers) runCallbackStyle(invocation, message, event);
  else runAwaited(invocation, message, event);
}

async function init(message) {
  config = message;
  patchConsole();
  try {
    handler = await loadHandler(message.taskRoot, message.handler);
    if (!message.callbackHandlers && handler.length >= 3) {
      throw new RuntimeError('Runtime.CallbackHandlerDeprecated', CALLBACK_HANDLER_REMOVED_MESSAGE);
    }
  } catch (err) {
    console.error('Init Error', `\t${JSON.stringify(formatError(err))}`);
    // Lambda discards an environment whose init failed; the next invocation starts a new one.
    send({ type: 'init-error', error: formatError(err) }, () => process.exit(1));
    return;
  }
  initialized = true;
  send({ type: 'ready' });
}

// An error nothing caught, during an invocation, answers that invocation and ends the process
// (exit codes 129 and 128, as the RIC): Lambda then starts a fresh environment for the next one.
function onUncaught(error, exitCode) {
  if (current && !current.settled) {
    finish(current, { error }, exitCode);
    return;
  }
  console.error(error instanceof RuntimeError ? 'Unhandled Promise Rejection' : 'Uncaught Exception', `\t${JSON.stringify(formatError(error))}`);
  send({ type: initialized ? 'crash' : 'init-error', error: formatError(error) }, () => process.exit(exitCode));
}
process.on('uncaughtException', (error) => onUncaught(error, 129));
process.on('unhandledRejection', (reason) => onUncaught(new RuntimeError('Runtime.UnhandledPromiseRejection', reason?.toString()), 128));

process.on('message', (message) => {
  if (message?.type === 'init') void init(message);
  else if (message?.type === 'invoke') invoke(message);
});
