/**
 * What a pipe could not deliver. Each entry keeps two things, apart:
 *
 * - `message`: exactly what AWS sends to the pipe's dead-letter queue for a DynamoDB stream
 *   source. It is batch metadata (the shard and the first and last sequence numbers), not the
 *   records: in AWS one reads them back from the stream, within its 24 hours. The shape,
 *   `{context: {partnerResourceArn, condition}, version, timestamp, DDBStreamBatchInfo}`, is not in
 *   the Pipes guide; it is taken from dead-letter messages of real pipes quoted in public code and
 *   articles, and matches the documented DDBStreamBatchInfo of Lambda's stream failure records.
 * - `local`: the failed records themselves, the attempts and the last error, kept only locally
 *   because a developer wants to see what failed without replaying the stream.
 *
 * Persisted as JSON lines in `<stateDir>/pipes/<pipe>/dead-letters.jsonl` (appended, never
 * rewritten), in memory when ephemeral.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PipeStreamRecord } from './dynamodb-stream-records.js';

/** Why records were dead-lettered, in AWS's words. */
export type DeadLetterCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

/** The body AWS sends to the dead-letter queue (SQS) or topic (SNS). */
export interface PipesDeadLetterMessage {
  context: { partnerResourceArn: string; condition: DeadLetterCondition };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

export interface TargetError {
  errorType: string;
  errorMessage: string;
}

export interface DeadLetter {
  /** The pipe's DeadLetterConfig.Arn; null when it has none (AWS then drops the records). */
  deadLetterTargetArn: string | null;
  /** What AWS would send there. */
  message: PipesDeadLetterMessage;
  /** Local only, never in AWS's message. */
  local: {
    records: PipeStreamRecord[];
    /** Invocations of the target that included these records. */
    attempts: number;
    lastError?: TargetError;
  };
}

export interface DeadLetterStore {
  add(entry: DeadLetter): Promise<void>;
  list(): Promise<DeadLetter[]>;
  readonly location: string;
}

export class FileDeadLetterStore implements DeadLetterStore {
  readonly location: string;

  constructor(dir: string) {
    this.location = path.join(dir, 'dead-letters.jsonl');
  }

  async add(entry: DeadLetter): Promise<void> {
    await mkdir(path.dirname(this.location), { recursive: true });
    await appendFile(this.location, `${JSON.stringify(entry)}\n`);
  }

  async list(): Promise<DeadLetter[]> {
    let text: string;
    try {
      text = await readFile(this.location, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    // A line cut short by a crash mid-append is skipped rather than hiding every other entry.
    return text.split('\n').flatMap((line) => {
      if (!line.trim()) return [];
      try {
        return [JSON.parse(line) as DeadLetter];
      } catch {
        return [];
      }
    });
  }
}

export class MemoryDeadLetterStore implements DeadLetterStore {
  readonly location = 'in memory';
  private readonly entries: DeadLetter[] = [];

  async add(entry: DeadLetter): Promise<void> {
    this.entries.push(structuredClone(entry));
  }

  async list(): Promise<DeadLetter[]> {
    return structuredClone(this.entries);
  }
}
