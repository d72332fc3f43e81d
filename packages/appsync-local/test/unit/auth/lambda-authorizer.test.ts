/**
 * The Lambda authorizer through the request authentication, with a function the test plays and a
 * clock it moves: the event AppSync sends, what each answer means, the cache per token, the
 * IdentityValidationExpression, and failures.
 */
import { describe, expect, it } from 'vitest';
import { AuthorizerCache, AuthorizerUnavailableError, deniedField } from '../../../src/auth/lambda-authorizer.js';
import { authenticate } from '../../../src/graphql/request-authentication.js';
import { ACCOUNT, API_ARN, AUTHORIZER_ARN, lambdaProvider, request, testAuth } from '../../helpers/auth-settings.js';

const NOT_AUTHORIZED = { ok: false, status: 401, errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' };
const OPERATION = { query: 'query Q($id: ID!) { order(id: $id) { id } }', operationName: 'Q', variables: { id: 'o-1' } };

const lambdaApi = (options: Parameters<typeof lambdaProvider>[0] = {}, auth: Parameters<typeof testAuth>[1] = {}) =>
  testAuth([lambdaProvider({ isDefault: true, ...options }), { type: 'API_KEY', isDefault: false }], auth);

describe('the event', () => {
  it("is AppSync's: the whole header value, the request context with the operation, the request headers", async () => {
    const { settings, invocations } = lambdaApi();
    const who = await authenticate(request({ Authorization: 'Token abc', 'X-Tenant': 't1', host: 'localhost:4000' }, { requestId: 'req-1', operation: OPERATION }), settings);
    expect(who).toEqual({ ok: true, mode: 'AWS_LAMBDA', identity: { resolverContext: {} } });
    expect(invocations).toEqual([
      {
        functionArn: AUTHORIZER_ARN,
        event: {
          authorizationToken: 'Token abc',
          requestContext: { apiId: 'local', accountId: ACCOUNT, requestId: 'req-1', queryString: OPERATION.query, operationName: 'Q', variables: { id: 'o-1' } },
          requestHeaders: { authorization: 'Token abc', 'x-tenant': 't1', host: 'localhost:4000' },
        },
      },
    ]);
  });

  it('has an empty query and no operation name when the request carries no operation (a WebSocket connection)', async () => {
    const { settings, invocations } = lambdaApi();
    await authenticate(request({ authorization: 'abc' }), settings);
    expect(invocations[0]!.event.requestContext).toMatchObject({ queryString: '', variables: {} });
    expect(invocations[0]!.event.requestContext).not.toHaveProperty('operationName');
    expect(invocations[0]!.event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the answer', () => {
  it('resolverContext becomes the identity', async () => {
    const { settings } = lambdaApi({}, { authorizer: () => ({ isAuthorized: true, resolverContext: { userId: 'u-1', tier: 'gold' } }) });
    expect(await authenticate(request({ authorization: 'abc' }), settings)).toEqual({ ok: true, mode: 'AWS_LAMBDA', identity: { resolverContext: { userId: 'u-1', tier: 'gold' } } });
  });

  it('isAuthorized false: 401 "You are not authorized to make this call."', async () => {
    const { settings } = lambdaApi({}, { authorizer: () => ({ isAuthorized: false, resolverContext: { a: 1 } }) });
    expect(await authenticate(request({ authorization: 'abc' }), settings)).toEqual(NOT_AUTHORIZED);
  });

  it.each([
    ['no isAuthorized', { resolverContext: {} }],
    ['a string isAuthorized', { isAuthorized: 'true' }],
    ['null', null],
    ['an array', [true]],
    ['a number', 1],
  ])('an answer with %s is a refusal', async (_what, answer) => {
    const { settings } = lambdaApi({}, { authorizer: () => answer });
    expect(await authenticate(request({ authorization: 'abc' }), settings)).toEqual(NOT_AUTHORIZED);
  });

  it("deniedFields, as Type.field or as this API's field ARNs, travel with the caller; other APIs' ARNs do not", async () => {
    const deniedFields = ['Query.secret', `${API_ARN}/types/Order/fields/total`, 'arn:aws:appsync:us-east-1:111122223333:apis/other/types/Order/fields/id', 'Mutation', 42];
    const { settings } = lambdaApi({}, { authorizer: () => ({ isAuthorized: true, deniedFields }) });
    expect(await authenticate(request({ authorization: 'abc' }), settings)).toEqual({
      ok: true,
      mode: 'AWS_LAMBDA',
      identity: { resolverContext: {} },
      deniedFields: new Set(['Query.secret', 'Order.total']),
    });
  });

  it('a function that fails: 401 "You are not authorized to make this call."', async () => {
    const { settings } = lambdaApi(
      {},
      {
        invoke: async () => {
          throw new Error('boom');
        },
      },
    );
    expect(await authenticate(request({ authorization: 'abc' }), settings)).toEqual(NOT_AUTHORIZED);
  });

  it('a function that does not answer within the authorizer timeout: 401', async () => {
    const { settings } = lambdaApi({}, { invoke: () => new Promise(() => undefined), authorizerTimeoutMs: 20 });
    expect(await authenticate(request({ authorization: 'abc' }), settings)).toEqual(NOT_AUTHORIZED);
  });

  it('a function that cannot be run at all: 400 BadRequestException saying why', async () => {
    const { settings } = lambdaApi(
      {},
      {
        invoke: async () => {
          throw new AuthorizerUnavailableError('no Lambda function arn:aws:lambda:… in the template');
        },
      },
    );
    expect(await authenticate(request({ authorization: 'abc' }), settings)).toEqual({
      ok: false,
      status: 400,
      errorType: 'BadRequestException',
      message: 'no Lambda function arn:aws:lambda:… in the template',
    });
  });
});

describe('before the function is called', () => {
  it('IdentityValidationExpression: a token that does not match it is refused without calling the function', async () => {
    const { settings, invocations } = lambdaApi({ identityValidationExpression: 'tok-[0-9]+' });
    expect(await authenticate(request({ authorization: 'tok-12' }), settings)).toMatchObject({ ok: true });
    expect(await authenticate(request({ authorization: 'tok-12x' }), settings)).toEqual(NOT_AUTHORIZED);
    expect(await authenticate(request({ authorization: 'xtok-12' }), settings)).toEqual(NOT_AUTHORIZED);
    expect(invocations.map((i) => i.event.authorizationToken)).toEqual(['tok-12']);
  });

  it('IdentityValidationExpression is read as a Java pattern: (?i) applies to the whole token', async () => {
    const { settings, invocations } = lambdaApi({ identityValidationExpression: '(?i)TOK-[0-9]+' });
    expect(await authenticate(request({ authorization: 'tok-12' }), settings)).toMatchObject({ ok: true });
    expect(await authenticate(request({ authorization: 'tok-12x' }), settings)).toEqual(NOT_AUTHORIZED);
    expect(invocations.map((i) => i.event.authorizationToken)).toEqual(['tok-12']);
  });

  it('a token longer than 2048 characters is refused without calling the function', async () => {
    const { settings, invocations } = lambdaApi();
    expect(await authenticate(request({ authorization: 'a'.repeat(2048) }), settings)).toMatchObject({ ok: true });
    expect(await authenticate(request({ authorization: 'a'.repeat(2049) }), settings)).toEqual(NOT_AUTHORIZED);
    expect(invocations).toHaveLength(1);
  });

  it('a Bearer token is refused without calling the function', async () => {
    const { settings, invocations } = lambdaApi();
    expect(await authenticate(request({ authorization: 'Bearer abc' }), settings)).toMatchObject({ ok: false, status: 401, message: 'Valid authorization header not provided.' });
    expect(invocations).toEqual([]);
  });
});

describe('the result cache', () => {
  it('AuthorizerResultTtlInSeconds 0 (the default): every request calls the function', async () => {
    const { settings, invocations } = lambdaApi();
    await authenticate(request({ authorization: 'abc' }), settings);
    await authenticate(request({ authorization: 'abc' }), settings);
    expect(invocations).toHaveLength(2);
  });

  it('keeps an answer per token for AuthorizerResultTtlInSeconds', async () => {
    let calls = 0;
    const auth = lambdaApi({ resultTtlSeconds: 60 }, { authorizer: (e) => ({ isAuthorized: true, resolverContext: { call: ++calls, token: e.authorizationToken } }) });
    const who = (token: string) => authenticate(request({ authorization: token }), auth.settings);
    expect(await who('abc')).toMatchObject({ identity: { resolverContext: { call: 1 } } });
    expect(await who('def')).toMatchObject({ identity: { resolverContext: { call: 2, token: 'def' } } });
    auth.advance(59_999);
    expect(await who('abc')).toMatchObject({ identity: { resolverContext: { call: 1 } } });
    auth.advance(1);
    expect(await who('abc')).toMatchObject({ identity: { resolverContext: { call: 3 } } });
    expect(auth.invocations).toHaveLength(3);
  });

  it('caches refusals too', async () => {
    const auth = lambdaApi({ resultTtlSeconds: 60 }, { authorizer: () => ({ isAuthorized: false }) });
    expect(await authenticate(request({ authorization: 'abc' }), auth.settings)).toEqual(NOT_AUTHORIZED);
    expect(await authenticate(request({ authorization: 'abc' }), auth.settings)).toEqual(NOT_AUTHORIZED);
    expect(auth.invocations).toHaveLength(1);
  });

  it('ttlOverride wins over the configured TTL, and 0 caches nothing', async () => {
    const auth = lambdaApi({ resultTtlSeconds: 60 }, { authorizer: (e) => ({ isAuthorized: true, ttlOverride: e.authorizationToken === 'short' ? 5 : 0 }) });
    const who = (token: string) => authenticate(request({ authorization: token }), auth.settings);
    await who('short');
    await who('none');
    await who('none');
    auth.advance(4_999);
    await who('short');
    auth.advance(1);
    await who('short');
    expect(auth.invocations.map((i) => i.event.authorizationToken)).toEqual(['short', 'none', 'none', 'short']);
  });

  it('ttlOverride caches even when the configured TTL is 0, at most an hour', async () => {
    const auth = lambdaApi({}, { authorizer: () => ({ isAuthorized: true, ttlOverride: 7200 }) });
    const who = () => authenticate(request({ authorization: 'abc' }), auth.settings);
    await who();
    auth.advance(3_599_999);
    await who();
    expect(auth.invocations).toHaveLength(1);
    auth.advance(1);
    await who();
    expect(auth.invocations).toHaveLength(2);
  });

  it('a failed invocation is not cached', async () => {
    let fail = true;
    const auth = lambdaApi(
      { resultTtlSeconds: 60 },
      {
        invoke: async () => {
          if (fail) throw new Error('cold start failed');
          return { isAuthorized: true };
        },
      },
    );
    expect(await authenticate(request({ authorization: 'abc' }), auth.settings)).toEqual(NOT_AUTHORIZED);
    fail = false;
    expect(await authenticate(request({ authorization: 'abc' }), auth.settings)).toMatchObject({ ok: true });
  });

  it('the cache is bounded: the oldest entry goes first', () => {
    const cache = new AuthorizerCache(2);
    const decision = { isAuthorized: true, resolverContext: {}, deniedFields: new Set<string>() };
    cache.set('a', decision, 60, 0);
    cache.set('b', decision, 60, 0);
    cache.set('c', decision, 60, 0);
    expect([cache.get('a', 1), cache.get('b', 1), cache.get('c', 1)]).toEqual([undefined, decision, decision]);
  });
});

describe('deniedField', () => {
  it.each([
    ['Query.secret', ['Query.secret']],
    [`${API_ARN}/types/Query/fields/secret`, ['Query.secret']],
    ['arn:aws:appsync:eu-west-1:000000000000:apis/local/types/Query/fields/secret', []],
    ['Query', []],
    ['', []],
  ])('%j denies %j', (entry, expected) => {
    expect(deniedField(entry, API_ARN)).toEqual(expected);
  });
});
