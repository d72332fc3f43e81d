/**
 * AppSync's GraphQL endpoint independent of any HTTP server: one request in (method, headers,
 * body), one response out (status, headers, body), with AppSync's status codes, error bodies,
 * CORS headers and request ids. The node:http adapter only moves bytes.
 *
 * Order of checks, as AppSync: CORS preflight; credentials (401/403, nothing runs); the body
 * (400 MalformedHttpRequestException); then GraphQL, whose errors are HTTP 200.
 */
import { randomUUID } from 'node:crypto';
import type { ExecutableApi } from './executable-api.js';
import { executeGraphql, type ExecuteOptions, type GraphqlResponse } from './graphql-executor.js';
import { parseGraphqlBody } from './graphql-request.js';
import { authenticate, callerOf, type AuthSettings } from './request-authentication.js';
import { requestFailureBody } from './response-errors.js';

export interface EndpointRequest {
  method: string;
  /** Path and query. */
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string | string[] | undefined>;
  body: string;
  sourceIp: string;
}

export interface EndpointResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Ask for the resolver trace in the response's extensions (local only). */
export const TRACE_HEADER = 'x-local-trace';

const EXPOSED_HEADERS = 'x-amzn-RequestId,x-amzn-ErrorType,x-amz-user-agent,x-amzn-ErrorMessage,Date,x-amz-schema-version';
/** What AppSync's control plane allows in a preflight; the data plane's list is not documented. */
const ALLOWED_HEADERS = `Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-Content-Sha256,X-Amz-User-Agent,${TRACE_HEADER}`;

export interface EndpointOptions extends Omit<ExecuteOptions, 'trace'> {
  /** Told of every operation that ran (mutations fan out to subscribers from there). */
  onExecuted?: (api: ExecutableApi, result: GraphqlResponse) => void;
}

export async function handleGraphqlRequest(api: ExecutableApi, request: EndpointRequest, auth: AuthSettings, options: EndpointOptions = {}): Promise<EndpointResponse> {
  const base = {
    'x-amzn-requestid': randomUUID(),
    'access-control-allow-origin': '*',
    'access-control-expose-headers': EXPOSED_HEADERS,
  };
  if (request.method === 'OPTIONS') {
    const asked = header(request, 'access-control-request-headers');
    return {
      status: 200,
      headers: { ...base, 'access-control-allow-methods': 'GET,POST,OPTIONS', 'access-control-allow-headers': asked ?? ALLOWED_HEADERS, 'access-control-max-age': '172800' },
      body: '',
    };
  }
  const json = (status: number, body: unknown, extra: Record<string, string> = {}): EndpointResponse => ({
    status,
    headers: { ...extra, ...base, 'content-type': 'application/json; charset=UTF-8' },
    body: JSON.stringify(body),
  });
  const failure = (status: number, errorType: string, message: string) => json(status, requestFailureBody(errorType, message), { 'x-amzn-errortype': errorType });

  if (request.method !== 'POST') return failure(405, 'MethodNotAllowedException', 'The local server takes GraphQL requests as POST.');
  // Read before the credentials are checked (a Lambda authorizer sees the operation), refused after.
  const parsed = parseGraphqlBody(request.body);
  const who = await authenticate({ ...request, requestId: base['x-amzn-requestid'], operation: parsed.ok ? parsed.request : null }, auth);
  if (!who.ok) return failure(who.status, who.errorType, who.message);
  if (!parsed.ok) return failure(400, parsed.errorType, parsed.message);

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  const { onExecuted, ...execution } = options;
  const result = await executeGraphql(api, parsed.request, callerOf(who, headers), { ...execution, trace: header(request, TRACE_HEADER) === '1' });
  onExecuted?.(api, result);
  return json(200, result.body, result.headers);
}

function header(request: EndpointRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
