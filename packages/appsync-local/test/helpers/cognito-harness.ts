/**
 * The local Cognito behind a real node:http server on a free loopback port, serving the fixture
 * template's pools at `<origin>/_local/cognito` (issuer base included), reached by the unmodified
 * @aws-sdk/client-cognito-identity-provider or by fetch. Servers and state dirs are stopped and
 * removed after the file's tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll } from 'vitest';
import type { SigV4Credentials } from '../../src/auth/sigv4-verifier.js';
import { COGNITO_MOUNT_PATH, createCognitoHttpHandler, isCognitoPath, type CognitoRequestHandler } from '../../src/cognito/cognito-http-handler.js';
import { LocalCognito, type LocalCognitoOptions } from '../../src/cognito/local-cognito.js';
import { fixtureIds, fixturePools, REGION, TestClock } from './cognito.js';

export const CREDENTIALS: SigV4Credentials = { accessKeyId: 'LOCALCOGNITOKEY', secretAccessKey: 'local-cognito-test-secret' };

export interface CognitoServer {
  cognito: LocalCognito;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `<origin>/_local/cognito`: the SDK's endpoint, Amplify's userPoolEndpoint, the issuer base. */
  endpoint: string;
  ids: ReturnType<typeof fixtureIds>;
  /** The server's clock: starts now, tests may move it. */
  clock: TestClock;
  client(credentials?: SigV4Credentials): CognitoIdentityProviderClient;
  lines: string[];
  internalErrors: unknown[];
  stop(): Promise<void>;
}

export function useCognitoServers() {
  const started: CognitoServer[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(started.map((s) => s.stop()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const stateDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'local-cognito-'));
    dirs.push(dir);
    return dir;
  };
  const start = async (options: Partial<LocalCognitoOptions> = {}): Promise<CognitoServer> => {
    // The issuer base holds the port, so the server listens before the local Cognito exists.
    const mounted: { handler?: CognitoRequestHandler } = {};
    const server = createServer((req, res) => {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      const handler = mounted.handler;
      if (!isCognitoPath(pathname) || !handler) return void res.writeHead(404).end();
      void readBody(req).then((body) => handler(req, res, body));
    });
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
    const origin = `http://127.0.0.1:${port}`;
    const endpoint = `${origin}${COGNITO_MOUNT_PATH}`;
    const lines: string[] = [];
    const internalErrors: unknown[] = [];
    const clock = new TestClock();
    clock.time = Date.now();
    const pools = options.pools ?? fixturePools();
    const cognito = await LocalCognito.open({
      pools,
      issuerBase: endpoint,
      region: REGION,
      credentials: CREDENTIALS,
      log: (line) => lines.push(line),
      clock: clock.now,
      ...options,
    });
    mounted.handler = createCognitoHttpHandler(cognito, { onInternalError: (e) => internalErrors.push(e) });
    const clients: CognitoIdentityProviderClient[] = [];
    const instance: CognitoServer = {
      cognito,
      origin,
      endpoint,
      ids: fixtureIds(pools),
      clock,
      lines,
      internalErrors,
      client: (credentials = CREDENTIALS) => {
        const client = new CognitoIdentityProviderClient({ region: REGION, endpoint, credentials, maxAttempts: 1 });
        clients.push(client);
        return client;
      },
      stop: async () => {
        for (const client of clients) client.destroy();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await cognito.flush();
      },
    };
    started.push(instance);
    return instance;
  };
  return { start, stateDir };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
