/**
 * util.transform, evaluated inside the sandbox.
 * Source: https://docs.aws.amazon.com/appsync/latest/devguide/transformation-helpers-in-utils-transform-js.html
 * Observed outputs: AppSync EvaluateCode (APPSYNC_JS 1.0.0) snapshots recorded in localstack/appsync-utils:
 * `__tests__/__snapshots__/transform.test.js.snap` @ b9bd6001, `index.test.js.snap` @ b9bd6001 and
 * `transform-subscription.test.js.snap` @ 8c7c2c99. Where the docs and AppSync disagree, these follow AppSync.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateOutcome } from '../../helpers/appsync-js.js';

const DOC = 'https://docs.aws.amazon.com/appsync/latest/devguide/transformation-helpers-in-utils-transform-js.html';
const SNAP_TRANSFORM = 'localstack/appsync-utils __tests__/__snapshots__/transform.test.js.snap and index.test.js.snap @ b9bd6001';
const SNAP_SUBSCRIPTION = 'localstack/appsync-utils __tests__/__snapshots__/transform-subscription.test.js.snap @ 8c7c2c99';

type AttributeValue = Record<string, unknown>;
interface Rendered {
  expression: string;
  expressionNames: Record<string, string>;
  expressionValues: Record<string, AttributeValue>;
}

const ENTRY_POINTS = ['toDynamoDBFilterExpression', 'toDynamoDBConditionExpression'] as const;
type EntryPoint = (typeof ENTRY_POINTS)[number];

/** The raw return value of `util.transform.<entry>(<source>)`. */
function raw(entry: EntryPoint, source: string): unknown {
  return evaluate(`util.transform.${entry}(${source})`);
}

/** The return value, which must be a JSON string, parsed. */
function rendered(entry: EntryPoint, source: string): Rendered {
  const value = raw(entry, source);
  expect(typeof value).toBe('string');
  return JSON.parse(value as string) as Rendered;
}

/** [input source, expression (compared exactly), expressionNames, expressionValues (both compared as maps)]. */
type Row = [string, string, Record<string, string>, Record<string, AttributeValue>];

const V = { '#v': 'v' };
const S = (s: string) => ({ S: s });
const N = (n: number) => ({ N: n });

