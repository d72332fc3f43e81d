/**
 * The explorer's auth modes in a real browser (Debian's Chromium, every request to anything but
 * this machine refused and recorded), against an API with all five (test/fixtures/apps/
 * all-modes.yaml: user pools the default, OIDC, a Lambda authorizer, API key, IAM):
 *
 * - the page's config and the selector list exactly the template's modes, the default chosen,
 *   and follow a reload of the app;
 * - a user signs up, confirms with the code the page fetches from the local Cognito's listing,
 *   signs in with Amplify's SRP flow, and a query is answered as that user (the access token in
 *   `Authorization`, the tokens in sessionStorage, never localStorage);
 * - the local quick sign-in puts a user in the `admin` group, who reaches the admin-only field,
 *   stays signed in across a reload, and signs out; an invited user sets a new password;
 * - an OIDC token made from claims, its claims shown; a Lambda token; API key and IAM;
 * - a subscription as a signed-in user receives an event, its WebSocket connection and
 *   subscription both carrying the user's token.
 *
 * The tests run in order on one page, as a developer would use it.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExplorerConfig } from '../../../src/explorer/explorer-config.js';
import { startLocalAppSync, type LocalAppSyncHarness } from '../../../src/testing/index.js';
import { ALL_MODES_TEMPLATE } from '../../helpers/fixture-apps.js';
import { launchExplorerBrowser, openOperation, resultPane as resultPaneOf, run as runIn, resultText, showPanel, SKIP, SKIP_REASON, tracePanel as tracePanelOf } from './explorer-browser.js';

const WHOAMI = 'query WhoAmI { whoami { authType username sub groups identity } }';
const MODE_LABELS = ['Amazon Cognito user pools', 'OpenID Connect', 'AWS Lambda', 'API key', 'AWS IAM'];

let api: LocalAppSyncHarness;
let browser: Browser;
let page: Page;
let outsideRequests: string[] = [];
let pageErrors: string[] = [];
/** A copy of the fixture, which a test rewrites to see the explorer follow a reload. */
let appDir: string;
let template: string;
/** What the page sent: each GraphQL request's Authorization, each Cognito API call, each WebSocket frame. */
const graphqlAuthorizations: (string | null)[] = [];
const cognitoCalls: { target: string; body: Record<string, unknown> }[] = [];
const framesSent: Record<string, unknown>[] = [];

beforeAll(async () => {
  appDir = mkdtempSync(path.join(tmpdir(), 'explorer-auth-'));
  template = path.join(appDir, 'all-modes.yaml');
  copyFileSync(ALL_MODES_TEMPLATE, template);
  let launched;
  [api, launched] = await Promise.all([startLocalAppSync({ template }), launchExplorerBrowser()]);
  ({ browser, page, outsideRequests, pageErrors } = launched);
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (request.method() !== 'POST') return;
    if (url.pathname === '/graphql') graphqlAuthorizations.push(request.headers()['authorization'] ?? null);
    const target = request.headers()['x-amz-target'];
    if (url.pathname.startsWith('/_local/cognito') && target) cognitoCalls.push({ target: target.split('.').at(-1)!, body: JSON.parse(request.postData() ?? '{}') as Record<string, unknown> });
  });
  page.on('websocket', (socket) => socket.on('framesent', ({ payload }) => framesSent.push(JSON.parse(String(payload)) as Record<string, unknown>)));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  if (appDir) rmSync(appDir, { recursive: true, force: true });
});

const origin = () => api.origin;
const open = (query: string) => openOperation(page, origin(), query);
const run = () => runIn(page);
const resultPane = (): Locator => resultPaneOf(page);
const tracePanel = (): Locator => tracePanelOf(page);
const modeSelect = (): Locator => page.getByLabel('Auth mode');
const button = (name: string | RegExp): Locator => page.getByRole('button', { name, exact: typeof name === 'string' });
const tab = (name: string): Locator => page.getByRole('tab', { name, exact: true });
const signedInUser = (): Locator => page.getByTestId('user-pool-user');

