/**
 * The auth matrix over HTTP: how the local AppSync answers each kind of caller, as AppSync
 * answers them. API key requests and SigV4 requests (service `appsync`) are checked for real;
 * nothing runs for a refused request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedAppSyncHeaders, startLocalAppSync, type AwsCredentials, type GraphqlResponse, type LocalAppSyncHarness } from '../../../src/testing/index.js';
import { NOTES_TEMPLATE } from '../../helpers/fixture-apps.js';

let local: LocalAppSyncHarness;
let TEST_API_KEY: string;
let TEST_CREDENTIALS: AwsCredentials;

beforeAll(async () => {
  local = await startLocalAppSync({ template: NOTES_TEMPLATE, pipes: false });
  TEST_API_KEY = local.apiKey;
  TEST_CREDENTIALS = local.credentials;
}, 120_000);

afterAll(async () => {
  await local?.stop();
});

const READ = JSON.stringify({ query: '{ note(id: "nobody-here") { id } }' });
const PUBLISH = JSON.stringify({ query: 'mutation($id: ID!) { publishNoteEvent(id: $id, title: "t") { id } }', variables: { id: 'e1' } });

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Omit<GraphqlResponse, 'status'>;
}

/** The request exactly as given: these headers and no others. */
async function post(body: string, headers: Record<string, string>): Promise<Answer> {
  const answer = await local.raw(body, { as: 'none', headers });
  return { status: answer.status, headers: answer.headers, body: JSON.parse(answer.text) as Answer['body'] };
}

const sigV4Headers = (body: string, credentials: AwsCredentials) => signedAppSyncHeaders(local.graphqlUrl, body, credentials, local.region);

/** What a caller needs to know from an answer: status, the error type and message, the data. */
function summary(answer: Answer) {
  return {
    status: answer.status,
    errorType: answer.body.errors?.[0]?.errorType ?? null,
    message: answer.body.errors?.[0]?.message ?? null,
    data: answer.body.data,
    errorTypeHeader: answer.headers['x-amzn-errortype'] ?? null,
  };
}

describe('API key', () => {
  it('the right key reads', async () => {
    expect(summary(await post(READ, { 'x-api-key': TEST_API_KEY }))).toEqual({ status: 200, errorType: null, message: null, data: { note: null }, errorTypeHeader: null });
  });

  it('no credentials at all: 401 UnauthorizedException, Missing authorization header', async () => {
    const answer = await post(READ, {});
    expect(summary(answer)).toEqual({ status: 401, errorType: 'UnauthorizedException', message: 'Missing authorization header', data: undefined, errorTypeHeader: 'UnauthorizedException' });
  });

  it('a wrong key: 401 UnauthorizedException, You are not authorized to make this call.', async () => {
    for (const key of ['da2-wrong', `${TEST_API_KEY}x`, '', TEST_API_KEY.toUpperCase()]) {
      expect(summary(await post(READ, { 'x-api-key': key })), key).toEqual({
        status: 401,
        errorType: 'UnauthorizedException',
        message: 'You are not authorized to make this call.',
        data: undefined,
        errorTypeHeader: 'UnauthorizedException',
      });
    }
  });

  it('the IAM-only mutation: the field is null with Unauthorized, HTTP 200', async () => {
    expect(summary(await post(PUBLISH, { 'x-api-key': TEST_API_KEY }))).toEqual({
      status: 200,
      errorType: 'Unauthorized',
      message: 'Not Authorized to access publishNoteEvent on type Mutation',
      data: { publishNoteEvent: null },
      errorTypeHeader: null,
    });
  });
});

describe('IAM (SigV4)', () => {
  it('a valid signature reads and may call the IAM-only mutation', async () => {
    expect(summary(await post(READ, await sigV4Headers(READ, TEST_CREDENTIALS)))).toMatchObject({ status: 200, errorType: null, data: { note: null } });
    expect(summary(await post(PUBLISH, await sigV4Headers(PUBLISH, TEST_CREDENTIALS)))).toMatchObject({ status: 200, errorType: null, data: { publishNoteEvent: { id: 'e1' } } });
  });

  it('a signature made with the wrong secret: 403 InvalidSignatureException', async () => {
    const forged = await sigV4Headers(PUBLISH, { ...TEST_CREDENTIALS, secretAccessKey: 'guessed' });
    expect(summary(await post(PUBLISH, forged))).toMatchObject({ status: 403, errorType: 'InvalidSignatureException', data: undefined, errorTypeHeader: 'InvalidSignatureException' });
  });

  it('a valid signature over another body: 403, the body is not trusted', async () => {
    const headers = await sigV4Headers(READ, TEST_CREDENTIALS);
    expect(summary(await post(PUBLISH, headers))).toMatchObject({ status: 403, errorType: 'InvalidSignatureException' });
  });

  it('an access key the server does not know: 403 UnrecognizedClientException', async () => {
    const headers = await sigV4Headers(READ, { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' });
    expect(summary(await post(READ, headers))).toEqual({
      status: 403,
      errorType: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      data: undefined,
      errorTypeHeader: 'UnrecognizedClientException',
    });
  });

  it('an Authorization header that is no signature: 403 IncompleteSignatureException', async () => {
    const answer = await post(READ, { authorization: 'AWS4-HMAC-SHA256 nonsense' });
    expect(summary(answer)).toMatchObject({ status: 403, errorType: 'IncompleteSignatureException' });
    expect(answer.body.errors?.[0]?.message).toContain("Authorization header requires 'Credential' parameter.");
  });

  it('a signed request does not fall back to an API key sent with it', async () => {
    const forged = await sigV4Headers(PUBLISH, { ...TEST_CREDENTIALS, secretAccessKey: 'guessed' });
    expect(summary(await post(PUBLISH, { ...forged, 'x-api-key': TEST_API_KEY }))).toMatchObject({ status: 403, errorType: 'InvalidSignatureException' });
  });
});

describe('other credentials', () => {
  // AppSync's answer here is not observed; on an API whose only token-based mode is IAM the
  // header can only be a (broken) signature, which is what AWS services answer for one.
  it('a bearer token on an API without user pools, OIDC or Lambda auth is an incomplete signature: 403', async () => {
    expect(summary(await post(READ, { authorization: 'Bearer eyJhbGciOi.x.y' }))).toMatchObject({ status: 403, errorType: 'IncompleteSignatureException' });
  });
});
