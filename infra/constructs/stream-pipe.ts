/**
 * An EventBridge Pipe from a DynamoDB stream to a Lambda function: filtered, in small batches,
 * with bounded retries, bisection of failing batches, and a dead-letter queue for what still fails.
 * Its role may read the one stream, invoke the one function and send to the one queue.
 */
import type { Duration } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Pipes accepts at most 5 filters per pipe (ORed together); the fields inside one are ANDed. */
export const MAX_PIPE_FILTERS = 5;

export interface TableStreamPipeProps {
  readonly streamArn: string;
  readonly target: IFunction;
  readonly deadLetterQueue: IQueue;
  /** Event patterns; a record goes through when it matches any of them. */
  readonly filters: readonly object[];
  readonly maximumRetryAttempts: number;
  readonly maximumRecordAge: Duration;
  /** @default 10 */
  readonly batchSize?: number;
  readonly description?: string;
}

export class TableStreamPipe extends Construct {
  readonly pipe: CfnPipe;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: TableStreamPipeProps) {
    super(scope, id);
    if (props.filters.length === 0 || props.filters.length > MAX_PIPE_FILTERS) {
      throw new Error(`A pipe takes 1 to ${MAX_PIPE_FILTERS} filters, got ${props.filters.length}`);
    }
    const recordAgeSeconds = props.maximumRecordAge.toSeconds();
    if (recordAgeSeconds < 60 || recordAgeSeconds > 86_400) {
      // Pipes accepts 60..604800 s, but a DynamoDB stream keeps records 24 h: past that they are gone.
      throw new Error(`maximumRecordAge must be 60 s to 24 h, got ${recordAgeSeconds} s`);
    }

    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('pipes.amazonaws.com'),
      description: 'Reads the table stream, invokes the target function, dead-letters failed batches',
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadStream',
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
        resources: [props.streamArn],
      }),
    );
    // lambda:InvokeFunction on the unqualified ARN only (fn.grantInvoke would add `<arn>:*`).
    this.role.addToPrincipalPolicy(new PolicyStatement({ sid: 'InvokeTarget', actions: ['lambda:InvokeFunction'], resources: [props.target.functionArn] }));
    this.role.addToPrincipalPolicy(new PolicyStatement({ sid: 'DeadLetter', actions: ['sqs:SendMessage'], resources: [props.deadLetterQueue.queueArn] }));

    this.pipe = new CfnPipe(this, 'Pipe', {
      description: props.description,
      roleArn: this.role.roleArn,
      source: props.streamArn,
      target: props.target.functionArn,
      sourceParameters: {
        dynamoDbStreamParameters: {
          // LATEST: the pipe is created with the table, so there is no backlog to miss. Were the
          // pipe ever replaced, TRIM_HORIZON would replay up to 24 h of already-delivered events,
          // and send every record older than maximumRecordAge straight to the DLQ (and its alarm).
          startingPosition: 'LATEST',
          batchSize: props.batchSize ?? 10,
          // No batching window: subscribers should see an order the moment it changes. A window
          // of 1 s put a whole second on every event (npm run bench measured 1.03 s p50 with it,
          // see docs/local-appsync.md); under load a poll still returns full batches.
          maximumBatchingWindowInSeconds: 0,
          maximumRetryAttempts: props.maximumRetryAttempts,
          maximumRecordAgeInSeconds: recordAgeSeconds,
          onPartialBatchItemFailure: 'AUTOMATIC_BISECT',
          // One batch per shard at a time keeps each order's events in stream order.
          parallelizationFactor: 1,
          deadLetterConfig: { arn: props.deadLetterQueue.queueArn },
        },
        filterCriteria: { filters: props.filters.map((filter) => ({ pattern: JSON.stringify(filter) })) },
      },
      targetParameters: { lambdaFunctionParameters: { invocationType: 'REQUEST_RESPONSE' } },
    });
    // The role's policy must exist before the pipe starts reading.
    this.pipe.node.addDependency(this.role);
  }
}
