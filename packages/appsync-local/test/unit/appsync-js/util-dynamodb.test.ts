/**
 * util.dynamodb, evaluated inside the sandbox.
 * Source: https://docs.aws.amazon.com/appsync/latest/devguide/dynamodb-helpers-in-util-dynamodb-js.html
 * Observed outputs: AppSync EvaluateCode snapshots recorded in localstack/appsync-utils
 * (`__tests__/__snapshots__/index.test.js.snap`). Where the two disagree the observed output wins:
 * N and NS values are JSON numbers (as the doc shows, though the published types say strings) and
 * toS3Object returns compact, valid JSON (the doc's string is malformed).
 */
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateOutcome } from '../../helpers/appsync-js.js';

const DOC = 'https://docs.aws.amazon.com/appsync/latest/devguide/dynamodb-helpers-in-util-dynamodb-js.html';
const OBSERVED = 'localstack/appsync-utils __tests__/__snapshots__/index.test.js.snap';

const DOC_LIST = { L: [{ S: 'foo' }, { N: 123 }, { M: { bar: { S: 'baz' } } }] };
const DOC_MAP_VALUES = { foo: { S: 'bar' }, baz: { N: 1234 }, beep: { L: [{ S: 'boop' }] } };

describe(`util.dynamodb.toDynamoDB (${DOC}, "toDynamoDB"; observed: ${OBSERVED})`, () => {
  it('String: toDynamoDB("foo") is { "S" : "foo" } (observed: toDynamoDB("test") is {"S":"test"})', () => {
    expect(evaluate('util.dynamodb.toDynamoDB("foo")')).toEqual({ S: 'foo' });
    expect(evaluate('util.dynamodb.toDynamoDB("test")')).toEqual({ S: 'test' });
  });

  it('Number: toDynamoDB(12345) is { "N" : 12345 }, N a JSON number', () => {
    const value = evaluate<{ N: unknown }>('util.dynamodb.toDynamoDB(12345)');
    expect(value).toEqual({ N: 12345 });
    expect(typeof value.N).toBe('number');
  });

  it('Boolean: toDynamoDB(true) is { "BOOL" : true }', () => {
    expect(evaluate('util.dynamodb.toDynamoDB(true)')).toEqual({ BOOL: true });
  });

  it('null: toDynamoDB(null) is {"NULL":null} (observed)', () => {
    expect(evaluate('util.dynamodb.toDynamoDB(null)')).toEqual({ NULL: null });
  });

  it('List: toDynamoDB([ "foo", 123, { "bar" : "baz" } ]) is a list, not a set', () => {
    expect(evaluate('util.dynamodb.toDynamoDB([ "foo", 123, { "bar" : "baz" } ])')).toEqual(DOC_LIST);
  });

  it('Map: toDynamoDB({ "foo": "bar", "baz" : 1234, "beep": [ "boop"] })', () => {
    expect(evaluate('util.dynamodb.toDynamoDB({ "foo": "bar", "baz" : 1234, "beep": [ "boop"] })')).toEqual({ M: DOC_MAP_VALUES });
  });

  it('converts values from ctx.arguments, as in the hand-built Query observed in resolvers.test.js.snap ({":name":{"S":"test"}}, {":shift":{"N":10}})', () => {
    expect(
      evaluate('{ ":name": util.dynamodb.toDynamoDB(ctx.arguments.filter.line), ":shift": util.dynamodb.toDynamoDB(ctx.arguments.filter.shift) }', {
        arguments: { filter: { line: 'test', shift: 10 } },
      }),
    ).toEqual({ ':name': { S: 'test' }, ':shift': { N: 10 } });
  });

  it('uses lists, never sets, for lists of strings or numbers ("it will use lists ("L") rather than sets")', () => {
    expect(evaluate('util.dynamodb.toDynamoDB(["a", "b"])')).toEqual({ L: [{ S: 'a' }, { S: 'b' }] });
    expect(evaluate('util.dynamodb.toDynamoDB([1, 2.5])')).toEqual({ L: [{ N: 1 }, { N: 2.5 }] });
  });
});

