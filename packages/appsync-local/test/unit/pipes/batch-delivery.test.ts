import { describe, expect, it } from 'vitest';
import { deliverBatch, readPartialFailures, type DeliverySettings, type TargetInvocationResult } from '../../../src/pipes/batch-delivery.js';
import type { DeadLetterCondition } from '../../../src/pipes/dead-letter-store.js';
import type { PipeStreamRecord } from '../../../src/pipes/dynamodb-stream-records.js';

const NOW = 1_800_000_000_000;

function record(n: number, createdSecondsAgo = 0): PipeStreamRecord {
  return {
    eventID: `e${n}`,
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: { ApproximateCreationDateTime: NOW / 1000 - createdSecondsAgo, Keys: { PK: { S: `k${n}` } }, SequenceNumber: String(n).padStart(21, '0') },
    eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x',
  };
}
const records = (n: number) => Array.from({ length: n }, (_, i) => record(i + 1));
const ids = (rs: PipeStreamRecord[]) => rs.map((r) => r.eventID);

const settings = (overrides: Partial<DeliverySettings> = {}): DeliverySettings => ({
  functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:target',
  invocationType: 'REQUEST_RESPONSE',
  maximumRetryAttempts: 3,
  maximumRecordAgeInSeconds: -1,
  bisectOnFailure: false,
  ...overrides,
});

/**
 * A target that handles records in order and stops at the first one `fails` rejects, reporting it
 * and everything after it (like functions/order-events/process-in-order.ts), or throws when
 * `mode` is 'error'. It records what it accepted.
 */
function harness(fails: (r: PipeStreamRecord, attempt: number) => boolean, mode: 'partial' | 'error' = 'partial') {
  const accepted: string[] = [];
  const invocations: string[][] = [];
  const committed: string[] = [];
  const deadLetters: { ids: string[]; condition: DeadLetterCondition; attempts: number }[] = [];
  const seen = new Map<string, number>();
  let stop = false;
  const hooks = {
    invoke: async (_arn: string, payload: unknown): Promise<TargetInvocationResult> => {
      const batch = payload as PipeStreamRecord[];
      invocations.push(ids(batch));
      for (let i = 0; i < batch.length; i += 1) {
        const r = batch[i]!;
        const attempt = (seen.get(r.eventID) ?? 0) + 1;
        seen.set(r.eventID, attempt);
        if (fails(r, attempt)) {
          if (mode === 'error') return { error: { errorType: 'Error', errorMessage: `cannot handle ${r.eventID}` } };
          return { result: { batchItemFailures: batch.slice(i).map((f) => ({ itemIdentifier: f.eventID })) } };
        }
        accepted.push(r.eventID);
      }
      return { result: { batchItemFailures: [] } };
    },
    commit: async (r: PipeStreamRecord) => {
      committed.push(r.eventID);
    },
    deadLetter: async (rs: PipeStreamRecord[], condition: DeadLetterCondition, attempts: number) => {
      deadLetters.push({ ids: ids(rs), condition, attempts });
    },
    backoff: async () => undefined,
    stopping: () => stop,
    now: () => NOW,
    log: () => undefined,
  };
  return { hooks, accepted, invocations, committed, deadLetters, stopNow: () => (stop = true) };
}

