/**
 * Messages outlive the process when a state dir is given: a new LocalSns on the same folder lists
 * what the previous one stored (FIFO sequence numbers carry on), each topic keeps only its last N
 * messages and its file stays bounded, a line cut short by a crash is skipped, and without a
 * state dir nothing touches the disk.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PublishCommand } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { LocalSns } from '../../../src/sns/local-sns.js';
import { FIFO, ORDERS, useSnsServers } from '../../helpers/sns-harness.js';

const servers = useSnsServers();

describe('with a state dir', () => {
  it('a new instance on the same folder lists what the previous one stored', async () => {
    const stateDir = servers.stateDir();
    const first = await servers.start({ stateDir });
    const { MessageId } = await first
      .client()
      .send(new PublishCommand({ TopicArn: ORDERS.arn, Message: 'kept', Subject: 'S', MessageAttributes: { bin: { DataType: 'Binary', BinaryValue: Uint8Array.from([7]) } } }));
    const stored = first.sns.listMessages(ORDERS.arn);
    await first.stop();

    const second = await servers.start({ stateDir });
    expect(second.sns.listMessages(ORDERS.arn)).toEqual(stored);
    expect(stored[0]).toMatchObject({ messageId: MessageId, message: 'kept', subject: 'S', messageAttributes: { bin: { DataType: 'Binary', BinaryValue: 'Bw==' } } });
    expect(second.sns.topics().find((t) => t.arn === ORDERS.arn)?.messageCount).toBe(1);
  });

  it('writes one JSON line per message to <stateDir>/sns/<topic>.jsonl', async () => {
    const stateDir = servers.stateDir();
    const server = await servers.start({ stateDir });
    await server.client().send(new PublishCommand({ TopicArn: ORDERS.arn, Message: 'one' }));
    await server.client().send(new PublishCommand({ TopicArn: ORDERS.arn, Message: 'two' }));
    const lines = readFileSync(path.join(stateDir, 'sns', 'orders.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { message: string }).message)).toEqual(['one', 'two']);
  });

  it('FIFO sequence numbers and deduplication carry on across instances', async () => {
    const stateDir = servers.stateDir();
    const first = await servers.start({ stateDir });
    const a = await first.client().send(new PublishCommand({ TopicArn: FIFO.arn, Message: 'a', MessageGroupId: 'g', MessageDeduplicationId: 'a' }));
    await first.stop();
    const second = await servers.start({ stateDir });
    const b = await second.client().send(new PublishCommand({ TopicArn: FIFO.arn, Message: 'b', MessageGroupId: 'g', MessageDeduplicationId: 'b' }));
    const again = await second.client().send(new PublishCommand({ TopicArn: FIFO.arn, Message: 'a', MessageGroupId: 'g', MessageDeduplicationId: 'a' }));
    expect([a.SequenceNumber, b.SequenceNumber]).toEqual(['00000000000000000001', '00000000000000000002']);
    expect(again.MessageId).toBe(a.MessageId);
  });

  it('keeps the last N messages per topic, and compacts the file once it holds twice that', async () => {
    const stateDir = servers.stateDir();
    const server = await servers.start({ stateDir, messagesPerTopic: 3 });
    const client = server.client();
    for (let i = 1; i <= 7; i += 1) await client.send(new PublishCommand({ TopicArn: ORDERS.arn, Message: `m${i}` }));
    expect(server.sns.listMessages(ORDERS.arn).map((m) => m.message)).toEqual(['m5', 'm6', 'm7']);
    // The 7th line exceeded 2 × 3, so the file was rewritten with the 3 kept.
    expect(
      readFileSync(path.join(stateDir, 'sns', 'orders.jsonl'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(3);
    await server.stop();
    const reopened = await LocalSns.open({ topics: [ORDERS], stateDir, messagesPerTopic: 3 });
    expect(reopened.listMessages(ORDERS.arn).map((m) => m.message)).toEqual(['m5', 'm6', 'm7']);
  });

  it('skips a line cut short by a crash', async () => {
    const stateDir = servers.stateDir();
    const first = await servers.start({ stateDir });
    await first.client().send(new PublishCommand({ TopicArn: ORDERS.arn, Message: 'whole' }));
    await first.stop();
    const file = path.join(stateDir, 'sns', 'orders.jsonl');
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"messageId":"cut-sh`);
    const second = await LocalSns.open({ topics: [ORDERS], stateDir });
    expect(second.listMessages(ORDERS.arn).map((m) => m.message)).toEqual(['whole']);
  });
});

describe('without a state dir', () => {
  it('keeps messages in memory only', async () => {
    const stateDir = servers.stateDir();
    const server = await servers.start();
    await server.client().send(new PublishCommand({ TopicArn: ORDERS.arn, Message: 'in memory' }));
    expect(server.sns.listMessages(ORDERS.arn)).toHaveLength(1);
    expect(readdirSync(stateDir)).toEqual([]);
    expect(existsSync(path.join(process.cwd(), 'sns'))).toBe(false);
    const fresh = await LocalSns.open({ topics: [ORDERS] });
    expect(fresh.listMessages(ORDERS.arn)).toEqual([]);
  });
});
