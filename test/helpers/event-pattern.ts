/**
 * Enough of EventBridge's event-pattern matching to check the pipe's filters against stream
 * records: nested objects, exact values, `prefix` and `anything-but`. A pattern field the event
 * lacks never matches (anything-but included), as in Pipes and Lambda event filtering.
 */
type Pattern = { [key: string]: Pattern | PatternValue[] };
type PatternValue = string | number | boolean | null | { prefix: string } | { 'anything-but': (string | number)[] };

export function matchesPattern(pattern: unknown, event: unknown): boolean {
  if (typeof pattern !== 'object' || pattern === null || Array.isArray(pattern)) throw new Error('a pattern is an object');
  if (typeof event !== 'object' || event === null) return false;
  return Object.entries(pattern as Pattern).every(([key, sub]) => {
    if (!(key in event)) return false;
    const value = (event as Record<string, unknown>)[key];
    return Array.isArray(sub) ? sub.some((rule) => matchesValue(rule, value)) : matchesPattern(sub, value);
  });
}

function matchesValue(rule: PatternValue, value: unknown): boolean {
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
