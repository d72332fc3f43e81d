/**
 * Top-level `util` helpers, evaluated inside the sandbox.
 * Source: https://docs.aws.amazon.com/appsync/latest/devguide/built-in-util-js.html
 * Observed outputs: AppSync EvaluateCode snapshots recorded in localstack/appsync-utils
 * (`__tests__/__snapshots__/authType.test.js.snap`), and aws/aws-appsync-community#384.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateBody, evaluateOutcome } from '../../helpers/appsync-js.js';

describe('util ID generation (built-in-util-js.html, "ID generation utils")', () => {
  it('autoId returns a 128-bit random UUID', () => {
    const ids = evaluate<string[]>('[util.autoId(), util.autoId()]');
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('autoUlid returns a 26-character Crockford base32 ULID', () => {
    const ids = evaluate<string[]>('[util.autoUlid(), util.autoUlid()]');
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('autoKsuid returns a base62 KSUID "with a length of 27" whose first 4 bytes are the current time', () => {
    const ids = evaluate<string[]>('[util.autoKsuid(), util.autoKsuid()]');
    for (const id of ids) expect(id).toMatch(/^[0-9A-Za-z]{27}$/);
    expect(ids[0]).not.toBe(ids[1]);
    // KSUID: 20 bytes, base62; the top 32 bits count seconds since 2014-05-13 (epoch 1,400,000,000).
    const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    const value = [...ids[0]!].reduce((n, c) => n * 62n + BigInt(ALPHABET.indexOf(c)), 0n);
    const seconds = Number(value >> 128n) + 1_400_000_000;
    expect(Math.abs(seconds - Date.now() / 1000)).toBeLessThan(5);
  });
});

describe('util encoding (built-in-util-js.html, "Encoding utils")', () => {
  it('urlEncode returns application/x-www-form-urlencoded text', () => {
    expect(evaluate('util.urlEncode("a b&c=d/é")')).toBe('a+b%26c%3Dd%2F%C3%A9');
    expect(evaluate(`util.urlEncode("*-._~!'()")`)).toBe('*-._%7E%21%27%28%29');
  });

  it('urlDecode reverses it ($util.urlDecode("12314%40N32") is 12314@N32 on AppSync, amplify-cli#6768)', () => {
    expect(evaluate('util.urlDecode("12314%40N32")')).toBe('12314@N32');
    expect(evaluate('util.urlDecode("a+b%26c%3Dd%2F%C3%A9")')).toBe('a b&c=d/é');
  });

  it('base64Encode and base64Decode round-trip UTF-8 text', () => {
    expect(evaluate('util.base64Encode("hello, wörld")')).toBe('aGVsbG8sIHfDtnJsZA==');
    expect(evaluate('util.base64Decode("aGVsbG8sIHfDtnJsZA==")')).toBe('hello, wörld');
  });

  it('escapeJavaScript returns a JavaScript-escaped string', () => {
    expect(evaluate(`util.escapeJavaScript("it's \\"quoted\\"\\n/path\\\\x é")`)).toBe(`it\\'s \\"quoted\\"\\n\\/path\\\\x \\u00E9`);
  });
});

describe('util.matches (built-in-util-js.html, "Type and pattern matching utils")', () => {
  it('matches the documented example util.matches("a*b", "aaaaab")', () => {
    expect(evaluate('util.matches("a*b", "aaaaab")')).toBe(true);
  });

  it('matches the whole input, as java.util.regex.Pattern.matches does', () => {
    expect(evaluate('util.matches("a*b", "aaaaabc")')).toBe(false);
    expect(evaluate('util.matches("(?i)HELLO", "hello")')).toBe(true);
  });
});

describe('util.authType (built-in-util-js.html; observed values from EvaluateCode)', () => {
  const cases: [string, unknown, string][] = [
    ['no identity', undefined, 'API Key Authorization'],
    ['a Lambda authorizer identity', { resolverContext: { userId: 'alice' } }, 'Lambda Authorization'],
    [
      'an IAM identity',
      {
        accountId: '123456789012',
        cognitoIdentityPoolId: null,
        cognitoIdentityId: null,
        sourceIp: ['1.2.3.4'],
        username: 'AKIAEXAMPLE',
        userArn: 'arn:aws:iam::123456789012:user/alice',
        cognitoIdentityAuthType: null,
        cognitoIdentityAuthProvider: null,
      },
      'IAM Authorization',
    ],
    [
      'a user pool identity',
      { sourceIp: ['1.2.3.4'], username: 'alice', groups: ['admin'], sub: 'uuid', issuer: 'https://cognito', claims: {}, defaultAuthStrategy: 'ALLOW' },
      'User Pool Authorization',
    ],
    ['an OIDC identity', { sub: 'uuid', issuer: 'https://issuer', claims: {} }, 'Open ID Connect Authorization'],
    ['an IAM identity without userArn', { accountId: '1', sourceIp: ['1.2.3.4'], username: 'x' }, 'API Key Authorization'],
  ];
  it.each(cases)('answers for %s', (_name, identity, expected) => {
    expect(evaluate('util.authType()', identity === undefined ? {} : { identity: identity as never })).toBe(expected);
  });
});

describe('util.error, util.appendError, util.unauthorized (built-in-util-js.html, "Error utils")', () => {
  it('util.error ends the handler with message, errorType, data and errorInfo', () => {
    const outcome = evaluateBody(`util.error("Order not found", "OrderNotFound", { id: 1 }, { retry: false });\nreturn "unreached";`);
    expect(outcome.kind).toBe('error');
    expect(outcome.value).toBeUndefined();
    expect(outcome.error).toEqual({ message: 'Order not found', errorType: 'OrderNotFound', data: { id: 1 }, errorInfo: { retry: false } });
  });

  it('util.error without a type gives errorType null and null data/errorInfo', () => {
    expect(evaluateOutcome('util.error("boom")').error).toEqual({ message: 'boom', errorType: null, data: null, errorInfo: null });
  });

  it('ignores util.error and util.appendError called with a non-string message or type (aws-appsync-community#384)', () => {
    const outcome = evaluateBody(`util.error(25);\nutil.error("a", 25);\nutil.appendError(7);\nreturn "kept going";`);
    expect(outcome.kind).toBe('returned');
    expect(outcome.appendedErrors).toEqual([]);
  });

  it('util.appendError records errors and the handler carries on', () => {
    const outcome = evaluateBody(`util.appendError("first", "Warn");\nutil.appendError("second", "Warn", null, { n: 2 });\nreturn "value";`);
    expect(outcome.kind).toBe('returned');
    expect(outcome.appendedErrors).toEqual([
      { message: 'first', errorType: 'Warn', data: null, errorInfo: null },
      { message: 'second', errorType: 'Warn', data: null, errorInfo: { n: 2 } },
    ]);
  });

  it('util.unauthorized ends with errorType Unauthorized naming the field and type', () => {
    const outcome = evaluateOutcome('util.unauthorized()', { info: { fieldName: 'publishOrderEvent', parentTypeName: 'Mutation' } });
    expect(outcome.error).toEqual({
      message: 'Not Authorized to access publishOrderEvent on type Mutation',
      errorType: 'Unauthorized',
      data: null,
      errorInfo: null,
    });
  });
});
