/**
 * Subscription.onOrderEvent: an enhanced subscription filter on username and, when given, type.
 * A signed-in user receives only their own events (naming nobody means themselves, naming
 * anyone else is refused); admins and services may watch one user, or everyone.
 * Filter shape: https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-enhanced-filtering.html
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateCode, invokeNoneDataSource, type DataSourceInvoker } from 'appsync-local/runtime';
import { expectUnauthorized, expectValidationError, returned } from '../../helpers/requests.js';
import { resolveField, resolverHandlers, type Call, type Handlers } from '../../helpers/resolvers.js';

let onOrderEvent: Handlers;
beforeAll(async () => {
  onOrderEvent = await resolverHandlers('Subscription', 'onOrderEvent');
});

/** The NONE data source, recording what it was sent. */
function noneDataSource() {
  const calls: unknown[] = [];
  const invoke: DataSourceInvoker = async ({ dataSource, request }) => {
    expect(dataSource).toBe('none');
    calls.push(request);
    return invokeNoneDataSource(request);
  };
  return { calls, invoke };
}

/** What util.transform.toSubscriptionFilter builds for `filter`, evaluated in the APPSYNC_JS runtime. */
function toSubscriptionFilter(filter: Record<string, unknown>): unknown {
  const code = `import { util } from '@aws-appsync/utils';
export function request() { return util.transform.toSubscriptionFilter(${JSON.stringify(filter)}); }
export function response(ctx) { return ctx.result; }`;
  const { evaluationResult, error } = evaluateCode({ code, context: '{}', function: 'request' });
  if (error) throw new Error(`evaluation failed: ${error.message}`);
  return JSON.parse(evaluationResult!) as unknown;
}

/** Request then response on one context (the request decides whose events; the response sets the filter). */
function subscribe(call: Call) {
  const field = onOrderEvent.context(call);
  const request = onOrderEvent.request(field);
  return { request, response: request.kind === 'error' ? undefined : onOrderEvent.response(field, { result: null }) };
}

const ann = { user: 'ann' };

describe('Subscription.onOrderEvent request', () => {
  it('refuses a signed-in user who names someone else', () => {
    expectUnauthorized(onOrderEvent.request({ args: { username: 'bob' }, auth: ann }), 'onOrderEvent', 'Subscription');
    expectUnauthorized(onOrderEvent.request({ args: { username: 'bob', type: 'ORDER_PLACED' }, auth: ann }), 'onOrderEvent', 'Subscription');
  });

  it('refuses an API-key caller, even naming a user', () => {
    expectUnauthorized(onOrderEvent.request({ args: { username: 'ann' }, auth: 'API_KEY' }), 'onOrderEvent', 'Subscription');
  });

  it('validates a given username', () => {
    expectValidationError(onOrderEvent.request({ args: { username: '' }, auth: 'ADMIN' }), 'username');
    expectValidationError(onOrderEvent.request({ args: { username: 'ann#x' }, auth: 'IAM' }), 'username');
  });

  it('lets admins and services listen to every user', () => {
    for (const auth of ['ADMIN', 'IAM'] as const) expect(returned(onOrderEvent.request({ args: {}, auth }))).toEqual({ payload: null });
  });

  it('sends the NONE data source no payload', () => {
    expect(returned(onOrderEvent.request({ args: { username: 'ann' }, auth: ann }))).toEqual({ payload: null });
  });
});

describe('Subscription.onOrderEvent response', () => {
  it.each([
    [{ username: 'ann' }, [{ fieldName: 'username', operator: 'eq', value: 'ann' }]],
    [
      { username: 'ann', type: 'ORDER_STATUS_CHANGED' },
      [
        { fieldName: 'username', operator: 'eq', value: 'ann' },
        { fieldName: 'type', operator: 'eq', value: 'ORDER_STATUS_CHANGED' },
      ],
    ],
  ])('with %j (the owner, an admin or a service) sets a filter of one group requiring every given field', (args, filters) => {
    for (const auth of [ann, 'ADMIN', 'IAM'] as const) {
      const { response } = subscribe({ args, auth });
      expect(returned(response!)).toBeNull();
      expect(response!.extensions.subscriptionFilter).toEqual({ filterGroup: [{ filters }] });
      expect(response!.extensions.subscriptionFilter).toEqual(toSubscriptionFilter(Object.fromEntries(Object.entries(args).map(([k, v]) => [k, { eq: v }]))));
    }
  });

  it('a signed-in user who names nobody gets their own events: the filter names them', () => {
    expect(subscribe({ args: {}, auth: ann }).response!.extensions.subscriptionFilter).toEqual(toSubscriptionFilter({ username: { eq: 'ann' } }));
    expect(subscribe({ args: { type: 'ORDER_PLACED' }, auth: ann }).response!.extensions.subscriptionFilter).toEqual(toSubscriptionFilter({ username: { eq: 'ann' }, type: { eq: 'ORDER_PLACED' } }));
  });

  it('an admin or service with only a type filters on type alone', () => {
    for (const auth of ['ADMIN', 'IAM'] as const) {
      expect(subscribe({ args: { type: 'ORDER_PLACED' }, auth }).response!.extensions.subscriptionFilter).toEqual({
        filterGroup: [{ filters: [{ fieldName: 'type', operator: 'eq', value: 'ORDER_PLACED' }] }],
      });
    }
  });

  it('an admin or service with no arguments gets no filter (everything)', () => {
    for (const auth of ['ADMIN', 'IAM'] as const) {
      const { response } = subscribe({ args: {}, auth });
      expect(returned(response!)).toBeNull();
      expect(response!.extensions.subscriptionFilter).toBeUndefined();
    }
  });
});

describe('onOrderEvent as a whole field', () => {
  it('another user’s events: Unauthorized, no filter, nothing sent to the data source', async () => {
    const { invoke, calls } = noneDataSource();
    const resolution = await resolveField('Subscription', 'onOrderEvent', { args: { username: 'bob' }, auth: ann }, invoke);
    expectUnauthorized(resolution, 'onOrderEvent', 'Subscription');
    expect(resolution.extensions.subscriptionFilter).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('the owner with username and type: the filter, as toSubscriptionFilter builds it', async () => {
    const { invoke, calls } = noneDataSource();
    const resolution = await resolveField('Subscription', 'onOrderEvent', { args: { username: 'ann', type: 'ORDER_PLACED' }, auth: ann }, invoke);
    expect(resolution.errors).toEqual([]);
    expect(resolution.value).toBeNull();
    expect(calls).toEqual([{ payload: null }]);
    expect(resolution.extensions.subscriptionFilter).toEqual(toSubscriptionFilter({ username: { eq: 'ann' }, type: { eq: 'ORDER_PLACED' } }));
  });

  it('the owner without username: a filter on their username', async () => {
    const { invoke } = noneDataSource();
    const resolution = await resolveField('Subscription', 'onOrderEvent', { args: {}, auth: ann }, invoke);
    expect(resolution.extensions.subscriptionFilter).toEqual(toSubscriptionFilter({ username: { eq: 'ann' } }));
  });

  it('IAM without username: allowed, no filter', async () => {
    const { invoke } = noneDataSource();
    const resolution = await resolveField('Subscription', 'onOrderEvent', { args: {}, auth: 'IAM' }, invoke);
    expect(resolution.errors).toEqual([]);
    expect(resolution.extensions.subscriptionFilter).toBeUndefined();
  });
});
