/**
 * Who is calling: the API key or a real SigV4 signature (made by @smithy/signature-v4, as the
 * AWS SDKs sign), checked before any GraphQL runs, with AppSync's statuses and error types.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import type { AuthMode } from '../../../src/appsync-js/index.js';
import { AuthorizerCache } from '../../../src/auth/lambda-authorizer.js';
import { authenticate, iamIdentity, type AuthSettings, type AuthenticatedRequest } from '../../../src/graphql/request-authentication.js';

const API_KEY = 'da2-test-api-key-0000000000';
const CREDENTIALS = { accessKeyId: 'TESTACCESSKEY', secretAccessKey: 'test-secret-access-key' };
const ACCOUNT = '000000000000';
const URL_ = 'http://localhost:4000/graphql';
const BODY = JSON.stringify({ query: '{ hello }' });

/** Modes without configuration; the token modes' own checks are in token-authentication.test.ts. */
const settings = (modes: AuthMode[] = ['API_KEY', 'AWS_IAM']): AuthSettings => ({
  providers: modes.map((type, i) => {
    const isDefault = i === 0;
    switch (type) {
      case 'AMAZON_COGNITO_USER_POOLS':
        return { type, isDefault, userPoolId: 'us-east-1_pool', awsRegion: 'us-east-1', appIdClientRegex: null, defaultAction: isDefault ? 'ALLOW' : null };
      case 'OPENID_CONNECT':
        return { type, isDefault, issuer: 'https://issuer.example.com', clientId: null, iatTtlMs: 0, authTtlMs: 0 };
      case 'AWS_LAMBDA':
        return {
          type,
          isDefault,
          authorizerUri: 'arn:aws:lambda:us-east-1:000000000000:function:auth',
          functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:auth',
          resultTtlSeconds: 0,
          identityValidationExpression: null,
        };
      default:
        return { type, isDefault };
    }
  }),
  apiId: 'local',
  apiArn: `arn:aws:appsync:us-east-1:${ACCOUNT}:apis/local`,
  apiKey: API_KEY,
  credentials: CREDENTIALS,
  accountId: ACCOUNT,
  userPools: () => undefined,
  oidcKeys: () => undefined,
  invokeAuthorizer: async () => ({ isAuthorized: false }),
  authorizerCache: new AuthorizerCache(),
  now: Date.now,
});

const request = (headers: Record<string, string>, body = BODY): AuthenticatedRequest => ({
  method: 'POST',
  url: new URL(URL_).pathname,
  headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
  body,
  sourceIp: '127.0.0.1',
});

/** The headers of a POST signed for AppSync the way the AWS SDKs sign it. */
async function signed(credentials = CREDENTIALS, options: { body?: string; signingDate?: Date; service?: string; applyChecksum?: boolean } = {}): Promise<Record<string, string>> {
  const target = new URL(URL_);
  const signer = new SignatureV4({ service: options.service ?? 'appsync', region: 'us-east-1', credentials, sha256: Sha256, applyChecksum: options.applyChecksum ?? true });
  const result = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: target.protocol,
      hostname: target.hostname,
      port: Number(target.port),
      path: target.pathname,
      headers: { host: target.host, 'content-type': 'application/json' },
      body: options.body ?? BODY,
    }),
    options.signingDate ? { signingDate: options.signingDate } : undefined,
  );
  return result.headers as Record<string, string>;
}

