/**
 * Child processes this process started (DynamoDB Local's JVM, Lambda runners) must not outlive it.
 * Stopping them is each owner's job; this covers the exits that skip it: an uncaught exception,
 * process.exit() from a test runner, a terminal gone. One 'exit' hook for all of them, since there
 * can be many (a test file with several harnesses), and 'exit' handlers must be synchronous: the
 * signal is sent, not awaited. A host killed outright (SIGKILL) runs no hook at all; the Lambda
 * runner notices its parent is gone by itself (runner.mjs), DynamoDB Local does not.
 */
import type { ChildProcess } from 'node:child_process';

const live = new Map<ChildProcess, NodeJS.Signals>();
let hookInstalled = false;

/** Sends `signal` to `child` if it is still running when this process exits. */
export function killOnExit(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!hookInstalled) {
    hookInstalled = true;
    process.on('exit', () => {
      for (const [c, s] of live) c.kill(s);
    });
  }
  live.set(child, signal);
  child.once('exit', () => live.delete(child));
}
