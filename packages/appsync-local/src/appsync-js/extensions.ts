/**
 * The `extensions` global (https://docs.aws.amazon.com/appsync/latest/devguide/extensions-js.html).
 * Calls are recorded on the evaluation; the server acts on them (subscription filters,
 * invalidation, cache eviction) because only it knows the operation being run.
 */
import type { Extensions } from '@aws-appsync/utils';
import { currentScope } from './evaluation-scope.js';
import { isPlainObject, toHostData, UtilInputError } from './util/host-data.js';

function filterArgument(name: string, filter: unknown) {
  if (!isPlainObject(filter) || !Array.isArray(filter['filterGroup'])) {
    throw new UtilInputError(`extensions.${name} expects {filterGroup: [...]}, as util.transform.toSubscriptionFilter returns`);
  }
  return toHostData<NonNullable<ReturnType<typeof currentScope>['extensions']['subscriptionFilter']>>(filter)!;
}

export function createExtensions(): Extensions {
  return {
    setSubscriptionFilter(filter) {
      currentScope().extensions.subscriptionFilter = filterArgument('setSubscriptionFilter', filter);
    },
    setSubscriptionInvalidationFilter(filter) {
      currentScope().extensions.subscriptionInvalidationFilter = filterArgument('setSubscriptionInvalidationFilter', filter);
    },
    invalidateSubscriptions(invalidation) {
      if (!isPlainObject(invalidation) || typeof invalidation['subscriptionField'] !== 'string' || !isPlainObject(invalidation['payload'])) {
        throw new UtilInputError('extensions.invalidateSubscriptions expects {subscriptionField: string, payload: object}');
      }
      currentScope().extensions.invalidations.push({
        subscriptionField: invalidation['subscriptionField'],
        payload: toHostData<Record<string, unknown>>(invalidation['payload'])!,
      });
    },
    evictFromApiCache(typeName, fieldName, keys) {
      currentScope().extensions.cacheEvictions.push({
        typeName: String(typeName),
        fieldName: String(fieldName),
        keys: toHostData<Record<string, unknown>>(keys) ?? {},
      });
    },
  };
}
