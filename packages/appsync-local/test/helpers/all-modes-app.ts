/**
 * A throwaway app with all five auth modes at once, written as a cloud assembly: user pools the
 * default (one pool, one client), OIDC, a Lambda authorizer (a local function asset), API key and
 * IAM as additional modes; a schema whose directives let each mode in where it should; NONE
 * resolvers that answer who is calling; a subscription fed by a mutation.
 */
import { writeAssembly } from './assembly-writer.js';

export const STACK = 'AllModes';
export const POOL_ID = 'us-east-1_AllModes';
export const POOL_CLIENT = 'web-client';
export const OIDC_ISSUER = 'https://login.example.com';
export const OIDC_CLIENT = 'oidc-client';

export const SCHEMA = `
type Query {
  whoami: Caller @aws_cognito_user_pools @aws_oidc @aws_lambda @aws_api_key @aws_iam
  poolOnly: String
  admins: String @aws_cognito_user_pools(cognito_groups: ["admin"])
  secret: String @aws_lambda @aws_cognito_user_pools
  profile: Profile @aws_cognito_user_pools @aws_oidc @aws_lambda
}

type Mutation {
  publish(room: String!, text: String!): Message @aws_api_key @aws_iam
}

type Subscription {
  onMessage(room: String): Message @aws_subscribe(mutations: ["publish"]) @aws_cognito_user_pools @aws_oidc @aws_lambda @aws_api_key @aws_iam
  onAdminMessage(room: String): Message @aws_subscribe(mutations: ["publish"]) @aws_cognito_user_pools(cognito_groups: ["admin"])
}

type Caller @aws_cognito_user_pools @aws_oidc @aws_lambda @aws_api_key @aws_iam {
  authType: String
  identity: AWSJSON
}

type Profile @aws_cognito_user_pools @aws_lambda {
  name: String
}

type Message @aws_cognito_user_pools @aws_oidc @aws_lambda @aws_api_key @aws_iam {
  room: String!
  text: String!
}
`;

/**
 * The authorizer: "deny" is refused, "crash" throws, "limited" may not read Query.secret; every
 * other token is let in with what it was called with as resolverContext.
 */
const AUTHORIZER = `
export const handler = async (event) => {
  const token = event.authorizationToken;
  if (token === 'deny') return { isAuthorized: false };
  if (token === 'crash') throw new Error('authorizer crashed');
  return {
    isAuthorized: true,
    resolverContext: {
      token,
      apiId: event.requestContext.apiId,
      queryString: event.requestContext.queryString,
      tenant: event.requestHeaders['x-tenant'] ?? null,
    },
    deniedFields: token === 'limited' ? ['Query.secret'] : [],
  };
};
`;

const API_ID = { 'Fn::GetAtt': ['Api', 'ApiId'] };
const js = (request: string, response = 'return ctx.result;') =>
  `import { util } from '@aws-appsync/utils';\nexport function request(ctx) {\n  ${request}\n}\nexport function response(ctx) {\n  ${response}\n}\n`;
const resolver = (typeName: string, fieldName: string, code: string) => ({
  Type: 'AWS::AppSync::Resolver',
  DependsOn: ['Schema'],
  Properties: { ApiId: API_ID, TypeName: typeName, FieldName: fieldName, DataSourceName: 'none', Kind: 'UNIT', Runtime: { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' }, Code: code },
});

export function writeAllModesApp(dir: string): void {
  writeAssembly(dir, {
    stackName: STACK,
    folderAssets: { 'authorizer.zip': { 'index.mjs': AUTHORIZER } },
    template: {
      Resources: {
        Api: {
          Type: 'AWS::AppSync::GraphQLApi',
          Properties: {
            Name: 'all-modes',
            AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
            UserPoolConfig: { UserPoolId: POOL_ID, AwsRegion: { Ref: 'AWS::Region' }, AppIdClientRegex: POOL_CLIENT, DefaultAction: 'ALLOW' },
            AdditionalAuthenticationProviders: [
              { AuthenticationType: 'OPENID_CONNECT', OpenIDConnectConfig: { Issuer: OIDC_ISSUER, ClientId: OIDC_CLIENT } },
              { AuthenticationType: 'AWS_LAMBDA', LambdaAuthorizerConfig: { AuthorizerUri: { 'Fn::GetAtt': ['Authorizer', 'Arn'] }, AuthorizerResultTtlInSeconds: 0 } },
              { AuthenticationType: 'API_KEY' },
              { AuthenticationType: 'AWS_IAM' },
            ],
          },
        },
        Schema: { Type: 'AWS::AppSync::GraphQLSchema', Properties: { ApiId: API_ID, Definition: SCHEMA } },
        NoneSource: { Type: 'AWS::AppSync::DataSource', Properties: { ApiId: API_ID, Name: 'none', Type: 'NONE' } },
        Authorizer: {
          Type: 'AWS::Lambda::Function',
          Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Timeout: 5, Code: { S3Bucket: 'cdk-assets', S3Key: 'authorizer.zip' } },
        },
        WhoAmI: resolver('Query', 'whoami', js('return { payload: { authType: util.authType(), identity: JSON.stringify(ctx.identity) } };')),
        PoolOnly: resolver('Query', 'poolOnly', js('return { payload: "pool" };')),
        Admins: resolver('Query', 'admins', js('return { payload: "admins" };')),
        Secret: resolver('Query', 'secret', js('return { payload: "secret" };')),
        Profile: resolver('Query', 'profile', js('return { payload: { name: "Pat" } };')),
        Publish: resolver('Mutation', 'publish', js('return { payload: ctx.args };')),
        OnMessage: resolver('Subscription', 'onMessage', js('return { payload: null };')),
        OnAdminMessage: resolver('Subscription', 'onAdminMessage', js('return { payload: null };')),
      },
    },
  });
}
