/**
 * What the explorer's browser tests share: Debian's Chromium driven by playwright-core, with
 * every request to anything but this machine refused and recorded (the explorer must work with
 * no network), page errors and console errors recorded (a CSP violation is one), and the steps
 * every test takes in GraphiQL (open an operation, run it, read the result and the trace).
 *
 * Without Chromium the tests are skipped, saying why, except in CI, where that is a failure.
 */
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_CANDIDATES, findChromium } from './find-chromium.js';

export const CHROMIUM = findChromium();
const IN_CI = Boolean(process.env['CI']);
export const SKIP = !CHROMIUM && !IN_CI;
export const SKIP_REASON = `skipped: no Chromium (set CHROMIUM_PATH or install one at ${CHROMIUM_CANDIDATES.join(' or ')})`;

export interface ExplorerBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Requests to anything but this machine: refused, and there must be none. */
  outsideRequests: string[];
  /** Uncaught errors and console errors. */
  pageErrors: string[];
}

export async function launchExplorerBrowser(): Promise<ExplorerBrowser> {
  if (!CHROMIUM) throw new Error(`CI is set and no Chromium was found (CHROMIUM_PATH, ${CHROMIUM_CANDIDATES.join(', ')}); .ci/run installs Debian's chromium`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const outsideRequests: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', async (route) => {
    const { hostname } = new URL(route.request().url());
    if (hostname === 'localhost' || hostname === '127.0.0.1') return route.continue();
    outsideRequests.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  // A stuck step fails with its own message, well within the test's time.
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium logs every 4xx answer as a console error; a refused GraphQL request is what some
    // tests ask for, and they read the refusal in the result pane.
    const refusedGraphql = message.text().startsWith('Failed to load resource: the server responded with a status of 4') && new URL(message.location().url).pathname === '/graphql';
    if (!refusedGraphql) pageErrors.push(message.text());
  });
  return { browser, context, page, outsideRequests, pageErrors };
}

/** Opens the explorer on an operation (GraphiQL's editor gets `?query=`), with the trace panel shown. */
export async function openOperation(page: Page, origin: string, query: string): Promise<void> {
  await page.goto(`${origin}/?query=${encodeURIComponent(query)}`);
  await page.locator('.graphiql-query-editor .CodeMirror').waitFor({ timeout: 20_000 });
  await showPanel(page, 'Resolver trace');
}

export async function run(page: Page): Promise<void> {
  await page.locator('.graphiql-execute-button').click();
}

export const resultPane = (page: Page): Locator => page.locator('section.result-window');

/** The result pane's text as the editor holds it (its rendered text has fold markers and wrapped lines). */
export async function resultText(page: Page): Promise<string> {
  return page.evaluate<string>("document.querySelector('section.result-window .CodeMirror')?.CodeMirror?.getValue() ?? ''");
}
export const tracePanel = (page: Page): Locator => page.getByTestId('trace-panel');

export async function showPanel(page: Page, title: string): Promise<void> {
  const button = page.getByRole('button', { name: `Show ${title}` });
  if (await button.isVisible()) await button.click();
}
