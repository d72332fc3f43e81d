/**
 * What reaches the SNS API besides a good Publish: signatures (checked against the local
 * credentials: made with other keys or secrets, or missing, they are refused in SNS's error
 * shapes), actions SNS has but the local SNS does not implement, actions SNS does not have, and
 * failures that are not the caller's (a generic 500, no stack trace).
 */
import { ListTopicsCommand, PublishCommand, SubscribeCommand, SNSServiceException } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { LocalSns } from '../../../src/sns/local-sns.js';
import { CREDENTIALS, ORDERS, useSnsServers } from '../../helpers/sns-harness.js';
import { rejectionOf } from '../../helpers/rejection.js';

const servers = useSnsServers();

const rejection = rejectionOf(SNSServiceException);

const summary = (error: SNSServiceException) => ({ type: error.constructor.name, name: error.name, message: error.message, status: error.$metadata.httpStatusCode });

/** A raw awsQuery POST, as curl would send it. */
async function post(origin: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${origin}/_local/sns/`, { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  return { status: response.status, contentType: response.headers.get('content-type'), requestId: response.headers.get('x-amzn-requestid'), body: await response.text() };
}

describe('signatures', () => {
  it('a call signed with the local credentials is accepted', async () => {
    const server = await servers.start();
    await expect(server.client(CREDENTIALS).send(new PublishCommand({ TopicArn: ORDERS.arn, Message: 'signed' }))).resolves.toMatchObject({ MessageId: expect.any(String) });
  });

  it('another secret: SignatureDoesNotMatch (403)', async () => {
    const server = await servers.start();
    const error = await rejection(server.client({ ...CREDENTIALS, secretAccessKey: 'wrong' }).send(new PublishCommand({ TopicArn: ORDERS.arn, Message: 'm' })));
    expect(summary(error)).toEqual({ type: 'SNSServiceException', name: 'SignatureDoesNotMatch', message: expect.stringContaining('The request signature we calculated does not match'), status: 403 });
    expect(server.sns.listMessages()).toEqual([]);
  });

  it('an unknown access key: InvalidClientTokenId (403)', async () => {
    const server = await servers.start();
    const error = await rejection(server.client({ accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' }).send(new PublishCommand({ TopicArn: ORDERS.arn, Message: 'm' })));
    expect(summary(error)).toEqual({ type: 'SNSServiceException', name: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.', status: 403 });
  });

  it('no signature at all: MissingAuthenticationToken (403), as XML', async () => {
    const server = await servers.start();
    const answer = await post(server.origin, { Action: 'Publish', TopicArn: ORDERS.arn, Message: 'unsigned' });
    expect(answer).toEqual({
      status: 403,
      contentType: 'text/xml',
      requestId: expect.any(String),
      body: `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>MissingAuthenticationToken</Code><Message>Request is missing Authentication Token</Message></Error><RequestId>${answer.requestId}</RequestId></ErrorResponse>`,
    });
  });

  it('a malformed Authorization header: IncompleteSignature (400)', async () => {
    const server = await servers.start();
    const answer = await post(server.origin, { Action: 'Publish', TopicArn: ORDERS.arn, Message: 'm' }, { authorization: 'AWS4-HMAC-SHA256 nonsense' });
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('<Code>IncompleteSignature</Code><Message>Authorization header requires');
  });

  it('are not checked when the handler is given no credentials', async () => {
    const server = await servers.start({ verifySignatures: false });
    const answer = await post(server.origin, { Action: 'Publish', TopicArn: ORDERS.arn, Message: 'curl' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatch(
      /^<PublishResponse xmlns="http:\/\/sns\.amazonaws\.com\/doc\/2010-03-31\/"><PublishResult><MessageId>[0-9a-f-]{36}<\/MessageId><\/PublishResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/PublishResponse>$/,
    );
    expect(server.sns.listMessages(ORDERS.arn).map((m) => m.message)).toEqual(['curl']);
  });
});

describe('actions', () => {
  it('an SNS action the local SNS does not implement: InvalidAction naming it', async () => {
    const server = await servers.start();
    const client = server.client();
    expect(summary(await rejection(client.send(new ListTopicsCommand({}))))).toEqual({
      type: 'SNSServiceException',
      name: 'InvalidAction',
      message: 'The local SNS does not support ListTopics; it supports Publish and PublishBatch.',
      status: 400,
    });
    expect((await rejection(client.send(new SubscribeCommand({ TopicArn: ORDERS.arn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:000000000000:q' })))).message).toContain(
      'does not support Subscribe',
    );
  });

  it('an action SNS does not have: InvalidAction, in AWS query wording', async () => {
    const server = await servers.start({ verifySignatures: false });
    const answer = await post(server.origin, { Action: 'Publsh', Version: '2010-03-31' });
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('<Code>InvalidAction</Code><Message>Could not find operation Publsh for version 2010-03-31</Message>');
  });

  it('no action: MissingAction', async () => {
    const server = await servers.start({ verifySignatures: false });
    const answer = await post(server.origin, {});
    expect([answer.status, answer.body.includes('<Code>MissingAction</Code>')]).toEqual([400, true]);
  });

  it('Publish as a GET with a query string, as the query protocol allows', async () => {
    const server = await servers.start({ verifySignatures: false });
    const response = await fetch(`${server.origin}/_local/sns?${new URLSearchParams({ Action: 'Publish', TopicArn: ORDERS.arn, Message: 'by GET' }).toString()}`);
    expect(response.status).toBe(200);
    expect(server.sns.listMessages(ORDERS.arn).map((m) => m.message)).toEqual(['by GET']);
  });
});

describe('a failure that is not the caller’s', () => {
  it('answers 500 InternalError with a generic message and reports the error, without leaking it', async () => {
    const server = await servers.start({ verifySignatures: false });
    const broken = new Error('disk on fire at /secret/path');
    const publish = LocalSns.prototype.publish;
    LocalSns.prototype.publish = () => Promise.reject(broken);
    try {
      const answer = await post(server.origin, { Action: 'Publish', TopicArn: ORDERS.arn, Message: 'm' });
      expect(answer.status).toBe(500);
      expect(answer.body).toContain('<Type>Receiver</Type><Code>InternalError</Code><Message>An internal error occurred in the local SNS.</Message>');
      expect(answer.body).not.toContain('secret');
      expect(answer.body).not.toContain('disk on fire');
      expect(server.internalErrors).toEqual([broken]);
    } finally {
      LocalSns.prototype.publish = publish;
    }
  });
});
