/**
 * The local OIDC signer: tokens for the template's OIDC providers with the claims they need, the
 * refusals of bad requests, and the key pair kept in the state folder.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { calculateJwkThumbprint, createLocalJWKSet, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalOidc } from '../../../src/oidc/local-oidc.js';

const NOW_S = 1_800_000_000;
const ISSUER = 'https://login.example.com';
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function signer(providers = [{ issuer: ISSUER, clientId: 'web' as string | null }], stateDir?: string) {
  const oidc = await LocalOidc.open({ now: () => NOW_S * 1000, ...(stateDir ? { stateDir } : {}) });
  oidc.setProviders(providers);
  return oidc;
}

describe('issue', () => {
  it('signs RS256 with iss, aud, iat, auth_time and exp set, verifiable with its JWKS', async () => {
    const oidc = await signer();
    const issued = await oidc.issue({ claims: { sub: 'u-1', email: 'u@example.com' } });
    if (!issued.ok) throw new Error(issued.message);
    const { payload } = await jwtVerify(issued.token, createLocalJWKSet(oidc.jwks()), { currentDate: new Date(NOW_S * 1000) });
    expect(payload).toEqual({ iss: ISSUER, aud: 'web', iat: NOW_S, auth_time: NOW_S, exp: NOW_S + 3600, sub: 'u-1', email: 'u@example.com' });
    expect(decodeProtectedHeader(issued.token)).toEqual({ alg: 'RS256', typ: 'JWT', kid: oidc.jwks().keys[0]!.kid });
  });

  it('lets the given claims win over every default', async () => {
    const oidc = await signer();
    const issued = await oidc.issue({ claims: { aud: 'cli', iat: 1, exp: 2, auth_time: 0, iss: 'https://elsewhere' } });
    expect(issued).toMatchObject({ ok: true, claims: { aud: 'cli', iat: 1, exp: 2, auth_time: 0, iss: 'https://elsewhere' } });
  });

  it('leaves aud out when the provider takes any client', async () => {
    const oidc = await signer([{ issuer: ISSUER, clientId: null }]);
    const issued = await oidc.issue({ claims: {} });
    expect(issued.ok && 'aud' in issued.claims).toBe(false);
  });

  it('picks the provider by "issuer" when the template has several issuers', async () => {
    const oidc = await signer([
      { issuer: ISSUER, clientId: 'web' },
      { issuer: 'https://other.example.com', clientId: 'svc' },
    ]);
    expect(await oidc.issue({ claims: {}, issuer: 'https://other.example.com' })).toMatchObject({ ok: true, claims: { iss: 'https://other.example.com', aud: 'svc' } });
    expect(await oidc.issue({ claims: {} })).toEqual({ ok: false, message: `The API has several OIDC issuers (${ISSUER}, https://other.example.com); name one with "issuer".` });
  });

  it.each([
    ['no object', 'claims', 'The body must be a JSON object: {"claims": {...}}, plus "issuer" when the API has several OIDC issuers.'],
    ['no claims', {}, '"claims" must be a JSON object of the token\'s claims, e.g. {"sub": "user-1"}.'],
    ['claims as an array', { claims: [] }, '"claims" must be a JSON object of the token\'s claims, e.g. {"sub": "user-1"}.'],
    ['exp as a string', { claims: { exp: 'tomorrow' } }, '"claims.exp" must be a number of seconds since the epoch.'],
    ['an unknown field', { claims: {}, audience: 'x' }, 'Unknown field(s) "audience"; the body takes "claims" and "issuer".'],
    ['an issuer not in the template', { claims: {}, issuer: 'https://nope' }, `"https://nope" is not an OIDC issuer of the API (issuers: ${ISSUER}).`],
  ])('refuses %s with a message saying what is wrong', async (_what, body, message) => {
    expect(await (await signer()).issue(body)).toEqual({ ok: false, message });
  });

  it('asks for the client id when ClientId is a regular expression', async () => {
    const oidc = await signer([{ issuer: ISSUER, clientId: 'ABCD|CDEF' }]);
    expect(await oidc.issue({ claims: {} })).toEqual({ ok: false, message: 'The provider\'s ClientId "ABCD|CDEF" is a regular expression; give the client id as "claims.aud".' });
    expect(await oidc.issue({ claims: { aud: 'ABCD' } })).toMatchObject({ ok: true });
  });

  it('refuses when the API has no OIDC provider', async () => {
    expect(await (await signer([])).issue({ claims: {} })).toEqual({ ok: false, message: 'The API has no OPENID_CONNECT provider, so there is nothing to sign tokens for.' });
  });
});

describe('trust', () => {
  it("gives its keys for the template's issuers only (a trailing slash does not matter)", async () => {
    const oidc = await signer();
    expect(oidc.keysFor(ISSUER)).toBe(oidc.jwks());
    expect(oidc.jwks()).toBe(oidc.jwks());
    expect(Object.isFrozen(oidc.jwks().keys[0])).toBe(true);
    expect(oidc.keysFor(`${ISSUER}/`)).toEqual(oidc.jwks());
    expect(oidc.keysFor('https://other.example.com')).toBeUndefined();
    expect(oidc.jwks().keys[0]).not.toHaveProperty('d');
  });
});

describe('the key pair', () => {
  it('is kept under <stateDir>/oidc/, private to the user, and reused by the next signer', async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'local-oidc-'));
    dirs.push(stateDir);
    const first = await signer(undefined, stateDir);
    const file = path.join(stateDir, 'oidc', 'signing-key.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1, privateJwk: { kty: 'RSA', n: first.jwks().keys[0]!.n, d: expect.any(String) } });
    const second = await signer(undefined, stateDir);
    expect(second.jwks()).toEqual(first.jwks());
    const issued = await first.issue({ claims: { sub: 's' } });
    if (!issued.ok) throw new Error(issued.message);
    await expect(jwtVerify(issued.token, createLocalJWKSet(second.jwks()), { currentDate: new Date(NOW_S * 1000) })).resolves.toBeDefined();
  });

  it('a key file in the earlier format (a bare private JWK) is still used, so its tokens keep verifying', async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'local-oidc-'));
    dirs.push(stateDir);
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(jwk);
    mkdirSync(path.join(stateDir, 'oidc'));
    writeFileSync(path.join(stateDir, 'oidc', 'signing-key.json'), JSON.stringify({ ...jwk, kid, alg: 'RS256' }), { mode: 0o600 });
    const oidc = await signer(undefined, stateDir);
    expect(oidc.jwks().keys).toEqual([{ alg: 'RS256', e: jwk.e, kid, kty: 'RSA', n: jwk.n, use: 'sig' }]);
    const issued = await oidc.issue({ claims: { sub: 's' } });
    if (!issued.ok) throw new Error(issued.message);
    await expect(jwtVerify(issued.token, publicKey, { currentDate: new Date(NOW_S * 1000) })).resolves.toBeDefined();
  });

  it('a key file it cannot read stops the start with a message saying what to do', async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'local-oidc-'));
    dirs.push(stateDir);
    const file = path.join(stateDir, 'oidc', 'signing-key.json');
    mkdirSync(path.dirname(file));
    writeFileSync(file, '{"kty": "oct"');
    await expect(signer(undefined, stateDir)).rejects.toThrow(`${file} is not a signing key this version understands; delete it to make a new one`);
  });

  it('differs between in-memory signers', async () => {
    expect((await signer()).jwks()).not.toEqual((await signer()).jwks());
  });
});
