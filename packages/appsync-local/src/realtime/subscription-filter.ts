/**
 * AppSync's enhanced subscription filters
 * (https://docs.aws.amazon.com/appsync/latest/devguide/extensions-js.html and
 * …/aws-appsync-real-time-enhanced-filtering.html): checked when a subscription sets one, and
 * evaluated against each mutation result (or invalidation payload).
 *
 * `{filterGroup: [{filters: [{fieldName, operator, value}]}]}`: the filters of a group are ANDed,
 * the groups ORed. `fieldName` may be a dotted path of up to 5 levels. Written here because no
 * library evaluates AppSync's filter format.
 *
 * Choices where the documentation is silent (docs/local-appsync.md): `between` is inclusive;
 * a field the payload lacks (or null) satisfies only `ne`, `notIn`, `notContains` and `eq null`;
 * ordering operators compare numbers with numbers and strings with strings only.
 */

export interface FilterCondition {
  fieldName: string;
  operator: string;
  value: unknown;
}

export interface SubscriptionFilterSpec {
  filterGroup: { filters: FilterCondition[] }[];
}

/** Documented quotas: groups per filter (with `in` expanded), fields per group, list sizes, string length, path depth. */
export const FILTER_LIMITS = {
  groups: 10,
  fieldsPerGroup: 5,
  inValues: 5,
  containsAnyValues: 20,
  stringLength: 256,
  pathDepth: 5,
} as const;

const OPERATORS = new Set(['eq', 'ne', 'le', 'lt', 'ge', 'gt', 'lte', 'gte', 'contains', 'notContains', 'beginsWith', 'in', 'notIn', 'between', 'containsAny']);

/** Why AppSync would refuse the filter, or null when it is acceptable. */
export function filterProblem(filter: unknown): string | null {
  if (typeof filter !== 'object' || filter === null || !Array.isArray((filter as SubscriptionFilterSpec).filterGroup)) {
    return 'A subscription filter is {filterGroup: [{filters: [...]}]}.';
  }
  const groups = (filter as SubscriptionFilterSpec).filterGroup;
  let expandedGroups = 0;
  for (const group of groups) {
    if (typeof group !== 'object' || group === null || !Array.isArray(group.filters)) return 'Each filter group needs a filters list.';
    const fields = new Set<string>();
    let expansion = 1;
    for (const f of group.filters) {
      if (typeof f !== 'object' || f === null || typeof f.fieldName !== 'string' || typeof f.operator !== 'string') {
        return 'Each filter needs a fieldName and an operator.';
      }
      if (!OPERATORS.has(f.operator)) return `The filter operator ${f.operator} is not supported.`;
      fields.add(f.fieldName);
      const problem = valueProblem(f);
      if (problem) return problem;
      if (f.operator === 'in') expansion *= (f.value as unknown[]).length;
    }
    if (fields.size > FILTER_LIMITS.fieldsPerGroup) {
      return `A filter group combines at most ${FILTER_LIMITS.fieldsPerGroup} fields; this one has ${fields.size}.`;
    }
    expandedGroups += expansion;
  }
  if (expandedGroups > FILTER_LIMITS.groups) {
    return `A subscription filter has at most ${FILTER_LIMITS.groups} filter groups (each value of an in counts as one); this one has ${expandedGroups}.`;
  }
  return null;
}

function valueProblem({ fieldName, operator, value }: FilterCondition): string | null {
  const tooLong = (v: unknown) => typeof v === 'string' && v.length > FILTER_LIMITS.stringLength;
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null;
  const list = Array.isArray(value) ? value : null;
  if (tooLong(value) || list?.some(tooLong)) return `Filter values are at most ${FILTER_LIMITS.stringLength} characters (${fieldName}).`;
  switch (operator) {
    case 'in':
    case 'notIn':
      if (!list || list.length === 0) return `${operator} on ${fieldName} takes a non-empty list.`;
      if (list.length > FILTER_LIMITS.inValues) return `${operator} takes at most ${FILTER_LIMITS.inValues} values; ${fieldName} has ${list.length}.`;
      return list.every(scalar) ? null : `${operator} on ${fieldName} takes a list of scalars.`;
    case 'containsAny':
      if (!list || list.length === 0) return `containsAny on ${fieldName} takes a non-empty list.`;
      if (list.length > FILTER_LIMITS.containsAnyValues) return `containsAny takes at most ${FILTER_LIMITS.containsAnyValues} values; ${fieldName} has ${list.length}.`;
      return list.every(scalar) ? null : `containsAny on ${fieldName} takes a list of scalars.`;
    case 'between':
      return list && list.length === 2 && list.every(scalar) ? null : `between on ${fieldName} takes a pair [low, high].`;
    default:
      return scalar(value) ? null : `${operator} on ${fieldName} takes a scalar value.`;
  }
}

/** True when any group's filters all hold for the payload (an empty filter lets everything through). */
export function matchesFilter(filter: SubscriptionFilterSpec, payload: unknown): boolean {
  if (filter.filterGroup.length === 0) return true;
  return filter.filterGroup.some((group) => group.filters.every((f) => holds(f, payload)));
}

function fieldValue(payload: unknown, fieldName: string): unknown {
  const path = fieldName.split('.');
  // Deeper paths are outside what AppSync evaluates; such a rule cannot be satisfied.
  if (path.length > FILTER_LIMITS.pathDepth) return undefined;
  let current = payload;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function holds({ fieldName, operator, value }: FilterCondition, payload: unknown): boolean {
  const actual = fieldValue(payload, fieldName);
  const present = actual !== undefined && actual !== null;
  switch (operator) {
    case 'eq':
      return present ? actual === value : value === null;
    case 'ne':
      return present ? actual !== value : value !== null;
    case 'lt':
    case 'le':
    case 'lte':
    case 'gt':
    case 'ge':
    case 'gte':
      return present && ordered(actual, value, operator);
    case 'between': {
      const [low, high] = value as [unknown, unknown];
      return present && ordered(actual, low, 'ge') && ordered(actual, high, 'le');
    }
    case 'beginsWith':
      return typeof actual === 'string' && typeof value === 'string' && actual.startsWith(value);
    case 'contains':
      return present && contains(actual, value);
    case 'notContains':
      return !present || !contains(actual, value);
    case 'in':
      return present && (value as unknown[]).includes(actual);
    case 'notIn':
      return !present || !(value as unknown[]).includes(actual);
    case 'containsAny':
      return Array.isArray(actual) && (value as unknown[]).some((v) => actual.includes(v));
    default:
      return false;
  }
}

function contains(actual: unknown, value: unknown): boolean {
  if (typeof actual === 'string') return typeof value === 'string' && actual.includes(value);
  if (Array.isArray(actual)) return actual.includes(value);
  return false;
}

function ordered(actual: unknown, bound: unknown, operator: string): boolean {
  const comparable = (typeof actual === 'number' && typeof bound === 'number') || (typeof actual === 'string' && typeof bound === 'string');
  if (!comparable) return false;
  const a = actual as number | string;
  const b = bound as number | string;
  switch (operator) {
    case 'lt':
      return a < b;
    case 'le':
    case 'lte':
      return a <= b;
    case 'gt':
      return a > b;
    default:
      return a >= b;
  }
}