/** The claims of a JWT (unverified: the server verified it). */
function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The config the page at `/` carries. */
async function pageConfig(): Promise<{ config: ExplorerConfig; csp: string }> {
  const response = await fetch(`${origin()}/`);
  const html = await response.text();
  const json = /<script type="application\/json" id="local-appsync-explorer-config">(.*?)<\/script>/s.exec(html)?.[1];
  return { config: JSON.parse(json!) as ExplorerConfig, csp: response.headers.get('content-security-policy') ?? '' };
}

interface WhoAmI {
  authType: string;
  username: string | null;
  sub: string | null;
  groups: string[] | null;
  identity: string;
}

/** Runs the whoami query in the editor and reads its answer once it is the one of `authType` (each run's mode differs from the last's). */
async function whoami(authType: string): Promise<WhoAmI> {
  const read = async () => {
    const text = await resultText(page);
    return text.includes('"whoami"') ? (JSON.parse(text) as { data: { whoami: WhoAmI } }).data.whoami : undefined;
  };
  await run();
  await expect.poll(async () => (await read())?.authType, { timeout: 20_000 }).toBe(authType);
  return (await read())!;
}

/** Runs the operation in the editor and waits for an answer holding `expected` (which the previous answer must not hold). */
async function runAndRead(expected: string): Promise<string> {
  const sent = graphqlAuthorizations.length;
  await run();
  await expect.poll(() => graphqlAuthorizations.length).toBeGreaterThan(sent);
  await expect.poll(() => resultPane().innerText(), { timeout: 20_000 }).toContain(expected);
  return resultPane().innerText();
}

function expectNothingOutside(): void {
  expect(outsideRequests).toEqual([]);
  expect(pageErrors).toEqual([]);
}

