import { RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import type { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { IdempotencyTable, UsersOrdersTable } from '../../../infra/constructs/tables.js';
import { constructStack, resourcesOfType } from '../../helpers/cdk.js';

const test = constructStack();
const data = new UsersOrdersTable(test.stack, 'Data', { removalPolicy: RemovalPolicy.RETAIN });
const idempotency = new IdempotencyTable(test.stack, 'Idempotency', { removalPolicy: RemovalPolicy.DESTROY });
const template = Template.fromStack(test.stack);
afterAll(() => test.cleanup());

const tableId = test.stack.getLogicalId(data.table.node.defaultChild as CfnTable);
const idempotencyId = test.stack.getLogicalId(idempotency.table.node.defaultChild as CfnTable);

describe('UsersOrdersTable', () => {
  const table = () => resourcesOfType(template, 'AWS::DynamoDB::Table')[tableId];

  it('keys items by PK/SK strings, the layout the original services wrote', () => {
    expect(table()?.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: expect.arrayContaining([
        { AttributeName: 'PK', AttributeType: 'S' },
        { AttributeName: 'SK', AttributeType: 'S' },
      ]),
    });
  });

  it('has exactly one index, GSI1 on GSI1PK/GSI1SK, projecting everything', () => {
    expect(table()?.Properties?.['GlobalSecondaryIndexes']).toEqual([
      {
        IndexName: 'GSI1',
        KeySchema: [
          { AttributeName: 'GSI1PK', KeyType: 'HASH' },
          { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
  });

  it('streams new and old images, bills per request, recovers to a point in time, encrypts with the AWS managed key', () => {
    expect(table()?.Properties).toMatchObject({
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      // SSEEnabled without a key: KMS with the AWS managed aws/dynamodb key.
      SSESpecification: { SSEEnabled: true },
    });
    expect(table()?.Properties?.['SSESpecification']).not.toHaveProperty('KMSMasterKeyId');
    expect(table()?.Properties).not.toHaveProperty('ProvisionedThroughput');
  });

  it('applies the removal policy it is given', () => {
    expect(table()).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('names its stream and its one index for grants', () => {
    expect(test.stack.resolve(data.streamArn)).toEqual({ 'Fn::GetAtt': [tableId, 'StreamArn'] });
    expect(test.stack.resolve(data.ordersByStatusIndexArn)).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, '/index/GSI1']] });
  });
});

describe('IdempotencyTable', () => {
  it('has the Powertools idempotency layout: key id, TTL on expiration', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      }),
      DeletionPolicy: 'Delete',
    });
    expect(resourcesOfType(template, 'AWS::DynamoDB::Table')[idempotencyId]?.Properties).not.toHaveProperty('StreamSpecification');
  });
});
