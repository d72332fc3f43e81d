/**
 * The add-user Lambda data source. AppSync invokes it with the payload the Mutation.addUser
 * resolver builds ({ input, caller }) and maps its answer: { user }, { error: { type, message } }
 * or { unauthorized }. A signed-in user's verified email comes from the user pool (USER_POOL_ID).
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { HTTP_TIMEOUTS } from '../shared/aws-clients.js';
import { requireEnv } from '../shared/env.js';
import { createPowertools } from '../shared/powertools.js';
import { tracedHandler } from '../shared/traced-handler.js';
import { addUserAs, type AddUserAnswer, type AddUserRequest } from './add-user.js';
import { cognitoAccountLookup } from './verified-email.js';

const TABLE_NAME = requireEnv('TABLE_NAME');
const USER_POOL_ID = requireEnv('USER_POOL_ID');
const { logger, tracer, metrics } = createPowertools('add-user');
const db = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient(HTTP_TIMEOUTS)), { marshallOptions: { removeUndefinedValues: true } });
const accounts = cognitoAccountLookup(tracer.captureAWSv3Client(new CognitoIdentityProviderClient(HTTP_TIMEOUTS)), USER_POOL_ID);

export const handler = tracedHandler(tracer, 'add-user', async (event: AddUserRequest, context: Context): Promise<AddUserAnswer> => {
  logger.addContext(context);
  try {
    const answer = await addUserAs(db, TABLE_NAME, event, accounts);
    if ('unauthorized' in answer) {
      logger.info('user not added: unauthorized', { callerKind: event.caller?.kind });
      metrics.addMetric('UserRejected', MetricUnit.Count, 1);
    } else if ('error' in answer) {
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
