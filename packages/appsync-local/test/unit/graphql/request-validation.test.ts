/**
 * Request-level errors in AppSync's (old graphql-java's) wording: syntax, validation, variables
 * and operation selection. Messages marked [obs] in the case names are AppSync's own, seen in its
 * responses; the rest follow graphql-java's source (src/graphql/graphql-java-messages.ts lists
 * which is which; docs/local-appsync.md, "Faithful to AppSync", gives the sources).
 */
import { GraphQLError, Kind, assertScalarType, buildSchema, parse } from 'graphql';
import type { ValueNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { coerceRequestVariables, parseRequest, selectOperation, validateRequest } from '../../../src/graphql/request-validation.js';
import type { RequestError } from '../../../src/graphql/request-validation.js';

const schema = buildSchema(/* GraphQL */ `
  scalar AWSDateTime
  scalar AWSJSON

  enum Status {
    ACTIVE
    INACTIVE
  }

  input AddressInput {
    street: String!
    city: String
  }

  input CreateUserInput {
    name: String!
    email: String!
    age: Int
    status: Status
    address: AddressInput
    tags: [String!]
    createdAt: AWSDateTime
  }

  type Address {
    street: String
    city: String
  }

  type User {
    id: ID!
    name: String
    address: Address
    friends: [User!]!
  }

  type Query {
    getUser(id: ID!): User
    listUsers(limit: Int, status: Status): [User]
    echo(text: String): String
  }

  type Mutation {
    createUser(input: CreateUserInput!): User
    sendEmail(data: AWSJSON, count: Int): String
  }

  type Subscription {
    onCreateUser: User
    onDeleteUser: User
  }
`);

// Stand-ins for local/graphql/aws-scalars.ts (tested on its own): just enough of AWSDateTime and
// AWSJSON to reject what AppSync rejects, with AppSync's own scalar message.
const isDateTime = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value);
Object.assign(assertScalarType(schema.getType('AWSDateTime')), {
  parseValue(value: unknown) {
    if (!isDateTime(value)) throw new GraphQLError(`Unable to parse \`${String(value)}\` as a valid DateTime Object.`);
    return value;
  },
  parseLiteral(node: ValueNode) {
    if (node.kind !== Kind.STRING || !isDateTime(node.value)) throw new GraphQLError('not a date-time');
    return node.value;
  },
});
Object.assign(assertScalarType(schema.getType('AWSJSON')), {
  parseLiteral(node: ValueNode) {
    if (node.kind !== Kind.STRING) throw new GraphQLError('not a JSON string');
    return node.value;
  },
});

/** A validation error entry at one location. */
function at(line: number, column: number, message: string): RequestError {
  return { path: null, locations: [{ line, column, sourceName: null }], message };
}

function validate(query: string, introspection = true): RequestError[] {
  return validateRequest(schema, parse(query), { introspection });
}

