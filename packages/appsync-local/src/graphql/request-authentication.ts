/**
 * Who is calling: a request's credentials checked against the API's auth providers, before any
 * GraphQL runs, with the status codes and bodies AppSync answers a failed check with.
 *
 * How a request's mode is chosen, as AppSync routes it:
 *
 * 1. `Authorization: AWS4-HMAC-SHA256 …`: AWS_IAM. The signature (service `appsync`) is verified
 *    for real with the secret of the access key it names (only the local credentials are known);
 *    a bad one is 403 with AWS's signature error types, never a fallback to another mode;
 * 2. an `x-api-key` header: API_KEY;
 * 3. an `Authorization` JWT (with or without `Bearer `) whose `iss` is a configured user pool's
 *    (the local Cognito's issuer, or AWS's `https://cognito-idp.<region>.amazonaws.com/<pool>`):
 *    AMAZON_COGNITO_USER_POOLS; whose `iss` is a configured OIDC issuer: OPENID_CONNECT
 *    (jwt-verification.ts);
 * 4. any other Authorization value not starting `Bearer `: the Lambda authorizer, when the API
 *    has one (lambda-authorizer.ts). `Bearer` is reserved for JWTs and never reaches the Lambda;
 * 5. nothing: 401 "Missing authorization header", or "Valid authorization header not provided."
 *    on an API whose default mode takes JWTs.
 *
 * Keys, the authorizer and the clock come from outside (AuthSettings): nothing here fetches.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Identity } from '@aws-appsync/utils';
import type { AuthMode } from '../appsync-js/index.js';
import {
  cognitoIssuer,
  INVALID_TOKEN,
  peekJwt,
  sameIssuer,
  verifyOidcToken,
  verifyUserPoolToken,
  type OidcKeySource,
  type OidcProvider,
  type TokenVerdict,
  type UserPoolProvider,
  type UserPoolSource,
} from '../auth/jwt-verification.js';
import { authorizeWithLambda, NOT_AUTHORIZED, type AuthorizerCache, type InvokeAuthorizer, type LambdaProvider } from '../auth/lambda-authorizer.js';
import { verifySigV4, type IncomingSignedRequest, type SigV4Credentials } from '../auth/sigv4-verifier.js';
import type { AuthProviderDefinition } from './api-definition.js';
import type { CallerGrants } from './field-authorization.js';
import type { Caller } from './graphql-executor.js';

/** AppSync's 401 message for a request without credentials on an API whose default mode takes none of JWTs. */
export const MISSING_AUTHORIZATION = 'Missing authorization header';

/**
 * Everything authentication needs: the API's providers (from the template) and what the
 * coordinator supplies to check them against.
 */
export interface AuthSettings {
  /** The API's providers with their configuration, the default first. */
  providers: readonly AuthProviderDefinition[];
  apiId: string;
  apiArn: string;
  accountId: string;
  apiKey: string;
  credentials: SigV4Credentials;
  /** The local Cognito's pools (issuer and public keys) by pool id. */
  userPools: UserPoolSource;
  /** The keys trusted for an OIDC issuer of the template (the local OIDC signer's). */
  oidcKeys: OidcKeySource;
  /** Runs the Lambda authorizer function. */
  invokeAuthorizer: InvokeAuthorizer;
  /** The Lambda authorizer's cached answers; one per loaded API. */
  authorizerCache: AuthorizerCache;
  /** Epoch milliseconds: token expiry, IatTTL/AuthTTL, SigV4's date window and the authorizer cache read this clock. */
  now: () => number;
  /** AppSync's 10 s unless a test wants less. */
  authorizerTimeoutMs?: number;
}

export type Authentication =
  | ({
      ok: true;
      mode: AuthMode;
      identity: Identity | null;
      /** When the credentials stop being valid (a JWT's exp, IatTTL, AuthTTL), epoch ms. */
      expiresAt?: number;
    } & CallerGrants)
  | { ok: false; status: 400 | 401 | 403; errorType: string; message: string };

export interface AuthenticatedRequest extends IncomingSignedRequest {
  /** The caller's address, for an identity's sourceIp. */
  sourceIp: string;
  /** The request's id (x-amzn-RequestId), for a Lambda authorizer's requestContext. */
  requestId?: string;
  /** The operation, when the body holds one (a Lambda authorizer sees it). */
  operation?: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null } | null;
}

