/**
 * Child processes this process started (DynamoDB Local's JVM, Lambda runners, `cdk synth`) must
 * not outlive it. Stopping them is each owner's job; this covers the exits that skip it: an
 * uncaught exception, process.exit() from a test runner, and a termination signal nobody handles
 * (test runners stop their workers with SIGTERM). One hook for all of them, since there can be
 * many (a test file with several harnesses); 'exit' handlers must be synchronous, so the signal is
 * sent, not awaited. A host killed outright (SIGKILL) runs no hook at all; the Lambda runner
 * notices its parent is gone by itself (runner.mjs), DynamoDB Local does not.
 */
import type { ChildProcess } from 'node:child_process';

const live = new Map<ChildProcess, NodeJS.Signals>();
let hooksInstalled = false;

function killAll(): void {
  for (const [child, signal] of live) child.kill(signal);
}

/**
 * A termination signal with no other listener would end the process without an 'exit' event.
 * With other listeners (the CLI's graceful shutdown) they decide; alone, this kills the children,
 * then lets the signal do what it would have done.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  killAll();
  process.removeListener(signal, onSignal);
  process.kill(process.pid, signal);
}

/** Sends `signal` to `child` if it is still running when this process ends. */
export function killOnExit(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!hooksInstalled) {
    hooksInstalled = true;
    process.on('exit', killAll);
    for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(s, onSignal);
  }
  live.set(child, signal);
  child.once('exit', () => live.delete(child));
}