// Every row of transform.test.js.snap @ b9bd6001 (the names/values maps are AWS's, re-sorted by Jest).
const OBSERVED: Row[] = [
  // comparison operators
  ['{ v: { eq: "x" } }', '(#v = :v_eq)', V, { ':v_eq': S('x') }],
  ['{ v: { ne: "x" } }', '(#v <> :v_ne)', V, { ':v_ne': S('x') }],
  ['{ v: { lt: "x" } }', '(#v < :v_lt)', V, { ':v_lt': S('x') }],
  ['{ v: { le: "x" } }', '(#v <= :v_le)', V, { ':v_le': S('x') }],
  ['{ v: { gt: "x" } }', '(#v > :v_gt)', V, { ':v_gt': S('x') }],
  ['{ v: { ge: "x" } }', '(#v >= :v_ge)', V, { ':v_ge': S('x') }],
  // the type of an operand: numbers stay JSON numbers
  ['{ v: { eq: 10 } }', '(#v = :v_eq)', V, { ':v_eq': N(10) }],
  ['{ v: { eq: 1.5 } }', '(#v = :v_eq)', V, { ':v_eq': N(1.5) }],
  ['{ v: { eq: true } }', '(#v = :v_eq)', V, { ':v_eq': { BOOL: true } }],
  ['{ v: { eq: null } }', '(#v = :v_eq)', V, { ':v_eq': { NULL: null } }],
  ['{ v: { eq: { a: 1 } } }', '(#v = :v_eq)', V, { ':v_eq': { M: { a: N(1) } } }],
  ['{ v: { eq: [1, 2] } }', '(#v = :v_eq)', V, { ':v_eq': { L: [N(1), N(2)] } }],
  // function operators: no space after the comma
  ['{ v: { contains: "x" } }', '(contains(#v,:v_contains))', V, { ':v_contains': S('x') }],
  ['{ v: { notContains: "x" } }', '(NOT contains(#v,:v_notContains))', V, { ':v_notContains': S('x') }],
  ['{ v: { beginsWith: "x" } }', '(begins_with(#v,:v_beginsWith))', V, { ':v_beginsWith': S('x') }],
  // between
  ['{ v: { between: ["1", "9"] } }', '(#v BETWEEN :v_between_start AND :v_between_end)', V, { ':v_between_start': S('1'), ':v_between_end': S('9') }],
  ['{ v: { between: [1, 9] } }', '(#v BETWEEN :v_between_start AND :v_between_end)', V, { ':v_between_start': N(1), ':v_between_end': N(9) }],
  ['{ v: { between: ["1", "9", "3"] } }', '(#v BETWEEN :v_between_start AND :v_between_end)', V, { ':v_between_start': S('1'), ':v_between_end': S('9') }],
  // in: comma and space between values
  ['{ v: { in: ["a", "b"] } }', '(#v IN (:v_in_0, :v_in_1))', V, { ':v_in_0': S('a'), ':v_in_1': S('b') }],
  ['{ v: { in: ["a"] } }', '(#v IN (:v_in_0))', V, { ':v_in_0': S('a') }],
  // attributeExists binds no value
  ['{ v: { attributeExists: true } }', '(attribute_exists(#v))', V, {}],
  ['{ v: { attributeExists: false } }', '(attribute_not_exists(#v))', V, {}],
  // attributeType: friendly names become DynamoDB type codes
  [
    `{ a: { attributeType: "_null" }, b: { attributeType: "string" }, c: { attributeType: "stringSet" }, d: { attributeType: "number" },
       e: { attributeType: "numberSet" }, f: { attributeType: "binary" }, g: { attributeType: "binarySet" }, h: { attributeType: "boolean" },
       i: { attributeType: "list" }, j: { attributeType: "map" } }`,
    'abcdefghij'
      .split('')
      .map((f) => `(attribute_type(#${f},:${f}_attributeType))`)
      .join(' AND '),
    Object.fromEntries('abcdefghij'.split('').map((f) => [`#${f}`, f])),
    {
      ':a_attributeType': S('NULL'),
      ':b_attributeType': S('S'),
      ':c_attributeType': S('SS'),
      ':d_attributeType': S('N'),
      ':e_attributeType': S('NS'),
      ':f_attributeType': S('B'),
      ':g_attributeType': S('BS'),
      ':h_attributeType': S('BOOL'),
      ':i_attributeType': S('L'),
      ':j_attributeType': S('M'),
    },
  ],
  // size
  ['{ v: { size: { gt: 2 } } }', '(size(#v) > :v_size_gt)', V, { ':v_size_gt': N(2) }],
  ['{ v: { size: { between: [1, 3] } } }', '(size(#v) BETWEEN :v_size_between_start AND :v_size_between_end)', V, { ':v_size_between_start': N(1), ':v_size_between_end': N(3) }],
  ['{ v: { size: { contains: "x" } } }', '(contains(size(#v),:v_size_contains))', V, { ':v_size_contains': S('x') }],
  ['{ v: { size: { attributeExists: true } } }', '(attribute_exists(size(#v)))', V, {}],
  ['{ v: { size: { gt: 2, lt: 5 } } }', '((size(#v) > :v_size_gt) AND (size(#v) < :v_size_lt))', V, { ':v_size_gt': N(2), ':v_size_lt': N(5) }],
  ['{ v: { size: { size: { gt: 1 } } } }', '(size(#v) > :v_size_size_gt)', V, { ':v_size_size_gt': N(1) }],
  // grouping
  ['{ a: { eq: 1 }, b: { eq: 2 } }', '(#a = :a_eq) AND (#b = :b_eq)', { '#a': 'a', '#b': 'b' }, { ':a_eq': N(1), ':b_eq': N(2) }],
  ['{ v: { ge: 1, le: 5 } }', '((#v >= :v_ge) AND (#v <= :v_le))', V, { ':v_ge': N(1), ':v_le': N(5) }],
  ['{ and: [{ a: { eq: 1 } }] }', '(#a = :and_0_a_eq)', { '#a': 'a' }, { ':and_0_a_eq': N(1) }],
  ['{ and: [{ a: { eq: 1 } }, { b: { eq: 2 } }] }', '((#a = :and_0_a_eq) AND (#b = :and_1_b_eq))', { '#a': 'a', '#b': 'b' }, { ':and_0_a_eq': N(1), ':and_1_b_eq': N(2) }],
  ['{ or: [{ a: { eq: 1 } }, { b: { eq: 2 } }] }', '((#a = :or_0_a_eq) OR (#b = :or_1_b_eq))', { '#a': 'a', '#b': 'b' }, { ':or_0_a_eq': N(1), ':or_1_b_eq': N(2) }],
  ['{ not: { a: { eq: 1 } } }', '(NOT (#a = :not_a_eq))', { '#a': 'a' }, { ':not_a_eq': N(1) }],
  [
    '{ not: { and: [{ a: { eq: 1 } }, { b: { eq: 2 } }] } }',
    '(NOT ((#a = :not_and_0_a_eq) AND (#b = :not_and_1_b_eq)))',
    { '#a': 'a', '#b': 'b' },
    { ':not_and_0_a_eq': N(1), ':not_and_1_b_eq': N(2) },
  ],
  ['{ not: { not: { a: { eq: 1 } } } }', '(NOT (NOT (#a = :not_not_a_eq)))', { '#a': 'a' }, { ':not_not_a_eq': N(1) }],
  ['{ and: [{ not: { a: { eq: 1 } } }, { b: { eq: 2 } }] }', '((NOT (#a = :and_0_not_a_eq)) AND (#b = :and_1_b_eq))', { '#a': 'a', '#b': 'b' }, { ':and_0_not_a_eq': N(1), ':and_1_b_eq': N(2) }],
  [
    '{ or: [{ and: [{ a: { eq: 1 } }, { b: { eq: 2 } }] }, { c: { eq: 3 } }] }',
    '(((#a = :or_0_and_0_a_eq) AND (#b = :or_0_and_1_b_eq)) OR (#c = :or_1_c_eq))',
    { '#a': 'a', '#b': 'b', '#c': 'c' },
    { ':or_0_and_0_a_eq': N(1), ':or_0_and_1_b_eq': N(2), ':or_1_c_eq': N(3) },
  ],
  [
    '{ and: [{ or: [{ a: { eq: 1 } }, { b: { eq: 2 } }] }, { c: { eq: 3 } }] }',
    '(((#a = :and_0_or_0_a_eq) OR (#b = :and_0_or_1_b_eq)) AND (#c = :and_1_c_eq))',
    { '#a': 'a', '#b': 'b', '#c': 'c' },
    { ':and_0_or_0_a_eq': N(1), ':and_0_or_1_b_eq': N(2), ':and_1_c_eq': N(3) },
  ],
  ['{ and: [{ or: [{ and: [{ a: { eq: 1 } }] }] }] }', '(#a = :and_0_or_0_and_0_a_eq)', { '#a': 'a' }, { ':and_0_or_0_and_0_a_eq': N(1) }],
  ['{ a: { eq: 1 }, and: [{ b: { eq: 2 } }] }', '(#a = :a_eq) AND (#b = :and_0_b_eq)', { '#a': 'a', '#b': 'b' }, { ':a_eq': N(1), ':and_0_b_eq': N(2) }],
  ['{ "a.b": { eq: 1 } }', '(#a.b = :a.b_eq)', { '#a.b': 'a.b' }, { ':a.b_eq': N(1) }],
  // "both entry points render a filter the same way" and the Amplify model operations
  ['{ content: { eq: "x" } }', '(#content = :content_eq)', { '#content': 'content' }, { ':content_eq': S('x') }],
  [
    '{ and: [{ content: { eq: "x" } }, { version: { attributeExists: true } }] }',
    '((#content = :and_0_content_eq) AND (attribute_exists(#version)))',
    { '#content': 'content', '#version': 'version' },
    { ':and_0_content_eq': S('x') },
  ],
  [
    '{ not: { id: { between: ["1", "9"] } } }',
    '(NOT (#id BETWEEN :not_id_between_start AND :not_id_between_end))',
    { '#id': 'id' },
    { ':not_id_between_start': S('1'), ':not_id_between_end': S('9') },
  ],
  ['{ and: [{ id: { attributeExists: false } }] }', '(attribute_not_exists(#id))', { '#id': 'id' }, {}],
  [
    '{ and: [{ id: { attributeExists: true } }, { _version: { eq: 1 } }] }',
    '((attribute_exists(#id)) AND (#_version = :and_1__version_eq))',
    { '#id': 'id', '#_version': '_version' },
    { ':and_1__version_eq': N(1) },
  ],
  ['{ content: { contains: "foo" } }', '(contains(#content,:content_contains))', { '#content': 'content' }, { ':content_contains': S('foo') }],
  [
    '{ and: [{ content: { contains: "a" } }, { done: { eq: true } }] }',
    '((contains(#content,:and_0_content_contains)) AND (#done = :and_1_done_eq))',
    { '#content': 'content', '#done': 'done' },
    { ':and_0_content_contains': S('a'), ':and_1_done_eq': { BOOL: true } },
  ],
  [
    '{ or: [{ content: { beginsWith: "a" } }, { id: { between: ["1", "9"] } }] }',
    '((begins_with(#content,:or_0_content_beginsWith)) OR (#id BETWEEN :or_1_id_between_start AND :or_1_id_between_end))',
    { '#content': 'content', '#id': 'id' },
    { ':or_0_content_beginsWith': S('a'), ':or_1_id_between_start': S('1'), ':or_1_id_between_end': S('9') },
  ],
  // index.test.js.snap: the condition example and the docs' filter example
  ['{ id: { attributeExists: true }, version: { eq: 10 } }', '(attribute_exists(#id)) AND (#version = :version_eq)', { '#id': 'id', '#version': 'version' }, { ':version_eq': N(10) }],
  ['{ "title": { "contains": "Hello World" } }', '(contains(#title,:title_contains))', { '#title': 'title' }, { ':title_contains': S('Hello World') }],
];

