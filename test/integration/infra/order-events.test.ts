import { afterAll, describe, expect, it } from 'vitest';
import { MAX_PIPE_FILTERS } from '../../../infra/constructs/stream-pipe.js';
import { orderEventFilters } from '../../../infra/constructs/order-events.js';
import { passesFilters } from 'appsync-local';
import { logicalId, resourcesOfType, statementsOfRole, synthStage } from '../../helpers/cdk.js';

const dev = synthStage('dev');
afterAll(() => dev.cleanup());
const { template } = dev;

const pipes = Object.values(resourcesOfType(template, 'AWS::Pipes::Pipe'));
const pipe = pipes[0]?.Properties ?? {};
const streamParameters = (pipe['SourceParameters'] as { DynamoDBStreamParameters: Record<string, unknown> }).DynamoDBStreamParameters;
const filters = (pipe['SourceParameters'] as { FilterCriteria: { Filters: { Pattern: string }[] } }).FilterCriteria.Filters.map((f) => f.Pattern);

const tableId = logicalId(template, 'AWS::DynamoDB::Table', 'DataTable');
const functionId = logicalId(template, 'AWS::Lambda::Function', 'OrderEventsHandler');
const queueId = logicalId(template, 'AWS::SQS::Queue', 'OrderEventsDeadLetterQueue');

describe('order-events pipe', () => {
  it("reads the table's stream and invokes the order-events function synchronously", () => {
    expect(pipes).toHaveLength(1);
    expect(pipe['Source']).toEqual({ 'Fn::GetAtt': [tableId, 'StreamArn'] });
    expect(pipe['Target']).toEqual({ 'Fn::GetAtt': [functionId, 'Arn'] });
    expect(pipe['TargetParameters']).toEqual({ LambdaFunctionParameters: { InvocationType: 'REQUEST_RESPONSE' } });
  });

  it('batches by 10 from LATEST, retries a bounded number of times, bisects failing batches, dead-letters the rest', () => {
    expect(streamParameters).toMatchObject({
      StartingPosition: 'LATEST',
      BatchSize: 10,
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 3600,
      OnPartialBatchItemFailure: 'AUTOMATIC_BISECT',
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
    });
  });

  it('filters with exactly the order INSERT pattern and one pattern per new status, under every spelling the API reads', () => {
    expect(filters.length).toBeLessThanOrEqual(MAX_PIPE_FILTERS);
    expect(filters[0]).toBe('{"dynamodb":{"NewImage":{"SK":{"S":[{"prefix":"#ORDER#"}]}},"OldImage":{"SK":{"S":[{"exists":false}]}}}}');
    const spellings: Record<string, string[]> = { PLACED: ['PLACED', 'PLACE'], SHIPPED: ['SHIPPED', 'SHIP'], DELIVERED: ['DELIVERED', 'DELIVER'], CANCELLED: ['CANCELLED', 'CANCELED', 'CANCEL'] };
    expect(filters.slice(1).map((f) => JSON.parse(f))).toEqual(
      Object.entries(spellings).map(([, words]) => ({
        dynamodb: {
          OldImage: { Status: { S: [{ 'anything-but': words }] } },
          NewImage: { SK: { S: [{ prefix: '#ORDER#' }] }, Status: { S: words.map((w) => ({ 'equals-ignore-case': w })) } },
        },
      })),
    );
    expect(filters).toEqual(orderEventFilters().map((f) => JSON.stringify(f)));
  });

  describe('lets through only order inserts and status changes', () => {
    const order = (status: string, extra: Record<string, unknown> = {}) => ({
      PK: { S: 'CUSTOMER#alice' },
      SK: { S: '#ORDER#2Yt0xN1ZKz4y8QJ3aL6uT9pW5rE' },
      Status: { S: status },
      Amount: { N: '12.5' },
      ...extra,
    });
    const profile = { PK: { S: 'CUSTOMER#alice' }, SK: { S: 'CUSTOMER#alice' }, Email: { S: 'alice@example.com' } };
    const guard = { PK: { S: 'CUSTOMEREMAIL#alice@example.com' }, SK: { S: 'CUSTOMEREMAIL#alice@example.com' }, Username: { S: 'alice' } };
    const record = (eventName: string, images: { NewImage?: unknown; OldImage?: unknown }) => ({
      eventID: 'e1',
      eventName,
      eventSource: 'aws:dynamodb',
      dynamodb: { Keys: {}, ...images, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });

    it.each([
      ['an order placed', record('INSERT', { NewImage: order('PLACED') })],
      ['PLACED to SHIPPED', record('MODIFY', { OldImage: order('PLACED'), NewImage: order('SHIPPED', { Version: { N: '2' } }) })],
      ['PLACED to CANCELLED', record('MODIFY', { OldImage: order('PLACED'), NewImage: order('CANCELLED') })],
      ['SHIPPED to DELIVERED', record('MODIFY', { OldImage: order('SHIPPED'), NewImage: order('DELIVERED') })],
      // The original services' spellings, old and new (the function maps both).
      ["an original 'Placed' to SHIPPED", record('MODIFY', { OldImage: order('Placed'), NewImage: order('SHIPPED') })],
      ["PLACED to the original's 'CANCEL'", record('MODIFY', { OldImage: order('PLACED'), NewImage: order('CANCEL') })],
      ["PLACED to 'canceled' (any case)", record('MODIFY', { OldImage: order('PLACED'), NewImage: order('canceled') })],
      // The function sees both as CANCELLED and makes no event of it.
      ["'cancel' rewritten as CANCELLED (the migration)", record('MODIFY', { OldImage: order('cancel'), NewImage: order('CANCELLED') })],
    ])('passes %s', (_name, streamRecord) => {
      expect(passesFilters(filters, streamRecord, { dialect: 'pipes' })).toBe(true);
    });

    it.each([
      ['a profile created', record('INSERT', { NewImage: profile })],
      ['an email guard created', record('INSERT', { NewImage: guard })],
      ['an address edited', record('MODIFY', { OldImage: profile, NewImage: { ...profile, Address: { M: {} } } })],
      ['an order touched without a status change', record('MODIFY', { OldImage: order('SHIPPED'), NewImage: order('SHIPPED', { UpdatedAt: { S: 'x' } }) })],
      ['an order deleted', record('REMOVE', { OldImage: order('DELIVERED') })],
      ['a profile deleted', record('REMOVE', { OldImage: profile })],
      ['a legacy order without Status changed', record('MODIFY', { OldImage: { SK: { S: '#ORDER#1' } }, NewImage: { SK: { S: '#ORDER#1' }, Amount: { N: '1' } } })],
      ["an original 'CANCEL' order touched, CANCEL kept", record('MODIFY', { OldImage: order('CANCEL'), NewImage: order('CANCEL', { UpdatedAt: { S: 'x' } }) })],
      ['an order moved to a status the API does not know', record('MODIFY', { OldImage: order('PLACED'), NewImage: order('RETURNED') })],
    ])('drops %s', (_name, streamRecord) => {
      expect(passesFilters(filters, streamRecord, { dialect: 'pipes' })).toBe(false);
    });
  });

  it('has a role that may read the stream, invoke the function and send to the DLQ, and nothing more', () => {
    const role = logicalId(template, 'AWS::IAM::Role', 'OrderEventsPipeRole');
    expect(pipe['RoleArn']).toEqual({ 'Fn::GetAtt': [role, 'Arn'] });
    expect(resourcesOfType(template, 'AWS::IAM::Role')[role]?.Properties).toMatchObject({
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Principal: { Service: 'pipes.amazonaws.com' } }] },
    });
    expect(resourcesOfType(template, 'AWS::IAM::Role')[role]?.Properties).not.toHaveProperty('ManagedPolicyArns');
    expect(statementsOfRole(template, role)).toEqual([
      {
        Sid: 'ReadStream',
        Effect: 'Allow',
        Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
        Resource: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      },
      { Sid: 'InvokeTarget', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [functionId, 'Arn'] } },
      { Sid: 'DeadLetter', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [queueId, 'Arn'] } },
    ]);
  });

  it('starts only once its role may do all that', () => {
    const pipeResource = Object.values(resourcesOfType(template, 'AWS::Pipes::Pipe'))[0] as { DependsOn?: string[] };
    expect(pipeResource.DependsOn).toEqual(expect.arrayContaining([logicalId(template, 'AWS::IAM::Policy', 'OrderEventsPipeRoleDefaultPolicy')]));
  });
});

