/**
 * HTTP data sources served by the harness (test/fixtures/apps/http.yaml): the template's
 * endpoints are unreachable offline, so `httpEndpoints` points them at loopback servers started
 * here. One data source is signed with SigV4 (AWS_IAM); its server verifies the signature with the
 * local credentials, as the real service would with the data source role's.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySigV4, type SigV4Result } from '../../../src/auth/sigv4-verifier.js';
import { startLocalAppSync, type LocalAppSyncHarness } from '../../../src/testing/index.js';

const TEMPLATE = path.resolve(import.meta.dirname, '../../fixtures/apps/http.yaml');

interface Loopback {
  server: Server;
  origin: string;
  received: { method: string; url: string; body: string; signature?: SigV4Result }[];
}

async function loopback(handle: (req: IncomingMessage, body: string, res: ServerResponse, entry: Loopback['received'][number]) => Promise<void> | void): Promise<Loopback> {
  const received: Loopback['received'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const entry = { method: req.method ?? '', url: req.url ?? '', body };
      received.push(entry);
      void Promise.resolve(handle(req, body, res, entry)).catch((err: Error) => res.writeHead(500).end(err.message));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const close = (l: Loopback | undefined) =>
  l &&
  new Promise<void>((resolve) => {
    l.server.closeAllConnections();
    l.server.close(() => resolve());
  });

let weather: Loopback;
let reports: Loopback;
let local: LocalAppSyncHarness;

beforeAll(async () => {
  weather = await loopback((req, _body, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const city = decodeURIComponent(url.pathname.split('/').at(-1) ?? '');
    if (city === 'Atlantis') return void res.writeHead(404).end();
    if (city === 'Broken') return void res.writeHead(503, { 'content-type': 'text/plain' }).end('upstream down');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: city, temp: 21.5, summary: `${url.searchParams.get('units')} ${url.searchParams.getAll('day').join('+')}` }));
  });
  reports = await loopback(async (req, body, res, entry) => {
    const credentials = local.credentials;
    entry.signature = await verifySigV4(
      { method: req.method ?? '', url: req.url ?? '/', headers: req.headers, body },
      { service: 'execute-api', lookup: (id) => (id === credentials.accessKeyId ? credentials : undefined) },
    );
    if (!entry.signature.valid) return void res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify(entry.signature));
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'r-1', verified: true }));
  });
  local = await startLocalAppSync({ template: TEMPLATE, httpEndpoints: { Weather: weather.origin, Reports: `${reports.origin}/` } });
}, 60_000);

afterAll(async () => {
  await local?.stop();
  await close(weather);
  await close(reports);
});

describe('HTTP data sources', () => {
  it('a query calls the overridden endpoint and answers what the response handler mapped', async () => {
    const answer = await local.graphql('query ($city: String!, $days: [String!]) { forecast(city: $city, days: $days) { city celsius summary } }', { city: 'Zürich', days: ['mon', 'sun & rain'] });
    expect(answer).toEqual({ status: 200, data: { forecast: { city: 'Zürich', celsius: 21.5, summary: 'metric mon+sun & rain' } } });
    expect(weather.received.at(-1)).toMatchObject({ method: 'GET', url: '/v1/forecast/Z%C3%BCrich?units=metric&day=mon&day=sun%20%26%20rain' });
  });

  it('non-2xx answers go to the response handler: a 404 mapped to null, a 503 to its error', async () => {
    expect(await local.graphql('{ forecast(city: "Atlantis") { city } }')).toEqual({ status: 200, data: { forecast: null } });
    const broken = await local.graphql('{ forecast(city: "Broken") { city } }');
    expect(broken.data).toEqual({ forecast: null });
    expect(broken.errors).toEqual([expect.objectContaining({ errorType: 'WeatherError', message: 'upstream down', path: ['forecast'] })]);
  });

  it('an AWS_IAM data source signs its requests; the endpoint verifies the signature', async () => {
    const answer = await local.graphql('mutation { fileReport(city: "Oslo", text: "snow") { id verified } }');
    expect(answer).toEqual({ status: 200, data: { fileReport: { id: 'r-1', verified: true } } });
    expect(reports.received.at(-1)).toMatchObject({ method: 'POST', url: '/prod/reports', body: '{"city":"Oslo","text":"snow"}', signature: { valid: true, region: local.region } });
  });

  it('an endpoint the template cannot resolve locally answers an error naming the data source and the override', async () => {
    const answer = await local.graphql('{ legacy }');
    expect(answer.errors).toEqual([expect.objectContaining({ errorType: 'HTTP:EndpointUnavailable', path: ['legacy'] })]);
    const message = answer.errors![0]!.message;
    expect(message).toContain('The HTTP data source Legacy has no endpoint locally');
    expect(message).toContain('ImportValue');
    expect(message).toContain('--http-endpoint Legacy=<url>');
  });

  it('the resolver trace records the data-source call with its request and response', async () => {
    const answer = await local.graphql('{ forecast(city: "Rome") { city } }', undefined, { headers: { 'x-local-trace': '1' } });
    const trace = answer.extensions?.['trace'] as { fields: { steps: { step: string; request?: unknown; response?: { result?: { statusCode: number } } }[] }[] };
    const call = trace.fields.flatMap((f) => f.steps).find((s) => s.step === 'datasource:Weather');
    expect(call?.request).toMatchObject({ method: 'GET', resourcePath: '/v1/forecast/Rome' });
    expect(call?.response?.result).toMatchObject({ statusCode: 200 });
  });

  it('the start banner lists the HTTP data sources with the endpoint each one calls', () => {
    const lines = local.app.describeServices().filter((l) => l.startsWith('HTTP'));
    expect(lines).toEqual([
      `HTTP       Weather -> ${weather.origin} (overridden)`,
      `HTTP       Reports -> ${reports.origin}/ (overridden), SigV4 execute-api/${local.region}`,
      'HTTP       Legacy -> no endpoint locally: give --http-endpoint Legacy=<url>',
    ]);
  });
});

describe('endpoint overrides', () => {
  it('an override that names no HTTP data source of the template stops the start', async () => {
    await expect(startLocalAppSync({ template: TEMPLATE, httpEndpoints: { Wether: 'http://127.0.0.1:1' } })).rejects.toThrow(
      'the HTTP endpoint override Wether=http://127.0.0.1:1 names no HTTP data source of the template (HTTP data sources: Weather, Reports, Legacy)',
    );
  }, 60_000);
});
