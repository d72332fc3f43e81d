/**
 * `npm run bench`: measures in one run, prints a table and writes the figures as JSON under
 * bench/results/. Numbers are reported, never asserted; targets are printed next to them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { benchAppSyncJsRuntime } from './appsync-js-runtime.js';

const RESULTS = new URL('./results/', import.meta.url);
const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

const runtime = await benchAppSyncJsRuntime();

console.log(`\nAPPSYNC_JS runtime (node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'})`);
console.log(`load (check + compile) of a bundle: ${fmt(runtime.loadMs)} ms, once per bundle\n`);
console.table(
  runtime.rows.map((r) => ({
    'handler evaluation': r.case,
    'sandbox p50 µs': fmt(r.sandboxP50Us),
    'sandbox p99 µs': fmt(r.sandboxP99Us),
    'plain-function baseline p50 µs': fmt(r.baselineP50Us),
    'ratio (sandbox / baseline)': fmt(r.ratio, 1),
    'target < 50 µs': r.sandboxP50Us < 50 ? 'met' : 'MISSED',
  })),
);

mkdirSync(RESULTS, { recursive: true });
const file = new URL(`appsync-js-runtime.json`, RESULTS);
writeFileSync(
  file,
  `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, cpus: os.cpus().length, appsyncJsRuntime: runtime }, null, 2)}\n`,
);
console.log(`\nwritten to ${file.pathname}`);
