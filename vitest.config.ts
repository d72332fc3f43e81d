import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that start servers or DynamoDB Local pick free ports; nothing here needs isolation from its neighbours.
    pool: 'threads',
    testTimeout: 30_000,
  },
});