describe('validateRequest: graphql-js rules in graphql-java wording', () => {
  const cases: [name: string, query: string, expected: RequestError[]][] = [
    ['a valid query has no errors', '{ getUser(id: "1") { id name address { city } } echo }', []],
    ['FieldUndefined [obs: the GOH81 body, exactly]', '{badfield}', [at(1, 2, "Validation error of type FieldUndefined: Field 'badfield' in type 'Query' is undefined @ 'badfield'")]],
    [
      'FieldUndefined deeper: the path has field names, not aliases',
      '{ u: getUser(id: "1") { nickname } }',
      [at(1, 25, "Validation error of type FieldUndefined: Field 'nickname' in type 'User' is undefined @ 'getUser/nickname'")],
    ],
    [
      'SubSelectionRequired [obs]',
      '{ getUser(id: "1") { address } }',
      [at(1, 22, "Validation error of type SubSelectionRequired: Sub selection required for type Address of field address @ 'getUser/address'")],
    ],
    [
      'SubSelectionRequired on a list type prints the type as null (graphql-java type.getName()) [obs]',
      '{ getUser(id: "1") { friends } }',
      [at(1, 22, "Validation error of type SubSelectionRequired: Sub selection required for type null of field friends @ 'getUser/friends'")],
    ],
    [
      'SubSelectionNotAllowed, located at the field [obs]',
      '{ echo(text: "a") { x } }',
      [at(1, 3, "Validation error of type SubSelectionNotAllowed: Sub selection not allowed on leaf type String of field echo @ 'echo'")],
    ],
    ['MissingFieldArgument [obs]', '{ getUser { id } }', [at(1, 3, "Validation error of type MissingFieldArgument: Missing field argument id @ 'getUser'")]],
    ['UnknownArgument [obs]', '{ getUser(id: "1", bogus: 1) { id } }', [at(1, 20, "Validation error of type UnknownArgument: Unknown field argument bogus @ 'getUser'")]],
    [
      'WrongType: a bad scalar literal inside an input object, located at the argument',
      'mutation { createUser(input: {name: "a", email: "b", age: "x"}) { id } }',
      [at(1, 23, "Validation error of type WrongType: argument 'input.age' with value 'StringValue{value='x'}' is not a valid 'Int' @ 'createUser'")],
    ],
    [
      'WrongType: a bad AWSDateTime literal [obs]',
      'mutation { createUser(input: {name: "a", email: "b", createdAt: "2019"}) { id } }',
      [at(1, 23, "Validation error of type WrongType: argument 'input.createdAt' with value 'StringValue{value='2019'}' is not a valid 'AWSDateTime' @ 'createUser'")],
    ],
    [
      'WrongType: an object literal for AWSJSON [obs]',
      'mutation { sendEmail(data: {to: "x", n: 2}) }',
      [
        at(
          1,
          22,
          "Validation error of type WrongType: argument 'data' with value 'ObjectValue{objectFields=[ObjectField{name='to', value=StringValue{value='x'}}, ObjectField{name='n', value=IntValue{value=2}}]}' is not a valid 'AWSJSON' @ 'sendEmail'",
        ),
      ],
    ],
    [
      'WrongType: missing required fields print the whole argument value [obs]',
      'mutation { createUser(input: {name: "a"}) { id } }',
      [
        at(
          1,
          23,
          "Validation error of type WrongType: argument 'input' with value 'ObjectValue{objectFields=[ObjectField{name='name', value=StringValue{value='a'}}]}' is missing required fields '[email]' @ 'createUser'",
        ),
      ],
    ],
    [
      'WrongType: several missing fields in Java HashSet order, one error per argument',
      'mutation { createUser(input: {age: 1}) { id } }',
      [
        at(
          1,
          23,
          "Validation error of type WrongType: argument 'input' with value 'ObjectValue{objectFields=[ObjectField{name='age', value=IntValue{value=1}}]}' is missing required fields '[name, email]' @ 'createUser'",
        ),
      ],
    ],
    [
      'WrongType: a nested input object missing a field names the path to it',
      'mutation { createUser(input: {name: "a", email: "b", address: {city: "x"}}) { id } }',
      [
        at(
          1,
          23,
          "Validation error of type WrongType: argument 'input.address' with value 'ObjectValue{objectFields=[ObjectField{name='name', value=StringValue{value='a'}}, ObjectField{name='email', value=StringValue{value='b'}}, ObjectField{name='address', value=ObjectValue{objectFields=[ObjectField{name='city', value=StringValue{value='x'}}]}}]}' is missing required fields '[street]' @ 'createUser'",
        ),
      ],
    ],
    [
      'WrongType: an unknown input field',
      'mutation { createUser(input: {name: "a", email: "b", nope: 1}) { id } }',
      [
        at(
          1,
          23,
          "Validation error of type WrongType: argument 'input' with value 'ObjectValue{objectFields=[ObjectField{name='name', value=StringValue{value='a'}}, ObjectField{name='email', value=StringValue{value='b'}}, ObjectField{name='nope', value=IntValue{value=1}}]}' contains a field not in 'CreateUserInput': 'nope' @ 'createUser'",
        ),
      ],
    ],
    [
      'WrongType: an unknown enum value',
      'mutation { createUser(input: {name: "a", email: "b", status: FOO}) { id } }',
      [at(1, 23, "Validation error of type WrongType: argument 'input.status' with value 'EnumValue{name='FOO'}' is not a valid 'Status' @ 'createUser'")],
    ],
    [
      'WrongType: a list element is indexed and a float prints as a BigDecimal',
      'mutation { createUser(input: {name: "a", email: "b", tags: ["a", 1.5e3]}) { id } }',
      [at(1, 23, "Validation error of type WrongType: argument 'input.tags[1]' with value 'FloatValue{value=1.5E+3}' is not a valid 'String' @ 'createUser'")],
    ],
    [
      'WrongType: null for a non-null argument',
      'mutation { createUser(input: null) { id } }',
      [at(1, 23, "Validation error of type WrongType: argument 'input' with value 'NullValue{}' must not be null @ 'createUser'")],
    ],
    [
      'WrongType: a scalar where an input object belongs',
      'mutation { createUser(input: "x") { id } }',
      [at(1, 23, "Validation error of type WrongType: argument 'input' with value 'StringValue{value='x'}' must be an object type @ 'createUser'")],
    ],
    [
      'BadValueForDefaultArg',
      'query ($limit: Int = "a") { listUsers(limit: $limit) { id } }',
      [at(1, 8, "Validation error of type BadValueForDefaultArg: Bad default value StringValue{value='a'} for type Int")],
    ],
    [
      'UnknownType, then UnusedVariable (no path outside fields)',
      'query ($x: Unknown) { echo }',
      [at(1, 12, 'Validation error of type UnknownType: Unknown type Unknown'), at(1, 8, 'Validation error of type UnusedVariable: Unused variable x')],
    ],
    [
      'NonInputTypeOnVariable',
      'query ($x: User) { echo(text: "a") }',
      [at(1, 8, 'Validation error of type NonInputTypeOnVariable: Wrong type for a variable'), at(1, 8, 'Validation error of type UnusedVariable: Unused variable x')],
    ],
    ['UndefinedVariable, at the usage', '{ echo(text: $y) }', [at(1, 14, "Validation error of type UndefinedVariable: Undefined variable y @ 'echo'")]],
    ['VariableTypeMismatch', 'query ($x: Int) { echo(text: $x) }', [at(1, 30, "Validation error of type VariableTypeMismatch: Variable type 'Int' doesn't match expected type 'String' @ 'echo'")]],
    [
      'VariableTypeMismatch: a default value makes the variable type non-null',
      'query ($x: String = "1") { getUser(id: $x) { id } }',
      [at(1, 40, "Validation error of type VariableTypeMismatch: Variable type 'String!' doesn't match expected type 'ID!' @ 'getUser'")],
    ],
    ['DuplicateOperationName, at the second operation', 'query A { echo } query A { echo }', [at(1, 18, "Validation error of type DuplicateOperationName: There can be only one operation named 'A'")]],
    [
      'LoneAnonymousOperationViolation: a named operation after an anonymous one',
      '{ echo } query B { echo }',
      [at(1, 10, 'Validation error of type LoneAnonymousOperationViolation: Operation B is following anonymous operation.')],
    ],
    [
      'LoneAnonymousOperationViolation: an anonymous operation after a named one',
      'query A { echo } { echo }',
      [at(1, 18, 'Validation error of type LoneAnonymousOperationViolation: Anonymous operation with other operations.')],
    ],
    ['UndefinedFragment', '{ ...F }', [at(1, 3, 'Validation error of type UndefinedFragment: Undefined fragment F')]],
    ['UnusedFragment', 'fragment F on Query { echo } { echo }', [at(1, 1, 'Validation error of type UnusedFragment: Unused fragment F')]],
    [
      'inside a fragment definition the path starts with its name',
      'fragment F on Query { bad } { ...F }',
      [at(1, 23, "Validation error of type FieldUndefined: Field 'bad' in type 'Query' is undefined @ 'F/bad'")],
    ],
    ['InvalidFragmentType', '{ ... on User { id } }', [at(1, 3, 'Validation error of type InvalidFragmentType: Fragment cannot be spread here as objects of type Query can never be of type User')]],
    ['FragmentCycle', 'fragment F on Query { ...G } fragment G on Query { ...F } { ...F }', [at(1, 1, "Validation error of type FragmentCycle: Fragment cycles not allowed @ 'F'")]],
    ['UnknownDirective', '{ echo @foo }', [at(1, 8, "Validation error of type UnknownDirective: Unknown directive foo @ 'echo'")]],
    ['MisplacedDirective', 'query @skip(if: true) { echo }', [at(1, 7, 'Validation error of type MisplacedDirective: Directive skip not allowed here')]],
    [
      'DuplicateDirectiveName',
      '{ echo @skip(if: true) @skip(if: true) }',
      [at(1, 24, "Validation error of type DuplicateDirectiveName: Directives must be uniquely named within a location. The directive 'skip' used on a 'Field' is not unique. @ 'echo'")],
    ],
    ['MissingDirectiveArgument', '{ echo @include }', [at(1, 8, "Validation error of type MissingDirectiveArgument: Missing directive argument if @ 'echo'")]],
    [
      'an unknown directive argument is UnknownDirective in graphql-java',
      '{ echo @skip(if: true, when: 1) }',
      [at(1, 24, "Validation error of type UnknownDirective: Unknown directive argument when @ 'echo'")],
    ],
    [
      'DuplicateArgumentNames, at the field',
      '{ getUser(id: "1", id: "2") { id } }',
      [at(1, 3, "Validation error of type DuplicateArgumentNames: There can be only one argument named 'id' @ 'getUser'")],
    ],
    [
      'FieldsConflict: differing arguments, at both fields',
      '{ a: echo(text: "x") a: echo(text: "y") }',
      [
        {
          path: null,
          locations: [
            { line: 1, column: 3, sourceName: null },
            { line: 1, column: 22, sourceName: null },
          ],
          message: 'Validation error of type FieldsConflict: a: they have differing arguments',
        },
      ],
    ],
    [
      'FieldsConflict: nested sub-field conflicts, with the path of the enclosing selection',
      '{ getUser(id: "1") { address { c: city c: street } } }',
      [
        {
          path: null,
          locations: [
            { line: 1, column: 32, sourceName: null },
            { line: 1, column: 40, sourceName: null },
          ],
          message: "Validation error of type FieldsConflict: c: city and street are different fields @ 'getUser/address'",
        },
      ],
    ],
    [
      'FieldsConflict: graphql-js nested reasons become graphql-java parentheses',
      '{ x: getUser(id: "1") { address { city } } x: getUser(id: "1") { address { city: street } } }',
      [
        {
          path: null,
          locations: [3, 25, 35, 44, 66, 76].map((column) => ({ line: 1, column, sourceName: null })),
          message: 'Validation error of type FieldsConflict: x: (address: (city: city and street are different fields))',
        },
      ],
    ],
    [
      'SubscriptionMultipleRootFields',
      'subscription { onCreateUser { id } onDeleteUser { id } }',
      [at(1, 1, "Validation error of type SubscriptionMultipleRootFields: Subscription operation 'null' must have exactly one root field")],
    ],
  ];

  it.each(cases)('%s', (_name, query, expected) => {
    expect(validate(query)).toEqual(expected);
  });
});

