/**
 * The local AppSync's bench (`npm run bench` in its package; the repository's `npm run bench`
 * runs it too): measures in one run, prints tables and writes the figures as JSON under
 * bench/results/ (bench-<time>.json and latest.json). Numbers are reported, never asserted;
 * targets are printed next to them, with met/MISSED.
 *
 * 1. the APPSYNC_JS runtime's cost per handler evaluation;
 * 2. hot reload, from a file write to the new answer.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { benchAppSyncJsRuntime } from './appsync-js-runtime.js';
import { stopOnSignals } from './cleanup.js';
import { benchHotReload, HOT_RELOAD_TARGET_MS, type HotReloadBench } from './hot-reload.js';

const RESULTS = new URL('./results/', import.meta.url);
const RUNTIME_TARGET_US = 50;
const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const verdict = (met: boolean | null) => (met === null ? 'n/a' : met ? 'met' : 'MISSED');
const loadAverage = () => os.loadavg().map((l) => Number(l.toFixed(2)));
const log = (line: string) => console.log(line);

stopOnSignals();
const startedAt = new Date();
const loadAtStart = loadAverage();
const cpus = os.cpus();
const java = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr.split('\n')[0]?.trim() ?? 'unknown';
const machine = {
  node: process.version,
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  cpus: cpus.length,
  cpuModel: cpus[0]?.model ?? 'unknown',
  memoryGb: Number((os.totalmem() / 2 ** 30).toFixed(1)),
  java,
  loadAverageAtStart: loadAtStart,
};

console.log(`node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, ${machine.java}`);
console.log(
  `load average at start (1/5/15 min): ${loadAtStart.join(' / ')}${loadAtStart[0]! > machine.cpus / 2 ? ` — other processes are busy on these ${machine.cpus} cores; expect noisy figures` : ''}`,
);

interface SummaryRow {
  figure: string;
  value: string;
  target: string;
  result: string;
}
const summary: SummaryRow[] = [];
const failures: Record<string, string> = {};

/** Runs one part; a failure is printed and recorded, and the other parts still run. */
async function section<T>(name: string, run: () => Promise<T>): Promise<T | undefined> {
  const load = loadAverage();
  console.log(`\n== ${name} (load average ${load.join(' / ')}) ==`);
  const started = performance.now();
  try {
    const result = await run();
    console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return result;
  } catch (err) {
    const message = (err as Error).stack ?? String(err);
    failures[name] = message;
    console.log(`${name} FAILED: ${message}`);
    process.exitCode = 1;
    return undefined;
  }
}

// 1. APPSYNC_JS runtime ------------------------------------------------------------------------
const runtime = await section('APPSYNC_JS runtime', async () => {
  const result = await benchAppSyncJsRuntime();
  console.log(`load (check + compile) of a bundle: ${fmt(result.loadMs)} ms, once per bundle\n`);
  console.table(
    result.rows.map((r) => ({
      'handler evaluation': r.case,
      'sandbox p50 µs': fmt(r.sandboxP50Us),
      'sandbox p99 µs': fmt(r.sandboxP99Us),
      'plain-function baseline p50 µs': fmt(r.baselineP50Us),
      'ratio (sandbox / baseline)': fmt(r.ratio, 1),
      [`target < ${RUNTIME_TARGET_US} µs`]: verdict(r.sandboxP50Us < RUNTIME_TARGET_US),
    })),
  );
  return result;
});
if (runtime) {
  const slowest = runtime.rows.reduce((a, b) => (b.sandboxP50Us > a.sandboxP50Us ? b : a));
  summary.push({
    figure: `APPSYNC_JS evaluation p50, slowest case (${slowest.case})`,
    value: `${fmt(slowest.sandboxP50Us)} µs`,
    target: `< ${RUNTIME_TARGET_US} µs`,
    result: verdict(slowest.sandboxP50Us < RUNTIME_TARGET_US),
  });
}

// 2. Hot reload --------------------------------------------------------------------------------
const hotReload: HotReloadBench | undefined = await section('hot reload (throwaway CDK app): resolver file written → first new answer', async () => {
  const result = await benchHotReload(log);
  console.table(
    result.samples.map((s, i) => ({
      sample: i + 1,
      'file → new answer ms': fmt(s.fileToAnswerMs, 0),
      'file → API swapped ms': fmt(s.fileToSwapMs, 0),
      'reloader says': s.reported,
    })),
  );
  console.log(`median ${fmt(result.medianMs, 0)} ms, max ${fmt(result.maxMs, 0)} ms (target < ${HOT_RELOAD_TARGET_MS} ms: ${verdict(result.medianMs < HOT_RELOAD_TARGET_MS)})`);
  return result;
});
if (hotReload) {
  summary.push({
    figure: `hot reload, file write → new answer (median of ${hotReload.samples.length})`,
    value: `${fmt(hotReload.medianMs, 0)} ms`,
    target: `< ${HOT_RELOAD_TARGET_MS} ms`,
    result: verdict(hotReload.medianMs < HOT_RELOAD_TARGET_MS),
  });
}

// Summary and JSON -----------------------------------------------------------------------------
for (const name of Object.keys(failures)) summary.push({ figure: name, value: 'not measured (failed)', target: '', result: 'FAILED' });
const loadAtEnd = loadAverage();
const durationS = (Date.now() - startedAt.getTime()) / 1000;
console.log(`\n== summary (load average at start ${loadAtStart.join(' / ')}, at end ${loadAtEnd.join(' / ')}; ${machine.cpus} cpus; ${fmt(durationS, 0)} s in all) ==`);
console.table(summary);

mkdirSync(RESULTS, { recursive: true });
const report = {
  measuredAt: startedAt.toISOString(),
  durationS,
  machine: { ...machine, loadAverageAtEnd: loadAtEnd },
  appsyncJsRuntime: runtime ?? null,
  hotReload: hotReload ?? null,
  summary,
  failures,
};
const text = `${JSON.stringify(report, null, 2)}\n`;
const file = new URL(`bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`, RESULTS);
writeFileSync(file, text);
writeFileSync(new URL('latest.json', RESULTS), text);
console.log(`\nwritten to ${file.pathname} (and latest.json)`);
