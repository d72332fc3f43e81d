/**
 * The auth mode the explorer calls the API in, as the AppSync console's selector: the template's
 * modes, each with what it sends. Every request reads the state when it is sent, so a change
 * applies to the next query, mutation or subscription.
 *
 * What is kept where: the chosen mode, the Lambda token and the OIDC claims and token live in
 * sessionStorage (this tab only, gone with it), so a reload keeps them; the API key and IAM
 * credentials always start as the server's; the user pool session is Amplify's (in
 * sessionStorage too, user-pool-session.ts). Nothing is kept in localStorage or cookies.
 */
import type { ExplorerAuthMode, ExplorerAuthModeConfig, ExplorerConfig } from '../explorer-config.js';

export type { ExplorerAuthMode };

/** The AppSync console's names. */
export const AUTH_MODE_LABELS: Record<ExplorerAuthMode, string> = {
  API_KEY: 'API key',
  AWS_IAM: 'AWS IAM',
  AMAZON_COGNITO_USER_POOLS: 'Amazon Cognito user pools',
  OPENID_CONNECT: 'OpenID Connect',
  AWS_LAMBDA: 'AWS Lambda',
};

export interface OidcState {
  /** The issuer tokens are made for (the template's first by default). */
  issuer: string;
  /** The claims editor's text (JSON). */
  claims: string;
  /** The token made from the claims last; requests send it. */
  token: string | null;
}

export interface AuthState {
  mode: ExplorerAuthMode;
  apiKey: string;
  accessKeyId: string;
  secretAccessKey: string;
  lambdaToken: string;
  oidc: OidcState;
  /** The user pool signed in to (when the API has several). */
  poolId: string | null;
}

/** What the claims editor starts with. */
export const DEFAULT_OIDC_CLAIMS = JSON.stringify({ sub: 'user-1' }, null, 2);

const STORAGE_PREFIX = 'local-appsync-explorer:';
const REMEMBERED = ['mode', 'lambdaToken', 'oidc', 'poolId'] as const;

/** The API's mode `mode`, when it has it. */
export function modeConfig<M extends ExplorerAuthMode>(config: ExplorerConfig, mode: M): Extract<ExplorerAuthModeConfig, { mode: M }> | undefined {
  return config.authModes.find((m): m is Extract<ExplorerAuthModeConfig, { mode: M }> => m.mode === mode);
}

/**
 * The state a page load starts with: the API's default mode (or the one chosen earlier in this
 * tab, when the API still has it) and the server's values.
 */
export function initialAuthState(config: ExplorerConfig): AuthState {
  const remembered = (key: (typeof REMEMBERED)[number]): unknown => {
    const text = safely(() => sessionStorage.getItem(STORAGE_PREFIX + key));
    return text ? safely(() => JSON.parse(text) as unknown) : undefined;
  };
  const mode = remembered('mode');
  const lambdaToken = remembered('lambdaToken');
  const oidc = (remembered('oidc') ?? {}) as Partial<OidcState>;
  const poolId = remembered('poolId');
  const issuers = modeConfig(config, 'OPENID_CONNECT')?.issuers.map((i) => i.issuer) ?? [];
  const pools = modeConfig(config, 'AMAZON_COGNITO_USER_POOLS')?.userPools.map((p) => p.poolId) ?? [];
  const iam = modeConfig(config, 'AWS_IAM')?.credentials;
  const issuer = issuers.find((i) => i === oidc.issuer);
  return {
    mode: config.authModes.find((m) => m.mode === mode)?.mode ?? config.authModes[0]?.mode ?? 'API_KEY',
    apiKey: modeConfig(config, 'API_KEY')?.apiKey ?? '',
    accessKeyId: iam?.accessKeyId ?? '',
    secretAccessKey: iam?.secretAccessKey ?? '',
    lambdaToken: typeof lambdaToken === 'string' ? lambdaToken : '',
    oidc: {
      issuer: issuer ?? issuers[0] ?? '',
      claims: typeof oidc.claims === 'string' ? oidc.claims : DEFAULT_OIDC_CLAIMS,
      // A token of an issuer the template no longer has is of no use.
      token: issuer && typeof oidc.token === 'string' ? oidc.token : null,
    },
    poolId: pools.find((p) => p === poolId) ?? pools[0] ?? null,
  };
}

/** Keeps what a reload should keep (never the API key or IAM credentials: they are the server's). */
export function rememberAuthState(state: AuthState): void {
  for (const key of REMEMBERED) safely(() => sessionStorage.setItem(STORAGE_PREFIX + key, JSON.stringify(state[key])));
}

/** Storage can be unavailable (blocked by the browser's settings); the explorer works without it. */
export function safely<T>(use: () => T): T | undefined {
  try {
    return use();
  } catch {
    return undefined;
  }
}
