/**
 * One GraphQL operation through a hand-written API definition, as AppSync runs it: auth rules,
 * limits, unit, pipeline and direct Lambda resolvers with APPSYNC_JS code, errors with their
 * paths, the request timeout and the trace. Data sources are test functions bound by name.
 */
import type { Identity } from '@aws-appsync/utils';
import { describe, expect, it } from 'vitest';
import type { DataSourceResult } from '../../../src/appsync-js/index.js';
import type { ApiDefinition, CodeDefinition, DataSourceDefinition, FunctionDefinition, ResolverDefinition } from '../../../src/graphql/api-definition.js';
import { ExecutableApi, type DataSourceHandler } from '../../../src/graphql/executable-api.js';
import { executeGraphql, type Caller, type ExecuteOptions, type GraphqlResponse } from '../../../src/graphql/graphql-executor.js';
import { iamIdentity } from '../../../src/graphql/request-authentication.js';

const SCHEMA = `
type Query {
  echo(msg: String): String
  inspect(x: Int): Inspection @aws_api_key @aws_iam
  pipeline(n: Int!): Int
  appended: String
  failing: String
  holder: Holder
  iamOnly: String @aws_iam
  slow: String
  throwing: String
  broken: String
  orphan: String
  direct(id: ID): DirectResult @aws_api_key @aws_iam
  parent: Parent
  tree: Node
  many: [Item]
}

type Inspection @aws_api_key @aws_iam {
  fieldName: String
  parentTypeName: String
  variables: AWSJSON
  selectionSetList: [String]
  selectionSetGraphQL: String
  env: AWSJSON
  headers: AWSJSON
  identity: AWSJSON
  authType: String
}

type Holder { strict: String! other: String }
type DirectResult @aws_api_key @aws_iam { event: AWSJSON }
type Parent { id: ID detail(verbose: Boolean): DirectResult }
type Node { value: String! child: Node }
type Item { id: ID name: String }
`;

const IMPORT = "import { util } from '@aws-appsync/utils';\n";
const code = (request: string, response = 'return ctx.result;'): CodeDefinition => ({
  text: `${IMPORT}export function request(ctx) {\n  ${request}\n}\nexport function response(ctx) {\n  ${response}\n}\n`,
  origin: 'inline',
});
const unit = (typeName: string, fieldName: string, dataSourceName: string | null, c: CodeDefinition | null): ResolverDefinition => ({
  logicalId: `${typeName}${fieldName}Resolver`,
  typeName,
  fieldName,
  kind: 'UNIT',
  dataSourceName,
  functionIds: [],
  code: c,
});

const INSPECT = `return {
    fieldName: ctx.info.fieldName,
    parentTypeName: ctx.info.parentTypeName,
    variables: ctx.info.variables,
    selectionSetList: ctx.info.selectionSetList,
    selectionSetGraphQL: ctx.info.selectionSetGraphQL,
    env: ctx.env,
    headers: ctx.request.headers,
    identity: ctx.identity,
    authType: util.authType(),
  };`;

const FUNCTIONS: FunctionDefinition[] = [
  { id: 'fnAddOne', name: 'addOne', dataSourceName: 'none', code: code('return { payload: ctx.args.n + 1 };', 'ctx.stash.seen.push("addOne"); return ctx.result;') },
  { id: 'fnDouble', name: 'double', dataSourceName: 'none', code: code('return { payload: ctx.prev.result * 2 };', 'ctx.stash.seen.push("double"); return ctx.result;') },
];

const RESOLVERS: ResolverDefinition[] = [
  unit('Query', 'echo', 'none', code('return { payload: ctx.args.msg };')),
  unit('Query', 'inspect', 'none', code('return {};', INSPECT)),
  {
    logicalId: 'QueryPipelineResolver',
    typeName: 'Query',
    fieldName: 'pipeline',
    kind: 'PIPELINE',
    dataSourceName: null,
    functionIds: ['fnAddOne', 'fnDouble'],
    code: code('ctx.stash.seen = ["before"]; return {};', 'return ctx.prev.result * 10 + ctx.stash.seen.length;'),
  },
  unit('Query', 'appended', 'none', code('return { payload: "kept" };', 'util.appendError("careful", "Warning", { d: 1 }, { i: 2 });\n  return ctx.result;')),
  unit('Query', 'failing', 'none', code('return {};', 'util.error("nope", "Failure", { d: 1 });')),
  unit('Query', 'holder', 'none', code('return { payload: { other: "o" } };')),
  unit('Holder', 'strict', 'none', code('return {};', 'util.error("strict failed", "Failure");')),
  unit('Query', 'iamOnly', 'none', code('return { payload: "secret" };')),
  unit('Query', 'slow', 'never', code('return {};')),
  unit('Query', 'throwing', 'throws', code('return {};')),
  unit('Query', 'broken', 'none', code('let i = 0;\n  while (i < 3) { i += 1; }\n  return {};')),
  unit('Query', 'orphan', 'ghost', code('return {};')),
  unit('Query', 'direct', 'fn', null),
  unit('Query', 'parent', 'none', code('return { payload: { id: "p1" } };')),
  unit('Parent', 'detail', 'fn', null),
  unit('Query', 'tree', 'none', code('return { payload: { value: "1", child: { value: "2", child: { value: "3", child: { value: "4" } } } } };')),
  unit('Query', 'many', 'none', code('return { payload: [{ id: "1" }, { id: "2" }, { id: "3" }, { id: "4" }, { id: "5" }] };')),
  unit('Item', 'name', 'none', code('return { payload: "name-" + ctx.source.id };')),
];

