/**
 * `appsync-local sign-in` against a running server (the harness's, serving the all-modes
 * template): a token of a local Cognito user created on demand, with the groups and email given,
 * accepted by the API; clear errors for a bad pool, no server, or bad arguments.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAppSync, type LocalAppSyncHarness } from '../../../src/testing/index.js';
import { ALL_MODES_TEMPLATE } from '../../helpers/fixture-apps.js';

const BIN = path.resolve(import.meta.dirname, '../../../bin/appsync-local.js');
let api: LocalAppSyncHarness;

beforeAll(async () => {
  api = await startLocalAppSync({ template: ALL_MODES_TEMPLATE, pipes: false });
}, 120_000);

afterAll(() => api?.stop());

/** Runs the command as a user would (async: the server answers from this process). */
function signIn(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'sign-in', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('appsync-local sign-in', () => {
  it('prints an access token of a user created on demand, with the groups and the verified email given', async () => {
    const result = await signIn(['grace', '--groups', 'admin', '--email', 'grace@example.com', '--url', api.origin]);
    expect(result.code, result.stderr).toBe(0);
    const token = result.stdout.trim();
    expect(decodeJwt(token)).toMatchObject({ token_use: 'access', username: 'grace', 'cognito:groups': ['admin'] });
    const whoami = await api.graphql<{ whoami: { authType: string } }>('{ whoami { authType } }', undefined, { as: { headers: { authorization: token } } });
    expect(whoami.data?.whoami.authType).toBe('User Pool Authorization');

    const json = await signIn(['grace', '--json', '--url', api.origin]);
    const tokens = JSON.parse(json.stdout) as { idToken: string; username: string };
    expect(tokens.username).toBe('grace');
    expect(decodeJwt(tokens.idToken)).toMatchObject({ email: 'grace@example.com', email_verified: true });
  });

  it('says what is wrong in one line, with exit code 1 or 2', async () => {
    const pool = await signIn(['grace', '--pool', 'no-such-pool', '--url', api.origin]);
    expect(pool).toMatchObject({ code: 1, stdout: '' });
    expect(pool.stderr.trim()).toMatch(/^sign-in: the template has no user pool no-such-pool/);
    const nobody = await signIn(['grace', '--url', 'http://127.0.0.1:9']);
    expect(nobody).toMatchObject({ code: 1, stderr: 'sign-in: no local AppSync answers at http://127.0.0.1:9; start it with appsync-local start (or give --url)\n' });
    expect((await signIn(['--url', api.origin])).code).toBe(2);
    expect((await signIn(['grace', '--attribute', 'oops', '--url', api.origin])).stderr).toBe('sign-in: --attribute takes name=value, got oops\n');
  });
});
