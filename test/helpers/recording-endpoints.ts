/**
 * HTTP endpoints that stand in for SNS and for AppSync's GraphQL endpoint in function tests:
 * the real SDK and the real signer talk to them over HTTP, and they record what arrived. The
 * GraphQL one verifies the SigV4 signature for real and refuses a bad one, as AppSync does.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { verifySigV4, type SigV4Credentials } from 'appsync-local';

export interface RecordingEndpoint<T> {
  url: string;
  received: T[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse, body: string) => Promise<void>): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => handler(req, res, body))
      .catch((err: unknown) => {
        res.writeHead(500).end(String(err));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { server, url: `http://127.0.0.1:${address.port}` };
}

const closer = (server: Server) => () => new Promise<void>((resolve) => server.close(() => resolve()));

export interface SnsPublish {
  topicArn: string;
  message: string;
  attributes: Record<string, { dataType: string; value: string }>;
}

/** SNS's query protocol: Action=Publish with TopicArn, Message and MessageAttributes.entry.N.*. */
export async function startSnsEndpoint(): Promise<RecordingEndpoint<SnsPublish>> {
  const received: SnsPublish[] = [];
  const { server, url } = await listen(async (_req, res, body) => {
    const form = new URLSearchParams(body);
    if (form.get('Action') !== 'Publish') {
      res.writeHead(400, { 'content-type': 'text/xml' }).end('<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>');
      return;
    }
    const attributes: SnsPublish['attributes'] = {};
    for (let i = 1; form.has(`MessageAttributes.entry.${i}.Name`); i += 1) {
      attributes[form.get(`MessageAttributes.entry.${i}.Name`)!] = {
        dataType: form.get(`MessageAttributes.entry.${i}.Value.DataType`) ?? '',
        value: form.get(`MessageAttributes.entry.${i}.Value.StringValue`) ?? '',
      };
    }
    received.push({ topicArn: form.get('TopicArn') ?? '', message: form.get('Message') ?? '', attributes });
    res
      .writeHead(200, { 'content-type': 'text/xml' })
      .end(
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
      );
  });
  return { url, received, close: closer(server) };
}

export interface GraphqlCall {
  query: string;
  variables: Record<string, unknown>;
  accessKeyId: string;
}

/**
 * A GraphQL endpoint that accepts only requests signed (SigV4, service appsync) with `credentials`.
 * `failWhen` lets a test make it answer HTTP 500 for chosen calls.
 */
export async function startGraphqlEndpoint(credentials: SigV4Credentials, failWhen: (call: GraphqlCall) => boolean = () => false): Promise<RecordingEndpoint<GraphqlCall> & { rejected: string[] }> {
  const received: GraphqlCall[] = [];
  const rejected: string[] = [];
  const { server, url } = await listen(async (req, res, body) => {
    const verdict = await verifySigV4(
      { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers as Record<string, string>, body },
      { service: 'appsync', lookup: (id) => (id === credentials.accessKeyId ? credentials : undefined) },
    );
    if (!verdict.valid) {
      rejected.push(verdict.errorType);
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] }));
      return;
    }
    const { query, variables } = JSON.parse(body) as { query: string; variables: Record<string, unknown> };
    const call = { query, variables, accessKeyId: verdict.accessKeyId };
    if (failWhen(call)) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ errorType: 'InternalFailure', message: 'failing on purpose' }] }));
      return;
    }
    received.push(call);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { publishOrderEvent: variables['event'] } }));
  });
  return { url: `${url}/graphql`, received, rejected, close: closer(server) };
}
