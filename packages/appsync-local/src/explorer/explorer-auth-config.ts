/**
 * The explorer's auth modes, from the API's auth providers as the template declares them: what
 * each needs in the browser (the API key, the local IAM credentials, the user pools with an app
 * client the API accepts and the local Cognito's endpoint, the OIDC issuers). Node side only;
 * the result travels in the page's config (explorer-config.ts).
 */
import { matchesConfiguredPattern } from '../auth/configured-pattern.js';
import type { AuthProviderDefinition } from '../graphql/api-definition.js';
import type { PoolSummary } from '../cognito/local-cognito.js';
import type { ExplorerAuthMode, ExplorerAuthModeConfig, ExplorerUserPool } from './explorer-config.js';

export interface ExplorerAuthSources {
  apiKey: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** The local Cognito's pools (the template's). */
  pools: PoolSummary[];
  /** The local Cognito Identity Provider API's URL. */
  cognitoEndpoint: string;
}

/** The API's modes, default first, each once. */
export function explorerAuthModes(providers: readonly AuthProviderDefinition[], sources: ExplorerAuthSources): ExplorerAuthModeConfig[] {
  const ordered = [...providers.filter((p) => p.isDefault), ...providers.filter((p) => !p.isDefault)];
  const modes: ExplorerAuthMode[] = [...new Set(ordered.map((p) => p.type))];
  return modes.map((mode): ExplorerAuthModeConfig => {
    switch (mode) {
      case 'API_KEY':
        return { mode, apiKey: sources.apiKey };
      case 'AWS_IAM':
        return { mode, credentials: { accessKeyId: sources.credentials.accessKeyId, secretAccessKey: sources.credentials.secretAccessKey } };
      case 'AMAZON_COGNITO_USER_POOLS': {
        const pools = ordered.flatMap((p) => (p.type === 'AMAZON_COGNITO_USER_POOLS' ? [p] : []));
        const ids = [...new Set(pools.map((p) => p.userPoolId))];
        return {
          mode,
          userPools: ids.map((id) =>
            explorerUserPool(
              id,
              pools.filter((p) => p.userPoolId === id).map((p) => p.appIdClientRegex),
              sources,
            ),
          ),
        };
      }
      case 'OPENID_CONNECT':
        return { mode, issuers: ordered.flatMap((p) => (p.type === 'OPENID_CONNECT' ? [{ issuer: p.issuer, clientId: p.clientId }] : [])) };
      case 'AWS_LAMBDA':
        return { mode };
    }
  });
}

/**
 * A pool of the API with the client the explorer signs in with: one the API accepts (any
 * provider's AppIdClientRegex of the pool; no regex accepts every client), preferring one that
 * Amplify can use as a browser app does: without a secret, with SRP allowed.
 */
function explorerUserPool(poolId: string, regexes: (string | null)[], sources: ExplorerAuthSources): ExplorerUserPool {
  const pool = sources.pools.find((p) => p.id === poolId);
  const base = { poolId, endpoint: sources.cognitoEndpoint };
  if (!pool) return { ...base, groups: [], problem: `The template does not define user pool ${poolId}, so the local Cognito cannot sign anyone in to it.` };
  const accepted = pool.clients.filter((c) => regexes.some((regex) => regex === null || matchesConfiguredPattern(regex, c.id)));
  const usable = (c: PoolSummary['clients'][number]) => (c.secret ? 0 : 2) + (c.explicitAuthFlows.includes('ALLOW_USER_SRP_AUTH') ? 1 : 0);
  const client = [...accepted].sort((a, b) => usable(b) - usable(a))[0];
  const named = { ...base, name: pool.name, groups: pool.groups };
  if (!client) return { ...named, problem: `No app client of ${pool.name} matches the API's AppIdClientRegex, so the API refuses every token of the pool.` };
  const problem = client.secret
    ? `App client ${client.name} has a secret, which Amplify does not support: use the local quick sign-in.`
    : !client.explicitAuthFlows.includes('ALLOW_USER_SRP_AUTH')
      ? `App client ${client.name} does not allow ALLOW_USER_SRP_AUTH, Amplify's default sign-in: use the local quick sign-in.`
      : undefined;
  return { ...named, clientId: client.id, clientName: client.name, ...(problem ? { problem } : {}) };
}
