/**
 * Publish and PublishBatch from the unmodified @aws-sdk/client-sns, over real HTTP, reaching the
 * local SNS through AWS_ENDPOINT_URL_SNS as a local Lambda function does: what the SDK gets back,
 * what is stored, what is logged, and FIFO's sequence numbers and deduplication.
 */
import { PublishBatchCommand, PublishCommand } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { FIFO, FIFO_CONTENT_DEDUP, ORDERS, useSnsServers } from '../../helpers/sns-harness.js';

const servers = useSnsServers();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Publish', () => {
  it('round-trips a message with every attribute type, through the path AWS_ENDPOINT_URL_SNS names', async () => {
    const server = await servers.start();
    const result = await server.client().send(
      new PublishCommand({
        TopicArn: ORDERS.arn,
        Subject: 'Order placed',
        Message: '{"orderId":"o-1"}',
        MessageAttributes: {
          eventType: { DataType: 'String', StringValue: 'ORDER_PLACED & more <xml>' },
          amount: { DataType: 'Number', StringValue: '12.50' },
          raw: { DataType: 'Binary', BinaryValue: Uint8Array.from([0, 1, 2, 255]) },
          tags: { DataType: 'String.Array', StringValue: '["a", 1, true, null]' },
          custom: { DataType: 'String.custom-type', StringValue: 'x' },
        },
      }),
    );
    expect(result.MessageId).toMatch(UUID);
    expect(result.SequenceNumber).toBeUndefined();
    expect(result.$metadata).toMatchObject({ httpStatusCode: 200, requestId: expect.stringMatching(UUID) });
    expect(server.paths).toEqual(['POST /_local/sns/']);

    expect(server.sns.listMessages(ORDERS.arn)).toEqual([
      {
        messageId: result.MessageId,
        topicArn: ORDERS.arn,
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        subject: 'Order placed',
        message: '{"orderId":"o-1"}',
        messageAttributes: {
          eventType: { DataType: 'String', StringValue: 'ORDER_PLACED & more <xml>' },
          amount: { DataType: 'Number', StringValue: '12.50' },
          raw: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 255]).toString('base64') },
          tags: { DataType: 'String.Array', StringValue: '["a", 1, true, null]' },
          custom: { DataType: 'String.custom-type', StringValue: 'x' },
        },
      },
    ]);
  });

  it('logs one short line per message', async () => {
    const server = await servers.start();
    const { MessageId } = await server
      .client()
      .send(new PublishCommand({ TopicArn: ORDERS.arn, Message: `a long\nmessage ${'x'.repeat(400)}`, MessageAttributes: { status: { DataType: 'String', StringValue: 'PLACED' } } }));
    expect(server.lines).toHaveLength(1);
    expect(server.lines[0]).toMatch(new RegExp(`^sns orders ${MessageId} \\{status=PLACED\\} a long message x+…$`));
    expect(server.lines[0]!.length).toBeLessThan(300);
  });

  it('takes a topic ARN as TargetArn too, as SNS does', async () => {
    const server = await servers.start();
    await server.client().send(new PublishCommand({ TargetArn: ORDERS.arn, Message: 'via TargetArn' }));
    expect(server.sns.listMessages(ORDERS.arn).map((m) => m.message)).toEqual(['via TargetArn']);
  });
});

describe('PublishBatch', () => {
  it('stores every entry and answers each Id with its MessageId', async () => {
    const server = await servers.start();
    const result = await server.client().send(
      new PublishBatchCommand({
        TopicArn: ORDERS.arn,
        PublishBatchRequestEntries: [
          { Id: 'first', Message: 'one', MessageAttributes: { n: { DataType: 'Number', StringValue: '1' } } },
          { Id: 'second-2', Message: 'two', Subject: 'Second' },
          { Id: 'third_3', Message: '{"default":"three"}', MessageStructure: 'json' },
        ],
      }),
    );
    expect(result.Successful).toEqual([
      { Id: 'first', MessageId: expect.stringMatching(UUID) },
      { Id: 'second-2', MessageId: expect.stringMatching(UUID) },
      { Id: 'third_3', MessageId: expect.stringMatching(UUID) },
    ]);
    expect(result.Failed).toEqual([]);
    const stored = server.sns.listMessages(ORDERS.arn);
    expect(stored.map((m) => [m.messageId, m.message, m.subject, m.messageStructure])).toEqual([
      [result.Successful![0]!.MessageId, 'one', undefined, undefined],
      [result.Successful![1]!.MessageId, 'two', 'Second', undefined],
      [result.Successful![2]!.MessageId, '{"default":"three"}', undefined, 'json'],
    ]);
    expect(stored[0]!.messageAttributes).toEqual({ n: { DataType: 'Number', StringValue: '1' } });
    expect(server.lines).toHaveLength(3);
  });
});

