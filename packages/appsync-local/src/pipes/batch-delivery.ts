/**
 * Delivers one batch of a shard's records (already filtered) to a pipe's Lambda target, with the
 * retry rules of a Pipes stream source, until every record is delivered or dead-lettered:
 *
 * - The target gets the records as one JSON array. An error (function error, or a failed invoke)
 *   fails the whole batch. An answer with `batchItemFailures` (itemIdentifier = eventID) is a
 *   partial success: the records before the first failed one are done, and the batch is retried
 *   from that record on, as the Pipes guide ("retries only specific failed records") and Lambda's
 *   stream docs (checkpoint at the lowest failed sequence number) describe. An empty or null
 *   list, or no answer, is a success; an empty, null or unknown itemIdentifier fails the whole
 *   batch (eb-pipes-dynamodb, "Success and failure conditions").
 * - MaximumRetryAttempts bounds the retries of a failing batch (-1: unbounded); then its records
 *   are dead-lettered with condition RetryAttemptsExhausted.
 * - With AUTOMATIC_BISECT a failing batch of more than one record is split in halves, retried
 *   in order, each half again split while it fails, down to the failing record. As for Lambda's
 *   BisectBatchOnFunctionError, splitting does not count as a retry: only a record that keeps
 *   failing alone uses up retries, so one bad record does not take its neighbours to the DLQ.
 * - MaximumRecordAgeInSeconds (-1: none): records older than that at an attempt are
 *   dead-lettered with condition RecordAgeExceeded instead of being sent.
 * - FIRE_AND_FORGET targets are invoked once per batch and their answer is not waited for by
 *   Pipes, so every answer counts as delivered here.
 *
 * Progress is reported through `commit` after every part that is done, so a stop between retries
 * loses nothing already delivered and repeats nothing: the rest is abandoned, uncommitted, and
 * delivered again by the next run.
 */
import type { PipeStreamRecord } from './dynamodb-stream-records.js';
import type { DeadLetterCondition, TargetError } from './dead-letter-store.js';
import type { InvocationType } from './pipe-definitions.js';

export interface TargetInvocationResult {
  result?: unknown;
  error?: TargetError;
}

/** Invokes the pipe's target function with the batch (the composition wires the local Lambda). */
export type PipeTargetInvoker = (functionArn: string, payload: unknown) => Promise<TargetInvocationResult>;

export interface DeliverySettings {
  functionArn: string;
  invocationType: InvocationType;
  maximumRetryAttempts: number;
  maximumRecordAgeInSeconds: number;
  bisectOnFailure: boolean;
}

export interface DeliveryHooks {
  invoke: PipeTargetInvoker;
  /** Everything up to and including `record` is done with; persist the position. */
  commit(record: PipeStreamRecord): Promise<void>;
  deadLetter(records: PipeStreamRecord[], condition: DeadLetterCondition, attempts: number, lastError: TargetError | undefined): Promise<void>;
  /** Waits before a retry (the n-th); resolves early when stopping. */
  backoff(retry: number): Promise<void>;
  stopping(): boolean;
  now(): number;
  log(line: string): void;
}

export interface DeliveryOutcome {
  delivered: number;
  deadLettered: number;
  invocations: number;
  /** Stopped before the end: the undelivered rest is not committed. */
  abandoned: boolean;
  lastError?: TargetError;
}

interface Segment {
  records: PipeStreamRecord[];
  /** Retries used so far (bisecting does not use any). */
  retries: number;
  /** Invocations that included these records, for the dead-letter entry. */
  attempts: number;
}

/** How Pipes reads an answer: a success, or a failure from record `firstFailed` on (0: the whole batch). */
export type TargetAnswer = { ok: true } | { ok: false; error: TargetError; firstFailed: number };

