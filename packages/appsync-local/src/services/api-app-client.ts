/**
 * Which app client of a user pool a frontend of the API signs in with. The explorer's sign-in,
 * the local quick sign-in (`/_local/cognito/sign-in`, `appsync-local sign-in`) and the Amplify
 * configuration `appsync-local start` writes all ask this one question, so they agree on the
 * client, and its tokens are ones the API accepts.
 */
import { matchesConfiguredPattern } from '../auth/configured-pattern.js';
import type { PoolSummary } from '../cognito/local-cognito.js';
import type { AuthProviderDefinition } from '../graphql/api-definition.js';

export type AppClientSummary = PoolSummary['clients'][number];

/**
 * The client a frontend of the API signs in to `pool` with, or undefined when the API accepts
 * none. Accepted: a client any of the API's user-pool providers for the pool lets in by
 * AppIdClientRegex (a provider without one lets in every client; for a pool the API has no
 * provider for, every client). Among those, the best for a browser: no secret (Amplify cannot
 * send one), then SRP allowed (Amplify's default sign-in), then the template's order.
 */
export function apiAppClient(pool: PoolSummary, providers: readonly AuthProviderDefinition[]): AppClientSummary | undefined {
  const regexes = providers.flatMap((p) => (p.type === 'AMAZON_COGNITO_USER_POOLS' && p.userPoolId === pool.id ? [p.appIdClientRegex] : []));
  const accepted = regexes.length === 0 ? pool.clients : pool.clients.filter((c) => regexes.some((regex) => regex === null || matchesConfiguredPattern(regex, c.id)));
  const usable = (c: AppClientSummary) => (c.secret ? 0 : 2) + (c.explicitAuthFlows.includes('ALLOW_USER_SRP_AUTH') ? 1 : 0);
  // sort is stable: equally usable clients keep the template's order.
  return [...accepted].sort((a, b) => usable(b) - usable(a))[0];
}
