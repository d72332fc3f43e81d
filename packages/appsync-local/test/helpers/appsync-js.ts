/**
 * Runs APPSYNC_JS snippets through the real runtime, the way AWS's EvaluateCode does:
 * the expression becomes the return value of a request handler with util and the DynamoDB
 * module imported, so every helper is exercised inside the sandbox, never called directly.
 */
import { AppSyncJsRuntime, type FieldContextInput, type HandlerOutcome } from '../../src/appsync-js/index.js';

export const runtime = new AppSyncJsRuntime();

const PRELUDE = `import { util, runtime, extensions } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
`;

/** Evaluates `expression` in a request handler and returns its outcome. */
export function evaluateOutcome(expression: string, context: FieldContextInput = {}): HandlerOutcome {
  const code = runtime.load(`${PRELUDE}export function request(ctx) {\n  return ${expression};\n}\nexport function response(ctx) { return ctx.result; }\n`);
  return code.evaluate('request', runtime.fieldContext(context));
}

/** Evaluates `expression` and returns its value as plain data; fails the test if the handler ended with an error. */
export function evaluate<T = unknown>(expression: string, context: FieldContextInput = {}): T {
  const outcome = evaluateOutcome(expression, context);
  if (outcome.kind === 'error') throw new Error(`evaluation failed: ${outcome.error?.message}`);
  return runtime.toHost<T>(outcome.value) as T;
}

/** Evaluates a handler body (statements) instead of one expression. */
export function evaluateBody(body: string, context: FieldContextInput = {}): HandlerOutcome {
  const code = runtime.load(`${PRELUDE}export function request(ctx) {\n${body}\n}\nexport function response(ctx) { return ctx.result; }\n`);
  return code.evaluate('request', runtime.fieldContext(context));
}
