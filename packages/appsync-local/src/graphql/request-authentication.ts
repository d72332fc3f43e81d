/**
 * Who is calling: a request's credentials checked against the API's auth modes, before any
 * GraphQL runs, with the status codes and bodies AppSync answers a failed check with:
 *
 * - no credentials at all: 401 UnauthorizedException "Missing authorization header";
 * - a wrong API key: 401 UnauthorizedException "You are not authorized to make this call.";
 * - a bad SigV4 signature: 403 with AWS's signature error types (IncompleteSignatureException,
 *   InvalidSignatureException, UnrecognizedClientException), never a fallback to the API key.
 *
 * IAM callers are verified for real: the signature (service `appsync`) is recomputed with the
 * secret of the access key it names, and only the local credentials are known. User pools,
 * OIDC and Lambda authorizers are not implemented locally; a token for them is refused with a
 * message that says so.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Identity } from '@aws-appsync/utils';
import type { AuthMode } from '../appsync-js/index.js';
import { verifySigV4, type IncomingSignedRequest, type SigV4Credentials } from '../auth/sigv4-verifier.js';

export interface AuthSettings {
  /** The API's default and additional modes. */
  modes: readonly AuthMode[];
  apiKey: string;
  credentials: SigV4Credentials;
  accountId: string;
}

export type Authentication =
  | { ok: true; mode: AuthMode; identity: Identity | null }
  | { ok: false; status: 401 | 403; errorType: string; message: string };

export interface AuthenticatedRequest extends IncomingSignedRequest {
  /** The caller's address, for an IAM identity's sourceIp. */
  sourceIp: string;
}

const NOT_AUTHORIZED = 'You are not authorized to make this call.';

export async function authenticate(request: AuthenticatedRequest, settings: AuthSettings): Promise<Authentication> {
  const header = (name: string) => {
    const v = request.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const authorization = header('authorization');
  const apiKey = header('x-api-key');

  if (authorization !== undefined && authorization.startsWith('AWS4-')) {
    if (!settings.modes.includes('AWS_IAM')) return unauthorized(NOT_AUTHORIZED);
    const verdict = await verifySigV4(request, {
      service: 'appsync',
      lookup: (id) => (id === settings.credentials.accessKeyId ? settings.credentials : undefined),
    });
    if (!verdict.valid) return { ok: false, status: 403, errorType: verdict.errorType, message: verdict.reason };
    return { ok: true, mode: 'AWS_IAM', identity: iamIdentity(verdict.accessKeyId, settings.accountId, request.sourceIp) };
  }
  if (apiKey !== undefined) {
    if (!settings.modes.includes('API_KEY') || !sameSecret(apiKey, settings.apiKey)) return unauthorized(NOT_AUTHORIZED);
    return { ok: true, mode: 'API_KEY', identity: null };
  }
  if (authorization !== undefined) {
    if (settings.modes.some((m) => m === 'AMAZON_COGNITO_USER_POOLS' || m === 'OPENID_CONNECT' || m === 'AWS_LAMBDA')) {
      return unauthorized('User pool, OIDC and Lambda authorization are not supported by the local server; use the API key or IAM.');
    }
    if (settings.modes.includes('AWS_IAM')) {
      const verdict = await verifySigV4(request, { service: 'appsync', lookup: () => undefined });
      if (!verdict.valid) return { ok: false, status: 403, errorType: verdict.errorType, message: verdict.reason };
    }
    return unauthorized(NOT_AUTHORIZED);
  }
  return unauthorized('Missing authorization header');
}

/**
 * The identity AppSync gives an IAM caller. Locally every signature comes from the one local
 * access key, presented as an IAM user of the local account named after the key.
 */
export function iamIdentity(accessKeyId: string, accountId: string, sourceIp: string): Identity {
  return {
    accountId,
    cognitoIdentityPoolId: null,
    cognitoIdentityId: null,
    sourceIp: [sourceIp],
    username: accessKeyId,
    userArn: `arn:aws:iam::${accountId}:user/${accessKeyId}`,
    cognitoIdentityAuthType: null,
    cognitoIdentityAuthProvider: null,
  } as unknown as Identity;
}

function unauthorized(message: string): Authentication {
  return { ok: false, status: 401, errorType: 'UnauthorizedException', message };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
