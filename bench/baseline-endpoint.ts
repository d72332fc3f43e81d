/**
 * The floor the local API is compared with: a bare node:http endpoint in the same process that,
 * for each POST, makes the same DynamoDB calls the resolvers make (with the same SDK and client
 * settings) and answers their result as JSON. Both sides then pay the same second loopback hop
 * (client → server → DynamoDB Local) and JSON round trip; what remains between them is what the
 * local AppSync adds: auth, GraphQL, the APPSYNC_JS sandbox, the data source.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BaselineEndpoint {
  /** `http://127.0.0.1:<port>/<operation>` */
  url(operation: string): string;
  stop(): Promise<void>;
}

export async function startBaselineEndpoint(operations: Record<string, () => Promise<unknown>>): Promise<BaselineEndpoint> {
  const server: Server = createServer((req, res) => {
    const operation = operations[(req.url ?? '/').slice(1)];
    // The body is read as the local API reads it, then ignored: the operation is in the path.
    req.resume();
    req.on('end', () => {
      if (!operation) {
        res.writeHead(404).end();
        return;
      }
      operation().then(
        (result) => {
          const body = JSON.stringify({ data: result ?? null });
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
          res.end(body);
        },
        (err: unknown) => {
          const body = JSON.stringify({ errors: [{ message: (err as Error).message }] });
          res.writeHead(500, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
          res.end(body);
        },
      );
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (operation) => `http://127.0.0.1:${port}/${operation}`,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
