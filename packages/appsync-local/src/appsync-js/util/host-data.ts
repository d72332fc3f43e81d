/**
 * Values handed to util functions come from the sandbox realm. Helpers that keep them
 * (error data, subscription filters, response headers) copy them out as plain JSON data,
 * which is also what AppSync does: everything crossing its runtime boundary is JSON.
 */
export function toHostData<T = unknown>(value: unknown): T | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object') return value as T;
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as T);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An error raised by a util helper for bad input; the evaluator reports it as AppSync reports runtime errors. */
export class UtilInputError extends Error {
  override readonly name = 'Error';
}
