import { type CfnElement, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import { afterAll, describe, expect, it } from 'vitest';
import { NodeFunction } from '../../../infra/constructs/node-function.js';
import { actionsOf, constructStack, resourcesOfType, statementsOfRole } from '../../helpers/cdk.js';

const test = constructStack();
const table = new Table(test.stack, 'Table', { partitionKey: { name: 'PK', type: AttributeType.STRING } });
const other = new Table(test.stack, 'Other', { partitionKey: { name: 'id', type: AttributeType.STRING } });
const fn = new NodeFunction(test.stack, 'Echo', {
  entry: 'functions/add-user/handler.ts',
  serviceName: 'echo',
  description: 'test function',
  logLevel: 'WARN',
  logRetention: RetentionDays.TWO_WEEKS,
  removalPolicy: RemovalPolicy.DESTROY,
  timeout: Duration.seconds(20),
});
fn.bindTable(table, { actions: ['dynamodb:PutItem'] });
fn.bindTable(other, 'read', 'OTHER_TABLE');
const template = Template.fromStack(test.stack);
afterAll(() => test.cleanup());

const id = (construct: IConstruct) => test.stack.getLogicalId(construct.node.defaultChild as CfnElement);
const lambda = () => Object.values(resourcesOfType(template, 'AWS::Lambda::Function'))[0]?.Properties ?? {};

describe('NodeFunction', () => {
  it('runs on the newest Node.js runtime on ARM64, traced by X-Ray', () => {
    expect(Object.keys(resourcesOfType(template, 'AWS::Lambda::Function'))).toHaveLength(1);
    expect(lambda()).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Handler: 'index.handler',
      Timeout: 20,
      MemorySize: 256,
    });
  });

  it('logs to its own log group with the given retention and removal policy', () => {
    expect(lambda()['LoggingConfig']).toEqual({ LogGroup: { Ref: id(fn.logGroup) } });
    expect(resourcesOfType(template, 'AWS::Logs::LogGroup')[id(fn.logGroup)]).toMatchObject({
      Properties: { RetentionInDays: 14 },
      DeletionPolicy: 'Delete',
    });
  });

  it('configures Powertools and source-mapped stack traces', () => {
    expect(lambda()['Environment']).toEqual({
      Variables: {
        POWERTOOLS_SERVICE_NAME: 'echo',
        POWERTOOLS_METRICS_NAMESPACE: 'UsersOrders',
        POWERTOOLS_LOG_LEVEL: 'WARN',
        NODE_OPTIONS: '--enable-source-maps',
        TABLE_NAME: { Ref: id(table) },
        OTHER_TABLE: { Ref: id(other) },
      },
    });
  });

  it('has a role of its own with no managed policies, allowed to write its own log group', () => {
    const role = resourcesOfType(template, 'AWS::IAM::Role')[id(fn.role)];
    expect(role?.Properties).not.toHaveProperty('ManagedPolicyArns');
    expect(lambda()['Role']).toEqual({ 'Fn::GetAtt': [id(fn.role), 'Arn'] });
    expect(statementsOfRole(template, id(fn.role))).toContainEqual({
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: { 'Fn::GetAtt': [id(fn.logGroup), 'Arn'] },
    });
  });

  it('grants each bound table exactly what it was bound with, next to its name', () => {
    const statements = statementsOfRole(template, id(fn.role));
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: { 'Fn::GetAtt': [id(table), 'Arn'] } });
    const otherStatement = statements.find((s) => JSON.stringify(s.Resource).includes(id(other)));
    expect(actionsOf(otherStatement!)).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(actionsOf(otherStatement!)).not.toContain('dynamodb:PutItem');
  });

  it('grants * only for X-Ray, which has no resource-level permissions', () => {
    const wildcard = statementsOfRole(template, id(fn.role)).filter((s) => s.Resource === '*');
    expect(wildcard.flatMap(actionsOf).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });
});
