/**
 * A closed-loop load generator: `concurrency` workers each send one request after the other,
 * so c=1 measures latency alone and c=16 latency under contention plus throughput. Samples are
 * wall-clock times per call in milliseconds; percentiles are nearest-rank.
 */

export interface LoadPhase {
  concurrency: number;
  /** Keep going until at least this many calls completed (unless `maxMs` is reached first). */
  minSamples: number;
  /** And for at least this long, so a fast case still spans a few GC cycles and timer ticks. */
  minMs: number;
  /** Hard bound, whatever the sample count: the whole bench must stay within minutes. */
  maxMs: number;
}

export interface PhaseSamples {
  latenciesMs: number[];
  errors: number;
  firstError: string | undefined;
  elapsedMs: number;
}

export interface LoadStats {
  samples: number;
  errors: number;
  firstError?: string;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** Completed calls per second of measured wall time (all workers together). */
  rps: number;
  measuredMs: number;
}

/** Runs `call` as the phase says; a call that throws counts as an error, not as a latency sample. */
export async function runPhase(call: () => Promise<void>, phase: LoadPhase): Promise<PhaseSamples> {
  const latenciesMs: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const done = () => {
    const elapsed = performance.now() - started;
    if (elapsed >= phase.maxMs) return true;
    return latenciesMs.length + errors >= phase.minSamples && elapsed >= phase.minMs;
  };
  const worker = async () => {
    while (!done()) {
      const t0 = performance.now();
      try {
        await call();
        latenciesMs.push(performance.now() - t0);
      } catch (err) {
        errors += 1;
        firstError ??= (err as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: phase.concurrency }, worker));
  return { latenciesMs, errors, firstError, elapsedMs: performance.now() - started };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(phases: PhaseSamples[]): LoadStats {
  const all = phases.flatMap((p) => p.latenciesMs).sort((a, b) => a - b);
  const measuredMs = phases.reduce((sum, p) => sum + p.elapsedMs, 0);
  const errors = phases.reduce((sum, p) => sum + p.errors, 0);
  const firstError = phases.find((p) => p.firstError)?.firstError;
  return {
    samples: all.length,
    errors,
    ...(firstError ? { firstError } : {}),
    p50Ms: percentile(all, 50),
    p99Ms: percentile(all, 99),
    meanMs: all.reduce((a, b) => a + b, 0) / (all.length || 1),
    rps: (all.length / measuredMs) * 1000,
    measuredMs,
  };
}

export interface PairOptions {
  concurrency: number;
  warmupMs: number;
  /** Per side, over all rounds. */
  minSamples: number;
  minMs: number;
  maxMs: number;
  /**
   * The two sides alternate in this many rounds, so a burst of load from another process on
   * the machine hits both rather than skewing the ratio.
   */
  rounds: number;
}

/** Measures two implementations of the same operation, interleaved, after warming both up. */
export async function comparePair(a: () => Promise<void>, b: () => Promise<void>, options: PairOptions): Promise<{ a: LoadStats; b: LoadStats }> {
  const warm: LoadPhase = { concurrency: options.concurrency, minSamples: 0, minMs: options.warmupMs, maxMs: options.warmupMs };
  await runPhase(a, warm);
  await runPhase(b, warm);
  const round: LoadPhase = {
    concurrency: options.concurrency,
    minSamples: Math.ceil(options.minSamples / options.rounds),
    minMs: options.minMs / options.rounds,
    maxMs: options.maxMs / options.rounds,
  };
  const phasesA: PhaseSamples[] = [];
  const phasesB: PhaseSamples[] = [];
  for (let r = 0; r < options.rounds; r += 1) {
    phasesA.push(await runPhase(a, round));
    phasesB.push(await runPhase(b, round));
  }
  return { a: summarize(phasesA), b: summarize(phasesB) };
}
