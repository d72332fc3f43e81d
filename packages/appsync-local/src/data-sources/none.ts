/**
 * The NONE data source: no I/O, the request's `payload` comes back as the result
 * (https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-none-js.html).
 * Used by local transforms and by publish mutations that only fan out to subscribers.
 */
import type { DataSourceResult } from '../appsync-js/resolver-execution.js';

export function invokeNoneDataSource(request: unknown): DataSourceResult {
  const payload = request !== null && typeof request === 'object' ? (request as Record<string, unknown>)['payload'] : undefined;
  return { result: payload ?? null };
}