describe('validateRequest: introspection', () => {
  const cases: [name: string, query: string, introspection: boolean, expected: RequestError[]][] = [
    ['enabled: __schema resolves with its fields', '{ __schema { types { name } } }', true, []],
    [
      "disabled: __schema resolves but its fields are undefined [doc screenshot: \"undefined 'types' field in '__Schema'\"]",
      '{ __schema { types { name } } }',
      false,
      [at(1, 14, "Validation error of type FieldUndefined: Field 'types' in type '__Schema' is undefined @ '__schema/types'")],
    ],
    [
      'disabled: __type too, field by field; __typename stays allowed',
      '{ __typename __type(name: "User") { __typename name fields { name } } }',
      false,
      [
        at(1, 48, "Validation error of type FieldUndefined: Field 'name' in type '__Type' is undefined @ '__type/name'"),
        at(1, 53, "Validation error of type FieldUndefined: Field 'fields' in type '__Type' is undefined @ '__type/fields'"),
      ],
    ],
    [
      'disabled: nothing else is reported under a hidden field (graphql-java knew no type there)',
      '{ __schema { types } }',
      false,
      [at(1, 14, "Validation error of type FieldUndefined: Field 'types' in type '__Schema' is undefined @ '__schema/types'")],
    ],
    [
      'enabled: the same query is a SubSelectionRequired',
      '{ __schema { types } }',
      true,
      [at(1, 14, "Validation error of type SubSelectionRequired: Sub selection required for type null of field types @ '__schema/types'")],
    ],
    [
      'disabled: an unknown introspection field is reported once',
      '{ __schema { bogus } }',
      false,
      [at(1, 14, "Validation error of type FieldUndefined: Field 'bogus' in type '__Schema' is undefined @ '__schema/bogus'")],
    ],
    ['disabled: ordinary queries are unaffected', '{ __typename getUser(id: "1") { __typename id } }', false, []],
  ];

  it.each(cases)('%s', (_name, query, introspection, expected) => {
    expect(validate(query, introspection)).toEqual(expected);
  });
});

