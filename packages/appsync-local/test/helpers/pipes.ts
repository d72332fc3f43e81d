/**
 * What the pipe runner tests share: a table with a stream in the run's DynamoDB Local, a pipe
 * definition over it, and a recording target function (the injected boundary of the runner).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DeleteItemCommand, type DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { PipeStreamRecord } from '../../src/pipes/dynamodb-stream-records.js';
import type { StreamPipeDefinition } from '../../src/pipes/pipe-definitions.js';
import type { TargetInvocationResult } from '../../src/pipes/stream-pipe-runner.js';

export const TARGET_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:pipe-target';

export function pipeOver(streamArn: string, overrides: Partial<StreamPipeDefinition> = {}): StreamPipeDefinition {
  return {
    logicalId: 'Pipe',
    name: `test-pipe-${Math.random().toString(36).slice(2, 8)}`,
    arn: 'arn:aws:pipes:us-east-1:000000000000:pipe/test-pipe',
    sourceStreamArn: streamArn,
    targetFunctionArn: TARGET_ARN,
    invocationType: 'REQUEST_RESPONSE',
    filters: [],
    batchSize: 100,
    maximumBatchingWindowInSeconds: 0,
    maximumRetryAttempts: -1,
    maximumRecordAgeInSeconds: -1,
    onPartialBatchItemFailure: undefined,
    startingPosition: 'TRIM_HORIZON',
    parallelizationFactor: 1,
    deadLetterTargetArn: undefined,
    desiredState: 'RUNNING',
    warnings: [],
    ...overrides,
  };
}

/**
 * Holds a RecordingTarget's answer to its `batch`th invocation (records handled, answer not yet
 * given) until the test opens it: the test acts, e.g. stops the runner, while that batch is under way.
 */
export class Gate {
  /** Resolves when the target is waiting at the gate. */
  readonly reached: Promise<void>;
  private readonly opened: Promise<void>;
  private arrive!: () => void;
  private release!: () => void;

  constructor(readonly batch: number) {
    this.reached = new Promise((resolve) => (this.arrive = resolve));
    this.opened = new Promise((resolve) => (this.release = resolve));
  }

  open(): void {
    this.release();
  }

  /** Waits here (until opened) when `invocation` is the gate's batch. */
  async pass(invocation: number): Promise<void> {
    if (invocation !== this.batch) return;
    this.arrive();
    await this.opened;
  }
}

/**
 * A target that handles a batch's records in order and, at the first one `fails` rejects, stops
 * and reports it and the rest as failed (as functions/order-events/process-in-order.ts does), or
 * answers a function error when `mode` is 'error'. `accepted` is what it handled, in order. With a
 * `gate`, it holds its answer to the gate's batch until the gate opens.
 */
export class RecordingTarget {
  readonly invocations: PipeStreamRecord[][] = [];
  readonly accepted: string[] = [];
  readonly functionArns = new Set<string>();
  private readonly attempts = new Map<string, number>();

  constructor(
    private readonly fails: (record: PipeStreamRecord, attempt: number) => boolean = () => false,
    private readonly mode: 'partial' | 'error' = 'partial',
    private readonly gate?: Gate,
  ) {}

  readonly invoke = async (functionArn: string, payload: unknown): Promise<TargetInvocationResult> => {
    this.functionArns.add(functionArn);
    const batch = payload as PipeStreamRecord[];
    const invocation = this.invocations.push(batch);
    const result = this.handle(batch);
    await this.gate?.pass(invocation);
    return result;
  };

  private handle(batch: PipeStreamRecord[]): TargetInvocationResult {
    for (let i = 0; i < batch.length; i += 1) {
      const record = batch[i]!;
      const attempt = (this.attempts.get(record.eventID) ?? 0) + 1;
      this.attempts.set(record.eventID, attempt);
      if (this.fails(record, attempt)) {
        if (this.mode === 'error') return { error: { errorType: 'Error', errorMessage: `cannot handle ${record.eventID}` } };
        return { result: { batchItemFailures: batch.slice(i).map((r) => ({ itemIdentifier: r.eventID })) } };
      }
      this.accepted.push(record.eventID);
    }
    return { result: { batchItemFailures: [] } };
  }
}

/** Writes order items `#ORDER#<n>` under one customer; each put is one INSERT record. */
export async function putOrders(client: DynamoDBClient, table: string, numbers: number[], extra: Record<string, unknown> = {}): Promise<void> {
  for (const n of numbers) {
    await client.send(new PutItemCommand({ TableName: table, Item: marshall({ PK: 'CUSTOMER#alice', SK: orderSk(n), Status: 'PLACED', N: n, ...extra }) }));
  }
}

export const orderSk = (n: number) => `#ORDER#${String(n).padStart(4, '0')}`;

export async function updateItem(client: DynamoDBClient, table: string, key: { PK: string; SK: string }, values: Record<string, unknown>): Promise<void> {
  const names = Object.keys(values);
  await client.send(
    new UpdateItemCommand({
      TableName: table,
      Key: marshall(key),
      UpdateExpression: `SET ${names.map((_n, i) => `#n${i} = :v${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#n${i}`, n])),
      ExpressionAttributeValues: marshall(Object.fromEntries(names.map((n, i) => [`:v${i}`, values[n]]))),
    }),
  );
}

export async function deleteItem(client: DynamoDBClient, table: string, key: { PK: string; SK: string }): Promise<void> {
  await client.send(new DeleteItemCommand({ TableName: table, Key: marshall(key) }));
}

/** The order number of a delivered record (from its key). */
export const orderNumber = (r: PipeStreamRecord) => Number(r.dynamodb.Keys?.['SK'] && 'S' in r.dynamodb.Keys['SK'] ? r.dynamodb.Keys['SK'].S.slice('#ORDER#'.length) : NaN);

/** Waits for a condition the test drives towards; fails the test (not a timing assertion) if it never comes. */
export async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function temporaryDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pipes-test-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
