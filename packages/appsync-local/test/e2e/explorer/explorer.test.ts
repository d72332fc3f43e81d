/**
 * The explorer in a real browser: Debian's Chromium driven by playwright-core, against the local
 * server serving the notes app (a plain template), with every request to anything but this machine refused and
 * recorded (the explorer must work with no network). It runs a query and a mutation and reads
 * the result and the resolver trace, shows an IAM-only mutation refused with the API key and run
 * with IAM signed in the browser, keeps a subscription open over the WebSocket until a note
 * written over HTTP reaches it through the pipe, reads the local activity, and saves a
 * screenshot in test-results/.
 *
 * Without Chromium the tests are skipped, saying why, except in CI, where that is a failure.
 * explorer-auth.test.ts shows the user pool, OIDC and Lambda modes on an API that has them all.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAppSync, type LocalAppSyncHarness } from '../../../src/testing/index.js';
import { NOTES_TEMPLATE } from '../../helpers/fixture-apps.js';
import { launchExplorerBrowser, openOperation, resultPane as resultPaneOf, run as runIn, showPanel as showPanelIn, SKIP, SKIP_REASON, tracePanel as tracePanelOf } from './explorer-browser.js';

const SCREENSHOT = path.resolve(import.meta.dirname, '..', '..', '..', 'test-results', 'explorer.png');

let api: LocalAppSyncHarness;
let browser: Browser;
let page: Page;
/** Requests to anything but this machine: refused, and there must be none. */
let outsideRequests: string[] = [];
/** Uncaught errors and console errors (a CSP violation is one). */
let pageErrors: string[] = [];

