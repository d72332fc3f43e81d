/**
 * The AWS Lambda data source: AppSync's Lambda request object
 * (https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-lambda-js.html) run
 * against a local function.
 *
 * - `Invoke`: the event is the request's `payload`; the function's return value is ctx.result;
 * - `invocationType: 'Event'`: the function runs without being waited for, ctx.result is null;
 * - a function error becomes ctx.error `{message: <errorMessage>, type: 'Lambda:Unhandled'}`,
 *   as AppSync reports it; the stack trace never reaches the resolver;
 * - `BatchInvoke` needs AppSync's batching of sibling fields, which the local server does not
 *   do: it answers with an error that says so.
 */
import type { DataSourceResult } from '../appsync-js/index.js';
import type { LambdaInvocation } from '../lambda/local-lambda.js';

/** Anything that runs a function: a LocalLambda, or a test double of one. */
export interface LambdaFunction {
  invoke(event: unknown): Promise<LambdaInvocation>;
}

export class LambdaDataSource {
  constructor(
    private readonly fn: LambdaFunction,
    /** Failures of the local machinery itself (not of the function), for the server's log. */
    private readonly onFailure: (error: unknown) => void = () => undefined,
  ) {}

  async invoke(request: unknown): Promise<DataSourceResult> {
    const r = (request ?? {}) as { operation?: unknown; payload?: unknown; invocationType?: unknown };
    if (r.operation === 'BatchInvoke') {
      return { error: { message: 'BatchInvoke is not supported by the local server; use Invoke.', type: 'Lambda:UnsupportedOperation' } };
    }
    if (r.operation !== 'Invoke') {
      return { error: { message: `Unsupported operation '${String(r.operation)}'. Expected Invoke or BatchInvoke.`, type: 'Lambda:InvalidRequest' } };
    }
    const event = r.payload ?? null;
    let invocation: LambdaInvocation;
    try {
      // A function that cannot be started at all throws before it returns a promise, in both modes.
      const running = this.fn.invoke(event);
      if (r.invocationType === 'Event') {
        running.catch((err: unknown) => this.onFailure(err));
        return { result: null };
      }
      invocation = await running;
    } catch (err) {
      this.onFailure(err);
      return { error: { message: 'The Lambda function could not be invoked.', type: 'Lambda:ServiceException' } };
    }
    if (invocation.error) return { error: { message: invocation.error.errorMessage, type: 'Lambda:Unhandled' } };
    return { result: invocation.result ?? null };
  }
}
