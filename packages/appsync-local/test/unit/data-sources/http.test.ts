/**
 * The HTTP data source without a network: AppSync's HTTP request object
 * (https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-http-js.html) checked
 * and turned into the request that would be sent, SigV4 signing checked by the tool's own
 * verifier, the answer's shape, the endpoint overrides, and the template's HttpConfig read.
 */
import { describe, expect, it } from 'vitest';
import { verifySigV4 } from '../../../src/auth/sigv4-verifier.js';
import { TemplateResolver } from '../../../src/cloud-assembly/intrinsics.js';
import { LOCAL_ACCOUNT_ID } from '../../../src/cloud-assembly/local-resources.js';
import type { StackArtifact } from '../../../src/cloud-assembly/stack-artifact.js';
import type { CfnTemplate } from '../../../src/cloud-assembly/template.js';
import { endpointOverride, HttpDataSource, parseHttpEndpointPairs, prepareHttpRequest, signHttpRequest, type HttpResult, type PreparedHttpRequest } from '../../../src/data-sources/http.js';
import { readApiDefinition } from '../../../src/graphql/api-definition.js';

const ENDPOINT = 'https://api.example.com';
const CREDENTIALS = { accessKeyId: 'LOCALAPPSYNCACCESSKEY', secretAccessKey: 'local-appsync-secret-access-key' };

