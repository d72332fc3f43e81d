/**
 * What every test tier of the package shares. The tiers (vitest.<tier>.config.ts):
 * - unit: in-process only; no Java, no synth, no child process, no socket;
 * - integration: real components: DynamoDB Local, Lambda functions in child processes, HTTP on loopback;
 * - e2e: the served API, driven by real clients (HTTP, WebSocket, the browser).
 */
import { createRequire } from 'node:module';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export const PACKAGE_NAME = 'appsync-local';

export function tierConfig(tier: 'unit' | 'integration' | 'e2e', test: NonNullable<ViteUserConfig['test']> = {}): ViteUserConfig {
  return defineConfig({
    root: import.meta.dirname,
    resolve: {
      // graphql ships CJS (main) and ESM (module) copies. Node loads the CJS one for us and for
      // graphql-ws alike; Vite would give our sources the ESM one, and graphql's instanceof
      // checks (GraphQLError, GraphQLSchema) would then fail across the two copies.
      alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
      // The package's own exports resolve to its TypeScript sources under test.
      conditions: ['source'],
    },
    test: {
      name: `${PACKAGE_NAME}:${tier}`,
      include: [`test/${tier}/**/*.test.ts`],
      // Separate processes: tests set environment variables and spawn children.
      pool: 'forks',
      // The SDK warns once per process that its 2027 releases need Node 22; in tests, and in every
      // server and function they spawn, that notice is noise that buries the failures.
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...test,
    },
  });
}
