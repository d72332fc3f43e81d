/**
 * Runs one EventBridge Pipe from a DynamoDB stream to a Lambda function against DynamoDB Local:
 * reads the stream, filters, batches, invokes the target through an injected function, retries
 * and dead-letters as the pipe says (batch-delivery.ts), and remembers where it got to
 * (checkpoint-store.ts) so a restart neither loses nor repeats records.
 *
 * Reading follows the DynamoDB Streams model: every shard (DescribeStream, paged), a child shard
 * only once its parent is read to its end, records in order within a shard, one batch at a time
 * (ParallelizationFactor 1; shards are taken in turn by one loop, which locally, with DynamoDB
 * Local's one open shard per table, costs nothing). When idle, each shard is polled every
 * `pollIntervalMs`; when records came, at once. A batch is up to BatchSize records, gathered for
 * up to MaximumBatchingWindowInSeconds once the first record is there.
 *
 * Starting positions: with a checkpoint, after its sequence number (AFTER_SEQUENCE_NUMBER); for
 * a shard the checkpoint does not know (a child shard born since), from its start. The pipe's
 * StartingPosition applies to its very first run only. LATEST is taken as "after the last
 * record the shard holds now" (the shard is read to its end without delivering), because that
 * position can be checkpointed: a shard iterator of type LATEST cannot, and a pipe stopped before
 * any record came would otherwise skip, on restart, what was written while it was down.
 *
 * Failures talking to DynamoDB (DynamoDB Local restarting, say) are logged once and retried with
 * backoff; the shard iterators are dropped and acquired again from the checkpoint, which also
 * covers expired iterators. Nothing here throws into the host process.
 */
import { Agent } from 'node:http';
import path from 'node:path';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type Shard,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { LOCAL_CREDENTIALS } from '../dynamodb/dynamodb-local.js';
import { deliverBatch, type DeliveryHooks, type PipeTargetInvoker } from './batch-delivery.js';
import { FileCheckpointStore, MemoryCheckpointStore, type CheckpointStore, type ShardCheckpoint } from './checkpoint-store.js';
import { FileDeadLetterStore, MemoryDeadLetterStore, type DeadLetter, type DeadLetterCondition, type DeadLetterStore, type TargetError } from './dead-letter-store.js';
import { filterView, toPipeRecord, type PipeStreamRecord } from './dynamodb-stream-records.js';
import { matchesEventPattern, parseEventPattern, type EventPattern } from './event-pattern.js';
import type { StreamPipeDefinition } from './pipe-definitions.js';

export type { PipeTargetInvoker, TargetInvocationResult } from './batch-delivery.js';

export interface StreamPipeRunnerOptions {
  pipe: StreamPipeDefinition;
  /** The DynamoDB (Local) endpoint whose stream the pipe reads. */
  dynamodbEndpoint: string;
  /** The region of the records' awsRegion and of the SDK client. */
  region: string;
  invoke: PipeTargetInvoker;
  /** State goes to `<stateDir>/pipes/<pipe name>/` (checkpoint, dead letters); in memory when absent. */
  stateDir?: string;
  log?: (line: string) => void;
  /** Pause between polls of a shard that had nothing. @default 200 */
  pollIntervalMs?: number;
  /** Pause before the n-th retry of a failing batch. @default 500 ms doubling, at most 10 s */
  retryBackoffMs?: (retry: number) => number;
  /** How many batches recentBatches() keeps. @default 100 */
  recentBatchLimit?: number;
  /** The clock for record ages and timestamps. @default Date.now */
  now?: () => number;
}

/**
 * What happened to a batch read from the stream:
 * filtered (no record matched, nothing invoked), delivered (first try), retried (delivered after
 * retries), partial (part delivered, part dead-lettered), dead-lettered (every matching record),
 * abandoned (the pipe stopped first; the undelivered part is read again on the next run).
 */
export type BatchOutcome = 'filtered' | 'delivered' | 'retried' | 'partial' | 'dead-lettered' | 'abandoned';