describe('parseRequest: syntax errors as graphql-java words them (unconfirmed for AppSync)', () => {
  const cases: [query: string, expected: RequestError[]][] = [
    ['{ widgets { foo }', [at(1, 18, "Invalid Syntax : offending token '<EOF>' at line 1 column 18")]],
    ['', [at(1, 1, "Invalid Syntax : offending token '<EOF>' at line 1 column 1")]],
    ['queryy { __typename }', [at(1, 1, "Invalid Syntax : offending token 'queryy' at line 1 column 1")]],
    ['{\n  echo(text: "a" }', [at(2, 18, "Invalid Syntax : offending token '}' at line 2 column 18")]],
    ['{ echo ? }', [at(1, 8, "Invalid Syntax : offending token '?' at line 1 column 8")]],
  ];

  it.each(cases)('%j', (query, expected) => {
    expect(parseRequest(query)).toEqual({ errors: expected });
  });

  it('returns the document when the query parses', () => {
    const parsed = parseRequest('{ echo }');
    expect('document' in parsed && parsed.document.kind).toBe(Kind.DOCUMENT);
  });
});

describe('coerceRequestVariables', () => {
  const source = 'mutation CreatePerson($input: CreateUserInput!, $n: Int, $status: Status, $tags: [String!] = ["x"], $at: AWSDateTime, $flag: Boolean) { createUser(input: $input) { id } }';
  const mutation = parse(source).definitions[0];
  if (mutation?.kind !== Kind.OPERATION_DEFINITION) throw new Error('the test mutation is an operation');
  const user = { name: 'a', email: 'b' };
  /** Errors point at the variable's definition, `$name` in the operation header. */
  const definitionOf = (variable: string, message: string) => at(1, source.indexOf(`$${variable}:`) + 1, message);

  const cases: [name: string, variables: Record<string, unknown> | undefined, expected: unknown][] = [
    [
      'valid values are coerced; defaults fill in; a single value for a list is wrapped',
      { input: { ...user, address: { street: 's' }, tags: 'one' }, n: 3, status: 'ACTIVE' },
      { variables: { input: { ...user, address: { street: 's' }, tags: ['one'] }, n: 3, status: 'ACTIVE', tags: ['x'] } },
    ],
    [
      'a missing non-null variable [obs]: located at the variable definition (column 23, as observed for this header)',
      undefined,
      { errors: [at(1, 23, "Variable 'input' has coerced Null value for NonNull type 'CreateUserInput!'")] },
    ],
    ['an explicit null for a non-null variable [obs]', { input: null }, { errors: [definitionOf('input', "Variable 'input' has coerced Null value for NonNull type 'CreateUserInput!'")] }],
    [
      'a missing required input field names the variable and the field type [obs]',
      { input: { name: 'a' } },
      { errors: [definitionOf('input', "Variable 'input' has coerced Null value for NonNull type 'String!'")] },
    ],
    ['a null in a list of non-null values', { input: { ...user, tags: ['a', null] } }, { errors: [definitionOf('input', "Variable 'input' has coerced Null value for NonNull type 'String!'")] }],
    [
      "an unknown input field: graphql-java's text, trailing space included, no location [obs]",
      { input: { ...user, zzz: 1 } },
      { errors: [{ path: null, locations: null, message: "The variables input contains a field name 'zzz' that is not defined for input object type 'CreateUserInput' " }] },
    ],
    [
      "an AWS scalar's own message, naming the innermost field [obs]",
      { input: { ...user, createdAt: '2019' } },
      { errors: [definitionOf('input', "Variable 'createdAt' has an invalid value. Unable to parse `2019` as a valid DateTime Object.")] },
    ],
    ['an AWS scalar as a top-level variable', { input: user, at: '2019' }, { errors: [definitionOf('at', "Variable 'at' has an invalid value. Unable to parse `2019` as a valid DateTime Object.")] }],
    ['a string for an Int field', { input: { ...user, age: 'x' } }, { errors: [definitionOf('input', "Variable 'age' has an invalid value. Expected type 'Int' but was 'String'.")] }],
    ['a fraction for an Int variable', { input: user, n: 1.5 }, { errors: [definitionOf('n', "Variable 'n' has an invalid value. Expected type 'Int' but was 'Double'.")] }],
    ['a number for a Boolean variable', { input: user, flag: 1 }, { errors: [definitionOf('flag', "Variable 'flag' has an invalid value. Expected type 'Boolean' but was 'Integer'.")] }],
    [
      'an unknown enum value',
      { input: user, status: 'FOO' },
      { errors: [definitionOf('status', "Variable 'status' has an invalid value. Invalid input for Enum 'Status'. No value found for name 'FOO'")] },
    ],
    [
      'a non-object for an input object',
      { input: 5 },
      {
        errors: [definitionOf('input', "Variable 'input' has an invalid value. Expected type 'Map' but was 'Integer'. Variables for input objects must be an instance of type 'Map'.")],
      },
    ],
    [
      'only the first problem is reported, unknown keys before fields',
      { input: { age: 'x', zzz: 1 }, n: 'y' },
      { errors: [{ path: null, locations: null, message: "The variables input contains a field name 'zzz' that is not defined for input object type 'CreateUserInput' " }] },
    ],
  ];

  it.each(cases)('%s', (_name, variables, expected) => {
    expect(coerceRequestVariables(schema, mutation, variables)).toEqual(expected);
  });
});

