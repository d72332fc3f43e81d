/**
 * Subscription.onOrderEvent: an enhanced subscription filter on username and, when given, type.
 * Browsers (API key) must name a user; services (IAM) may listen to every user.
 * Filter shape: https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-enhanced-filtering.html
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateCode, invokeNoneDataSource, type DataSourceInvoker } from 'appsync-local/runtime';
import { expectValidationError, returned } from '../../helpers/requests.js';
import { resolveField, resolverHandlers, type Handlers } from '../../helpers/resolvers.js';

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

describe('Subscription.onOrderEvent request', () => {
  it('refuses an API-key subscriber who names no user (they would see every user’s orders)', () => {
    expectValidationError(onOrderEvent.request({ args: {} }), 'username');
    expectValidationError(onOrderEvent.request({ args: { username: null, type: 'ORDER_PLACED' } }), 'username');
  });

  it('validates a given username', () => {
    expectValidationError(onOrderEvent.request({ args: { username: 'a' } }), 'username');
    expectValidationError(onOrderEvent.request({ args: { username: 'ann#x' }, auth: 'IAM' }), 'username');
  });

  it('lets an IAM subscriber listen to every user', () => {
    expect(returned(onOrderEvent.request({ args: {}, auth: 'IAM' }))).toEqual({ payload: null });
  });

  it('sends the NONE data source no payload', () => {
    expect(returned(onOrderEvent.request({ args: { username: 'ann' } }))).toEqual({ payload: null });
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
  ])('with %j sets a filter of one group requiring every given field', (args, filters) => {
    const outcome = onOrderEvent.response({ args }, { result: null });
    expect(returned(outcome)).toBeNull();
    expect(outcome.extensions.subscriptionFilter).toEqual({ filterGroup: [{ filters }] });
    expect(outcome.extensions.subscriptionFilter).toEqual(toSubscriptionFilter(Object.fromEntries(Object.entries(args).map(([k, v]) => [k, { eq: v }]))));
  });

  it('an IAM subscriber with only a type filters on type alone', () => {
    const outcome = onOrderEvent.response({ args: { type: 'ORDER_PLACED' }, auth: 'IAM' }, { result: null });
    expect(outcome.extensions.subscriptionFilter).toEqual({ filterGroup: [{ filters: [{ fieldName: 'type', operator: 'eq', value: 'ORDER_PLACED' }] }] });
  });

  it('an IAM subscriber with no arguments gets no filter (everything)', () => {
    const outcome = onOrderEvent.response({ args: {}, auth: 'IAM' }, { result: null });
    expect(returned(outcome)).toBeNull();
    expect(outcome.extensions.subscriptionFilter).toBeUndefined();
  });
});

describe('onOrderEvent as a whole field', () => {
  it('API key without username: ValidationError and no filter', async () => {
    const { invoke, calls } = noneDataSource();
    const resolution = await resolveField('Subscription', 'onOrderEvent', { args: {} }, invoke);
    expectValidationError(resolution, 'username');
    expect(resolution.extensions.subscriptionFilter).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('API key with username and type: the filter, as toSubscriptionFilter builds it', async () => {
    const { invoke, calls } = noneDataSource();
    const resolution = await resolveField('Subscription', 'onOrderEvent', { args: { username: 'ann', type: 'ORDER_PLACED' } }, invoke);
    expect(resolution.errors).toEqual([]);
    expect(resolution.value).toBeNull();
    expect(calls).toEqual([{ payload: null }]);
    expect(resolution.extensions.subscriptionFilter).toEqual(toSubscriptionFilter({ username: { eq: 'ann' }, type: { eq: 'ORDER_PLACED' } }));
  });

  it('API key with username only: a filter on username', async () => {
    const { invoke } = noneDataSource();
    const resolution = await resolveField('Subscription', 'onOrderEvent', { args: { username: 'ann' } }, invoke);
    expect(resolution.extensions.subscriptionFilter).toEqual(toSubscriptionFilter({ username: { eq: 'ann' } }));
  });

  it('IAM without username: allowed, no filter', async () => {
    const { invoke } = noneDataSource();
    const resolution = await resolveField('Subscription', 'onOrderEvent', { args: {}, auth: 'IAM' }, invoke);
    expect(resolution.errors).toEqual([]);
    expect(resolution.extensions.subscriptionFilter).toBeUndefined();
  });
});
