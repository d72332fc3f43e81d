/**
 * The pipe runner against the run's DynamoDB Local (real streams, no mocks); the target is a
 * recording function, the runner's injected boundary.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TemplateResolver } from '../../../src/cloud-assembly/intrinsics.js';
import { loadStackArtifact } from '../../../src/cloud-assembly/stack-artifact.js';
import { resourcesOfType } from '../../../src/cloud-assembly/template.js';
import { readStreamPipes, type StreamPipeDefinition } from '../../../src/pipes/pipe-definitions.js';
import { StreamPipeRunner, type StreamPipeRunnerOptions } from '../../../src/pipes/stream-pipe-runner.js';
import { clients, createSingleTable, dynamodbEndpoint } from '../../helpers/dynamodb.js';
import { cdkNotesAssembly } from '../../helpers/fixture-apps.js';
import { deleteItem, Gate, orderNumber, orderSk, pipeOver, putOrders, RecordingTarget, TARGET_ARN, temporaryDir, until, updateItem } from '../../helpers/pipes.js';

const { raw: db } = clients(dynamodbEndpoint());
const runners: StreamPipeRunner[] = [];
const dirs: { remove: () => Promise<void> }[] = [];
const logs: string[] = [];

afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});
afterAll(async () => {
  db.destroy();
  await Promise.all(dirs.map((d) => d.remove()));
});

function runner(pipe: StreamPipeDefinition, target: RecordingTarget, options: Partial<StreamPipeRunnerOptions> = {}): StreamPipeRunner {
  const r = new StreamPipeRunner({
    pipe,
    dynamodbEndpoint: dynamodbEndpoint(),
    region: 'us-east-1',
    invoke: target.invoke,
    log: (line) => logs.push(line),
    pollIntervalMs: 25,
    retryBackoffMs: () => 5,
    ...options,
  });
  runners.push(r);
  r.start();
  return r;
}

async function stateDir(): Promise<string> {
  const d = await temporaryDir();
  dirs.push(d);
  return d.dir;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const deliveredNumbers = (target: RecordingTarget) =>
  target.invocations
    .flat()
    .filter((r) => target.accepted.includes(r.eventID))
    .map(orderNumber);
/** Order numbers the target accepted, in the order it accepted them. */
const acceptedNumbers = (...targets: RecordingTarget[]) => {
  const byId = new Map(targets.flatMap((t) => t.invocations.flat()).map((r) => [r.eventID, orderNumber(r)]));
  return targets.flatMap((t) => t.accepted.map((id) => byId.get(id)));
};

describe('delivery', () => {
  it('delivers every record once, in stream order, shaped as Pipes gives a Lambda target', async () => {
    const { name: table, streamArn } = await createSingleTable(db);
    await putOrders(db, table, range(1, 20));
    await updateItem(db, table, { PK: 'CUSTOMER#alice', SK: orderSk(3) }, { Status: 'SHIPPED' });
    await deleteItem(db, table, { PK: 'CUSTOMER#alice', SK: orderSk(4) });
    const target = new RecordingTarget();
    const r = runner(pipeOver(streamArn), target);
    await r.idle();

    const delivered = target.invocations.flat();
    expect(delivered.map((d) => `${d.eventName} ${orderNumber(d)}`)).toEqual([...range(1, 20).map((n) => `INSERT ${n}`), 'MODIFY 3', 'REMOVE 4']);
    expect(target.accepted).toEqual(delivered.map((d) => d.eventID));
    const sequence = delivered.map((d) => BigInt(d.dynamodb.SequenceNumber));
    expect(sequence).toEqual([...sequence].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(target.functionArns).toEqual(new Set([TARGET_ARN]));

    const modify = delivered[20]!;
    expect(Object.keys(modify)).toEqual(['eventID', 'eventName', 'eventVersion', 'eventSource', 'awsRegion', 'dynamodb', 'eventSourceARN']);
    expect(modify).toMatchObject({ eventSource: 'aws:dynamodb', awsRegion: 'us-east-1', eventSourceARN: streamArn });
    expect(modify.dynamodb).toMatchObject({
      Keys: { PK: { S: 'CUSTOMER#alice' }, SK: { S: orderSk(3) } },
      OldImage: { Status: { S: 'PLACED' }, N: { N: '3' } },
      NewImage: { Status: { S: 'SHIPPED' } },
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
    expect(typeof modify.dynamodb.SizeBytes).toBe('number');
    // Epoch seconds, not milliseconds or a date string (DynamoDB Local rounds to the minute).
    expect(Math.abs(modify.dynamodb.ApproximateCreationDateTime! - Date.now() / 1000)).toBeLessThan(300);
    expect(delivered[21]!.dynamodb).not.toHaveProperty('NewImage');
    expect(r.recentBatches()).toMatchObject([{ records: 22, filtered: 0, delivered: 22, deadLettered: 0, invocations: 1, outcome: 'delivered' }]);
  });

  it('batches by BatchSize', async () => {
    const { name: table, streamArn } = await createSingleTable(db);
    await putOrders(db, table, range(1, 10));
    const target = new RecordingTarget();
    await runner(pipeOver(streamArn, { batchSize: 4 }), target).idle();
    expect(target.invocations.map((batch) => batch.map(orderNumber))).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10],
    ]);
  });

  it('waits up to the batching window for a batch to fill', async () => {
    const { name: table, streamArn } = await createSingleTable(db);
    const target = new RecordingTarget();
    // The runner's clock, moved by the test: the window ends when the test says so.
    let now = Date.now();
    const r = runner(pipeOver(streamArn, { batchSize: 10, maximumBatchingWindowInSeconds: 3 }), target, { now: () => now });
    await r.idle();
    await putOrders(db, table, [1]);
    await until(() => r.status().heldRecords === 1, 'record 1 read and held for the window');
    expect(target.invocations).toEqual([]);
    await putOrders(db, table, [2, 3]);
    await until(() => r.status().heldRecords === 3, 'records 2 and 3 joining the held batch');
    expect(target.invocations).toEqual([]);
    now += 3_000;
    await until(() => target.accepted.length === 3, 'three records delivered once the window ended');
    expect(target.invocations.map((batch) => batch.map(orderNumber))).toEqual([[1, 2, 3]]);
    expect(r.status().heldRecords).toBe(0);
  });
});

