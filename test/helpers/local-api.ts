/**
 * The local AppSync as `npm start` runs it (the project's synthesized assembly, an embedded
 * DynamoDB Local, the Lambda functions run locally, the HTTP server on a free port), started
 * by a test file and stopped afterwards; plus clients that call it over real HTTP with an API
 * key or a SigV4 signature.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { inject } from 'vitest';
import { LocalAppSync, type LocalAppSyncOptions } from 'appsync-local';
import { HttpServer } from 'appsync-local';
import { ensureLocalCertificates } from 'appsync-local';
import { ROOT } from './cdk.js';

export const TEST_API_KEY = 'da2-test-api-key-0000000000';
export const TEST_CREDENTIALS = { accessKeyId: 'TESTACCESSKEY', secretAccessKey: 'test-secret-access-key' };
export const TEST_REGION = 'us-east-1';

export interface GraphqlAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: {
    data?: T | null;
    errors?: { path?: (string | number)[] | null; errorType?: string | null; message: string; data?: unknown; errorInfo?: unknown; locations?: unknown }[];
    extensions?: { trace?: Trace };
  };
}

export interface Trace {
  resolverCount: number;
  fields: { path: (string | number)[]; typeName: string; fieldName: string; steps: { step: string; request?: { operation?: string }; response?: unknown }[] }[];
}

export interface LocalApi {
  app: LocalAppSync;
  url: string;
  /** The local CA (PEM and file) when serving over https. */
  tls?: { ca: string; caPath: string };
  /** An operation with the API key (or the given headers instead). */
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphqlAnswer<T>>;
  /** An operation signed with SigV4 by `credentials` (the local ones by default). */
  iamQuery<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, credentials?: { accessKeyId: string; secretAccessKey: string }): Promise<GraphqlAnswer<T>>;
  /** Any raw request to the endpoint. */
  post(body: string, headers: Record<string, string>): Promise<GraphqlAnswer>;
  stop(): Promise<void>;
}

/** The cloud assembly the test run synthesized once (test/setup/cloud-assembly.ts). */
export function testAssemblyDir(): string {
  return inject('assemblyDir');
}

/**
 * `server.pipes: false` leaves the stream pipes stopped until the test calls app.startPipes()
 * (to subscribe before any event flows).
 */
export async function startLocalApi(overrides: Partial<LocalAppSyncOptions> = {}, server: { https?: boolean; pipes?: boolean } = {}): Promise<LocalApi> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'local-appsync-'));
  const tls = server.https ? await ensureLocalCertificates(stateDir) : undefined;
  const http = new HttpServer(() => undefined, tls);
  const port = await http.listen(0);
  const url = `${http.scheme}://localhost:${port}/graphql`;
  const app = await LocalAppSync.start({
    projectDir: ROOT,
    stateDir,
    assemblyDir: testAssemblyDir(),
    ephemeral: true,
    apiKey: TEST_API_KEY,
    credentials: TEST_CREDENTIALS,
    region: TEST_REGION,
    graphqlUrl: url,
    realtimeUrl: `${tls ? 'wss' : 'ws'}://localhost:${port}/graphql/realtime`,
    caCertificatePath: tls?.caPath,
    log: () => undefined,
    ...overrides,
  }).catch(async (err: unknown) => {
    await http.stop();
    throw err;
  });
  http.ready(app);
  if (server.pipes !== false) await app.startPipes();

  const post = async (body: string, headers: Record<string, string>): Promise<GraphqlAnswer> => {
    if (tls) return (await requestTrusting(tls.ca, url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } })) as GraphqlAnswer;
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: response.status, headers: response.headers, body: (await response.json()) as GraphqlAnswer['body'] };
  };
  return {
    app,
    url,
    ...(tls ? { tls: { ca: tls.ca, caPath: tls.caPath } } : {}),
    post,
    query: (query, variables, headers) => post(JSON.stringify({ query, variables }), headers ?? { 'x-api-key': TEST_API_KEY }) as never,
    iamQuery: async (query, variables, credentials = TEST_CREDENTIALS) => {
      const body = JSON.stringify({ query, variables });
      return post(body, await sigV4Headers(url, body, credentials)) as never;
    },
    async stop() {
      await app.stopPipes();
      await http.stop();
      await app.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** A request over https trusting the local CA (fetch cannot be given a CA). */
export async function requestTrusting(ca: string, url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: Headers; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: init.method ?? 'GET', ca, headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
        resolve({ status: res.statusCode ?? 0, headers: responseHeaders, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** The headers of a POST to `url` signed with SigV4 for AppSync, as the AWS SDKs sign it. */
export async function sigV4Headers(url: string, body: string, credentials: { accessKeyId: string; secretAccessKey: string }, region = TEST_REGION): Promise<Record<string, string>> {
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
