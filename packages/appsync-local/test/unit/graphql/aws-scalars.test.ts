/**
 * local/graphql/aws-scalars.ts: AppSync's scalars accept and reject what AWS documents (and what
 * AppSync was seen to reject), through variables and literals, with AppSync's error wording;
 * AWSJSON reaches resolvers parsed and leaves serialized. Runs real graphql-js requests against a
 * schema of the prelude plus, per scalar, an echo field and a field returning a given value.
 */
import { readFileSync } from 'node:fs';
import { buildSchema, graphql, isScalarType, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AWS_SCALARS, withAwsScalars } from '../../../src/graphql/aws-scalars.js';

const PRELUDE = readFileSync(new URL('../../../src/graphql/appsync-prelude.graphql', import.meta.url), 'utf8');
const NAMES = Object.keys(AWS_SCALARS);

/** in<Scalar>(v) returns v; out<Scalar>(json) returns JSON.parse(json), to test serialization. */
const schema = withAwsScalars(
  buildSchema(`${PRELUDE}
type Query {
${NAMES.map((name) => `  in${name}(v: ${name}): ${name}\n  out${name}(json: String!): ${name}`).join('\n')}
}`),
);

/** The last argument each in<Scalar> resolver received. */
let received: unknown;
const rootValue = Object.fromEntries(
  NAMES.flatMap((name) => [
    [`in${name}`, ({ v }: { v: unknown }) => ((received = v), v)],
    [`out${name}`, ({ json }: { json: string }) => JSON.parse(json) as unknown],
  ]),
);

const run = async (source: string, variableValues?: Record<string, unknown>): Promise<ExecutionResult> => graphql({ schema, source, rootValue, variableValues });

/** Sends the value as a variable. */
const asVariable = (name: string, value: unknown) => run(`query ($v: ${name}) { r: in${name}(v: $v) }`, { v: value });
/** Writes the value into the query: strings as string literals, numbers as number literals. */
const asLiteral = (name: string, value: string | number) => run(`{ r: in${name}(v: ${JSON.stringify(value)}) }`);
const messages = (result: ExecutionResult) => (result.errors ?? []).map((e) => e.message);

