import { tierConfig } from './vitest.shared.js';

// Each file starts its own server (the harness), with its own DynamoDB Local in memory.
export default tierConfig('e2e');
