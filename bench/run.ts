/**
 * `npm run bench`: measures in one run, prints tables and writes the figures as JSON under
 * bench/results/ (bench-<time>.json and latest.json). Numbers are reported, never asserted;
 * targets are printed next to them, with met/MISSED.
 *
 * 1. the local AppSync's own bench (packages/appsync-local/bench: its APPSYNC_JS runtime, hot
 *    reload), run in its own process, its summary included here;
 * 2. the local API over HTTP against the same DynamoDB calls made directly with the SDK;
 * 3. `npm start`'s cold and warm start (`appsync-local start`, the command it runs);
 * 4. the test harness (appsync-local/testing) per operation against the bare request, and its fixed costs;
 * 5. real-time latency, from an acknowledged write to the subscriber's data frame.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { stopOnSignals } from './cleanup.js';
import { benchHarness, type HarnessBench } from './harness.js';
import { benchLocalApi, type LocalApiBench } from './local-api.js';
import { benchRealtime, REALTIME_TARGETS, type RealtimeBench } from './realtime.js';
import { benchStartup, type StartupBench } from './startup.js';

const RESULTS = new URL('./results/', import.meta.url);
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

// 1. The local AppSync's own bench (its APPSYNC_JS runtime and hot reload), in its own process -
const tool = await section('appsync-local bench (packages/appsync-local/bench)', async () => {
  const run = spawnSync('npm', ['run', 'bench', '--silent', '--workspace', 'appsync-local'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) throw new Error(`the appsync-local bench exited with ${run.status}`);
  const report = JSON.parse(readFileSync(new URL('../packages/appsync-local/bench/results/latest.json', import.meta.url), 'utf8')) as { summary: SummaryRow[] };
  summary.push(...report.summary.map((row) => ({ ...row, figure: `appsync-local: ${row.figure}` })));
  return report;
});

// 2. Local API vs direct DynamoDB ----------------------------------------------------------------
const localApi: LocalApiBench | undefined = await section('local API over HTTP vs a bare HTTP endpoint making the same DynamoDB calls', async () => {
  const result = await benchLocalApi(log);
  console.log(`\nstarted in ${fmt(result.startMs / 1000, 1)} s (DynamoDB Local in memory, table ${result.tableName})`);
  console.log('DynamoDB calls per operation (local API: from its trace, x-local-trace: 1; direct: recorded on the SDK client):');
  console.table(
    result.calls.map((c) => ({
      operation: c.operation,
      'local API': c.localApiCalls.join(' + ') || '(none)',
      direct: c.directCalls.join(' + ') || '(none)',
      same: c.same ? 'yes' : 'NO',
      note: c.note ?? '',
    })),
  );
  console.log('latency per call (ms) and throughput; both sides interleaved, after a warm-up:');
  console.table(
    result.rows.map((r) => ({
      operation: r.operation,
      c: r.concurrency,
      'local p50': fmt(r.localApi.p50Ms),
      'local p99': fmt(r.localApi.p99Ms),
      'local req/s': fmt(r.localApi.rps, 0),
      'bare endpoint p50': fmt(r.direct.p50Ms),
      'bare p99': fmt(r.direct.p99Ms),
      'bare req/s': fmt(r.direct.rps, 0),
      'samples local/direct': `${r.localApi.samples}/${r.direct.samples}${r.fewSamples ? ' (few)' : ''}`,
      errors: r.localApi.errors + r.direct.errors,
      'ratio p50': fmt(r.ratio),
      target: r.target === null ? 'none' : `≤ ${r.target}`,
      result: r.target === null ? '' : verdict(r.ratio <= r.target),
    })),
  );
  if (result.rows.some((r) => r.fewSamples)) console.log('(few): the time bound stopped the case below 300 samples (c=1) or 1000 (c=16); its p99 is rough.');
  console.log('The client shares this process with the local API, and both share the cores with DynamoDB Local: at c=16 the figures include that contention.');
  const errors = result.rows.filter((r) => r.localApi.firstError || r.direct.firstError);
  for (const r of errors) console.log(`errors in ${r.operation} c=${r.concurrency}: ${r.localApi.firstError ?? ''} ${r.direct.firstError ?? ''}`);
  return result;
});
if (localApi) {
  for (const r of localApi.rows) {
    if (r.target === null) continue;
    summary.push({
      figure: `${r.operation} c=${r.concurrency}: local p50 / bare endpoint p50`,
      value: `${fmt(r.ratio)} (${fmt(r.localApi.p50Ms)} / ${fmt(r.direct.p50Ms)} ms)`,
      target: `≤ ${r.target}`,
      result: verdict(r.ratio <= r.target),
    });
  }
  const differing = localApi.calls.filter((c) => !c.same);
  summary.push({
    figure: 'local API makes the baseline’s DynamoDB calls',
    value: differing.length === 0 ? 'all 3 operations' : `differs: ${differing.map((c) => c.operation).join(', ')}`,
    target: 'same calls',
    result: verdict(differing.length === 0),
  });
}

// 3. Start times -------------------------------------------------------------------------------
const startup: StartupBench | undefined = await section('npm start: cold and warm start (spawn → first answered query)', async () => {
  const result = await benchStartup(log);
  console.table(
    result.runs.map((r) => ({
      start: r.kind,
      'first answer s': fmt(r.firstAnswerMs / 1000),
      'URL printed s': fmt(r.urlPrintedMs / 1000),
      'CLI says ready in s': r.reportedReadyS ?? 'n/a',
      'synth s': r.synthS ?? (r.assemblyUpToDate ? 'cached' : 'n/a'),
      'SIGTERM → exit s': fmt(r.stopMs / 1000),
      'exit code': r.exitCode,
      target: `≤ ${r.targetS} s`,
      result: verdict(r.firstAnswerMs / 1000 <= r.targetS),
    })),
  );
  console.log('("CLI says ready" is timed inside the process, so it leaves out Node starting up and loading the command.)');
  return result;
});
if (startup) {
  for (const r of startup.runs) {
    summary.push({
      figure: `${r.kind} start, spawn → first answer${r.synthS !== null ? ` (synth ${r.synthS} s)` : ''}`,
      value: `${fmt(r.firstAnswerMs / 1000)} s`,
      target: `≤ ${r.targetS} s`,
      result: verdict(r.firstAnswerMs / 1000 <= r.targetS),
    });
  }
}

// 4. The test harness ---------------------------------------------------------------------------
const harness: HarnessBench | undefined = await section('the test harness: graphql() as a signed-in user vs the same request sent bare; start, seed, reset, stop', async () => {
  const result = await benchHarness(log);
  const g = result.graphql;
  console.table([
    { call: 'harness graphql()', 'p50 ms': fmt(g.harness.p50Ms), 'p99 ms': fmt(g.harness.p99Ms), samples: g.harness.samples, errors: g.harness.errors },
    { call: 'bare request', 'p50 ms': fmt(g.bare.p50Ms), 'p99 ms': fmt(g.bare.p99Ms), samples: g.bare.samples, errors: g.bare.errors },
  ]);
  console.log(
    `start ${result.startMs.map((ms) => fmt(ms / 1000)).join(' / ')} s, stop ${result.stopMs.map((ms) => fmt(ms / 1000)).join(' / ')} s, seed of a profile and 100 orders ${fmt(result.seedMs, 0)} ms, reset ${fmt(result.resetMs, 0)} ms`,
  );
  return result;
});
if (harness) {
  const g = harness.graphql;
  summary.push({
    figure: 'harness graphql() p50 / bare request p50 (user, signed in)',
    value: `${fmt(g.ratio)} (${fmt(g.harness.p50Ms)} / ${fmt(g.bare.p50Ms)} ms)`,
    target: `≤ ${g.target}`,
    result: verdict(g.ratio <= g.target),
  });
  summary.push({ figure: `harness start (startLocalAppSync, median of ${harness.startMs.length})`, value: `${fmt(harness.startMedianMs / 1000)} s`, target: '', result: '' });
}

// 5. Real-time latency ------------------------------------------------------------------------
const realtime: RealtimeBench | undefined = await section('real time: write acknowledged → subscriber’s data frame (stream → pipe → function → subscription)', async () => {
  const result = await benchRealtime(log);
  console.table(
    result.rows.map((r) => ({
      write: r.write,
      orders: r.samples,
      'p50 ms': fmt(r.p50Ms, 1),
      'p99 ms': fmt(r.p99Ms, 1),
      'max ms': fmt(r.maxMs, 1),
      [`target p50 ≤ ${REALTIME_TARGETS.p50Ms}, p99 ≤ ${REALTIME_TARGETS.p99Ms}`]: verdict(r.p50Ms <= REALTIME_TARGETS.p50Ms && r.p99Ms <= REALTIME_TARGETS.p99Ms),
    })),
  );
  console.log(
    `(pipe: batch size ${result.pipe.batchSize}, batching window ${result.pipe.maximumBatchingWindowInSeconds} s, as in the template; AppSync in the cloud: about 270 ms p50 for stream → Lambda → subscriber)`,
  );
  return result;
});
if (realtime) {
  for (const r of realtime.rows) {
    summary.push({
      figure: `real time, ${r.write} → data frame p50 / p99`,
      value: `${fmt(r.p50Ms, 1)} / ${fmt(r.p99Ms, 1)} ms`,
      target: `≤ ${REALTIME_TARGETS.p50Ms} / ${REALTIME_TARGETS.p99Ms} ms`,
      result: verdict(r.p50Ms <= REALTIME_TARGETS.p50Ms && r.p99Ms <= REALTIME_TARGETS.p99Ms),
    });
  }
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
  appsyncLocal: tool ?? null,
  localApi: localApi ?? null,
  startup: startup ?? null,
  harness: harness ?? null,
  realtime: realtime ?? null,
  summary,
  failures,
};
const text = `${JSON.stringify(report, null, 2)}\n`;
const file = new URL(`bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`, RESULTS);
writeFileSync(file, text);
writeFileSync(new URL('latest.json', RESULTS), text);
console.log(`\nwritten to ${file.pathname} (and latest.json)`);
