import { readFileSync } from 'node:fs';
import { type CfnElement, RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FieldLogLevel } from 'aws-cdk-lib/aws-appsync';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_FILE, UsersOrdersApi } from '../../../infra/constructs/graphql-api.js';
import { constructStack, resourcesOfType, statementsOfRole } from '../../helpers/cdk.js';

const test = constructStack();
const pool = new UserPool(test.stack, 'Pool');
const client = pool.addClient('Web');
const api = new UsersOrdersApi(test.stack, 'GraphQL', {
  name: 'users-orders-test',
  userPool: pool,
  userPoolClient: client,
  queryDepthLimit: 9,
  introspection: false,
  fieldLogLevel: FieldLogLevel.ERROR,
  logRetention: RetentionDays.ONE_MONTH,
  removalPolicy: RemovalPolicy.RETAIN,
  tableName: 'the-table',
});
const template = Template.fromStack(test.stack);
afterAll(() => test.cleanup());

const id = (construct: IConstruct) => test.stack.getLogicalId(construct.node.defaultChild as CfnElement);
const apiId = id(api.api);
const graphqlApi = () => resourcesOfType(template, 'AWS::AppSync::GraphQLApi')[apiId]?.Properties ?? {};

describe('UsersOrdersApi', () => {
  it('deploys schema/schema.graphql as it is, without the tooling prelude of AWS scalars', () => {
    const schemas = Object.values(resourcesOfType(template, 'AWS::AppSync::GraphQLSchema'));
    expect(schemas).toHaveLength(1);
    const definition = schemas[0]?.Properties?.['Definition'];
    expect(definition).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
    expect(definition).not.toMatch(/^\s*scalar\s+AWS/m);
    expect(definition).not.toMatch(/^\s*directive\s+@aws_/m);
  });

  it('takes tokens of the user pool’s one app client by default (ALLOW, as AppSync requires with additional modes) and IAM-signed requests as well', () => {
    expect(graphqlApi()).toMatchObject({
      AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
      UserPoolConfig: { UserPoolId: { Ref: id(pool) }, AppIdClientRegex: { Ref: id(client) }, AwsRegion: { Ref: 'AWS::Region' }, DefaultAction: 'ALLOW' },
      AdditionalAuthenticationProviders: [{ AuthenticationType: 'AWS_IAM' }],
    });
  });

  it('has no API key', () => {
    expect(resourcesOfType(template, 'AWS::AppSync::ApiKey')).toEqual({});
    expect(JSON.stringify(graphqlApi())).not.toContain('API_KEY');
  });

  it('traces with X-Ray, limits query depth and switches introspection as configured', () => {
    expect(graphqlApi()).toMatchObject({ XrayEnabled: true, QueryDepthLimit: 9, IntrospectionConfig: 'DISABLED' });
  });

  it('hands resolvers the table name as ctx.env.TABLE_NAME', () => {
    expect(graphqlApi()['EnvironmentVariables']).toEqual({ TABLE_NAME: 'the-table' });
  });

  it('logs fields at the configured level, never verbose content, through a role of its own', () => {
    const logsRole = api.node.findChild('LogsRole');
    expect(graphqlApi()['LogConfig']).toEqual({
      CloudWatchLogsRoleArn: { 'Fn::GetAtt': [id(logsRole), 'Arn'] },
      FieldLogLevel: 'ERROR',
      ExcludeVerboseContent: true,
    });
    const role = resourcesOfType(template, 'AWS::IAM::Role')[id(logsRole)]?.Properties;
    expect(role).not.toHaveProperty('ManagedPolicyArns');
    expect(role?.['AssumeRolePolicyDocument']).toMatchObject({ Statement: [{ Principal: { Service: 'appsync.amazonaws.com' } }] });
    expect(statementsOfRole(template, id(logsRole))).toEqual([{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [id(api.logGroup), 'Arn'] } }]);
  });

  it("owns the API's log group, with retention and the removal policy, and adds no log-retention Lambda", () => {
    expect(resourcesOfType(template, 'AWS::Logs::LogGroup')[id(api.logGroup)]).toMatchObject({
      Properties: { LogGroupName: { 'Fn::Join': ['', ['/aws/appsync/apis/', { 'Fn::GetAtt': [apiId, 'ApiId'] }]] }, RetentionInDays: 30 },
      DeletionPolicy: 'Retain',
    });
    expect(resourcesOfType(template, 'Custom::LogRetention')).toEqual({});
    expect(resourcesOfType(template, 'AWS::Lambda::Function')).toEqual({});
  });
});
