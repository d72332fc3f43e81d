/**
 * User pool and OIDC tokens (made with jose as an identity provider makes them) through the
 * request authentication: how a token is routed to its mode, every check it must pass with the
 * refusal AppSync answers, and the identity each mode gives the resolvers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../../src/graphql/request-authentication.js';
import { LocalOidc } from '../../../src/oidc/local-oidc.js';
import { lambdaProvider, NOW_S, oidcProvider, request, testAuth, userPoolProvider } from '../../helpers/auth-settings.js';
import { sign, signingKey, testUserPool, type TestUserPool } from '../../helpers/tokens.js';

const POOL_ID = 'us-east-1_Pool1';
const CLIENT = 'webclient123';
const OIDC_ISSUER = 'https://id.example.com/realms/app';
const OIDC_CLIENT = 'oidc-client';

const INVALID = { ok: false, status: 401, errorType: 'UnauthorizedException', message: 'Valid authorization header not provided.' };
const EXPIRED = { ok: false, status: 401, errorType: 'UnauthorizedException', message: 'Token has expired.' };

let pool: TestUserPool;
let oidc: LocalOidc;

beforeAll(async () => {
  pool = await testUserPool(POOL_ID, CLIENT);
  oidc = await LocalOidc.open({ now: () => NOW_S * 1000 });
  oidc.setProviders([{ issuer: OIDC_ISSUER, clientId: OIDC_CLIENT }]);
});

/** An API with every mode: user pools (default, client regex), OIDC, Lambda, API key, IAM. */
const allModes = (options: { defaultAction?: 'ALLOW' | 'DENY'; authorizer?: NonNullable<Parameters<typeof testAuth>[1]>['authorizer'] } = {}) =>
  testAuth(
    [
      userPoolProvider(POOL_ID, { isDefault: true, appIdClientRegex: CLIENT, defaultAction: options.defaultAction ?? 'ALLOW' }),
      oidcProvider(OIDC_ISSUER, { clientId: OIDC_CLIENT }),
      lambdaProvider(),
      { type: 'API_KEY', isDefault: false },
      { type: 'AWS_IAM', isDefault: false },
    ],
    { pools: { [POOL_ID]: { issuer: pool.issuer, jwks: pool.jwks } }, oidcKeys: oidc.jwks(), authorizer: options.authorizer },
  );

const oidcToken = async (claims: Record<string, unknown> = {}) => {
  const issued = await oidc.issue({ claims: { sub: 'oidc-user', ...claims } });
  if (!issued.ok) throw new Error(issued.message);
  return issued.token;
};

