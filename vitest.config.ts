import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql ships CJS (main) and ESM (module) copies. Node, and so `npm start`, loads the CJS one
    // for us and for graphql-ws alike; Vite would give our sources the ESM one, and graphql's
    // instanceof checks (GraphQLError, GraphQLSchema) would then fail across the two copies.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // DynamoDB Local (Java) starts once for the run; tests make their own tables in it. The
    // CDK app is synthesized once for the tests that serve it with the local AppSync.
    globalSetup: ['test/setup/dynamodb-local.ts', 'test/setup/cloud-assembly.ts'],
    // Separate processes: tests set environment variables for the functions they import.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