// "filters that render no expression": empty or dangling expressions, kept as AppSync renders them.
const EDGE_CASES: Row[] = [
  ['{}', '', {}, {}],
  ['{ and: [] }', '', {}, {}],
  ['{ v: {} }', '', V, {}],
  ['{ v: { size: {} } }', '', V, {}],
  ['{ not: {} }', '(NOT )', {}, {}],
  ['{ v: { in: [] } }', '(null)', V, {}],
  ['{ a: { eq: 1 }, b: {} }', '(#a = :a_eq) AND ', { '#a': 'a', '#b': 'b' }, { ':a_eq': N(1) }],
  ['{ and: [{ a: { eq: 1 } }, {}] }', '((#a = :and_0_a_eq) AND )', { '#a': 'a' }, { ':and_0_a_eq': N(1) }],
];

// "filters that cannot be rendered": AppSync answers null rather than an error.
const NULL_INPUTS: [string, string][] = [
  ['no argument', ''],
  ['null', 'null'],
  ['an array', '[]'],
  ['a string', '"string"'],
  ['an unknown operator', '{ v: { foo: 1 } }'],
  ['a field holding a value instead of operators', '{ v: "x" }'],
  ['a field nested in a field', '{ a: { b: { eq: 1 } } }'],
  ['an and given a map instead of a list', '{ and: { a: { eq: 1 } } }'],
  ['an and given null', '{ and: null }'],
  ['a group holding a null member', '{ and: [{ a: { eq: 1 } }, null] }'],
  ['a not given a list', '{ not: [{ a: { eq: 1 } }] }'],
  ['a range with a single bound', '{ v: { between: [1] } }'],
  ['a range that is not a list', '{ v: { between: "x" } }'],
  ['a list of values that is not a list', '{ v: { in: "x" } }'],
  ['attributeExists given something other than a boolean', '{ v: { attributeExists: "yes" } }'],
  ['attributeType given a type code instead of a type name', '{ v: { attributeType: "S" } }'],
  ['attributeType given an unknown name', '{ v: { attributeType: "bogus" } }'],
  ['size given a value instead of operators', '{ v: { size: 3 } }'],
];

