/**
 * Refusals on the real-time endpoint: always UnauthorizedException with errorCode 401; a JWT
 * check's own message, and "You are not authorized to make this call." for missing credentials,
 * a wrong API key, a bad SigV4 signature and Lambda authorizer failures, whatever the HTTP
 * endpoint would have said.
 */
import { describe, expect, it } from 'vitest';
import { EXPIRED_TOKEN, INVALID_TOKEN, OIDC_CLIENT_REFUSED } from '../../../src/auth/jwt-verification.js';
import type { AuthProviderDefinition } from '../../../src/graphql/api-definition.js';
import { authenticate } from '../../../src/graphql/request-authentication.js';
import { authenticateRealtime, realtimeRefusal } from '../../../src/realtime/realtime-auth.js';
import { signedAppSyncHeaders } from '../../../src/testing/request-signing.js';
import { API_KEY, CREDENTIALS, NOW_S, request, testAuth, userPoolProvider } from '../../helpers/auth-settings.js';

const NOT_AUTHORIZED = { ok: false, errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.', errorCode: 401 };
const apiKey: AuthProviderDefinition = { type: 'API_KEY', isDefault: true };
const iam: AuthProviderDefinition = { type: 'AWS_IAM', isDefault: false };
const CONNECT_URL = 'http://localhost:4000/graphql/connect';

const connect = (headers: Record<string, string>, providers: AuthProviderDefinition[]) => authenticateRealtime(headers, '/graphql/connect', '{}', '127.0.0.1', testAuth(providers).settings);

describe('real-time refusals', () => {
  it('no credentials on an API-key API: "Missing authorization header" over HTTP, the generic refusal here', async () => {
    expect(await authenticate(request({}), testAuth([apiKey]).settings)).toMatchObject({ status: 401, message: 'Missing authorization header' });
    expect(await connect({}, [apiKey])).toEqual(NOT_AUTHORIZED);
  });

  it('a wrong API key: the generic refusal', async () => {
    expect(await connect({ 'x-api-key': `${API_KEY}-not` }, [apiKey])).toEqual(NOT_AUTHORIZED);
    expect(await connect({ 'x-api-key': API_KEY }, [apiKey])).toMatchObject({ ok: true });
  });

  it('a bad SigV4 signature: 403 InvalidSignatureException over HTTP, the generic 401 refusal here', async () => {
    const signingDate = new Date(NOW_S * 1000);
    const wrong = await signedAppSyncHeaders(CONNECT_URL, '{}', { ...CREDENTIALS, secretAccessKey: 'not-the-secret' }, 'us-east-1', signingDate);
    expect(await connect(lowerCase(wrong), [apiKey, iam])).toEqual(NOT_AUTHORIZED);
    const right = await signedAppSyncHeaders(CONNECT_URL, '{}', CREDENTIALS, 'us-east-1', signingDate);
    expect(await connect(lowerCase(right), [apiKey, iam])).toMatchObject({ ok: true });
  });

  it('no credentials on a user-pool API: the token check\'s "Valid authorization header not provided."', async () => {
    expect(await connect({}, [userPoolProvider('us-east-1_pool', { isDefault: true })])).toEqual({ ...NOT_AUTHORIZED, message: INVALID_TOKEN });
  });

  it("keeps every JWT check's message; words 400 and 403 refusals generically", () => {
    for (const message of [EXPIRED_TOKEN, INVALID_TOKEN, OIDC_CLIENT_REFUSED]) {
      expect(realtimeRefusal({ ok: false, status: 401, errorType: 'UnauthorizedException', message })).toEqual({ ...NOT_AUTHORIZED, message });
    }
    expect(realtimeRefusal({ ok: false, status: 400, errorType: 'BadRequestException', message: 'The authorizer failed.' })).toEqual(NOT_AUTHORIZED);
    expect(realtimeRefusal({ ok: false, status: 403, errorType: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' })).toEqual(NOT_AUTHORIZED);
  });
});

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
