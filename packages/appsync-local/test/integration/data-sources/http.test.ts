/**
 * The HTTP data source against a real node:http server on loopback, through APPSYNC_JS resolvers
 * run by the real runtime: what the endpoint receives, what the response handler gets (a non-2xx
 * answer included: AppSync hands it over, it is not an error), and ctx.error when no answer comes
 * (refused connection, a server slower than the timeout).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppSyncJsRuntime, executeResolver, type FieldResolution } from '../../../src/appsync-js/index.js';
import { HttpDataSource } from '../../../src/data-sources/http.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const runtime = new AppSyncJsRuntime();
const CREDENTIALS = { accessKeyId: 'LOCALAPPSYNCACCESSKEY', secretAccessKey: 'local-appsync-secret-access-key' };
const received: Received[] = [];
/** Requests to /slow are held until the test releases them (no sleeping on either side). */
const held: (() => void)[] = [];
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path === '/slow') return void held.push(() => res.writeHead(200).end('late'));
      if (path === '/missing') return void res.writeHead(404, { 'content-type': 'application/json', 'x-request-id': 'r-404' }).end('{"message":"no such city"}');
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] }).end(JSON.stringify({ echoed: { method: req.method, url: req.url, body } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const release of held) release();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Runs a unit resolver with `code` on an HTTP data source at `endpoint`. */
function resolve(code: string, args: Record<string, unknown>, options: { endpoint?: string; timeoutMs?: number } = {}): Promise<FieldResolution> {
  const source = new HttpDataSource({
    name: 'Weather',
    endpoint: options.endpoint ?? origin,
    signing: null,
    credentials: CREDENTIALS,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  return executeResolver(runtime, { kind: 'UNIT', dataSource: 'Weather', code: runtime.load(code) }, runtime.fieldContext({ arguments: args }), ({ request }) => source.invoke(request));
}

/** A response handler that answers what it got: ctx.error as data, else ctx.result with the body parsed when it is JSON. */
const REPORT = `export function response(ctx) {
  if (ctx.error) return { error: ctx.error };
  return { statusCode: ctx.result.statusCode, headers: ctx.result.headers, body: ctx.result.body, parsed: ctx.result.headers['content-type'] === 'application/json' ? JSON.parse(ctx.result.body) : null };
}`;

describe('the HTTP data source on loopback', () => {
  it('GET with query parameters: the endpoint gets the path and the encoded query; the handler gets status, headers and body', async () => {
    const outcome = await resolve(
      `export function request(ctx) { return { method: 'GET', resourcePath: '/v1/cities/' + ctx.args.city, params: { query: { units: 'metric', q: 'rain & sun', day: ['mon', 'tue'] } } }; }
${REPORT}`,
      { city: 'paris' },
    );
    expect(outcome.errors).toEqual([]);
    const value = outcome.value as { statusCode: number; headers: Record<string, string>; body: string; parsed: unknown };
    expect(value.statusCode).toBe(200);
    expect(value.headers['content-type']).toBe('application/json');
    expect(value.headers['set-cookie']).toBe('a=1, b=2');
    expect(value.parsed).toEqual({ echoed: { method: 'GET', url: '/v1/cities/paris?units=metric&q=rain%20%26%20sun&day=mon&day=tue', body: '' } });
    expect(received.at(-1)?.method).toBe('GET');
  });

  it('POST with a JSON body and headers: the endpoint gets them as given', async () => {
    const outcome = await resolve(
      `export function request(ctx) {
  return { method: 'POST', resourcePath: '/v1/reports', params: { headers: { 'Content-Type': 'application/json', 'X-Api-Key': 'k-1' }, body: JSON.stringify({ city: ctx.args.city }) } };
}
${REPORT}`,
      { city: 'oslo' },
    );
    expect(outcome.errors).toEqual([]);
    const last = received.at(-1)!;
    expect(last).toMatchObject({ method: 'POST', url: '/v1/reports', body: '{"city":"oslo"}' });
    expect(last.headers).toMatchObject({ 'content-type': 'application/json', 'x-api-key': 'k-1', 'content-length': '15', host: new URL(origin).host });
  });

  it('a 404 reaches the response handler as ctx.result, not ctx.error, and the handler decides', async () => {
    const outcome = await resolve(
      `import { util } from '@aws-appsync/utils';
export function request(ctx) { return { method: 'GET', resourcePath: '/missing' }; }
export function response(ctx) {
  if (ctx.error) return util.error('unexpected ctx.error: ' + ctx.error.message, ctx.error.type);
  if (ctx.result.statusCode !== 200) return util.error(JSON.parse(ctx.result.body).message, 'NotFound', { status: ctx.result.statusCode, requestId: ctx.result.headers['x-request-id'] });
  return ctx.result.body;
}`,
      {},
    );
    expect(outcome.failed).toBe(true);
    expect(outcome.errors).toEqual([expect.objectContaining({ message: 'no such city', errorType: 'NotFound', data: { status: 404, requestId: 'r-404' } })]);
  });

  it('a refused connection is ctx.error, and the response handler still runs', async () => {
    // A port that was free a moment ago: nothing listens there now.
    const spare = createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const closedPort = (spare.address() as AddressInfo).port;
    await new Promise<void>((resolve) => spare.close(() => resolve()));

    // The message names the URL without its query: a key a resolver put there must not reach a caller.
    const outcome = await resolve(
      `export function request(ctx) { return { method: 'GET', resourcePath: '/x', params: { query: { api_key: 'k-secret' } } }; }\n${REPORT}`,
      {},
      { endpoint: `http://user:pw@127.0.0.1:${closedPort}` },
    );
    expect(outcome.value).toEqual({ error: { type: 'HTTP:ConnectionFailed', message: `GET http://127.0.0.1:${closedPort}/x failed: the connection was refused (is the server running?)` } });
  });

  it('a server slower than the timeout is ctx.error HTTP:Timeout, and the call does not wait for it', async () => {
    const before = held.length;
    const outcome = await resolve(`export function request(ctx) { return { method: 'GET', resourcePath: '/slow' }; }\n${REPORT}`, {}, { timeoutMs: 200 });
    expect(outcome.value).toEqual({ error: { type: 'HTTP:Timeout', message: `GET ${origin}/slow did not answer within 200 ms.` } });
    // The server got the request and still holds it: the answer came from the timeout, not from the server.
    expect(held.length).toBe(before + 1);
  });

  it('an invalid request object is ctx.error and nothing is sent', async () => {
    const count = received.length;
    const outcome = await resolve(`export function request(ctx) { return { method: 'GET', resourcePath: 'no-slash' }; }\n${REPORT}`, {});
    expect(outcome.value).toEqual({ error: { type: 'MappingTemplate', message: `The HTTP request's resourcePath must be a string that starts with '/'; got "no-slash".` } });
    expect(received.length).toBe(count);
  });
});
