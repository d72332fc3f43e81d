/**
 * Every test of the repository, in tiers (`npm run test:unit|integration|e2e` run one across
 * product and tool):
 * - unit: in-process only; no Java, no synth, no child process, no socket;
 * - integration: real components: DynamoDB Local, CDK synth and assertions, the functions' code;
 * - e2e: the product served by the local AppSync, driven by real clients.
 * The local AppSync's own tiers are its package's (packages/appsync-local/vitest.*.config.ts).
 */
import { createRequire } from 'node:module';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const require = createRequire(import.meta.url);

const shared = {
  resolve: {
    // graphql ships CJS (main) and ESM (module) copies. Node, and so the local AppSync, loads the
    // CJS one for us and for graphql-ws alike; Vite would give our sources the ESM one, and
    // graphql's instanceof checks (GraphQLError, GraphQLSchema) would then fail across the copies.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
    // appsync-local resolves to its TypeScript sources (its package.json's `source` condition).
    conditions: ['source'],
  },
};

function tier(name: 'unit' | 'integration' | 'e2e', globalSetup: string[] = []): TestProjectInlineConfiguration {
  return {
    ...shared,
    test: {
      name,
      include: [`test/${name}/**/*.test.ts`],
      globalSetup,
      // Separate processes: tests set environment variables for the functions they import.
      pool: 'forks',
      // The SDK warns once per process that its 2027 releases need Node 22; in tests, and in every
      // server and function they spawn, that notice is noise that buries the failures.
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  };
}

export default defineConfig({
  test: {
    projects: [
      tier('unit'),
      tier('integration', ['test/setup/dynamodb-local.ts', 'test/setup/cloud-assembly.ts']),
      tier('e2e', ['test/setup/dynamodb-local.ts', 'test/setup/cloud-assembly.ts']),
      'packages/*/vitest.*.config.ts',
    ],
  },
});