describe('routing: which mode a request is', () => {
  it('a user pool token, with or without Bearer, ID or access token, is AMAZON_COGNITO_USER_POOLS', async () => {
    const { settings, invocations } = allModes();
    const id = await pool.idToken({}, { issuedAt: NOW_S });
    const access = await pool.accessToken({}, { issuedAt: NOW_S });
    for (const value of [id, `Bearer ${id}`, access, `Bearer ${access}`]) {
      expect(await authenticate(request({ authorization: value }), settings), value.slice(0, 12)).toMatchObject({ ok: true, mode: 'AMAZON_COGNITO_USER_POOLS' });
    }
    expect(invocations).toEqual([]);
  });

  it('a token of a configured OIDC issuer, with or without Bearer, is OPENID_CONNECT', async () => {
    const { settings, invocations } = allModes();
    const token = await oidcToken();
    for (const value of [token, `Bearer ${token}`]) {
      expect(await authenticate(request({ authorization: value }), settings)).toMatchObject({ ok: true, mode: 'OPENID_CONNECT' });
    }
    expect(invocations).toEqual([]);
  });

  it('an issuer with a trailing slash is the same issuer', async () => {
    const { settings } = allModes();
    expect(await authenticate(request({ authorization: await oidcToken({ iss: `${OIDC_ISSUER}/` }) }), settings)).toMatchObject({ ok: true, mode: 'OPENID_CONNECT' });
  });

  it('any other token goes to the Lambda authorizer, whole, even a JWT of an issuer the API does not know', async () => {
    const { settings, invocations } = allModes();
    const foreign = await sign({ iss: 'https://elsewhere.example.com', sub: 'x', exp: NOW_S + 60 }, (await signingKey('k')).privateKey, 'k');
    for (const value of ['custom-token', `Token ${foreign}`, foreign]) {
      expect(await authenticate(request({ authorization: value }), settings)).toMatchObject({ ok: true, mode: 'AWS_LAMBDA' });
    }
    expect(invocations.map((i) => i.event.authorizationToken)).toEqual(['custom-token', `Token ${foreign}`, foreign]);
  });

  it('a Bearer value is never given to the Lambda authorizer', async () => {
    const { settings, invocations } = allModes();
    expect(await authenticate(request({ authorization: 'Bearer custom-token' }), settings)).toEqual(INVALID);
    expect(invocations).toEqual([]);
  });

  it('a user pool token that fails its checks never falls back to the Lambda authorizer', async () => {
    const { settings, invocations } = allModes();
    const forged = await pool.idToken({}, { issuedAt: NOW_S, key: (await signingKey('x')).privateKey });
    expect(await authenticate(request({ authorization: forged }), settings)).toEqual(INVALID);
    expect(invocations).toEqual([]);
  });

  it('x-api-key and SigV4 are still API_KEY and AWS_IAM', async () => {
    const { settings } = allModes();
    expect(await authenticate(request({ 'x-api-key': settings.apiKey }), settings)).toEqual({ ok: true, mode: 'API_KEY', identity: null });
    expect(await authenticate(request({ authorization: 'AWS4-HMAC-SHA256 nonsense' }), settings)).toMatchObject({ ok: false, status: 403, errorType: 'IncompleteSignatureException' });
  });

  it("routes a token with AWS's issuer for the pool to user pools, and refuses it when the local pool issues another issuer", async () => {
    const { settings, invocations } = allModes();
    const aws = await pool.idToken({ iss: `https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}` }, { issuedAt: NOW_S });
    expect(await authenticate(request({ authorization: aws }), settings)).toEqual(INVALID);
    expect(invocations).toEqual([]);
  });

  it("accepts AWS's issuer when that is the issuer the pool source gives", async () => {
    const awsPool = await testUserPool(POOL_ID, CLIENT, `https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}`);
    const { settings } = testAuth([userPoolProvider(POOL_ID, { isDefault: true })], { pools: { [POOL_ID]: { issuer: awsPool.issuer, jwks: awsPool.jwks } } });
    expect(await authenticate(request({ authorization: await awsPool.idToken({}, { issuedAt: NOW_S }) }), settings)).toMatchObject({ ok: true, mode: 'AMAZON_COGNITO_USER_POOLS' });
  });

  it('refuses every token of a pool the local Cognito does not know', async () => {
    const { settings } = testAuth([userPoolProvider(POOL_ID, { isDefault: true })], { pools: {} });
    expect(await authenticate(request({ authorization: await pool.idToken({}, { issuedAt: NOW_S }) }), settings)).toEqual(INVALID);
  });
});

describe('no credentials', () => {
  it.each([
    ['AMAZON_COGNITO_USER_POOLS', userPoolProvider(POOL_ID, { isDefault: true }), 'Valid authorization header not provided.'],
    ['OPENID_CONNECT', oidcProvider(OIDC_ISSUER, { isDefault: true }), 'Valid authorization header not provided.'],
    ['AWS_LAMBDA', lambdaProvider({ isDefault: true }), 'Missing authorization header'],
    ['API_KEY', { type: 'API_KEY', isDefault: true } as const, 'Missing authorization header'],
  ])('on an API whose default mode is %s: 401 %j', async (_mode, provider, message) => {
    const { settings } = testAuth([provider, { type: 'AWS_IAM', isDefault: false }]);
    expect(await authenticate(request({}), settings)).toEqual({ ok: false, status: 401, errorType: 'UnauthorizedException', message });
  });
});

