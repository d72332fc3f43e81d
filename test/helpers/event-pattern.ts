/**
 * Enough of EventBridge's event-pattern matching to check the pipe's filters against stream
 * records: nested objects, exact values, `prefix`, `anything-but` and `exists`. A pattern field
 * the event lacks never matches (anything-but included) unless the rule is `exists: false`, as in
 * Pipes and Lambda event filtering.
 */
type Pattern = { [key: string]: Pattern | PatternValue[] };
type PatternValue = string | number | boolean | null | { prefix: string } | { 'anything-but': (string | number)[] } | { exists: boolean };

export function matchesPattern(pattern: unknown, event: unknown): boolean {
  if (typeof pattern !== 'object' || pattern === null || Array.isArray(pattern)) throw new Error('a pattern is an object');
  if (typeof event !== 'object' || event === null) return false;
  return Object.entries(pattern as Pattern).every(([key, sub]) => {
    const value = (event as Record<string, unknown>)[key];
    if (Array.isArray(sub)) return sub.some((rule) => matchesValue(rule, value));
    // A nested pattern under a missing field can still match through `exists: false` leaves.
    return matchesPattern(sub, value ?? {});
  });
}

function matchesValue(rule: PatternValue, value: unknown): boolean {
  if (typeof rule === 'object' && rule !== null && 'exists' in rule) return rule.exists === (value !== undefined);
  if (value === undefined) return false;
  if (typeof rule === 'object' && rule !== null) {
    if ('prefix' in rule) return typeof value === 'string' && value.startsWith(rule.prefix);
    if ('anything-but' in rule) return value !== undefined && !rule['anything-but'].includes(value as string);
    throw new Error(`unsupported pattern rule ${JSON.stringify(rule)}`);
  }
  return value === rule;
}

/** True when any of the pipe's filters (JSON strings, ORed) lets the record through. */
export function passesFilters(filters: readonly string[], record: unknown): boolean {
  return filters.some((filter) => matchesPattern(JSON.parse(filter), record));
}