describe(`util.transform.toDynamoDBFilterExpression / toDynamoDBConditionExpression (doc: ${DOC}; observed: ${SNAP_TRANSFORM})`, () => {
  it('returns a JSON string, not the documented object: the docs example as AppSync returned it (index.test.js.snap)', () => {
    // The doc shows `contains(#title, :title_contains)` as an object; AppSync returns this exact string.
    expect(raw('toDynamoDBFilterExpression', '{ "title": { "contains": "Hello World" } }')).toBe(
      '{"expression":"(contains(#title,:title_contains))","expressionNames":{"#title":"title"},"expressionValues":{":title_contains":{"S":"Hello World"}}}',
    );
  });

  it('keeps the raw serialisation of both entry points (transform.test.js.snap, "the shape of the result")', () => {
    expect(raw('toDynamoDBFilterExpression', '{ content: { contains: "foo" } }')).toBe(
      '{"expression":"(contains(#content,:content_contains))","expressionNames":{"#content":"content"},"expressionValues":{":content_contains":{"S":"foo"}}}',
    );
    expect(raw('toDynamoDBConditionExpression', '{ and: [{ id: { attributeExists: false } }] }')).toBe(
      '{"expression":"(attribute_not_exists(#id))","expressionNames":{"#id":"id"},"expressionValues":{}}',
    );
  });

  it('orders the top-level keys expression, expressionNames, expressionValues', () => {
    for (const entry of ENTRY_POINTS) {
      expect(Object.keys(rendered(entry, '{ a: { eq: 1 }, b: { ne: "x" } }'))).toEqual(['expression', 'expressionNames', 'expressionValues']);
    }
  });

  describe.each(ENTRY_POINTS)('%s renders every observed filter', (entry) => {
    it.each(OBSERVED)('%s', (source, expression, names, values) => {
      const out = rendered(entry, source);
      expect(out.expression).toBe(expression);
      expect(out.expressionNames).toEqual(names);
      expect(out.expressionValues).toEqual(values);
    });
  });

  describe.each(ENTRY_POINTS)('%s renders empty and dangling expressions as AppSync does', (entry) => {
    it.each(EDGE_CASES)('%s', (source, expression, names, values) => {
      const out = rendered(entry, source);
      expect(out.expression).toBe(expression);
      expect(out.expressionNames).toEqual(names);
      expect(out.expressionValues).toEqual(values);
    });
  });

  // Observed through toDynamoDBFilterExpression; the condition entry point produced identical output for
  // every input recorded, so it is held to the same answer.
  describe.each(ENTRY_POINTS)('%s answers null, not an error, for input it cannot render', (entry) => {
    it.each(NULL_INPUTS)('%s', (_name, source) => {
      const outcome = evaluateOutcome(`util.transform.${entry}(${source})`);
      expect(outcome.kind).toBe('returned');
      expect(outcome.value).toBeNull();
    });
  });
});