describe('FIFO topics', () => {
  it('number messages in order per topic and answer a SequenceNumber', async () => {
    const server = await servers.start();
    const client = server.client();
    const first = await client.send(new PublishCommand({ TopicArn: FIFO.arn, Message: 'a', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
    const batch = await client.send(
      new PublishBatchCommand({
        TopicArn: FIFO.arn,
        PublishBatchRequestEntries: [
          { Id: '1', Message: 'b', MessageGroupId: 'g', MessageDeduplicationId: 'd2' },
          { Id: '2', Message: 'c', MessageGroupId: 'g', MessageDeduplicationId: 'd3' },
        ],
      }),
    );
    const sequence = [first.SequenceNumber, ...batch.Successful!.map((s) => s.SequenceNumber)];
    expect(sequence).toEqual(['00000000000000000001', '00000000000000000002', '00000000000000000003']);
    expect(server.sns.listMessages(FIFO.arn).map((m) => [m.message, m.messageGroupId, m.messageDeduplicationId, m.sequenceNumber])).toEqual([
      ['a', 'g', 'd1', sequence[0]],
      ['b', 'g', 'd2', sequence[1]],
      ['c', 'g', 'd3', sequence[2]],
    ]);
  });

  it('deduplicate within five minutes: the duplicate is not stored and answers the first message', async () => {
    let now = new Date('2026-03-01T10:00:00Z');
    const server = await servers.start({ now: () => now });
    const client = server.client();
    const publish = () => client.send(new PublishCommand({ TopicArn: FIFO.arn, Message: 'same', MessageGroupId: 'g', MessageDeduplicationId: 'dup' }));
    const first = await publish();
    now = new Date('2026-03-01T10:04:59Z');
    const again = await publish();
    expect([again.MessageId, again.SequenceNumber]).toEqual([first.MessageId, first.SequenceNumber]);
    expect(server.sns.listMessages(FIFO.arn)).toHaveLength(1);
    now = new Date('2026-03-01T10:05:00Z');
    const later = await publish();
    expect(later.MessageId).not.toBe(first.MessageId);
    expect(server.sns.listMessages(FIFO.arn)).toHaveLength(2);
  });

  it('with content-based deduplication, deduplicate by the SHA-256 of the body', async () => {
    const server = await servers.start();
    const client = server.client();
    const first = await client.send(new PublishCommand({ TopicArn: FIFO_CONTENT_DEDUP.arn, Message: 'body', MessageGroupId: 'g' }));
    const again = await client.send(new PublishCommand({ TopicArn: FIFO_CONTENT_DEDUP.arn, Message: 'body', MessageGroupId: 'other-group' }));
    const different = await client.send(new PublishCommand({ TopicArn: FIFO_CONTENT_DEDUP.arn, Message: 'another body', MessageGroupId: 'g' }));
    expect(again.MessageId).toBe(first.MessageId);
    expect(different.MessageId).not.toBe(first.MessageId);
    expect(server.sns.listMessages(FIFO_CONTENT_DEDUP.arn).map((m) => m.messageDeduplicationId)).toEqual([
      '230d8358dc8e8890b4c58deeb62912ee2f20357ae92a5cc861b98e68fe31acb5',
      expect.stringMatching(/^[0-9a-f]{64}$/),
    ]);
  });
});
