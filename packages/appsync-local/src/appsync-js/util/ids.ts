/** util.autoId, autoUlid, autoKsuid (https://docs.aws.amazon.com/appsync/latest/devguide/built-in-util-js.html), from the runtime's environment. */
import type { RuntimeEnvironment } from '../runtime-environment.js';

export function createIds(environment: RuntimeEnvironment) {
  return {
    autoId: (): string => environment.uuid(),
    autoUlid: (): string => environment.ulid(),
    autoKsuid: (): string => environment.ksuid(),
  };
}
