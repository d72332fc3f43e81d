/**
 * AppSync's AWS_LAMBDA mode
 * (https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html#aws-lambda-authorization):
 *
 * - the whole Authorization header value is the `authorizationToken`; a token longer than 2048
 *   characters, or one that does not match the provider's IdentityValidationExpression, is
 *   refused without calling the function;
 * - the function gets AppSync's event (token, requestContext with the operation, request headers)
 *   and answers `{isAuthorized, resolverContext?, deniedFields?, ttlOverride?}`;
 * - an answer is cached per token for `ttlOverride` seconds, else the provider's
 *   AuthorizerResultTtlInSeconds (0, the default, caches nothing);
 * - `isAuthorized: false`, a function error, a malformed answer or no answer within 10 s are all
 *   401 UnauthorizedException "You are not authorized to make this call.".
 *
 * The function is run by whoever passes `invoke` (the coordinator runs the template's function
 * locally); the clock is passed in too, so the cache can be tested without waiting.
 */
import { randomUUID } from 'node:crypto';
import type { AuthProviderDefinition } from '../graphql/api-definition.js';
import { matchesConfiguredPattern } from './configured-pattern.js';

export type LambdaProvider = Extract<AuthProviderDefinition, { type: 'AWS_LAMBDA' }>;

/** The event AppSync sends a Lambda authorizer. */
export interface LambdaAuthorizerEvent {
  authorizationToken: string;
  requestContext: {
    apiId: string;
    accountId: string;
    requestId: string;
    queryString: string;
    operationName?: string;
    variables: Record<string, unknown>;
  };
  requestHeaders: Record<string, string>;
}

/**
 * Runs the authorizer function (by its unqualified ARN) with the event and resolves with what it
 * returned. Rejects when the function failed (an error, its own timeout); rejects with
 * AuthorizerUnavailableError when it cannot be run at all.
 */
export type InvokeAuthorizer = (functionArn: string, event: LambdaAuthorizerEvent) => Promise<unknown>;

/** The authorizer function cannot be run (not in the template, not runnable locally). */
export class AuthorizerUnavailableError extends Error {}

/** An authorizer's answer, checked and normalized (deniedFields as `Type.field`). */
export interface AuthorizerDecision {
  isAuthorized: boolean;
  resolverContext: Record<string, unknown>;
  deniedFields: ReadonlySet<string>;
}

export type LambdaVerdict = { ok: true; decision: AuthorizerDecision } | { ok: false; status: 400 | 401; errorType: string; message: string };

/** AppSync's limits for Lambda authorizers. */
export const AUTHORIZER_TIMEOUT_MS = 10_000;
export const MAX_TOKEN_LENGTH = 2048;
export const MAX_RESULT_TTL_SECONDS = 3600;
export const NOT_AUTHORIZED = 'You are not authorized to make this call.';

/** Answers kept per token until their TTL runs out, bounded in size (the oldest goes first). */
export class AuthorizerCache {
  private readonly entries = new Map<string, { decision: AuthorizerDecision; expiresAt: number }>();

  constructor(private readonly maxEntries = 10_000) {}

  get(token: string, now: number): AuthorizerDecision | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (now >= entry.expiresAt) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.decision;
  }

  set(token: string, decision: AuthorizerDecision, ttlSeconds: number, now: number): void {
    if (!(ttlSeconds > 0)) return;
    this.entries.delete(token);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { decision, expiresAt: now + Math.min(ttlSeconds, MAX_RESULT_TTL_SECONDS) * 1000 });
  }

  clear(): void {
    this.entries.clear();
  }
}

export interface AuthorizeOptions {
  provider: LambdaProvider;
  invoke: InvokeAuthorizer;
  cache: AuthorizerCache;
  now: () => number;
  apiId: string;
  apiArn: string;
  accountId: string;
  requestId: string;
  operation: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null } | null;
  headers: Record<string, string>;
  timeoutMs?: number;
}

export async function authorizeWithLambda(token: string, options: AuthorizeOptions): Promise<LambdaVerdict> {
  const { provider } = options;
  const refused: LambdaVerdict = { ok: false, status: 401, errorType: 'UnauthorizedException', message: NOT_AUTHORIZED };
  if (token.length > MAX_TOKEN_LENGTH) return refused;
  if (provider.identityValidationExpression !== null && !matchesConfiguredPattern(provider.identityValidationExpression, token)) return refused;

  const cached = options.cache.get(token, options.now());
  if (cached) return cached.isAuthorized ? { ok: true, decision: cached } : refused;

  const event: LambdaAuthorizerEvent = {
    authorizationToken: token,
    requestContext: {
      apiId: options.apiId,
      accountId: options.accountId,
      requestId: options.requestId || randomUUID(),
      queryString: options.operation?.query ?? '',
      ...(options.operation?.operationName ? { operationName: options.operation.operationName } : {}),
      variables: options.operation?.variables ?? {},
    },
    requestHeaders: options.headers,
  };
  let answer: unknown;
  try {
    answer = await withinTimeout(options.invoke(provider.functionArn, event), options.timeoutMs ?? AUTHORIZER_TIMEOUT_MS);
  } catch (err) {
    if (err instanceof AuthorizerUnavailableError) return { ok: false, status: 400, errorType: 'BadRequestException', message: err.message };
    return refused;
  }
  const decision = decisionOf(answer, options.apiArn);
  if (!decision) return refused;
  const ttl = typeof (answer as { ttlOverride?: unknown }).ttlOverride === 'number' ? (answer as { ttlOverride: number }).ttlOverride : provider.resultTtlSeconds;
  options.cache.set(token, decision, ttl, options.now());
  return decision.isAuthorized ? { ok: true, decision } : refused;
}

/** The answer checked: `isAuthorized` must be a boolean; the rest is optional. */
function decisionOf(answer: unknown, apiArn: string): AuthorizerDecision | undefined {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return undefined;
  const a = answer as Record<string, unknown>;
  if (typeof a['isAuthorized'] !== 'boolean') return undefined;
  const context = a['resolverContext'];
  const denied = Array.isArray(a['deniedFields']) ? a['deniedFields'].filter((f): f is string => typeof f === 'string') : [];
  return {
    isAuthorized: a['isAuthorized'],
    resolverContext: typeof context === 'object' && context !== null && !Array.isArray(context) ? (context as Record<string, unknown>) : {},
    deniedFields: new Set(denied.flatMap((f) => deniedField(f, apiArn))),
  };
}

/**
 * `Type.field`, or a field ARN `arn:aws:appsync:<region>:<account>:apis/<apiId>/types/<Type>/fields/<field>`
 * of this API, as `Type.field`; an ARN of another API denies nothing here.
 */
export function deniedField(entry: string, apiArn: string): string[] {
  if (entry.startsWith('arn:')) {
    const match = /^(.+)\/types\/([^/]+)\/fields\/([^/]+)$/.exec(entry);
    return match && match[1] === apiArn ? [`${match[2]}.${match[3]}`] : [];
  }
  return /^[^.\s]+\.[^.\s]+$/.test(entry) ? [entry] : [];
}

class Timeout extends Error {}

async function withinTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Timeout()), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
