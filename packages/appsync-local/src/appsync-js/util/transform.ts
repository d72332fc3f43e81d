/** util.transform (https://docs.aws.amazon.com/appsync/latest/devguide/transformation-helpers-in-utils-transform-js.html). */
import type { Util } from '@aws-appsync/utils';
import { renderDynamoDbExpression } from './dynamodb-expression.js';
import { toElasticsearchQueryDSL } from './opensearch-query.js';
import { toSubscriptionFilter } from './subscription-filter.js';

/** AppSync returns these two as JSON strings (key order expression, names, values), or null for input it cannot render. */
function asJson(filter: unknown): string {
  const rendered = renderDynamoDbExpression(filter);
  return (rendered === null ? null : JSON.stringify(rendered)) as string;
}

export const transform = {
  toDynamoDBFilterExpression: (filter: unknown) => asJson(filter),
  toDynamoDBConditionExpression: (condition: unknown) => asJson(condition),
  toElasticsearchQueryDSL: (filter: unknown) => toElasticsearchQueryDSL(filter),
  toSubscriptionFilter: (filter: unknown, ignoredFields?: unknown, rules?: unknown) => toSubscriptionFilter(filter, ignoredFields, rules),
} satisfies { [K in keyof Util['transform']]: (...args: never[]) => unknown };