describe('order-events topic and dead-letter queue', () => {
  it('encrypts the topic with the AWS managed SNS key and refuses publishers without TLS', () => {
    const topicId = logicalId(template, 'AWS::SNS::Topic', 'OrderEventsTopic');
    expect(JSON.stringify(resourcesOfType(template, 'AWS::SNS::Topic')[topicId]?.Properties?.['KmsMasterKeyId'])).toContain(':alias/aws/sns');
    const policies = Object.values(resourcesOfType(template, 'AWS::SNS::TopicPolicy')).filter((p) => JSON.stringify(p.Properties?.['Topics']) === JSON.stringify([{ Ref: topicId }]));
    expect(policies).toHaveLength(1);
    expect(policies[0]?.Properties?.['PolicyDocument']).toMatchObject({
      Statement: [{ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
    });
  });

  it('encrypts the dead-letter queue, refuses requests without TLS and keeps messages 14 days', () => {
    expect(resourcesOfType(template, 'AWS::SQS::Queue')[queueId]?.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    const policy = Object.values(resourcesOfType(template, 'AWS::SQS::QueuePolicy'))[0]?.Properties;
    expect(policy?.['Queues']).toEqual([{ Ref: queueId }]);
    expect(policy?.['PolicyDocument']).toMatchObject({ Statement: [{ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] });
  });
});
