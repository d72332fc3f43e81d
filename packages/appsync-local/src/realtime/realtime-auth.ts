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
 * over HTTP and WebSocket.
 */
import type { IncomingMessage } from 'node:http';
import type { Caller } from '../graphql/graphql-executor.js';
import { authenticate, type AuthSettings } from '../graphql/request-authentication.js';

export type RealtimeAuthentication = { ok: true; caller: Caller } | { ok: false; errorType: string; message: string; errorCode: number };

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
): Promise<RealtimeAuthentication> {
  const who = await authenticate({ method: 'POST', url: path, headers, body, sourceIp }, settings);
  if (!who.ok) return { ok: false, errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.', errorCode: 401 };
  return { ok: true, caller: { mode: who.mode, identity: who.identity, headers } };
}
