/**
 * What one handler evaluation collects while it runs: appended errors, console lines,
 * extension calls, response headers. `util`, `extensions` and `console` are shared, frozen
 * objects; they find the evaluation they belong to through `currentScope()`. Handlers run
 * synchronously and cannot nest, so one slot is enough.
 */
import type { SubscriptionFilter } from '@aws-appsync/utils';

/** One entry of a GraphQL response's `errors`, before the server adds path and locations. */
export interface FieldError {
  message: string;
  errorType: string | null;
  data: unknown;
  errorInfo: unknown;
}

export interface LogEntry {
  level: 'INFO' | 'ERROR';
  /** `code.js:13:5`, or the original source position when the bundle has a source map. */
  location: string;
  /** Arguments as AppSync prints them: strings JSON-quoted, values as JSON, joined by spaces. */
  message: string;
}

export interface ExtensionCalls {
  subscriptionFilter?: SubscriptionFilter;
  subscriptionInvalidationFilter?: SubscriptionFilter;
  invalidations: { subscriptionField: string; payload: Record<string, unknown> }[];
  cacheEvictions: { typeName: string; fieldName: string; keys: Record<string, unknown> }[];
}

/** Values util.authType() returns, per auth mode (built-in-util-js.html). */
export const AUTH_TYPE_NAMES = {
  API_KEY: 'API Key Authorization',
  AWS_IAM: 'IAM Authorization',
  AMAZON_COGNITO_USER_POOLS: 'User Pool Authorization',
  OPENID_CONNECT: 'Open ID Connect Authorization',
  AWS_LAMBDA: 'Lambda Authorization',
} as const;
export type AuthMode = keyof typeof AUTH_TYPE_NAMES;

export interface EvaluationScope {
  readonly fieldName: string;
  readonly parentTypeName: string;
  readonly authMode: AuthMode;
  readonly appendedErrors: FieldError[];
  readonly logs: LogEntry[];
  readonly extensions: ExtensionCalls;
  readonly responseHeaders: Record<string, string>;
  /** Where the running code called the host from, as logs show it (`code.js:13:5`). */
  readonly locateCaller: () => string;
  /** Epoch ms after which the handler is stopped. */
  readonly deadline: number;
  /** Array-iteration steps left before the handler is stopped. */
  stepsLeft: number;
}

let current: EvaluationScope | undefined;

export function currentScope(): EvaluationScope {
  if (!current) throw new Error('APPSYNC_JS utilities were called outside of a handler evaluation');
  return current;
}

/** The running evaluation, if any (array steps taken by the realm's own helpers fall outside one). */
export function peekScope(): EvaluationScope | undefined {
  return current;
}

export function runInScope<T>(scope: EvaluationScope, fn: () => T): T {
  const previous = current;
  current = scope;
  try {
    return fn();
  } finally {
    current = previous;
  }
}
