/**
 * SDK settings shared by the functions: bounded connection and request times, so a stalled call
 * fails the record (and is retried) instead of eating the whole invocation's timeout.
 */
export const HTTP_TIMEOUTS = { requestHandler: { connectionTimeout: 2000, requestTimeout: 5000 } } as const;
