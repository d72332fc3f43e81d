/**
 * Shared by the local SNS tests: the handler mounted on a real node:http server on a free port,
 * reached by the unmodified @aws-sdk/client-sns through AWS_ENDPOINT_URL_SNS, exactly as a local
 * Lambda function reaches it (the variable carries the mount path; the SDK keeps it).
 */
import { SNSClient } from '@aws-sdk/client-sns';
import type { SigV4Credentials } from '../../src/auth/sigv4-verifier.js';
import { LocalSns, type LocalSnsOptions } from '../../src/sns/local-sns.js';
import { createSnsHttpHandler, isSnsPath, SNS_MOUNT_PATH } from '../../src/sns/sns-http-handler.js';
import type { SnsTopicDefinition } from '../../src/sns/topic-definitions.js';
import { serveOnLoopback, useLoopbackServices } from './loopback-service.js';

export const REGION = 'us-east-1';
export const CREDENTIALS: SigV4Credentials = { accessKeyId: 'LOCALSNSTESTKEY', secretAccessKey: 'local-sns-test-secret' };

export const topic = (name: string, settings: Partial<SnsTopicDefinition> = {}): SnsTopicDefinition => ({
  logicalId: name.replace(/[^A-Za-z0-9]/g, ''),
  arn: `arn:aws:sns:${REGION}:000000000000:${name}`,
  name,
  fifo: name.endsWith('.fifo'),
  contentBasedDeduplication: false,
  ...settings,
});

export const ORDERS = topic('orders');
export const FIFO = topic('orders.fifo');
export const FIFO_CONTENT_DEDUP = topic('dedup.fifo', { contentBasedDeduplication: true });

export interface SnsServer {
  sns: LocalSns;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** What AWS_ENDPOINT_URL_SNS is set to. */
  endpoint: string;
  /** A client made the way a Lambda function's SDK makes one: region and endpoint from the environment. */
  client(credentials?: SigV4Credentials): SNSClient;
  /** Each published line the local SNS logged. */
  lines: string[];
  /** Paths the server was asked for. */
  paths: string[];
  /** Errors the handler reported as internal. */
  internalErrors: unknown[];
  stop(): Promise<void>;
}

export interface SnsServers {
  /** A local SNS behind HTTP (signatures checked against CREDENTIALS unless `verifySignatures: false`). */
  start(options?: Partial<LocalSnsOptions> & { verifySignatures?: boolean }): Promise<SnsServer>;
  /** A temporary state dir, removed after the file's tests. */
  stateDir(): string;
}

/** Local SNS servers and state dirs for one test file; all stopped and removed after its tests. */
export function useSnsServers(): SnsServers {
  const services = useLoopbackServices<SnsServer>('local-sns');
  const start = async (options: Partial<LocalSnsOptions> & { verifySignatures?: boolean } = {}): Promise<SnsServer> => {
    const lines: string[] = [];
    const paths: string[] = [];
    const internalErrors: unknown[] = [];
    const sns = await LocalSns.open({ topics: [ORDERS, FIFO, FIFO_CONTENT_DEDUP], log: (line) => lines.push(line), ...options });
    const handler = createSnsHttpHandler(sns, { credentials: options.verifySignatures === false ? undefined : CREDENTIALS, onInternalError: (e) => internalErrors.push(e) });
    const server = await serveOnLoopback((req, pathname) => {
      paths.push(`${req.method} ${pathname}`);
      return isSnsPath(pathname) ? handler : undefined;
    });
    const origin = server.origin;
    const endpoint = `${origin}${SNS_MOUNT_PATH}`;
    const clients: SNSClient[] = [];
    return services.started({
      sns,
      origin,
      endpoint,
      lines,
      paths,
      internalErrors,
      client: (credentials = CREDENTIALS) => {
        process.env['AWS_ENDPOINT_URL_SNS'] = endpoint;
        process.env['AWS_REGION'] = REGION;
        const client = new SNSClient({ credentials, maxAttempts: 1 });
        clients.push(client);
        return client;
      },
      stop: async () => {
        for (const client of clients) client.destroy();
        await server.close();
        await sns.flush();
      },
    });
  };
  return { start, stateDir: services.stateDir };
}