describe('user pool token checks', () => {
  const check = async (token: string, options: Parameters<typeof allModes>[0] = {}) => authenticate(request({ authorization: token }), allModes(options).settings);

  it('a signature made with another key (same kid) is refused', async () => {
    const forged = await pool.idToken({}, { issuedAt: NOW_S, key: (await signingKey(`${POOL_ID}-key`)).privateKey });
    expect(await check(forged)).toEqual(INVALID);
  });

  it('a token whose payload was changed after signing is refused', async () => {
    const [header, , signature] = (await pool.idToken({}, { issuedAt: NOW_S })).split('.');
    const payload = Buffer.from(JSON.stringify({ iss: pool.issuer, sub: 'sub-1', aud: CLIENT, token_use: 'id', 'cognito:groups': ['admin'], exp: NOW_S + 3600 })).toString('base64url');
    expect(await check(`${header}.${payload}.${signature}`)).toEqual(INVALID);
  });

  it('an expired token: 401 "Token has expired."; one still valid for a second passes', async () => {
    expect(await check(await pool.idToken({ exp: NOW_S }, { issuedAt: NOW_S - 3600 }))).toEqual(EXPIRED);
    expect(await check(await pool.accessToken({ exp: NOW_S - 1 }, { issuedAt: NOW_S - 3600 }))).toEqual(EXPIRED);
    expect(await check(await pool.idToken({ exp: NOW_S + 1 }, { issuedAt: NOW_S - 3600 }))).toMatchObject({ ok: true, expiresAt: (NOW_S + 1) * 1000 });
  });

  it('a forged token that is also expired is refused as invalid (the signature is checked first)', async () => {
    const forged = await pool.idToken({ exp: NOW_S - 10 }, { issuedAt: NOW_S - 3600, key: (await signingKey('x')).privateKey });
    expect(await check(forged)).toEqual(INVALID);
  });

  it.each([['refresh'], ['other'], [undefined]])('token_use %j is refused, whatever client it names', async (tokenUse) => {
    // A provider without a client regex: only token_use can refuse these.
    const { settings } = testAuth([userPoolProvider(POOL_ID, { isDefault: true })], { pools: { [POOL_ID]: { issuer: pool.issuer, jwks: pool.jwks } } });
    const token = await pool.idToken({ token_use: tokenUse, client_id: CLIENT }, { issuedAt: NOW_S });
    expect(await authenticate(request({ authorization: token }), settings)).toEqual(INVALID);
    expect(await authenticate(request({ authorization: await pool.idToken({ client_id: CLIENT }, { issuedAt: NOW_S }) }), settings)).toMatchObject({ ok: true });
  });

  it('the client of an ID token is its aud, of an access token its client_id, checked against AppIdClientRegex', async () => {
    expect(await check(await pool.idToken({ aud: 'otherclient' }, { issuedAt: NOW_S }))).toEqual(INVALID);
    expect(await check(await pool.accessToken({ client_id: 'otherclient' }, { issuedAt: NOW_S }))).toEqual(INVALID);
    // An access token has no aud; its aud would not count anyway.
    expect(await check(await pool.accessToken({ aud: CLIENT, client_id: 'otherclient' }, { issuedAt: NOW_S }))).toEqual(INVALID);
    expect(await check(await pool.idToken({ client_id: CLIENT, aud: 'otherclient' }, { issuedAt: NOW_S }))).toEqual(INVALID);
  });

  it('AppIdClientRegex must match the whole client id', async () => {
    expect(await check(await pool.idToken({ aud: `${CLIENT}x` }, { issuedAt: NOW_S }))).toEqual(INVALID);
    expect(await check(await pool.idToken({ aud: `x${CLIENT}` }, { issuedAt: NOW_S }))).toEqual(INVALID);
  });

  it('two providers of one pool are told apart by their client regex; no regex takes any client', async () => {
    const both = testAuth([userPoolProvider(POOL_ID, { isDefault: true, appIdClientRegex: 'web.*', defaultAction: 'ALLOW' }), userPoolProvider(POOL_ID, { appIdClientRegex: 'mobile.*' })], {
      pools: { [POOL_ID]: { issuer: pool.issuer, jwks: pool.jwks } },
    }).settings;
    expect(await authenticate(request({ authorization: await pool.idToken({ aud: 'mobile1' }, { issuedAt: NOW_S }) }), both)).toMatchObject({ ok: true, identity: { defaultAuthStrategy: 'DENY' } });
    expect(await authenticate(request({ authorization: await pool.idToken({ aud: 'web1' }, { issuedAt: NOW_S }) }), both)).toMatchObject({ ok: true, identity: { defaultAuthStrategy: 'ALLOW' } });
    expect(await authenticate(request({ authorization: await pool.idToken({ aud: 'tv1' }, { issuedAt: NOW_S }) }), both)).toEqual(INVALID);
    const any = testAuth([userPoolProvider(POOL_ID, { isDefault: true })], { pools: { [POOL_ID]: { issuer: pool.issuer, jwks: pool.jwks } } }).settings;
    expect(await authenticate(request({ authorization: await pool.idToken({ aud: 'tv1' }, { issuedAt: NOW_S }) }), any)).toMatchObject({ ok: true });
  });

  it('AppIdClientRegex is read as a Java pattern: (?i) and \\Q...\\E work, a pattern JavaScript cannot compile refuses without failing', async () => {
    const withRegex = (appIdClientRegex: string) =>
      testAuth([userPoolProvider(POOL_ID, { isDefault: true, appIdClientRegex })], { pools: { [POOL_ID]: { issuer: pool.issuer, jwks: pool.jwks } } }).settings;
    const token = async (aud: string) => request({ authorization: await pool.idToken({ aud }, { issuedAt: NOW_S }) });
    expect(await authenticate(await token('web1'), withRegex('(?i)WEB[0-9]'))).toMatchObject({ ok: true });
    expect(await authenticate(await token('web.1'), withRegex('\\Qweb.1\\E'))).toMatchObject({ ok: true });
    expect(await authenticate(await token('webx1'), withRegex('\\Qweb.1\\E'))).toEqual(INVALID);
    expect(await authenticate(await token('web1'), withRegex('web1++'))).toEqual(INVALID);
  });

  it('an unsigned token (alg none) is refused', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ iss: pool.issuer, sub: 's', aud: CLIENT, token_use: 'id', exp: NOW_S + 60 })).toString('base64url');
    expect(await check(`${header}.${payload}.`)).toEqual(INVALID);
  });
});

