/**
 * The local Cognito behind a real node:http server on a free loopback port, serving the fixture
 * template's pools at `<origin>/_local/cognito` (issuer base included), reached by the unmodified
 * @aws-sdk/client-cognito-identity-provider or by fetch. Servers and state dirs are stopped and
 * removed after the file's tests.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { SigV4Credentials } from '../../src/auth/sigv4-verifier.js';
import { COGNITO_MOUNT_PATH, createCognitoHttpHandler, isCognitoPath, type CognitoRequestHandler } from '../../src/cognito/cognito-http-handler.js';
import { LocalCognito, type LocalCognitoOptions } from '../../src/cognito/local-cognito.js';
import { fixtureIds, fixturePools, REGION, TestClock } from './cognito.js';
import { serveOnLoopback, useLoopbackServices } from './loopback-service.js';

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
  const services = useLoopbackServices<CognitoServer>('local-cognito');
  const start = async (options: Partial<LocalCognitoOptions> = {}): Promise<CognitoServer> => {
    // The issuer base holds the port, so the server listens before the local Cognito exists.
    const mounted: { handler?: CognitoRequestHandler } = {};
    const server = await serveOnLoopback((_req, pathname) => (isCognitoPath(pathname) ? mounted.handler : undefined));
    const origin = server.origin;
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
    return services.started({
      cognito,
      origin,
      endpoint,
      // Read on use: a test that serves its own pools (not the fixture's) has no fixture ids.
      get ids() {
        return fixtureIds(pools);
      },
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
        await server.close();
        await cognito.flush();
      },
    });
  };
  return { start, stateDir: services.stateDir };
}
