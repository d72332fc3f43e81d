/**
 * A URL path segment without its percent-encoding; undefined when that encoding is malformed
 * (`%E0%A4`, `%zz`), which names nothing a route serves: decodeURIComponent would throw a
 * URIError, a 500 for a client's typo where the route's 404 is the right answer.
 */
export function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
