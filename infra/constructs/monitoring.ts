/**
 * Alarms and where they go: a monitoring SNS topic (subscribe on-call email, chat or a pager to
 * it), and alarms on each function's errors, the API's server errors and the dead-letter queue's
 * depth. Every alarm notifies the topic when it fires and when it recovers.
 */
import { Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IGraphqlApi } from 'aws-cdk-lib/aws-appsync';
import { Alarm, ComparisonOperator, Metric, type IMetric, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface MonitoringProps {
  /** Prefix of the alarm names, e.g. `users-orders-dev`. */
  readonly namePrefix: string;
  readonly removalPolicy: RemovalPolicy;
}

export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  private readonly action: SnsAction;
  private readonly namePrefix: string;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.namePrefix = props.namePrefix;
    const { account, partition, region } = Stack.of(this);

    // CloudWatch cannot use the AWS managed SNS key: alarms need a customer managed key whose
    // policy lets cloudwatch.amazonaws.com encrypt for the topic.
    const key = new Key(this, 'TopicKey', {
      description: `Encrypts the ${props.namePrefix} alarm topic`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': account },
      ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
    };
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsEncryptForTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromOurAlarms,
      }),
    );

    this.topic = new Topic(this, 'AlarmTopic', { displayName: `${props.namePrefix} alarms`, masterKey: key, enforceSSL: true });
    // With a topic policy (enforceSSL creates one) CloudWatch needs an explicit allow to publish.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromOurAlarms,
      }),
    );
    this.action = new SnsAction(this.topic);
  }

  /** Any invocation error (a thrown error, a timeout, running out of memory) in 5 minutes. */
  alarmOnFunctionErrors(id: string, fn: IFunction, what: string): Alarm {
    return this.alarm(id, {
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: Stats.SUM }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      description: `The ${what} function failed at least once in 5 minutes.`,
    });
  }

  /** AppSync's own failures (HTTP 5xx); resolver errors such as UserNotFound are 200s and do not count. */
  alarmOnApiServerErrors(id: string, api: IGraphqlApi): Alarm {
    return this.alarm(id, {
      metric: new Metric({
        namespace: 'AWS/AppSync',
        metricName: '5XXError',
        dimensionsMap: { GraphQLAPIId: api.apiId },
        statistic: Stats.SUM,
        period: Duration.minutes(5),
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      description: 'The GraphQL API answered with a server error (5XX) at least once in 5 minutes.',
    });
  }

  /** Anything in a dead-letter queue is an event that was not delivered. */
  alarmOnQueueNotEmpty(id: string, queue: IQueue, what: string): Alarm {
    return this.alarm(id, {
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: Stats.MAXIMUM }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `The ${what} holds messages: records that failed every retry. Inspect them, fix, redrive.`,
    });
  }

  private alarm(id: string, props: { metric: IMetric; threshold: number; comparisonOperator: ComparisonOperator; description: string }): Alarm {
    const alarm = new Alarm(this, id, {
      alarmName: `${this.namePrefix}-${id}`,
      alarmDescription: props.description,
      metric: props.metric,
      threshold: props.threshold,
      comparisonOperator: props.comparisonOperator,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }
}
