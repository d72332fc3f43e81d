/**
 * DynamoDB Local dying under a running server: requests fail fast with clear errors (never
 * hang), the server starts DynamoDB Local again on the same port and data folder, and requests
 * succeed again with the data written before the crash.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalApi, type GraphqlAnswer, type LocalApi } from '../../../../../test/helpers/local-api.js';

let api: LocalApi;
let stateDir: string;

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(tmpdir(), 'outage-'));
  api = await startLocalApi({ ephemeral: false, stateDir });
}, 120_000);

afterAll(async () => {
  await api?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await attempt();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const readUser = () => api.query<{ user: { username: string; orders: { items: unknown[] } } | null }>('{ user(username: "kim") { username orders { items { orderId } } } }');
const placeOrder = () => api.query('mutation { createOrder(input: { username: "kim", amount: 5, numberOfItems: 1 }) { orderId } }');
const addUser = (username: string) => api.query(`mutation { addUser(input: { username: "${username}", email: "${username}@example.com", name: "K" }) { username } }`);

/** How a failed answer looks to a caller; never a table name, ARN or stack trace. */
function failure(answer: GraphqlAnswer) {
  const text = JSON.stringify(answer.body);
  return {
    status: answer.status,
    errorTypes: (answer.body.errors ?? []).map((e) => e.errorType),
    leaks: /UsersOrders-|arn:aws|\bat .+\.(ts|js|mjs):\d+/.test(text),
  };
}

describe('when DynamoDB Local dies', () => {
  it('requests fail fast with InternalFailure, then succeed again once the server has restarted it', async () => {
    expect((await addUser('kim')).body.errors).toBeUndefined();
    expect((await placeOrder()).body.errors).toBeUndefined();
    // DynamoDB Local can lose a write acknowledged in the last instant before a SIGKILL (seen
    // here about one run in five, docs/local-appsync.md); reading it back first settles it, so
    // what this test checks is the server's recovery, not DynamoDB Local's durability.
    expect((await readUser()).body.data?.user?.orders.items).toHaveLength(1);

    const pid = api.app.dynamodbProcessId!;
    process.kill(pid, 'SIGKILL');
    await until('the Java process to end', async () => (isAlive(pid) ? undefined : true), 10_000);

    const started = Date.now();
    const [read, write, lambdaWrite] = await Promise.all([readUser(), placeOrder(), addUser('lee')]);
    expect(Date.now() - started, 'no request waited for AppSync’s 30 s budget').toBeLessThan(15_000);
    for (const answer of [read, write, lambdaWrite]) {
      expect(failure(answer)).toEqual({ status: 200, errorTypes: ['InternalFailure'], leaks: false });
    }

    const recovered = await until(
      'the API to answer again',
      async () => {
        const answer = await readUser();
        return answer.body.errors ? undefined : answer;
      },
      60_000,
    );
    expect(api.app.dynamodbProcessId).not.toBe(pid);
    expect(recovered.body.data?.user).toMatchObject({ username: 'kim', orders: { items: [expect.anything()] } });
    expect((await placeOrder()).body.errors).toBeUndefined();
    expect((await addUser('lee')).body).toEqual({ data: { addUser: { username: 'lee' } } });
  }, 120_000);
});
