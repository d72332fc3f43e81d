/**
 * Reads a DynamoDB Local table's stream and shapes the records as EventBridge Pipes delivers
 * them to a Lambda target: a JSON array of stream records, each with eventSourceARN, and
 * ApproximateCreationDateTime in epoch seconds (the SDK hands it back as a Date).
 */
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { LOCAL_CREDENTIALS } from 'appsync-local';
import type { PipeStreamRecord } from '../../functions/order-events/order-event.js';

export async function readStream(endpoint: string, streamArn: string): Promise<PipeStreamRecord[]> {
  const streams = new DynamoDBStreamsClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  try {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const records: PipeStreamRecord[] = [];
    for (const shard of StreamDescription?.Shards ?? []) {
      let iterator = (await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      for (let empty = 0; iterator && empty < 2;) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        if (!page.Records?.length) empty += 1;
        for (const r of page.Records ?? []) {
          const created = r.dynamodb?.ApproximateCreationDateTime;
          records.push({
            ...r,
            eventSourceARN: streamArn,
            dynamodb: { ...r.dynamodb, ApproximateCreationDateTime: created ? Math.floor(new Date(created).getTime() / 1000) : undefined },
          } as unknown as PipeStreamRecord);
        }
        iterator = page.NextShardIterator;
      }
    }
    return records;
  } finally {
    streams.destroy();
  }
}