beforeAll(async () => {
  let launched;
  [api, launched] = await Promise.all([startLocalAppSync({ template: NOTES_TEMPLATE }), launchExplorerBrowser()]);
  ({ browser, page, outsideRequests, pageErrors } = launched);
  mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

const origin = () => api.origin;
const open = (query: string) => openOperation(page, origin(), query);
const run = () => runIn(page);
const resultPane = (): Locator => resultPaneOf(page);
const tracePanel = (): Locator => tracePanelOf(page);
const showPanel = (title: string) => showPanelIn(page, title);

async function chooseAuthMode(mode: 'API_KEY' | 'AWS_IAM'): Promise<void> {
  await page.getByLabel('Auth mode').selectOption(mode);
}

describe.skipIf(SKIP)(`the explorer in Chromium${SKIP ? ` (${SKIP_REASON})` : ''}`, () => {
  it('is served by the local server alone: the page with its config and a CSP, the bundle with ETags', async () => {
    const pageResponse = await fetch(`${origin()}/`);
    expect(pageResponse.status).toBe(200);
    expect(pageResponse.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(pageResponse.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await pageResponse.text();
    expect(html).toContain(api.apiKey);
    expect(html).toContain(api.credentials.accessKeyId);
    expect(html).not.toMatch(/(src|href)="https?:/);

    const script = await fetch(`${origin()}/explorer/explorer.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    const again = await fetch(`${origin()}/explorer/explorer.js`, { headers: { 'if-none-match': script.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect((await fetch(`${origin()}/explorer/explorer.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${origin()}/explorer/nothing.js`)).status).toBe(404);
  }, 60_000);

  it('runs a mutation and a query, showing each result and its resolver trace', async () => {
    await open('mutation AddNote { addNote(title: "Ada", body: "hello") { id title body } }');
    // GraphiQL's own panels and its explorer plugin sit next to ours in the sidebar.
    for (const title of ['Documentation Explorer', 'GraphiQL Explorer', 'Local activity']) await expect.poll(() => page.getByRole('button', { name: `Show ${title}` }).count()).toBe(1);
    await run();
    await expect.poll(() => resultPane().innerText(), { timeout: 20_000 }).toContain('"body": "hello"');
    // The trace is the panel's, not the result's: the result pane shows what AppSync answers.
    expect(await resultPane().innerText()).not.toContain('"trace"');
    await expect.poll(() => tracePanel().innerText()).toContain('mutation AddNote');
    const mutationTrace = await tracePanel().innerText();
    expect(mutationTrace).toContain('Mutation.addNote');
    expect(mutationTrace).toMatch(/HTTP 200 · .* round trip · 1 resolver/);
    expect(mutationTrace).toMatch(/datasource:\S+/);
    expect(mutationTrace).toContain('request');
    expect(mutationTrace).toContain('response');

    await open(`query Notes {
  notes(limit: 5) {
    items { id title body }
  }
  shout(text: "hi")
}`);
    await run();
    await expect.poll(() => resultPane().innerText(), { timeout: 20_000 }).toContain('"shout": "HI!"');
    expect(await resultPane().innerText()).toContain('"title": "Ada"');
    await expect.poll(() => tracePanel().innerText()).toContain('query Notes');
    expect(await tracePanel().innerText()).toContain('Query.notes');
    expect(await tracePanel().innerText()).toContain('Query.shout');

    await page.screenshot({ path: SCREENSHOT });
    expect(outsideRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('shows errors as AppSync does, and signs IAM requests in the browser', async () => {
    await open('mutation Publish { publishNoteEvent(id: "evt-1", title: "by hand") { id title } }');
    // The selector offers this API's modes, and only them.
    expect(await page.getByLabel('Auth mode').locator('option').allInnerTexts()).toEqual(['API key', 'AWS IAM']);
    await chooseAuthMode('API_KEY');
    await run();
    await expect.poll(() => resultPane().innerText(), { timeout: 20_000 }).toContain('"errorType": "Unauthorized"');
    expect(await resultPane().innerText()).toContain('Not Authorized to access publishNoteEvent on type Mutation');

    await chooseAuthMode('AWS_IAM');
    await run();
    await expect.poll(() => resultPane().innerText(), { timeout: 20_000 }).toContain('"id": "evt-1"');
    expect(await resultPane().innerText()).not.toContain('errorType');
    await expect.poll(() => tracePanel().innerText()).toContain('AWS IAM');

    // A subscription with a wrong key is refused as AppSync refuses it.
    await open('subscription Refused { onNoteEvent(title: "ada") { id } }');
    await chooseAuthMode('API_KEY');
    await page.getByLabel('API key').fill('da2-not-the-local-key');
    await run();
    await expect.poll(() => resultPane().innerText(), { timeout: 20_000 }).toContain('"errorType": "UnauthorizedException"');
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('keeps a subscription open over the WebSocket and shows the event a new note fires', async () => {
    await open('subscription Notes { onNoteEvent(title: "watched") { id title } }');
    // In IAM mode: the connection and the subscription are signed in the browser.
    await chooseAuthMode('AWS_IAM');
    await run();
    await expect.poll(() => api.app.subscriptions.list().filter((s) => s.arguments['title'] === 'watched').length, { timeout: 20_000 }).toBe(1);

    const added = await api.graphql<{ addNote: { id: string } }>('mutation { addNote(title: "watched") { id } }');
    const id = added.data!.addNote.id;
    await expect.poll(() => resultPane().innerText(), { timeout: 30_000 }).toContain(id);
    expect(await resultPane().innerText()).toContain('"title": "watched"');
    await expect.poll(() => tracePanel().innerText()).toContain('1 event');
    // The run button stops it, on the server too.
    await run();
    await expect.poll(() => api.app.subscriptions.list().filter((s) => s.arguments['title'] === 'watched').length, { timeout: 10_000 }).toBe(0);
    await expect.poll(() => tracePanel().innerText()).toContain('stopped · 1 event');

    // What carried it: the pipe's batch and the SNS message, in the activity panel.
    await showPanel('Local activity');
    const activity = page.getByTestId('activity-panel');
    await expect.poll(() => activity.innerText(), { timeout: 10_000 }).toContain('delivered');
    expect(await activity.innerText()).toMatch(/Messages \([1-9]/);

    expect(outsideRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
