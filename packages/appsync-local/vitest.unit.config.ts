import { tierConfig } from './vitest.shared.js';

export default tierConfig('unit', { testTimeout: 10_000 });
