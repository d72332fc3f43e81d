/**
 * The test harness (appsync-local/testing) on an app nobody here wrote for this tool's sake: a
 * plain CloudFormation template in YAML (test/fixtures/apps/notes.yaml), with inline resolver
 * code, inline Lambda functions that use the SDK Lambda's runtime provides, a table with a stream,
 * a pipe, an SNS topic and a subscription fed by an IAM-only mutation.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAppSync, SubscriptionRefused, type LocalAppSyncHarness } from '../../../src/testing/index.js';

const NOTES = path.resolve(import.meta.dirname, '../../fixtures/apps/notes.yaml');
const AT = '2026-05-06T07:08:09.123Z';

interface Note {
  id: string;
  title: string;
  body: string | null;
  createdAt: string;
}

const ADD_NOTE = 'mutation ($title: String!, $body: String) { addNote(title: $title, body: $body) { id title body createdAt } }';
const ON_NOTE_EVENT = 'subscription ($title: String) { onNoteEvent(title: $title) { id title } }';

let local: LocalAppSyncHarness;

beforeAll(async () => {
  local = await startLocalAppSync({ template: NOTES, clock: AT, deterministicIds: true });
}, 60_000);

afterAll(async () => {
  await local?.stop();
});

describe('a plain template served by the harness', () => {
  it('runs unit and pipeline resolvers with the fixed clock and deterministic ids', async () => {
    const added = await local.graphql<{ addNote: Note }>(ADD_NOTE, { title: 'first', body: 'hello' });
    expect(added).toEqual({ status: 200, data: { addNote: { id: '00000000-0000-4000-8000-000000000001', title: 'first', body: 'hello', createdAt: AT } } });
    expect(await local.graphql('query ($id: ID!) { note(id: $id) { title } }', { id: '00000000-0000-4000-8000-000000000001' })).toEqual({ status: 200, data: { note: { title: 'first' } } });
    expect(await local.graphql('{ shout(text: "hey") }')).toEqual({ status: 200, data: { shout: 'HEY!' } });
  });

  it('answers AppSync errors as AppSync does: a resolver error, a refused caller', async () => {
    const invalid = await local.graphql(ADD_NOTE, { title: '' });
    expect(invalid.status).toBe(200);
    expect(invalid.errors).toEqual([expect.objectContaining({ errorType: 'ValidationError', message: 'A note needs a title.', path: ['addNote'] })]);
    const byKey = await local.graphql('mutation { publishNoteEvent(id: "1", title: "t") { id } }');
    expect(byKey.errors).toEqual([expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access publishNoteEvent on type Mutation' })]);
    const anonymous = await local.graphql('{ shout(text: "x") }', undefined, { as: 'none' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors).toEqual([expect.objectContaining({ errorType: 'UnauthorizedException' })]);
  });

  it('runs an inline Lambda function through a Lambda data source, with the runtime SDK reaching DynamoDB Local', async () => {
    await local.seed({ NotesTable: [{ id: 'seeded', title: 'seeded', createdAt: AT }] });
    const items = await local.scan('NotesTable');
    expect(await local.graphql('{ summary { notes from } }')).toEqual({ status: 200, data: { summary: { notes: items.length, from: 'lambda' } } });
  });

  it('delivers a new note through the stream, the pipe and the function to SNS and to subscribers; others get nothing', async () => {
    const mine = await local.subscribe<{ onNoteEvent: { id: string; title: string } }>(ON_NOTE_EVENT, { title: 'watched' });
    const others = await local.subscribe(ON_NOTE_EVENT, { title: 'something else' });
    const added = await local.graphql<{ addNote: Note }>(ADD_NOTE, { title: 'watched' });
    const id = added.data!.addNote.id;
    expect(await mine.next()).toEqual({ data: { onNoteEvent: { id, title: 'watched' } } });
    await others.expectNothing();
    await mine.expectNothing();
    expect(local.snsMessages().map((m) => JSON.parse(m.message) as unknown)).toContainEqual({ id, title: 'watched' });
    await mine.close();
    await others.close();
  });

  it('refuses a subscription the API refuses, with its error', async () => {
    await expect(local.subscribe('subscription { onNoteEvent { id nope } }')).rejects.toBeInstanceOf(SubscriptionRefused);
  });

  it('resets to an empty app: tables, SNS messages and subscriptions gone, the template still served', async () => {
    const subscription = await local.subscribe(ON_NOTE_EVENT, {});
    await local.graphql(ADD_NOTE, { title: 'before reset' });
    expect((await subscription.next()).data).toEqual({ onNoteEvent: expect.objectContaining({ title: 'before reset' }) });
    expect(local.snsMessages().length).toBeGreaterThan(0);

    await local.reset();
    expect(await local.scan('NotesTable')).toEqual([]);
    expect(local.snsMessages()).toEqual([]);
    await expect(subscription.next(2_000)).rejects.toThrow(/closed/);

    // The pipe reads the new stream: a note added after the reset still flows.
    const fresh = await local.subscribe<{ onNoteEvent: { title: string } }>(ON_NOTE_EVENT, { title: 'after reset' });
    await local.graphql(ADD_NOTE, { title: 'after reset' });
    expect((await fresh.next()).data).toEqual({ onNoteEvent: expect.objectContaining({ title: 'after reset' }) });
    await fresh.close();
  });

  it('serves POST /_local/reset for suites that do not run in the server’s process', async () => {
    await local.graphql(ADD_NOTE, { title: 'to be reset' });
    const response = await fetch(`${local.origin}/_local/reset`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await local.scan('NotesTable')).toEqual([]);
    expect((await fetch(`${local.origin}/_local/reset`)).status).toBe(405);
  });
});

describe('startLocalAppSync', () => {
  it('says clearly what is wrong with its input', async () => {
    await expect(startLocalAppSync({})).rejects.toThrow('give exactly one of project, assembly and template');
    await expect(startLocalAppSync({ template: NOTES, assembly: '/tmp' })).rejects.toThrow('not assembly and template');
    await expect(startLocalAppSync({ template: '/no/such/template.yaml' })).rejects.toThrow(/^startLocalAppSync: template \/no\/such\/template.yaml does not exist$/);
    await expect(startLocalAppSync({ project: '/no/such/project' })).rejects.toThrow(/^startLocalAppSync: project folder \/no\/such\/project does not exist$/);
  });
});
