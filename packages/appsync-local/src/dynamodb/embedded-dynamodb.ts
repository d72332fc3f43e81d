/**
 * The embedded DynamoDB Local of a local AppSync: where it keeps its data, and starting it on its
 * own, so a caller (the command) can have Java starting before it loads everything else. This
 * module loads nothing heavy for that reason.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.js';

export interface EmbeddedDynamoDbSettings {
  stateDir: string;
  ephemeral?: boolean;
  /** An external endpoint: nothing is embedded then. */
  dynamodbEndpoint?: string;
  dynamodbPort?: number;
}

/** `<stateDir>/dynamodb`; none in memory or with an external endpoint. */
export function dynamodbDataDir(settings: EmbeddedDynamoDbSettings): string | undefined {
  return settings.dynamodbEndpoint || settings.ephemeral ? undefined : path.join(settings.stateDir, 'dynamodb');
}

/** Starts the embedded DynamoDB Local these settings describe; give the promise to LocalAppSync as `dynamodbLocal`. */
export async function startEmbeddedDynamoDb(settings: EmbeddedDynamoDbSettings): Promise<DynamoDbLocal> {
  const dataDir = dynamodbDataDir(settings);
  if (dataDir) await mkdir(dataDir, { recursive: true });
  return startDynamoDbLocal({ port: settings.dynamodbPort, dataDir });
}
