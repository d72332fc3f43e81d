/**
 * The local AppSync served over real HTTP from a cloud assembly a test wrote (no synth), and the few client pieces such tests need: posting an operation and
 * signing one with SigV4 as the AWS SDKs sign it. Package tests use this rather than the root
 * project's helpers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LocalAppSync } from '../../src/local-appsync.js';
import { serve, type ServeOptions } from '../../src/server/serve.js';
import { signedAppSyncHeaders, type AwsCredentials } from '../../src/testing/request-signing.js';

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

export async function startLocalServer(assemblyDir: string, overrides: Pick<ServeOptions, 'userPools' | 'now'> = {}): Promise<LocalServer> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'local-server-'));
  const served = await serve({
    source: { assembly: assemblyDir },
    stateDir,
    port: 0,
    ephemeral: true,
    apiKey: TEST_API_KEY,
    credentials: TEST_CREDENTIALS,
    region: TEST_REGION,
    log: () => undefined,
    ...overrides,
  }).catch((err: unknown) => {
    rmSync(stateDir, { recursive: true, force: true });
    throw err;
  });
  const url = served.graphqlUrl;
  return {
    app: served.app,
    url,
    origin: served.origin,
    async post(body, headers) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
    },
    async stop() {
      await served.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** The headers of a POST to `url` signed with SigV4 for AppSync, as the AWS SDKs sign it. */
export const sigV4Headers = (url: string, body: string, credentials: AwsCredentials = TEST_CREDENTIALS, region = TEST_REGION) => signedAppSyncHeaders(url, body, credentials, region);
