/**
 * The user pool's PreSignUp trigger (see pre-sign-up.ts): refuses a self sign-up whose username
 * already has a profile, or is no username the API accepts. Answers the event unchanged otherwise
 * (no auto-confirmation: the user confirms their email with the code Cognito sends).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, PreSignUpTriggerEvent } from 'aws-lambda';
import { HTTP_TIMEOUTS } from '../shared/aws-clients.js';
import { requireEnv } from '../shared/env.js';
import { createPowertools } from '../shared/powertools.js';
import { tracedHandler } from '../shared/traced-handler.js';
import { checkSignUp, SignUpRefused } from './pre-sign-up.js';

const TABLE_NAME = requireEnv('TABLE_NAME');
/** What a person signing up reads when the check itself failed (no period: Cognito adds one). */
export const SIGN_UP_UNAVAILABLE = 'Sign-up is not available right now; try again later';
const { logger, tracer } = createPowertools('pre-sign-up');
const db = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient(HTTP_TIMEOUTS)));

export const handler = tracedHandler(tracer, 'pre-sign-up', async (event: PreSignUpTriggerEvent, context: Context): Promise<PreSignUpTriggerEvent> => {
  logger.addContext(context);
  try {
    await checkSignUp(db, TABLE_NAME, event);
  } catch (err) {
    if (err instanceof SignUpRefused) {
      logger.info('sign-up refused', { reason: err.message, triggerSource: event.triggerSource });
      throw err;
    }
    // Cognito shows the trigger's message to whoever is signing up ("PreSignUp failed with error
    // <message>."): an SDK error would name the table and the role. The details stay in the log.
    logger.error('pre-sign-up failed', err as Error);
    throw new Error(SIGN_UP_UNAVAILABLE);
  }
  return event;
});
