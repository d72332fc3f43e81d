/**
 * What a web frontend needs to talk to the local AppSync, as the configuration object Amplify v6
 * takes (`Amplify.configure(config)`): the GraphQL endpoint, region and default auth mode, the API
 * key when the API takes one, and the user pool and app client with the local Cognito's endpoint
 * (`userPoolEndpoint`) when the API uses one. `appsync-local start` writes it to
 * `<state dir>/amplify-config.json` and prints where.
 */
import type { LocalAppSync } from '../local-appsync.js';

const AMPLIFY_AUTH_MODES = { API_KEY: 'apiKey', AWS_IAM: 'iam', AMAZON_COGNITO_USER_POOLS: 'userPool', OPENID_CONNECT: 'oidc', AWS_LAMBDA: 'lambda' } as const;

export function amplifyConfig(app: LocalAppSync, graphqlUrl: string): Record<string, unknown> {
  const settings = app.authSettings();
  const defaultProvider = settings.providers.find((p) => p.isDefault);
  const takesApiKey = settings.providers.some((p) => p.type === 'API_KEY');
  const usesPool = settings.providers.some((p) => p.type === 'AMAZON_COGNITO_USER_POOLS');
  const cognito = usesPool && app.cognito.hasPools ? app.cognito.poolAndClient() : undefined;
  return {
    API: {
      GraphQL: {
        endpoint: graphqlUrl,
        region: app.options.region,
        defaultAuthMode: defaultProvider ? AMPLIFY_AUTH_MODES[defaultProvider.type] : 'apiKey',
        ...(takesApiKey ? { apiKey: settings.apiKey } : {}),
      },
    },
    ...(cognito ? { Auth: { Cognito: { userPoolId: cognito.pool.id, userPoolClientId: cognito.client.id, userPoolEndpoint: app.cognito.endpoint } } } : {}),
  };
}
