import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // DynamoDB Local (Java) starts once for the run; tests make their own tables in it.
    globalSetup: ['test/setup/dynamodb-local.ts'],
    // Separate processes: tests set environment variables for the functions they import.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