const DATA_SOURCES: DataSourceDefinition[] = [
  { name: 'none', type: 'NONE' },
  { name: 'never', type: 'NONE' },
  { name: 'throws', type: 'NONE' },
  { name: 'fn', type: 'AWS_LAMBDA', functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fn' },
];

interface Call {
  dataSource: string;
  request: unknown;
}

function makeApi(overrides: Partial<ApiDefinition> = {}) {
  const calls: Call[] = [];
  const handlers: Record<string, DataSourceHandler> = {
    none: async (request) => ({ result: (request as { payload?: unknown } | null)?.payload ?? null }),
    never: () => new Promise<DataSourceResult>(() => undefined),
    throws: async () => {
      throw new Error('connection refused by 10.1.2.3: secret internals');
    },
    fn: async (request) => {
      const event = (request as { payload: Record<string, unknown> }).payload;
      if ((event['arguments'] as { id?: string }).id === 'fail') return { error: { message: 'handler blew up', type: 'Lambda:Unhandled' } };
      return { result: { event: JSON.stringify(event) } };
    },
  };
  const definition: ApiDefinition = {
    name: 'test-api',
    apiId: 'local',
    apiArn: 'arn:aws:appsync:us-east-1:000000000000:apis/local',
    schema: SCHEMA,
    defaultAuthMode: 'API_KEY',
    additionalAuthModes: ['AWS_IAM'],
    authProviders: [
      { type: 'API_KEY', isDefault: true },
      { type: 'AWS_IAM', isDefault: false },
    ],
    queryDepthLimit: 0,
    resolverCountLimit: 10_000,
    introspection: true,
    environmentVariables: { STAGE: 'test', TABLE_NAME: 'orders-test' },
    dataSources: new Map(DATA_SOURCES.map((d) => [d.name, d])),
    functions: new Map(FUNCTIONS.map((f) => [f.id, f])),
    resolvers: RESOLVERS,
    ...overrides,
  };
  const api = new ExecutableApi(definition, (ds) => {
    const handler = handlers[ds.name]!;
    return (request, field) => {
      calls.push({ dataSource: ds.name, request });
      return handler(request, field);
    };
  });
  return { api, calls };
}

const API_KEY_CALLER: Caller = { mode: 'API_KEY', identity: null, headers: { 'x-api-key': 'da2-key', 'content-type': 'application/json' } };
const IAM_IDENTITY: Identity = iamIdentity('TESTACCESSKEY', '000000000000', '127.0.0.1');
const IAM_CALLER: Caller = { mode: 'AWS_IAM', identity: IAM_IDENTITY, headers: { authorization: 'AWS4-HMAC-SHA256 ...' } };

const { api: API, calls: CALLS } = makeApi();

const run = (query: string, variables?: Record<string, unknown>, caller = API_KEY_CALLER, options: ExecuteOptions = {}, api = API): Promise<GraphqlResponse> =>
  executeGraphql(api, { query, variables: variables ?? null, operationName: null }, caller, options);

describe('resolvers', () => {
  it('a unit resolver sends its request to the data source and returns what response makes of the result', async () => {
    const before = CALLS.length;
    const { body } = await run('query Q($m: String) { echo(msg: $m) }', { m: 'hi' });
    expect(body).toEqual({ data: { echo: 'hi' } });
    expect(CALLS.slice(before)).toEqual([{ dataSource: 'none', request: { payload: 'hi' } }]);
  });

  it('a pipeline resolver runs its functions in order, sharing the stash and passing prev.result', async () => {
    const before = CALLS.length;
    const { body } = await run('{ pipeline(n: 3) }');
    // (3 + 1) * 2 = 8; then * 10 + 3 stash entries (before, addOne, double).
    expect(body).toEqual({ data: { pipeline: 83 } });
    expect(CALLS.slice(before)).toEqual([
      { dataSource: 'none', request: { payload: 4 } },
      { dataSource: 'none', request: { payload: 8 } },
    ]);
  });

  it('a field without a resolver reads its parent property of the same name', async () => {
    expect((await run('{ holder { other } }')).body).toEqual({ data: { holder: { other: 'o' } } });
  });

  it('runs field resolvers of list items, each with its own source', async () => {
    expect((await run('{ many { id name } }')).body).toEqual({
      data: { many: ['1', '2', '3', '4', '5'].map((id) => ({ id, name: `name-${id}` })) },
    });
  });
});

describe('ctx as the resolver sees it', () => {
  const QUERY = 'query Inspect($x: Int) { inspect(x: $x) { fieldName parentTypeName variables selectionSetList selectionSetGraphQL env headers identity authType } }';
  const inspect = async (caller: Caller) => {
    const { body } = await run(QUERY, { x: 7 }, caller);
    expect(body.errors).toBeUndefined();
    const seen = (body.data as { inspect: Record<string, unknown> }).inspect;
    const json = (key: string) => JSON.parse(seen[key] as string) as unknown;
    return { seen, json };
  };

  it('info: fieldName, parentTypeName, variables, selectionSetList and selectionSetGraphQL', async () => {
    const { seen, json } = await inspect(API_KEY_CALLER);
    expect(seen['fieldName']).toBe('inspect');
    expect(seen['parentTypeName']).toBe('Query');
    expect(json('variables')).toEqual({ x: 7 });
    expect(seen['selectionSetList']).toEqual(['fieldName', 'parentTypeName', 'variables', 'selectionSetList', 'selectionSetGraphQL', 'env', 'headers', 'identity', 'authType']);
    expect(seen['selectionSetGraphQL']).toBe('{\n  fieldName\n  parentTypeName\n  variables\n  selectionSetList\n  selectionSetGraphQL\n  env\n  headers\n  identity\n  authType\n}');
  });

  it('request.headers, env from the API environment variables, identity null for an API key caller', async () => {
    const { seen, json } = await inspect(API_KEY_CALLER);
    expect(json('headers')).toEqual({ 'x-api-key': 'da2-key', 'content-type': 'application/json' });
    expect(json('env')).toEqual({ STAGE: 'test', TABLE_NAME: 'orders-test' });
    expect(json('identity')).toBeNull();
    expect(seen['authType']).toBe('API Key Authorization');
  });

  it('identity of an IAM caller', async () => {
    const { seen, json } = await inspect(IAM_CALLER);
    expect(json('identity')).toMatchObject({ accountId: '000000000000', userArn: 'arn:aws:iam::000000000000:user/TESTACCESSKEY', sourceIp: ['127.0.0.1'], username: 'TESTACCESSKEY' });
    expect(seen['authType']).toBe('IAM Authorization');
  });
});

describe('field errors', () => {
  it('util.appendError adds an error with the field path while the value is kept', async () => {
    const { body } = await run('{ appended }');
    expect(body).toEqual({
      data: { appended: 'kept' },
      errors: [{ path: ['appended'], data: { d: 1 }, errorType: 'Warning', errorInfo: { i: 2 }, locations: [{ line: 1, column: 3, sourceName: null }], message: 'careful' }],
    });
  });

  it('util.error nulls a nullable field; the other fields keep their values', async () => {
    const { body } = await run('{ failing echo(msg: "still here") }');
    expect(body).toEqual({
      data: { failing: null, echo: 'still here' },
      errors: [{ path: ['failing'], data: { d: 1 }, errorType: 'Failure', errorInfo: null, locations: [{ line: 1, column: 3, sourceName: null }], message: 'nope' }],
    });
  });

  it('util.error on a non-null field nulls its nearest nullable parent', async () => {
    const { body } = await run('{ holder { other strict } echo(msg: "x") }');
    expect(body.data).toEqual({ holder: null, echo: 'x' });
    expect(body.errors).toEqual([{ path: ['holder', 'strict'], data: null, errorType: 'Failure', errorInfo: null, locations: [{ line: 1, column: 18, sourceName: null }], message: 'strict failed' }]);
  });

  it('a data source that throws is InternalFailure, without the thrown message; the error goes to onInternalError', async () => {
    const internal: { field: string; error: unknown }[] = [];
    const { body } = await run('{ throwing }', undefined, API_KEY_CALLER, { onInternalError: (field, error) => internal.push({ field, error }) });
    expect(body.data).toEqual({ throwing: null });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['throwing'], errorType: 'InternalFailure', message: 'An internal failure occurred while resolving this field.' })]);
    expect(JSON.stringify(body)).not.toContain('secret internals');
    expect(internal).toEqual([{ field: 'Query.throwing', error: new Error('connection refused by 10.1.2.3: secret internals') }]);
  });

  it('a resolver whose code AppSync would reject answers BadRequestException; other fields work', async () => {
    expect(API.problems.some((p) => p.startsWith('resolver Query.broken: The code contains one or more errors.'))).toBe(true);
    const { body } = await run('{ broken echo(msg: "ok") }');
    expect(body.data).toEqual({ broken: null, echo: 'ok' });
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({
      path: ['broken'],
      errorType: 'BadRequestException',
      message: expect.stringMatching(/^The code contains one or more errors\. resolver Query\.broken: .*While statements are not supported\./),
    });
  });

  it('a resolver whose data source does not exist answers an error naming it', async () => {
    const { body } = await run('{ orphan echo(msg: "ok") }');
    expect(body.data).toEqual({ orphan: null, echo: 'ok' });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['orphan'], errorType: 'BadRequestException', message: 'no data source named ghost' })]);
  });
});

