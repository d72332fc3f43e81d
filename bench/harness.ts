/**
 * What the test harness (appsync-local/testing) costs a suite per operation: `api.graphql()` as a
 * signed-in user against the same request sent over a keep-alive node:http pool with a token issued
 * once (the floor: the served API itself). The gap is what the harness adds per call: building the
 * caller's credentials (here a user pool sign-in), fetch, parsing the answer.
 *
 * Beside it, the harness's fixed costs a suite pays: start (beforeAll), reset (between tests),
 * seeding a partition, and stop (afterAll); figures only, no targets.
 */
import { startLocalAppSync, type LocalAppSyncHarness } from 'appsync-local/testing';
import { newOrderItem, newUserItem } from '../resolvers/lib/items.js';
import { onInterrupt } from './cleanup.js';
import { benchToken, graphqlClient, prepareAssembly } from './local-api.js';
import { comparePair, percentile, type LoadStats, type PairOptions } from './load.js';

/** The target: the harness's graphql() at most this many times the bare request's p50. */
export const HARNESS_RATIO_TARGET = 1.25;
const PAIR: PairOptions = { concurrency: 1, warmupMs: 2000, minSamples: 300, minMs: 1500, maxMs: 8000, rounds: 6 };
const STARTS = 3;
const SEEDED_ORDERS = 100;

const USER_QUERY = `query User($username: ID!) {
  user(username: $username) { username email orders { items { orderId status amount } } }
}`;

export interface HarnessBench {
  /** startLocalAppSync → resolved, per start (ms). */
  startMs: number[];
  startMedianMs: number;
  stopMs: number[];
  resetMs: number;
  seedMs: number;
  graphql: { harness: LoadStats; bare: LoadStats; ratio: number; target: number };
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

export async function benchHarness(log: (line: string) => void): Promise<HarnessBench> {
  const assembly = await prepareAssembly();
  const startMs: number[] = [];
  const stopMs: number[] = [];
  let api: LocalAppSyncHarness | undefined;
  const unregister = onInterrupt(async () => api?.stop());
  try {
    // Starts and stops as a suite's files do: each one spawns DynamoDB Local anew.
    for (let i = 0; i < STARTS; i += 1) {
      const start = await timed(() => startLocalAppSync({ assembly: assembly.dir }));
      api = start.result;
      startMs.push(start.ms);
      if (i < STARTS - 1) {
        const stop = await timed(() => api!.stop());
        api = undefined;
        stopMs.push(stop.ms);
      }
    }
    const harness = api!;
    log(`  start: ${startMs.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')}`);

    const reader = 'harness-reader';
    const table = harness.app.api.definition.environmentVariables['TABLE_NAME'];
    if (!table) throw new Error('the API has no TABLE_NAME environment variable');
    const seed = await timed(() =>
      harness.seed({
        [table]: [
          newUserItem(reader, `${reader}@example.com`, 'Reader', '2026-01-01T00:00:00.000Z'),
          ...Array.from({ length: SEEDED_ORDERS }, (_, i) => newOrderItem(reader, `order-${String(i).padStart(4, '0')}`, 10 + i, 1, '2026-01-01T00:00:00.000Z')),
        ],
      }),
    );
    log(`  seed ${SEEDED_ORDERS + 1} items: ${seed.ms.toFixed(1)} ms`);

    const as = { userPool: { username: reader, attributes: { email: `${reader}@example.com` } } };
    const first = await harness.graphql<{ user: { orders: { items: unknown[] } } | null }>(USER_QUERY, { username: reader }, { as });
    if (first.errors?.length || !first.data?.user) throw new Error(`the reader's profile did not answer: ${JSON.stringify(first.errors ?? first.data)}`);

    const client = graphqlClient(harness.graphqlUrl, await benchToken(harness.app, reader));
    try {
      const { a, b } = await comparePair(
        async () => {
          const answer = await harness.graphql(USER_QUERY, { username: reader }, { as });
          if (answer.errors?.length) throw new Error(answer.errors[0]!.message);
        },
        async () => void (await client.post(USER_QUERY, { username: reader })),
        PAIR,
      );
      log(`  graphql(): harness ${a.p50Ms.toFixed(2)} ms, bare ${b.p50Ms.toFixed(2)} ms (${a.samples}/${b.samples} samples)`);

      const reset = await timed(() => harness.reset());
      const stop = await timed(() => harness.stop());
      api = undefined;
      stopMs.push(stop.ms);
      return {
        startMs,
        startMedianMs: percentile(
          [...startMs].sort((a, b) => a - b),
          50,
        ),
        stopMs,
        resetMs: reset.ms,
        seedMs: seed.ms,
        graphql: { harness: a, bare: b, ratio: a.p50Ms / b.p50Ms, target: HARNESS_RATIO_TARGET },
      };
    } finally {
      client.close();
    }
  } finally {
    await api?.stop();
    unregister();
  }
}
