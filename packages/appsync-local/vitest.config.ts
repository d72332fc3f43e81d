import { defineConfig } from 'vitest/config';

// `vitest` in the package runs its three tiers; `--project appsync-local:unit` picks one.
export default defineConfig({ test: { projects: ['vitest.*.config.ts'] } });