describe('user pool identity', () => {
  it("has AppSync's shape: sub, issuer, username, claims, sourceIp, defaultAuthStrategy, groups", async () => {
    const { settings } = allModes();
    const token = await pool.idToken({ 'cognito:groups': ['admin', 'ops'] }, { issuedAt: NOW_S });
    const who = await authenticate(request({ authorization: token, 'x-forwarded-for': '203.0.113.7, 10.0.0.2' }), settings);
    expect(who).toEqual({
      ok: true,
      mode: 'AMAZON_COGNITO_USER_POOLS',
      identity: {
        sub: 'sub-1',
        issuer: pool.issuer,
        username: 'alice',
        claims: {
          sub: 'sub-1',
          aud: CLIENT,
          'cognito:username': 'alice',
          'cognito:groups': ['admin', 'ops'],
          email: 'alice@example.com',
          token_use: 'id',
          auth_time: NOW_S,
          iss: pool.issuer,
          iat: NOW_S,
          exp: NOW_S + 3600,
        },
        sourceIp: ['203.0.113.7', '10.0.0.2', '127.0.0.1'],
        defaultAuthStrategy: 'ALLOW',
        groups: ['admin', 'ops'],
      },
      groups: ['admin', 'ops'],
      userPoolDefaultAction: 'ALLOW',
      expiresAt: (NOW_S + 3600) * 1000,
    });
    expect(Object.keys((who as { identity: object }).identity)).toEqual(['sub', 'issuer', 'username', 'claims', 'sourceIp', 'defaultAuthStrategy', 'groups']);
  });

  it('takes the username of an access token from its username claim, and groups null without cognito:groups', async () => {
    const { settings } = allModes();
    const who = await authenticate(request({ authorization: await pool.accessToken({ username: 'bob' }, { issuedAt: NOW_S }) }), settings);
    expect(who).toMatchObject({ ok: true, identity: { username: 'bob', groups: null, sourceIp: ['127.0.0.1'] } });
    expect(who).not.toHaveProperty('groups');
  });

  it("carries the pool's DefaultAction DENY for field authorization", async () => {
    const { settings } = allModes({ defaultAction: 'DENY' });
    expect(await authenticate(request({ authorization: await pool.idToken({}, { issuedAt: NOW_S }) }), settings)).toMatchObject({
      ok: true,
      userPoolDefaultAction: 'DENY',
      identity: { defaultAuthStrategy: 'DENY' },
    });
  });
});