/** An HttpDataSource whose network is a recorder answering `answer`. */
function recording(
  answer: HttpResult = { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' },
  options: Partial<ConstructorParameters<typeof HttpDataSource>[0]> = {},
) {
  const sent: PreparedHttpRequest[] = [];
  const source = new HttpDataSource({
    name: 'Weather',
    endpoint: ENDPOINT,
    signing: null,
    credentials: CREDENTIALS,
    send: async (prepared) => {
      sent.push(prepared);
      return answer;
    },
    ...options,
  });
  return { source, sent };
}

describe('prepareHttpRequest', () => {
  it('joins endpoint and resourcePath and percent-encodes the query, lists as a repeated key', () => {
    const prepared = prepareHttpRequest('https://api.example.com/', { method: 'GET', resourcePath: '/v1/cities/paris', params: { query: { q: 'a b&c', tag: ['x', 'y/z'], n: 3, skip: null } } });
    expect(prepared.method).toBe('GET');
    expect(prepared.url.href).toBe('https://api.example.com/v1/cities/paris?q=a%20b%26c&tag=x&tag=y%2Fz&n=3');
    expect(prepared.body).toBeUndefined();
  });

  it("keeps an override's base path before the resource path", () => {
    expect(prepareHttpRequest('http://127.0.0.1:9000/stub', { method: 'GET', resourcePath: '/users' }).url.href).toBe('http://127.0.0.1:9000/stub/users');
  });

  it('passes headers (names in lower case) and the body string; drops the headers the connection owns', () => {
    const prepared = prepareHttpRequest(ENDPOINT, {
      method: 'POST',
      resourcePath: '/',
      params: { headers: { 'Content-Type': 'application/json', 'X-Trace': 't-1', Host: 'evil.example', 'Content-Length': '1' }, body: '{"a":1}' },
    });
    expect(prepared.headers).toEqual({ 'content-type': 'application/json', 'x-trace': 't-1' });
    expect(prepared.body).toBe('{"a":1}');
  });

  it('sends an object body as its JSON', () => {
    expect(prepareHttpRequest(ENDPOINT, { method: 'PUT', resourcePath: '/x', params: { body: { a: [1, 2] } } }).body).toBe('{"a":[1,2]}');
  });

  it.each([
    [{ resourcePath: '/' }, /method must be one of GET, POST, PUT, PATCH, DELETE; got null/],
    [{ method: 'HEAD', resourcePath: '/' }, /method must be one of .*; got "HEAD"/],
    [{ method: 'get', resourcePath: '/' }, /got "get"/],
    [{ method: 'GET' }, /resourcePath must be a string that starts with '\/'; got null/],
    [{ method: 'GET', resourcePath: 'users' }, /starts with '\/'; got "users"/],
    [{ method: 'GET', resourcePath: '/', params: { headers: { 'x-n': 1 } } }, /header x-n must be a string; got 1/],
    [{ method: 'GET', resourcePath: '/', params: { query: { q: { nested: true } } } }, /query parameter q must be a string or a list of strings/],
    [{ method: 'GET', resourcePath: '/', params: 'x' }, /params must be an object/],
  ])('refuses %j', (request, message) => {
    expect(() => prepareHttpRequest(ENDPOINT, request)).toThrow(message);
  });
});

describe('signHttpRequest', () => {
  it("signs for the data source's region and service; the tool's SigV4 verifier accepts it, and refuses it once the body changes", async () => {
    const at = new Date('2026-04-01T10:00:00Z');
    const prepared = prepareHttpRequest('http://127.0.0.1:8443', {
      method: 'POST',
      resourcePath: '/2015-03-31/functions/f/invocations',
      params: { query: { a: 'x y', b: ['1', '2'] }, headers: { 'content-type': 'application/json' }, body: '{"k":"v"}' },
    });
    const signed = await signHttpRequest(prepared, { signingRegion: 'eu-west-1', signingServiceName: 'lambda' }, CREDENTIALS, at);
    expect(signed.headers['authorization']).toMatch(
      /^AWS4-HMAC-SHA256 Credential=LOCALAPPSYNCACCESSKEY\/20260401\/eu-west-1\/lambda\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(signed.headers['x-amz-date']).toBe('20260401T100000Z');
    expect(signed.headers['content-type']).toBe('application/json');

    const incoming = (body: string) => ({ method: signed.method, url: `${signed.url.pathname}${signed.url.search}`, headers: signed.headers, body });
    const lookup = (id: string) => (id === CREDENTIALS.accessKeyId ? CREDENTIALS : undefined);
    expect(await verifySigV4(incoming(signed.body!), { service: 'lambda', lookup, now: at })).toEqual({ valid: true, accessKeyId: CREDENTIALS.accessKeyId, region: 'eu-west-1' });
    expect(await verifySigV4(incoming('{"k":"w"}'), { service: 'lambda', lookup, now: at })).toMatchObject({ valid: false, errorType: 'InvalidSignatureException' });
  });
});

describe('HttpDataSource', () => {
  it('answers the response as ctx.result {statusCode, headers, body}, a 404 included', async () => {
    const answer = { statusCode: 404, headers: { 'content-type': 'text/plain' }, body: 'no such city' };
    const { source, sent } = recording(answer);
    expect(await source.invoke({ method: 'GET', resourcePath: '/cities/atlantis' })).toEqual({ result: answer });
    expect(sent.map((r) => `${r.method} ${r.url.href}`)).toEqual(['GET https://api.example.com/cities/atlantis']);
  });

  it('answers an invalid request as ctx.error without calling the endpoint', async () => {
    const { source, sent } = recording();
    expect(await source.invoke({ method: 'TRACE', resourcePath: '/' })).toEqual({ error: { type: 'MappingTemplate', message: expect.stringContaining('method must be one of') } });
    expect(sent).toEqual([]);
  });

  it('signs when the data source has AWS_IAM authorization', async () => {
    const { source, sent } = recording(undefined, { signing: { signingRegion: 'us-east-1', signingServiceName: 'states' } });
    await source.invoke({ method: 'POST', resourcePath: '/', params: { body: '{}' } });
    expect(sent[0]!.headers['authorization']).toContain('/us-east-1/states/aws4_request');
  });

  it('without an endpoint, says which data source and how to give it one', async () => {
    const { source, sent } = recording(undefined, { endpoint: null, endpointProblem: 'its HttpConfig.Endpoint cannot be resolved locally: Fn::ImportValue cannot be resolved locally' });
    const answer = await source.invoke({ method: 'GET', resourcePath: '/' });
    expect(answer.error?.type).toBe('HTTP:EndpointUnavailable');
    expect(answer.error?.message).toContain('The HTTP data source Weather has no endpoint locally (its HttpConfig.Endpoint cannot be resolved locally: Fn::ImportValue');
    expect(answer.error?.message).toContain('--http-endpoint Weather=<url>');
    expect(answer.error?.message).toContain("httpEndpoints: { Weather: '<url>' }");
    expect(sent).toEqual([]);
  });
});

describe('parseHttpEndpointPairs', () => {
  it('reads Name=url pairs', () => {
    expect(parseHttpEndpointPairs(['Weather=http://127.0.0.1:9000', 'Billing=https://localhost:8443/base'], '--http-endpoint')).toEqual({
      Weather: 'http://127.0.0.1:9000',
      Billing: 'https://localhost:8443/base',
    });
  });

  it.each([
    ['Weather', /--http-endpoint takes <DataSourceName>=<url>, got Weather/],
    ['=http://x', /takes <DataSourceName>=<url>/],
    ['Weather=', /takes <DataSourceName>=<url>/],
    ['Weather=localhost:9000', /Weather: localhost:9000 is not an http\(s\) URL/],
    ['Weather=ftp://host', /is not an http\(s\) URL/],
    ['Weather=http://host?x=1', /has a query or fragment/],
  ])('refuses %s', (pair, message) => {
    expect(() => parseHttpEndpointPairs([pair], '--http-endpoint')).toThrow(message);
  });
});

describe('endpointOverride', () => {
  it('finds only the overrides given: a data source named like an inherited property has none', () => {
    const overrides = parseHttpEndpointPairs(['__proto__=http://127.0.0.1:1/p', 'Weather=http://127.0.0.1:2'], '--http-endpoint');
    expect(endpointOverride(overrides, '__proto__')).toBe('http://127.0.0.1:1/p');
    expect(endpointOverride(overrides, 'Weather')).toBe('http://127.0.0.1:2');
    for (const name of ['constructor', 'toString', 'valueOf', 'Billing']) expect(endpointOverride(overrides, name), name).toBeUndefined();
  });
});

describe('HTTP data sources in the template', () => {
  function read(dataSource: Record<string, unknown>, extra: CfnTemplate['Resources'] = {}) {
    const template: CfnTemplate = {
      Resources: {
        Api: { Type: 'AWS::AppSync::GraphQLApi', Properties: { Name: 'http', AuthenticationType: 'API_KEY' } },
        Schema: { Type: 'AWS::AppSync::GraphQLSchema', Properties: { ApiId: { 'Fn::GetAtt': ['Api', 'ApiId'] }, Definition: 'type Query { a: String }' } },
        Ds: { Type: 'AWS::AppSync::DataSource', Properties: { ApiId: { 'Fn::GetAtt': ['Api', 'ApiId'] }, Name: 'Weather', Type: 'HTTP', ...dataSource } },
        ...extra,
      },
    };
    const artifact: StackArtifact = { stackName: 'Stack', template, assetPath: () => undefined };
    const resolver = new TemplateResolver(template, {
      region: 'eu-west-1',
      accountId: LOCAL_ACCOUNT_ID,
      stackName: 'Stack',
      graphqlUrl: 'http://localhost:4000/graphql',
      realtimeUrl: 'ws://localhost:4000/graphql/realtime',
      apiKey: 'k',
    });
    return readApiDefinition(artifact, resolver).dataSources.get('Weather');
  }

  it('reads the endpoint (intrinsics resolved) and the AWS_IAM signing configuration', () => {
    expect(
      read({
        HttpConfig: {
          Endpoint: { 'Fn::Sub': 'https://states.${AWS::Region}.amazonaws.com' },
          AuthorizationConfig: { AuthorizationType: 'AWS_IAM', AwsIamConfig: { SigningRegion: { Ref: 'AWS::Region' }, SigningServiceName: 'states' } },
        },
      }),
    ).toEqual({ name: 'Weather', type: 'HTTP', endpoint: 'https://states.eu-west-1.amazonaws.com', signing: { signingRegion: 'eu-west-1', signingServiceName: 'states' } });
  });

  it('loads the API when the endpoint cannot be resolved, keeping the reason for the call', () => {
    expect(read({ HttpConfig: { Endpoint: { 'Fn::ImportValue': 'OtherStack-Url' } } })).toEqual({
      name: 'Weather',
      type: 'HTTP',
      endpoint: null,
      endpointProblem: 'its HttpConfig.Endpoint cannot be resolved locally: Fn::ImportValue cannot be resolved locally',
      signing: null,
    });
  });

  it('marks an authorization type other than AWS_IAM as unsupported', () => {
    expect(read({ HttpConfig: { Endpoint: ENDPOINT, AuthorizationConfig: { AuthorizationType: 'OAUTH' } } })).toMatchObject({ unsupported: expect.stringContaining('OAUTH is not AWS_IAM') });
  });
});
