import { tierConfig } from './vitest.shared.js';

export default tierConfig('e2e', { globalSetup: ['test/setup/dynamodb-local.ts', 'test/setup/cloud-assembly.ts'] });
