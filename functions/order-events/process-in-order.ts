/**
 * Processes a batch of stream records one by one, in order, and reports partial failures as
 * EventBridge Pipes expects them ({ batchItemFailures: [{ itemIdentifier: eventID }] }: "For
 * Kinesis and DynamoDB, this is the eventID").
 *
 * Written here rather than with Powertools' BatchProcessor, which reports dynamodb.SequenceNumber
 * (what Lambda event source mappings want, not Pipes) and carries on after a failure: a later
 * change of the same order would then reach subscribers before the earlier one is retried. This
 * stops at the first failure and reports it and everything after it, so order is kept.
 */
import type { PipeStreamRecord } from './order-event.js';

export interface PartialBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export async function processInOrder(
  records: PipeStreamRecord[],
  handle: (record: PipeStreamRecord) => Promise<void>,
  onFailure: (record: PipeStreamRecord, error: unknown) => void,
): Promise<PartialBatchResponse> {
  for (let i = 0; i < records.length; i += 1) {
    try {
      await handle(records[i]!);
    } catch (error) {
      onFailure(records[i]!, error);
      return { batchItemFailures: records.slice(i).map((r) => ({ itemIdentifier: r.eventID })) };
    }
  }
  return { batchItemFailures: [] };
}
