/**
 * Reloading a changed template into a running local AppSync: inline function code (ZipFile) that
 * changed is redeployed while unchanged code keeps its warm instance.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serveNotesCopy, type NotesCopy } from '../../helpers/notes-template-copy.js';

let copy: NotesCopy | undefined;

afterEach(async () => {
  await copy?.stop();
  copy = undefined;
});

/** The summary function answers how many times its instance was invoked, with a label. */
const countingSummary = (label: string) => (text: string) =>
  text
    .replace('exports.handler = async () => {', 'let calls = 0;\n            exports.handler = async () => {')
    .replace("return { notes: Count, from: 'lambda' };", `return { notes: Count, from: '${label} ' + ++calls };`);

describe('reload of inline function code', () => {
  it('redeploys a function whose ZipFile changed, and keeps the warm instance of one whose code did not', async () => {
    copy = await serveNotesCopy({ persist: true });
    copy.edit(countingSummary('v1'));
    await copy.served.app.reload();
    const from = async () => (await copy!.query<{ summary: { from: string } }>('{ summary { from } }')).data?.summary.from;

    expect(await from()).toBe('v1 1');
    expect(await from()).toBe('v1 2');
    // The same code again: the warm instance, its module state and all, goes on serving.
    await copy.served.app.reload();
    expect(await from()).toBe('v1 3');

    copy.edit((text) => text.replace("from: 'v1 '", "from: 'v2 '"));
    await copy.served.app.reload();
    expect(await from()).toBe('v2 1');
    // One folder per inline function: the code it runs now, none of the versions before.
    const summaryFolders = readdirSync(path.join(copy.stateDir, 'lambda-inline')).filter((name) => name.includes('SummaryFunction'));
    expect(summaryFolders).toHaveLength(1);
  });
});
