/**
 * Hot reload latency: a throwaway CDK app (test/helpers/throwaway-cdk-app.ts) served by the local
 * AppSync with the HotReloader, as `npm start` runs it. A sample is the time from writing a
 * resolver's file to the first query over HTTP that answers with the new code's value.
 *
 * Every code change is followed by a background re-synth; the next sample waits for it, so a
 * sample never shares the machine with a synth of the previous one.
 */
import path from 'node:path';
import { serve, type ReloadEvent, type Served } from '../src/index.js';
import type { ThrowawayApp, ThrowawayResolver } from '../test/helpers/throwaway-cdk-app.js';
import { onInterrupt } from './cleanup.js';

export const HOT_RELOAD_TARGET_MS = 1000;
const SAMPLES = 3;
const API_KEY = 'da2-bench-api-key-000000000';

export interface HotReloadSample {
  /** From the file write to the first answer with the new value. */
  fileToAnswerMs: number;
  /** From the file write to the reloader's `code` event (the API swapped). */
  fileToSwapMs: number;
  /** The reloader's own figure (rebuild and swap, after the change settled). */
  reported: string;
}

export interface HotReloadBench {
  samples: HotReloadSample[];
  medianMs: number;
  maxMs: number;
  startMs: number;
}

const SCHEMA = 'type Query { hello: String }\n';
const helloResolver = (value: string): ThrowawayResolver => ({
  typeName: 'Query',
  fieldName: 'hello',
  dataSource: 'None',
  code: `export function request() { return { payload: null }; }\nexport function response() { return '${value}'; }\n`,
});

export async function benchHotReload(log: (line: string) => void): Promise<HotReloadBench> {
  // Loaded here, not at the top: the helper pulls in aws-cdk-lib, which only this part needs.
  const { throwawayCdkApp } = await import('../test/helpers/throwaway-cdk-app.js');
  const started = performance.now();
  let project: ThrowawayApp | undefined;
  let served: Served | undefined;
  const stopAll = async () => {
    await served?.stop();
    project?.remove();
  };
  const unregister = onInterrupt(stopAll);
  try {
    project = throwawayCdkApp();
    project.write(SCHEMA, [helloResolver('v0')]);
    const events: { at: number; event: ReloadEvent }[] = [];
    served = await serve({
      source: { project: project.dir },
      stateDir: path.join(project.dir, '.local'),
      port: 0,
      watch: true,
      ephemeral: true,
      apiKey: API_KEY,
      credentials: { accessKeyId: 'BENCHACCESSKEY', secretAccessKey: 'bench-secret-access-key' },
      region: 'us-east-1',
      log: () => undefined,
      onReload: (event) => events.push({ at: performance.now(), event }),
    });
    const url = served.graphqlUrl.replace('localhost', '127.0.0.1');
    const startMs = performance.now() - started;

    const queryHello = async (): Promise<unknown> => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: '{"query":"{ hello }"}' });
      return ((await response.json()) as { data?: { hello?: unknown } }).data?.hello;
    };
    if ((await queryHello()) !== 'v0') throw new Error('the throwaway app does not answer v0');
    // The reloader first learns which bundles it can rebuild (its queue); let that finish.
    await new Promise((r) => setTimeout(r, 1_000));

    const waitFor = async (found: () => boolean, timeoutMs: number, what: string) => {
      const deadline = performance.now() + timeoutMs;
      while (!found()) {
        if (performance.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms (events: ${JSON.stringify(events.map((e) => e.event))})`);
        await new Promise((r) => setTimeout(r, 5));
      }
    };

    const samples: HotReloadSample[] = [];
    for (let i = 1; i <= SAMPLES; i += 1) {
      const seen = events.length;
      const value = `v${i}`;
      const t0 = performance.now();
      project.writeCode(helloResolver(value));
      let answerAt = 0;
      // Polled as a client would: one query after the other.
      while (answerAt === 0) {
        if (performance.now() - t0 > 20_000) throw new Error(`hot reload: ${value} not served within 20 s (events: ${JSON.stringify(events.slice(seen).map((e) => e.event))})`);
        if ((await queryHello()) === value) answerAt = performance.now();
      }
      const code = events.slice(seen).find((e) => e.event.kind === 'code');
      samples.push({ fileToAnswerMs: answerAt - t0, fileToSwapMs: code ? code.at - t0 : NaN, reported: code?.event.message ?? 'no code event' });
      log(`  sample ${i}: ${(answerAt - t0).toFixed(0)} ms (${code?.event.message ?? 'no code event'})`);
      // The re-synth this change started must be over before the next sample.
      await waitFor(() => events.slice(seen).some((e) => e.event.kind === 'synth' || e.event.kind === 'error'), 90_000, 'synth after the change');
      const error = events.slice(seen).find((e) => e.event.kind === 'error');
      if (error) throw new Error(error.event.message);
      // After its swap the reloader re-checks which bundles it can rebuild, in the same queue.
      await new Promise((r) => setTimeout(r, 300));
    }
    const sorted = samples.map((s) => s.fileToAnswerMs).sort((a, b) => a - b);
    return { samples, medianMs: sorted[Math.floor(sorted.length / 2)]!, maxMs: sorted[sorted.length - 1]!, startMs };
  } finally {
    await stopAll();
    unregister();
  }
}
