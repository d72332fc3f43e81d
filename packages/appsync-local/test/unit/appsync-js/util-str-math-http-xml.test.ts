/**
 * util.str, util.math, util.http and util.xml, evaluated inside the sandbox.
 * Sources: the AWS pages named in each describe. None of these helpers has a recorded
 * EvaluateCode observation, so the documented inputs and outputs are the reference.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateBody, evaluateOutcome, runtime } from '../../helpers/appsync-js.js';

const STR_DOC = 'https://docs.aws.amazon.com/appsync/latest/devguide/str-helpers-in-util-str-js.html';
/** There is no JS page for util.math; the VTL page documents the same helpers. */
const MATH_DOC = 'https://docs.aws.amazon.com/appsync/latest/devguide/math-helpers-in-util-math.html';
const HTTP_DOC = 'https://docs.aws.amazon.com/appsync/latest/devguide/http-helpers-in-utils-http-js.html';
const XML_DOC = 'https://docs.aws.amazon.com/appsync/latest/devguide/xml-helpers-in-util-xml-js.html';

/** Calls `call` `count` times in one handler (APPSYNC_JS allows no callbacks, so a for-of loop) and returns the results. */
function draws(call: string, count: number): number[] {
  const outcome = evaluateBody(`const out = [];\nfor (const _ of ctx.args.slots) {\n  out.push(${call});\n}\nreturn out;`, {
    arguments: { slots: new Array<number>(count).fill(0) },
  });
  expect(outcome.kind).toBe('returned');
  const values = runtime.toHost<number[]>(outcome.value) ?? [];
  expect(values).toHaveLength(count);
  return values;
}

describe(`util.str.normalize (${STR_DOC})`, () => {
  it('"nfc" composes: A m e U+0301 l i e becomes Amélie with a single é', () => {
    const value = evaluate<string>('util.str.normalize("\\u0041\\u006d\\u0065\\u0301\\u006c\\u0069\\u0065", "nfc")');
    expect(value).toBe('Am\u00e9lie');
    expect(value).toHaveLength(6);
  });

  it('"nfd" decomposes é into e and a combining acute accent', () => {
    const value = evaluate<string>('util.str.normalize("Am\\u00e9lie", "nfd")');
    expect(value).toBe('Ame\u0301lie');
    expect(value).toHaveLength(7);
  });

  it('"nfkc" replaces compatibility characters and composes: ﬁ① plus e U+0301 becomes fi1é', () => {
    expect(evaluate('util.str.normalize("\\ufb01\\u2460e\\u0301", "nfkc")')).toBe('fi1\u00e9');
  });

  it('"nfkd" replaces compatibility characters and decomposes: ﬁ①é becomes fi1 e U+0301', () => {
    expect(evaluate('util.str.normalize("\\ufb01\\u2460\\u00e9", "nfkd")')).toBe('fi1e\u0301');
  });

  it('the canonical forms keep compatibility characters that the compatibility forms replace', () => {
    expect(evaluate('[util.str.normalize("\\ufb01", "nfc"), util.str.normalize("\\ufb01", "nfd")]')).toEqual(['\ufb01', '\ufb01']);
  });

  it('leaves text that is already normalized as it is', () => {
    expect(evaluate('util.str.normalize("plain ascii", "nfkd")')).toBe('plain ascii');
  });
});

describe(`util.math (${MATH_DOC}; types: @aws-appsync/utils math-utils.d.ts)`, () => {
  const rounding: [number, number][] = [
    [10.2, 10],
    [10.8, 11],
    [10, 10],
    [10.5, 11],
    [2.5, 3],
    [-10.2, -10],
    [-10.8, -11],
    [-10.5, -10],
    [0.49999999999999994, 0],
    [4503599627370497, 4503599627370497],
    [-0.4, 0],
  ];
  it.each(rounding)('roundNum(%d) is %d, the nearest integer (halves round up, as Java Math.round does)', (input, expected) => {
    expect(evaluate(`util.math.roundNum(${input})`)).toBe(expected);
  });

  it('minVal returns the smaller of two doubles', () => {
    expect(evaluate('[util.math.minVal(3.5, -2), util.math.minVal(-2, 3.5), util.math.minVal(1.25, 1.5), util.math.minVal(7, 7)]')).toEqual([-2, -2, 1.25, 7]);
  });

  it('maxVal returns the larger of two doubles', () => {
    expect(evaluate('[util.math.maxVal(3.5, -2), util.math.maxVal(-2, 3.5), util.math.maxVal(1.25, 1.5), util.math.maxVal(7, 7)]')).toEqual([3.5, 3.5, 1.5, 7]);
  });

  it('randomDouble returns doubles between 0 and 1', () => {
    const values = draws('util.math.randomDouble()', 1000);
    for (const d of values) {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(1);
    }
    expect(new Set(values).size).toBeGreaterThan(990);
    expect(values.some((d) => !Number.isInteger(d))).toBe(true);
  });

  it('randomWithinRange(1, 6) returns integers from the lower value up to the upper value, over many draws', () => {
    const values = draws('util.math.randomWithinRange(1, 6)', 2000);
    for (const d of values) {
      expect(Number.isInteger(d)).toBe(true);
      expect(d).toBeGreaterThanOrEqual(1);
      expect(d).toBeLessThanOrEqual(6);
    }
    expect(Math.min(...values)).toBe(1);
    // Whether AWS ever returns the upper value itself is not documented; the range is well covered either way.
    expect(new Set(values).size).toBeGreaterThanOrEqual(5);
  });

  it('randomWithinRange works for negative ranges', () => {
    const values = draws('util.math.randomWithinRange(-3, 3)', 500);
    for (const d of values) {
      expect(Number.isInteger(d)).toBe(true);
      expect(d).toBeGreaterThanOrEqual(-3);
      expect(d).toBeLessThanOrEqual(3);
    }
    expect(Math.min(...values)).toBe(-3);
  });
});