describe('authorization per field', () => {
  it('an API key caller reading an @aws_iam field gets null and Unauthorized; the resolver never runs', async () => {
    const before = CALLS.length;
    const { body } = await run('{ iamOnly echo(msg: "open") }');
    expect(body.data).toEqual({ iamOnly: null, echo: 'open' });
    expect(body.errors).toEqual([
      { path: ['iamOnly'], data: null, errorType: 'Unauthorized', errorInfo: null, locations: [{ line: 1, column: 3, sourceName: null }], message: 'Not Authorized to access iamOnly on type Query' },
    ]);
    expect(CALLS.slice(before)).toEqual([{ dataSource: 'none', request: { payload: 'open' } }]);
  });

  it('an IAM caller reads the @aws_iam field, and no field left to the default (API key) mode', async () => {
    const { body } = await run('{ iamOnly echo(msg: "open") }', undefined, IAM_CALLER);
    expect(body.data).toEqual({ iamOnly: 'secret', echo: null });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['echo'], errorType: 'Unauthorized', message: 'Not Authorized to access echo on type Query' })]);
  });
});

describe('limits', () => {
  it('queryDepthLimit: a field deeper than the limit fails with QueryDepthLimitReached; the null bubbles to the first nullable parent', async () => {
    const { api } = makeApi({ queryDepthLimit: 3 });
    const { body } = await run('{ tree { value child { value child { value } } } }', undefined, API_KEY_CALLER, {}, api);
    // tree (1) / child (2) / child (3) / value (4): value is non-null, so its parent child (3) is null.
    expect(body.data).toEqual({ tree: { value: '1', child: { value: '2', child: null } } });
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['tree', 'child', 'child', 'value'], errorType: 'QueryDepthLimitReached', message: "The query exceeds the API's query depth limit of 3." }),
    ]);
  });

  it('queryDepthLimit 0 means no limit', async () => {
    const { body } = await run('{ tree { child { child { child { value } } } } }');
    expect(body).toEqual({ data: { tree: { child: { child: { child: { value: '4' } } } } } });
  });

  it('list indices do not count towards the depth', async () => {
    const { api } = makeApi({ queryDepthLimit: 2 });
    const { body } = await run('{ many { id } }', undefined, API_KEY_CALLER, {}, api);
    expect(body.errors).toBeUndefined();
  });

  it('resolverCountLimit: resolvers past the limit fail with ResolverExecutionLimitReached', async () => {
    const { api } = makeApi({ resolverCountLimit: 3 });
    const { body } = await run('{ many { id name } }', undefined, API_KEY_CALLER, {}, api);
    // many (1), then name of items 1 and 2 (2, 3); items 3 to 5 are over the limit.
    expect(body.data).toEqual({
      many: [
        { id: '1', name: 'name-1' },
        { id: '2', name: 'name-2' },
        { id: '3', name: null },
        { id: '4', name: null },
        { id: '5', name: null },
      ],
    });
    expect(body.errors?.map((e) => [(e as { path: unknown }).path, (e as { errorType: string }).errorType])).toEqual([
      [['many', 2, 'name'], 'ResolverExecutionLimitReached'],
      [['many', 3, 'name'], 'ResolverExecutionLimitReached'],
      [['many', 4, 'name'], 'ResolverExecutionLimitReached'],
    ]);
  });

  it('a data source that never answers ends with ExecutionTimeout once the request budget is spent', async () => {
    // The data source never answers: only the budget's timer can end this request.
    const { body } = await run('{ slow echo(msg: "fast") }', undefined, API_KEY_CALLER, { timeoutMs: 150 });
    expect(body.data).toEqual({ slow: null, echo: 'fast' });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['slow'], errorType: 'ExecutionTimeout', message: 'Execution timed out.' })]);
  });
});

