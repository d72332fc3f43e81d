/**
 * Reloading a changed template into a running local AppSync: inline function code (ZipFile) that
 * changed is redeployed while unchanged code keeps its warm instance; a reload that fails leaves
 * every service on the template still served; reloads, resets and code swaps happen one at a time.
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

/** The notes table keyed by `pk` instead of `id`: a change DynamoDB cannot make to an existing table. */
const rekeyedNotes = (text: string) =>
  text.replace('- { AttributeName: id, AttributeType: S }', '- { AttributeName: pk, AttributeType: S }').replace('- { AttributeName: id, KeyType: HASH }', '- { AttributeName: pk, KeyType: HASH }');

const addNote = (title: string) => copy!.query<{ addNote: { title: string } }>(`mutation { addNote(title: "${title}") { title } }`);
const titles = async () => (await copy!.query<{ notes: { items: { title: string }[] } }>('{ notes { items { title } } }')).data?.notes.items.map((n) => n.title);

describe('a reload that fails', () => {
  it('keeps serving the last working template, and a reset then empties that template’s tables', async () => {
    copy = await serveNotesCopy();
    expect((await addNote('before')).errors).toBeUndefined();

    copy.edit(rekeyedNotes);
    await expect(copy.served.app.reload()).rejects.toThrow(/primary key/);
    expect(await titles()).toEqual(['before']);

    await copy.served.app.reset();
    expect(await titles()).toEqual([]);
    // The table is the served template's again (keyed by id), so its resolvers write to it.
    expect(await addNote('after')).toEqual({ data: { addNote: { title: 'after' } } });
    expect(await titles()).toEqual(['after']);
  });
});

describe('reloads, resets and code swaps', () => {
  it('run one at a time, in the order asked', async () => {
    copy = await serveNotesCopy();
    expect((await addNote('before')).errors).toBeUndefined();
    // The new template has a second table and shouts with a question mark.
    copy.edit((text) =>
      text
        .replace(
          '  NoteEventsTopic:',
          '  ExtraTable:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n      AttributeDefinitions:\n        - { AttributeName: id, AttributeType: S }\n      KeySchema:\n        - { AttributeName: id, KeyType: HASH }\n\n  NoteEventsTopic:',
        )
        .replace('return `${ctx.prev.result}!`;', 'return `${ctx.prev.result}?`;'),
    );

    const done: string[] = [];
    const { app } = copy.served;
    let swappedFrom: string[] = [];
    await Promise.all([
      app.reload().then(() => done.push('reload')),
      app.replaceCode(async (served) => {
        swappedFrom = served.map((code) => code.text).filter((text) => text.includes('ctx.prev.result'));
        return new Map();
      }),
      app.reset().then(() => done.push('reset')),
    ]);

    expect(done).toEqual(['reload', 'reset']);
    // The swap was given the code of the reloaded template, not the one served when it was asked.
    expect(swappedFrom).toEqual([expect.stringContaining('?`;')]);
    // The reset came after the reload: it emptied the tables of the new template, the new one too.
    expect(Object.keys(app.tableNames()).sort()).toEqual(['ExtraTable', 'NotesTable']);
    expect(await titles()).toEqual([]);
    expect(await copy.query('{ shout(text: "hey") }')).toEqual({ data: { shout: 'HEY?' } });
  });
});
