/**
 * The order-events function, target of the pipe from the table's stream. For each order record:
 * an SNS message and the publishOrderEvent mutation, each at most once per stream record (the
 * pipe delivers at least once; Powertools idempotency keyed by the record's eventID removes the
 * repeats), in stream order, with partial batch failures so only what failed is retried.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import type { OrderEventInput } from '../../resolvers/generated/graphql.js';
import { HTTP_TIMEOUTS } from '../shared/aws-clients.js';
import { requireEnv } from '../shared/env.js';
import { createPowertools } from '../shared/powertools.js';
import { tracedHandler } from '../shared/traced-handler.js';
import { IamGraphqlClient } from './appsync-client.js';
import { toOrderEvent, type PipeStreamRecord } from './order-event.js';
import { processInOrder, type PartialBatchResponse } from './process-in-order.js';
import { publishToSns, publishToSubscribers } from './publish.js';

const TOPIC_ARN = requireEnv('TOPIC_ARN');
const GRAPHQL_URL = requireEnv('GRAPHQL_URL');
const IDEMPOTENCY_TABLE_NAME = requireEnv('IDEMPOTENCY_TABLE_NAME');
const REGION = requireEnv('AWS_REGION');

const { logger, tracer, metrics } = createPowertools('order-events');
const sns = tracer.captureAWSv3Client(new SNSClient(HTTP_TIMEOUTS));
const api = new IamGraphqlClient(GRAPHQL_URL, REGION);

// Stream records live 24 h; remembering an event a little longer covers every redelivery.
const idempotency = new IdempotencyConfig({ eventKeyJmesPath: 'eventId', expiresAfterSeconds: 25 * 60 * 60, throwOnNoIdempotencyKey: true });
const idempotencyDb = tracer.captureAWSv3Client(new DynamoDBClient(HTTP_TIMEOUTS));
// One key per side effect: if SNS succeeded and AppSync failed, a retry repeats only AppSync.
// One store each, too: a store carries the key prefix of the function it serves.
const store = () => new DynamoDBPersistenceLayer({ tableName: IDEMPOTENCY_TABLE_NAME, awsSdkV3Client: idempotencyDb });
const snsOnce = makeIdempotent((event: OrderEventInput) => publishToSns(sns, TOPIC_ARN, event), { persistenceStore: store(), config: idempotency, keyPrefix: 'order-events.sns' });
const subscribersOnce = makeIdempotent((event: OrderEventInput) => publishToSubscribers(api, event).then(() => true), {
  persistenceStore: store(),
  config: idempotency,
  keyPrefix: 'order-events.appsync',
});

async function handleRecord(record: PipeStreamRecord): Promise<void> {
  const event = toOrderEvent(record);
  if (!event) {
    logger.info('record is not an order event', { eventID: record.eventID, eventName: record.eventName });
    return;
  }
  await snsOnce(event);
  await subscribersOnce(event);
  metrics.addMetric('OrderEventPublished', MetricUnit.Count, 1);
  logger.info('order event published', { eventId: event.eventId, type: event.type, orderId: event.orderId });
}

export const handler = tracedHandler(tracer, 'order-events', async (records: PipeStreamRecord[], context: Context): Promise<PartialBatchResponse> => {
  logger.addContext(context);
  idempotency.registerLambdaContext(context);
  try {
    const response = await processInOrder(records, handleRecord, (record, error) => {
      logger.error('order event failed; it and the records after it will be retried', { eventID: record.eventID, error: error as Error });
      metrics.addMetric('OrderEventFailed', MetricUnit.Count, 1);
    });
    return response;
  } finally {
    metrics.publishStoredMetrics();
  }
});
