/**
 * The auth matrix over HTTP: how the local AppSync answers each kind of caller, as AppSync
 * answers them. API key requests and SigV4 requests (service `appsync`) are checked for real;
 * nothing runs for a refused request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sigV4Headers, startLocalApi, TEST_API_KEY, TEST_CREDENTIALS, type GraphqlAnswer, type LocalApi } from '../../../../../test/helpers/local-api.js';

let api: LocalApi;

beforeAll(async () => {
  api = await startLocalApi();
}, 120_000);

afterAll(async () => {
  await api?.stop();
});

const READ = JSON.stringify({ query: '{ user(username: "nobody-here") { username } }' });
const PUBLISH = JSON.stringify({
  query: 'mutation($e: OrderEventInput!) { publishOrderEvent(event: $e) { eventId } }',
  variables: { e: { eventId: 'e1', type: 'ORDER_PLACED', username: 'u', orderId: 'o', status: 'PLACED', amount: 1, numberOfItems: 1, occurredAt: '2026-01-01T00:00:00Z' } },
});

/** What a caller needs to know from an answer: status, the error type and message, the data. */
function summary(answer: GraphqlAnswer) {
  return {
    status: answer.status,
    errorType: answer.body.errors?.[0]?.errorType ?? null,
    message: answer.body.errors?.[0]?.message ?? null,
    data: answer.body.data,
    errorTypeHeader: answer.headers.get('x-amzn-errortype'),
  };
}

describe('API key', () => {
  it('the right key reads', async () => {
    expect(summary(await api.post(READ, { 'x-api-key': TEST_API_KEY }))).toEqual({ status: 200, errorType: null, message: null, data: { user: null }, errorTypeHeader: null });
  });

  it('no credentials at all: 401 UnauthorizedException, Missing authorization header', async () => {
    const answer = await api.post(READ, {});
    expect(summary(answer)).toEqual({ status: 401, errorType: 'UnauthorizedException', message: 'Missing authorization header', data: undefined, errorTypeHeader: 'UnauthorizedException' });
  });

  it('a wrong key: 401 UnauthorizedException, You are not authorized to make this call.', async () => {
    for (const key of ['da2-wrong', `${TEST_API_KEY}x`, '', TEST_API_KEY.toUpperCase()]) {
      expect(summary(await api.post(READ, { 'x-api-key': key })), key).toEqual({
        status: 401,
        errorType: 'UnauthorizedException',
        message: 'You are not authorized to make this call.',
        data: undefined,
        errorTypeHeader: 'UnauthorizedException',
      });
    }
  });

  it('the IAM-only mutation: the field is null with Unauthorized, HTTP 200', async () => {
    expect(summary(await api.post(PUBLISH, { 'x-api-key': TEST_API_KEY }))).toEqual({
      status: 200,
      errorType: 'Unauthorized',
      message: 'Not Authorized to access publishOrderEvent on type Mutation',
      data: { publishOrderEvent: null },
      errorTypeHeader: null,
    });
  });
});

describe('IAM (SigV4)', () => {
  it('a valid signature reads and may call the IAM-only mutation', async () => {
    expect(summary(await api.post(READ, await sigV4Headers(api.url, READ, TEST_CREDENTIALS)))).toMatchObject({ status: 200, errorType: null, data: { user: null } });
    expect(summary(await api.post(PUBLISH, await sigV4Headers(api.url, PUBLISH, TEST_CREDENTIALS)))).toMatchObject({ status: 200, errorType: null, data: { publishOrderEvent: { eventId: 'e1' } } });
  });

  it('a signature made with the wrong secret: 403 InvalidSignatureException', async () => {
    const forged = await sigV4Headers(api.url, PUBLISH, { ...TEST_CREDENTIALS, secretAccessKey: 'guessed' });
    expect(summary(await api.post(PUBLISH, forged))).toMatchObject({ status: 403, errorType: 'InvalidSignatureException', data: undefined, errorTypeHeader: 'InvalidSignatureException' });
  });

  it('a valid signature over another body: 403, the body is not trusted', async () => {
    const headers = await sigV4Headers(api.url, READ, TEST_CREDENTIALS);
    expect(summary(await api.post(PUBLISH, headers))).toMatchObject({ status: 403, errorType: 'InvalidSignatureException' });
  });

  it('an access key the server does not know: 403 UnrecognizedClientException', async () => {
    const headers = await sigV4Headers(api.url, READ, { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' });
    expect(summary(await api.post(READ, headers))).toEqual({
      status: 403,
      errorType: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      data: undefined,
      errorTypeHeader: 'UnrecognizedClientException',
    });
  });

  it('an Authorization header that is no signature: 403 IncompleteSignatureException', async () => {
    const answer = await api.post(READ, { authorization: 'AWS4-HMAC-SHA256 nonsense' });
    expect(summary(answer)).toMatchObject({ status: 403, errorType: 'IncompleteSignatureException' });
    expect(answer.body.errors?.[0]?.message).toContain("Authorization header requires 'Credential' parameter.");
  });

  it('a signed request does not fall back to an API key sent with it', async () => {
    const forged = await sigV4Headers(api.url, PUBLISH, { ...TEST_CREDENTIALS, secretAccessKey: 'guessed' });
    expect(summary(await api.post(PUBLISH, { ...forged, 'x-api-key': TEST_API_KEY }))).toMatchObject({ status: 403, errorType: 'InvalidSignatureException' });
  });
});

describe('other credentials', () => {
  // AppSync's answer here is not observed; on an API whose only token-based mode is IAM the
  // header can only be a (broken) signature, which is what AWS services answer for one.
  it('a bearer token on an API without user pools, OIDC or Lambda auth is an incomplete signature: 403', async () => {
    expect(summary(await api.post(READ, { authorization: 'Bearer eyJhbGciOi.x.y' }))).toMatchObject({ status: 403, errorType: 'IncompleteSignatureException' });
  });
});
