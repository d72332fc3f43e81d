/**
 * Every item of a table (that passes `filter`, if given), page by page, read consistently: the
 * migrations act on what is there now. A FilterExpression still reads (and bills) every page.
 */
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export async function* scanTable<T>(db: DynamoDBDocumentClient, table: string, filter?: string, values?: Record<string, unknown>): AsyncGenerator<T> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({ TableName: table, ...(filter ? { FilterExpression: filter, ExpressionAttributeValues: values } : {}), ExclusiveStartKey: start, ConsistentRead: true }),
    );
    for (const item of page.Items ?? []) yield item as T;
    start = page.LastEvaluatedKey;
  } while (start);
}