describe.skipIf(SKIP)(`the explorer's auth modes in Chromium${SKIP ? ` (${SKIP_REASON})` : ''}`, () => {
  it("lists exactly the template's modes, the default first and chosen, with what each needs from the template", async () => {
    const { config, csp } = await pageConfig();
    expect(config.authModes.map((m) => m.mode)).toEqual(['AMAZON_COGNITO_USER_POOLS', 'OPENID_CONNECT', 'AWS_LAMBDA', 'API_KEY', 'AWS_IAM']);
    const [pool] = api.app.cognito.cognito.pools();
    const web = pool!.clients.find((c) => c.name === 'web')!;
    // The client the API's AppIdClientRegex accepts, not merely the pool's first.
    expect(config.authModes[0]).toEqual({
      mode: 'AMAZON_COGNITO_USER_POOLS',
      userPools: [{ poolId: pool!.id, name: 'all-modes-users', clientId: web.id, clientName: 'web', endpoint: api.cognitoEndpoint, groups: ['admin'] }],
    });
    expect(config.authModes[1]).toEqual({ mode: 'OPENID_CONNECT', issuers: [{ issuer: 'https://login.example.com', clientId: 'all-modes-web' }] });
    expect(config.authModes[2]).toEqual({ mode: 'AWS_LAMBDA' });
    // Requests may go to this server only, the local Cognito included.
    expect(/connect-src ([^;]*)/.exec(csp)?.[1]).toBe(`'self' ${origin()} ${origin().replace('http:', 'ws:')}`);

    await open(WHOAMI);
    expect(await modeSelect().locator('option').allInnerTexts()).toEqual(MODE_LABELS);
    expect(await modeSelect().inputValue()).toBe('AMAZON_COGNITO_USER_POOLS');
    // The schema loads before anyone signs in, with the server's own IAM credentials.
    await showPanel(page, 'Documentation Explorer');
    await expect.poll(() => page.locator('.graphiql-doc-explorer').innerText()).toContain('subscription: Subscription');
    await showPanel(page, 'Resolver trace');
    expect(graphqlAuthorizations[0]).toMatch(/^AWS4-HMAC-SHA256 Credential=/);
    // Nobody signed in: the request goes without a token, and AppSync says so.
    expect(await runAndRead('UnauthorizedException')).toContain('Valid authorization header not provided.');
    expect(graphqlAuthorizations.at(-1)).toBeNull();
    expectNothingOutside();
  }, 60_000);

  it('signs up, confirms with the code fetched in the page, signs in with SRP, and queries as that user', async () => {
    await tab('Sign up').click();
    await page.getByLabel('Username', { exact: true }).fill('ada');
    await page.getByLabel('Email', { exact: true }).fill('ada@example.com');
    await page.getByLabel('Password', { exact: true }).fill('Corr3ct-horse');
    await button('Sign up').click();

    // Confirm: the code is not emailed locally; the page fetches it from the local Cognito's listing.
    await expect.poll(() => page.getByRole('status').allInnerTexts()).toContainEqual(expect.stringContaining('fetch it'));
    const code = page.getByLabel('Confirmation code');
    expect(await code.inputValue()).toBe('');
    await button('Fetch the code').click();
    await expect.poll(() => code.inputValue()).toMatch(/^\d{6}$/);
    expect(await code.inputValue()).toBe(api.app.cognito.cognito.codes({ username: 'ada' }).at(-1)!.code);
    await button('Confirm').click();
    await expect.poll(() => page.getByRole('status').allInnerTexts()).toContainEqual(expect.stringContaining('Confirmed'));

    // Sign in, with what was typed at sign-up.
    await button('Sign in').click();
    await expect.poll(() => signedInUser().textContent()).toContain('Signed in as ada');
    expect(await page.getByTestId('user-pool-groups').innerText()).toBe('in no group');
    // Amplify's default flow: SRP, the password never sent.
    expect(cognitoCalls.map((c) => c.target)).toEqual(['SignUp', 'ConfirmSignUp', 'InitiateAuth', 'RespondToAuthChallenge']);
    expect(cognitoCalls[2]!.body['AuthFlow']).toBe('USER_SRP_AUTH');
    expect(JSON.stringify(cognitoCalls.slice(2))).not.toContain('Corr3ct-horse');
    // Tokens stay in this tab: sessionStorage, never localStorage.
    // (A string: this file is typed for Node, without the DOM's globals.)
    const storage = await page.evaluate<{ local: string[]; session: string[] }>('({ local: Object.keys(localStorage), session: Object.keys(sessionStorage) })');
    expect(storage.local.filter((k) => k.startsWith('CognitoIdentityServiceProvider'))).toEqual([]);
    expect(storage.session).toContainEqual(expect.stringMatching(/^CognitoIdentityServiceProvider\..*\.accessToken$/));

    const answer = await whoami('User Pool Authorization');
    expect(answer.username).toBe('ada');
    // The access token, as Amplify sends it.
    const sent = graphqlAuthorizations.at(-1)!;
    expect(claimsOf(sent)).toMatchObject({ token_use: 'access', username: 'ada', client_id: expect.any(String) });
    await expect.poll(() => tracePanel().innerText()).toContain('Amazon Cognito user pools as ada');

    // Not in the admin group: the admin-only field is refused.
    await open('query Admin { adminOnly }');
    expect(await runAndRead('Unauthorized')).toContain('Not Authorized to access adminOnly on type Query');
    expectNothingOutside();
  }, 90_000);

  it('signs in locally as a user of the admin group, who reaches the admin-only field, across a reload, and signs out', async () => {
    await button('Sign out').click();
    await expect.poll(() => signedInUser().count()).toBe(0);
    // Amplify's sign-out revokes the refresh token at the local Cognito.
    expect(cognitoCalls.at(-1)!.target).toBe('RevokeToken');

    await tab('Quick sign-in').click();
    await page.getByLabel('Quick sign-in username').fill('grace');
    await page.getByLabel('Group admin').check();
    await button('Sign in as grace [admin]').click();
    await expect.poll(() => signedInUser().textContent()).toContain('Signed in as grace');
    expect(await page.getByTestId('user-pool-groups').innerText()).toBe('groups: admin');
    expect(await signedInUser().textContent()).toContain('local quick sign-in');

    await open('query Admin { adminOnly }');
    expect(await runAndRead('for admins')).toContain('"adminOnly": "for admins: grace"');
    expect(claimsOf(graphqlAuthorizations.at(-1)!)).toMatchObject({ token_use: 'access', username: 'grace', 'cognito:groups': ['admin'] });

    // A reload keeps this tab's session.
    await page.reload();
    await expect.poll(() => signedInUser().textContent(), { timeout: 20_000 }).toContain('Signed in as grace');

    await button('Sign out').click();
    await expect.poll(() => signedInUser().count()).toBe(0);
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
    expect(await runAndRead('UnauthorizedException')).toContain('Valid authorization header not provided.');
    expect(graphqlAuthorizations.at(-1)).toBeNull();
    expectNothingOutside();
  }, 90_000);

  it('signs in an invited user with their temporary password, then the new password they choose', async () => {
    const temporary = api
      .logs()
      .map((line) => /^cognito: temporary password for invited in \S+(?: \(InvitedUser\))?: (.+)$/.exec(line)?.[1])
      .find((p) => p !== undefined);
    expect(temporary).toBeDefined();
    await tab('Sign in').click();
    await page.getByLabel('Username', { exact: true }).fill('invited');
    await page.getByLabel('Password', { exact: true }).fill(temporary!);
    await button('Sign in').click();
    await expect.poll(() => page.getByRole('status').allInnerTexts()).toContainEqual(expect.stringContaining('choose a new one'));
    await page.getByLabel('New password').fill('N3w-password-ok');
    await button('Set password').click();
    await expect.poll(() => signedInUser().textContent()).toContain('Signed in as invited');
    expect(cognitoCalls.slice(-3).map((c) => c.target)).toEqual(['InitiateAuth', 'RespondToAuthChallenge', 'RespondToAuthChallenge']);
    expect(cognitoCalls.at(-1)!.body['ChallengeName']).toBe('NEW_PASSWORD_REQUIRED');
    await button('Sign out').click();
    await expect.poll(() => signedInUser().count()).toBe(0);
    expectNothingOutside();
  }, 60_000);

  it('OIDC: makes a token from the claims typed, shows its claims, and queries as its subject', async () => {
    await open(WHOAMI);
    await modeSelect().selectOption('OPENID_CONNECT');
    const claims = page.getByLabel('OIDC claims');
    expect(JSON.parse(await claims.inputValue())).toEqual({ sub: 'user-1' });
    await claims.fill('{"sub": "oidc-ada", "email": "ada@example.com"}');
    await button('Get a token').click();
    await expect.poll(() => page.getByTestId('oidc-token').innerText()).toContain('Token for oidc-ada');
    await page.getByTestId('oidc-token-claims').locator('summary').click();
    const shown = JSON.parse(await page.getByTestId('oidc-token-claims').locator('pre').innerText()) as Record<string, unknown>;
    // The signer adds the issuer and the provider's client to the claims typed.
    expect(shown).toMatchObject({ sub: 'oidc-ada', email: 'ada@example.com', iss: 'https://login.example.com', aud: 'all-modes-web', exp: expect.any(Number) });

    const answer = await whoami('Open ID Connect Authorization');
    expect(answer.sub).toBe('oidc-ada');
    expect(claimsOf(graphqlAuthorizations.at(-1)!)).toMatchObject({ sub: 'oidc-ada' });
    await expect.poll(() => tracePanel().innerText()).toContain('OpenID Connect as oidc-ada');

    // Claims that are not JSON are refused in the page, saying why.
    await claims.fill('{"sub": ');
    await button('Get a token').click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('The claims are not JSON');
    expectNothingOutside();
  }, 60_000);

  it("Lambda: sends the token typed, which the template's authorizer sees; API key and IAM as before", async () => {
    await modeSelect().selectOption('AWS_LAMBDA');
    await page.getByLabel('Lambda authorization token').fill('let-me-in');
    const answer = await whoami('Lambda Authorization');
    expect(JSON.parse(answer.identity)).toEqual({ resolverContext: { token: 'let-me-in' } });
    expect(graphqlAuthorizations.at(-1)).toBe('let-me-in');

    await page.getByLabel('Lambda authorization token').fill('deny');
    expect(await runAndRead('UnauthorizedException')).toContain('You are not authorized to make this call.');

    await modeSelect().selectOption('API_KEY');
    expect((await whoami('API Key Authorization')).identity).toBe('null');
    await modeSelect().selectOption('AWS_IAM');
    expect((await whoami('IAM Authorization')).username).toBe(api.credentials.accessKeyId);
    expectNothingOutside();
  }, 60_000);

  it('keeps a subscription open as a signed-in user: the connection and the subscription carry their token, and an event arrives', async () => {
    await open('subscription Lobby { onPost(room: "lobby") { room text by } }');
    await modeSelect().selectOption('AMAZON_COGNITO_USER_POOLS');
    await tab('Quick sign-in').click();
    await page.getByLabel('Quick sign-in username').fill('sam');
    await button('Sign in as sam').click();
    await expect.poll(() => signedInUser().textContent()).toContain('Signed in as sam');

    await run();
    await expect
      .poll(() => api.app.subscriptions.list().filter((s) => s.arguments['room'] === 'lobby'), { timeout: 20_000 })
      .toEqual([expect.objectContaining({ authMode: 'AMAZON_COGNITO_USER_POOLS' })]);
    // Playwright reports sent frames as events of their own, which may come after the server acted on them.
    await expect.poll(() => framesSent.filter((f) => f['type'] === 'connection_init' || f['type'] === 'subscribe').length).toBe(2);
    const init = framesSent.find((f) => f['type'] === 'connection_init') as { payload: Record<string, string> };
    const start = framesSent.find((f) => f['type'] === 'subscribe') as { payload: { extensions: { authorization: Record<string, string> } } };
    expect(claimsOf(init.payload['Authorization']!)).toMatchObject({ token_use: 'access', username: 'sam' });
    expect(claimsOf(start.payload.extensions.authorization['Authorization']!)).toMatchObject({ token_use: 'access', username: 'sam' });

    const posted = await api.graphql<{ post: { by: string } }>('mutation { post(room: "lobby", text: "hello sam") { room text by } }', {}, { as: { userPool: { username: 'poster' } } });
    expect(posted.data?.post.by).toBe('poster');
    await expect.poll(() => resultPane().innerText(), { timeout: 20_000 }).toContain('"text": "hello sam"');
    await expect.poll(() => tracePanel().innerText()).toContain('1 event');
    expect(await tracePanel().innerText()).toContain('Amazon Cognito user pools as sam');
    // The run button stops it, on the server too.
    await run();
    await expect.poll(() => api.app.subscriptions.list().filter((s) => s.arguments['room'] === 'lobby').length, { timeout: 10_000 }).toBe(0);
    expectNothingOutside();
  }, 60_000);

  it('follows a reload of the app: a mode removed from the template is gone at the next page load', async () => {
    const original = readFileSync(template, 'utf8');
    const withoutOidc = original.replace(/ {8}- AuthenticationType: OPENID_CONNECT\n(?: {10}.*\n)+/, '');
    expect(withoutOidc).not.toContain('OPENID_CONNECT');
    writeFileSync(template, withoutOidc);
    await api.app.reload();
    expect((await pageConfig()).config.authModes.map((m) => m.mode)).toEqual(['AMAZON_COGNITO_USER_POOLS', 'AWS_LAMBDA', 'API_KEY', 'AWS_IAM']);
    await page.reload();
    await expect.poll(() => modeSelect().locator('option').allInnerTexts()).toEqual(MODE_LABELS.filter((l) => l !== 'OpenID Connect'));

    writeFileSync(template, original);
    await api.app.reload();
    await page.reload();
    await expect.poll(() => modeSelect().locator('option').allInnerTexts()).toEqual(MODE_LABELS);
    expectNothingOutside();
  }, 60_000);
});
