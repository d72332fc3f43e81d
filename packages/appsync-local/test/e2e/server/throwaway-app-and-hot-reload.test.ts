/**
 * A CDK app unknown to the tool (written by the test) is synthesized and served as
 * `appsync-local start` serves a project: its table is created, its resolvers answer. Then, with the server
 * running, hot reload: a resolver's code change is live without a synth, a resolver added to
 * the app is served after the re-synth, and code AppSync would reject gives a clear field error
 * while the rest of the API keeps working.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../../src/cli/start-settings.js';
import type { ReloadEvent } from '../../../src/hot-reload/hot-reloader.js';
import { serve, type Served } from '../../../src/server/serve.js';
import { throwawayCdkApp, type ThrowawayApp, type ThrowawayResolver } from '../../helpers/throwaway-cdk-app.js';

const SCHEMA = `
type Note { id: ID! text: String }
type Query { hello: String note(id: ID!): Note }
type Mutation { addNote(id: ID!, text: String!): Note }
`;

/** Query.hello imports its greeting from a module of its own, as resolvers import lib/ code. */
const hello = (greeting: string): ThrowawayResolver => ({
  typeName: 'Query',
  fieldName: 'hello',
  dataSource: 'None',
  code: `import { punctuate } from './lib/text.js';\nexport function request() { return { payload: null }; }\nexport function response() { return punctuate('${greeting}'); }\n`,
});
const textModule = (mark: string) => `export function punctuate(s) { return s + '${mark}'; }\n`;

const RESOLVERS: ThrowawayResolver[] = [
  hello('hello v1'),
  {
    typeName: 'Mutation',
    fieldName: 'addNote',
    dataSource: 'Notes',
    code: `import { util } from '@aws-appsync/utils';
export function request(ctx) {
  return { operation: 'PutItem', key: util.dynamodb.toMapValues({ id: ctx.args.id }), attributeValues: util.dynamodb.toMapValues({ text: ctx.args.text }) };
}
export function response(ctx) { if (ctx.error) util.error(ctx.error.message, ctx.error.type); return ctx.result; }
`,
  },
  {
    typeName: 'Query',
    fieldName: 'note',
    dataSource: 'Notes',
    code: `import { util } from '@aws-appsync/utils';
export function request(ctx) { return { operation: 'GetItem', key: util.dynamodb.toMapValues({ id: ctx.args.id }) }; }
export function response(ctx) { if (ctx.error) util.error(ctx.error.message, ctx.error.type); return ctx.result; }
`,
  },
];

let project: ThrowawayApp;
let served: Served;
let url: string;
const events: ReloadEvent[] = [];

beforeAll(async () => {
  project = throwawayCdkApp();
  project.writeLib('text.js', textModule(''));
  project.write(SCHEMA, RESOLVERS);
  served = await serve({
    source: { project: project.dir },
    stateDir: `${project.dir}/.local`,
    port: 0,
    watch: true,
    ephemeral: true,
    apiKey: DEFAULTS.apiKey,
    credentials: { accessKeyId: DEFAULTS.accessKeyId, secretAccessKey: DEFAULTS.secretAccessKey },
    region: 'us-east-1',
    log: () => undefined,
    onReload: (event) => events.push(event),
  });
  url = served.graphqlUrl;
}, 180_000);

afterAll(async () => {
  await served?.stop();
  project?.remove();
});

async function query(text: string): Promise<{ data?: Record<string, unknown> | null; errors?: { errorType?: string; message: string }[] }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': DEFAULTS.apiKey }, body: JSON.stringify({ query: text }) });
  return (await response.json()) as never;
}

/** Waits for the next reload event of a kind (after those already seen). */
async function nextEvent(kind: ReloadEvent['kind'], timeoutMs: number): Promise<ReloadEvent> {
  const seen = events.length;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = events.slice(seen).find((e) => e.kind === kind) ?? events.slice(seen).find((e) => e.kind === 'error');
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${kind} reload within ${timeoutMs} ms (events: ${JSON.stringify(events.slice(seen))})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('a CDK app the local runtime has never seen', () => {
  it('is synthesized and served: its NONE resolver answers', async () => {
    expect(await query('{ hello }')).toEqual({ data: { hello: 'hello v1' } });
    expect(await query('{ hello }')).not.toHaveProperty('errors');
  });

  it('gets its table created from the template: DynamoDB resolvers write and read it', async () => {
    expect(await query('mutation { addNote(id: "n1", text: "remember") { id text } }')).toEqual({ data: { addNote: { id: 'n1', text: 'remember' } } });
    expect(await query('{ note(id: "n1") { id text } }')).toEqual({ data: { note: { id: 'n1', text: 'remember' } } });
    expect(Object.keys(served.app.tableNames())).toEqual([expect.stringMatching(/^Notes/)]);
  });
});

describe('hot reload', () => {
  it('serves a resolver’s changed code without waiting for a synth', async () => {
    const code = nextEvent('code', 20_000);
    project.writeCode(hello('hello v2'));
    expect((await code).kind).toBe('code');
    // The code reload swapped the API before any synth could finish.
    expect(events.filter((e) => e.kind === 'synth')).toEqual([]);
    expect(await query('{ hello }')).toEqual({ data: { hello: 'hello v2' } });
    // The background synth follows and serves the same code.
    await nextEvent('synth', 90_000);
    expect(await query('{ hello }')).toEqual({ data: { hello: 'hello v2' } });
  }, 120_000);

  it('rebuilds the resolvers that import a changed module', async () => {
    const code = nextEvent('code', 20_000);
    project.writeLib('text.js', textModule('!'));
    expect((await code).message).toContain('resolvers/Query.hello.js');
    expect(await query('{ hello }')).toEqual({ data: { hello: 'hello v2!' } });
    await nextEvent('synth', 90_000);
  }, 120_000);

  it('serves a resolver added to the app once it is re-synthesized', async () => {
    const synth = nextEvent('synth', 90_000);
    project.write(SCHEMA.replace('type Query {', 'type Query { goodbye: String'), [
      ...RESOLVERS.slice(1),
      hello('hello v2'),
      { typeName: 'Query', fieldName: 'goodbye', dataSource: 'None', code: `export function request() { return { payload: 'bye' }; }\nexport function response(ctx) { return ctx.result; }\n` },
    ]);
    expect((await synth).kind).toBe('synth');
    expect(await query('{ hello goodbye }')).toEqual({ data: { hello: 'hello v2!', goodbye: 'bye' } });
  }, 120_000);

  it('answers code AppSync would reject with a clear field error, and keeps serving the rest', async () => {
    const code = nextEvent('code', 20_000);
    project.writeCode({
      typeName: 'Query',
      fieldName: 'goodbye',
      code: `export function request() { let n = 0; n++; return { payload: n }; }\nexport function response(ctx) { return ctx.result; }\n`,
    });
    await code;
    const answer = await query('{ hello goodbye }');
    expect(answer.data).toEqual({ hello: 'hello v2!', goodbye: null });
    expect(answer.errors?.[0]?.errorType).toBe('BadRequestException');
    expect(answer.errors?.[0]?.message).toContain('The code contains one or more errors.');
    expect(answer.errors?.[0]?.message).toContain('resolvers/Query.goodbye.js');
  }, 120_000);
});
