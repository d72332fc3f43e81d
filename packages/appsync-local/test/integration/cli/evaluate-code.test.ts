/**
 * `appsync-local evaluate-code` end to end, as a user runs it (the package's bin): a real process, real files, the JSON it
 * prints and its exit code. Mirrors `aws appsync evaluate-code`
 * (https://docs.aws.amazon.com/cli/latest/reference/appsync/evaluate-code.html; response fields per
 * https://docs.aws.amazon.com/appsync/latest/APIReference/API_EvaluateCode.html).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const PACKAGE_DIR = new URL('../../..', import.meta.url).pathname;
const BIN = `${PACKAGE_DIR}bin/appsync-local.js`;
const FIXTURES = 'test/fixtures';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json?: { evaluationResult?: string; error?: { message: string; codeErrors: unknown[] }; logs: string[]; stash?: string; outErrors?: string };
}

async function evaluateCode(args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, 'evaluate-code', ...args], { cwd: PACKAGE_DIR });
    return { code: 0, stdout, stderr, json: JSON.parse(stdout) };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const code = (file: string) => `--code=file://${FIXTURES}/${file}`;
const context = (file: string) => `--context=file://${FIXTURES}/contexts/${file}`;

describe('evaluate-code on a .js bundle', () => {
  it('prints the request object as evaluationResult, with logs and stash', async () => {
    const result = await evaluateCode([code('appsync-js/get-order.js'), context('get-order.json'), '--function', 'request']);
    expect(result.code).toBe(0);
    expect(Object.keys(result.json!)).toEqual(['evaluationResult', 'logs', 'stash', 'outErrors']);
    expect(JSON.parse(result.json!.evaluationResult!)).toEqual({ operation: 'GetItem', key: { PK: { S: 'CUSTOMER#ann' }, SK: { S: '#ORDER#o1' } } });
    expect(result.json!.logs).toEqual(['INFO - code.js:6:3: "getting order" "o1"']);
    expect(JSON.parse(result.json!.stash!)).toEqual({ requestedAt: '1970-01-01T00:00:00.000Z' });
    expect(result.json!.outErrors).toBe('[]');
  });

  it('runs the response handler against ctx.result', async () => {
    const result = await evaluateCode([code('appsync-js/get-order.js'), context('get-order-result.json'), '--function', 'response']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.json!.evaluationResult!)).toEqual({ orderId: 'o1', status: 'SHIPPED' });
  });

  it('reports util.error as error.message with no code errors, and in outErrors with its type', async () => {
    const result = await evaluateCode([code('appsync-js/get-order.js'), context('get-order-error.json'), '--function', 'response']);
    expect(result.code).toBe(0);
    expect(result.json!.evaluationResult).toBeUndefined();
    expect(result.json!.error).toEqual({ message: 'Throughput exceeded', codeErrors: [] });
    expect(JSON.parse(result.json!.outErrors!)).toEqual([{ message: 'Throughput exceeded', errorType: 'DynamoDB:ProvisionedThroughputExceededException', data: null, errorInfo: null }]);
  });

  it('keeps appended errors in outErrors next to the result', async () => {
    const result = await evaluateCode([code('appsync-js/get-order.js'), context('get-order-missing.json'), '--function', 'response']);
    expect(result.json!.evaluationResult).toBe('null');
    expect(JSON.parse(result.json!.outErrors!)).toEqual([{ message: 'No such order', errorType: 'OrderNotFound', data: null, errorInfo: null }]);
  });

  it('rejects code AppSync would not save with codeErrors naming the line, and still exits 0', async () => {
    const result = await evaluateCode([code('appsync-js-invalid/uses-while.js'), '--context={}']);
    expect(result.code).toBe(0);
    expect(result.json).toEqual({
      error: {
        message: 'code.js(5,3): error @aws-appsync/no-while: While statements are not supported.',
        codeErrors: [{ errorType: 'LINT_ERROR', value: 'While statements are not supported.', location: { line: 5, column: 3, span: 31 } }],
      },
      logs: [],
    });
  });
});

describe('evaluate-code on a .ts file', () => {
  it('bundles it as the deploy does (local imports inlined, @aws-appsync external) and evaluates it', async () => {
    const result = await evaluateCode([code('appsync-js/create-order.ts'), context('create-order.json')]);
    expect(result.code).toBe(0);
    const request = JSON.parse(result.json!.evaluationResult!);
    expect(request.operation).toBe('PutItem');
    expect(request.key.PK).toEqual({ S: 'CUSTOMER#ann' });
    expect(request.key.SK.S).toMatch(/^#ORDER#[0-9A-Za-z]{27}$/);
    expect(request.attributeValues).toEqual({ OrderId: { S: request.key.SK.S.slice('#ORDER#'.length) }, Amount: { N: 12.5 }, Status: { S: 'PLACED' } });
  });

  it('reports util.error with its data and errorInfo', async () => {
    const result = await evaluateCode([code('appsync-js/create-order.ts'), context('create-order-invalid.json')]);
    expect(result.json!.error).toEqual({ message: 'amount must be above 0', codeErrors: [] });
    expect(JSON.parse(result.json!.outErrors!)).toEqual([{ message: 'amount must be above 0', errorType: 'ValidationError', data: null, errorInfo: { field: 'amount' } }]);
  });

  it('reports an uncaught exception at its place in the TypeScript source, through the inline source map', async () => {
    const result = await evaluateCode([code('appsync-js/fails-at-runtime.ts'), '--context={"arguments":{}}']);
    expect(result.code).toBe(0);
    expect(result.json!.error!.message).toBe("test/fixtures/appsync-js/fails-at-runtime.ts:5:23: TypeError: Cannot read properties of undefined (reading 'id')");
    expect(JSON.parse(result.json!.outErrors!)[0].errorType).toBe('Code');
  });
});

describe('evaluate-code usage errors', () => {
  it.each([
    [[code('appsync-js/get-order.js')], /--context is required/],
    [[code('missing.js'), '--context={}'], /cannot read test\/fixtures\/missing\.js: ENOENT/],
    [[code('appsync-js/get-order.js'), '--context={not json'], /context is not valid JSON/],
    [[code('appsync-js/get-order.js'), '--context=[]'], /context must be a JSON object/],
    [[code('appsync-js/get-order.js'), '--context={}', '--function', 'handler'], /--function must be request or response/],
    [[code('appsync-js/get-order.js'), '--context={}', '--bogus'], /Unknown option '--bogus'/],
  ])('exits 2 with a message for %j', async (args, message) => {
    const result = await evaluateCode(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });
});
