/**
 * The explorer's auth modes from the API's providers: the default first, each mode once, and for
 * user pools the app client a browser can sign in with among those the API accepts.
 */
import { describe, expect, it } from 'vitest';
import type { PoolSummary } from '../../../src/cognito/local-cognito.js';
import { explorerAuthModes, type ExplorerAuthSources } from '../../../src/explorer/explorer-auth-config.js';
import type { AuthProviderDefinition } from '../../../src/graphql/api-definition.js';

const ENDPOINT = 'http://localhost:4000/_local/cognito';
type Client = PoolSummary['clients'][number];
const client = (id: string, extra: Partial<Client> = {}): Client => ({ id, name: `${id}-name`, explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], ...extra });
const pool = (id: string, clients: Client[]): PoolSummary => ({
  id,
  name: `${id}-name`,
  issuer: `${ENDPOINT}/${id}`,
  usernameAttributes: [],
  aliasAttributes: [],
  userCount: 0,
  clients,
  groups: ['admin'],
});
const sources = (pools: PoolSummary[]): ExplorerAuthSources => ({ apiKey: 'da2-key', credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' }, pools, cognitoEndpoint: ENDPOINT });
const userPools = (userPoolId: string, appIdClientRegex: string | null, isDefault = false): AuthProviderDefinition => ({
  type: 'AMAZON_COGNITO_USER_POOLS',
  isDefault,
  userPoolId,
  awsRegion: 'us-east-1',
  appIdClientRegex,
  defaultAction: isDefault ? 'ALLOW' : null,
});
const oidc = (issuer: string, clientId: string | null): AuthProviderDefinition => ({ type: 'OPENID_CONNECT', isDefault: false, issuer, clientId, iatTtlMs: 0, authTtlMs: 0 });

describe('explorerAuthModes', () => {
  it('lists each mode once, the default first, with the values it needs', () => {
    const modes = explorerAuthModes(
      [
        { type: 'API_KEY', isDefault: false },
        oidc('https://a.example.com', 'web'),
        { type: 'AWS_LAMBDA', isDefault: false, authorizerUri: 'arn:fn', functionArn: 'arn:fn', resultTtlSeconds: 0, identityValidationExpression: null },
        { type: 'AWS_IAM', isDefault: true },
        oidc('https://b.example.com', null),
      ],
      sources([]),
    );
    expect(modes).toEqual([
      { mode: 'AWS_IAM', credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' } },
      { mode: 'API_KEY', apiKey: 'da2-key' },
      {
        mode: 'OPENID_CONNECT',
        issuers: [
          { issuer: 'https://a.example.com', clientId: 'web' },
          { issuer: 'https://b.example.com', clientId: null },
        ],
      },
      { mode: 'AWS_LAMBDA' },
    ]);
  });

  it('signs in to a pool with a client the API accepts, preferring one without a secret that allows SRP', () => {
    const pools = [pool('p1', [client('other'), client('web-secret', { secret: 's' }), client('web-nosrp', { explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }), client('web-ok')])];
    const [mode] = explorerAuthModes([userPools('p1', 'web-.*', true)], sources(pools));
    expect(mode).toEqual({
      mode: 'AMAZON_COGNITO_USER_POOLS',
      userPools: [{ poolId: 'p1', name: 'p1-name', clientId: 'web-ok', clientName: 'web-ok-name', endpoint: ENDPOINT, groups: ['admin'] }],
    });
  });

  it('says why a pool cannot be signed in to as a frontend would', () => {
    const problemOf = (provider: AuthProviderDefinition, pools: PoolSummary[]) => {
      const [mode] = explorerAuthModes([provider], sources(pools));
      return mode?.mode === 'AMAZON_COGNITO_USER_POOLS' ? mode.userPools[0] : undefined;
    };
    expect(problemOf(userPools('missing', null), [])).toEqual({ poolId: 'missing', endpoint: ENDPOINT, groups: [], problem: expect.stringContaining('does not define user pool missing') });
    expect(problemOf(userPools('p1', 'web'), [pool('p1', [client('other')])])).toMatchObject({ problem: expect.stringContaining('No app client of p1-name matches') });
    expect(problemOf(userPools('p1', null), [pool('p1', [client('c', { secret: 's' })])])).toMatchObject({ clientId: 'c', problem: expect.stringContaining('has a secret') });
    expect(problemOf(userPools('p1', null), [pool('p1', [client('c', { explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] })])])).toMatchObject({
      clientId: 'c',
      problem: expect.stringContaining('ALLOW_USER_SRP_AUTH'),
    });
  });
});