describe('API key', () => {
  it('lets the right key in as API_KEY, without an identity', async () => {
    expect(await authenticate(request({ 'x-api-key': API_KEY }), settings())).toEqual({ ok: true, mode: 'API_KEY', identity: null });
  });

  it.each([
    ['a wrong key', 'da2-wrong-key-0000000000000'],
    ['a key one character short', API_KEY.slice(0, -1)],
    ['an empty key', ''],
  ])('refuses %s with 401 UnauthorizedException', async (_what, key) => {
    expect(await authenticate(request({ 'x-api-key': key }), settings())).toEqual({
      ok: false,
      status: 401,
      errorType: 'UnauthorizedException',
      message: 'You are not authorized to make this call.',
    });
  });

  it('refuses the right key on an API without the API_KEY mode', async () => {
    expect(await authenticate(request({ 'x-api-key': API_KEY }), settings(['AWS_IAM']))).toMatchObject({ ok: false, status: 401, errorType: 'UnauthorizedException' });
  });

  it('answers a request without credentials 401 "Missing authorization header"', async () => {
    expect(await authenticate(request({}), settings())).toEqual({ ok: false, status: 401, errorType: 'UnauthorizedException', message: 'Missing authorization header' });
  });
});

describe('SigV4 (AWS_IAM)', () => {
  it('lets a valid signature in as AWS_IAM with the IAM identity of the local account', async () => {
    const who = await authenticate(request(await signed()), settings());
    expect(who).toEqual({
      ok: true,
      mode: 'AWS_IAM',
      identity: {
        accountId: ACCOUNT,
        cognitoIdentityPoolId: null,
        cognitoIdentityId: null,
        sourceIp: ['127.0.0.1'],
        username: CREDENTIALS.accessKeyId,
        userArn: `arn:aws:iam::${ACCOUNT}:user/${CREDENTIALS.accessKeyId}`,
        cognitoIdentityAuthType: null,
        cognitoIdentityAuthProvider: null,
      },
    });
  });

  it('checks the signature even when an API key comes along, and never falls back to the key', async () => {
    const headers = await signed({ ...CREDENTIALS, secretAccessKey: 'not-the-secret' });
    expect(await authenticate(request({ ...headers, 'x-api-key': API_KEY }), settings())).toMatchObject({ ok: false, status: 403, errorType: 'InvalidSignatureException' });
  });

  it('refuses a signature made with the wrong secret: 403 InvalidSignatureException', async () => {
    expect(await authenticate(request(await signed({ ...CREDENTIALS, secretAccessKey: 'not-the-secret' })), settings())).toEqual({
      ok: false,
      status: 403,
      errorType: 'InvalidSignatureException',
      message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    });
  });

  it('refuses an unknown access key: 403 UnrecognizedClientException', async () => {
    expect(await authenticate(request(await signed({ accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' })), settings())).toEqual({
      ok: false,
      status: 403,
      errorType: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
  });

  it('refuses a body changed after signing: 403 InvalidSignatureException', async () => {
    const headers = await signed();
    const who = await authenticate(request(headers, JSON.stringify({ query: '{ secret }' })), settings());
    expect(who).toMatchObject({ ok: false, status: 403, errorType: 'InvalidSignatureException' });
  });

  it('signs the body hash in x-amz-content-sha256, as the SDK does, and a mismatch is named', async () => {
    const headers = await signed();
    expect(headers['authorization']).toContain('x-amz-content-sha256');
    expect(await authenticate(request(headers, '{"query":"{ other }"}'), settings())).toEqual({
      ok: false,
      status: 403,
      errorType: 'InvalidSignatureException',
      message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
    });
  });

  it('verifies a signature made without x-amz-content-sha256, and refuses it once the body changed', async () => {
    const headers = await signed(CREDENTIALS, { applyChecksum: false });
    expect(headers['x-amz-content-sha256']).toBeUndefined();
    expect(await authenticate(request(headers), settings())).toMatchObject({ ok: true, mode: 'AWS_IAM' });
    expect(await authenticate(request(headers, '{"query":"{ other }"}'), settings())).toMatchObject({ ok: false, status: 403, errorType: 'InvalidSignatureException' });
  });

  it('refuses a signed header that the request no longer carries: 403 IncompleteSignatureException', async () => {
    const { 'content-type': _dropped, ...headers } = await signed();
    expect(await authenticate(request(headers), settings())).toEqual({
      ok: false,
      status: 403,
      errorType: 'IncompleteSignatureException',
      message: "'content-type' is named as a SignedHeader, but it does not exist in the HTTP request.",
    });
  });

  it('refuses a signature older than five minutes: 403 "Signature expired"', async () => {
    const who = await authenticate(request(await signed(CREDENTIALS, { signingDate: new Date(Date.now() - 10 * 60_000) })), settings());
    expect(who).toMatchObject({ ok: false, status: 403, errorType: 'InvalidSignatureException' });
    expect(who.ok ? '' : who.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
  });

  it("judges the signature's date by the settings' clock (the server's `now`), not the machine's", async () => {
    const at = Date.parse('2030-06-01T12:00:00Z');
    const headers = await signed(CREDENTIALS, { signingDate: new Date(at) });
    const clockAt = (now: number): AuthSettings => ({ ...settings(), now: () => now });
    expect(await authenticate(request(headers), clockAt(at + 4 * 60_000))).toMatchObject({ ok: true, mode: 'AWS_IAM' });
    expect(await authenticate(request(headers), clockAt(at + 6 * 60_000))).toEqual({
      ok: false,
      status: 403,
      errorType: 'InvalidSignatureException',
      message: 'Signature expired: 20300601T120000Z is now earlier than 20300601T120100Z (20300601T120600Z - 5 min.)',
    });
    expect(await authenticate(request(headers), clockAt(at - 6 * 60_000))).toMatchObject({ ok: false, status: 403, message: expect.stringMatching(/^Signature not yet current: /) });
  });

  it('refuses a signature scoped to another service', async () => {
    expect(await authenticate(request(await signed(CREDENTIALS, { service: 'execute-api' })), settings())).toEqual({
      ok: false,
      status: 403,
      errorType: 'InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'appsync'.",
    });
  });

  it('refuses a SigV4 signature on an API without AWS_IAM as not authorized', async () => {
    expect(await authenticate(request(await signed()), settings(['API_KEY']))).toEqual({
      ok: false,
      status: 401,
      errorType: 'UnauthorizedException',
      message: 'You are not authorized to make this call.',
    });
  });

  it('answers an Authorization header that is no SigV4 signature 403 IncompleteSignatureException on an IAM API', async () => {
    const who = await authenticate(request({ authorization: 'Bearer some-token' }), settings(['AWS_IAM']));
    expect(who).toMatchObject({ ok: false, status: 403, errorType: 'IncompleteSignatureException' });
    expect(who.ok ? '' : who.message).toBe(
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer some-token",
    );
  });

  it('answers a token on an API with only API key and IAM-less modes as not authorized', async () => {
    expect(await authenticate(request({ authorization: 'Bearer some-token' }), settings(['API_KEY']))).toMatchObject({ ok: false, status: 401, errorType: 'UnauthorizedException' });
  });

  it('answers a token that no JWT provider takes on an API with user pools and IAM 401 "Valid authorization header not provided."', async () => {
    expect(await authenticate(request({ authorization: 'eyJhbGciOi.token' }), settings(['AMAZON_COGNITO_USER_POOLS', 'AWS_IAM']))).toEqual({
      ok: false,
      status: 401,
      errorType: 'UnauthorizedException',
      message: 'Valid authorization header not provided.',
    });
  });
});

describe('iamIdentity', () => {
  it('has the shape AppSync gives an IAM caller', () => {
    const identity = iamIdentity('AKIDEXAMPLE', '123456789012', '10.0.0.1') as unknown as Record<string, unknown>;
    expect(identity).toMatchObject({ accountId: '123456789012', userArn: 'arn:aws:iam::123456789012:user/AKIDEXAMPLE', sourceIp: ['10.0.0.1'], username: 'AKIDEXAMPLE' });
    expect(Object.keys(identity).sort()).toEqual(
      ['accountId', 'cognitoIdentityAuthProvider', 'cognitoIdentityAuthType', 'cognitoIdentityId', 'cognitoIdentityPoolId', 'sourceIp', 'userArn', 'username'].sort(),
    );
  });
});
