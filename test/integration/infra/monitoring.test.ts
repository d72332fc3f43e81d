import { afterAll, describe, expect, it } from 'vitest';
import { logicalId, resourcesOfType, synthStage } from '../../helpers/cdk.js';

const dev = synthStage('dev');
afterAll(() => dev.cleanup());
const { template } = dev;

const topicId = logicalId(template, 'AWS::SNS::Topic', 'MonitoringAlarmTopic');
const keyId = logicalId(template, 'AWS::KMS::Key', 'MonitoringTopicKey');
const alarms = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties ?? {});
const alarmOn = (metricName: string, dimension: Record<string, unknown>) => alarms.filter((a) => a['MetricName'] === metricName && JSON.stringify(a['Dimensions']) === JSON.stringify([dimension]));

describe('monitoring', () => {
  it('alarms on each function, the API and the dead-letter queue, and nothing unexpected', () => {
    expect(alarms).toHaveLength(5);
  });

  it('every alarm notifies the alarm topic when it fires and when it recovers', () => {
    for (const alarm of alarms) {
      expect(alarm['AlarmActions'], String(alarm['AlarmName'])).toEqual([{ Ref: topicId }]);
      expect(alarm['OKActions'], String(alarm['AlarmName'])).toEqual([{ Ref: topicId }]);
      expect(alarm['TreatMissingData']).toBe('notBreaching');
    }
  });

  it.each(['AddUserHandler', 'OrderEventsHandler', 'UsersPreSignUp'])('alarms on any error of the %s function', (prefix) => {
    const fnId = logicalId(template, 'AWS::Lambda::Function', prefix);
    const [alarm, ...rest] = alarmOn('Errors', { Name: 'FunctionName', Value: { Ref: fnId } });
    expect(rest).toEqual([]);
    expect(alarm).toMatchObject({ Namespace: 'AWS/Lambda', Statistic: 'Sum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 1 });
  });

  it("alarms on the API's 5XX errors", () => {
    const apiId = logicalId(template, 'AWS::AppSync::GraphQLApi', 'GraphQLApi');
    const [alarm, ...rest] = alarmOn('5XXError', { Name: 'GraphQLAPIId', Value: { 'Fn::GetAtt': [apiId, 'ApiId'] } });
    expect(rest).toEqual([]);
    expect(alarm).toMatchObject({ Namespace: 'AWS/AppSync', Statistic: 'Sum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });

  it('alarms as soon as the dead-letter queue holds a message', () => {
    const queueId = logicalId(template, 'AWS::SQS::Queue', 'OrderEventsDeadLetterQueue');
    const [alarm, ...rest] = alarmOn('ApproximateNumberOfMessagesVisible', { Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } });
    expect(rest).toEqual([]);
    expect(alarm).toMatchObject({ Namespace: 'AWS/SQS', Statistic: 'Maximum', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('encrypts the alarm topic with a rotating customer managed key that CloudWatch may use', () => {
    expect(resourcesOfType(template, 'AWS::SNS::Topic')[topicId]?.Properties?.['KmsMasterKeyId']).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    const key = resourcesOfType(template, 'AWS::KMS::Key')[keyId]?.Properties ?? {};
    expect(key['EnableKeyRotation']).toBe(true);
    expect((key['KeyPolicy'] as { Statement: unknown[] }).Statement).toContainEqual(
      expect.objectContaining({
        Sid: 'CloudWatchAlarmsEncryptForTopic',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Condition: expect.objectContaining({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
      }),
    );
  });

  it('lets CloudWatch publish to the alarm topic and refuses publishers without TLS', () => {
    const policy = Object.values(resourcesOfType(template, 'AWS::SNS::TopicPolicy')).find((p) => JSON.stringify(p.Properties?.['Topics']) === JSON.stringify([{ Ref: topicId }]));
    const statements = (policy?.Properties?.['PolicyDocument'] as { Statement: unknown[] }).Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    expect(statements).toContainEqual(
      expect.objectContaining({ Sid: 'CloudWatchAlarmsPublish', Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' }, Resource: { Ref: topicId } }),
    );
  });
});
