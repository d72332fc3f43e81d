/**
 * The tokens the local Cognito signs: RS256 with the kid of a key in the pool's JWKS, verified
 * with jose against the pool's jwks() (what the AppSync side uses); Cognito's claims in the ID and
 * access tokens (groups ranked by precedence, only attributes the client may read, booleans for
 * verified flags); validity from the client's settings; the OpenID discovery document.
 */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { ISSUER_BASE, openTestCognito, PASSWORD } from '../../helpers/cognito.js';

describe('ID and access tokens', () => {
  it("carry Cognito's claims, and verify against the pool's keys at its local issuer", async () => {
    const t = await openTestCognito();
    const { users, web } = t.ids;
    const { sub } = await t.cognito.ensureUser(users.id, {
      username: 'ann',
      password: PASSWORD,
      attributes: { email: 'ann@example.com', 'custom:tenant': 't1', given_name: 'Ann', preferred_username: 'annie' },
      groups: [`ShopAuth-Staff`, 'admin'],
    });
    const tokens = await t.cognito.issueTokens(users.id, web.id, 'ann');
    const issuer = `${ISSUER_BASE}/${users.id}`;
    expect(t.cognito.issuer(users.id)).toBe(issuer);
    const keys = createLocalJWKSet(t.cognito.jwks(users.id)!);
    const now = t.clock.now();
    const { payload: id, protectedHeader } = await jwtVerify(tokens.IdToken, keys, { issuer, audience: web.id, currentDate: now });
    const { payload: access } = await jwtVerify(tokens.AccessToken, keys, { issuer, currentDate: now });
    expect(protectedHeader).toEqual({ kid: t.cognito.jwks(users.id)!.keys[0]!.kid, alg: 'RS256' });
    // One local key signs for every pool.
    expect(t.cognito.jwks(t.ids.customers.id)).toEqual(t.cognito.jwks(users.id));
    const iat = Math.floor(now.getTime() / 1000);

    expect(id).toEqual({
      sub,
      'cognito:groups': ['admin', 'ShopAuth-Staff'],
      email_verified: true,
      iss: issuer,
      'cognito:username': 'ann',
      origin_jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      aud: web.id,
      event_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      token_use: 'id',
      auth_time: iat,
      email: 'ann@example.com',
      'custom:tenant': 't1',
      preferred_username: 'annie',
      exp: iat + 2 * 3600,
      iat,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(access).toEqual({
      sub,
      'cognito:groups': ['admin', 'ShopAuth-Staff'],
      iss: issuer,
      client_id: web.id,
      origin_jti: id['origin_jti'],
      event_id: id['event_id'],
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      auth_time: iat,
      exp: iat + 30 * 60,
      iat,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      username: 'ann',
    });
    expect(access['jti']).not.toBe(id['jti']);
    expect(tokens).toMatchObject({ ExpiresIn: 30 * 60, TokenType: 'Bearer', RefreshToken: expect.any(String) });
  });

  it('a client without ReadAttributes gets every attribute; no groups, no cognito:groups claim', async () => {
    const t = await openTestCognito();
    const { users, server } = t.ids;
    await t.cognito.ensureUser(users.id, { username: 'bob', password: PASSWORD, attributes: { email: 'bob@example.com', given_name: 'Bob', 'custom:plan': 'gold' } });
    const { IdToken, AccessToken } = await t.cognito.issueTokens(users.id, server.id, 'bob');
    const { payload: id } = await jwtVerify(IdToken, createLocalJWKSet(t.cognito.jwks(users.id)!), { currentDate: t.clock.now() });
    expect(id).toMatchObject({ email: 'bob@example.com', given_name: 'Bob', 'custom:plan': 'gold', email_verified: true, aud: server.id, exp: (id['iat'] as number) + 3600 });
    expect(id).not.toHaveProperty('cognito:groups');
    const { payload: access } = await jwtVerify(AccessToken, createLocalJWKSet(t.cognito.jwks(users.id)!), { currentDate: t.clock.now() });
    expect(access).not.toHaveProperty('cognito:groups');
  });

  it('in an email-as-username pool cognito:username and username are the UUID (= sub)', async () => {
    const t = await openTestCognito();
    const { customers, customersClient } = t.ids;
    const { username, sub } = await t.cognito.ensureUser(customers.id, { username: 'cat@example.com', password: 'Passw0rd!' });
    expect(username).toBe(sub);
    const { IdToken, AccessToken } = await t.cognito.issueTokens(customers.id, customersClient.id, 'cat@example.com');
    const keys = createLocalJWKSet(t.cognito.jwks(customers.id)!);
    expect((await jwtVerify(IdToken, keys, { currentDate: t.clock.now() })).payload).toMatchObject({ 'cognito:username': sub, email: 'cat@example.com', email_verified: true });
    expect((await jwtVerify(AccessToken, keys, { currentDate: t.clock.now() })).payload).toMatchObject({ username: sub });
    expect(decodeProtectedHeader(IdToken).alg).toBe('RS256');
  });

  it('tokens expire by the client settings, per the injected clock', async () => {
    const t = await openTestCognito();
    const { users, web } = t.ids;
    await t.cognito.ensureUser(users.id, { username: 'dan', password: PASSWORD, attributes: { email: 'dan@example.com' } });
    const { AccessToken, IdToken } = await t.cognito.issueTokens(users.id, web.id, 'dan');
    const keys = createLocalJWKSet(t.cognito.jwks(users.id)!);
    const later = new Date(t.clock.time + 31 * 60_000);
    await expect(jwtVerify(AccessToken, keys, { currentDate: later })).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
    await expect(jwtVerify(IdToken, keys, { currentDate: later })).resolves.toBeDefined();
  });
});

describe('OpenID discovery', () => {
  it("names the pool's issuer and JWKS URI; unknown pools have none", async () => {
    const t = await openTestCognito();
    const issuer = `${ISSUER_BASE}/${t.ids.users.id}`;
    expect(t.cognito.openidConfiguration(t.ids.users.id)).toMatchObject({
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['RS256'],
      subject_types_supported: ['public'],
    });
    expect(t.cognito.openidConfiguration('eu-west-1_nope')).toBeUndefined();
    expect(t.cognito.jwks('eu-west-1_nope')).toBeUndefined();
    expect(t.cognito.jwks(t.ids.users.id)!.keys).toEqual([{ alg: 'RS256', e: 'AQAB', kid: expect.any(String), kty: 'RSA', n: expect.any(String), use: 'sig' }]);
  });

  it('the JWKS is one frozen object, the same for every pool and call (verifiers cache by identity)', async () => {
    const t = await openTestCognito();
    const jwks = t.cognito.jwks(t.ids.users.id)!;
    expect(t.cognito.jwks(t.ids.users.id)).toBe(jwks);
    expect(t.cognito.jwks(t.ids.customers.id)).toBe(jwks);
    expect(Object.isFrozen(jwks) && Object.isFrozen(jwks.keys) && Object.isFrozen(jwks.keys[0])).toBe(true);
    expect(() => jwks.keys.push({ kty: 'RSA' })).toThrow(TypeError);
  });
});