describe(`util.dynamodb typed helpers (${DOC}; observed: ${OBSERVED})`, () => {
  const cases: [string, unknown][] = [
    ['util.dynamodb.toString("foo")', { S: 'foo' }],
    ['util.dynamodb.toString("test")', { S: 'test' }],
    ['util.dynamodb.toStringSet([ "foo", "bar", "baz" ])', { SS: ['foo', 'bar', 'baz'] }],
    ['util.dynamodb.toNumber(12345)', { N: 12345 }],
    ['util.dynamodb.toNumberSet([ 1, 23, 4.56 ])', { NS: [1, 23, 4.56] }],
    ['util.dynamodb.toBinary("foo")', { B: 'foo' }],
    ['util.dynamodb.toBinarySet([ "foo", "bar", "baz" ])', { BS: ['foo', 'bar', 'baz'] }],
    ['util.dynamodb.toBoolean(true)', { BOOL: true }],
    ['util.dynamodb.toNull()', { NULL: null }],
    ['util.dynamodb.toList([ "foo", 123, { "bar" : "baz" } ])', DOC_LIST],
    ['util.dynamodb.toMap({ "foo": "bar", "baz" : 1234, "beep": [ "boop"] })', { M: DOC_MAP_VALUES }],
    ['util.dynamodb.toMapValues({ "foo": "bar", "baz" : 1234, "beep": [ "boop"] })', DOC_MAP_VALUES],
  ];
  it.each(cases)('%s', (expression, expected) => {
    expect(evaluate(expression)).toEqual(expected);
  });

  it('keeps N and NS values as JSON numbers, not DynamoDB-wire strings', () => {
    const [n, ns] = evaluate<[{ N: unknown }, { NS: unknown[] }]>('[util.dynamodb.toNumber(12345), util.dynamodb.toNumberSet([1, 23, 4.56])]');
    expect(typeof n.N).toBe('number');
    expect(ns.NS.map((v) => typeof v)).toEqual(['number', 'number', 'number']);
  });

  it('toMapValues(m) is exactly toMap(m).M, as the doc says', () => {
    const [values, map] = evaluate<[unknown, { M: unknown }]>('[util.dynamodb.toMapValues({ a: [1, "x", { b: null }], c: false }), util.dynamodb.toMap({ a: [1, "x", { b: null }], c: false })]');
    expect(values).toEqual(map.M);
    expect(values).toEqual({ a: { L: [{ N: 1 }, { S: 'x' }, { M: { b: { NULL: null } } }] }, c: { BOOL: false } });
  });
});

describe(`util.dynamodb helpers given null (${DOC}; the @aws-appsync/utils types take T | null | undefined and return "| null")`, () => {
  const helpers = ['toString', 'toStringSet', 'toNumber', 'toNumberSet', 'toBinary', 'toBinarySet', 'toBoolean', 'toList', 'toMap', 'toMapValues'];
  it.each(helpers)('util.dynamodb.%s(null) is null', (helper) => {
    const outcome = evaluateOutcome(`util.dynamodb.${helper}(null)`);
    expect(outcome.kind).toBe('returned');
    expect(outcome.value).toBeNull();
  });
});

describe(`util.dynamodb S3 objects (${DOC}, "S3Object utils"; observed: ${OBSERVED})`, () => {
  it('toS3Object("foo", "bar", "baz") is compact JSON in the order key, bucket, region, as AppSync returned it', () => {
    expect(evaluate('util.dynamodb.toS3Object("foo", "bar", "baz")')).toEqual({ S: '{"s3":{"key":"foo","bucket":"bar","region":"baz"}}' });
  });

  it('toS3Object("foo", "bar", "baz", "beep") adds "version":"beep" (with a colon, not the doc\'s "=")', () => {
    expect(evaluate('util.dynamodb.toS3Object("foo", "bar", "baz", "beep")')).toEqual({
      S: '{"s3":{"key":"foo","bucket":"bar","region":"baz","version":"beep"}}',
    });
  });

  it('fromS3ObjectJson takes the JSON string and returns key, bucket, region and version', () => {
    expect(evaluate(`util.dynamodb.fromS3ObjectJson('{"s3":{"key":"foo","bucket":"bar","region":"baz","version":"beep"}}')`)).toEqual({
      key: 'foo',
      bucket: 'bar',
      region: 'baz',
      version: 'beep',
    });
  });

  it('fromS3ObjectJson without a version returns key, bucket and region only', () => {
    const value = evaluate<Record<string, unknown>>(`util.dynamodb.fromS3ObjectJson('{"s3":{"key":"foo","bucket":"bar","region":"baz"}}')`);
    expect(value).toEqual({ key: 'foo', bucket: 'bar', region: 'baz' });
    expect(Object.keys(value)).not.toContain('version');
  });

  it('fromS3ObjectJson reads what toS3Object wrote', () => {
    expect(evaluate('util.dynamodb.fromS3ObjectJson(util.dynamodb.toS3Object("k/1.png", "my-bucket", "us-east-1", "v2").S)')).toEqual({
      key: 'k/1.png',
      bucket: 'my-bucket',
      region: 'us-east-1',
      version: 'v2',
    });
  });

  it("fromS3ObjectJson given the doc's literal input (an object holding invalid JSON) returns nothing usable (observed: no parsable result)", () => {
    const outcome = evaluateOutcome(String.raw`util.dynamodb.fromS3ObjectJson({ "S" : "{ \"s3\" : { \"key\" : \"foo\", \"bucket\" : \"bar\", \"region\" : \"baz\", \"version\" = \"beep\" } }" })`);
    // The snapshot is `undefined`: AppSync gave no JSON result (an error, or a value that serialises to nothing).
    expect(outcome.value).toBeUndefined();
  });
});
