/**
 * Faults on the order-events path, with the real pipe, function and API: a record the target
 * fails on (an order written straight to the table whose event is too large for SNS: a 300 KB
 * Username; an order whose status the API cannot map is no event at all, so it cannot serve as
 * the fault), a batch it fails on entirely, and a server restart while records are flowing. Afterwards every order
 * change was delivered to subscribers exactly once or sits in the pipe's dead-letter queue:
 * none lost, none doubled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAppSync, type LocalAppSyncHarness, type Subscription } from 'appsync-local/testing';
import { newOrderItem } from '../../resolvers/lib/items.js';
import { dataTable, testAssemblyDir } from '../helpers/test-assembly.js';

const SUBSCRIBE = 'subscription { onOrderEvent { eventId orderId type status } }';

type OrderEvent = { onOrderEvent: { eventId: string; orderId: string; type: string; status: string } };

let stateDir: string;
let api: LocalAppSyncHarness;
let table: string;
/** One IAM subscriber to every order event per server run, oldest first; each keeps what it received. */
const watchers: Subscription<OrderEvent>[] = [];
/** Events of the current run's watcher taken with next(), so expectNothing() sees only extra ones. */
let taken = 0;

/**
 * A server on the shared state folder (data, checkpoints and dead letters kept across restarts),
 * with an IAM subscriber to every order event in place before its pipes start.
 */
async function startServer(): Promise<void> {
  api = await startLocalAppSync({ assembly: testAssemblyDir(), stateDir, persist: true, pipes: false });
  table = dataTable(api);
  watchers.push(await api.subscribe<OrderEvent>(SUBSCRIBE, {}, { as: 'iam' }));
  taken = 0;
  await api.startPipes();
}

async function stopServer(): Promise<void> {
  // stop() stops the pipes (waiting for a target invocation under way) while the watcher is still
  // connected, so an event a pipe commits on the way out still reaches it.
  await api.stop();
}

/** orderId → how many times a subscriber received its ORDER_PLACED event, over every run. */
function received(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of watchers.flatMap((w) => w.received())) {
    const e = event.data?.onOrderEvent;
    if (e?.type === 'ORDER_PLACED') counts.set(e.orderId, (counts.get(e.orderId) ?? 0) + 1);
  }
  return counts;
}

const receivedWith = (prefix: string) => Object.fromEntries([...received()].filter(([id]) => id.startsWith(prefix)));

/**
 * Takes the current watcher's events until `enough` holds for everything received, then shows
 * that nothing more is on its way once the pipes have settled (a doubled delivery would be).
 */
async function takeUntil(enough: () => boolean): Promise<void> {
  const watcher = watchers[watchers.length - 1]!;
  while (!enough() || taken < watcher.received().length) {
    await watcher.next(30_000);
    taken += 1;
  }
  await watcher.expectNothing();
}

/** An order whose event SNS refuses (over its 256 KiB message limit), however often it is retried. */
const POISON = { Username: 'a'.repeat(300_000) };

/** Straight into the table, one write (one stream record) at a time. */
const putOrder = (orderId: string, poison = false) => api.seed({ [table]: [{ ...newOrderItem('ann', orderId, 10, 1, '2026-11-25T09:00:00.000Z'), ...(poison ? POISON : {}) }] });

async function deadLetteredOrderIds(): Promise<string[]> {
  // The pipe's dead letters, persisted across runs in the state folder.
  const letters = await api.deadLetters();
  return letters.flatMap((l) => l.local.records.map((r) => String((r.dynamodb.NewImage as { OrderId: { S: string } }).OrderId.S)));
}

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(tmpdir(), 'pipe-faults-'));
  await startServer();
  // Seeded by a service (IAM), as any back-office script would.
  const added = await api.graphql('mutation { addUser(input: { username: "ann", email: "ann@example.com", name: "Ann" }) { username } }', {}, { as: 'iam' });
  if (added.errors) throw new Error(`seeding failed: ${JSON.stringify(added.errors)}`);
}, 120_000);

afterAll(async () => {
  await stopServer();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('the order-events pipe under faults', () => {
  it('dead-letters the one record the target fails on and delivers the rest of its batch once', async () => {
    for (const [id, poison] of [
      ['a1', false],
      ['a2', false],
      ['a3', true],
      ['a4', false],
      ['a5', false],
    ] as const)
      await putOrder(id, poison);
    await takeUntil(() => Object.keys(receivedWith('a')).length >= 4);
    expect(receivedWith('a')).toEqual({ a1: 1, a2: 1, a4: 1, a5: 1 });
    expect(await deadLetteredOrderIds()).toEqual(['a3']);
  }, 60_000);

  it('dead-letters a batch it fails on entirely, delivering none of it', async () => {
    for (const id of ['b1', 'b2', 'b3']) await putOrder(id, true);
    await putOrder('b4');
    await takeUntil(() => Object.keys(receivedWith('b')).length >= 1);
    expect(receivedWith('b')).toEqual({ b4: 1 });
    expect((await deadLetteredOrderIds()).sort()).toEqual(['a3', 'b1', 'b2', 'b3']);
  }, 90_000);

  it('loses and doubles nothing across a server restart mid-stream', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `c${String(i).padStart(2, '0')}`);
    for (const id of ids) await putOrder(id);
    // Stop once some, but not all, have gone through: as soon as the first one arrives.
    const watcher = watchers[watchers.length - 1]!;
    let arrived = await watcher.next(30_000);
    while (!arrived.data?.onOrderEvent.orderId.startsWith('c')) arrived = await watcher.next(30_000);
    await stopServer();
    const beforeRestart = Object.keys(receivedWith('c')).length;

    await startServer();
    await takeUntil(() => Object.keys(receivedWith('c')).length >= ids.length);
    const delivered = receivedWith('c');
    expect(Object.keys(delivered).sort()).toEqual(ids);
    expect(Object.values(delivered).every((n) => n === 1)).toBe(true);
    expect(await deadLetteredOrderIds()).toHaveLength(4);
    // Reported so a run shows where the restart fell: a restart after the last delivery proves little.
    console.log(`restart after ${beforeRestart} of ${ids.length} deliveries`);
    expect(beforeRestart).toBeLessThan(ids.length);
  }, 120_000);
});
