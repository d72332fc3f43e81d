/**
 * The AWS Lambda data source against a fake function: AppSync's Lambda request object
 * (https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-lambda-js.html) in,
 * ctx.result or ctx.error out.
 */
import { describe, expect, it } from 'vitest';
import { LambdaDataSource, type LambdaFunction } from '../../../src/data-sources/lambda.js';
import type { LambdaInvocation } from '../../../src/lambda/local-lambda.js';

/** A function that records its events and answers with `answer(event)`. */
function fakeFunction(answer: (event: unknown) => LambdaInvocation | Promise<LambdaInvocation>) {
  const events: unknown[] = [];
  const fn: LambdaFunction = {
    invoke: async (event) => {
      events.push(event);
      return answer(event);
    },
  };
  return { fn, events };
}

const facts = { requestId: 'req-1', durationMs: 3 };

describe('LambdaDataSource', () => {
  it('Invoke: sends the payload as the event and answers the return value as ctx.result', async () => {
    const { fn, events } = fakeFunction((event) => ({ ...facts, result: { echoed: event } }));
    const ds = new LambdaDataSource(fn);
    expect(await ds.invoke({ operation: 'Invoke', payload: { field: 'getPost', arguments: { id: '1' } } })).toEqual({ result: { echoed: { field: 'getPost', arguments: { id: '1' } } } });
    expect(events).toEqual([{ field: 'getPost', arguments: { id: '1' } }]);
  });

  it('Invoke without a payload sends null, and an undefined result is null', async () => {
    const { fn, events } = fakeFunction(() => ({ ...facts, result: undefined }));
    expect(await new LambdaDataSource(fn).invoke({ operation: 'Invoke' })).toEqual({ result: null });
    expect(events).toEqual([null]);
  });

  it("invocationType 'Event': runs the function without waiting for it; ctx.result is null", async () => {
    let release!: () => void;
    const { fn, events } = fakeFunction(() => new Promise<LambdaInvocation>((resolve) => (release = () => resolve({ ...facts, result: 'late' }))));
    const answer = await new LambdaDataSource(fn).invoke({ operation: 'Invoke', invocationType: 'Event', payload: { n: 1 } });
    expect(answer).toEqual({ result: null });
    expect(events).toEqual([{ n: 1 }]);
    release();
  });

  it("invocationType 'Event': a failure to run it later goes to the failure log, not to the resolver", async () => {
    const failures: unknown[] = [];
    const fn: LambdaFunction = { invoke: () => Promise.reject(new Error('instance died')) };
    expect(await new LambdaDataSource(fn, (err) => failures.push(err)).invoke({ operation: 'Invoke', invocationType: 'Event' })).toEqual({ result: null });
    await new Promise((r) => setImmediate(r));
    expect(failures).toEqual([new Error('instance died')]);
  });

  it('a function error is ctx.error Lambda:Unhandled with errorMessage, without the stack trace', async () => {
    const { fn } = fakeFunction(() => ({
      ...facts,
      error: { errorType: 'TypeError', errorMessage: "Cannot read properties of undefined (reading 'id')", stackTrace: ['at handler (index.mjs:3:10)'] },
    }));
    const answer = await new LambdaDataSource(fn).invoke({ operation: 'Invoke', payload: {} });
    expect(answer).toEqual({ error: { message: "Cannot read properties of undefined (reading 'id')", type: 'Lambda:Unhandled' } });
    expect(JSON.stringify(answer)).not.toContain('index.mjs');
  });

  it('BatchInvoke is refused with an error that says the local server does not batch', async () => {
    const { fn, events } = fakeFunction(() => ({ ...facts, result: [] }));
    expect(await new LambdaDataSource(fn).invoke({ operation: 'BatchInvoke', payload: [{ a: 1 }] })).toEqual({
      error: { message: 'BatchInvoke is not supported by the local server; use Invoke.', type: 'Lambda:UnsupportedOperation' },
    });
    expect(events).toEqual([]);
  });

  it.each([
    ['an unknown operation', { operation: 'Call' }, "Unsupported operation 'Call'. Expected Invoke or BatchInvoke."],
    ['no operation', { payload: {} }, "Unsupported operation 'undefined'. Expected Invoke or BatchInvoke."],
    ['a null request', null, "Unsupported operation 'undefined'. Expected Invoke or BatchInvoke."],
  ])('refuses %s as Lambda:InvalidRequest', async (_what, request, message) => {
    const { fn, events } = fakeFunction(() => ({ ...facts, result: null }));
    expect(await new LambdaDataSource(fn).invoke(request)).toEqual({ error: { message, type: 'Lambda:InvalidRequest' } });
    expect(events).toEqual([]);
  });

  it('a failure of the local machinery is Lambda:ServiceException, its details only in the failure log', async () => {
    const failures: unknown[] = [];
    const fn: LambdaFunction = { invoke: () => Promise.reject(new Error('spawn node ENOENT at /secret/path')) };
    const answer = await new LambdaDataSource(fn, (err) => failures.push(err)).invoke({ operation: 'Invoke', payload: {} });
    expect(answer).toEqual({ error: { message: 'The Lambda function could not be invoked.', type: 'Lambda:ServiceException' } });
    expect(failures).toEqual([new Error('spawn node ENOENT at /secret/path')]);
  });

  it.each([
    ['RequestResponse', undefined],
    ['Event', 'Event'],
  ])('a function that cannot even start (throws at once) is Lambda:ServiceException for %s invocations', async (_what, invocationType) => {
    const failures: unknown[] = [];
    const fn: LambdaFunction = {
      invoke: () => {
        throw new Error('function add-user is a container image, which the local server does not run');
      },
    };
    const answer = await new LambdaDataSource(fn, (err) => failures.push(err)).invoke({ operation: 'Invoke', invocationType, payload: {} });
    expect(answer).toEqual({ error: { message: 'The Lambda function could not be invoked.', type: 'Lambda:ServiceException' } });
    expect(failures).toHaveLength(1);
  });
});
