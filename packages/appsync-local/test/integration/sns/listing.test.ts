/**
 * The local-only JSON listing of what was published, over HTTP: topics with their counts, one
 * topic's messages by name or by URL-encoded ARN, every message, and the answers for what does
 * not exist.
 */
import { PublishCommand } from '@aws-sdk/client-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIFO, FIFO_CONTENT_DEDUP, ORDERS, useSnsServers, type SnsServer } from '../../helpers/sns-harness.js';

const servers = useSnsServers();
let server: SnsServer;
let published: string[];

beforeAll(async () => {
  server = await servers.start();
  const client = server.client();
  published = [];
  for (const message of ['first', 'second']) published.push((await client.send(new PublishCommand({ TopicArn: ORDERS.arn, Message: message }))).MessageId!);
  await client.send(new PublishCommand({ TopicArn: FIFO.arn, Message: 'fifo', MessageGroupId: 'g', MessageDeduplicationId: 'd' }));
});

async function get(path: string, method = 'GET'): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.origin}${path}`, { method });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('GET /_local/sns/topics', () => {
  it('lists every topic with its ARN, FIFO settings and message count', async () => {
    const { status, body } = await get('/_local/sns/topics');
    expect(status).toBe(200);
    expect(body['topics']).toEqual([
      { ...ORDERS, messageCount: 2, lastPublishedAt: expect.any(String) },
      { ...FIFO, messageCount: 1, lastPublishedAt: expect.any(String) },
      { ...FIFO_CONTENT_DEDUP, messageCount: 0, lastPublishedAt: null },
    ]);
  });
});

describe('GET /_local/sns/topics/<topic>/messages', () => {
  it('finds the topic by name', async () => {
    const { status, body } = await get('/_local/sns/topics/orders/messages');
    expect(status).toBe(200);
    expect(body['topic']).toMatchObject({ arn: ORDERS.arn, messageCount: 2 });
    expect((body['messages'] as { messageId: string; message: string }[]).map((m) => [m.messageId, m.message])).toEqual([
      [published[0], 'first'],
      [published[1], 'second'],
    ]);
  });

  it('finds the topic by its URL-encoded ARN', async () => {
    const { status, body } = await get(`/_local/sns/topics/${encodeURIComponent(ORDERS.arn)}/messages`);
    expect(status).toBe(200);
    expect((body['messages'] as unknown[]).length).toBe(2);
  });

  it('answers 404 naming the topics there are for an unknown one', async () => {
    expect(await get('/_local/sns/topics/nope/messages')).toEqual({
      status: 404,
      body: { error: { code: 'NotFound', message: 'No topic "nope" in the template (topics: orders, orders.fifo, dedup.fifo).' } },
    });
  });
});

describe('GET /_local/sns/messages', () => {
  it('lists every topic’s messages, oldest first', async () => {
    const { body } = await get('/_local/sns/messages');
    expect((body['messages'] as { message: string }[]).map((m) => m.message)).toEqual(['first', 'second', 'fifo']);
  });
});

describe('other requests under the mount path', () => {
  it('answer 404 with the routes there are', async () => {
    const { status, body } = await get('/_local/sns/whatever');
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: 'NotFound', message: expect.stringContaining('GET /_local/sns/topics') } });
  });

  it('answer 405 to anything but GET on a listing', async () => {
    expect(await get('/_local/sns/topics', 'DELETE')).toEqual({ status: 405, body: { error: { code: 'MethodNotAllowed', message: '/_local/sns/topics answers GET only.' } } });
  });
});
