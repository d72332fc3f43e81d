/**
 * AuthSettings for in-process tests: providers as the template would declare them, key sources
 * and an authorizer the test controls, and a clock it sets.
 */
import { AuthorizerCache, type InvokeAuthorizer, type LambdaAuthorizerEvent } from '../../src/auth/lambda-authorizer.js';
import type { Jwks, UserPoolKeys } from '../../src/auth/jwt-verification.js';
import type { AuthProviderDefinition } from '../../src/graphql/api-definition.js';
import type { AuthenticatedRequest, AuthSettings } from '../../src/graphql/request-authentication.js';

export const API_KEY = 'da2-test-api-key-0000000000';
export const CREDENTIALS = { accessKeyId: 'TESTACCESSKEY', secretAccessKey: 'test-secret-access-key' };
export const ACCOUNT = '000000000000';
export const API_ARN = `arn:aws:appsync:us-east-1:${ACCOUNT}:apis/local`;
export const AUTHORIZER_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:Authorizer`;
/** 2027-01-15T08:00:00Z, the tests' "now". */
export const NOW_S = 1_800_000_000;

export const userPoolProvider = (userPoolId: string, options: { isDefault?: boolean; appIdClientRegex?: string | null; defaultAction?: 'ALLOW' | 'DENY' | null } = {}): AuthProviderDefinition => ({
  type: 'AMAZON_COGNITO_USER_POOLS',
  isDefault: options.isDefault ?? false,
  userPoolId,
  awsRegion: 'us-east-1',
  appIdClientRegex: options.appIdClientRegex ?? null,
  defaultAction: options.defaultAction !== undefined ? options.defaultAction : options.isDefault ? 'ALLOW' : null,
});

export const oidcProvider = (issuer: string, options: { isDefault?: boolean; clientId?: string | null; iatTtlMs?: number; authTtlMs?: number } = {}): AuthProviderDefinition => ({
  type: 'OPENID_CONNECT',
  isDefault: options.isDefault ?? false,
  issuer,
  clientId: options.clientId ?? null,
  iatTtlMs: options.iatTtlMs ?? 0,
  authTtlMs: options.authTtlMs ?? 0,
});

export const lambdaProvider = (options: { isDefault?: boolean; resultTtlSeconds?: number; identityValidationExpression?: string | null; authorizerUri?: string } = {}): AuthProviderDefinition => ({
  type: 'AWS_LAMBDA',
  isDefault: options.isDefault ?? false,
  authorizerUri: options.authorizerUri ?? AUTHORIZER_ARN,
  functionArn: AUTHORIZER_ARN,
  resultTtlSeconds: options.resultTtlSeconds ?? 0,
  identityValidationExpression: options.identityValidationExpression ?? null,
});

export interface TestAuth {
  settings: AuthSettings;
  /** Every authorizer invocation, in order. */
  invocations: { functionArn: string; event: LambdaAuthorizerEvent }[];
  /** Moves the clock (milliseconds). */
  advance(ms: number): void;
}

export function testAuth(
  providers: AuthProviderDefinition[],
  options: { pools?: Record<string, UserPoolKeys>; oidcKeys?: Jwks; authorizer?: (event: LambdaAuthorizerEvent) => unknown; invoke?: InvokeAuthorizer; authorizerTimeoutMs?: number } = {},
): TestAuth {
  let now = NOW_S * 1000;
  const invocations: TestAuth['invocations'] = [];
  const oidcIssuers = providers.flatMap((p) => (p.type === 'OPENID_CONNECT' ? [p.issuer] : []));
  const settings: AuthSettings = {
    providers,
    apiId: 'local',
    apiArn: API_ARN,
    accountId: ACCOUNT,
    apiKey: API_KEY,
    credentials: CREDENTIALS,
    userPools: (id) => options.pools?.[id],
    oidcKeys: (issuer) => (options.oidcKeys && oidcIssuers.includes(issuer) ? options.oidcKeys : undefined),
    invokeAuthorizer:
      options.invoke ??
      (async (functionArn, event) => {
        invocations.push({ functionArn, event });
        return (options.authorizer ?? (() => ({ isAuthorized: true })))(event);
      }),
    authorizerCache: new AuthorizerCache(),
    now: () => now,
    ...(options.authorizerTimeoutMs !== undefined ? { authorizerTimeoutMs: options.authorizerTimeoutMs } : {}),
  };
  return { settings, invocations, advance: (ms) => (now += ms) };
}

export const request = (headers: Record<string, string>, extra: Partial<AuthenticatedRequest> = {}): AuthenticatedRequest => ({
  method: 'POST',
  url: '/graphql',
  headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
  body: '{"query":"{ hello }"}',
  sourceIp: '127.0.0.1',
  ...extra,
});
