/**
 * The app client a frontend of the API signs in with, as the explorer, the local sign-in and the
 * Amplify configuration all choose it: one the API accepts by any of the pool's providers, the
 * most usable in a browser first.
 */
import { describe, expect, it } from 'vitest';
import type { PoolSummary } from '../../../src/cognito/local-cognito.js';
import type { AuthProviderDefinition } from '../../../src/graphql/api-definition.js';
import { apiAppClient } from '../../../src/services/api-app-client.js';

type Client = PoolSummary['clients'][number];
const client = (id: string, extra: Partial<Client> = {}): Client => ({ id, name: `${id}-name`, explicitAuthFlows: ['ALLOW_USER_SRP_AUTH'], ...extra });
const pool = (clients: Client[]): PoolSummary => ({ id: 'p1', name: 'p1-name', issuer: 'http://x/p1', usernameAttributes: [], aliasAttributes: [], userCount: 0, clients, groups: [] });
const provider = (appIdClientRegex: string | null, userPoolId = 'p1'): AuthProviderDefinition => ({
  type: 'AMAZON_COGNITO_USER_POOLS',
  isDefault: false,
  userPoolId,
  awsRegion: 'us-east-1',
  appIdClientRegex,
  defaultAction: null,
});

describe('apiAppClient', () => {
  it("applies every provider's AppIdClientRegex of the pool, not just the first", () => {
    const clients = [client('mobile-1', { secret: 's' }), client('web-1')];
    expect(apiAppClient(pool(clients), [provider('mobile-.*'), provider('web-.*')])?.id).toBe('web-1');
    expect(apiAppClient(pool(clients), [provider('mobile-.*')])?.id).toBe('mobile-1');
  });

  it('reads the regex as AppSync does (Java syntax, whole value)', () => {
    const clients = [client('webx'), client('WEB-2')];
    expect(apiAppClient(pool(clients), [provider('(?i)web-[0-9]')])?.id).toBe('WEB-2');
    expect(apiAppClient(pool(clients), [provider('web')])).toBeUndefined();
    expect(apiAppClient(pool(clients), [provider('web-[0-9]++')])).toBeUndefined();
  });

  it('prefers a client without a secret, then one that allows SRP, then the template order', () => {
    const clients = [client('a', { secret: 's' }), client('b', { explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }), client('c'), client('d')];
    expect(apiAppClient(pool(clients), [provider(null)])?.id).toBe('c');
    expect(apiAppClient(pool(clients.slice(0, 2)), [provider(null)])?.id).toBe('b');
  });

  it('takes any client of a pool the API has no provider for; providers of other pools do not count', () => {
    expect(apiAppClient(pool([client('x')]), [provider('nothing', 'p2')])?.id).toBe('x');
    expect(apiAppClient(pool([]), [])).toBeUndefined();
  });
});