/** The headers the doc says copyHeaders excludes. */
const RESTRICTED = ['transfer-encoding', 'connection', 'host', 'expect', 'keep-alive', 'upgrade', 'proxy-authenticate', 'proxy-authorization', 'te', 'content-length'];

describe(`util.http.copyHeaders (${HTTP_DOC})`, () => {
  it('copies the headers, excluding every restricted header the doc lists', () => {
    const headers: Record<string, string> = { authorization: 'Bearer t', 'x-custom': 'a', accept: 'application/json', 'content-type': 'application/json' };
    for (const name of RESTRICTED) headers[name] = `value of ${name}`;
    expect(evaluate('util.http.copyHeaders(ctx.request.headers)', { request: { headers } })).toEqual({
      authorization: 'Bearer t',
      'x-custom': 'a',
      accept: 'application/json',
      'content-type': 'application/json',
    });
  });

  it.each(RESTRICTED)('drops %s', (name) => {
    expect(evaluate(`util.http.copyHeaders({ "${name}": "v", "kept": "k" })`)).toEqual({ kept: 'k' });
  });

  it('returns a copy: changing it leaves the input as it was', () => {
    const outcome = evaluateBody('const input = { a: "1" };\nconst copy = util.http.copyHeaders(input);\ncopy.b = "2";\nreturn [input, copy];');
    expect(outcome.kind).toBe('returned');
    expect(runtime.toHost(outcome.value)).toEqual([{ a: '1' }, { a: '1', b: '2' }]);
  });
});

describe(`util.http.addResponseHeader and addResponseHeaders (${HTTP_DOC})`, () => {
  it("records the doc example's headers: addResponseHeader('itemsCount', 7) and addResponseHeader('render', ctx.args.render)", () => {
    const outcome = evaluateBody(`util.http.addResponseHeader('itemsCount', 7);\nutil.http.addResponseHeader('render', ctx.args.render);\nreturn {};`, {
      arguments: { render: 'fast' },
    });
    expect(outcome.kind).toBe('returned');
    expect(outcome.appendedErrors).toEqual([]);
    expect(Object.keys(outcome.responseHeaders).sort()).toEqual(['itemsCount', 'render']);
    expect(outcome.responseHeaders['render']).toBe('fast');
    // The doc does not show how a number is written into a header; only that it is sent.
    expect(outcome.responseHeaders['itemsCount']).toContain('7');
  });

  it("records the doc example's map: addResponseHeaders({ headerInt: 12, headerString: 'stringValue', headerObject: {...} })", () => {
    const outcome = evaluateBody(`const headers = {
  headerInt: 12,
  headerString: 'stringValue',
  headerObject: { field1: 7, field2: 'string' }
};
util.http.addResponseHeaders(headers);
return {};`);
    expect(outcome.kind).toBe('returned');
    expect(outcome.appendedErrors).toEqual([]);
    expect(Object.keys(outcome.responseHeaders).sort()).toEqual(['headerInt', 'headerObject', 'headerString']);
    expect(outcome.responseHeaders['headerString']).toBe('stringValue');
    expect(outcome.responseHeaders['headerInt']).toContain('12');
  });

  it('uses the most recent definition of a header defined more than once', () => {
    const outcome = evaluateBody(`util.http.addResponseHeader('x-count', 'one');\nutil.http.addResponseHeader('x-count', 'two');\nreturn null;`);
    expect(outcome.responseHeaders).toEqual({ 'x-count': 'two' });
    expect(outcome.appendedErrors).toEqual([]);
  });

  const ignored: [string, string][] = [
    ...RESTRICTED.map((name): [string, string] => [`the restricted name ${name}`, `'${name}', 'v'`]),
    ...[
      'Access-Control-Allow-Credentials',
      'Access-Control-Allow-Origin',
      'Access-Control-Expose-Headers',
      'Access-Control-Max-Age',
      'Access-Control-Allow-Methods',
      'Access-Control-Allow-Headers',
      'Vary',
      'Content-Type',
    ].map((name): [string, string] => [`the restricted name ${name}`, `'${name}', 'v'`]),
    ['a name with the x-amz- prefix', `'x-amz-meta-thing', 'v'`],
    ['a name with the x-amzn- prefix', `'x-amzn-requestid', 'v'`],
    ['an empty name', `'', 'v'`],
    ['a null value', `'x-note', null`],
  ];
  it.each(ignored)('ignores %s and appends a ResponseHeaderError, and the handler carries on', (_name, args) => {
    const outcome = evaluateBody(`util.http.addResponseHeader(${args});\nreturn "carried on";`);
    expect(outcome.kind).toBe('returned');
    expect(runtime.toHost(outcome.value)).toBe('carried on');
    expect(outcome.responseHeaders).toEqual({});
    expect(outcome.appendedErrors).toHaveLength(1);
    expect(outcome.appendedErrors[0]?.errorType).toBe('ResponseHeaderError');
    expect(outcome.appendedErrors[0]?.message).toEqual(expect.any(String));
  });

  it('addResponseHeaders applies the same limits header by header: good ones are kept, bad ones each yield an error', () => {
    const outcome = evaluateBody(`util.http.addResponseHeaders({ ok: 'yes', 'Content-Type': 'text/plain', 'x-amz-date': 'now', missing: null, alsoOk: 'fine' });
return {};`);
    expect(outcome.kind).toBe('returned');
    expect(outcome.responseHeaders).toEqual({ ok: 'yes', alsoOk: 'fine' });
    expect(outcome.appendedErrors.map((e) => e.errorType)).toEqual(['ResponseHeaderError', 'ResponseHeaderError', 'ResponseHeaderError']);
  });

  it('a rejected header leaves the ones added before it', () => {
    const outcome = evaluateBody(`util.http.addResponseHeader('a', '1');\nutil.http.addResponseHeader('host', 'evil');\nutil.http.addResponseHeader('b', '2');\nreturn {};`);
    expect(outcome.responseHeaders).toEqual({ a: '1', b: '2' });
    expect(outcome.appendedErrors).toHaveLength(1);
  });

  it('a header error does not end the handler with an error', () => {
    const outcome = evaluateOutcome(`(util.http.addResponseHeader('vary', 'x'), 'value')`);
    expect(outcome.kind).toBe('returned');
    expect(outcome.error).toBeUndefined();
  });
});