describe('direct Lambda resolvers', () => {
  it('send the whole context as the event: arguments, identity, source, request, prev, info, stash', async () => {
    const before = CALLS.length;
    const { body } = await run('query D($id: ID) { direct(id: $id) { event } }', { id: 'o1' }, IAM_CALLER);
    expect(body.errors).toBeUndefined();
    const event = JSON.parse((body.data as { direct: { event: string } }).direct.event) as unknown;
    expect(event).toEqual({
      arguments: { id: 'o1' },
      identity: IAM_IDENTITY,
      source: null,
      request: { headers: IAM_CALLER.headers, domainName: null },
      prev: null,
      info: { fieldName: 'direct', parentTypeName: 'Query', variables: { id: 'o1' }, selectionSetList: ['event'], selectionSetGraphQL: '{\n  event\n}' },
      stash: {},
    });
    expect(CALLS.slice(before)).toEqual([{ dataSource: 'fn', request: { operation: 'Invoke', payload: event } }]);
  });

  it('give a nested field its parent as source, and identity null to an API key caller', async () => {
    const { body } = await run('{ parent { id detail(verbose: true) { event } } }');
    const event = JSON.parse((body.data as { parent: { detail: { event: string } } }).parent.detail.event) as Record<string, unknown>;
    expect(event).toMatchObject({ arguments: { verbose: true }, identity: null, source: { id: 'p1' }, info: { fieldName: 'detail', parentTypeName: 'Parent' } });
  });

  it('turn a function error into the field error (Lambda:Unhandled)', async () => {
    const { body } = await run('{ direct(id: "fail") { event } }');
    expect(body.data).toEqual({ direct: null });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['direct'], errorType: 'Lambda:Unhandled', message: 'handler blew up' })]);
  });
});