export async function deliverBatch(records: PipeStreamRecord[], settings: DeliverySettings, hooks: DeliveryHooks): Promise<DeliveryOutcome> {
  const outcome: DeliveryOutcome = { delivered: 0, deadLettered: 0, invocations: 0, abandoned: false };
  const queue: Segment[] = records.length > 0 ? [{ records, retries: 0, attempts: 0 }] : [];

  const finish = async (segment: Segment, count: number): Promise<void> => {
    await hooks.commit(segment.records[count - 1]!);
    segment.records = segment.records.slice(count);
    if (segment.records.length === 0) queue.shift();
  };
  const deadLetter = async (segment: Segment, count: number, condition: DeadLetterCondition): Promise<void> => {
    await hooks.deadLetter(segment.records.slice(0, count), condition, segment.attempts, outcome.lastError);
    outcome.deadLettered += count;
    await finish(segment, count);
  };

  while (queue.length > 0) {
    if (hooks.stopping()) return { ...outcome, abandoned: true };
    const segment = queue[0]!;

    const expired = expiredPrefix(segment.records, settings.maximumRecordAgeInSeconds, hooks.now());
    if (expired > 0) {
      await deadLetter(segment, expired, 'RecordAgeExceeded');
      continue;
    }

    outcome.invocations += 1;
    segment.attempts += 1;
    const answer = await invokeTarget(segment.records, settings, hooks);
    if (answer.ok) {
      outcome.delivered += segment.records.length;
      await finish(segment, segment.records.length);
      continue;
    }

    outcome.lastError = answer.error;
    hooks.log(`the target failed ${segment.records.length === 1 ? 'a record' : `a batch of ${segment.records.length}`} (${answer.error.errorType}: ${answer.error.errorMessage})`);
    if (answer.firstFailed > 0) {
      outcome.delivered += answer.firstFailed;
      await finish(segment, answer.firstFailed);
    }
    if (settings.bisectOnFailure && segment.records.length > 1) {
      const half = Math.ceil(segment.records.length / 2);
      queue.splice(0, 1, { ...segment, records: segment.records.slice(0, half) }, { ...segment, records: segment.records.slice(half) });
      continue;
    }
    segment.retries += 1;
    if (settings.maximumRetryAttempts >= 0 && segment.retries > settings.maximumRetryAttempts) {
      await deadLetter(segment, segment.records.length, 'RetryAttemptsExhausted');
      continue;
    }
    await hooks.backoff(segment.retries);
  }
  return outcome;
}

/** How many records at the front are older than the pipe's maximum record age. */
function expiredPrefix(records: PipeStreamRecord[], maximumAgeSeconds: number, now: number): number {
  if (maximumAgeSeconds < 0) return 0;
  let count = 0;
  for (const record of records) {
    const created = record.dynamodb.ApproximateCreationDateTime;
    if (created === undefined || now - created * 1000 <= maximumAgeSeconds * 1000) break;
    count += 1;
  }
  return count;
}

async function invokeTarget(records: PipeStreamRecord[], settings: DeliverySettings, hooks: DeliveryHooks): Promise<TargetAnswer> {
  let invocation: TargetInvocationResult;
  try {
    // A copy: a target that changes its event must not change what a retry sends.
    invocation = await hooks.invoke(settings.functionArn, structuredClone(records));
  } catch (err) {
    invocation = { error: { errorType: 'InvokeError', errorMessage: (err as Error).message } };
  }
  if (settings.invocationType === 'FIRE_AND_FORGET') {
    if (invocation.error) hooks.log(`asynchronous invocation of ${settings.functionArn} failed: ${invocation.error.errorType}: ${invocation.error.errorMessage}`);
    return { ok: true };
  }
  if (invocation.error) return { ok: false, error: invocation.error, firstFailed: 0 };
  return readPartialFailures(records, invocation.result);
}

/** The target's answer as Pipes reads it for a stream source. */
export function readPartialFailures(records: PipeStreamRecord[], result: unknown): TargetAnswer {
  if (typeof result !== 'object' || result === null) return { ok: true };
  const failures = (result as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { ok: true };
  const invalid = (why: string): TargetAnswer => ({ ok: false, firstFailed: 0, error: { errorType: 'InvalidBatchItemFailures', errorMessage: `${why}; the whole batch is retried` } });
  if (!Array.isArray(failures)) return invalid('batchItemFailures is not a list');
  if (failures.length === 0) return { ok: true };
  let firstFailed = records.length;
  for (const failure of failures) {
    const id: unknown = typeof failure === 'object' && failure !== null ? (failure as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (typeof id !== 'string' || id === '') return invalid(`batchItemFailures has an item without an itemIdentifier: ${JSON.stringify(failure)}`);
    const index = records.findIndex((r) => r.eventID === id);
    if (index === -1) return invalid(`batchItemFailures names ${JSON.stringify(id)}, which is not the eventID of a record in the batch`);
    firstFailed = Math.min(firstFailed, index);
  }
  const first = records[firstFailed]!;
  return {
    ok: false,
    firstFailed,
    error: { errorType: 'PartialBatchItemFailure', errorMessage: `the target reported ${failures.length} of ${records.length} records failed, the first ${first.eventID}` },
  };
}
