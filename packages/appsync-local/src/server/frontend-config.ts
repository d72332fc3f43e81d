/**
 * What a web frontend needs to talk to the local AppSync, as the configuration object Amplify v6
 * takes (`Amplify.configure(config)`): the GraphQL endpoint, region and default auth mode, the API
 * key when the API takes one, and the user pool and app client with the local Cognito's endpoint
 * (`userPoolEndpoint`) when the API uses one and accepts one of its app clients (`log` says when
 * it does not). `appsync-local start` writes it to `<state dir>/amplify-config.json` and prints
 * where.
 */
import type { LocalAppSync } from '../local-appsync.js';

const AMPLIFY_AUTH_MODES = { API_KEY: 'apiKey', AWS_IAM: 'iam', AMAZON_COGNITO_USER_POOLS: 'userPool', OPENID_CONNECT: 'oidc', AWS_LAMBDA: 'lambda' } as const;

export function amplifyConfig(app: LocalAppSync, graphqlUrl: string, log: (line: string) => void = () => undefined): Record<string, unknown> {
  const settings = app.authSettings();
  const defaultProvider = settings.providers.find((p) => p.isDefault);
  const takesApiKey = settings.providers.some((p) => p.type === 'API_KEY');
  const usesPool = settings.providers.some((p) => p.type === 'AMAZON_COGNITO_USER_POOLS');
  const frontend = usesPool ? app.cognito.frontendPool() : undefined;
  // Without a client the API accepts, an Auth section would only fail at sign-in: leave it out and say why.
  if (frontend && !frontend.client) log(`Frontend   no Auth in the Amplify config: user pool ${frontend.pool.name} has no app client the API accepts`);
  const cognito = frontend?.client ? { pool: frontend.pool, client: frontend.client } : undefined;
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
