/**
 * Order events: the table's stream, through an EventBridge Pipe that lets only order inserts and
 * status changes through, to the order-events function (functions/order-events/handler.ts), which
 * publishes each event to an SNS topic and to the API's publishOrderEvent mutation (and so to
 * onOrderEvent subscribers). Batches that still fail after the retries go to a dead-letter queue.
 */
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IGraphqlApi } from 'aws-cdk-lib/aws-appsync';
import { Grant } from 'aws-cdk-lib/aws-iam';
import { Alias } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ORDER_PREFIX } from '../../resolvers/lib/keys.js';
import type { OrderStatus } from '../../resolvers/generated/graphql.js';
import { STATUS_SPELLINGS, STATUS_TRANSITIONS } from '../../resolvers/lib/order-status.js';
import type { PowertoolsLogLevel } from '../config.js';
import { NodeFunction } from './node-function.js';
import { TableStreamPipe } from './stream-pipe.js';
import { IdempotencyTable, type UsersOrdersTable } from './tables.js';

/** Every order status (the transition table is keyed by all of them); terminal ones included, so the filter encodes no business rule. */
export const ORDER_STATUSES = Object.keys(STATUS_TRANSITIONS) as OrderStatus[];

/** The only mutation the function may call. */
export const PUBLISH_MUTATION = 'publishOrderEvent';

/**
 * The pipe's filters, one event pattern each (ORed): an order item inserted, and for each status
 * an order item that changed to it from something else. Pattern fields are ANDed and have no
 * cross-field comparison, hence one filter per new status (4 + 1, within Pipes' limit of 5).
 * Keyed on the new status, not the old one, so a change away from a status the original
 * services spelled their own way (`CANCEL`, `Placed`) passes too: the new status is read under
 * every spelling the API reads (resolvers/lib/order-status.ts, any case), the old one must not
 * be one of its exact spellings. A rewrite such as `cancel` to `CANCELLED` (the migration's) may
 * pass; the function compares the statuses as the API reads them and makes no event of it.
 * Profiles and email guards never match (their SK does not start with #ORDER#); nor does a
 * MODIFY that leaves Status as it was. No filter uses eventName, which AWS's documentation lists
 * as not filterable in places: an insert is told by its missing old image (`exists: false` on a
 * leaf, as EventBridge requires), a change by both images being present.
 */
export function orderEventFilters(statuses: readonly OrderStatus[] = ORDER_STATUSES): object[] {
  const isOrder = { SK: { S: [{ prefix: ORDER_PREFIX }] } };
  return [
    { dynamodb: { NewImage: isOrder, OldImage: { SK: { S: [{ exists: false }] } } } },
    ...statuses.map((status) => ({
      dynamodb: {
        OldImage: { Status: { S: [{ 'anything-but': STATUS_SPELLINGS[status] }] } },
        NewImage: { ...isOrder, Status: { S: STATUS_SPELLINGS[status].map((spelling) => ({ 'equals-ignore-case': spelling })) } },
      },
    })),
  ];
}

export interface OrderEventsProps {
  readonly table: UsersOrdersTable;
  readonly api: IGraphqlApi;
  readonly graphqlUrl: string;
  readonly logLevel: PowertoolsLogLevel;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly maximumRetryAttempts: number;
  readonly maximumRecordAge: Duration;
}

export class OrderEvents extends Construct {
  readonly topic: Topic;
  readonly idempotencyTable: IdempotencyTable;
  readonly handler: NodeFunction;
  readonly deadLetterQueue: Queue;
  readonly pipe: TableStreamPipe;

  constructor(scope: Construct, id: string, props: OrderEventsProps) {
    super(scope, id);

    // Encrypted with the AWS managed SNS key: the publisher is our own function (the key's
    // policy admits any principal of the account through SNS), and there is no key to manage.
    // A service publisher such as CloudWatch would need a customer managed key instead.
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Order events',
      masterKey: Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
      enforceSSL: true,
    });

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is the order-events pipe's dead-letter queue (DeadLetterConfig of an EventBridge Pipe, which the rule does not recognize, it only knows SQS redrive policies); a DLQ needs no DLQ of its own.",
    });

    this.idempotencyTable = new IdempotencyTable(this, 'Idempotency', { removalPolicy: props.removalPolicy });

    this.handler = new NodeFunction(this, 'Handler', {
      entry: 'functions/order-events/handler.ts',
      serviceName: 'order-events',
      description: 'Pipe target: publishes order events to SNS and to the publishOrderEvent mutation',
      logLevel: props.logLevel,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      // A batch of 10 records, each an SNS publish and a signed GraphQL call plus idempotency
      // reads and writes (every call capped at 5 s): room for the worst case, not the usual 1 s.
      timeout: Duration.minutes(2),
    });
    this.handler
      .bind('TOPIC_ARN', this.topic.topicArn, (grantee) =>
        // sns:Publish only: topic.grantPublish would add kms:GenerateDataKey*/Decrypt on `key/*`
        // (the imported alias), which the AWS managed key does not need: its key policy already
        // admits every principal of the account that calls through SNS.
        Grant.addToPrincipal({ grantee, actions: ['sns:Publish'], resourceArns: [this.topic.topicArn] }),
      )
      .bind('GRAPHQL_URL', props.graphqlUrl, (grantee) => props.api.grantMutation(grantee, PUBLISH_MUTATION))
      // What Powertools idempotency does with its records, nothing more (no Scan, no batch calls).
      .bindTable(this.idempotencyTable.table, { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'] }, 'IDEMPOTENCY_TABLE_NAME');

    this.pipe = new TableStreamPipe(this, 'Pipe', {
      description: 'Order inserts and status changes from the users-and-orders table to the order-events function',
      streamArn: props.table.streamArn,
      target: this.handler.function,
      deadLetterQueue: this.deadLetterQueue,
      filters: orderEventFilters(),
      maximumRetryAttempts: props.maximumRetryAttempts,
      maximumRecordAge: props.maximumRecordAge,
      batchSize: 10,
    });
  }
}
