/**
 * What the loopback harnesses of the local services (Cognito, SNS) share: a real node:http server
 * on a free 127.0.0.1 port that hands each request its whole body to the service's handler, and,
 * per test file, temporary state dirs and the started services, all stopped and removed after the
 * file's tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** A service's HTTP handler: the request with its body already read. */
export type BodyHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>;

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

/**
 * Listens on a free loopback port. `route` picks the handler for a request's path, read when the
 * request comes (so a service may be mounted after the server listens); none answers 404.
 */
export async function serveOnLoopback(route: (req: IncomingMessage, pathname: string) => BodyHandler | undefined): Promise<LoopbackServer> {
  const server = createServer((req, res) => {
    const handler = route(req, new URL(req.url ?? '/', 'http://localhost').pathname);
    if (!handler) return void res.writeHead(404).end();
    void readBody(req).then((body) => handler(req, res, body));
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * One test file's services: `started` records a service so that it is stopped after the file's
 * tests; `stateDir` makes a temporary folder (named after `prefix`) removed after them.
 */
export function useLoopbackServices<S extends { stop(): Promise<void> }>(prefix: string) {
  const services: S[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return {
    started(service: S): S {
      services.push(service);
      return service;
    },
    stateDir(): string {
      const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
      dirs.push(dir);
      return dir;
    },
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
