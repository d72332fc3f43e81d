/**
 * Credentials on AppSync's real-time endpoint
 * (https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html):
 *
 * - for the connection, an "authorization header" object sent as the `header` query parameter
 *   (base64 JSON), as a `header-<base64url JSON>` subprotocol, or as the upgrade request's own
 *   headers; for IAM it is signed as `POST /graphql/connect` with the body `{}`;
 * - for each subscription, the same kind of object in `start`'s `extensions.authorization`,
 *   signed for IAM as `POST /graphql` with the `data` string as body.
 *
 * Both are checked by the GraphQL endpoint's own authentication, so every mode behaves the same
 * over HTTP and WebSocket: `{"Authorization": "<JWT>", "host": …}` for user pools and OIDC (with
 * or without `Bearer `), `{"Authorization": "<token>", "host": …}` for a Lambda authorizer (which
 * sees the subscription as the operation of a start, none for the connection).
 *
 * A refusal is an UnauthorizedException with errorCode 401, worded by realtimeRefusal: a JWT
 * check's own message, "You are not authorized to make this call." for everything else.
 * A start without its own authorization runs as the connection's caller, unless the
 * connection's token has expired since: then it is refused as an expired token would be.
 */
import type { IncomingMessage } from 'node:http';
import type { Caller } from '../graphql/graphql-executor.js';
import type { GraphqlRequest } from '../graphql/graphql-request.js';
import { NOT_AUTHORIZED } from '../auth/lambda-authorizer.js';
import { authenticate, callerOf, MISSING_AUTHORIZATION, type Authentication, type AuthSettings } from '../graphql/request-authentication.js';

export type RealtimeAuthentication =
  { ok: true; caller: Caller; /** When the credentials stop being valid, epoch ms. */ expiresAt?: number } | { ok: false; errorType: string; message: string; errorCode: number };

/** The connection's authorization header object, from wherever the client put it. */
export function connectionHeaders(request: IncomingMessage): Record<string, string> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const fromQuery = url.searchParams.get('header');
  if (fromQuery) return decodeHeaderObject(fromQuery);
  const offered = String(request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  const fromProtocol = offered.find((p) => p.startsWith('header-'));
  if (fromProtocol) return decodeHeaderObject(fromProtocol.slice('header-'.length));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[name] = value;
  return headers;
}

/** base64 or base64url JSON of an object (padding optional); anything else is an empty object, which no mode accepts. */
function decodeHeaderObject(encoded: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(Buffer.from(encoded.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? lowerCased(value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function lowerCased(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (typeof value === 'string') out[name.toLowerCase()] = value;
  return out;
}

/**
 * Checks an authorization header object as a request to `path` with `body` would be checked.
 * Failures take the real-time endpoint's shape: UnauthorizedException with an errorCode.
 */
export async function authenticateRealtime(
  headers: Record<string, string>,
  path: '/graphql/connect' | '/graphql',
  body: string,
  sourceIp: string,
  settings: AuthSettings,
  operation: GraphqlRequest | null = null,
): Promise<RealtimeAuthentication> {
  const who = await authenticate({ method: 'POST', url: path, headers, body, sourceIp, operation }, settings);
  if (!who.ok) return realtimeRefusal(who);
  return { ok: true, caller: callerOf(who, headers), ...(who.expiresAt !== undefined ? { expiresAt: who.expiresAt } : {}) };
}

/**
 * How AppSync words, on the real-time endpoint (connection_error at connection_init, an `error`
 * frame for a start), a refusal its HTTP endpoint answers with `who`. Always errorType
 * UnauthorizedException with errorCode 401; the message:
 *
 * | HTTP refusal                                                     | real-time message              |
 * | ---------------------------------------------------------------- | ------------------------------ |
 * | 401 from a JWT check: "Token has expired.", "Valid authorization | the same: a client must learn  |
 * |   header not provided.", "Unauthorized" (OIDC client id)         | that its token expired         |
 * | 401 "Missing authorization header" (no credentials, API-key API) | "You are not authorized to     |
 * | 401 wrong API key, mode not on the API, Lambda denial            |  make this call."              |
 * | 403 SigV4 failures (InvalidSignatureException and the others)    |                                |
 * | 400 Lambda authorizer failures                                   |                                |
 *
 * Seen from AppSync: "Token has expired." on a reconnect with a stale token; "You are not
 * authorized to make this call." with errorCode 401 for a wrong API key and for a bad IAM
 * signature at connection time. That missing credentials are worded the same is inferred.
 */
export function realtimeRefusal(who: Extract<Authentication, { ok: false }>): Extract<RealtimeAuthentication, { ok: false }> {
  // Of the 401s, only the missing-credentials one is worded otherwise; the rest are a JWT check's
  // own or already NOT_AUTHORIZED. 400 and 403 are never a token's verdict.
  const keepsMessage = who.status === 401 && who.message !== MISSING_AUTHORIZATION;
  return { ok: false, errorType: 'UnauthorizedException', message: keepsMessage ? who.message : NOT_AUTHORIZED, errorCode: 401 };
}

/** The connection's verdict for a start that carries no authorization of its own, at `now`. */
export function connectionVerdictAt(verdict: RealtimeAuthentication, now: number): RealtimeAuthentication {
  if (verdict.ok && verdict.expiresAt !== undefined && now >= verdict.expiresAt) {
    return { ok: false, errorType: 'UnauthorizedException', message: 'Token has expired.', errorCode: 401 };
  }
  return verdict;
}
