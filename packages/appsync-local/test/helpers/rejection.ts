/**
 * The error a call that must be refused fails with, for asserting on it: `rejectionOf(type)` gives a
 * function that awaits a call and answers its error, failing the test when the call succeeds or
 * fails with something other than a `type` (an SDK's service exception class, say).
 */
export function rejectionOf<E extends Error>(type: abstract new (...args: never[]) => E): (call: Promise<unknown>) => Promise<E> {
  return async (call) => {
    try {
      await call;
    } catch (err) {
      if (err instanceof type) return err;
      throw err;
    }
    throw new Error('expected the call to be refused, and it succeeded');
  };
}
