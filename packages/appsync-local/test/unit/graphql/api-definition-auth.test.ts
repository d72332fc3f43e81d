/**
 * The API's authorization providers as the template declares them: the default mode's
 * configuration on the API itself, each additional provider's in AdditionalAuthenticationProviders,
 * with intrinsics resolved (Ref to a pool, a client, AWS::Region; Fn::GetAtt or an alias for the
 * authorizer function).
 */
import { describe, expect, it } from 'vitest';
import { TemplateResolver } from '../../../src/cloud-assembly/intrinsics.js';
import { LOCAL_ACCOUNT_ID } from '../../../src/cloud-assembly/local-resources.js';
import type { StackArtifact } from '../../../src/cloud-assembly/stack-artifact.js';
import type { CfnTemplate } from '../../../src/cloud-assembly/template.js';
import { readApiDefinition, unqualifiedFunctionArn } from '../../../src/graphql/api-definition.js';

const FN_ARN = `arn:aws:lambda:eu-west-1:${LOCAL_ACCOUNT_ID}:function:Stack-Authorizer`;

function read(api: Record<string, unknown>, extra: CfnTemplate['Resources'] = {}) {
  const template: CfnTemplate = {
    Resources: {
      Api: { Type: 'AWS::AppSync::GraphQLApi', Properties: { Name: 'auth', ...api } },
      Schema: { Type: 'AWS::AppSync::GraphQLSchema', Properties: { ApiId: { 'Fn::GetAtt': ['Api', 'ApiId'] }, Definition: 'type Query { a: String }' } },
      Users: { Type: 'AWS::Cognito::UserPool', Properties: {} },
      UsersWeb: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Users' } } },
      Authorizer: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { S3Key: 'x.zip' } } },
      Live: { Type: 'AWS::Lambda::Alias', Properties: { FunctionName: { Ref: 'Authorizer' }, FunctionVersion: '1', Name: 'live' } },
      ...extra,
    },
  };
  const artifact: StackArtifact = { stackName: 'Stack', template, assetPath: () => undefined };
  const resolver = new TemplateResolver(template, {
    region: 'eu-west-1',
    accountId: LOCAL_ACCOUNT_ID,
    stackName: 'Stack',
    graphqlUrl: 'http://localhost:4000/graphql',
    realtimeUrl: 'ws://localhost:4000/graphql/realtime',
    apiKey: 'da2-local',
  });
  return readApiDefinition(artifact, resolver);
}

