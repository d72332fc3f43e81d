/**
 * The DynamoDB tables: the single table of users, email guards and orders (layout in
 * resolvers/lib/keys.ts and docs/data-model.md), and the idempotency table of the order-events
 * function. Both on-demand, encrypted with the AWS-managed key, with point-in-time recovery.
 */
import type { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { ORDERS_BY_STATUS_INDEX, ORDERS_BY_STATUS_KEYS, TABLE_KEYS } from '../../resolvers/lib/keys.js';

export interface TableProps {
  readonly removalPolicy: RemovalPolicy;
}

const COMMON = {
  billingMode: BillingMode.PAY_PER_REQUEST,
  encryption: TableEncryption.AWS_MANAGED,
  pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
} as const;

/**
 * Users and orders in one table. The stream (new and old images) feeds the order-events pipe;
 * GSI1 serves ordersByStatus.
 */
export class UsersOrdersTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: TableProps) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      ...COMMON,
      partitionKey: { name: TABLE_KEYS.partition, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sort, type: AttributeType.STRING },
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      removalPolicy: props.removalPolicy,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: ORDERS_BY_STATUS_INDEX,
      partitionKey: { name: ORDERS_BY_STATUS_KEYS.partition, type: AttributeType.STRING },
      sortKey: { name: ORDERS_BY_STATUS_KEYS.sort, type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
  }

  /** The table's stream; it always exists because the table is built with one. */
  get streamArn(): string {
    const arn = this.table.tableStreamArn;
    if (!arn) throw new Error('UsersOrdersTable has no stream');
    return arn;
  }

  /** ARN of GSI1, for grants scoped to the one index. */
  get ordersByStatusIndexArn(): string {
    return `${this.table.tableArn}/index/${ORDERS_BY_STATUS_INDEX}`;
  }
}

/**
 * Powertools idempotency records (`@aws-lambda-powertools/idempotency` DynamoDBPersistenceLayer
 * defaults): partition key `id`, expired records removed by TTL on `expiration`.
 */
export class IdempotencyTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: TableProps) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      ...COMMON,
      partitionKey: { name: 'id', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiration',
      removalPolicy: props.removalPolicy,
    });
  }
}