describe('selectOperation: graphql-js rules, graphql-java messages', () => {
  const document = parse('query A { echo } query B { getUser(id: "1") { id } }');

  it.each([
    ['the only operation when no name is given', '{ echo }', undefined, { operation: 'echo' }],
    ['the named operation', 'query A { echo } query B { getUser(id: "1") { id } }', 'B', { operation: 'getUser' }],
  ])('picks %s', (_name, query, operationName, expected) => {
    const picked = selectOperation(parse(query), operationName);
    const firstField = 'operation' in picked ? picked.operation.selectionSet.selections[0] : undefined;
    expect({ operation: firstField?.kind === Kind.FIELD ? firstField.name.value : undefined }).toEqual(expected);
  });

  it.each([
    ['several operations and no name', undefined, 'Must provide operation name if query contains multiple operations.'],
    ['a name that matches no operation', 'C', "Unknown operation named 'C'."],
  ])('refuses %s', (_name, operationName, message) => {
    expect(selectOperation(document, operationName)).toEqual({ errors: [{ path: null, locations: null, message }] });
  });

  it('refuses a document without operations', () => {
    expect(selectOperation(parse('fragment F on Query { echo }'), undefined)).toEqual({
      errors: [{ path: null, locations: null, message: 'Must provide an operation.' }],
    });
  });
});
