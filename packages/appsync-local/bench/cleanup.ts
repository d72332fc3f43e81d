/**
 * What must be stopped if the bench is interrupted (Ctrl-C, SIGTERM): each section stops its own
 * processes in try/finally, but a signal ends Node before any finally runs, and DynamoDB Local
 * (Java) and CLI children would outlive it.
 */
const stoppers = new Set<() => Promise<void>>();

/** Registers a stop function for the signal path; call the returned function once it has run normally. */
export function onInterrupt(stop: () => Promise<void>): () => void {
  stoppers.add(stop);
  return () => stoppers.delete(stop);
}

export function stopOnSignals(): void {
  const handler = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping what the bench started\n`);
    const all = [...stoppers].map((stop) => stop().catch(() => undefined));
    void Promise.all(all).finally(() => process.exit(130));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
