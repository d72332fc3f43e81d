/**
 * The HTTP data source: AppSync's HTTP request object
 * (https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-http-js.html) sent as a
 * real HTTP(S) request to the data source's endpoint, the answer handed to the response handler.
 *
 * - the request is `{method, resourcePath, params?: {query?, headers?, body?}}`: method one of
 *   GET POST PUT PATCH DELETE, resourcePath starting with `/` and appended to the endpoint,
 *   header values strings, body a string (anything else is JSON-encoded, see below);
 * - ctx.result is `{statusCode, headers, body}` whatever the status: a 404 or a 500 is an answer
 *   for the response handler to judge, not an error;
 * - only a request that never got an answer (refused, unreachable, timed out) sets ctx.error;
 * - with `AuthorizationConfig: AWS_IAM` the request is signed with SigV4 for the configured
 *   region and service, with the local IAM credentials (AppSync signs with the data source's
 *   role; locally there is no role, and the local credentials are what the tool's own endpoints
 *   verify).
 *
 * Inferred, not documented by AWS (docs/local-appsync.md lists them): the error types for an
 * invalid request and for a failed call, response header names in lower case with repeated
 * headers joined by ", ", query values that are lists sent as a repeated key.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { DataSourceResult } from '../appsync-js/resolver-execution.js';
import { RESTRICTED } from '../appsync-js/util/http-xml.js';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** AppSync's budget for a whole request, which no data-source call can outlast. */
export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;

/** What is sent: the request object turned into a concrete HTTP request. */
export interface PreparedHttpRequest {
  method: HttpMethod;
  url: URL;
  /** Names in lower case. */
  headers: Record<string, string>;
  body?: string;
}

/** What the response handler sees as ctx.result. */
export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** How a request is signed (the data source's `AuthorizationConfig.AwsIamConfig`). */
export interface HttpSigning {
  signingRegion: string;
  signingServiceName: string;
}

export interface HttpCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** A request object AppSync would refuse before calling the endpoint. */
export class HttpRequestError extends Error {
  override readonly name = 'HttpRequestError';
}

/** The call never got an answer: refused, unreachable, reset, or too slow. */
export class HttpCallError extends Error {
  constructor(
    message: string,
    readonly type: string,
  ) {
    super(message);
  }
}

/**
 * The error type of an invalid request object: AppSync reports request objects it cannot use as
 * `MappingTemplate` errors (its name from the VTL days; inferred for APPSYNC_JS).
 */
export const INVALID_REQUEST_TYPE = 'MappingTemplate';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The request object as the HTTP request to send to `endpoint`; throws HttpRequestError when AppSync would refuse it. */
export function prepareHttpRequest(endpoint: string, request: unknown): PreparedHttpRequest {
  if (!isObject(request)) throw new HttpRequestError('The HTTP request must be an object with method and resourcePath.');
  const { method, resourcePath, params } = request;
  if (typeof method !== 'string' || !(HTTP_METHODS as readonly string[]).includes(method)) {
    throw new HttpRequestError(`The HTTP request's method must be one of ${HTTP_METHODS.join(', ')}; got ${JSON.stringify(method ?? null)}.`);
  }
  if (typeof resourcePath !== 'string' || !resourcePath.startsWith('/')) {
    throw new HttpRequestError(`The HTTP request's resourcePath must be a string that starts with '/'; got ${JSON.stringify(resourcePath ?? null)}.`);
  }
  if (params !== undefined && params !== null && !isObject(params)) throw new HttpRequestError("The HTTP request's params must be an object of query, headers and body.");
  const { query, headers, body } = (params ?? {}) as Record<string, unknown>;

  // The endpoint's own path (an override may have one) goes before the resource path.
  const url = new URL(endpoint.replace(/\/+$/, '') + resourcePath);
  const pairs = queryPairs(query);
  if (pairs.length > 0) {
    // Percent-encoding (a space is %20, not +), so the query is the same to a SigV4 verifier as to us.
    const encoded = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
    url.search = url.search ? `${url.search.slice(1)}&${encoded}` : encoded;
  }

  const sent: Record<string, string> = {};
  if (headers !== undefined && headers !== null) {
    if (!isObject(headers)) throw new HttpRequestError("The HTTP request's params.headers must be an object of header names to string values.");
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value !== 'string') throw new HttpRequestError(`The HTTP request's header ${name} must be a string; got ${JSON.stringify(value)}.`);
      // The connection's own headers (Host, Content-Length...) are the client's to set, as AppSync's util.http.copyHeaders says.
      if (RESTRICTED.has(name.toLowerCase())) continue;
      sent[name.toLowerCase()] = value;
    }
  }
  // The docs type body as any and show strings; an object is sent as its JSON, as a resolver returning one would expect.
  const text = body === undefined || body === null ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return { method: method as HttpMethod, url, headers: sent, ...(text !== undefined ? { body: text } : {}) };
}