describe('auth providers from the template', () => {
  it('reads the default user pool config and every additional provider, with intrinsics resolved', () => {
    const definition = read({
      AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
      UserPoolConfig: { AppIdClientRegex: { Ref: 'UsersWeb' }, AwsRegion: { Ref: 'AWS::Region' }, DefaultAction: 'ALLOW', UserPoolId: { Ref: 'Users' } },
      AdditionalAuthenticationProviders: [
        { AuthenticationType: 'API_KEY' },
        { AuthenticationType: 'AWS_IAM' },
        { AuthenticationType: 'OPENID_CONNECT', OpenIDConnectConfig: { Issuer: 'https://id.example.com', ClientId: 'ABCD|CDEF', IatTTL: 3_600_000, AuthTTL: 60_000 } },
        {
          AuthenticationType: 'AWS_LAMBDA',
          LambdaAuthorizerConfig: { AuthorizerUri: { 'Fn::GetAtt': ['Authorizer', 'Arn'] }, AuthorizerResultTtlInSeconds: 300, IdentityValidationExpression: '^tok-' },
        },
        { AuthenticationType: 'AMAZON_COGNITO_USER_POOLS', UserPoolConfig: { UserPoolId: 'eu-west-1_Other', AwsRegion: 'eu-central-1' } },
      ],
    });
    expect(definition.defaultAuthMode).toBe('AMAZON_COGNITO_USER_POOLS');
    expect(definition.additionalAuthModes).toEqual(['API_KEY', 'AWS_IAM', 'OPENID_CONNECT', 'AWS_LAMBDA', 'AMAZON_COGNITO_USER_POOLS']);
    expect(definition.authProviders).toEqual([
      // Ref of a pool is its local pool id, Ref of a client its local client id (local-resources.ts).
      {
        type: 'AMAZON_COGNITO_USER_POOLS',
        isDefault: true,
        userPoolId: expect.stringMatching(/^eu-west-1_[0-9A-Za-z]{9}$/),
        awsRegion: 'eu-west-1',
        appIdClientRegex: expect.stringMatching(/^[a-z0-9]{26}$/),
        defaultAction: 'ALLOW',
      },
      { type: 'API_KEY', isDefault: false },
      { type: 'AWS_IAM', isDefault: false },
      { type: 'OPENID_CONNECT', isDefault: false, issuer: 'https://id.example.com', clientId: 'ABCD|CDEF', iatTtlMs: 3_600_000, authTtlMs: 60_000 },
      { type: 'AWS_LAMBDA', isDefault: false, authorizerUri: FN_ARN, functionArn: FN_ARN, resultTtlSeconds: 300, identityValidationExpression: '^tok-' },
      // An additional pool has no DefaultAction.
      { type: 'AMAZON_COGNITO_USER_POOLS', isDefault: false, userPoolId: 'eu-west-1_Other', awsRegion: 'eu-central-1', appIdClientRegex: null, defaultAction: null },
    ]);
    expect(definition).toMatchObject({ apiId: 'local', apiArn: `arn:aws:appsync:eu-west-1:${LOCAL_ACCOUNT_ID}:apis/local` });
  });

  it('defaults: DefaultAction ALLOW and the stack region for the default pool; no client filter; no TTLs; no authorizer caching', () => {
    expect(read({ AuthenticationType: 'AMAZON_COGNITO_USER_POOLS', UserPoolConfig: { UserPoolId: 'eu-west-1_abc' } }).authProviders[0]).toEqual({
      type: 'AMAZON_COGNITO_USER_POOLS',
      isDefault: true,
      userPoolId: 'eu-west-1_abc',
      awsRegion: 'eu-west-1',
      appIdClientRegex: null,
      defaultAction: 'ALLOW',
    });
    expect(read({ AuthenticationType: 'OPENID_CONNECT', OpenIDConnectConfig: { Issuer: 'https://id.example.com/' } }).authProviders[0]).toEqual({
      type: 'OPENID_CONNECT',
      isDefault: true,
      issuer: 'https://id.example.com/',
      clientId: null,
      iatTtlMs: 0,
      authTtlMs: 0,
    });
    expect(read({ AuthenticationType: 'AWS_LAMBDA', LambdaAuthorizerConfig: { AuthorizerUri: FN_ARN } }).authProviders[0]).toEqual({
      type: 'AWS_LAMBDA',
      isDefault: true,
      authorizerUri: FN_ARN,
      functionArn: FN_ARN,
      resultTtlSeconds: 0,
      identityValidationExpression: null,
    });
  });

  it('reads DefaultAction DENY', () => {
    expect(read({ AuthenticationType: 'AMAZON_COGNITO_USER_POOLS', UserPoolConfig: { UserPoolId: 'p', DefaultAction: 'DENY' } }).authProviders[0]).toMatchObject({ defaultAction: 'DENY' });
  });

  it('an authorizer named by an alias (Ref) or a qualified ARN runs the function itself', () => {
    const byAlias = read({ AuthenticationType: 'AWS_LAMBDA', LambdaAuthorizerConfig: { AuthorizerUri: { Ref: 'Live' } } }).authProviders[0];
    expect(byAlias).toMatchObject({ authorizerUri: `${FN_ARN}:live`, functionArn: FN_ARN });
    const byVersion = read({ AuthenticationType: 'AWS_LAMBDA', LambdaAuthorizerConfig: { AuthorizerUri: `${FN_ARN}:3` } }).authProviders[0];
    expect(byVersion).toMatchObject({ authorizerUri: `${FN_ARN}:3`, functionArn: FN_ARN });
  });

  it.each([
    [{ AuthenticationType: 'AMAZON_COGNITO_USER_POOLS' }, 'the default AMAZON_COGNITO_USER_POOLS provider has no UserPoolConfig.UserPoolId'],
    [{ AuthenticationType: 'OPENID_CONNECT', OpenIDConnectConfig: {} }, 'the default OPENID_CONNECT provider has no OpenIDConnectConfig.Issuer'],
    [{ AuthenticationType: 'AWS_LAMBDA' }, 'the default AWS_LAMBDA provider has no LambdaAuthorizerConfig.AuthorizerUri'],
    [{ AuthenticationType: 'AMAZON_COGNITO_USER_POOLS', UserPoolConfig: { UserPoolId: 'p', DefaultAction: 'MAYBE' } }, 'UserPoolConfig.DefaultAction must be ALLOW or DENY, not MAYBE'],
  ])('refuses an incomplete configuration: %j', (api, message) => {
    expect(() => read(api)).toThrow(message);
  });

  it('unqualifiedFunctionArn leaves an unqualified ARN (or anything else) alone', () => {
    expect(unqualifiedFunctionArn(FN_ARN)).toBe(FN_ARN);
    expect(unqualifiedFunctionArn(`${FN_ARN}:$LATEST`)).toBe(FN_ARN);
    expect(unqualifiedFunctionArn('my-function')).toBe('my-function');
  });
});