export interface BatchSummary {
  shardId: string;
  startedAt: string;
  durationMs: number;
  firstSequenceNumber: string;
  lastSequenceNumber: string;
  /** Records read from the stream. */
  records: number;
  /** Of those, filtered out (never sent; they count as processed). */
  filtered: number;
  delivered: number;
  deadLettered: number;
  invocations: number;
  outcome: BatchOutcome;
  /** The last error the target gave, if any. */
  error?: TargetError;
}

export interface PipeRunnerStatus {
  state: 'not started' | 'running' | 'stopped' | 'disabled';
  /** The current problem reading the stream, while there is one. */
  problem?: string;
  shards: { shardId: string; parentShardId?: string; sequenceNumber?: string; finished: boolean }[];
  /** Records read and held for the batching window (the batch is not full yet); 0 when none. */
  heldRecords: number;
}

interface ShardState {
  id: string;
  parentId?: string;
  position: ShardCheckpoint;
  /** Where the next GetRecords reads; absent: acquire one from `position`. */
  iterator?: string;
}

/** Records per GetRecords while reading a shard to its end for LATEST (the API's maximum). */
const DRAIN_PAGE = 1000;
/** How often the shard list is refreshed while nothing else asks for it. */
const DESCRIBE_INTERVAL_MS = 1000;
const MAX_ERROR_BACKOFF_MS = 5000;
/** While a problem lasts, it is logged again this often. */
const PROBLEM_REMINDER_MS = 30_000;

export class StreamPipeRunner {
  readonly pipe: StreamPipeDefinition;
  private readonly options: StreamPipeRunnerOptions;
  private readonly client: DynamoDBStreamsClient;
  private readonly checkpoints: CheckpointStore;
  private readonly deadLetterStore: DeadLetterStore;
  private readonly filters: EventPattern[];
  private readonly log: (line: string) => void;
  private readonly now: () => number;

  private shards = new Map<string, ShardState>();
  private initialized = false;
  private lastDescribe = 0;
  private shardFinished = false;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private state: PipeRunnerStatus['state'] = 'not started';
  private problem: string | undefined;
  private lastProblemLog = 0;
  private consecutiveErrors = 0;
  private round = 0;
  private readonly idleWaiters: { afterRound: number; resolve: () => void }[] = [];
  private readonly wakers = new Set<() => void>();
  private readonly batches: BatchSummary[] = [];
  private heldRecords = 0;
  /** Settles once the runner knows where it reads from (or could not find out, or stopped). */
  private placed!: () => void;
  private readonly placement = new Promise<void>((resolve) => (this.placed = resolve));

