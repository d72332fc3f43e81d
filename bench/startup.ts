/**
 * How long `npm start` takes to serve, measured on the command it runs (`appsync-local start`,
 * installed in node_modules/.bin) in its own process, from spawn to the first GraphQL query it
 * answers:
 *
 * - cold: an empty LOCAL_STATE_DIR, so it synthesizes the CDK app and creates the tables;
 * - warm: the same folder again, so the assembly is up to date and the tables already exist.
 *
 * Each run is stopped with SIGTERM and awaited, as a developer's Ctrl-C would stop it.
 */
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULTS } from 'appsync-local';
import { signedAppSyncHeaders } from 'appsync-local/testing';
import { onInterrupt } from './cleanup.js';

const ROOT = path.resolve(import.meta.dirname, '..');
/** What `npm start` runs: the appsync-local command installed for this project. */
const START_BIN = path.join(ROOT, 'node_modules', '.bin', 'appsync-local');
export const COLD_TARGET_S = 10;
export const WARM_TARGET_S = 3;
const READY_TIMEOUT_MS = 120_000;

export interface StartRun {
  kind: 'cold' | 'warm';
  /** From spawn to the first query answered with data and no errors. */
  firstAnswerMs: number;
  /** From spawn to the `GraphQL http://...` line. */
  urlPrintedMs: number;
  /** What the CLI says itself (`Local AppSync ready in X s`), measured from inside the process. */
  reportedReadyS: number | null;
  /** `synthesized the CDK app in X s`, when it synthesized. */
  synthS: number | null;
  assemblyUpToDate: boolean;
  targetS: number;
  exitCode: number | null;
  stopMs: number;
}

export interface StartupBench {
  runs: StartRun[];
}

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * In a source checkout the command first rebuilds its dist/ when an edit under src/ made it
 * stale; that is a one-off after an edit, not a start. Done here once so no run measures it.
 */
function buildCommandIfStale(): void {
  const run = spawnSync(process.execPath, [START_BIN, '--help'], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${START_BIN} --help exited with ${run.status}: ${run.stderr}`);
}

function spawnCli(stateDir: string): Running {
  // Hot reload off: watching the project's inputs is not part of getting ready, and not measured.
  const child = spawn(process.execPath, [START_BIN, 'start', '--port', '0', '--no-watch'], {
    cwd: ROOT,
    // An empty variable counts as unset: the developer's own settings must not change what is measured.
    env: { ...process.env, PORT: '', LOCAL_STATE_DIR: stateDir, LOCAL_API_KEY: '', DYNAMODB_PORT: '', DYNAMODB_ENDPOINT: '', LOCAL_STACK: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exited };
}

/** SIGTERM, then SIGKILL if it hangs; a killed CLI cannot stop its DynamoDB Local, so that one goes by its pid. */
async function stopCli(running: Running): Promise<{ code: number | null; ms: number }> {
  const started = performance.now();
  if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGTERM');
  const timer = setTimeout(() => running.child.kill('SIGKILL'), 15_000);
  const { code, signal } = await running.exited;
  clearTimeout(timer);
  if (signal === 'SIGKILL') killDynamoDbOf(running.output());
  return { code, ms: performance.now() - started };
}

function killDynamoDbOf(output: string): void {
  const port = /DynamoDB\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
  if (!port) return;
  const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  for (const line of ps.split('\n')) {
    if (!line.includes('DynamoDBLocal') || !new RegExp(`-port ${port}(\\s|$)`).test(line)) continue;
    const pid = Number(line.trim().split(/\s+/)[0]);
    if (pid > 0) process.kill(pid, 'SIGKILL');
  }
}

async function answered(url: string): Promise<boolean> {
  try {
    // As a service (SigV4 with the local credentials): no user to sign in before the first answer.
    const query = JSON.stringify({ query: '{ user(username: "bench-nobody") { username } }' });
    const credentials = { accessKeyId: DEFAULTS.accessKeyId, secretAccessKey: DEFAULTS.secretAccessKey };
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(await signedAppSyncHeaders(url, query, credentials, DEFAULTS.region)) }, body: query });
    if (response.status !== 200) return false;
    const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
    return body.errors === undefined && body.data !== undefined;
  } catch {
    return false;
  }
}

async function measureStart(kind: StartRun['kind'], stateDir: string): Promise<StartRun> {
  const t0 = performance.now();
  const running = spawnCli(stateDir);
  const unregister = onInterrupt(async () => void (await stopCli(running)));
  try {
    let url: string | undefined;
    let urlPrintedMs = NaN;
    let firstAnswerMs = NaN;
    for (;;) {
      if (performance.now() - t0 > READY_TIMEOUT_MS) throw new Error(`npm start (${kind}) did not answer within ${READY_TIMEOUT_MS / 1000} s:\n${running.output().slice(-2000)}`);
      if (running.child.exitCode !== null) throw new Error(`npm start (${kind}) exited with ${running.child.exitCode}:\n${running.output().slice(-2000)}`);
      if (!url) {
        url = /GraphQL\s+(http\S+)/.exec(running.output())?.[1];
        if (url) urlPrintedMs = performance.now() - t0;
      }
      if (url && (await answered(url))) {
        firstAnswerMs = performance.now() - t0;
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const text = running.output();
    const synth = /synthesized the CDK app in ([\d.]+) s/.exec(text)?.[1];
    const ready = /Local AppSync ready in ([\d.]+) s/.exec(text)?.[1];
    const stopped = await stopCli(running);
    return {
      kind,
      firstAnswerMs,
      urlPrintedMs,
      reportedReadyS: ready ? Number(ready) : null,
      synthS: synth ? Number(synth) : null,
      assemblyUpToDate: text.includes('cloud assembly up to date'),
      targetS: kind === 'cold' ? COLD_TARGET_S : WARM_TARGET_S,
      exitCode: stopped.code,
      stopMs: stopped.ms,
    };
  } finally {
    await stopCli(running);
    unregister();
  }
}

export async function benchStartup(log: (line: string) => void): Promise<StartupBench> {
  buildCommandIfStale();
  const stateDir = mkdtempSync(path.join(tmpdir(), 'bench-npm-start-'));
  try {
    const runs: StartRun[] = [];
    for (const kind of ['cold', 'warm'] as const) {
      const run = await measureStart(kind, stateDir);
      log(`  ${kind}: first answer after ${(run.firstAnswerMs / 1000).toFixed(2)} s${run.synthS !== null ? ` (synth ${run.synthS} s)` : ''}`);
      runs.push(run);
    }
    return { runs };
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}