/** Query parameters in order: a string (or number, boolean) once, a list as the same key repeated; null and undefined left out. */
function queryPairs(query: unknown): [string, string][] {
  if (query === undefined || query === null) return [];
  if (!isObject(query)) throw new HttpRequestError("The HTTP request's params.query must be an object of parameter names to values.");
  const pairs: [string, string][] = [];
  const scalar = (name: string, v: unknown): string => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new HttpRequestError(`The HTTP request's query parameter ${name} must be a string or a list of strings; got ${JSON.stringify(v)}.`);
  };
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) pairs.push([name, scalar(name, v)]);
    else pairs.push([name, scalar(name, value)]);
  }
  return pairs;
}

/** The request with SigV4 headers (authorization, x-amz-date, x-amz-content-sha256) for `signing`, as AppSync signs for an AWS_IAM data source. */
export async function signHttpRequest(prepared: PreparedHttpRequest, signing: HttpSigning, credentials: HttpCredentials, signingDate?: Date): Promise<PreparedHttpRequest> {
  const signer = new SignatureV4({ service: signing.signingServiceName, region: signing.signingRegion, credentials, sha256: Sha256 });
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of prepared.url.searchParams) {
    const existing = query[k];
    query[k] = existing === undefined ? v : Array.isArray(existing) ? [...existing, v] : [existing, v];
  }
  const payloadHash = Buffer.from(await sha256(prepared.body ?? '')).toString('hex');
  const signed = await signer.sign(
    new HttpRequest({
      method: prepared.method,
      protocol: prepared.url.protocol,
      hostname: prepared.url.hostname,
      ...(prepared.url.port ? { port: Number(prepared.url.port) } : {}),
      path: prepared.url.pathname,
      query,
      // x-amz-content-sha256 signed too, so the endpoint can check the body against it.
      headers: { ...prepared.headers, host: prepared.url.host, 'x-amz-content-sha256': payloadHash },
      ...(prepared.body !== undefined ? { body: prepared.body } : {}),
    }),
    signingDate ? { signingDate } : undefined,
  );
  const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
  return { ...prepared, headers };
}

async function sha256(text: string): Promise<Uint8Array> {
  const hash = new Sha256();
  hash.update(text);
  return hash.digest();
}

/**
 * Sends the request and reads the whole answer, or fails with HttpCallError once `timeoutMs` has
 * passed (connecting, sending and reading included), so a call never outlives its budget.
 */