interface Filter {
  fieldName: string;
  operator: string;
  value: unknown;
}
const f = (fieldName: string, operator: string, value: unknown): Filter => ({ fieldName, operator, value });
const groups = (...filterLists: Filter[][]) => ({ filterGroup: filterLists.map((filters) => ({ filters })) });

describe(`util.transform.toSubscriptionFilter, documented examples (doc: ${DOC}; example 1 also observed: ${SNAP_SUBSCRIPTION})`, () => {
  const EXAMPLE_1 = `{
    "percentageUp": { "lte": 50, "gte": 20 },
    "and": [ { "title": { "ne": "Book1" } }, { "downvotes": { "gt": 2000 } } ],
    "or": [ { "author": { "eq": "Admin" } }, { "isPublished": { "eq": false } } ]
  }`;

  it('example 1: several operators on a field and the or members multiply out (also observed, "operators and groups together")', () => {
    expect(evaluate(`util.transform.toSubscriptionFilter(${EXAMPLE_1})`)).toEqual(
      groups(
        [f('percentageUp', 'lte', 50), f('title', 'ne', 'Book1'), f('downvotes', 'gt', 2000), f('author', 'eq', 'Admin')],
        [f('percentageUp', 'lte', 50), f('title', 'ne', 'Book1'), f('downvotes', 'gt', 2000), f('isPublished', 'eq', false)],
        [f('percentageUp', 'gte', 20), f('title', 'ne', 'Book1'), f('downvotes', 'gt', 2000), f('author', 'eq', 'Admin')],
        [f('percentageUp', 'gte', 20), f('title', 'ne', 'Book1'), f('downvotes', 'gt', 2000), f('isPublished', 'eq', false)],
      ),
    );
  });

  const EXAMPLE_2 = EXAMPLE_1.replace('"gt": 2000', '"gt": 20');

  it('example 2: ignoredFields drop fields, and an or branch left empty drops out', () => {
    expect(evaluate(`util.transform.toSubscriptionFilter(${EXAMPLE_2}, ["percentageUp", "author"])`)).toEqual(
      groups([f('title', 'ne', 'Book1'), f('downvotes', 'gt', 20), f('isPublished', 'eq', false)]),
    );
  });

  it('example 3: each rule is added to every group as an alternative, unaffected by ignoredFields', () => {
    const example3 = EXAMPLE_1.replace('"gt": 2000', '"lt": 20');
    const rules = '{ "upvotes": { "gte": 250 }, "author": { "eq": "Person1" } }';
    // The doc's output says "gt" for downvotes although its input says "lt" (a doc bug); the operator is
    // carried through as written, so the input's "lt" is expected.
    expect(evaluate(`util.transform.toSubscriptionFilter(${example3}, ["percentageUp", "author"], ${rules})`)).toEqual(
      groups(
        [f('title', 'ne', 'Book1'), f('downvotes', 'lt', 20), f('isPublished', 'eq', false), f('upvotes', 'gte', 250)],
        [f('title', 'ne', 'Book1'), f('downvotes', 'lt', 20), f('isPublished', 'eq', false), f('author', 'eq', 'Person1')],
      ),
    );
  });
});