  constructor(options: StreamPipeRunnerOptions) {
    this.options = options;
    this.pipe = options.pipe;
    this.log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
    this.now = options.now ?? Date.now;
    // Checked when the pipe was read (pipe-definitions.ts); parsed once here.
    this.filters = options.pipe.filters.map((f) => parseEventPattern(f, { dialect: 'pipes' }));
    const dir = options.stateDir === undefined ? undefined : path.join(options.stateDir, 'pipes', options.pipe.name);
    this.checkpoints = dir ? new FileCheckpointStore(dir) : new MemoryCheckpointStore();
    this.deadLetterStore = dir ? new FileDeadLetterStore(dir) : new MemoryDeadLetterStore();
    this.client = new DynamoDBStreamsClient({
      endpoint: options.dynamodbEndpoint,
      region: options.region,
      credentials: LOCAL_CREDENTIALS,
      // Retries are this runner's (with its backoff and one log line per outage), not the SDK's.
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true }), connectionTimeout: 2_000, requestTimeout: 10_000 }),
    });
  }

  /** Where the checkpoint and the dead letters are kept ("in memory" when ephemeral). */
  get locations(): { checkpoint: string; deadLetters: string } {
    return { checkpoint: this.checkpoints.location, deadLetters: this.deadLetterStore.location };
  }

  /** Starts reading in the background. A pipe whose DesiredState is STOPPED does not run. */
  start(): void {
    if (this.loop || this.stopping) return;
    if (this.pipe.desiredState === 'STOPPED') {
      this.state = 'disabled';
      this.log(`pipe ${this.pipe.name}: DesiredState is STOPPED; it does not run`);
      return;
    }
    this.state = 'running';
    this.loop = this.run();
  }

  /**
   * Stops reading. A target invocation under way is waited for and its answer kept; the rest of
   * its batch (retries, later halves) is abandoned without a checkpoint, so the next run
   * delivers it.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of this.wakers) wake();
    await this.loop;
    this.state = 'stopped';
    this.placed();
    this.client.destroy();
    for (const waiter of this.idleWaiters.splice(0)) waiter.resolve();
  }

  /**
   * Resolves once the runner has placed itself on the stream (a LATEST position taken, a
   * checkpoint read), so a write made afterwards is read; also when it stops, never runs, or
   * cannot read the stream yet (it keeps trying in the background). A pipe in AWS is placed when
   * it is created, before the app takes traffic: awaiting this keeps that order locally.
   */
  placedOnStream(): Promise<void> {
    if (this.state !== 'running' || this.stopping) return Promise.resolve();
    return this.placement;
  }

  /**
   * Resolves once the pipe has caught up: a full pass over the shards, begun after this call,
   * found no record and no batch was under way. Also resolves when the pipe stops (or never runs);
   * while the stream cannot be read (DynamoDB Local down) it keeps waiting.
   */
  idle(): Promise<void> {
    if (this.state !== 'running' || this.stopping) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push({ afterRound: this.round, resolve }));
  }

  /** The last batches, oldest first. */
  recentBatches(): BatchSummary[] {
    return this.batches.map((b) => ({ ...b }));
  }

  /** Everything dead-lettered so far (persisted: also what earlier runs dead-lettered). */
  deadLetters(): Promise<DeadLetter[]> {
    return this.deadLetterStore.list();
  }

  status(): PipeRunnerStatus {
    return {
      state: this.state,
      ...(this.problem ? { problem: this.problem } : {}),
      shards: [...this.shards.values()].map((s) => ({
        shardId: s.id,
        ...(s.parentId ? { parentShardId: s.parentId } : {}),
        ...(s.position.sequenceNumber ? { sequenceNumber: s.position.sequenceNumber } : {}),
        finished: s.position.finished === true,
      })),
      heldRecords: this.heldRecords,
    };
  }

  // -------------------------------------------------------------------------------------------

  private async run(): Promise<void> {
    while (!this.stopping) {
      this.round += 1;
      const round = this.round;
      let busy = false;
      try {
        if (!this.initialized) await this.initialize();
        else if (this.shouldDescribe()) await this.discoverShards();
        for (const shard of this.readyShards()) {
          if (this.stopping) break;
          if (await this.pollShard(shard)) busy = true;
        }
        this.recovered();
      } catch (err) {
        this.failed(err);
        this.placed();
        await this.sleep(Math.min(MAX_ERROR_BACKOFF_MS, 100 * 2 ** this.consecutiveErrors));
        continue;
      }
      if (!busy && !this.stopping) {
        for (const waiter of this.idleWaiters.filter((w) => w.afterRound < round)) {
          this.idleWaiters.splice(this.idleWaiters.indexOf(waiter), 1);
          waiter.resolve();
        }
        await this.sleep(this.options.pollIntervalMs ?? 200);
      }
    }
  }

  /** Reads the checkpoint and the shards, and places every shard (see the header for the rules). */
  private async initialize(): Promise<void> {
    const saved = await this.checkpoints.load();
    const shards = await this.describeShards();
    const streamArn = this.pipe.sourceStreamArn;
    this.shards = new Map();
    if (saved && saved.streamArn !== streamArn) {
      // The table was re-created (a new stream): everything in it is newer than the checkpoint.
      this.log(`pipe ${this.pipe.name}: its checkpoint is for another stream (${saved.streamArn}); reading ${streamArn} from its start`);
    }
    const resume = saved?.streamArn === streamArn ? saved : undefined;
    for (const shard of shards) {
      const state: ShardState = { id: shard.ShardId!, ...(shard.ParentShardId ? { parentId: shard.ParentShardId } : {}), position: {} };
      if (resume) state.position = { ...(resume.shards[state.id] ?? {}) };
      else if (!saved && this.pipe.startingPosition === 'LATEST') await this.placeAtLatest(state, shard);
      this.shards.set(state.id, state);
    }
    await this.saveCheckpoint();
    this.lastDescribe = this.now();
    this.initialized = true;
    this.placed();
    const where = resume ? 'from its checkpoint' : saved ? 'from the start of the new stream' : `at ${this.pipe.startingPosition}`;
    this.log(`pipe ${this.pipe.name}: reading ${streamArn} ${where} (${this.shards.size} shard${this.shards.size === 1 ? '' : 's'}), state ${this.checkpoints.location}`);
  }

  /** LATEST on a first run: after the shard's last record now, keeping the iterator that got there. */
  private async placeAtLatest(state: ShardState, shard: Shard): Promise<void> {
    if (shard.SequenceNumberRange?.EndingSequenceNumber) {
      state.position = { finished: true };
      return;
    }
    let iterator = await this.getShardIterator(state.id, 'TRIM_HORIZON');
    while (iterator) {
      const page = await this.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: DRAIN_PAGE }));
      const last = page.Records?.at(-1)?.dynamodb?.SequenceNumber;
      if (last) state.position = { sequenceNumber: last };
      iterator = page.NextShardIterator;
      if (!page.Records?.length) break;
    }
    if (iterator) state.iterator = iterator;
    else state.position.finished = true;
  }

  private shouldDescribe(): boolean {
    return this.shardFinished || this.idleWaiters.length > 0 || this.now() - this.lastDescribe >= DESCRIBE_INTERVAL_MS;
  }

  /** Adds shards born since (child shards, read from their start) and forgets trimmed ones. */
  private async discoverShards(): Promise<void> {
    const shards = await this.describeShards();
    this.lastDescribe = this.now();
    this.shardFinished = false;
    const listed = new Set(shards.map((s) => s.ShardId!));
    let changed = false;
    for (const shard of shards) {
      if (this.shards.has(shard.ShardId!)) continue;
      this.shards.set(shard.ShardId!, { id: shard.ShardId!, ...(shard.ParentShardId ? { parentId: shard.ParentShardId } : {}), position: {} });
      changed = true;
    }
    for (const id of this.shards.keys()) {
      if (listed.has(id)) continue;
      this.shards.delete(id);
      changed = true;
    }
    if (changed) await this.saveCheckpoint();
  }

  private async describeShards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const page = await this.client.send(new DescribeStreamCommand({ StreamArn: this.pipe.sourceStreamArn, ExclusiveStartShardId: start }));
      shards.push(...(page.StreamDescription?.Shards ?? []).filter((s) => s.ShardId));
      start = page.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  /** Shards to read now: not finished, and their parent (if still listed) finished. */
  private readyShards(): ShardState[] {
    return [...this.shards.values()].filter((s) => {
      if (s.position.finished) return false;
      const parent = s.parentId ? this.shards.get(s.parentId) : undefined;
      return !parent || parent.position.finished === true;
    });
  }

  /** Reads one batch from the shard and delivers it; true when records came. */
  private async pollShard(shard: ShardState): Promise<boolean> {
    shard.iterator ??= await this.acquireIterator(shard);
    if (!shard.iterator) return false;

    const { batchSize, maximumBatchingWindowInSeconds } = this.pipe;
    const windowEnds = this.now() + maximumBatchingWindowInSeconds * 1000;
    const records: PipeStreamRecord[] = [];
    for (;;) {
      let page: GetRecordsCommandOutput;
      try {
        page = await this.client.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: batchSize - records.length }));
      } catch (err) {
        if (errorName(err) !== 'ExpiredIteratorException') throw err;
        // Whatever was gathered is read again from the checkpoint.
        this.log(`pipe ${this.pipe.name}: shard ${shard.id}: the iterator expired; reading again from the checkpoint`);
        shard.iterator = undefined;
        return true;
      }
      shard.iterator = page.NextShardIterator;
      for (const r of page.Records ?? []) records.push(toPipeRecord(r, { region: this.options.region, streamArn: this.pipe.sourceStreamArn }));
      if (records.length === 0 || records.length >= batchSize || !shard.iterator) break;
      const left = windowEnds - this.now();
      if (left <= 0 || this.stopping) break;
      this.heldRecords = records.length;
      if (!page.Records?.length) await this.sleep(Math.min(100, left));
    }
    this.heldRecords = 0;

    if (records.length > 0) await this.processBatch(shard, records);
    if (!shard.iterator && !this.stopping) {
      // GetRecords gives no next iterator at the end of a closed shard: its children come next.
      shard.position.finished = true;
      this.shardFinished = true;
      await this.saveCheckpoint();
    }
    return records.length > 0;
  }

  private async acquireIterator(shard: ShardState): Promise<string | undefined> {
    const after = shard.position.sequenceNumber;
    try {
      return await this.getShardIterator(shard.id, after ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON', after);
    } catch (err) {
      if (errorName(err) === 'TrimmedDataAccessException') {
        this.log(`pipe ${this.pipe.name}: shard ${shard.id}: records after ${after} are past the stream's retention; reading from the oldest record left`);
        return this.getShardIterator(shard.id, 'TRIM_HORIZON');
      }
      if (errorName(err) === 'ResourceNotFoundException') {
        // DescribeStream listed it a moment ago; it has been trimmed away since.
        shard.position.finished = true;
        this.shardFinished = true;
        return undefined;
      }
      throw err;
    }
  }

  private async getShardIterator(shardId: string, type: ShardIteratorType, sequenceNumber?: string): Promise<string | undefined> {
    const answer = await this.client.send(
      new GetShardIteratorCommand({ StreamArn: this.pipe.sourceStreamArn, ShardId: shardId, ShardIteratorType: type, ...(sequenceNumber ? { SequenceNumber: sequenceNumber } : {}) }),
    );
    return answer.ShardIterator;
  }

  private async processBatch(shard: ShardState, records: PipeStreamRecord[]): Promise<void> {
    const started = this.now();
    const matching = records.filter((r) => this.filters.length === 0 || this.filters.some((f) => matchesEventPattern(f, filterView(r))));
    const outcome = await deliverBatch(
      matching,
      {
        functionArn: this.pipe.targetFunctionArn,
        invocationType: this.pipe.invocationType,
        maximumRetryAttempts: this.pipe.maximumRetryAttempts,
        maximumRecordAgeInSeconds: this.pipe.maximumRecordAgeInSeconds,
        bisectOnFailure: this.pipe.onPartialBatchItemFailure === 'AUTOMATIC_BISECT',
      },
      this.deliveryHooks(shard),
    );
    if (outcome.abandoned) {
      // Not checkpointed: the next run reads the rest again; this one keeps no iterator past it.
      shard.iterator = undefined;
    } else {
      // Covers the records filtered out after the last one delivered.
      await this.commit(shard, records.at(-1)!);
    }

    const deadLettered = outcome.deadLettered;
    let result: BatchOutcome;
    if (outcome.abandoned) result = 'abandoned';
    else if (matching.length === 0) result = 'filtered';
    else if (deadLettered === 0) result = outcome.invocations > 1 ? 'retried' : 'delivered';
    else result = outcome.delivered > 0 ? 'partial' : 'dead-lettered';
    this.batches.push({
      shardId: shard.id,
      startedAt: new Date(started).toISOString(),
      durationMs: this.now() - started,
      firstSequenceNumber: records[0]!.dynamodb.SequenceNumber,
      lastSequenceNumber: records.at(-1)!.dynamodb.SequenceNumber,
      records: records.length,
      filtered: records.length - matching.length,
      delivered: outcome.delivered,
      deadLettered,
      invocations: outcome.invocations,
      outcome: result,
      ...(outcome.lastError ? { error: outcome.lastError } : {}),
    });
    const limit = this.options.recentBatchLimit ?? 100;
    if (this.batches.length > limit) this.batches.splice(0, this.batches.length - limit);
  }

  private deliveryHooks(shard: ShardState): DeliveryHooks {
    return {
      invoke: this.options.invoke,
      commit: (record) => this.commit(shard, record),
      deadLetter: (records, condition, attempts, lastError) => this.deadLetter(shard, records, condition, attempts, lastError),
      backoff: (retry) => this.sleep(this.options.retryBackoffMs?.(retry) ?? Math.min(10_000, 500 * 2 ** (retry - 1))),
      stopping: () => this.stopping,
      now: this.now,
      log: (line) => this.log(`pipe ${this.pipe.name}: ${line}`),
    };
  }

  private async commit(shard: ShardState, record: PipeStreamRecord): Promise<void> {
    shard.position.sequenceNumber = record.dynamodb.SequenceNumber;
    await this.saveCheckpoint();
  }

  private async deadLetter(shard: ShardState, records: PipeStreamRecord[], condition: DeadLetterCondition, attempts: number, lastError: TargetError | undefined): Promise<void> {
    const first = records[0]!;
    const last = records.at(-1)!;
    const arrival = (r: PipeStreamRecord) => new Date((r.dynamodb.ApproximateCreationDateTime ?? 0) * 1000).toISOString();
    const target = this.pipe.deadLetterTargetArn ?? null;
    await this.deadLetterStore.add({
      deadLetterTargetArn: target,
      message: {
        context: { partnerResourceArn: this.pipe.arn, condition },
        version: '1.0',
        timestamp: new Date(this.now()).toISOString(),
        DDBStreamBatchInfo: {
          shardId: shard.id,
          startSequenceNumber: first.dynamodb.SequenceNumber,
          endSequenceNumber: last.dynamodb.SequenceNumber,
          approximateArrivalOfFirstRecord: arrival(first),
          approximateArrivalOfLastRecord: arrival(last),
          batchSize: records.length,
          streamArn: this.pipe.sourceStreamArn,
        },
      },
      local: { records, attempts, ...(lastError ? { lastError } : {}) },
    });
    const where = target ? `dead-lettered to ${target}` : 'dropped (the pipe has no dead-letter queue)';
    this.log(
      `pipe ${this.pipe.name}: ${records.length} record${records.length === 1 ? '' : 's'} ${where}, ${condition}${lastError ? ` after ${lastError.errorType}: ${lastError.errorMessage}` : ''}; kept in ${this.deadLetterStore.location}`,
    );
  }

  private async saveCheckpoint(): Promise<void> {
    await this.checkpoints.save({
      streamArn: this.pipe.sourceStreamArn,
      shards: Object.fromEntries([...this.shards.values()].map((s) => [s.id, { ...s.position }])),
    });
  }

  /**
   * One log line when a problem starts (not one per retry: an outage fails every poll, with
   * changing errors as DynamoDB Local goes down and comes back), a reminder while it lasts, and
   * iterators acquired afresh after it.
   */
  private failed(err: unknown): void {
    const message = `${errorName(err)}: ${(err as Error).message}`;
    const now = this.now();
    if (this.problem === undefined) {
      this.log(`pipe ${this.pipe.name}: cannot read ${this.pipe.sourceStreamArn}: ${message}; retrying`);
      this.lastProblemLog = now;
    } else if (now - this.lastProblemLog >= PROBLEM_REMINDER_MS) {
      this.log(`pipe ${this.pipe.name}: still cannot read ${this.pipe.sourceStreamArn}: ${message}`);
      this.lastProblemLog = now;
    }
    this.problem = message;
    this.consecutiveErrors += 1;
    for (const shard of this.shards.values()) shard.iterator = undefined;
  }

  private recovered(): void {
    if (this.problem === undefined) return;
    this.log(`pipe ${this.pipe.name}: reading ${this.pipe.sourceStreamArn} again`);
    this.problem = undefined;
    this.consecutiveErrors = 0;
  }

  /** A pause that stop() cuts short. */
  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : 'Error';
}