const ACCEPTED: [string, string | number][] = [
  ['AWSDate', '1970-01-01'],
  ['AWSDate', '1970-01-01Z'],
  ['AWSDate', '1970-01-01-07:00'],
  ['AWSDate', '1970-01-01+05:30'],
  ['AWSDate', '1970-01-01+05:30:15'],
  ['AWSDate', '-2017-05-01'],
  ['AWSDate', '2024-02-29'],
  ['AWSTime', '12:30'],
  ['AWSTime', '12:30Z'],
  ['AWSTime', '12:30:24-07:00'],
  ['AWSTime', '12:30:24.500+05:30'],
  ['AWSTime', '12:00:00.123456789'],
  ['AWSTime', '23:59:59'],
  ['AWSDateTime', '1970-01-01T12:00:00.277Z'],
  ['AWSDateTime', '2019-12-24T04:15:57.798Z'],
  ['AWSDateTime', '1970-01-01T00:00Z'],
  ['AWSDateTime', '2020-06-30T23:59:59+05:30'],
  ['AWSDateTime', '2020-06-30T23:59:59.123456789-07:00:30'],
  ['AWSDateTime', '-2017-01-01T00:00Z'],
  ['AWSTimestamp', 0],
  ['AWSTimestamp', 1700000000],
  ['AWSTimestamp', -86400],
  ['AWSEmail', 'username@example.com'],
  ['AWSEmail', 'first.last+tag@mail.example.co.uk'],
  ['AWSURL', 'https://www.amazon.com/'],
  ['AWSURL', 'http://localhost/'],
  ['AWSURL', 'http://localhost:3000/a/b?next=http://example.com/#top'],
  ['AWSURL', 'mailto:someone@example.com'],
  ['AWSURL', 'file:///etc/hosts'],
  ['AWSPhone', '+1 206-555-0100'],
  ['AWSPhone', '206-555-0100'],
  ['AWSPhone', '2065550100'],
  ['AWSPhone', '1 206 555 0100'],
  ['AWSPhone', '+44 20 7946 0958'],
  ['AWSIPAddress', '127.0.0.1'],
  ['AWSIPAddress', '10.0.0.0/8'],
  ['AWSIPAddress', '::1'],
  ['AWSIPAddress', '2001:db8::/32'],
  ['AWSIPAddress', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
];

const REJECTED: [string, unknown, string][] = [
  ['AWSDate', '2019-02-30', 'Unable to parse `2019-02-30` as a valid date.'],
  ['AWSDate', '2019-12-24T04:15:57.798Z', 'Unable to parse `2019-12-24T04:15:57.798Z` as a valid date.'],
  ['AWSDate', '2019-13-01', 'as a valid date.'],
  ['AWSDate', '19-01-01', 'as a valid date.'],
  ['AWSDate', '2019-01-01+19:00', 'as a valid date.'],
  ['AWSDate', 20190101, 'Unable to parse 20190101 as a valid date.'],
  ['AWSTime', '12:30.5', 'Unable to parse `12:30.5` as a valid time.'],
  ['AWSTime', '24:00', 'as a valid time.'],
  ['AWSTime', '12:60', 'as a valid time.'],
  ['AWSTime', '12:30:24.1234567890', 'as a valid time.'],
  ['AWSDateTime', '2019', 'Unable to parse `2019` as a valid DateTime Object.'],
  ['AWSDateTime', '1970-01-01T12:00:00', 'Unable to parse `1970-01-01T12:00:00` as a valid DateTime Object.'],
  ['AWSDateTime', '2019-02-30T00:00Z', 'as a valid DateTime Object.'],
  ['AWSDateTime', '2020-05-23T06:4:37.000Z', 'as a valid DateTime Object.'],
  ['AWSDateTime', '2020-05-23 06:04Z', 'as a valid DateTime Object.'],
  ['AWSTimestamp', 1.5, 'Unable to parse 1.5 as a valid timestamp.'],
  ['AWSTimestamp', '1700000000', 'Unable to parse `1700000000` as a valid timestamp.'],
  ['AWSEmail', 'username.example.com', 'Unable to parse `username.example.com` as a valid email address.'],
  ['AWSEmail', 'user name@example.com', 'as a valid email address.'],
  ['AWSEmail', 'a@b@example.com', 'as a valid email address.'],
  ['AWSEmail', '@example.com', 'as a valid email address.'],
  ['AWSEmail', 'user@example..com', 'as a valid email address.'],
  ['AWSJSON', '{a: 1}', 'Unable to parse {a: 1} as valid JSON.'],
  ['AWSJSON', "{'a': 1}", "Unable to parse {'a': 1} as valid JSON."],
  ['AWSJSON', 'Unquoted string', 'Unable to parse Unquoted string as valid JSON.'],
  ['AWSJSON', { key1: 'hi', key2: 3, nested: { ok: true } }, 'Unable to parse {key1=hi, key2=3, nested={ok=true}} as valid JSON.'],
  ['AWSJSON', [], 'Unable to parse [] as valid JSON.'],
  ['AWSURL', 'amazon.com', 'Unable to parse `amazon.com` as a valid URL.'],
  ['AWSURL', 'www.amazon.com', 'as a valid URL.'],
  ['AWSURL', 'https://example.com/a//b', 'as a valid URL.'],
  ['AWSURL', 'http://', 'as a valid URL.'],
  ['AWSURL', 'http://exa mple.com/', 'as a valid URL.'],
  ['AWSPhone', '1110004444', 'Unable to parse `1110004444` as a valid phone number.'],
  ['AWSPhone', '555-0100', 'as a valid phone number.'],
  ['AWSPhone', 'phone', 'as a valid phone number.'],
  ['AWSPhone', '+1 206 555 0100 ext 5', 'as a valid phone number.'],
  ['AWSIPAddress', '300.1.1.1', 'Unable to parse `300.1.1.1` as a valid IP address.'],
  ['AWSIPAddress', '10.0.0.0/33', 'as a valid IP address.'],
  ['AWSIPAddress', '::1/129', 'as a valid IP address.'],
  ['AWSIPAddress', 'fe80::1%eth0', 'as a valid IP address.'],
  ['AWSIPAddress', 'localhost', 'as a valid IP address.'],
];

describe('AWS scalars', () => {
  it('implement exactly the scalars the prelude declares', () => {
    const declared = Object.values(buildSchema(PRELUDE).getTypeMap())
      .filter((t) => isScalarType(t) && t.name.startsWith('AWS'))
      .map((t) => t.name);
    expect(NAMES.sort()).toEqual(declared.sort());
  });

  it.each(ACCEPTED)('%s accepts %j as a variable and gives it back', async (name, value) => {
    expect(await asVariable(name, value)).toEqual({ data: { r: value } });
  });

  it.each(ACCEPTED)('%s accepts %j as a literal', async (name, value) => {
    expect(await asLiteral(name, value)).toEqual({ data: { r: value } });
  });

  it.each(REJECTED)('%s rejects the variable %j', async (name, value, message) => {
    const result = await asVariable(name, value);
    expect(result.data).toBeUndefined();
    expect(messages(result)).toEqual([expect.stringContaining(message)]);
  });

  it.each([
    ['AWSDateTime', '"2019"', 'Unable to parse `2019` as a valid DateTime Object.'],
    ['AWSDateTime', '"1970-01-01T12:00:00"', 'Unable to parse `1970-01-01T12:00:00` as a valid DateTime Object.'],
    ['AWSDate', '2019', 'Unable to parse 2019 as a valid date.'],
    ['AWSTimestamp', '"1700000000"', 'Unable to parse `1700000000` as a valid timestamp.'],
    ['AWSTimestamp', '1.5', 'Unable to parse 1.5 as a valid timestamp.'],
    ['AWSJSON', '{a: 1}', 'Unable to parse {a=1} as valid JSON.'],
    ['AWSJSON', '[1, 2]', 'Unable to parse [1, 2] as valid JSON.'],
    ['AWSJSON', '"{a: 1}"', 'Unable to parse {a: 1} as valid JSON.'],
    ['AWSEmail', '"username.example.com"', 'Unable to parse `username.example.com` as a valid email address.'],
    ['AWSURL', 'HTTPS', 'Unable to parse `HTTPS` as a valid URL.'],
  ])('%s rejects the literal %s, pointing at it', async (name, literal, message) => {
    const result = await run(`{ r: in${name}(v: ${literal}) }`);
    expect(result.data).toBeUndefined();
    expect(messages(result)).toEqual([message]);
    expect(result.errors?.[0]?.locations).toEqual([{ line: 1, column: 12 + name.length }]);
  });

  it.each([
    ['a variable', () => asVariable('AWSJSON', '{"a":[1,{"b":true}],"c":null}')],
    ['a literal', () => run(String.raw`{ r: inAWSJSON(v: "{\"a\":[1,{\"b\":true}],\"c\":null}") }`)],
  ])('AWSJSON from %s reaches the resolver parsed, and goes back out serialized', async (_how, send) => {
    received = undefined;
    expect(await send()).toEqual({ data: { r: '{"a":[1,{"b":true}],"c":null}' } });
    expect(received).toEqual({ a: [1, { b: true }], c: null });
  });

  it.each([
    ['"AWSJSON example string"', 'AWSJSON example string'],
    ['1', 1],
    ['true', true],
    ['null', null],
    ['[1,2,3]', [1, 2, 3]],
  ])('AWSJSON parses %s to %j for the resolver', async (json, parsed) => {
    received = undefined;
    await asVariable('AWSJSON', json);
    expect(received).toEqual(parsed);
  });

  it.each([
    ['AWSJSON', '{"a":[1,2],"b":{"c":"d"}}', '{"a":[1,2],"b":{"c":"d"}}'],
    ['AWSJSON', '[true,null]', '[true,null]'],
    ['AWSJSON', '42', '42'],
    ['AWSJSON', '"{\\"already\\":\\"serialized\\"}"', '{"already":"serialized"}'],
    ['AWSJSON', 'null', null],
    ['AWSTimestamp', '1700000000', 1700000000],
    ['AWSTimestamp', '"-86400"', -86400],
    ['AWSDateTime', '"2020-05-23T06:04:37.000Z"', '2020-05-23T06:04:37.000Z'],
    ['AWSEmail', '"username@example.com"', 'username@example.com'],
  ])('%s serializes the resolver value %s as %j', async (name, json, expected) => {
    expect(await run(`query ($json: String!) { r: out${name}(json: $json) }`, { json })).toEqual({ data: { r: expected } });
  });

  it.each([
    ['AWSDateTime', '"2020-05-23T06:4:37.000Z"', 'Unable to serialize `2020-05-23T06:4:37.000Z` as a valid DateTime Object.'],
    ['AWSDateTime', '1590214477', 'Unable to serialize 1590214477 as a valid DateTime Object.'],
    ['AWSDate', '"2020-02-30"', 'Unable to serialize `2020-02-30` as a valid date.'],
    ['AWSTimestamp', '1.5', 'Unable to serialize 1.5 as a valid timestamp.'],
    ['AWSTimestamp', '"soon"', 'Unable to serialize `soon` as a valid timestamp.'],
    ['AWSEmail', '"nobody"', 'Unable to serialize `nobody` as a valid email address.'],
    ['AWSIPAddress', '{"ip":"1.2.3.4"}', 'Unable to serialize {ip=1.2.3.4} as a valid IP address.'],
  ])('%s refuses to serialize the resolver value %s', async (name, json, message) => {
    const result = await run(`query ($json: String!) { r: out${name}(json: $json) }`, { json });
    expect(result.data).toEqual({ r: null });
    expect(messages(result)).toEqual([message]);
    expect(result.errors?.[0]?.path).toEqual(['r']);
  });
});

describe('withAwsScalars', () => {
  it('changes the scalar types in place and returns the same schema', () => {
    const built = buildSchema(`${PRELUDE}\ntype Query { d(v: AWSDate): AWSDate }`);
    const type = built.getType('AWSDate');
    expect(withAwsScalars(built)).toBe(built);
    expect(built.getType('AWSDate')).toBe(type);
    expect(built.getType('AWSDate')).toMatchObject({ serialize: AWS_SCALARS['AWSDate']!.serialize, specifiedByURL: AWS_SCALARS['AWSDate']!.specifiedByURL });
  });

  it('keeps a description the SDL gives', () => {
    const built = withAwsScalars(buildSchema(`"Ours." scalar AWSDate\ntype Query { d: AWSDate }`));
    expect(built.getType('AWSDate')?.description).toBe('Ours.');
  });

  it('leaves schemas without AWS scalars alone', () => {
    const built = buildSchema('type Query { a: String }');
    expect(withAwsScalars(built).getType('AWSDate')).toBeUndefined();
  });

  it('refuses a schema that declares an AWS scalar name as another kind of type', () => {
    expect(() => withAwsScalars(buildSchema('type AWSJSON { a: Int }\ntype Query { j: AWSJSON }'))).toThrow(/AWSJSON is AppSync's built-in scalar/);
  });
});
