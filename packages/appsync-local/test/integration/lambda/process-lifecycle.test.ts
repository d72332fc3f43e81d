/**
 * No instance outlives what owns it: stop() ends every process before it resolves, and a host
 * that exits without stop(), or is killed outright (even while an instance spins in a CPU loop),
 * leaves no process behind. The host is test/local/lambda/host-process.ts in its own process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAlive, resultOf, useFunctions } from './lambda-harness.js';

const PACKAGE_DIR = path.resolve(import.meta.dirname, '..', '..', '..');
const HOST = path.join(import.meta.dirname, '..', '..', 'helpers', 'lambda-host-process.ts');

const lambda = useFunctions();

describe('stop()', () => {
  it('ends idle and busy instances before it resolves; pending invocations reject, later ones too', async () => {
    const { fn } = lambda({ handler: 'index.act', maxConcurrency: 3 });
    const warm = resultOf<{ pid: number }>(await fn.invoke({ do: 'pid' }));
    const busy = [1, 2, 3].map(() => fn.invoke({ do: 'sleep', ms: 10_000 }));
    const queued = fn.invoke({ do: 'pid' });
    // Observed from now on, so their rejections during stop() are never unhandled.
    const outcomes = Promise.allSettled([...busy, queued]);
    await vi.waitFor(() => expect(fn.pids).toHaveLength(3));
    const pids = fn.pids;
    expect(pids).toContain(warm.pid);

    await fn.stop();
    for (const pid of pids) expect(isAlive(pid), `pid ${pid}`).toBe(false);
    expect(fn.pids).toEqual([]);
    for (const outcome of await outcomes) {
      expect(outcome.status).toBe('rejected');
      expect(String((outcome as PromiseRejectedResult).reason)).toMatch(/stopped before invocation [0-9a-f-]{36} answered/);
    }
    await expect(fn.invoke({ do: 'pid' })).rejects.toThrow('LocalLambda test-fn is stopped');
    await expect(fn.reload()).rejects.toThrow('LocalLambda test-fn is stopped');
    // A second stop() has nothing left to do.
    await fn.stop();
  });
});

describe('the host process', () => {
  const hosts: ChildProcess[] = [];
  afterEach(() => {
    for (const host of hosts.splice(0)) if (host.exitCode === null && host.signalCode === null) host.kill('SIGKILL');
  });

  /** Starts the host in a mode; resolves with its instance's pid and a way to wait for lines. */
  async function startHost(mode: 'return' | 'wait-idle' | 'wait-busy') {
    const host = spawn(process.execPath, ['--import', 'tsx', HOST, mode], { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    hosts.push(host);
    const lines: string[] = [];
    let stderr = '';
    host.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: host.stdout }).on('line', (line) => lines.push(line));
    const exited = new Promise<number | null>((resolve) => host.once('exit', (code) => resolve(code)));
    const waitForLine = (predicate: (line: string) => boolean) =>
      vi.waitFor(
        () => {
          const line = lines.find(predicate);
          if (!line) throw new Error(`host has not printed the line yet; stderr: ${stderr}`);
          return line;
        },
        { timeout: 15_000, interval: 20 },
      );
    const first = await waitForLine((l) => l.startsWith('{'));
    const { pid } = JSON.parse(first) as { pid: number };
    return { host, pid, exited, waitForLine };
  }

  it('ends by itself when it finishes without stop(), and its idle instance goes with it', async () => {
    // The host prints the pid of a live instance it got an answer from, then has nothing left to do.
    const { pid, exited } = await startHost('return');
    // Idle instances do not hold the host's event loop, so nothing keeps it running.
    expect(await exited).toBe(0);
    await vi.waitFor(() => expect(isAlive(pid)).toBe(false), { timeout: 3000 });
  });

  it('leaves no idle instance behind when it is killed outright', async () => {
    const { host, pid } = await startHost('wait-idle');
    expect(isAlive(pid)).toBe(true);
    host.kill('SIGKILL');
    // No exit hook runs in a killed process: the instance sees its IPC channel close and exits.
    await vi.waitFor(() => expect(isAlive(pid)).toBe(false), { timeout: 3000 });
  });

  it('leaves no instance behind when it is killed while the instance is stuck in a CPU loop', async () => {
    const { host, pid, waitForLine } = await startHost('wait-busy');
    await waitForLine((l) => l === 'spinning');
    expect(isAlive(pid)).toBe(true);
    host.kill('SIGKILL');
    // The loop never lets the instance see the channel close; its watchdog thread ends it.
    await vi.waitFor(() => expect(isAlive(pid)).toBe(false), { timeout: 5000 });
  });
});