describe('filters', () => {
  const artifact = loadStackArtifact(cdkNotesAssembly());
  /** The CDK fixture app's pipe, from its synthesized template, over a test table's stream. */
  function fixturePipe(streamArn: string): StreamPipeDefinition {
    const resolver = new TemplateResolver(artifact.template, {
      region: 'us-east-1',
      accountId: '000000000000',
      stackName: artifact.stackName,
      graphqlUrl: 'http://x/graphql',
      realtimeUrl: 'ws://x',
      apiKey: 'k',
    });
    const tableId = resourcesOfType(artifact.template, 'AWS::DynamoDB::Table').find((t) => t.logicalId.startsWith('Notes'))!.logicalId;
    resolver.resources.set(tableId, 'StreamArn', streamArn);
    const pipe = readStreamPipes(artifact, resolver).pipes[0]!;
    return { ...pipe, name: `${pipe.name}-${Math.random().toString(36).slice(2, 8)}` };
  }

  it("pass what the template's filter matches and drop the rest; LATEST skips what came before (the fixture's pipe)", async () => {
    const { name: table, streamArn } = await createSingleTable(db);
    const note = (n: number) => ({ PK: `NOTE#${n}`, SK: `NOTE#${n}` });
    await updateItem(db, table, note(99), { title: 'before the pipe' }); // LATEST skips it
    const pipe = fixturePipe(streamArn);
    expect(pipe.startingPosition).toBe('LATEST');
    const target = new RecordingTarget();
    const r = runner(pipe, target);
    await r.idle();

    await updateItem(db, table, note(1), { title: 'one' }); // inserted with a title: passes
    await updateItem(db, table, note(2), { body: 'untitled' }); // inserted without one: dropped
    await updateItem(db, table, note(1), { body: 'edited' }); // changed, still titled: passes
    await deleteItem(db, table, note(1)); // removed: no new image, dropped
    await r.idle();

    expect(target.invocations.flat().map((d) => `${d.eventName} ${d.dynamodb.Keys?.['PK'] && 'S' in d.dynamodb.Keys['PK'] ? d.dynamodb.Keys['PK'].S : ''}`)).toEqual([
      'INSERT NOTE#1',
      'MODIFY NOTE#1',
    ]);
    const batches = r.recentBatches();
    expect(batches.reduce((n, b) => n + b.records, 0)).toBe(4);
    expect(batches.reduce((n, b) => n + b.filtered, 0)).toBe(2);
    // Filtered records count as processed: the checkpoint is past the last one.
    const last = batches.at(-1)!.lastSequenceNumber;
    expect(r.status().shards[0]?.sequenceNumber).toBe(last);
  });
});