describe('deliverBatch', () => {
  it('delivers a batch in one invocation, in order, and commits its last record', async () => {
    const h = harness(() => false);
    const outcome = await deliverBatch(records(5), settings(), h.hooks);
    expect(h.invocations).toEqual([['e1', 'e2', 'e3', 'e4', 'e5']]);
    expect(h.committed).toEqual(['e5']);
    expect(outcome).toEqual({ delivered: 5, deadLettered: 0, invocations: 1, abandoned: false });
  });

  it('does nothing for an empty batch (every record filtered out)', async () => {
    const h = harness(() => false);
    expect(await deliverBatch([], settings(), h.hooks)).toMatchObject({ invocations: 0, delivered: 0 });
    expect(h.invocations).toEqual([]);
  });

  it('retries from the first failed item: the records before it are done and never sent again', async () => {
    const h = harness((r, attempt) => r.eventID === 'e3' && attempt === 1);
    const outcome = await deliverBatch(records(5), settings(), h.hooks);
    expect(h.invocations).toEqual([
      ['e1', 'e2', 'e3', 'e4', 'e5'],
      ['e3', 'e4', 'e5'],
    ]);
    expect(h.accepted).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(h.committed).toEqual(['e2', 'e5']);
    expect(outcome).toMatchObject({ delivered: 5, deadLettered: 0, invocations: 2 });
  });

  it('bounds the retries of a record that always fails, then dead-letters what is left', async () => {
    const h = harness((r) => r.eventID === 'e3');
    const outcome = await deliverBatch(records(5), settings({ maximumRetryAttempts: 2 }), h.hooks);
    // The first invocation and two retries.
    expect(h.invocations).toEqual([
      ['e1', 'e2', 'e3', 'e4', 'e5'],
      ['e3', 'e4', 'e5'],
      ['e3', 'e4', 'e5'],
    ]);
    expect(h.deadLetters).toEqual([{ ids: ['e3', 'e4', 'e5'], condition: 'RetryAttemptsExhausted', attempts: 3 }]);
    expect(h.accepted).toEqual(['e1', 'e2']);
    expect(h.committed).toEqual(['e2', 'e5']);
    expect(outcome).toMatchObject({ delivered: 2, deadLettered: 3, invocations: 3 });
  });

  it('dead-letters at the first failure when MaximumRetryAttempts is 0', async () => {
    const h = harness(() => true, 'error');
    await deliverBatch(records(2), settings({ maximumRetryAttempts: 0 }), h.hooks);
    expect(h.invocations).toHaveLength(1);
    expect(h.deadLetters).toEqual([{ ids: ['e1', 'e2'], condition: 'RetryAttemptsExhausted', attempts: 1 }]);
  });

  it('keeps retrying without a limit (-1) until the target recovers', async () => {
    const h = harness((_r, attempt) => attempt <= 20, 'error');
    const outcome = await deliverBatch(records(1), settings({ maximumRetryAttempts: -1 }), h.hooks);
    expect(h.invocations).toHaveLength(21);
    expect(outcome).toMatchObject({ delivered: 1, deadLettered: 0 });
  });

  it('bisects a failing batch down to the failing record, so only it goes to the DLQ', async () => {
    const h = harness((r) => r.eventID === 'e6', 'error');
    const outcome = await deliverBatch(records(8), settings({ bisectOnFailure: true, maximumRetryAttempts: 1 }), h.hooks);
    expect(h.invocations).toEqual([['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8'], ['e1', 'e2', 'e3', 'e4'], ['e5', 'e6', 'e7', 'e8'], ['e5', 'e6'], ['e5'], ['e6'], ['e6'], ['e7', 'e8']]);
    expect(h.deadLetters).toEqual([{ ids: ['e6'], condition: 'RetryAttemptsExhausted', attempts: 5 }]);
    expect(outcome).toMatchObject({ delivered: 7, deadLettered: 1 });
    // A target that fails part-way has done the records before the failure: they are sent again (at least once).
    expect(new Set(h.accepted)).toEqual(new Set(['e1', 'e2', 'e3', 'e4', 'e5', 'e7', 'e8']));
  });

  it('bisects what remains after a partial success, not the records already done', async () => {
    const h = harness((r, attempt) => r.eventID === 'e3' && attempt <= 2);
    await deliverBatch(records(4), settings({ bisectOnFailure: true }), h.hooks);
    expect(h.invocations).toEqual([['e1', 'e2', 'e3', 'e4'], ['e3'], ['e3'], ['e4']]);
    expect(h.accepted).toEqual(['e1', 'e2', 'e3', 'e4']);
  });

  it('dead-letters records older than MaximumRecordAgeInSeconds instead of sending them', async () => {
    const h = harness(() => false);
    const batch = [record(1, 120), record(2, 90), record(3, 10)];
    const outcome = await deliverBatch(batch, settings({ maximumRecordAgeInSeconds: 60 }), h.hooks);
    expect(h.deadLetters).toEqual([{ ids: ['e1', 'e2'], condition: 'RecordAgeExceeded', attempts: 0 }]);
    expect(h.invocations).toEqual([['e3']]);
    expect(h.committed).toEqual(['e2', 'e3']);
    expect(outcome).toMatchObject({ delivered: 1, deadLettered: 2 });
  });

  it('counts every answer of a FIRE_AND_FORGET target as delivered', async () => {
    const h = harness(() => true, 'error');
    const outcome = await deliverBatch(records(3), settings({ invocationType: 'FIRE_AND_FORGET' }), h.hooks);
    expect(h.invocations).toHaveLength(1);
    expect(outcome).toMatchObject({ delivered: 3, deadLettered: 0 });
  });

  it('treats a thrown invoke (no such function, say) as a failure of the whole batch', async () => {
    const h = harness(() => false);
    const hooks = { ...h.hooks, invoke: async () => Promise.reject(new Error('no Lambda function x')) };
    const outcome = await deliverBatch(records(2), settings({ maximumRetryAttempts: 1 }), hooks);
    expect(h.deadLetters).toEqual([{ ids: ['e1', 'e2'], condition: 'RetryAttemptsExhausted', attempts: 2 }]);
    expect(outcome.lastError).toEqual({ errorType: 'InvokeError', errorMessage: 'no Lambda function x' });
  });

  it('abandons the rest when stopping, without committing it', async () => {
    const h = harness((r) => r.eventID === 'e2', 'partial');
    const hooks = { ...h.hooks, backoff: async () => void h.stopNow() };
    const outcome = await deliverBatch(records(3), settings(), hooks);
    expect(outcome).toMatchObject({ abandoned: true, delivered: 1, deadLettered: 0 });
    expect(h.committed).toEqual(['e1']);
  });
});

describe("reading the target's answer", () => {
  const batch = records(3);
  it.each([
    ['no answer', undefined],
    ['null', null],
    ['a string', 'ok'],
    ['an empty object', {}],
    ['batchItemFailures null', { batchItemFailures: null }],
    ['batchItemFailures empty', { batchItemFailures: [] }],
  ])('%s is a complete success', (_name, result) => {
    expect(readPartialFailures(batch, result)).toEqual({ ok: true });
  });

  it.each([
    ['an empty itemIdentifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['a null itemIdentifier', { batchItemFailures: [{ itemIdentifier: null }] }],
    ['an itemIdentifier under another key name', { batchItemFailures: [{ itemId: 'e2' }] }],
    ['an eventID not in the batch', { batchItemFailures: [{ itemIdentifier: 'e9' }] }],
    ['batchItemFailures not a list', { batchItemFailures: 'e2' }],
  ])('%s fails the whole batch', (_name, result) => {
    expect(readPartialFailures(batch, result)).toMatchObject({ ok: false, firstFailed: 0, error: { errorType: 'InvalidBatchItemFailures' } });
  });

  it('retries from the lowest failed record, whatever the order of the list', () => {
    expect(readPartialFailures(batch, { batchItemFailures: [{ itemIdentifier: 'e3' }, { itemIdentifier: 'e2' }] })).toMatchObject({ ok: false, firstFailed: 1 });
  });
});
