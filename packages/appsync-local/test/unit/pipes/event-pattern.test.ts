import { describe, expect, it } from 'vitest';
import { InvalidEventPatternError, matchesEventPattern, parseEventPattern, passesFilters } from '../../../src/pipes/event-pattern.js';

type Case = [name: string, pattern: object, event: unknown, matches: boolean];

const matches = (pattern: object, event: unknown) => matchesEventPattern(parseEventPattern(pattern), event);

/** Each group: [case name, pattern, event, expected]. Names say what the case shows. */
const groups: Record<string, Case[]> = {
  'exact values': [
    ['a listed string', { state: ['running'] }, { state: 'running' }, true],
    ['any of several values', { state: ['pending', 'running'] }, { state: 'running' }, true],
    ['a string not listed', { state: ['running'] }, { state: 'stopped' }, false],
    ['strings are case sensitive', { state: ['running'] }, { state: 'Running' }, false],
    ['a number', { count: [5] }, { count: 5 }, true],
    ['numbers compare by value (5 = 5.0, 3.018e2 = 301.8)', { count: [5], limit: [3.018e2] }, { count: 5.0, limit: 301.8 }, true],
    ['a number never matches its string', { count: [5] }, { count: '5' }, false],
    ['a string never matches the number', { count: ['5'] }, { count: 5 }, false],
    ['true', { on: [true] }, { on: true }, true],
    ['true is not "true"', { on: [true] }, { on: 'true' }, false],
    ['false is not a missing field', { on: [false] }, {}, false],
    ['null matches null', { v: [null] }, { v: null }, true],
    ['null does not match a missing field', { v: [null] }, {}, false],
    ['null does not match an empty string', { v: [null] }, { v: '' }, false],
    ['an empty string matches an empty string', { v: [''] }, { v: '' }, true],
    ['an empty string does not match null', { v: [''] }, { v: null }, false],
    ['a missing field matches no value', { state: ['running'] }, { other: 'running' }, false],
    ['a value does not match an object', { state: ['running'] }, { state: { running: 1 } }, false],
  ],
  'fields are ANDed, nested objects follow the event': [
    ['all fields match', { a: ['1'], b: ['2'] }, { a: '1', b: '2', c: '3' }, true],
    ['one field fails', { a: ['1'], b: ['2'] }, { a: '1', b: '3' }, false],
    ['nested field', { detail: { state: ['on'] } }, { detail: { state: 'on' } }, true],
    ['nested field at another depth', { detail: { state: ['on'] } }, { state: 'on' }, false],
    ['nested pattern under a string', { detail: { state: ['on'] } }, { detail: 'on' }, false],
    ['deep nesting', { a: { b: { c: { d: [1] } } } }, { a: { b: { c: { d: 1 } } } }, true],
  ],
  'arrays in the event': [
    ['any element matches', { tags: ['b'] }, { tags: ['a', 'b'] }, true],
    ['no element matches', { tags: ['c'] }, { tags: ['a', 'b'] }, false],
    ['nested arrays are flattened', { tags: ['c'] }, { tags: [['a'], ['b', ['c']]] }, true],
    ['an empty array has no value', { tags: ['a'] }, { tags: [] }, false],
    ['a nested pattern matches an element of an array of objects', { items: { sku: ['x'] } }, { items: [{ sku: 'y' }, { sku: 'x' }] }, true],
    [
      'all fields of a nested pattern must match in the same element',
      { items: { sku: ['x'], qty: [2] } },
      {
        items: [
          { sku: 'x', qty: 1 },
          { sku: 'y', qty: 2 },
        ],
      },
      false,
    ],
    [
      'the same element satisfying both',
      { items: { sku: ['x'], qty: [2] } },
      {
        items: [
          { sku: 'y', qty: 2 },
          { sku: 'x', qty: 2 },
        ],
      },
      true,
    ],
    ['numeric over an array', { n: [{ numeric: ['>', 10] }] }, { n: [1, 20] }, true],
  ],
  prefix: [
    ['starts with', { time: [{ prefix: '2017-10-02' }] }, { time: '2017-10-02T18:43:48Z' }, true],
    ['does not start with', { time: [{ prefix: '2017-10-02' }] }, { time: '2017-10-03T00:00:00Z' }, false],
    ['case sensitive', { sk: [{ prefix: 'ORDER#' }] }, { sk: 'order#1' }, false],
    ['empty prefix matches any string', { v: [{ prefix: '' }] }, { v: 'abc' }, true],
    ['only strings', { v: [{ prefix: '1' }] }, { v: 123 }, false],
    ['ignoring case', { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] }, { service: 'eventbridge' }, true],
    ['ignoring case, wrong start', { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] }, { service: 'xeventb' }, false],
    [
      'a DynamoDB record as Pipes delivers it',
      { dynamodb: { NewImage: { SK: { S: [{ prefix: 'ORDER#' }] } } } },
      { eventName: 'INSERT', dynamodb: { Keys: {}, NewImage: { SK: { S: 'ORDER#123' }, N: { N: '1' } } } },
      true,
    ],
  ],
  suffix: [
    ['ends with', { file: [{ suffix: '.png' }] }, { file: 'a/b.png' }, true],
    ['does not end with', { file: [{ suffix: '.png' }] }, { file: 'a/b.PNG' }, false],
    ['ignoring case', { file: [{ suffix: { 'equals-ignore-case': '.png' } }] }, { file: 'a/b.PNG' }, true],
  ],
  'equals-ignore-case': [
    ['same letters, other case', { name: [{ 'equals-ignore-case': 'alice' }] }, { name: 'ALICE' }, true],
    ['different string', { name: [{ 'equals-ignore-case': 'alice' }] }, { name: 'alicia' }, false],
    ['only strings', { name: [{ 'equals-ignore-case': 'true' }] }, { name: true }, false],
  ],
  wildcard: [
    ['star in the middle', { source: [{ wildcard: 'Simple*Service' }] }, { source: 'SimpleQueueService' }, true],
    ['star matches nothing too', { source: [{ wildcard: 'Simple*Service' }] }, { source: 'SimpleService' }, true],
    ['anchored at both ends', { source: [{ wildcard: 'Simple*Service' }] }, { source: 'xSimpleQueueServices' }, false],
    ['several stars', { path: [{ wildcard: '*/lib/*.js' }] }, { path: 'src/lib/a.js' }, true],
    ['an escaped star is literal', { v: [{ wildcard: 'a\\*b' }] }, { v: 'a*b' }, true],
    ['an escaped star does not match other text', { v: [{ wildcard: 'a\\*b' }] }, { v: 'axxb' }, false],
    ['an escaped backslash', { v: [{ wildcard: 'a\\\\*' }] }, { v: 'a\\anything' }, true],
    ['regex characters are literal', { v: [{ wildcard: 'a.c(d)*' }] }, { v: 'abc(d)' }, false],
    ['matches across newlines', { v: [{ wildcard: 'a*b' }] }, { v: 'a\nb' }, true],
  ],
  'anything-but': [
    ['a different string', { state: [{ 'anything-but': 'initializing' }] }, { state: 'running' }, true],
    ['the excluded string', { state: [{ 'anything-but': 'initializing' }] }, { state: 'initializing' }, false],
    ['a missing field does not match', { state: [{ 'anything-but': 'initializing' }] }, {}, false],
    ['null is a value other than the excluded one', { state: [{ 'anything-but': 'initializing' }] }, { state: null }, true],
    ['an object is not a value', { state: [{ 'anything-but': 'x' }] }, { state: { a: 1 } }, false],
    ['a list of strings', { state: [{ 'anything-but': ['stopped', 'overloaded'] }] }, { state: 'overloaded' }, false],
    ['a string outside the list', { state: [{ 'anything-but': ['stopped', 'overloaded'] }] }, { state: 'running' }, true],
    ['a number', { n: [{ 'anything-but': 123 }] }, { n: 123 }, false],
    ['another number', { n: [{ 'anything-but': [100, 200] }] }, { n: 300 }, true],
    ['a string is not the excluded number', { n: [{ 'anything-but': [100] }] }, { n: '100' }, true],
    ['any element of an event array other than the excluded one', { s: [{ 'anything-but': 'a' }] }, { s: ['a', 'b'] }, true],
    ['every element excluded', { s: [{ 'anything-but': 'a' }] }, { s: ['a', 'a'] }, false],
    ['prefix', { state: [{ 'anything-but': { prefix: 'init' } }] }, { state: 'initializing' }, false],
    ['prefix, other value', { state: [{ 'anything-but': { prefix: 'init' } }] }, { state: 'running' }, true],
    ['suffix', { file: [{ 'anything-but': { suffix: '.png' } }] }, { file: 'a.png' }, false],
    ['suffix, other value', { file: [{ 'anything-but': { suffix: '.png' } }] }, { file: 'a.jpg' }, true],
    ['equals-ignore-case', { s: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] }, { s: 'INITIALIZING' }, false],
    ['equals-ignore-case list', { s: [{ 'anything-but': { 'equals-ignore-case': ['a', 'b'] } }] }, { s: 'C' }, true],
    ['wildcard', { path: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { path: 'src/lib/x' }, false],
    ['wildcard, other value', { path: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { path: 'src/bin/x' }, true],
  ],
  numeric: [
    ['range inside', { c: [{ numeric: ['>', 0, '<=', 5] }] }, { c: 5 }, true],
    ['range, lower bound excluded', { c: [{ numeric: ['>', 0, '<=', 5] }] }, { c: 0 }, false],
    ['range, above', { c: [{ numeric: ['>', 0, '<=', 5] }] }, { c: 5.000001 }, false],
    ['>= includes the bound', { c: [{ numeric: ['>=', 0, '<', 5] }] }, { c: 0 }, true],
    ['< excludes the bound', { c: [{ numeric: ['>=', 0, '<', 5] }] }, { c: 5 }, false],
    ['one-sided <', { d: [{ numeric: ['<', 10] }] }, { d: -3 }, true],
    ['one-sided <=', { d: [{ numeric: ['<=', 10] }] }, { d: 10 }, true],
    ['one-sided >', { d: [{ numeric: ['>', 10] }] }, { d: 10 }, false],
    ['=', { x: [{ numeric: ['=', 3.018e2] }] }, { x: 301.8 }, true],
    ['= another number', { x: [{ numeric: ['=', 3.018e2] }] }, { x: 301.9 }, false],
    ['upper bound given first', { c: [{ numeric: ['<', 5, '>', 1] }] }, { c: 3 }, true],
    ['only numbers: a numeric string does not match', { c: [{ numeric: ['>', 0] }] }, { c: '5' }, false],
    ['a missing field', { c: [{ numeric: ['>', 0] }] }, {}, false],
    ['a DynamoDB number is a string in the record', { dynamodb: { NewImage: { N: { N: [{ numeric: ['>', 0] }] } } } }, { dynamodb: { NewImage: { N: { N: '5' } } } }, false],
  ],
  cidr: [
    ['IPv4 inside', { ip: [{ cidr: '10.0.0.0/24' }] }, { ip: '10.0.0.33' }, true],
    ['IPv4 outside', { ip: [{ cidr: '10.0.0.0/24' }] }, { ip: '10.0.1.1' }, false],
    ['IPv6 inside', { ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db8:0:1::1' }, true],
    ['IPv6 outside', { ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db9::1' }, false],
    ['not an address', { ip: [{ cidr: '10.0.0.0/8' }] }, { ip: 'ten' }, false],
    ['an IPv6 value against an IPv4 block', { ip: [{ cidr: '10.0.0.0/8' }] }, { ip: '::1' }, false],
  ],
  exists: [
    ['exists: true on a present field', { d: [{ exists: true }] }, { d: 'x' }, true],
    ['exists: true on a null field', { d: [{ exists: true }] }, { d: null }, true],
    ['exists: true on a missing field', { d: [{ exists: true }] }, {}, false],
    ['exists: false on a missing field', { d: [{ exists: false }] }, { e: 1 }, true],
    ['exists: false on a present field', { d: [{ exists: false }] }, { d: 'x' }, false],
    ['exists: false on an object field (not a leaf)', { detail: { c: [{ exists: false }] } }, { detail: { c: { c1: 100 } } }, true],
    ['exists: true on an object field (not a leaf)', { detail: { c: [{ exists: true }] } }, { detail: { c: { c1: 100 } } }, false],
    ['exists: false on an empty array', { d: [{ exists: false }] }, { d: [] }, true],
    ['exists: false under a missing parent', { OldImage: { SK: { S: [{ exists: false }] } } }, { NewImage: {} }, true],
    ['exists: true under a missing parent', { OldImage: { SK: { S: [{ exists: true }] } } }, { NewImage: {} }, false],
    ['exists: false or a value', { d: [{ exists: false }, 'x'] }, { d: 'x' }, true],
    ['exists: false or a value, neither', { d: [{ exists: false }, 'x'] }, { d: 'y' }, false],
  ],
  $or: [
    ['first alternative', { source: ['cw'], $or: [{ metric: ['CPU'] }, { ns: ['EC2'] }] }, { source: 'cw', metric: 'CPU' }, true],
    ['second alternative', { source: ['cw'], $or: [{ metric: ['CPU'] }, { ns: ['EC2'] }] }, { source: 'cw', ns: 'EC2' }, true],
    ['no alternative', { source: ['cw'], $or: [{ metric: ['CPU'] }, { ns: ['EC2'] }] }, { source: 'cw', ns: 'ES' }, false],
    ['alternatives and the other fields are ANDed', { source: ['cw'], $or: [{ metric: ['CPU'] }, { ns: ['EC2'] }] }, { source: 'x', metric: 'CPU' }, false],
    ['an alternative with several fields (AND inside OR)', { $or: [{ a: [1], b: [2] }, { c: [3] }] }, { a: 1, b: 3 }, false],
    ['nested $or inside an alternative', { $or: [{ a: [1], $or: [{ b: [2] }, { c: [3] }] }, { d: [4] }] }, { a: 1, c: 3 }, true],
    ['$or in a nested object', { detail: { $or: [{ s: ['x'] }, { t: ['y'] }] } }, { detail: { t: 'y' } }, true],
    ['$or listing values is an ordinary field name', { $or: ['v'] }, { $or: 'v' }, true],
  ],
  combinations: [
    [
      'prefix, anything-but, numeric and cidr together',
      {
        time: [{ prefix: '2017-10-02' }],
        detail: { state: [{ 'anything-but': 'initializing' }], c: [{ numeric: ['>', 0, '<=', 5] }], ip: [{ cidr: '10.0.0.0/8' }] },
      },
      { time: '2017-10-02T16:24:49Z', detail: { state: 'running', c: 5, ip: '10.0.0.33' } },
      true,
    ],
    [
      'one failing member fails the pattern',
      { time: [{ prefix: '2017-10-02' }], detail: { state: [{ 'anything-but': 'initializing' }], c: [{ numeric: ['>', 0, '<=', 5] }] } },
      { time: '2017-10-02T16:24:49Z', detail: { state: 'running', c: 6 } },
      false,
    ],
    ['several kinds of values ORed in one field', { v: ['a', { prefix: 'x' }, { numeric: ['>', 100] }] }, { v: 101 }, true],
  ],
};

describe.each(Object.entries(groups))('event pattern matching: %s', (_group, cases) => {
  it.each(cases)('%s', (_name, pattern, event, expected) => {
    expect(matches(pattern, event)).toBe(expected);
  });
});

describe('DynamoDB stream records against the order-events filters', () => {
  // The insert filter as infra/constructs/order-events.ts writes it: no old image means an insert.
  const insert = { dynamodb: { NewImage: { SK: { S: [{ prefix: '#ORDER#' }] } }, OldImage: { SK: { S: [{ exists: false }] } } } };
  const statusChange = { dynamodb: { OldImage: { Status: { S: ['PLACED'] } }, NewImage: { SK: { S: [{ prefix: '#ORDER#' }] }, Status: { S: [{ 'anything-but': ['PLACED'] }] } } } };
  const record = (images: object) => ({ eventID: '1', eventName: 'MODIFY', dynamodb: { Keys: {}, ...images } });
  const order = (status: string) => ({ SK: { S: '#ORDER#1' }, Status: { S: status } });

  it.each([
    ['an order inserted passes the insert filter', insert, record({ NewImage: order('PLACED') }), true],
    ['an order modified does not pass the insert filter', insert, record({ NewImage: order('PLACED'), OldImage: order('PLACED') }), false],
    ['a status change passes', statusChange, record({ OldImage: order('PLACED'), NewImage: order('SHIPPED') }), true],
    ['the same status does not', statusChange, record({ OldImage: order('PLACED'), NewImage: order('PLACED') }), false],
    ['a new image without Status does not (anything-but needs the field)', statusChange, record({ OldImage: order('PLACED'), NewImage: { SK: { S: '#ORDER#1' } } }), false],
  ])('%s', (_name, pattern, event, expected) => {
    expect(matches(pattern, event)).toBe(expected);
  });
});

describe('passesFilters', () => {
  it('ORs the filters and lets everything through when there are none', () => {
    const filters = [JSON.stringify({ a: ['1'] }), JSON.stringify({ b: ['2'] })];
    expect(passesFilters(filters, { b: '2' })).toBe(true);
    expect(passesFilters(filters, { a: '2' })).toBe(false);
    expect(passesFilters([], { anything: true })).toBe(true);
  });
});

describe('invalid patterns', () => {
  it.each([
    ['not JSON', '{"a": [', /Filter is not valid JSON/],
    ['not an object', '["a"]', /Filter is not an object/],
    ['a string', '"a"', /Filter is not an object/],
    ['an empty pattern', {}, /Empty objects are not allowed/],
    ['an empty nested object', { a: {} }, /Empty objects are not allowed \(at a\)/],
    ['a value not in an array', { a: 'x' }, /Match value must be an array or an object.*\(at a\)/],
    ['an empty value list', { a: [] }, /Empty arrays are not allowed/],
    ['an array inside the value list', { a: [['x']] }, /Match value must be String, number, true, false, or null/],
    ['an unknown operator', { a: [{ contains: 'x' }] }, /Unrecognized match type contains \(at a\)/],
    ['two operators in one object', { a: [{ prefix: 'x', suffix: 'y' }] }, /exactly one match type/],
    ['a prefix that is not a string', { a: [{ prefix: 1 }] }, /prefix match pattern must be a string/],
    ['prefix with an unknown nested operator', { a: [{ prefix: { wildcard: 'x' } }] }, /prefix match pattern must be a string or \{"equals-ignore-case": string\}/],
    ['exists that is not a boolean', { a: [{ exists: 'yes' }] }, /exists match pattern must be either true or false/],
    ['numeric that is not an array', { a: [{ numeric: 5 }] }, /Value of numeric must be a non-empty array/],
    ['numeric with an unknown operator', { a: [{ numeric: ['!=', 5] }] }, /Unrecognized numeric range operator: "!="/],
    ['numeric with a string bound', { a: [{ numeric: ['>', '5'] }] }, /Value of > must be numeric/],
    ['numeric with = and another operator', { a: [{ numeric: ['=', 5, '<', 6] }] }, /"=" cannot be combined/],
    ['numeric with two lower bounds', { a: [{ numeric: ['>', 1, '>=', 2] }] }, /two lower bounds/],
    ['numeric with an empty range', { a: [{ numeric: ['>', 5, '<', 5] }] }, /Bottom must be less than top/],
    ['numeric out of range', { a: [{ numeric: ['>', 6e9] }] }, /between -5.0e9 and 5.0e9/],
    ['numeric with a dangling operator', { a: [{ numeric: ['>', 1, '<'] }] }, /one or two \[operator, number\] pairs/],
    ['anything-but mixing strings and numbers', { a: [{ 'anything-but': ['a', 1] }] }, /all strings or all numbers/],
    ['anything-but with an empty list', { a: [{ 'anything-but': [] }] }, /Empty arrays are not allowed/],
    ['anything-but with a boolean', { a: [{ 'anything-but': true }] }, /anything-but takes a string, a number/],
    ['anything-but with numeric', { a: [{ 'anything-but': { numeric: ['>', 1] } }] }, /Unsupported anything-but pattern: numeric/],
    ['wildcard with consecutive stars', { a: [{ wildcard: 'a**b' }] }, /Consecutive wildcard characters/],
    ['wildcard with an unknown escape', { a: [{ wildcard: 'a\\b' }] }, /Invalid escape in wildcard pattern/],
    ['cidr without a prefix length', { a: [{ cidr: '10.0.0.1' }] }, /Nonstandard IP address: 10.0.0.1/],
    ['cidr with a prefix length too long', { a: [{ cidr: '10.0.0.0/33' }] }, /Nonstandard IP address/],
    ['cidr that is not an address', { a: [{ cidr: 'x/8' }] }, /Nonstandard IP address/],
    ['$or with a single alternative is an ordinary field, whose value is invalid', { $or: [{ a: ['1'] }] }, /Unrecognized match type a \(at \$or\)/],
    ['$or with a non-object alternative is an ordinary field, whose values are invalid', { $or: ['b', { a: ['1'] }] }, /Unrecognized match type a \(at \$or\)/],
  ])('%s', (_name, pattern, message) => {
    expect(() => parseEventPattern(pattern)).toThrow(message);
    expect(() => parseEventPattern(pattern)).toThrow(InvalidEventPatternError);
  });

  it("uses EventBridge's exception name and message prefix", () => {
    const error = (() => {
      try {
        parseEventPattern({ a: 'x' });
      } catch (err) {
        return err as Error;
      }
      return undefined;
    })();
    expect(error?.name).toBe('InvalidEventPatternException');
    expect(error?.message).toMatch(/^Event pattern is not valid\. Reason: /);
  });

  it.each([
    ['anything-but prefix', { a: [{ 'anything-but': { prefix: 'x' } }] }],
    ['anything-but suffix', { a: [{ 'anything-but': { suffix: 'x' } }] }],
    ['anything-but equals-ignore-case', { a: [{ 'anything-but': { 'equals-ignore-case': 'x' } }] }],
    ['anything-but wildcard', { a: [{ 'anything-but': { wildcard: 'x*' } }] }],
  ])('refuses %s in the Pipes dialect (the operator table says Pipes do not support it)', (_name, pattern) => {
    expect(() => parseEventPattern(pattern, { dialect: 'pipes' })).toThrow(/is not supported by EventBridge Pipes/);
    expect(() => parseEventPattern(pattern)).not.toThrow();
  });
});
