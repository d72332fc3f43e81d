/**
 * Tables in the DynamoDB Local the test run started (test/setup/dynamodb-local.ts), for the tests
 * of the data source, the provisioner and the pipes. The table is a common single-table layout
 * (PK/SK, one GSI, a NEW_AND_OLD_IMAGES stream); each test file makes its own, uniquely named.
 */
import { CreateTableCommand, DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { inject } from 'vitest';
import { LOCAL_CREDENTIALS } from '../../src/dynamodb/dynamodb-local.js';

export function dynamodbEndpoint(): string {
  return inject('dynamodbEndpoint');
}

export function clients(endpoint: string) {
  const raw = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  return { raw, doc: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }) };
}

let counter = 0;
export const uniqueName = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${(counter += 1)}`;

/** A table keyed PK/SK with GSI1 (GSI1PK/GSI1SK) and a NEW_AND_OLD_IMAGES stream. */
export async function createSingleTable(client: DynamoDBClient, name = uniqueName('single-table')): Promise<{ name: string; streamArn: string }> {
  const created = await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'PK', AttributeType: 'S' },
        { AttributeName: 'SK', AttributeType: 'S' },
        { AttributeName: 'GSI1PK', AttributeType: 'S' },
        { AttributeName: 'GSI1SK', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'GSI1',
          KeySchema: [
            { AttributeName: 'GSI1PK', KeyType: 'HASH' },
            { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  return { name, streamArn: created.TableDescription!.LatestStreamArn! };
}

/** Every item of a table, as plain objects. */
export async function scanAll(client: DynamoDBClient, name: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: name, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []).map((i) => unmarshall(i)));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
