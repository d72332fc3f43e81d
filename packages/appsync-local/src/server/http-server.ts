/**
 * The HTTP adapter: node:http in front of the local AppSync. It only routes and moves bytes;
 * AppSync's behaviour lives in the endpoint (local/graphql/graphql-endpoint.ts).
 *
 * - `POST /graphql` (and its CORS preflight): the GraphQL endpoint, 503 until the API is loaded;
 * - `GET /health`: 200 once the API is ready, 503 before;
 * - `GET /` and `/explorer/...`: the GraphiQL explorer (local/explorer/), 503 until the API is loaded;
 * - WebSocket upgrades of `/graphql/realtime`: the real-time endpoint;
 * - `/_local/...`: local-only services (the SNS API and listings, the pipes' activity);
 * - anything else: 404.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { isExplorerPath } from '../explorer/explorer-handler.js';
import { REALTIME_PATH } from '../realtime/realtime-endpoint.js';
import type { EndpointRequest, EndpointResponse } from '../graphql/graphql-endpoint.js';

export interface GraphqlHandler {
  handle(request: EndpointRequest): Promise<EndpointResponse>;
  /** Local-only services and listings under `/_local/` (SNS, pipes); the body is raw. */
  handleLocal?(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void>;
  /** WebSocket upgrades of the real-time endpoint. */
  realtime?: { handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void; close(): void };
  /** The explorer's page and assets (`GET /`, `/explorer/...`). */
  explorer?: { handle(req: IncomingMessage, res: ServerResponse): Promise<void> };
}

/** Where local-only services live (never an AppSync path). */
export const LOCAL_PREFIX = '/_local/';

/** AppSync documents no request-size quota; a bound keeps one request from exhausting memory. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

export class HttpServer {
  private readonly server: Server;
  private handler: GraphqlHandler | undefined;

  /** `https` when serving with TLS (`--https`). */
  readonly scheme: 'http' | 'https';

  constructor(
    private readonly onError: (error: unknown) => void = () => undefined,
    tls?: { cert: string; key: string },
  ) {
    const listener = (req: IncomingMessage, res: ServerResponse) => {
      this.route(req, res).catch((err: unknown) => {
        this.onError(err);
        if (!res.headersSent) send(res, { status: 500, headers: { 'content-type': 'application/json' }, body: failure('InternalFailure', 'An internal failure occurred.') });
        else res.destroy();
      });
    };
    this.server = tls ? createTlsServer({ cert: tls.cert, key: tls.key }, listener) : createServer(listener);
    this.scheme = tls ? 'https' : 'http';
    // Keep-alive connections must not hold `stop()` open.
    this.server.keepAliveTimeout = 5_000;
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      const realtime = this.handler?.realtime;
      if (pathname === REALTIME_PATH && realtime) return realtime.handleUpgrade(req, socket, head);
      const status = pathname === REALTIME_PATH ? '503 Service Unavailable' : '404 Not Found';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    });
  }

  /** Listens on the port (0: a free one) and answers 503 until `ready` is called. */
  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  ready(handler: GraphqlHandler): void {
    this.handler = handler;
  }

  async stop(): Promise<void> {
    // Upgraded sockets are not the HTTP server's connections any more; close them first.
    this.handler?.realtime?.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname === '/health' && req.method === 'GET') {
      const ready = this.handler !== undefined;
      return send(res, { status: ready ? 200 : 503, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: ready ? 'ready' : 'starting' }) });
    }
    if (isExplorerPath(pathname) && (!this.handler || this.handler.explorer)) {
      if (this.handler?.explorer) return this.handler.explorer.handle(req, res);
      return send(res, { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' }, body: 'The local API is still starting; reload in a moment.' });
    }
    if (pathname.startsWith(LOCAL_PREFIX) && this.handler?.handleLocal) {
      const body = await readBodyOrRefuse(req, res);
      if (body === undefined) return;
      return this.handler.handleLocal(req, res, body);
    }
    if (pathname !== '/graphql') {
      return send(res, {
        status: 404,
        headers: { 'content-type': 'application/json' },
        body: failure('NotFoundException', `No route for ${req.method} ${pathname}; the GraphQL endpoint is POST /graphql.`),
      });
    }
    if (!this.handler) {
      return send(res, { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '1' }, body: failure('ServiceUnavailableException', 'The local API is still starting.') });
    }
    const body = await readBodyOrRefuse(req, res);
    if (body === undefined) return;
    const response = await this.handler.handle({
      method: req.method ?? 'GET',
      url: req.url ?? '/graphql',
      headers: req.headers,
      body: body.toString('utf8'),
      sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
    });
    send(res, response);
  }
}

/** The body; when it is too large, undefined once 413 is answered (the rest is not read). */
async function readBodyOrRefuse(req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      send(res, { status: 413, headers: { 'content-type': 'application/json' }, body: failure('PayloadTooLargeException', `The request body is larger than ${MAX_BODY_BYTES} bytes.`) });
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, response: EndpointResponse): void {
  res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body) });
  res.end(response.body);
}

function failure(errorType: string, message: string): string {
  return JSON.stringify({ errors: [{ errorType, message }] });
}
