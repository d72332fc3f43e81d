/**
 * Verifies an AWS Signature Version 4 on an incoming HTTP request, for AppSync's AWS_IAM mode:
 * the request is signed again with the secret of the access key it names, over the headers it
 * says it signed and the body it carries, and the two signatures must match. The signing itself
 * is @smithy/signature-v4's (the SDK's own signer); only the parsing and the comparison are here.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface IncomingSignedRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Why a signature was refused, in the error types AWS services answer with (HTTP 403). */
export type SigV4ErrorType = 'IncompleteSignatureException' | 'InvalidSignatureException' | 'UnrecognizedClientException';

export type SigV4Result = { valid: true; accessKeyId: string; region: string } | { valid: false; errorType: SigV4ErrorType; reason: string };

const MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** How far a request's x-amz-date may be from now, as AWS allows. */
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

export async function verifySigV4(request: IncomingSignedRequest, options: { service: string; lookup: (accessKeyId: string) => SigV4Credentials | undefined; now?: Date }): Promise<SigV4Result> {
  const header = (name: string): string | undefined => {
    const v = request.headers[name];
    return Array.isArray(v) ? v.join(',') : v;
  };
  const authorization = header('authorization') ?? '';
  const amzDate = header('x-amz-date');
  const match = AUTHORIZATION.exec(authorization);
  if (!match) return incomplete(authorization, amzDate !== undefined || header('date') !== undefined);
  const [, accessKeyId, day, region, service, signedHeaders, signature] = match as unknown as string[];
  if (service !== options.service) {
    return { valid: false, errorType: 'InvalidSignatureException', reason: `Credential should be scoped to correct service: '${options.service}'.` };
  }
  const credentials = options.lookup(accessKeyId!);
  if (!credentials) return { valid: false, errorType: 'UnrecognizedClientException', reason: 'The security token included in the request is invalid.' };
  const signingDate =
    amzDate && /^\d{8}T\d{6}Z$/.test(amzDate)
      ? new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`)
      : undefined;
  if (!signingDate || amzDate!.slice(0, 8) !== day) {
    return {
      valid: false,
      errorType: 'IncompleteSignatureException',
      reason: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header, on the day of its credential scope.",
    };
  }
  const now = options.now ?? new Date();
  const stamp = (d: Date) =>
    d
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  if (now.getTime() - signingDate.getTime() > MAX_CLOCK_SKEW_MS) {
    return {
      valid: false,
      errorType: 'InvalidSignatureException',
      reason: `Signature expired: ${amzDate} is now earlier than ${stamp(new Date(now.getTime() - MAX_CLOCK_SKEW_MS))} (${stamp(now)} - 5 min.)`,
    };
  }
  // A date ahead of the clock is not "expired": AWS words it the other way round.
  if (signingDate.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS) {
    return {
      valid: false,
      errorType: 'InvalidSignatureException',
      reason: `Signature not yet current: ${amzDate} is still later than ${stamp(new Date(now.getTime() + MAX_CLOCK_SKEW_MS))} (${stamp(now)} + 5 min.)`,
    };
  }

  const names = signedHeaders!.split(';');
  if (!names.includes('host')) return { valid: false, errorType: 'IncompleteSignatureException', reason: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization." };
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = header(name);
    if (value === undefined) return { valid: false, errorType: 'IncompleteSignatureException', reason: `'${name}' is named as a SignedHeader, but it does not exist in the HTTP request.` };
    headers[name] = value;
  }
  // The signer trusts x-amz-content-sha256 as the body's hash: it must be the body's hash.
  const declaredHash = headers['x-amz-content-sha256'];
  if (declaredHash !== undefined && declaredHash !== createHash('sha256').update(request.body).digest('hex')) {
    return { valid: false, errorType: 'InvalidSignatureException', reason: "The provided 'x-amz-content-sha256' header does not match what was computed." };
  }
  const url = new URL(request.url, `http://${headers['host']}`);
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const existing = query[k];
    query[k] = existing === undefined ? v : Array.isArray(existing) ? [...existing, v] : [existing, v];
  }
  const signer = new SignatureV4({ service: service!, region: region!, credentials, sha256: Sha256, uriEscapePath: true, applyChecksum: false });
  const resigned = await signer.sign(new HttpRequest({ method: request.method, hostname: url.hostname, path: url.pathname, query, headers, body: request.body }), {
    signingDate,
    unsignableHeaders: new Set(),
    signableHeaders: new Set(names),
  });
  const expected = /Signature=([0-9a-f]{64})/.exec(String(resigned.headers['authorization'] ?? ''))?.[1] ?? '';
  const ok = expected.length === signature!.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature!));
  return ok ? { valid: true, accessKeyId: accessKeyId!, region: region! } : { valid: false, errorType: 'InvalidSignatureException', reason: MISMATCH };
}

/** AWS's message for an Authorization header that is not a complete SigV4 one: every missing part, then the header. */
function incomplete(authorization: string, hasDate: boolean): SigV4Result {
  const missing = ['Credential', 'Signature', 'SignedHeaders']
    .filter((part) => !new RegExp(`(^|[ ,])${part}=`).test(authorization))
    .map((part) => `Authorization header requires '${part}' parameter.`);
  if (!hasDate) missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (missing.length === 0) missing.push('Authorization header is not a valid AWS4-HMAC-SHA256 signature.');
  return { valid: false, errorType: 'IncompleteSignatureException', reason: `${missing.join(' ')} Authorization=${authorization}` };
}
