/**
 * The add-user Lambda data source. AppSync invokes it with the payload the Mutation.addUser
 * resolver builds ({ input }) and maps its answer: { user } or { error: { type, message } }.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { HTTP_TIMEOUTS } from '../shared/aws-clients.js';
import { requireEnv } from '../shared/env.js';
import { createPowertools } from '../shared/powertools.js';
import { tracedHandler } from '../shared/traced-handler.js';
import { addUser, type AddUserAnswer, type AddUserInput } from './add-user.js';

const TABLE_NAME = requireEnv('TABLE_NAME');
const { logger, tracer, metrics } = createPowertools('add-user');
const db = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient(HTTP_TIMEOUTS)), { marshallOptions: { removeUndefinedValues: true } });

export const handler = tracedHandler(tracer, 'add-user', async (event: { input: AddUserInput }, context: Context): Promise<AddUserAnswer> => {
  logger.addContext(context);
  try {
    const answer = await addUser(db, TABLE_NAME, event.input);
    if ('error' in answer) {
      logger.info('user not added', { errorType: answer.error.type });
      metrics.addMetric('UserRejected', MetricUnit.Count, 1);
    } else {
      logger.info('user added', { username: answer.user.username });
      metrics.addMetric('UserAdded', MetricUnit.Count, 1);
    }
    return answer;
  } catch (err) {
    // AppSync turns a thrown error into ctx.error (Lambda:Unhandled); the resolver hides its text.
    logger.error('add-user failed', err as Error);
    throw err;
  } finally {
    metrics.publishStoredMetrics();
  }
});
