import { tierConfig } from './vitest.shared.js';

// One DynamoDB Local for the tier (tests make their own tables in it), and the CDK fixture app synthesized once.
export default tierConfig('integration', { globalSetup: ['test/setup/dynamodb-local.ts', 'test/setup/cloud-assembly.ts'] });
