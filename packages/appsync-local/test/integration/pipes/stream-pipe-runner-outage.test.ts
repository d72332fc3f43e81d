/**
 * DynamoDB Local going away under a running pipe: the runner logs it once, keeps retrying, and
 * carries on from its checkpoint when DynamoDB Local is back (same port and folder, as the local
 * server restarts it). Its own DynamoDB Local, since the run's shared one must not be stopped.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, startDynamoDbLocal, type DynamoDbLocal } from '../../../src/dynamodb/dynamodb-local.js';
import { StreamPipeRunner } from '../../../src/pipes/stream-pipe-runner.js';
import { createSingleTable } from '../../helpers/dynamodb.js';
import { orderNumber, pipeOver, putOrders, RecordingTarget, temporaryDir, until } from '../../helpers/pipes.js';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

describe('when DynamoDB Local restarts', () => {
  it('the pipe logs the outage, survives it and delivers every record once afterwards', async () => {
    const data = await temporaryDir();
    const state = await temporaryDir();
    cleanup.push(data.remove, state.remove);
    let dynamo: DynamoDbLocal = await startDynamoDbLocal({ dataDir: data.dir, startTimeoutMs: 60_000 });
    cleanup.push(() => dynamo.stop());
    const client = () => new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
    let db = client();
    const { name: table, streamArn } = await createSingleTable(db);

    const logs: string[] = [];
    const target = new RecordingTarget();
    const pipe = pipeOver(streamArn, { batchSize: 4 });
    const runner = new StreamPipeRunner({ pipe, dynamodbEndpoint: dynamo.endpoint, region: 'us-east-1', invoke: target.invoke, stateDir: state.dir, log: (l) => logs.push(l), pollIntervalMs: 25 });
    cleanup.push(() => runner.stop());
    runner.start();

    await putOrders(db, table, [1, 2, 3, 4, 5]);
    await runner.idle();
    expect(target.accepted).toHaveLength(5);

    // A clean stop (SIGTERM), as the local server's supervisor sees a crash: DynamoDB Local is
    // not crash-safe (docs/local-appsync.md), and this test is about the pipe, not about that.
    await dynamo.stop();
    await until(() => logs.some((l) => l.includes(`pipe ${pipe.name}: cannot read ${streamArn}`)), 'the outage to be logged');
    db.destroy();
    dynamo = await startDynamoDbLocal({ dataDir: data.dir, port: dynamo.port, startTimeoutMs: 60_000 });
    db = client();
    cleanup.push(async () => db.destroy());

    await putOrders(db, table, [6, 7, 8, 9, 10]);
    await until(() => target.accepted.length >= 10, 'the records written after the restart');
    await runner.idle();

    const byId = new Map(target.invocations.flat().map((r) => [r.eventID, orderNumber(r)]));
    expect(target.accepted.map((id) => byId.get(id))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // One line for the outage however many polls failed, one for the way back.
    expect(logs.filter((l) => l.includes('cannot read'))).toHaveLength(1);
    expect(logs.filter((l) => l.includes(`reading ${streamArn} again`))).toHaveLength(1);
    expect(runner.status().problem).toBeUndefined();
  });
});
