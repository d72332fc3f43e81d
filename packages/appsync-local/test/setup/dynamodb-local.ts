/**
 * One DynamoDB Local for the whole test run (vitest globalSetup): tests create their own tables
 * in it, with unique names, instead of each file paying for a Java start.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../src/dynamodb/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamo = await startDynamoDbLocal({ startTimeoutMs: 60_000 });
  project.provide('dynamodbEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