describe('OIDC token checks', () => {
  const oidcOnly = (options: Parameters<typeof oidcProvider>[1] = {}) =>
    testAuth([oidcProvider(OIDC_ISSUER, { isDefault: true, clientId: OIDC_CLIENT, ...options }), { type: 'AWS_IAM', isDefault: false }], { oidcKeys: oidc.jwks() });

  it('a valid token gets the OIDC identity: sub, issuer, claims, nothing else', async () => {
    const who = await authenticate(request({ authorization: await oidcToken({ groups: ['admin'] }) }), oidcOnly().settings);
    expect(who).toEqual({
      ok: true,
      mode: 'OPENID_CONNECT',
      identity: {
        sub: 'oidc-user',
        issuer: OIDC_ISSUER,
        claims: { iss: OIDC_ISSUER, aud: OIDC_CLIENT, iat: NOW_S, auth_time: NOW_S, exp: NOW_S + 3600, sub: 'oidc-user', groups: ['admin'] },
      },
      expiresAt: (NOW_S + 3600) * 1000,
    });
  });

  it('a token signed by a key other than the trusted one is refused', async () => {
    const other = await signingKey(oidc.jwks().keys[0]!.kid!);
    const forged = await sign({ iss: OIDC_ISSUER, aud: OIDC_CLIENT, sub: 'x', iat: NOW_S, exp: NOW_S + 60 }, other.privateKey, other.jwk.kid!);
    expect(await authenticate(request({ authorization: forged }), oidcOnly().settings)).toEqual(INVALID);
  });

  it('an expired token: 401 "Token has expired."', async () => {
    expect(await authenticate(request({ authorization: await oidcToken({ iat: NOW_S - 7200, exp: NOW_S - 3600 }) }), oidcOnly().settings)).toEqual(EXPIRED);
  });

  it('a client the ClientId expression does not match: 401 "Unauthorized"', async () => {
    const regex = oidcOnly({ clientId: 'ABCD|CDEF' }).settings;
    expect(await authenticate(request({ authorization: await oidcToken({ aud: 'CDEF' }) }), regex)).toMatchObject({ ok: true });
    expect(await authenticate(request({ authorization: await oidcToken({ aud: ['other', 'ABCD'] }) }), regex)).toMatchObject({ ok: true });
    expect(await authenticate(request({ authorization: await oidcToken({ aud: 'ABCDE' }) }), regex)).toEqual({ ok: false, status: 401, errorType: 'UnauthorizedException', message: 'Unauthorized' });
    expect(await authenticate(request({ authorization: await oidcToken({ aud: 'someone-else' }) }), oidcOnly().settings)).toMatchObject({ ok: false, message: 'Unauthorized' });
  });

  it('IatTTL: a token issued longer ago than IatTTL milliseconds has expired', async () => {
    const { settings } = oidcOnly({ iatTtlMs: 60_000 });
    expect(await authenticate(request({ authorization: await oidcToken({ iat: NOW_S - 60 }) }), settings)).toMatchObject({ ok: true, expiresAt: NOW_S * 1000 });
    expect(await authenticate(request({ authorization: await oidcToken({ iat: NOW_S - 61 }) }), settings)).toEqual(EXPIRED);
    expect(await authenticate(request({ authorization: await oidcToken({ iat: undefined }) }), settings)).toEqual(INVALID);
  });

  it('AuthTTL: a token whose authentication is older than AuthTTL milliseconds has expired; it needs auth_time', async () => {
    const { settings } = oidcOnly({ authTtlMs: 300_000 });
    expect(await authenticate(request({ authorization: await oidcToken({ auth_time: NOW_S - 299 }) }), settings)).toMatchObject({ ok: true, expiresAt: (NOW_S + 1) * 1000 });
    expect(await authenticate(request({ authorization: await oidcToken({ auth_time: NOW_S - 301 }) }), settings)).toEqual(EXPIRED);
    expect(await authenticate(request({ authorization: await oidcToken({ auth_time: undefined }) }), settings)).toEqual(INVALID);
  });

  it('the token expires when the clock passes exp', async () => {
    const auth = oidcOnly();
    const token = await oidcToken({ exp: NOW_S + 10 });
    expect(await authenticate(request({ authorization: token }), auth.settings)).toMatchObject({ ok: true });
    auth.advance(10_000);
    expect(await authenticate(request({ authorization: token }), auth.settings)).toEqual(EXPIRED);
  });

  it('garbage in the Authorization header: 401 "Valid authorization header not provided."', async () => {
    for (const value of ['not-a-jwt', 'Bearer x', 'a.b.c']) expect(await authenticate(request({ authorization: value }), oidcOnly().settings), value).toEqual(INVALID);
  });

  it('two OIDC providers with the same issuer: the one whose ClientId matches wins', async () => {
    const { settings } = testAuth([oidcProvider(OIDC_ISSUER, { isDefault: true, clientId: 'web' }), oidcProvider(OIDC_ISSUER, { clientId: 'cli', iatTtlMs: 1_000 })], { oidcKeys: oidc.jwks() });
    // Only the second provider checks IatTTL.
    expect(await authenticate(request({ authorization: await oidcToken({ aud: 'web', iat: NOW_S - 100 }) }), settings)).toMatchObject({ ok: true });
    expect(await authenticate(request({ authorization: await oidcToken({ aud: 'cli', iat: NOW_S - 100 }) }), settings)).toEqual(EXPIRED);
  });
});
