/**
 * SigV4 verification of incoming requests: signatures made by @smithy/signature-v4 (the AWS
 * SDK's signer) verify; anything changed, expired or incomplete is refused with AWS's error
 * types and messages.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { verifySigV4, type IncomingSignedRequest, type SigV4Credentials } from '../../../src/auth/sigv4-verifier.js';

const CREDENTIALS: SigV4Credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxrfiCYEXAMPLEKEY' };
const SIGNED_AT = new Date('2026-03-01T12:00:00Z');
const BODY = '{"query":"{ hello }"}';
const lookup = (id: string) => (id === CREDENTIALS.accessKeyId ? CREDENTIALS : undefined);

async function signedRequest(options: { path?: string; query?: Record<string, string>; body?: string; region?: string; applyChecksum?: boolean } = {}): Promise<IncomingSignedRequest> {
  const signer = new SignatureV4({ service: 'appsync', region: options.region ?? 'eu-west-1', credentials: CREDENTIALS, sha256: Sha256, applyChecksum: options.applyChecksum ?? true });
  const path = options.path ?? '/graphql';
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: 'localhost',
      port: 4000,
      path,
      query: options.query ?? {},
      headers: { host: 'localhost:4000', 'content-type': 'application/json', 'x-amz-user-agent': 'aws-sdk-js/3' },
      body: options.body ?? BODY,
    }),
    { signingDate: SIGNED_AT },
  );
  const search = new URLSearchParams(options.query ?? {}).toString();
  return { method: 'POST', url: search ? `${path}?${search}` : path, headers: { ...(signed.headers as Record<string, string>) }, body: options.body ?? BODY };
}

const verify = (request: IncomingSignedRequest, now = SIGNED_AT) => verifySigV4(request, { service: 'appsync', lookup, now });

describe('verifySigV4', () => {
  it('accepts what the SDK signer signed, naming the key and the region', async () => {
    expect(await verify(await signedRequest({ region: 'ap-southeast-2' }))).toEqual({ valid: true, accessKeyId: 'AKIDEXAMPLE', region: 'ap-southeast-2' });
  });

  it('accepts a request with a query string', async () => {
    expect(await verify(await signedRequest({ query: { b: '2', a: 'x y' } }))).toMatchObject({ valid: true });
  });

  it('accepts a signature within five minutes of the clock, both ways', async () => {
    const request = await signedRequest();
    expect(await verify(request, new Date(SIGNED_AT.getTime() + 4 * 60_000))).toMatchObject({ valid: true });
    expect(await verify(request, new Date(SIGNED_AT.getTime() - 4 * 60_000))).toMatchObject({ valid: true });
  });

  it('refuses a signature more than five minutes old: "Signature expired"', async () => {
    expect(await verify(await signedRequest(), new Date('2026-03-01T12:10:00Z'))).toEqual({
      valid: false,
      errorType: 'InvalidSignatureException',
      reason: 'Signature expired: 20260301T120000Z is now earlier than 20260301T120500Z (20260301T121000Z - 5 min.)',
    });
  });

  it('refuses a signature dated more than five minutes ahead: "Signature not yet current"', async () => {
    expect(await verify(await signedRequest(), new Date('2026-03-01T11:50:00Z'))).toEqual({
      valid: false,
      errorType: 'InvalidSignatureException',
      reason: 'Signature not yet current: 20260301T120000Z is still later than 20260301T115500Z (20260301T115000Z + 5 min.)',
    });
  });

  it.each([
    ['the body', (r: IncomingSignedRequest) => ({ ...r, body: '{"query":"{ other }"}' })],
    ['the path', (r: IncomingSignedRequest) => ({ ...r, url: '/other' })],
    ['the query string', (r: IncomingSignedRequest) => ({ ...r, url: '/graphql?debug=1' })],
    ['the method', (r: IncomingSignedRequest) => ({ ...r, method: 'PUT' })],
    ['a signed header', (r: IncomingSignedRequest) => ({ ...r, headers: { ...r.headers, 'x-amz-user-agent': 'curl/8' } })],
  ])('refuses a request whose %s changed after signing', async (_what, change) => {
    // Signed without x-amz-content-sha256, so only the signature itself can catch a changed body.
    const request = await signedRequest({ applyChecksum: false });
    expect(await verify(request)).toMatchObject({ valid: true });
    expect(await verify(change(request))).toEqual({
      valid: false,
      errorType: 'InvalidSignatureException',
      reason: expect.stringMatching(/^The request signature we calculated does not match the signature you provided\./),
    });
  });

  it('refuses x-amz-content-sha256 that is not the body hash', async () => {
    const request = await signedRequest();
    expect(await verify({ ...request, body: '{}' })).toEqual({
      valid: false,
      errorType: 'InvalidSignatureException',
      reason: "The provided 'x-amz-content-sha256' header does not match what was computed.",
    });
  });

  it('refuses an unknown access key as UnrecognizedClientException', async () => {
    const request = await signedRequest();
    expect(await verifySigV4(request, { service: 'appsync', lookup: () => undefined, now: SIGNED_AT })).toEqual({
      valid: false,
      errorType: 'UnrecognizedClientException',
      reason: 'The security token included in the request is invalid.',
    });
  });

  it('refuses a signature whose signed headers leave out host', async () => {
    const request = await signedRequest();
    const authorization = String(request.headers['authorization']).replace(';host;', ';');
    expect(await verify({ ...request, headers: { ...request.headers, authorization } })).toEqual({
      valid: false,
      errorType: 'IncompleteSignatureException',
      reason: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    });
  });

  it('refuses a signature without x-amz-date, or dated another day than its credential scope', async () => {
    const request = await signedRequest();
    const { 'x-amz-date': _date, ...withoutDate } = request.headers;
    expect(await verify({ ...request, headers: withoutDate })).toMatchObject({ valid: false, errorType: 'IncompleteSignatureException' });
    expect(await verify({ ...request, headers: { ...request.headers, 'x-amz-date': '20260302T120000Z' } }, new Date('2026-03-02T12:00:00Z'))).toMatchObject({
      valid: false,
      errorType: 'IncompleteSignatureException',
    });
  });

  it('lists every missing part of an incomplete Authorization header, then the header', async () => {
    const request: IncomingSignedRequest = {
      method: 'POST',
      url: '/graphql',
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260301/eu-west-1/appsync/aws4_request', 'x-amz-date': '20260301T120000Z' },
      body: '',
    };
    expect(await verify(request)).toEqual({
      valid: false,
      errorType: 'IncompleteSignatureException',
      reason:
        "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260301/eu-west-1/appsync/aws4_request",
    });
  });
});
