/**
 * The explorer's auth modes, from the API's auth providers as the template declares them: what
 * each needs in the browser (the API key, the local IAM credentials, the user pools with an app
 * client the API accepts and the local Cognito's endpoint, the OIDC issuers). Node side only;
 * the result travels in the page's config (explorer-config.ts).
 */
import type { AuthProviderDefinition } from '../graphql/api-definition.js';
import type { PoolSummary } from '../cognito/local-cognito.js';
import { apiAppClient } from '../services/api-app-client.js';
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
        const ids = [...new Set(ordered.flatMap((p) => (p.type === 'AMAZON_COGNITO_USER_POOLS' ? [p.userPoolId] : [])))];
        return { mode, userPools: ids.map((id) => explorerUserPool(id, providers, sources)) };
      }
      case 'OPENID_CONNECT':
        return { mode, issuers: ordered.flatMap((p) => (p.type === 'OPENID_CONNECT' ? [{ issuer: p.issuer, clientId: p.clientId }] : [])) };
      case 'AWS_LAMBDA':
        return { mode };
    }
  });
}

/**
 * A pool of the API with the client the explorer signs in with: the one the API accepts that
 * suits a browser best (services/api-app-client.ts, as the local sign-in and the Amplify config
 * choose it), with what stops Amplify from using it, if anything.
 */
function explorerUserPool(poolId: string, providers: readonly AuthProviderDefinition[], sources: ExplorerAuthSources): ExplorerUserPool {
  const pool = sources.pools.find((p) => p.id === poolId);
  const base = { poolId, endpoint: sources.cognitoEndpoint };
  if (!pool) return { ...base, groups: [], problem: `The template does not define user pool ${poolId}, so the local Cognito cannot sign anyone in to it.` };
  const client = apiAppClient(pool, providers);
  const named = { ...base, name: pool.name, groups: pool.groups };
  if (!client) return { ...named, problem: `No app client of ${pool.name} matches the API's AppIdClientRegex, so the API refuses every token of the pool.` };
  const problem = client.secret
    ? `App client ${client.name} has a secret, which Amplify does not support: use the local quick sign-in.`
    : !client.explicitAuthFlows.includes('ALLOW_USER_SRP_AUTH')
      ? `App client ${client.name} does not allow ALLOW_USER_SRP_AUTH, Amplify's default sign-in: use the local quick sign-in.`
      : undefined;
  return { ...named, clientId: client.id, clientName: client.name, ...(problem ? { problem } : {}) };
}
