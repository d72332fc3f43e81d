import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { resourcesOfType, synthStage } from '../../helpers/cdk.js';

const dev = synthStage('dev');
const prod = synthStage('prod');
afterAll(() => {
  dev.cleanup();
  prod.cleanup();
});

/** Resources that hold data, users or history: their fate on stack deletion is the stage's removal policy. */
const STATEFUL = ['AWS::DynamoDB::Table', 'AWS::SQS::Queue', 'AWS::Logs::LogGroup', 'AWS::KMS::Key', 'AWS::Cognito::UserPool'];
const stateful = (template: Template) => STATEFUL.flatMap((type) => Object.entries(resourcesOfType(template, type)).map(([id, r]) => ({ id, type, ...r })));
const graphqlApi = (template: Template) => Object.values(resourcesOfType(template, 'AWS::AppSync::GraphQLApi'))[0]?.Properties ?? {};
const userPool = (template: Template) => Object.values(resourcesOfType(template, 'AWS::Cognito::UserPool'))[0]?.Properties ?? {};
const webClient = (template: Template) => Object.values(resourcesOfType(template, 'AWS::Cognito::UserPoolClient'))[0]?.Properties ?? {};

describe('stages', () => {
  it('name the stack after the stage; prod is protected from deletion', () => {
    expect(dev.stack.stackName).toBe('UsersOrders-dev');
    expect(prod.stack.stackName).toBe('UsersOrders-prod');
    expect(dev.stack.terminationProtection).toBe(false);
    expect(prod.stack.terminationProtection).toBe(true);
  });

  it('prod retains every table, queue, log group, key and the user pool; dev deletes them', () => {
    const prodStateful = stateful(prod.template);
    expect(prodStateful.map((r) => r.type).sort()).toEqual(
      [
        'AWS::DynamoDB::Table',
        'AWS::DynamoDB::Table',
        'AWS::KMS::Key',
        'AWS::Logs::LogGroup',
        'AWS::Logs::LogGroup',
        'AWS::Logs::LogGroup',
        'AWS::Logs::LogGroup',
        'AWS::SQS::Queue',
        'AWS::Cognito::UserPool',
      ].sort(),
    );
    for (const r of prodStateful) expect({ id: r.id, policy: [r.DeletionPolicy, r.UpdateReplacePolicy] }).toEqual({ id: r.id, policy: ['Retain', 'Retain'] });
    for (const r of stateful(dev.template)) expect({ id: r.id, policy: r.DeletionPolicy }).toEqual({ id: r.id, policy: 'Delete' });
  });

  it('prod disables introspection and limits depth harder; both log AppSync errors only, without verbose content', () => {
    expect(graphqlApi(prod.template)).toMatchObject({ IntrospectionConfig: 'DISABLED', QueryDepthLimit: 8, LogConfig: { FieldLogLevel: 'ERROR', ExcludeVerboseContent: true } });
    expect(graphqlApi(dev.template)).toMatchObject({ IntrospectionConfig: 'ENABLED', QueryDepthLimit: 15, LogConfig: { FieldLogLevel: 'ERROR', ExcludeVerboseContent: true } });
  });

  it('has no API key in any stage', () => {
    for (const { template } of [dev, prod]) {
      expect(resourcesOfType(template, 'AWS::AppSync::ApiKey')).toEqual({});
      expect(graphqlApi(template)).toMatchObject({ AuthenticationType: 'AMAZON_COGNITO_USER_POOLS', AdditionalAuthenticationProviders: [{ AuthenticationType: 'AWS_IAM' }] });
    }
  });

  it('protects the prod user pool from deletion; passwords of 12 or more; prod tokens live 30 minutes (refresh 7 days), dev an hour (refresh 30 days)', () => {
    expect(userPool(prod.template)['DeletionProtection']).toBe('ACTIVE');
    expect(userPool(dev.template)['DeletionProtection']).toBe('INACTIVE');
    const DAY = 24 * 60;
    for (const [{ template }, expected] of [
      // The README promises prod access tokens last 30 minutes.
      [prod, { access: 30, id: 30, refresh: 7 * DAY }],
      [dev, { access: 60, id: 60, refresh: 30 * DAY }],
    ] as const) {
      expect(userPool(template)).toMatchObject({ Policies: { PasswordPolicy: { MinimumLength: 12 } } });
      expect(webClient(template)).toMatchObject({
        AccessTokenValidity: expected.access,
        IdTokenValidity: expected.id,
        RefreshTokenValidity: expected.refresh,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      });
    }
  });

  it("uses the stage's log retention and function log level", () => {
    const retention = (template: Template) => new Set(Object.values(resourcesOfType(template, 'AWS::Logs::LogGroup')).map((g) => g.Properties?.['RetentionInDays']));
    expect(retention(prod.template)).toEqual(new Set([90]));
    expect(retention(dev.template)).toEqual(new Set([7]));
    const levels = (template: Template) =>
      Object.values(resourcesOfType(template, 'AWS::Lambda::Function')).map((f) => (f.Properties?.['Environment'] as { Variables: Record<string, unknown> }).Variables['POWERTOOLS_LOG_LEVEL']);
    expect(levels(prod.template)).toEqual(['INFO', 'INFO', 'INFO']);
    expect(levels(dev.template)).toEqual(['DEBUG', 'DEBUG', 'DEBUG']);
  });

  it("gives the pipe the stage's retry and record-age limits", () => {
    const pipeParameters = (template: Template) =>
      (Object.values(resourcesOfType(template, 'AWS::Pipes::Pipe'))[0]?.Properties?.['SourceParameters'] as { DynamoDBStreamParameters: Record<string, unknown> }).DynamoDBStreamParameters;
    expect(pipeParameters(prod.template)).toMatchObject({ MaximumRetryAttempts: 3, MaximumRecordAgeInSeconds: 6 * 3600 });
    expect(pipeParameters(dev.template)).toMatchObject({ MaximumRetryAttempts: 3, MaximumRecordAgeInSeconds: 3600 });
  });

  it('outputs what a frontend needs: GraphQL URL, region, user pool and client ids, and all of it as an Amplify configuration; no secret', () => {
    for (const { template } of [dev, prod]) {
      const outputs = template.toJSON()['Outputs'] as Record<string, { Value: unknown }>;
      const poolId = Object.keys(resourcesOfType(template, 'AWS::Cognito::UserPool'))[0]!;
      const clientId = Object.keys(resourcesOfType(template, 'AWS::Cognito::UserPoolClient'))[0]!;
      const apiId = Object.keys(resourcesOfType(template, 'AWS::AppSync::GraphQLApi'))[0]!;
      const url = { 'Fn::GetAtt': [apiId, 'GraphQLUrl'] };
      expect(outputs).toMatchObject({
        GraphqlUrl: { Value: url },
        GraphqlApiId: { Value: { 'Fn::GetAtt': [apiId, 'ApiId'] } },
        Region: { Value: { Ref: 'AWS::Region' } },
        UserPoolId: { Value: { Ref: poolId } },
        UserPoolClientId: { Value: { Ref: clientId } },
      });
      // The Amplify object, as CloudFormation will join it: each reference as a placeholder, then parsed.
      const [, parts] = (outputs['AmplifyConfiguration']!.Value as { 'Fn::Join': [string, (string | Record<string, unknown>)[]] })['Fn::Join'];
      const placeholder = (p: Record<string, unknown>) => `<${'Ref' in p ? String(p['Ref']) : (p['Fn::GetAtt'] as string[]).join('.')}>`;
      expect(JSON.parse(parts.map((p) => (typeof p === 'string' ? p : placeholder(p))).join(''))).toEqual({
        API: { GraphQL: { endpoint: `<${apiId}.GraphQLUrl>`, region: '<AWS::Region>', defaultAuthMode: 'userPool' } },
        Auth: { Cognito: { userPoolId: `<${poolId}>`, userPoolClientId: `<${clientId}>` } },
      });
      expect(JSON.stringify(outputs)).not.toMatch(/ApiKey|Secret/);
    }
  });
});
