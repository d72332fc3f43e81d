/**
 * What outlives a restart with a state dir (a temporary one): users with their passwords (both
 * sign-in flows still work, and no password is written), refresh tokens, codes, the signing key
 * (tokens signed before verify after); reset() empties all of it; a reload keeps the users of
 * pools still in the template; without a state dir every instance starts empty.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { formatSrpTimestamp } from '../../../src/cognito/srp.js';
import { UserPoolStore } from '../../../src/cognito/user-pool-store.js';
import { fixturePools, openTestCognito, PASSWORD, srpClient, type TestCognito } from '../../helpers/cognito.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function stateDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'local-cognito-'));
  dirs.push(dir);
  return dir;
}

const signIn = (t: TestCognito, username: string, password = PASSWORD) =>
  t.call('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } });

describe('with a state dir', () => {
  it('users, passwords (both flows), refresh tokens, codes and the signing key survive a restart; no password is stored', async () => {
    const dir = stateDir();
    const first = await openTestCognito({ stateDir: dir });
    const { users, web } = first.ids;
    await first.cognito.ensureUser(users.id, { username: 'ann', password: PASSWORD, attributes: { email: 'ann@example.com' }, groups: ['admin'] });
    await first.call('SignUp', { ClientId: web.id, Username: 'bob', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }] });
    const tokens = (await signIn(first, 'ann'))['AuthenticationResult'] as Record<string, string>;
    await first.cognito.flush();

    const files = readdirSync(path.join(dir, 'cognito'), { recursive: true }).map(String).sort();
    // A pool is written once something in it changed (Customers has no users yet).
    expect(files).toEqual(['pools', `pools/${users.id}.json`, 'signing-key.json']);
    const stored = readFileSync(path.join(dir, 'cognito', 'pools', `${users.id}.json`), 'utf8');
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toContain(tokens['RefreshToken']);

    const second = await openTestCognito({ stateDir: dir });
    await expect(signIn(second, 'ann')).resolves.toHaveProperty('AuthenticationResult');
    const client = srpClient(users.id, 'b2'.repeat(64));
    const challenge = await second.call('InitiateAuth', { ClientId: web.id, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'ann', SRP_A: client.srpA } });
    await expect(
      second.call('RespondToAuthChallenge', {
        ClientId: web.id,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: client.answer(challenge['ChallengeParameters'] as Record<string, string>, PASSWORD, formatSrpTimestamp(second.clock.now())),
      }),
    ).resolves.toHaveProperty('AuthenticationResult');
    await expect(second.call('InitiateAuth', { ClientId: web.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens['RefreshToken']! } })).resolves.toHaveProperty(
      'AuthenticationResult',
    );
    await expect(second.call('GetUser', { AccessToken: tokens['AccessToken'] })).resolves.toMatchObject({ Username: 'ann' });
    await expect(jwtVerify(tokens['IdToken']!, createLocalJWKSet(second.cognito.jwks(users.id)!), { currentDate: second.clock.now() })).resolves.toBeDefined();
    expect(second.cognito.jwks(users.id)).toEqual(first.cognito.jwks(users.id));
    expect(second.cognito.codes()).toEqual(first.cognito.codes());
    await expect(second.call('ConfirmSignUp', { ClientId: web.id, Username: 'bob', ConfirmationCode: first.lastCode('bob') })).resolves.toEqual({});
    await expect(second.call('AdminListGroupsForUser', { UserPoolId: users.id, Username: 'ann' })).resolves.toMatchObject({ Groups: [{ GroupName: 'admin' }] });
    await second.cognito.flush();
    expect(readdirSync(path.join(dir, 'cognito', 'pools')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reset(): every user, code and refresh token gone, on disk too; the seed user is back', async () => {
    const dir = stateDir();
    const t = await openTestCognito({ stateDir: dir });
    const { users, web } = t.ids;
    await t.cognito.ensureUser(users.id, { username: 'ann', password: PASSWORD, attributes: { email: 'ann@example.com' } });
    await t.call('SignUp', { ClientId: web.id, Username: 'bob', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }] });
    const { RefreshToken } = (await signIn(t, 'ann'))['AuthenticationResult'] as Record<string, string>;
    await t.cognito.reset();
    expect(t.cognito.codes()).toEqual([]);
    await expect(t.refusal('AdminGetUser', { UserPoolId: users.id, Username: 'ann' })).resolves.toMatchObject({ type: 'UserNotFoundException' });
    await expect(t.refusal('InitiateAuth', { ClientId: web.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: RefreshToken! } })).resolves.toMatchObject({
      message: 'Invalid Refresh Token',
    });
    await t.cognito.flush();
    const reopened = await openTestCognito({ stateDir: dir });
    const listed = await reopened.call('ListUsers', { UserPoolId: users.id });
    expect((listed['Users'] as { Username: string }[]).map((u) => u.Username)).toEqual(['root']);
    expect(reopened.cognito.codes()).toEqual([]);
  });

  it('changes made while the pool is being written all reach the file (writes are coalesced, none is lost)', async () => {
    const dir = stateDir();
    const t = await openTestCognito({ stateDir: dir });
    const { users, web } = t.ids;
    const names = Array.from({ length: 12 }, (_, i) => `user${i}`);
    await Promise.all(names.map((name) => t.call('SignUp', { ClientId: web.id, Username: name, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }] })));
    await t.cognito.flush();
    const reopened = await openTestCognito({ stateDir: dir });
    const listed = (await reopened.call('ListUsers', { UserPoolId: users.id }))['Users'] as { Username: string }[];
    expect(listed.map((u) => u.Username).sort()).toEqual(['root', ...names].sort());
  });

  it('a pool file this version does not understand stops the start with a message saying what to do', async () => {
    const dir = stateDir();
    const t = await openTestCognito({ stateDir: dir });
    await t.cognito.flush();
    const file = path.join(dir, 'cognito', 'pools', `${t.ids.users.id}.json`);
    writeFileSync(file, JSON.stringify({ version: 99 }));
    await expect(openTestCognito({ stateDir: dir })).rejects.toThrow(`${file} is not user pool state this version understands; delete it to start the pool empty`);
  });
});

describe('reloads and memory', () => {
  it('setPools keeps the users of pools still present; a pool gone is not served (its file stays for when it returns)', async () => {
    const dir = stateDir();
    const t = await openTestCognito({ stateDir: dir });
    const { users, customers, customersClient } = t.ids;
    await t.cognito.ensureUser(users.id, { username: 'ann', password: PASSWORD, attributes: { email: 'ann@example.com' } });
    await t.cognito.ensureUser(customers.id, { username: 'cat@example.com', password: 'Passw0rd!' });
    const reloaded = fixturePools().filter((p) => p.logicalId === 'Users');
    await t.cognito.setPools(reloaded);
    await expect(signIn(t, 'ann')).resolves.toHaveProperty('AuthenticationResult');
    await expect(t.refusal('SignUp', { ClientId: customersClient.id, Username: 'x@example.com', Password: 'Passw0rd!' })).resolves.toMatchObject({
      type: 'ResourceNotFoundException',
    });
    await t.cognito.setPools(fixturePools());
    await expect(t.call('AdminGetUser', { UserPoolId: customers.id, Username: 'cat@example.com' })).resolves.toMatchObject({ UserStatus: 'CONFIRMED' });
    expect(existsSync(path.join(dir, 'cognito', 'pools', `${customers.id}.json`))).toBe(true);
  });

  it('without a state dir, each instance starts empty', async () => {
    const a = await openTestCognito();
    await a.cognito.ensureUser(a.ids.users.id, { username: 'ann', password: PASSWORD, attributes: { email: 'ann@example.com' } });
    const b = await openTestCognito();
    await expect(b.refusal('AdminGetUser', { UserPoolId: b.ids.users.id, Username: 'ann' })).resolves.toMatchObject({ type: 'UserNotFoundException' });
  });
});

describe('a reload that changes a pool', () => {
  it('usernames are found again when CaseSensitive changes', async () => {
    const t = await openTestCognito();
    await t.cognito.ensureUser(t.ids.users.id, { username: 'Ann', password: PASSWORD, attributes: { email: 'ann@example.com' } });
    await t.cognito.setPools(fixturePools().map((p) => (p.logicalId === 'Users' ? { ...p, caseSensitive: true } : p)));
    await expect(t.call('AdminGetUser', { UserPoolId: t.ids.users.id, Username: 'Ann' })).resolves.toMatchObject({ Username: 'Ann' });
    await expect(t.refusal('AdminGetUser', { UserPoolId: t.ids.users.id, Username: 'ann' })).resolves.toMatchObject({ type: 'UserNotFoundException' });
    await t.cognito.setPools(fixturePools());
    await expect(t.call('AdminGetUser', { UserPoolId: t.ids.users.id, Username: 'ann' })).resolves.toMatchObject({ Username: 'Ann' });
  });
});

describe('sign-in sessions', () => {
  const DAY_MS = 86400_000;
  /** The web client's RefreshTokenValidity in the fixture. */
  const REFRESH_VALIDITY_MS = 7 * DAY_MS;
  const refresh = (t: TestCognito, token: string) => t.refusal('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: token } });

  it('a session is pruned a day after its refresh token expired (the longest token validity), in memory and on disk', async () => {
    const dir = stateDir();
    const t = await openTestCognito({ stateDir: dir });
    await t.cognito.ensureUser(t.ids.users.id, { username: 'ann', password: PASSWORD, attributes: { email: 'ann@example.com' } });
    const file = path.join(dir, 'cognito', 'pools', `${t.ids.users.id}.json`);
    const storedSessions = async () => {
      await t.cognito.flush();
      return (JSON.parse(readFileSync(file, 'utf8')) as { sessions: { originJti: string }[] }).sessions.length;
    };
    const first = ((await signIn(t, 'ann'))['AuthenticationResult'] as Record<string, string>)['RefreshToken']!;
    expect(await storedSessions()).toBe(1);

    t.clock.advance(REFRESH_VALIDITY_MS + DAY_MS);
    await signIn(t, 'ann');
    expect(await storedSessions()).toBe(2);
    await expect(refresh(t, first)).resolves.toEqual({ type: 'NotAuthorizedException', message: 'Refresh Token has expired' });

    t.clock.advance(1000);
    const third = ((await signIn(t, 'ann'))['AuthenticationResult'] as Record<string, string>)['RefreshToken']!;
    expect(await storedSessions()).toBe(2);
    await expect(refresh(t, first)).resolves.toEqual({ type: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
    await expect(t.call('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: third } })).resolves.toHaveProperty('AuthenticationResult');
  });

  it('sessions long expired in a pool file are pruned when it is loaded', async () => {
    const dir = stateDir();
    const t = await openTestCognito({ stateDir: dir });
    await t.cognito.ensureUser(t.ids.users.id, { username: 'ann', password: PASSWORD, attributes: { email: 'ann@example.com' } });
    const { RefreshToken } = (await signIn(t, 'ann'))['AuthenticationResult'] as Record<string, string>;
    await t.cognito.flush();
    const later = t.clock.time + REFRESH_VALIDITY_MS + DAY_MS + 1000;
    const reopened = await openTestCognito({ stateDir: dir, clock: () => new Date(later) });
    await expect(refresh(reopened, RefreshToken!)).resolves.toEqual({ type: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
  });
});

describe('writes per sign-in', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const countSaves = () => vi.spyOn(UserPoolStore.prototype, 'save');

  it('a password sign-in writes the pool once', async () => {
    const t = await openTestCognito({ stateDir: stateDir() });
    await t.cognito.ensureUser(t.ids.users.id, { username: 'ann', password: PASSWORD, attributes: { email: 'ann@example.com' } });
    const saves = countSaves();
    await signIn(t, 'ann');
    expect(saves).toHaveBeenCalledTimes(1);
  });

  it('answering NEW_PASSWORD_REQUIRED writes the pool once, new password and session together', async () => {
    const dir = stateDir();
    const t = await openTestCognito({ stateDir: dir });
    const { users, web } = t.ids;
    await t.call('AdminCreateUser', { UserPoolId: users.id, Username: 'gus', TemporaryPassword: 'Temp-Pass-123', UserAttributes: [{ Name: 'email', Value: 'gus@example.com' }] });
    const challenge = await signIn(t, 'gus', 'Temp-Pass-123');
    const saves = countSaves();
    const done = await t.call('RespondToAuthChallenge', {
      ClientId: web.id,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: challenge['Session'],
      ChallengeResponses: { USERNAME: 'gus', NEW_PASSWORD: 'Final-Pass-123' },
    });
    expect(saves).toHaveBeenCalledTimes(1);
    await t.cognito.flush();
    const reopened = await openTestCognito({ stateDir: dir });
    await expect(signIn(reopened, 'gus', 'Final-Pass-123')).resolves.toHaveProperty('AuthenticationResult');
    const { RefreshToken } = done['AuthenticationResult'] as Record<string, string>;
    await expect(reopened.call('InitiateAuth', { ClientId: web.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: RefreshToken! } })).resolves.toHaveProperty('AuthenticationResult');
  });

  it('signInUser (the local sign-in) writes the user and the session in one write', async () => {
    const dir = stateDir();
    const t = await openTestCognito({ stateDir: dir });
    const saves = countSaves();
    const tokens = await t.cognito.signInUser(t.ids.users.id, t.ids.web.id, { username: 'ann', password: PASSWORD, attributes: { email: 'ann@example.com' }, groups: ['admin'] });
    expect(saves).toHaveBeenCalledTimes(1);
    expect(tokens).toMatchObject({ username: 'ann', RefreshToken: expect.any(String) });
    await t.cognito.flush();
    const reopened = await openTestCognito({ stateDir: dir });
    await expect(reopened.call('AdminListGroupsForUser', { UserPoolId: t.ids.users.id, Username: 'ann' })).resolves.toMatchObject({ Groups: [{ GroupName: 'admin' }] });
    await expect(reopened.call('InitiateAuth', { ClientId: t.ids.web.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } })).resolves.toHaveProperty(
      'AuthenticationResult',
    );
  });
});