describe('the response', () => {
  it('has no errors key when nothing failed, and no extensions without trace', async () => {
    expect(Object.keys((await run('{ echo(msg: "a") }')).body)).toEqual(['data']);
  });

  it('answers a request that does not validate with data null and no resolver run', async () => {
    const before = CALLS.length;
    const { body } = await run('{ echo(msg: "a") nope }');
    expect(body.data).toBeNull();
    expect(body.errors?.length).toBeGreaterThan(0);
    expect(CALLS.length).toBe(before);
  });

  it('carries every resolver step with timings in extensions.trace when trace is on', async () => {
    const { body } = await run('{ echo(msg: "a") pipeline(n: 1) direct(id: "x") { event } }', undefined, API_KEY_CALLER, { trace: true });
    const trace = body.extensions?.['trace'] as {
      durationMs: number;
      resolverCount: number;
      fields: { path: unknown[]; typeName: string; fieldName: string; resolver: string; durationMs: number; steps: { step: string; request?: unknown }[] }[];
    };
    expect(trace.resolverCount).toBe(3);
    expect(trace.durationMs).toBeGreaterThan(0);
    const byField = Object.fromEntries(trace.fields.map((f) => [f.fieldName, f]));
    expect(byField['echo']).toMatchObject({ path: ['echo'], typeName: 'Query', resolver: 'UNIT' });
    expect(byField['echo']!.steps.map((s) => s.step)).toEqual(['resolver.request', 'datasource:none', 'resolver.response']);
    expect(byField['echo']!.steps[1]!.request).toEqual({ payload: 'a' });
    expect(byField['pipeline']!.resolver).toBe('PIPELINE');
    expect(byField['pipeline']!.steps.map((s) => s.step)).toEqual([
      'resolver.request',
      'function:addOne.request',
      'datasource:none',
      'function:addOne.response',
      'function:double.request',
      'datasource:none',
      'function:double.response',
      'resolver.response',
    ]);
    expect(byField['direct']).toMatchObject({ resolver: 'DIRECT_LAMBDA', steps: [{ step: 'datasource:fn', request: { operation: 'Invoke' } }] });
  });
});