export function sendHttpRequest(prepared: PreparedHttpRequest, timeoutMs: number): Promise<HttpResult> {
  const { url } = prepared;
  const send = url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' ? httpRequest : undefined;
  if (!send) return Promise.reject(new HttpCallError(`${url.protocol} endpoints are not HTTP; the endpoint must be an http(s) URL.`, 'HTTP:InvalidEndpoint'));
  return new Promise<HttpResult>((resolve, reject) => {
    let settled = false;
    const finish = (err: HttpCallError | undefined, result?: HttpResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(result!);
    };
    const req = send(
      url,
      { method: prepared.method, headers: { ...prepared.headers, ...(prepared.body !== undefined ? { 'content-length': String(Buffer.byteLength(prepared.body)) } : {}) } },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => finish(new HttpCallError(`Reading the answer of ${prepared.method} ${shown(url)} failed: ${err.message}`, 'HTTP:ConnectionFailed')));
        res.on('end', () => finish(undefined, { statusCode: res.statusCode ?? 0, headers: responseHeaders(res), body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    const timer = setTimeout(() => {
      finish(new HttpCallError(`${prepared.method} ${shown(url)} did not answer within ${timeoutMs} ms.`, 'HTTP:Timeout'));
      req.destroy();
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => finish(new HttpCallError(`${prepared.method} ${shown(url)} failed: ${describeNetworkError(err)}`, 'HTTP:ConnectionFailed')));
    req.end(prepared.body);
  });
}

/** Header names in lower case (as Node reads them), a repeated header's values joined by ", ". */
function responseHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function describeNetworkError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'the connection was refused (is the server running?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host name does not resolve (${err.code}); offline, point the data source at a local URL`;
    case 'ECONNRESET':
      return 'the connection was reset';
    default:
      return err.message;
  }
}

export interface HttpDataSourceOptions {
  /** The data source's name, for messages. */
  name: string;
  /** Where requests go: the override, else the template's endpoint; null when neither is known. */
  endpoint: string | null;
  /** Why the template's endpoint is not known locally (an intrinsic that cannot be resolved), when it is not. */
  endpointProblem?: string;
  signing: HttpSigning | null;
  credentials: HttpCredentials;
  timeoutMs?: number;
  /** The network call; tests replace it. */
  send?: (prepared: PreparedHttpRequest, timeoutMs: number) => Promise<HttpResult>;
}

export class HttpDataSource {
  constructor(private readonly options: HttpDataSourceOptions) {}

  async invoke(request: unknown): Promise<DataSourceResult> {
    const { name, endpoint } = this.options;
    if (endpoint === null) {
      return {
        error: {
          message: `The HTTP data source ${name} has no endpoint locally${this.options.endpointProblem ? ` (${this.options.endpointProblem})` : ''}. Point it at a URL with --http-endpoint ${name}=<url> (appsync-local start) or httpEndpoints: { ${name}: '<url>' } (startLocalAppSync).`,
          type: 'HTTP:EndpointUnavailable',
        },
      };
    }
    let prepared: PreparedHttpRequest;
    try {
      prepared = prepareHttpRequest(endpoint, request);
      if (this.options.signing) prepared = await signHttpRequest(prepared, this.options.signing, this.options.credentials);
    } catch (err) {
      if (err instanceof HttpRequestError) return { error: { message: err.message, type: INVALID_REQUEST_TYPE } };
      return { error: { message: `The request to the HTTP data source ${name} cannot be built: ${(err as Error).message}`, type: INVALID_REQUEST_TYPE } };
    }
    try {
      const result = await (this.options.send ?? sendHttpRequest)(prepared, this.options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS);
      return { result };
    } catch (err) {
      if (err instanceof HttpCallError) return { error: { message: err.message, type: err.type } };
      return { error: { message: (err as Error).message, type: 'HTTP:ConnectionFailed' } };
    }
  }
}

/** An endpoint override must be an absolute http(s) URL; the reason when it is not. */
export function checkHttpEndpoint(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${url} is not a URL (give it as http://host:port)`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `${url} is not an http(s) URL (give it as http://host:port)`;
  if (parsed.search || parsed.hash) return `${url} has a query or fragment; give the endpoint only`;
  return undefined;
}

/** `Name=url` pairs (the CLI's --http-endpoint, LOCAL_HTTP_ENDPOINTS) as a map; throws with `what` on a bad pair. */
/**
 * A URL as error messages show it: no query and no user info, which may carry keys a resolver
 * added (`params.query.api_key`) and a resolver may pass ctx.error.message on to the caller.
 */
function shown(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

export function parseHttpEndpointPairs(pairs: readonly string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) throw new Error(`${what} takes <DataSourceName>=<url>, got ${pair}`);
    const name = pair.slice(0, eq).trim();
    const url = pair.slice(eq + 1).trim();
    const problem = checkHttpEndpoint(url);
    if (problem) throw new Error(`${what} ${name}: ${problem}`);
    // Defined, not assigned: a data source may be called `__proto__` as well as anything else.
    Object.defineProperty(out, name, { value: url, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * The endpoint overridden for a data source, if any: own keys only, since data sources may be
 * named `constructor` or `toString`, which every object inherits.
 */
export function endpointOverride(overrides: Readonly<Record<string, string>>, dataSource: string): string | undefined {
  return Object.hasOwn(overrides, dataSource) ? overrides[dataSource] : undefined;
}
