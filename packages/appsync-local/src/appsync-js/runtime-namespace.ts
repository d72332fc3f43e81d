/** The `runtime` global (https://docs.aws.amazon.com/appsync/latest/devguide/runtime-utils-js.html). */
import type { ReturnOptions } from '@aws-appsync/utils';
import { EarlyReturnSignal } from './signals.js';

export function createRuntimeNamespace() {
  return {
    /** Ends the handler; `value` (a sandbox value, kept as is) becomes its result. */
    earlyReturn(value?: unknown, options?: ReturnOptions): never {
      const skipTo = options?.skipTo === 'END' || options?.skipTo === 'NEXT' ? options.skipTo : undefined;
      throw new EarlyReturnSignal(value, skipTo);
    },
  };
}