describe('failures', () => {
  it('a record failing once is retried from it: every record is handled exactly once', async () => {
    const { name: table, streamArn } = await createSingleTable(db);
    await putOrders(db, table, range(1, 12));
    const target = new RecordingTarget((rec, attempt) => orderNumber(rec) === 7 && attempt === 1);
    const r = runner(pipeOver(streamArn, { batchSize: 5, maximumRetryAttempts: 2, onPartialBatchItemFailure: 'AUTOMATIC_BISECT' }), target);
    await r.idle();
    expect(acceptedNumbers(target)).toEqual(range(1, 12));
    expect(await r.deadLetters()).toEqual([]);
    expect(r.recentBatches().map((b) => b.outcome)).toEqual(['delivered', 'retried', 'delivered']);
  });

  it('records that always fail end in the DLQ, the others are handled once: none lost, none doubled', async () => {
    const { name: table, streamArn } = await createSingleTable(db);
    await putOrders(db, table, range(1, 12));
    const poison = new Set([3, 8, 9]);
    const target = new RecordingTarget((rec) => poison.has(orderNumber(rec)));
    const r = runner(
      pipeOver(streamArn, { batchSize: 6, maximumRetryAttempts: 1, onPartialBatchItemFailure: 'AUTOMATIC_BISECT', deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq' }),
      target,
    );
    await r.idle();

    const deadLettered = (await r.deadLetters()).flatMap((d) => d.local.records.map(orderNumber));
    expect(acceptedNumbers(target)).toEqual(range(1, 12).filter((n) => !poison.has(n)));
    expect(deadLettered).toEqual([3, 8, 9]);
  });

  it('a target that fails everything: retries are bounded, then every record is dead-lettered with the batch metadata AWS sends', async () => {
    const { name: table, streamArn } = await createSingleTable(db);
    await putOrders(db, table, range(1, 7));
    const target = new RecordingTarget(() => true, 'error');
    const dir = await stateDir();
    const pipe = pipeOver(streamArn, { batchSize: 3, maximumRetryAttempts: 2, deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq' });
    const r = runner(pipe, target, { stateDir: dir });
    await r.idle();

    // Three batches (3, 3, 1), each sent once and retried twice.
    expect(target.invocations.map((b) => b.map(orderNumber))).toEqual([[1, 2, 3], [1, 2, 3], [1, 2, 3], [4, 5, 6], [4, 5, 6], [4, 5, 6], [7], [7], [7]]);
    expect(target.accepted).toEqual([]);
    const letters = await r.deadLetters();
    expect(letters.map((d) => d.local.records.map(orderNumber))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    const first = letters[0]!;
    const records = target.invocations[0]!;
    expect(first).toEqual({
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq',
      message: {
        context: { partnerResourceArn: pipe.arn, condition: 'RetryAttemptsExhausted' },
        version: '1.0',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        DDBStreamBatchInfo: {
          shardId: r.status().shards[0]!.shardId,
          startSequenceNumber: records[0]!.dynamodb.SequenceNumber,
          endSequenceNumber: records[2]!.dynamodb.SequenceNumber,
          approximateArrivalOfFirstRecord: new Date(records[0]!.dynamodb.ApproximateCreationDateTime! * 1000).toISOString(),
          approximateArrivalOfLastRecord: new Date(records[2]!.dynamodb.ApproximateCreationDateTime! * 1000).toISOString(),
          batchSize: 3,
          streamArn,
        },
      },
      local: { records, attempts: 3, lastError: { errorType: 'Error', errorMessage: `cannot handle ${records[0]!.eventID}` } },
    });
    expect(r.recentBatches().map((b) => b.outcome)).toEqual(['dead-lettered', 'dead-lettered', 'dead-lettered']);

    // Persisted as JSON lines, and listed by a later run.
    const file = path.join(dir, 'pipes', pipe.name, 'dead-letters.jsonl');
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(3);
    await r.stop();
    const later = runner(pipe, new RecordingTarget(), { stateDir: dir });
    expect(await later.deadLetters()).toEqual(letters);
    await later.idle();
    expect(later.recentBatches()).toEqual([]);
  });

  it('dead-letters without a DLQ too (AWS drops the records), saying so', async () => {
    const { name: table, streamArn } = await createSingleTable(db);
    await putOrders(db, table, [1]);
    const pipe = pipeOver(streamArn, { maximumRetryAttempts: 0 });
    const r = runner(pipe, new RecordingTarget(() => true, 'error'));
    await r.idle();
    expect((await r.deadLetters()).map((d) => d.deadLetterTargetArn)).toEqual([null]);
    expect(logs.some((l) => l.startsWith(`pipe ${pipe.name}: 1 record dropped (the pipe has no dead-letter queue), RetryAttemptsExhausted`))).toBe(true);
  });
});

describe('restarts', () => {
  it('stopped mid-stream, a new runner on the same state dir loses nothing and repeats nothing', async () => {
    const { name: table, streamArn } = await createSingleTable(db);
    await putOrders(db, table, range(1, 30));
    const dir = await stateDir();
    const pipe = pipeOver(streamArn, { batchSize: 3 });
    const gate = new Gate(2);
    const first = new RecordingTarget(() => false, 'partial', gate);
    const r1 = runner(pipe, first, { stateDir: dir });
    // The target holds its answer to the second batch; the runner is told to stop meanwhile.
    await gate.reached;
    const stopped = r1.stop();
    gate.open();
    await stopped;
    expect(first.invocations).toHaveLength(2);
    expect(first.accepted.length).toBeLessThan(30);

    await putOrders(db, table, range(31, 40));
    const second = new RecordingTarget();
    const r2 = runner(pipe, second, { stateDir: dir });
    await r2.idle();
    expect(acceptedNumbers(first, second)).toEqual(range(1, 40));

    const checkpoint = JSON.parse(await readFile(path.join(dir, 'pipes', pipe.name, 'checkpoint.json'), 'utf8')) as { streamArn: string; shards: Record<string, { sequenceNumber?: string }> };
    expect(checkpoint.streamArn).toBe(streamArn);
    expect(Object.values(checkpoint.shards).map((s) => s.sequenceNumber)).toEqual([second.invocations.flat().at(-1)!.dynamodb.SequenceNumber]);
  });

  it('a batch abandoned by stop while it waits to be retried is delivered by the next run', async () => {
    const { name: table, streamArn } = await createSingleTable(db);
    await putOrders(db, table, range(1, 4));
    const dir = await stateDir();
    const pipe = pipeOver(streamArn, { batchSize: 10 });
    const failing = new RecordingTarget((rec) => orderNumber(rec) === 3);
    const r1 = runner(pipe, failing, { stateDir: dir, retryBackoffMs: () => 60_000 });
    await until(() => failing.invocations.length === 1, 'the first attempt');
    await r1.stop();
    expect(r1.recentBatches().map((b) => b.outcome)).toEqual(['abandoned']);

    const healthy = new RecordingTarget();
    const r2 = runner(pipe, healthy, { stateDir: dir });
    await r2.idle();
    // 1 and 2 were done before the failure (a partial success); 3 and 4 come again.
    expect(acceptedNumbers(failing, healthy)).toEqual([1, 2, 3, 4]);
    expect(healthy.invocations.map((b) => b.map(orderNumber))).toEqual([[3, 4]]);
  });

  it('LATEST applies to the first run only: records written while the pipe was down are delivered on restart', async () => {
    const { name: table, streamArn } = await createSingleTable(db);
    await putOrders(db, table, range(1, 3));
    const dir = await stateDir();
    const pipe = pipeOver(streamArn, { startingPosition: 'LATEST' });
    const first = new RecordingTarget();
    const r1 = runner(pipe, first, { stateDir: dir });
    await r1.idle();
    await r1.stop();
    expect(first.invocations).toEqual([]);

    await putOrders(db, table, range(4, 5));
    const second = new RecordingTarget();
    const r2 = runner(pipe, second, { stateDir: dir });
    await r2.idle();
    await putOrders(db, table, [6]);
    await r2.idle();
    expect(acceptedNumbers(second)).toEqual([4, 5, 6]);
  });

  it('in memory (no state dir) nothing is written, and a new runner starts afresh', async () => {
    const { name: table, streamArn } = await createSingleTable(db);
    await putOrders(db, table, range(1, 2));
    const pipe = pipeOver(streamArn);
    const r1 = runner(pipe, new RecordingTarget());
    await r1.idle();
    expect(r1.locations).toEqual({ checkpoint: 'in memory', deadLetters: 'in memory' });
    const again = new RecordingTarget();
    await runner(pipe, again).idle();
    expect(deliveredNumbers(again)).toEqual([1, 2]);
  });

  it('a STOPPED pipe does not run', async () => {
    const { name: table, streamArn } = await createSingleTable(db);
    await putOrders(db, table, range(1, 2));
    const stopped = new RecordingTarget();
    const r = runner(pipeOver(streamArn, { desiredState: 'STOPPED' }), stopped);
    const running = new RecordingTarget();
    await runner(pipeOver(streamArn), running).idle();
    expect(running.accepted).toHaveLength(2);
    expect(stopped.invocations).toEqual([]);
    expect(r.status().state).toBe('disabled');
  });
});

describe('state on disk', () => {
  it('keeps the checkpoint and dead letters under <stateDir>/pipes/<pipe name>/', async () => {
    const { name: table, streamArn } = await createSingleTable(db);
    await putOrders(db, table, [1]);
    const dir = await stateDir();
    const pipe = pipeOver(streamArn, { maximumRetryAttempts: 0 });
    const r = runner(pipe, new RecordingTarget(() => true, 'error'), { stateDir: dir });
    await r.idle();
    const folder = path.join(dir, 'pipes', pipe.name);
    expect(r.locations).toEqual({ checkpoint: path.join(folder, 'checkpoint.json'), deadLetters: path.join(folder, 'dead-letters.jsonl') });
    expect(existsSync(r.locations.checkpoint) && existsSync(r.locations.deadLetters)).toBe(true);
  });
});
