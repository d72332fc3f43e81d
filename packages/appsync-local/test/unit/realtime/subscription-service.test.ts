/**
 * Subscriptions over a hand-written API, independent of the wire: starting one runs its resolver
 * with the caller's auth; a mutation reaches subscribers by basic argument filtering or by the
 * enhanced filter the resolver set; each subscriber gets its own selection of the mutation's
 * selection; invalidation ends matching subscriptions; a mutation can never start as one.
 */
import { describe, expect, it } from 'vitest';
import type { ApiDefinition, CodeDefinition, ResolverDefinition } from '../../../src/graphql/api-definition.js';
import { ExecutableApi } from '../../../src/graphql/executable-api.js';
import { executeGraphql, type Caller } from '../../../src/graphql/graphql-executor.js';
import { SubscriptionService } from '../../../src/realtime/subscription-service.js';

const SCHEMA = `
type Message @aws_api_key @aws_iam { room: String! author: String body: String priority: Int tags: [String] }
type Query { ping: String }
type Mutation {
  post(room: String!, author: String, body: String, priority: Int, tags: [String]): Message @aws_api_key @aws_iam
  kick(room: String!): Boolean @aws_iam
}
type Subscription @aws_api_key @aws_iam {
  onPost(room: String, author: String): Message @aws_subscribe(mutations: ["post"])
  onUrgent(minPriority: Int!): Message @aws_subscribe(mutations: ["post"])
  onRoom(room: String!): Message @aws_subscribe(mutations: ["post"])
  onTooMany: Message @aws_subscribe(mutations: ["post"])
  onRefused: Message @aws_subscribe(mutations: ["post"])
  onIamOnly: Message @aws_subscribe(mutations: ["post"]) @aws_iam
}
`;

const code = (request: string, response: string): CodeDefinition => ({
  text: `import { util, extensions } from '@aws-appsync/utils';\nexport function request(ctx) {\n  ${request}\n}\nexport function response(ctx) {\n  ${response}\n}\n`,
  origin: 'inline',
});
const unit = (typeName: string, fieldName: string, c: CodeDefinition): ResolverDefinition => ({
  logicalId: `${typeName}${fieldName}`,
  typeName,
  fieldName,
  kind: 'UNIT',
  dataSourceName: 'none',
  functionIds: [],
  code: c,
});
const SUBSCRIPTION_REQUEST = 'return { payload: null };';

function makeApi() {
  const definition: ApiDefinition = {
    name: 'realtime-test',
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
    environmentVariables: {},
    dataSources: new Map([['none', { name: 'none', type: 'NONE' }]]),
    functions: new Map(),
    resolvers: [
      unit('Mutation', 'post', code('return { payload: ctx.args };', 'return ctx.result;')),
      unit('Mutation', 'kick', code('return { payload: true };', "extensions.invalidateSubscriptions({ subscriptionField: 'onRoom', payload: { room: ctx.args.room } }); return true;")),
      unit('Subscription', 'onUrgent', code(SUBSCRIPTION_REQUEST, 'extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter({ priority: { ge: ctx.args.minPriority } })); return null;')),
      unit('Subscription', 'onRoom', code(SUBSCRIPTION_REQUEST, 'extensions.setSubscriptionInvalidationFilter(util.transform.toSubscriptionFilter({ room: { eq: ctx.args.room } })); return null;')),
      unit(
        'Subscription',
        'onTooMany',
        code(SUBSCRIPTION_REQUEST, "extensions.setSubscriptionFilter({ filterGroup: [{ filters: [{ fieldName: 'room', operator: 'in', value: ['a', 'b', 'c', 'd', 'e', 'f'] }] }] }); return null;"),
      ),
      unit('Subscription', 'onRefused', code("util.error('Not for you', 'Forbidden');", 'return null;')),
    ],
  };
  return new ExecutableApi(definition, () => async (request) => ({ result: (request as { payload?: unknown }).payload ?? null }));
}

const API_KEY: Caller = { mode: 'API_KEY', identity: null, headers: {} };
const IAM: Caller = { mode: 'AWS_IAM', identity: null, headers: {} };

function setup() {
  const api = makeApi();
  const service = new SubscriptionService(() => api);
  const received = new Map<string, unknown[]>();
  const invalidated: string[] = [];
  const subscribe = (id: string, query: string, variables: Record<string, unknown> = {}, caller = API_KEY) =>
    service.start({
      connectionId: 'c1',
      id,
      request: { query, variables },
      caller,
      sink: { next: (m) => received.set(id, [...(received.get(id) ?? []), m]), invalidated: () => invalidated.push(id) },
    });
  const mutate = async (query: string, caller = IAM) => {
    const result = await executeGraphql(api, { query }, caller);
    service.published(api, result);
    return result;
  };
  return { api, service, received, invalidated, subscribe, mutate };
}

