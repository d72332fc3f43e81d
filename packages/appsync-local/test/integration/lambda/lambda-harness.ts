/**
 * Shared by the LocalLambda tests: the fixture functions, functions that are stopped after each
 * test, and a process check that does not mistake a zombie for a live process.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { type LambdaError, type LambdaInvocation, LocalLambda, type LocalLambdaOptions } from '../../../src/lambda/local-lambda.js';

/** test/fixtures/lambda: handlers as an asset folder holds them. */
export const FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'lambda');

export interface TestFunction {
  fn: LocalLambda;
  /** Every line the function logged, with its "[name] " prefix. */
  lines: string[];
}

/**
 * A factory of functions on the fixtures (5 s timeout, 256 MB, logs collected); each is stopped
 * after the test, so no test leaves processes to the next.
 */
export function useFunctions(): (options: Partial<LocalLambdaOptions> & { handler: string }) => TestFunction {
  const created: LocalLambda[] = [];
  afterEach(async () => {
    await Promise.all(created.splice(0).map((fn) => fn.stop()));
  });
  return (options) => {
    const lines: string[] = [];
    const fn = new LocalLambda({ name: 'test-fn', codeDir: FIXTURES, environment: {}, timeoutMs: 5000, memoryMb: 256, log: (line) => lines.push(line), ...options });
    created.push(fn);
    return { fn, lines };
  };
}

/** The handler's result; fails the test with the function's error if there is one. */
export function resultOf<T = Record<string, unknown>>(invocation: LambdaInvocation): T {
  if (invocation.error) throw new Error(`expected a result, got the function error ${JSON.stringify(invocation.error)}`);
  return invocation.result as T;
}

/** The function's error; fails the test if the invocation answered a result. */
export function errorOf(invocation: LambdaInvocation): LambdaError {
  if (!invocation.error) throw new Error(`expected a function error, got the result ${JSON.stringify(invocation.result)}`);
  return invocation.error;
}

/** Whether the process exists; one that exited but was not reaped yet (a zombie) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).charAt(0);
    return state !== 'Z' && state !== 'X';
  } catch {
    // No /proc entry (or no /proc at all): ask the kernel.
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
