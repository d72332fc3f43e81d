/**
 * The local AppSync served over real HTTP from a cloud assembly a test wrote (no synth), with the
 * tier's DynamoDB Local, and the few client pieces such tests need: posting an operation and
 * signing one with SigV4 as the AWS SDKs sign it. Package tests use this rather than the root
 * project's helpers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { inject } from 'vitest';
import { LocalAppSync, type LocalAppSyncOptions } from '../../src/local-appsync.js';
import { HttpServer } from '../../src/server/http-server.js';

export const TEST_API_KEY = 'da2-test-api-key-0000000000';
export const TEST_CREDENTIALS = { accessKeyId: 'TESTACCESSKEY', secretAccessKey: 'test-secret-access-key' };
export const TEST_REGION = 'us-east-1';

export interface Answer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, unknown> | null; errors?: { path?: (string | number)[]; errorType?: string | null; message: string }[] };
}

export interface LocalServer {
  app: LocalAppSync;
  /** `http://localhost:<port>/graphql`. */
  url: string;
  origin: string;
  post(body: string, headers: Record<string, string>): Promise<Answer>;
  stop(): Promise<void>;
}

export async function startLocalServer(assemblyDir: string, overrides: Partial<LocalAppSyncOptions> = {}): Promise<LocalServer> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'local-server-'));
  const http = new HttpServer(() => undefined);
  const port = await http.listen(0);
  const origin = `http://localhost:${port}`;
  const url = `${origin}/graphql`;
  const app = await LocalAppSync.start({
    projectDir: assemblyDir,
    stateDir,
    assemblyDir,
    ephemeral: true,
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    apiKey: TEST_API_KEY,
    credentials: TEST_CREDENTIALS,
    region: TEST_REGION,
    graphqlUrl: url,
    realtimeUrl: `ws://localhost:${port}/graphql/realtime`,
    log: () => undefined,
    ...overrides,
  }).catch(async (err: unknown) => {
    await http.stop();
    rmSync(stateDir, { recursive: true, force: true });
    throw err;
  });
  http.ready(app);
  return {
    app,
    url,
    origin,
    async post(body, headers) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
    },
    async stop() {
      await http.stop();
      await app.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** The headers of a POST to `url` signed with SigV4 for AppSync, as the AWS SDKs sign it. */
export async function sigV4Headers(url: string, body: string, credentials = TEST_CREDENTIALS, region = TEST_REGION): Promise<Record<string, string>> {
  const target = new URL(url);
  const signer = new SignatureV4({ service: 'appsync', region, credentials, sha256: Sha256 });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: target.protocol,
      hostname: target.hostname,
      port: Number(target.port),
      path: target.pathname,
      headers: { host: target.host, 'content-type': 'application/json' },
      body,
    }),
  );
  return signed.headers as Record<string, string>;
}