describe('starting a subscription', () => {
  it('accepts a subscription and refuses queries and mutations without running them', async () => {
    const { subscribe, received } = setup();
    expect(await subscribe('s1', 'subscription { onPost { room } }')).toEqual({ ok: true });
    const mutation = await subscribe('s2', 'mutation { post(room: "a") { room } }');
    expect(mutation).toMatchObject({ ok: false, errors: [{ errorType: 'UnsupportedOperation' }] });
    expect(received.get('s1')).toBeUndefined();
  });

  it('answers validation errors in graphql-java wording', async () => {
    const { subscribe } = setup();
    expect(await subscribe('s', 'subscription { onNothing { room } }')).toMatchObject({
      ok: false,
      errors: [{ message: expect.stringContaining("Validation error of type FieldUndefined: Field 'onNothing' in type 'Subscription' is undefined") }],
    });
  });

  it("refuses when the resolver errs, when the caller's mode is not allowed, or when the filter breaks a limit", async () => {
    const { subscribe } = setup();
    expect(await subscribe('a', 'subscription { onRefused { room } }')).toMatchObject({ ok: false, errors: [{ errorType: 'Forbidden', message: 'Not for you' }] });
    expect(await subscribe('b', 'subscription { onIamOnly { room } }')).toMatchObject({ ok: false, errors: [{ errorType: 'Unauthorized' }] });
    expect(await subscribe('c', 'subscription { onIamOnly { room } }', {}, IAM)).toEqual({ ok: true });
    expect(await subscribe('d', 'subscription { onTooMany { room } }')).toMatchObject({
      ok: false,
      errors: [{ errorType: 'FilterValidationError', message: expect.stringMatching(/at most 5 values/) }],
    });
  });

  it('refuses a second subscription with the same id on a connection', async () => {
    const { subscribe } = setup();
    await subscribe('same', 'subscription { onPost { room } }');
    expect(await subscribe('same', 'subscription { onPost { room } }')).toMatchObject({ ok: false, errors: [{ errorType: 'DuplicatedOperationError' }] });
  });
});

describe('fan-out of a mutation', () => {
  it("applies basic argument filtering and narrows the mutation's selection to the subscriber's", async () => {
    const { subscribe, mutate, received } = setup();
    await subscribe('all', 'subscription { onPost { room body } }');
    await subscribe('roomA', 'subscription S($r: String) { onPost(room: $r) { author room } }', { r: 'a' });
    await subscribe('roomAByBob', 'subscription { onPost(room: "a", author: "bob") { room } }');
    await subscribe('nullAuthor', 'subscription { onPost(author: null) { room } }');

    await mutate('mutation { post(room: "a", author: "ann", body: "hi") { room author } }');
    await mutate('mutation { post(room: "b", body: "yo") { room author body } }');

    expect(received.get('all')).toEqual([{ data: { onPost: { room: 'a', body: null } } }, { data: { onPost: { room: 'b', body: 'yo' } } }]);
    expect(received.get('roomA')).toEqual([{ data: { onPost: { author: 'ann', room: 'a' } } }]);
    expect(received.get('roomAByBob')).toBeUndefined();
    expect(received.get('nullAuthor')).toEqual([{ data: { onPost: { room: 'b' } } }]);
  });

  it('uses the enhanced filter the resolver set instead of the arguments', async () => {
    const { subscribe, mutate, received } = setup();
    await subscribe('urgent', 'subscription { onUrgent(minPriority: 5) { priority } }');
    for (const priority of [1, 5, 9]) await mutate(`mutation { post(room: "a", priority: ${priority}) { priority } }`);
    expect(received.get('urgent')).toEqual([{ data: { onUrgent: { priority: 5 } } }, { data: { onUrgent: { priority: 9 } } }]);
  });

  it('sends nothing for a failed mutation, and nothing after a stop', async () => {
    const { subscribe, mutate, received, service } = setup();
    await subscribe('s', 'subscription { onPost { room } }');
    const denied = await mutate('mutation { post(room: "a") { room } }', { mode: 'AMAZON_COGNITO_USER_POOLS', identity: null, headers: {} });
    expect(denied.body.errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
    expect(received.get('s')).toBeUndefined();
    expect(service.stop('c1', 's')).toBe(true);
    await mutate('mutation { post(room: "a") { room } }');
    expect(received.get('s')).toBeUndefined();
  });

  it('ends the subscriptions whose invalidation filter matches, and only those', async () => {
    const { subscribe, mutate, received, invalidated, service } = setup();
    await subscribe('inA', 'subscription { onRoom(room: "a") { room } }');
    await subscribe('inB', 'subscription { onRoom(room: "b") { room } }');
    await mutate('mutation { kick(room: "a") }');
    expect(invalidated).toEqual(['inA']);
    // Without an enhanced filter, the room argument still filters (basic filtering).
    await mutate('mutation { post(room: "a") { room } }');
    await mutate('mutation { post(room: "b") { room } }');
    expect(received.get('inA')).toBeUndefined();
    expect(received.get('inB')).toEqual([{ data: { onRoom: { room: 'b' } } }]);
    expect(service.list().map((s) => s.id)).toEqual(['inB']);
  });
});
