/**
 * DynamoDB Local dying under a running server: requests fail fast with clear errors (never
 * hang), the server starts DynamoDB Local again on the same port and data folder, and requests
 * succeed again with the data written before the crash.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalAppSync, type GraphqlResponse, type LocalAppSyncHarness } from '../../../src/testing/index.js';
import { NOTES_TEMPLATE } from '../../helpers/fixture-apps.js';

let local: LocalAppSyncHarness;
let stateDir: string;

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(tmpdir(), 'outage-'));
  // Persistent, so the data written before the crash is there after the restart.
  local = await startLocalAppSync({ template: NOTES_TEMPLATE, stateDir, persist: true, pipes: false });
}, 120_000);

afterAll(async () => {
  await local?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

const readNotes = () => local.graphql<{ notes: { items: { title: string }[] } }>('{ notes { items { title } } }');
const addNote = (title: string) => local.graphql<{ addNote: { title: string } }>('mutation ($title: String!) { addNote(title: $title) { title } }', { title });
/** Through the Lambda data source: the function's own SDK call to DynamoDB fails too. */
const countNotes = () => local.graphql<{ summary: { notes: number } }>('{ summary { notes } }');

/** How a failed answer looks to a caller; never a table name, ARN or stack trace. */
function failure(answer: GraphqlResponse) {
  const text = JSON.stringify(answer);
  return {
    status: answer.status,
    errorTypes: (answer.errors ?? []).map((e) => e.errorType),
    leaks: /notes-NotesTable|arn:aws|\bat .+\.(ts|js|mjs|cjs):\d+/.test(text),
  };
}

describe('when DynamoDB Local dies', () => {
  it("requests fail at once with the data source's error, then succeed again once the server has restarted it", async () => {
    expect((await addNote('kept')).errors).toBeUndefined();
    // DynamoDB Local can lose a write acknowledged in the last instant before a SIGKILL (seen
    // here about one run in five, docs/local-appsync.md); reading it back first settles it, so
    // what this test checks is the server's recovery, not DynamoDB Local's durability.
    expect((await readNotes()).data?.notes.items).toEqual([{ title: 'kept' }]);

    const pid = local.app.dynamodb.processId!;
    const back = new Promise<void>((resolve) => local.app.dynamodb.onRestart(async () => resolve()));
    process.kill(pid, 'SIGKILL');
    // The server saw the process end (its supervisor logs it before starting another).
    await vi.waitFor(() => expect(local.logs()).toContainEqual(expect.stringContaining('DynamoDB Local exited unexpectedly')), { timeout: 10_000 });

    // The data source's error, not ExecutionTimeout: each request learnt of the outage at once rather
    // than waiting out AppSync's 30 s budget (which would have answered ExecutionTimeout).
    const [read, write, lambdaRead] = await Promise.all([readNotes(), addNote('lost'), countNotes()]);
    for (const answer of [read, write]) {
      expect(failure(answer)).toEqual({ status: 200, errorTypes: ['DynamoDB:ServiceUnavailable'], leaks: false });
    }
    // The function's own SDK call failed: AppSync reports a function error as Lambda:Unhandled.
    expect(failure(lambdaRead)).toEqual({ status: 200, errorTypes: ['Lambda:Unhandled'], leaks: false });

    await back;
    expect(local.app.dynamodb.processId).not.toBe(pid);
    expect((await readNotes()).data?.notes.items).toEqual([{ title: 'kept' }]);
    expect((await addNote('after')).errors).toBeUndefined();
    expect(await countNotes()).toEqual({ status: 200, data: { summary: { notes: 2 } } });
  }, 120_000);
});
