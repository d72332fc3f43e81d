/**
 * AppSync's EvaluateCode operation, offline
 * (https://docs.aws.amazon.com/appsync/latest/APIReference/API_EvaluateCode.html): evaluates one
 * handler of a piece of code against a context given as JSON text and answers with the API's
 * fields. `evaluationResult`, `stash` and `outErrors` are JSON strings, `logs` plain strings
 * (`INFO - code.js:13:5: "text"`), `error` is present only when the code was rejected or the
 * handler ended with an error.
 */
import type { CodeError } from './code-error.js';
import { CodeValidationError, formatCodeError } from './code-error.js';
import type { FieldContextInput } from './field-context.js';
import type { HandlerName } from './appsync-code.js';
import { AppSyncJsRuntime } from './runtime.js';

export interface EvaluateCodeRequest {
  code: string;
  /** The context, as JSON text (2 to 28,000 characters). */
  context: string;
  function: HandlerName;
}

export interface EvaluateCodeResponse {
  evaluationResult?: string;
  error?: {
    message: string;
    codeErrors: Pick<CodeError, 'errorType' | 'value' | 'location'>[];
  };
  logs: string[];
  stash?: string;
  outErrors?: string;
}

/** The request itself is invalid (AppSync answers BadRequestException and evaluates nothing). */
export class EvaluateCodeRequestError extends Error {
  override readonly name = 'BadRequestException';
}

const CONTEXT_LIMITS = { min: 2, max: 28_000 };

let sharedRuntime: AppSyncJsRuntime | undefined;

export function evaluateCode(request: EvaluateCodeRequest, runtime: AppSyncJsRuntime = (sharedRuntime ??= new AppSyncJsRuntime())): EvaluateCodeResponse {
  const ctx = parseContext(request.context);

  let code;
  try {
    code = runtime.load(request.code);
  } catch (err) {
    if (!(err instanceof CodeValidationError)) throw err;
    return {
      error: {
        message: err.codeErrors.map((e) => formatCodeError(e)).join('\n'),
        codeErrors: err.codeErrors.map(({ errorType, value, location }) => ({ errorType, value, location })),
      },
      logs: [],
    };
  }

  const field = runtime.fieldContext(ctx.field);
  const outcome = code.evaluate(
    request.function,
    field,
    {
      prev: runtime.toRealm(ctx.prevResult),
      ...(ctx.result !== undefined ? { result: runtime.toRealm(ctx.result) } : {}),
      error: ctx.error,
    },
    { captureStash: true },
  );

  const outErrors = [...outcome.appendedErrors, ...(outcome.error ? [outcome.error] : [])];
  // Field order as the API documents it: evaluationResult, error, logs, stash, outErrors.
  return {
    ...(outcome.kind === 'error' ? { error: { message: outcome.error!.message, codeErrors: [] } } : { evaluationResult: outcome.json ?? 'null' }),
    logs: outcome.logs.map((l) => `${l.level} - ${l.location}: ${l.message}`),
    // The stash as the handler left it ({} if it could not be written).
    stash: outcome.stashJson ?? '{}',
    outErrors: JSON.stringify(outErrors),
  };
}

interface ParsedContext {
  field: FieldContextInput;
  prevResult: unknown;
  result: unknown;
  error: { message: string; type: string } | null;
}

function parseContext(text: string): ParsedContext {
  if (text.length < CONTEXT_LIMITS.min || text.length > CONTEXT_LIMITS.max) {
    throw new EvaluateCodeRequestError(`context must be ${CONTEXT_LIMITS.min} to ${CONTEXT_LIMITS.max} characters of JSON; it has ${text.length}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new EvaluateCodeRequestError(`context is not valid JSON: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new EvaluateCodeRequestError('context must be a JSON object such as {"arguments": {...}}');
  }
  const c = parsed as Record<string, unknown>;
  const object = (key: string): Record<string, unknown> | undefined => {
    const v = c[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) throw new EvaluateCodeRequestError(`context.${key} must be an object`);
    return v as Record<string, unknown>;
  };
  const error = object('error');
  if (error && (typeof error['message'] !== 'string' || typeof error['type'] !== 'string')) {
    throw new EvaluateCodeRequestError('context.error must be {"message": string, "type": string}');
  }
  const field: FieldContextInput = {};
  const args = object('arguments') ?? object('args');
  if (args) field.arguments = args;
  if (c['identity'] !== undefined) field.identity = c['identity'] as FieldContextInput['identity'];
  if (c['source'] !== undefined) field.source = c['source'];
  const stash = object('stash');
  if (stash) field.stash = stash;
  const info = object('info');
  if (info) field.info = info as FieldContextInput['info'];
  const req = object('request');
  if (req) field.request = req as FieldContextInput['request'];
  const env = object('env');
  if (env) field.env = env as Record<string, string>;
  return {
    field,
    prevResult: object('prev')?.['result'],
    result: c['result'],
    error: error ? { message: error['message'] as string, type: error['type'] as string } : null,
  };
}