export async function authenticate(request: AuthenticatedRequest, settings: AuthSettings): Promise<Authentication> {
  const header = (name: string) => {
    const v = request.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const modes = new Set(settings.providers.map((p) => p.type));
  const authorization = header('authorization')?.trim() || undefined;
  const apiKey = header('x-api-key');

  if (authorization !== undefined && authorization.startsWith('AWS4-')) {
    if (!modes.has('AWS_IAM')) return unauthorized(NOT_AUTHORIZED);
    const verdict = await verifySigV4(request, {
      service: 'appsync',
      lookup: (id) => (id === settings.credentials.accessKeyId ? settings.credentials : undefined),
      // The signature's five-minute window is judged by the server's clock, as token expiry is.
      now: new Date(settings.now()),
    });
    if (!verdict.valid) return { ok: false, status: 403, errorType: verdict.errorType, message: verdict.reason };
    return { ok: true, mode: 'AWS_IAM', identity: iamIdentity(verdict.accessKeyId, settings.accountId, sourceIps(request)) };
  }
  if (apiKey !== undefined) {
    if (!modes.has('API_KEY') || !sameSecret(apiKey, settings.apiKey)) return unauthorized(NOT_AUTHORIZED);
    return { ok: true, mode: 'API_KEY', identity: null };
  }
  if (authorization !== undefined) return authenticateToken(authorization, request, settings);
  const jwtDefault = settings.providers[0]?.type === 'AMAZON_COGNITO_USER_POOLS' || settings.providers[0]?.type === 'OPENID_CONNECT';
  return unauthorized(jwtDefault ? INVALID_TOKEN : MISSING_AUTHORIZATION);
}

/** An Authorization header that is no SigV4 signature: a JWT of a configured issuer, else the Lambda authorizer's token. */
async function authenticateToken(value: string, request: AuthenticatedRequest, settings: AuthSettings): Promise<Authentication> {
  const bearer = /^bearer\s/i.test(value);
  const token = bearer ? value.slice(value.search(/\s/)).trim() : value;
  const pools = settings.providers.filter((p): p is UserPoolProvider => p.type === 'AMAZON_COGNITO_USER_POOLS');
  const oidc = settings.providers.filter((p): p is OidcProvider => p.type === 'OPENID_CONNECT');
  const lambda = settings.providers.find((p): p is LambdaProvider => p.type === 'AWS_LAMBDA');
  const now = settings.now();

  const iss = peekJwt(token)?.iss;
  if (typeof iss === 'string') {
    const byPool = pools.filter((p) => sameIssuer(iss, cognitoIssuer(p)) || sameIssuer(iss, settings.userPools(p.userPoolId)?.issuer ?? ''));
    if (byPool.length > 0) {
      // One pool per issuer; several providers of it differ by client regex only.
      const verdict = await verifyUserPoolToken(
        token,
        byPool.filter((p) => p.userPoolId === byPool[0]!.userPoolId),
        settings.userPools(byPool[0]!.userPoolId),
        { now, sourceIp: sourceIps(request) },
      );
      return fromToken('AMAZON_COGNITO_USER_POOLS', verdict);
    }
    const byIssuer = oidc.filter((p) => sameIssuer(iss, p.issuer));
    if (byIssuer.length > 0) return fromToken('OPENID_CONNECT', await verifyOidcToken(token, byIssuer, settings.oidcKeys(byIssuer[0]!.issuer), { now }));
  }
  if (lambda && !bearer) {
    const verdict = await authorizeWithLambda(value, {
      provider: lambda,
      invoke: settings.invokeAuthorizer,
      cache: settings.authorizerCache,
      now: settings.now,
      apiId: settings.apiId,
      apiArn: settings.apiArn,
      accountId: settings.accountId,
      requestId: request.requestId ?? '',
      operation: request.operation ?? null,
      headers: headerStrings(request.headers),
      timeoutMs: settings.authorizerTimeoutMs,
    });
    if (!verdict.ok) return { ok: false, status: verdict.status, errorType: verdict.errorType, message: verdict.message };
    const { resolverContext, deniedFields } = verdict.decision;
    return { ok: true, mode: 'AWS_LAMBDA', identity: { resolverContext } as unknown as Identity, ...(deniedFields.size > 0 ? { deniedFields } : {}) };
  }
  if (pools.length > 0 || oidc.length > 0 || lambda) return unauthorized(INVALID_TOKEN);
  if (settings.providers.some((p) => p.type === 'AWS_IAM')) {
    // On an API whose only token mode is IAM the header can only be a (broken) signature.
    const verdict = await verifySigV4(request, { service: 'appsync', lookup: () => undefined, now: new Date(settings.now()) });
    if (!verdict.valid) return { ok: false, status: 403, errorType: verdict.errorType, message: verdict.reason };
  }
  return unauthorized(NOT_AUTHORIZED);
}

/** The caller an accepted request runs as, with the request's headers (ctx.request.headers). */
export function callerOf(who: Extract<Authentication, { ok: true }>, headers: Record<string, string>): Caller {
  const { ok: _ok, expiresAt: _expiresAt, ...caller } = who;
  return { ...caller, headers };
}

function fromToken(mode: 'AMAZON_COGNITO_USER_POOLS' | 'OPENID_CONNECT', verdict: TokenVerdict): Authentication {
  if (!verdict.ok) return unauthorized(verdict.message);
  const { ok: _ok, expiresAt, ...grants } = verdict;
  return { ok: true, mode, ...grants, ...(expiresAt !== undefined ? { expiresAt } : {}) };
}

/**
 * The caller's addresses as AppSync gives them in sourceIp: the TCP peer, after the
 * `x-forwarded-for` list when the request has one.
 */
export function sourceIps(request: AuthenticatedRequest): string[] {
  const forwarded = request.headers['x-forwarded-for'];
  const list = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
    .split(',')
    .map((ip) => ip.trim())
    .filter((ip) => ip !== '');
  return [...list, request.sourceIp];
}

function headerStrings(headers: AuthenticatedRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(',') : value;
  return out;
}

/**
 * The identity AppSync gives an IAM caller. Locally every signature comes from the one local
 * access key, presented as an IAM user of the local account named after the key.
 */
export function iamIdentity(accessKeyId: string, accountId: string, sourceIp: string | string[]): Identity {
  return {
    accountId,
    cognitoIdentityPoolId: null,
    cognitoIdentityId: null,
    sourceIp: Array.isArray(sourceIp) ? sourceIp : [sourceIp],
    username: accessKeyId,
    userArn: `arn:aws:iam::${accountId}:user/${accessKeyId}`,
    cognitoIdentityAuthType: null,
    cognitoIdentityAuthProvider: null,
  } as unknown as Identity;
}

function unauthorized(message: string): Authentication {
  return { ok: false, status: 401, errorType: 'UnauthorizedException', message };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