describe(`util.transform.toSubscriptionFilter, observed (doc: ${DOC}; observed: ${SNAP_SUBSCRIPTION})`, () => {
  const cases: [string, string, ReturnType<typeof groups>][] = [
    ['one operator on one field', '{ a: { eq: 1 } }', groups([f('a', 'eq', 1)])],
    ['two fields are combined', '{ a: { eq: 1 }, b: { eq: 2 } }', groups([f('a', 'eq', 1), f('b', 'eq', 2)])],
    ['an and combines its members', '{ and: [{ a: { eq: 1 } }, { b: { eq: 2 } }] }', groups([f('a', 'eq', 1), f('b', 'eq', 2)])],
    ['a field beside an and', '{ z: { eq: 0 }, and: [{ a: { eq: 1 } }] }', groups([f('z', 'eq', 0), f('a', 'eq', 1)])],
    ['a field path is kept as written', '{ "loc.addr.country": { eq: "USA" } }', groups([f('loc.addr.country', 'eq', 'USA')])],
    ['two operators on one field', '{ a: { eq: 1, ne: 2 } }', groups([f('a', 'eq', 1)], [f('a', 'ne', 2)])],
    ['an or splits into a group per member', '{ or: [{ a: { eq: 1 } }, { b: { eq: 2 } }] }', groups([f('a', 'eq', 1)], [f('b', 'eq', 2)])],
    ['an or nested in an and', '{ and: [{ a: { eq: 1 } }, { or: [{ b: { eq: 2 } }, { c: { eq: 3 } }] }] }', groups([f('a', 'eq', 1), f('b', 'eq', 2)], [f('a', 'eq', 1), f('c', 'eq', 3)])],
    ['the comparisons', '{ a: { le: 1 }, b: { lt: 2 }, c: { ge: 3 }, d: { gt: 4 } }', groups([f('a', 'le', 1), f('b', 'lt', 2), f('c', 'ge', 3), f('d', 'gt', 4)])],
    ['membership', '{ a: { in: [1, 2] }, b: { notIn: ["x"] } }', groups([f('a', 'in', [1, 2]), f('b', 'notIn', ['x'])])],
    ['between', '{ a: { between: [1, 9] } }', groups([f('a', 'between', [1, 9])])],
    ['the string operators', '{ a: { contains: "x" }, b: { notContains: "y" }, c: { beginsWith: "z" } }', groups([f('a', 'contains', 'x'), f('b', 'notContains', 'y'), f('c', 'beginsWith', 'z')])],
    ['containsAny', '{ a: { containsAny: ["x", "y"] } }', groups([f('a', 'containsAny', ['x', 'y'])])],
    ['a boolean value', '{ a: { eq: false } }', groups([f('a', 'eq', false)])],
    ['an unknown operator is not validated', '{ a: { bogus: 1 } }', groups([f('a', 'bogus', 1)])],
    ['not is a field name, not a negation', '{ not: { a: { eq: 1 } } }', groups([f('not', 'a', { eq: 1 })])],
    ['ignoredFields drop a field', '{ a: { eq: 1 }, b: { eq: 2 } }, ["a"]', groups([f('b', 'eq', 2)])],
    ['ignoredFields drop a field nested in an and', '{ a: { eq: 1 }, and: [{ b: { eq: 2 } }] }, ["b"]', groups([f('a', 'eq', 1)])],
    ['rules are added as alternatives', '{ a: { eq: 1 } }, [], { r1: { gte: 250 }, r2: { eq: "p" } }', groups([f('a', 'eq', 1), f('r1', 'gte', 250)], [f('a', 'eq', 1), f('r2', 'eq', 'p')])],
    ['rules on their own', '{}, [], { r1: { eq: 1 } }', groups([f('r1', 'eq', 1)])],
    ['an empty filter', '{}', { filterGroup: [] }],
    ['a field with no operator', '{ a: {} }', { filterGroup: [] }],
    ['an empty and', '{ and: [] }', { filterGroup: [] }],
  ];

  it.each(cases)('%s', (_name, args, expected) => {
    expect(evaluate(`util.transform.toSubscriptionFilter(${args})`)).toEqual(expected);
  });

  it.each([
    ['null', 'null'],
    ['no filter at all', ''],
    ['an array', '[]'],
    ['a JSON string', `'{"a":{"eq":1}}'`],
  ])('answers null for %s', (_name, args) => {
    const outcome = evaluateOutcome(`util.transform.toSubscriptionFilter(${args})`);
    expect(outcome.kind).toBe('returned');
    expect(outcome.value).toBeNull();
  });
});

describe(`util.transform.toElasticsearchQueryDSL, documented example (doc: ${DOC}; not observed on AppSync)`, () => {
  it('renders the documented example as a JSON string of the documented bool query', () => {
    const out = evaluate(`util.transform.toElasticsearchQueryDSL({
      "upvotes": { "ne": 15, "range": [10, 20] },
      "title": { "eq": "hihihi", "wildcard": "h*i" }
    })`);
    expect(typeof out).toBe('string');
    // The documented output, compacted (its tokens and their order are the doc's; whitespace is not pinned).
    const documented =
      '{"bool":{"must":[' +
      '{"bool":{"must":[{"bool":{"must_not":{"term":{"upvotes":15}}}},{"range":{"upvotes":{"gte":10,"lte":20}}}]}},' +
      '{"bool":{"must":[{"term":{"title":"hihihi"}},{"wildcard":{"title":"h*i"}}]}}' +
      ']}}';
    expect(JSON.stringify(JSON.parse(out as string))).toBe(documented);
  });
});
