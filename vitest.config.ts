import { defineConfig } from 'vitest/config';

export default defineConfig({
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