const XML_EXAMPLE_1 = `<?xml version="1.0" encoding="UTF-8"?>
<posts>
<post>
    <id>1</id>
    <title>Getting started with GraphQL</title>
</post>
</posts>`;

const XML_EXAMPLE_2 = `<?xml version="1.0" encoding="UTF-8"?>
<posts>
<post>
  <id>1</id>
  <title>Getting started with GraphQL</title>
</post>
<post>
  <id>2</id>
  <title>Getting started with AppSync</title>
</post>
</posts>`;

const MAP_1 = { posts: { post: { id: 1, title: 'Getting started with GraphQL' } } };
const MAP_2 = {
  posts: {
    post: [
      { id: 1, title: 'Getting started with GraphQL' },
      { id: 2, title: 'Getting started with AppSync' },
    ],
  },
};

describe(`util.xml.toMap (${XML_DOC})`, () => {
  it('Example 1: one post becomes an object, the declaration is dropped and <id>1</id> is the number 1', () => {
    expect(evaluate('util.xml.toMap(ctx.args.xml)', { arguments: { xml: XML_EXAMPLE_1 } })).toStrictEqual(MAP_1);
  });

  it('Example 2: repeated <post> siblings become a list', () => {
    expect(evaluate('util.xml.toMap(ctx.args.xml)', { arguments: { xml: XML_EXAMPLE_2 } })).toStrictEqual(MAP_2);
  });

  it('returns an object the handler can read', () => {
    expect(evaluate('util.xml.toMap(ctx.args.xml).posts.post[1].title', { arguments: { xml: XML_EXAMPLE_2 } })).toBe('Getting started with AppSync');
  });
});

describe(`util.xml.toJsonString (${XML_DOC})`, () => {
  it('returns the toMap result as a JSON string', () => {
    const json = evaluate<string>('util.xml.toJsonString(ctx.args.xml)', { arguments: { xml: XML_EXAMPLE_2 } });
    expect(typeof json).toBe('string');
    expect(JSON.parse(json)).toStrictEqual(MAP_2);
  });

  it('with stringEncode false it is the same plain JSON string', () => {
    const [plain, unencoded] = evaluate<[string, string]>('[util.xml.toJsonString(ctx.args.xml), util.xml.toJsonString(ctx.args.xml, false)]', {
      arguments: { xml: XML_EXAMPLE_1 },
    });
    expect(unencoded).toBe(plain);
    expect(JSON.parse(unencoded)).toStrictEqual(MAP_1);
  });

  it('with stringEncode true it returns the JSON string-encoded: a JSON string literal holding the JSON', () => {
    const [plain, encoded] = evaluate<[string, string]>('[util.xml.toJsonString(ctx.args.xml), util.xml.toJsonString(ctx.args.xml, true)]', {
      arguments: { xml: XML_EXAMPLE_1 },
    });
    expect(encoded).not.toBe(plain);
    expect(encoded).toContain('\\"posts\\"');
    const decoded: unknown = JSON.parse(encoded);
    expect(decoded).toBe(plain);
    expect(JSON.parse(decoded as string)).toStrictEqual(MAP_1);
  });
});
