/**
 * util.transform.toSubscriptionFilter
 * (https://docs.aws.amazon.com/appsync/latest/devguide/transformation-helpers-in-utils-transform-js.html):
 * a filter object to `{filterGroup: [{filters: [{fieldName, operator, value}]}]}`.
 *
 * Fields at one level are ANDed, several operators on one field are ORed (one group each),
 * `and`/`or` take lists and multiply out, ignoredFields drop fields at any depth, and each rule
 * adds one alternative to every group. As AppSync's EvaluateCode shows, operators are passed
 * through unchecked, `not` is an ordinary field name, and a non-object input gives null.
 */
import type { SubscriptionFilter } from '@aws-appsync/utils';
import { isPlainObject } from './host-data.js';

interface Filter {
  fieldName: string;
  operator: string;
  value: unknown;
}
/** Alternatives (ORed), each a list of filters (ANDed). */
type Alternatives = Filter[][];

function cross(a: Alternatives, b: Alternatives): Alternatives {
  return a.flatMap((left) => b.map((right) => [...left, ...right]));
}

function alternatives(filter: Record<string, unknown>, ignored: Set<string>): Alternatives {
  let acc: Alternatives = [[]];
  for (const [key, value] of Object.entries(filter)) {
    if ((key === 'and' || key === 'or') && Array.isArray(value)) {
      const members = value.filter(isPlainObject).map((m) => alternatives(m, ignored));
      if (key === 'and') {
        for (const member of members) acc = cross(acc, member);
      } else {
        // A branch emptied by ignoredFields drops out instead of matching everything.
        const union = members.flat().filter((alt) => alt.length > 0);
        if (union.length > 0) acc = cross(acc, union);
      }
    } else if (!ignored.has(key) && isPlainObject(value)) {
      acc = cross(
        acc,
        Object.entries(value).map(([operator, v]) => [{ fieldName: key, operator, value: v }]),
      );
    }
  }
  return acc;
}

export function toSubscriptionFilter(filter: unknown, ignoredFields?: unknown, rules?: unknown): SubscriptionFilter | null {
  if (!isPlainObject(filter)) return null;
  const ignored = new Set(Array.isArray(ignoredFields) ? ignoredFields.map(String) : []);
  let groups = alternatives(filter, ignored);
  if (isPlainObject(rules)) {
    const ruleFilters = Object.entries(rules).flatMap(([fieldName, ops]) => (isPlainObject(ops) ? Object.entries(ops).map(([operator, value]) => ({ fieldName, operator, value })) : []));
    if (ruleFilters.length > 0) groups = groups.flatMap((g) => ruleFilters.map((r) => [...g, r]));
  }
  return { filterGroup: groups.filter((g) => g.length > 0).map((filters) => ({ filters })) } as unknown as SubscriptionFilter;
}
