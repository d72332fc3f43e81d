/**
 * A corpus of bad inputs sent over real HTTP to the local AppSync serving the synthesized
 * template. Every case must get a clear error (the HTTP status, and the errorType, or for
 * GraphQL validation errors, which have none, the message), must not leak internals (stack
 * traces, table names, ARNs), and must leave the users-and-orders table exactly as it was:
 * a user with orders is seeded first, so mutation cases have something they could wrongly change.
 * Cases call as a signed-in admin unless they say otherwise: an admin may make every call, so
 * each bad input reaches the check it is about (who may call what is permissions.test.ts).
 *
 * Expected errors are the API's own (resolvers/lib/validation.ts, the resolvers' error types, the
 * schema's types and scalars) and the local AppSync's (request-level 4xx, graphql-java wording).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAppSync, type Caller, type GraphqlError, type LocalAppSyncHarness } from 'appsync-local/testing';
import { signedInAdmin } from '../helpers/callers.js';
import { dataTable, testAssemblyDir } from '../helpers/test-assembly.js';

/** What the seeding made, for cases that need real ids and tokens. */
interface Seed {
  username: string;
  email: string;
  /** PLACED, version 1. */
  orderId: string;
  /** CANCELLED (a final status). */
  cancelledOrderId: string;
  /** A cursor (`c1.`…) from an unfiltered page of the seed user's orders. */
  cursor: string;
  /** AppSync's token from a status-filtered page of the seed user's orders. */
  filteredToken: string;
  /** AppSync's token from a status-filtered page of another user's orders. */
  otherUsersFilteredToken: string;
}

/** Credentials a case sends: an admin's access token, a valid SigV4 signature, or broken or foreign ones. */
type Auth = 'admin' | 'iam' | 'none' | 'apiKey' | 'notAJwt' | 'wrongSecret';

interface GraphqlSpec {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  auth?: Auth;
}

interface RawSpec {
  /** The body exactly as sent; undefined for a GET. */
  raw: string | undefined;
  method?: string;
  headers?: Record<string, string>;
  auth?: Auth;
}

type RequestSpec = GraphqlSpec | RawSpec;

/** An errorType (with an optional message pattern), or, for validation errors without errorType, a message pattern. */
type Expected = { status: number; errorType: string; message?: RegExp } | { status: number; errorType?: undefined; message: RegExp };

interface BadInputCase {
  name: string;
  request: RequestSpec | ((seed: Seed) => RequestSpec);
  expected: Expected;
}

let api: LocalAppSyncHarness;
let table: string;
let seed: Seed;
let before: Record<string, unknown>[];
let admin: Caller;

const ok = 200;
const USERNAME = 'seed-user';
const EMAIL = 'seed-user@example.com';

const ADD_USER = 'mutation($i: AddUserInput!) { addUser(input: $i) { username } }';
const CREATE_ORDER = 'mutation($i: CreateOrderInput!) { createOrder(input: $i) { orderId } }';
const UPDATE_STATUS = 'mutation($i: UpdateOrderStatusInput!) { updateOrderStatus(input: $i) { orderId version } }';
const EDIT_ADDRESS = `mutation($a: AddressInput!) { editAddress(username: "${USERNAME}", address: $a) { username } }`;
const PUBLISH = 'mutation($e: OrderEventInput!) { publishOrderEvent(event: $e) { eventId } }';
const EVENT = { eventId: 'evt-1', type: 'ORDER_PLACED', username: USERNAME, orderId: 'o-1', status: 'PLACED', amount: 1, numberOfItems: 1, occurredAt: '2026-01-02T03:04:05Z' };

const addUser = (input: Record<string, unknown>): GraphqlSpec => ({ query: ADD_USER, variables: { i: { username: 'new-user', email: 'new-user@example.com', name: 'New User', ...input } } });
const createOrder = (input: Record<string, unknown>): GraphqlSpec => ({ query: CREATE_ORDER, variables: { i: { username: USERNAME, amount: 10, numberOfItems: 1, ...input } } });
const publish = (event: Record<string, unknown>): GraphqlSpec => ({ query: PUBLISH, variables: { e: { ...EVENT, ...event } }, auth: 'iam' });
const editAddress = (address: Record<string, unknown>): GraphqlSpec => ({ query: EDIT_ADDRESS, variables: { a: { line1: '1 Main St', city: 'Berlin', country: 'DE', ...address } } });

const validation = (message: RegExp): Expected => ({ status: ok, errorType: 'ValidationError', message });
const graphqlError = (message: RegExp): Expected => ({ status: ok, message });
const malformed = (message = /^Unable to parse GraphQL query\.$/): Expected => ({ status: 400, errorType: 'MalformedHttpRequestException', message });
/** A variable the schema's types refuse, in graphql-java's words. */
const badVariable = (variable: string, reason: string): Expected => graphqlError(new RegExp(`^Variable '${variable}' has an invalid value\\. ${escape(reason)}$`));

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const CASES: BadInputCase[] = [
  // ---- Bodies that are not a GraphQL request: 4xx before any GraphQL runs.
  { name: 'empty body', request: { raw: '' }, expected: malformed(/^Request body is empty\.$/) },
  { name: 'whitespace-only body', request: { raw: ' \n\t ' }, expected: malformed(/^Request body is empty\.$/) },
  { name: 'truncated JSON "{"', request: { raw: '{' }, expected: malformed() },
  { name: 'a JSON array', request: { raw: '[]' }, expected: malformed() },
  { name: 'a batch of operations (array of requests)', request: { raw: JSON.stringify([{ query: '{ __typename }' }]) }, expected: malformed() },
  { name: 'an empty object', request: { raw: '{}' }, expected: malformed() },
  { name: 'a JSON string', request: { raw: '"{ __typename }"' }, expected: malformed() },
  { name: 'query is a number', request: { raw: '{"query": 5}' }, expected: malformed() },
  { name: 'query is null', request: { raw: '{"query": null}' }, expected: malformed() },
  { name: 'variables is an array', request: { raw: JSON.stringify({ query: '{ __typename }', variables: [1] }) }, expected: malformed() },
  { name: 'variables is a string', request: { raw: JSON.stringify({ query: '{ __typename }', variables: '{}' }) }, expected: malformed() },
  { name: 'operationName is a number', request: { raw: JSON.stringify({ query: '{ __typename }', operationName: 5 }) }, expected: malformed() },
  { name: 'a form-encoded body', request: { raw: 'query=%7B__typename%7D', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, expected: malformed() },
  {
    name: 'duplicate "query" keys: the last one wins, the first (a valid createOrder) never runs',
    request: {
      raw: `{"query": ${JSON.stringify(`mutation { createOrder(input: {username: "${USERNAME}", amount: 1, numberOfItems: 1}) { orderId } }`)}, "query": ${JSON.stringify(`mutation { createOrder(input: {username: "${USERNAME}", amount: 0, numberOfItems: 1}) { orderId } }`)}}`,
    },
    expected: validation(/^input\.amount must be above 0 and at most 1000000\.$/),
  },
  {
    name: 'a body over 5 MB',
    request: { raw: JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(5 * 1024 * 1024) } }) },
    expected: { status: 413, errorType: 'PayloadTooLargeException', message: /larger than 5242880 bytes/ },
  },
  { name: 'GET instead of POST', request: { raw: undefined, method: 'GET' }, expected: { status: 405, errorType: 'MethodNotAllowedException' } },

  // ---- Credentials.
  {
    name: 'no credentials',
    request: { query: '{ __typename }', auth: 'none' },
    expected: { status: 401, errorType: 'UnauthorizedException', message: /^Valid authorization header not provided\.$/ },
  },
  { name: 'an API key (the API takes none)', request: { query: '{ __typename }', auth: 'apiKey' }, expected: { status: 401, errorType: 'UnauthorizedException' } },
  {
    name: 'an Authorization header that is no JWT',
    request: { query: '{ __typename }', auth: 'notAJwt' },
    expected: { status: 401, errorType: 'UnauthorizedException', message: /^Valid authorization header not provided\.$/ },
  },
  { name: 'a SigV4 signature made with the wrong secret', request: { ...publish({}), auth: 'wrongSecret' }, expected: { status: 403, errorType: 'InvalidSignatureException' } },
  {
    name: 'publishOrderEvent (IAM only) as a signed-in admin',
    request: { ...publish({}), auth: 'admin' },
    expected: { status: ok, errorType: 'Unauthorized', message: /^Not Authorized to access publishOrderEvent on type Mutation$/ },
  },

  // ---- Syntax and operation selection.
  { name: 'a syntax error', request: { query: `{ user(username: "${USERNAME}" { username } }` }, expected: graphqlError(/^Invalid Syntax : offending token '\{' at line 1 column \d+$/) },
  { name: 'an empty query', request: { query: '' }, expected: graphqlError(/^Invalid Syntax : offending token '<EOF>' at line 1 column 1$/) },
  { name: 'an unterminated string', request: { query: '{ user(username: "abc) { username } }' }, expected: graphqlError(/^Invalid Syntax : offending token/) },
  {
    name: 'multiple operations without operationName',
    request: { query: 'query A { __typename } mutation B { __typename }' },
    expected: graphqlError(/^Must provide operation name if query contains multiple operations\.$/),
  },
  { name: 'an unknown operationName', request: { query: 'query A { __typename }', operationName: 'Nope' }, expected: graphqlError(/^Unknown operation named 'Nope'\.$/) },
  {
    name: 'two operations with the same name',
    request: { query: 'query A { __typename } query A { __typename }', operationName: 'A' },
    expected: graphqlError(/^Validation error of type DuplicateOperationName: /),
  },
  {
    name: 'an anonymous operation next to a named one',
    request: { query: '{ __typename } query B { __typename }' },
    expected: graphqlError(/^Validation error of type LoneAnonymousOperationViolation: /),
  },
  {
    name: 'a mutation field in a query',
    request: { query: 'query { addUser(input: {username: "q-user", email: "q@example.com", name: "Q"}) { username } }' },
    expected: graphqlError(/^Validation error of type FieldUndefined: Field 'addUser' in type 'Query' is undefined @ 'addUser'$/),
  },

  // ---- Unknown fields, arguments, input fields, fragments, directives.
  {
    name: 'an unknown field in the selection',
    request: { query: `{ user(username: "${USERNAME}") { username password } }` },
    expected: graphqlError(/^Validation error of type FieldUndefined: Field 'password' in type 'User' is undefined @ 'user\/password'$/),
  },
  {
    name: 'an unknown argument',
    request: { query: `{ user(username: "${USERNAME}", admin: true) { username } }` },
    expected: graphqlError(/^Validation error of type UnknownArgument: Unknown field argument admin @ 'user'$/),
  },
  {
    name: 'an unknown input field in variables',
    request: addUser({ admin: true }),
    expected: graphqlError(/^The variables input contains a field name 'admin' that is not defined for input object type 'AddUserInput' $/),
  },
  {
    name: 'an unknown input field in a literal',
    request: { query: 'mutation { addUser(input: {username: "new-user", email: "new-user@example.com", name: "N", admin: true}) { username } }' },
    expected: graphqlError(/^Validation error of type WrongType: argument 'input' with value '.*' contains a field not in 'AddUserInput': 'admin' @ 'addUser'$/),
  },
  {
    name: '__proto__ as an input field',
    request: { raw: `{"query": ${JSON.stringify(ADD_USER)}, "variables": {"i": {"username": "new-user", "email": "new-user@example.com", "name": "N", "__proto__": {"admin": true}}}}` },
    expected: graphqlError(/field name '__proto__' that is not defined for input object type 'AddUserInput'/),
  },
  { name: 'a sub-selection on a scalar', request: { query: `{ user(username: "${USERNAME}") { username { x } } }` }, expected: graphqlError(/^Validation error of type SubSelectionNotAllowed: /) },
  { name: 'no sub-selection on an object', request: { query: `{ user(username: "${USERNAME}") }` }, expected: graphqlError(/^Validation error of type SubSelectionRequired: /) },
  { name: 'an undefined fragment', request: { query: `{ user(username: "${USERNAME}") { ...F } }` }, expected: graphqlError(/^Validation error of type UndefinedFragment: Undefined fragment F/) },
  {
    name: 'a fragment cycle',
    request: { query: `fragment A on User { ...B } fragment B on User { ...A } { user(username: "${USERNAME}") { ...A } }` },
    expected: graphqlError(/^Validation error of type FragmentCycle: /),
  },
  {
    name: 'a fragment on an impossible type',
    request: { query: `{ user(username: "${USERNAME}") { ... on Order { orderId } } }` },
    expected: graphqlError(/^Validation error of type InvalidFragmentType: /),
  },
  {
    name: 'one alias for two different fields',
    request: { query: `{ user(username: "${USERNAME}") { u: username u: email } }` },
    expected: graphqlError(/^Validation error of type FieldsConflict: u: username and email are different fields/),
  },
  {
    name: 'an unknown directive',
    request: { query: `{ user(username: "${USERNAME}") @nope { username } }` },
    expected: graphqlError(/^Validation error of type UnknownDirective: Unknown directive nope/),
  },
  {
    name: '@skip with a string',
    request: { query: `{ user(username: "${USERNAME}") @skip(if: "yes") { username } }` },
    expected: graphqlError(/^Validation error of type WrongType: argument 'if' .* is not a valid 'Boolean'/),
  },
  {
    name: 'introspection nonsense: an unknown __schema field',
    request: { query: '{ __schema { nonsense } }' },
    expected: graphqlError(/^Validation error of type FieldUndefined: Field 'nonsense' in type '__Schema' is undefined @ '__schema\/nonsense'$/),
  },
  {
    name: 'introspection nonsense: __type without its name',
    request: { query: '{ __type { name } }' },
    expected: graphqlError(/^Validation error of type MissingFieldArgument: Missing field argument name @ '__type'$/),
  },
  { name: 'introspection nonsense: an argument on __typename', request: { query: '{ __typename(x: 1) }' }, expected: graphqlError(/^Validation error of type UnknownArgument: /) },
  { name: 'an unused variable', request: { query: 'query($x: Int) { __typename }', variables: { x: 1 } }, expected: graphqlError(/^Validation error of type UnusedVariable: Unused variable x$/) },
  {
    name: 'an undefined variable',
    request: { query: '{ user(username: $u) { username } }', variables: { u: USERNAME } },
    expected: graphqlError(/^Validation error of type UndefinedVariable: Undefined variable u/),
  },
  {
    name: 'a variable of the wrong type (String! for ID!)',
    request: { query: 'query($u: String!) { user(username: $u) { username } }', variables: { u: USERNAME } },
    expected: graphqlError(/^Validation error of type VariableTypeMismatch: Variable type 'String!' doesn't match expected type 'ID!'/),
  },
  {
    name: 'a bad default value',
    request: { query: 'query($l: Int = "x") { ordersByStatus(status: PLACED, limit: $l) { items { orderId } } }' },
    expected: graphqlError(/^Validation error of type BadValueForDefaultArg: /),
  },

  // ---- Wrong types.
  {
    name: 'a string literal for an Int',
    request: { query: `mutation { createOrder(input: {username: "${USERNAME}", amount: 5, numberOfItems: "3"}) { orderId } }` },
    expected: graphqlError(/^Validation error of type WrongType: argument 'input\.numberOfItems' with value 'StringValue\{value='3'\}' is not a valid 'Int' @ 'createOrder'$/),
  },
  { name: 'a string variable for an Int', request: createOrder({ numberOfItems: '3' }), expected: badVariable('numberOfItems', "Expected type 'Int' but was 'String'.") },
  {
    name: 'a float literal for an Int',
    request: { query: `mutation { createOrder(input: {username: "${USERNAME}", amount: 5, numberOfItems: 1.5}) { orderId } }` },
    expected: graphqlError(/^Validation error of type WrongType: argument 'input\.numberOfItems' with value 'FloatValue\{value=1\.5\}' is not a valid 'Int'/),
  },
  { name: 'a float variable for an Int', request: createOrder({ numberOfItems: 1.5 }), expected: badVariable('numberOfItems', "Expected type 'Int' but was 'Double'.") },
  { name: 'an object for a String (variable)', request: addUser({ name: { first: 'A' } }), expected: badVariable('name', "Expected type 'String' but was 'LinkedHashMap'.") },
  {
    name: 'an object for a String (literal)',
    request: { query: 'mutation { addUser(input: {username: "new-user", email: "new-user@example.com", name: {a: 1}}) { username } }' },
    expected: graphqlError(/^Validation error of type WrongType: argument 'input\.name' with value 'ObjectValue.*' is not a valid 'String' @ 'addUser'$/),
  },
  { name: 'a list for a String', request: addUser({ name: ['A'] }), expected: badVariable('name', "Expected type 'String' but was 'ArrayList'.") },
  { name: 'a float for an ID (an Int would be a valid ID)', request: addUser({ username: 1.5 }), expected: badVariable('username', "Expected type 'ID' but was 'Double'.") },
  { name: 'a boolean for an ID', request: addUser({ username: true }), expected: badVariable('username', "Expected type 'ID' but was 'Boolean'.") },
  { name: 'a string for a Float', request: createOrder({ amount: 'NaN' }), expected: badVariable('amount', "Expected type 'Float' but was 'String'.") },
  {
    name: 'Int overflow 2^31 (literal)',
    request: { query: `{ orders(username: "${USERNAME}", limit: 2147483648) { items { orderId } } }` },
    expected: graphqlError(/^Validation error of type WrongType: argument 'limit' with value 'IntValue\{value=2147483648\}' is not a valid 'Int' @ 'orders'$/),
  },
  {
    name: 'Int overflow 2^31 (variable)',
    request: { query: `query($l: Int) { orders(username: "${USERNAME}", limit: $l) { items { orderId } } }`, variables: { l: 2 ** 31 } },
    expected: badVariable('l', "Expected type 'Int' but was 'Long'."),
  },
  {
    name: 'Int underflow -2^31-1 (literal)',
    request: { query: '{ ordersByStatus(status: PLACED, limit: -2147483649) { items { orderId } } }' },
    expected: graphqlError(/^Validation error of type WrongType: argument 'limit' .* is not a valid 'Int'/),
  },
  {
    name: 'expectedVersion over Int (variable)',
    request: (s) => ({ query: UPDATE_STATUS, variables: { i: { username: USERNAME, orderId: s.orderId, status: 'SHIPPED', expectedVersion: 2 ** 32 } } }),
    expected: badVariable('expectedVersion', "Expected type 'Int' but was 'Long'."),
  },

  // ---- Numbers out of range (the resolvers' ValidationError).
  { name: 'amount 0', request: createOrder({ amount: 0 }), expected: validation(/^input\.amount must be above 0 and at most 1000000\.$/) },
  { name: 'amount negative', request: createOrder({ amount: -5 }), expected: validation(/^input\.amount must be above 0 and at most 1000000\.$/) },
  { name: 'amount over 1,000,000', request: createOrder({ amount: 1000000.01 }), expected: validation(/^input\.amount must be above 0 and at most 1000000\.$/) },
  { name: 'amount with 3 decimals', request: createOrder({ amount: 1.005 }), expected: validation(/^input\.amount may have at most 2 decimals\.$/) },
  { name: 'amount far below a cent', request: createOrder({ amount: 0.000000001 }), expected: validation(/^input\.amount may have at most 2 decimals\.$/) },
  {
    name: 'amount 1e400 (Infinity) as a literal',
    request: { query: `mutation { createOrder(input: {username: "${USERNAME}", amount: 1e400, numberOfItems: 1}) { orderId } }` },
    expected: validation(/^input\.amount must be above 0 and at most 1000000\.$/),
  },
  { name: 'numberOfItems 0', request: createOrder({ numberOfItems: 0 }), expected: validation(/^input\.numberOfItems must be a whole number from 1 to 10000\.$/) },
  { name: 'numberOfItems 10001', request: createOrder({ numberOfItems: 10001 }), expected: validation(/^input\.numberOfItems must be a whole number from 1 to 10000\.$/) },
  { name: 'numberOfItems negative', request: createOrder({ numberOfItems: -1 }), expected: validation(/^input\.numberOfItems must be a whole number from 1 to 10000\.$/) },
  { name: 'orders limit 0', request: { query: `{ orders(username: "${USERNAME}", limit: 0) { items { orderId } } }` }, expected: validation(/^limit must be from 1 to 100\.$/) },
  { name: 'orders limit 101', request: { query: `{ orders(username: "${USERNAME}", limit: 101) { items { orderId } } }` }, expected: validation(/^limit must be from 1 to 100\.$/) },
  { name: 'ordersByStatus limit -1', request: { query: '{ ordersByStatus(status: PLACED, limit: -1) { items { orderId } } }' }, expected: validation(/^limit must be from 1 to 100\.$/) },
  {
    name: 'User.orders limit 101',
    request: { query: `{ user(username: "${USERNAME}") { username orders(limit: 101) { items { orderId } } } }` },
    expected: validation(/^limit must be from 1 to 100\.$/),
  },
  {
    name: 'expectedVersion negative',
    request: (s) => ({ query: UPDATE_STATUS, variables: { i: { username: USERNAME, orderId: s.orderId, status: 'SHIPPED', expectedVersion: -1 } } }),
    expected: validation(/^input\.expectedVersion must be 1 or more\.$/),
  },
  {
    name: 'expectedVersion 0',
    request: (s) => ({ query: UPDATE_STATUS, variables: { i: { username: USERNAME, orderId: s.orderId, status: 'SHIPPED', expectedVersion: 0 } } }),
    expected: validation(/^input\.expectedVersion must be 1 or more\.$/),
  },

  // ---- Usernames: no '#' (key injection), 2 to 64 of [A-Za-z0-9._-]; lookups 1 to 256 without '#'.
  { name: "'#' in a new username", request: addUser({ username: 'a#b' }), expected: validation(/^input\.username may contain only letters, digits, '\.', '_' and '-'\.$/) },
  { name: "a key-shaped username 'CUSTOMER#x' in addUser", request: addUser({ username: 'CUSTOMER#x' }), expected: validation(/^input\.username may contain only/) },
  { name: "'#' in createOrder's username", request: createOrder({ username: `${USERNAME}#x` }), expected: validation(/^input\.username may not contain '#'\.$/) },
  { name: "'#' in a user lookup", request: { query: `{ user(username: "CUSTOMER#${USERNAME}") { username } }` }, expected: validation(/^username may not contain '#'\.$/) },
  { name: "'#' in an orders lookup", request: { query: `{ orders(username: "${USERNAME}#ORDER#") { items { orderId } } }` }, expected: validation(/^username may not contain '#'\.$/) },
  { name: "'#' as a \\u0023 escape in a literal", request: { query: `{ user(username: "${USERNAME}\\u0023x") { username } }` }, expected: validation(/^username may not contain '#'\.$/) },
  { name: "'#' in deleteUser's username", request: { query: `mutation { deleteUser(username: "${USERNAME}#") { username } }` }, expected: validation(/^username may not contain '#'\.$/) },
  {
    name: "'#' in editAddress's username",
    request: { query: 'mutation($a: AddressInput!) { editAddress(username: "se#ed", address: $a) { username } }', variables: { a: { line1: 'l', city: 'c', country: 'DE' } } },
    expected: validation(/^username may not contain '#'\.$/),
  },
  { name: 'a space in a username', request: addUser({ username: 'a b' }), expected: validation(/^input\.username may contain only/) },
  { name: 'a NUL character in a username', request: addUser({ username: 'nul\u0000x' }), expected: validation(/^input\.username may contain only/) },
  { name: 'a non-ASCII username', request: addUser({ username: 'jürgen' }), expected: validation(/^input\.username may contain only/) },
  { name: 'a slash in a username', request: addUser({ username: '../admin' }), expected: validation(/^input\.username may contain only/) },
  { name: 'a 1-character username', request: addUser({ username: 'a' }), expected: validation(/^input\.username must be 2 to 64 characters long\.$/) },
  { name: 'a 65-character username', request: addUser({ username: 'a'.repeat(65) }), expected: validation(/^input\.username must be 2 to 64 characters long\.$/) },
  { name: 'a 100 KB username', request: addUser({ username: 'u'.repeat(100 * 1024) }), expected: validation(/^input\.username must be 2 to 64 characters long\.$/) },
  {
    name: 'a 100 KB username in a lookup',
    request: { query: 'query($u: ID!) { user(username: $u) { username } }', variables: { u: 'u'.repeat(100 * 1024) } },
    expected: validation(/^username must be 1 to 256 characters long\.$/),
  },
  { name: 'an empty username in a lookup', request: { query: '{ user(username: "") { username } }' }, expected: validation(/^username must be 1 to 256 characters long\.$/) },
  { name: 'a 1 MB name', request: addUser({ name: 'n'.repeat(1024 * 1024) }), expected: validation(/^input\.name must be 1 to 200 characters after trimming\.$/) },
  { name: 'a blank name', request: addUser({ name: '   ' }), expected: validation(/^input\.name must be 1 to 200 characters after trimming\.$/) },

  // ---- Emails: AWSEmail refuses the shape before any resolver; the resolver bounds length and '#'.
  {
    name: 'an email without @ (literal: AWSEmail)',
    request: { query: 'mutation { addUser(input: {username: "new-user", email: "nope.example.com", name: "N"}) { username } }' },
    expected: graphqlError(/^Validation error of type WrongType: argument 'input\.email' with value 'StringValue\{value='nope\.example\.com'\}' is not a valid 'AWSEmail' @ 'addUser'$/),
  },
  { name: 'an email without @ (variable: AWSEmail)', request: addUser({ email: 'nope.example.com' }), expected: badVariable('email', 'Unable to parse `nope.example.com` as a valid email address.') },
  { name: 'an email with a space', request: addUser({ email: 'a b@example.com' }), expected: badVariable('email', 'Unable to parse `a b@example.com` as a valid email address.') },
  { name: 'an email with two @', request: addUser({ email: 'a@b@example.com' }), expected: badVariable('email', 'Unable to parse `a@b@example.com` as a valid email address.') },
  { name: 'an email with a leading space', request: addUser({ email: ` ${EMAIL}` }), expected: badVariable('email', `Unable to parse \` ${EMAIL}\` as a valid email address.`) },
  { name: 'an empty email', request: addUser({ email: '' }), expected: badVariable('email', 'Unable to parse `` as a valid email address.') },
  { name: "an email with '#' (valid AWSEmail, resolver ValidationError)", request: addUser({ email: 'a#b@example.com' }), expected: validation(/^input\.email may not contain '#'\.$/) },
  {
    name: 'an email over 254 characters (valid AWSEmail, resolver ValidationError)',
    request: addUser({ email: `${'a'.repeat(250)}@example.com` }),
    expected: validation(/^input\.email must be an email address of at most 254 characters\.$/),
  },

  // ---- Enums.
  {
    name: 'an unknown enum literal',
    request: { query: '{ ordersByStatus(status: LOST) { items { orderId } } }' },
    expected: graphqlError(/^Validation error of type WrongType: argument 'status' with value 'EnumValue\{name='LOST'\}' is not a valid 'OrderStatus' @ 'ordersByStatus'$/),
  },
  {
    name: 'a string literal for an enum',
    request: { query: '{ ordersByStatus(status: "PLACED") { items { orderId } } }' },
    expected: graphqlError(/^Validation error of type WrongType: argument 'status' with value 'StringValue\{value='PLACED'\}' is not a valid 'OrderStatus'/),
  },
  {
    name: 'an unknown enum variable',
    request: { query: 'query($s: OrderStatus!) { ordersByStatus(status: $s) { items { orderId } } }', variables: { s: 'LOST' } },
    expected: badVariable('s', "Invalid input for Enum 'OrderStatus'. No value found for name 'LOST'"),
  },
  {
    name: 'a lower-case enum variable',
    request: (s) => ({ query: UPDATE_STATUS, variables: { i: { username: USERNAME, orderId: s.orderId, status: 'shipped' } } }),
    expected: badVariable('status', "Invalid input for Enum 'OrderStatus'. No value found for name 'shipped'"),
  },

  // ---- AWSDateTime (publishOrderEvent, IAM).
  { name: 'AWSDateTime: words', request: publish({ occurredAt: 'yesterday' }), expected: badVariable('occurredAt', 'Unable to parse `yesterday` as a valid DateTime Object.') },
  { name: 'AWSDateTime: no offset', request: publish({ occurredAt: '2026-01-02T03:04:05' }), expected: badVariable('occurredAt', 'Unable to parse `2026-01-02T03:04:05` as a valid DateTime Object.') },
  {
    name: 'AWSDateTime: February 30',
    request: publish({ occurredAt: '2026-02-30T03:04:05Z' }),
    expected: badVariable('occurredAt', 'Unable to parse `2026-02-30T03:04:05Z` as a valid DateTime Object.'),
  },
  {
    name: 'AWSDateTime: month 13',
    request: publish({ occurredAt: '2026-13-01T00:00:00Z' }),
    expected: badVariable('occurredAt', 'Unable to parse `2026-13-01T00:00:00Z` as a valid DateTime Object.'),
  },
  { name: 'AWSDateTime: epoch seconds', request: publish({ occurredAt: 1767322800 }), expected: badVariable('occurredAt', 'Unable to parse 1767322800 as a valid DateTime Object.') },
  {
    name: 'AWSDateTime: a bad literal',
    request: {
      query: `mutation { publishOrderEvent(event: {eventId: "e", type: ORDER_PLACED, username: "${USERNAME}", orderId: "o", status: PLACED, amount: 1, numberOfItems: 1, occurredAt: "nope"}) { eventId } }`,
      auth: 'iam',
    },
    expected: graphqlError(/^Validation error of type WrongType: argument 'event\.occurredAt' with value 'StringValue\{value='nope'\}' is not a valid 'AWSDateTime' @ 'publishOrderEvent'$/),
  },

  // ---- Missing and null.
  {
    name: 'a missing required argument',
    request: { query: '{ user { username } }' },
    expected: graphqlError(/^Validation error of type MissingFieldArgument: Missing field argument username @ 'user'$/),
  },
  {
    name: 'a missing required input field (literal)',
    request: { query: `mutation { createOrder(input: {username: "${USERNAME}", amount: 1}) { orderId } }` },
    expected: graphqlError(/is missing required fields '\[numberOfItems\]' @ 'createOrder'$/),
  },
  {
    name: 'a missing required input field (variable)',
    request: { query: CREATE_ORDER, variables: { i: { username: USERNAME, amount: 1 } } },
    expected: graphqlError(/^Variable 'i' has coerced Null value for NonNull type 'Int!'$/),
  },
  {
    name: 'null for a non-null variable',
    request: { query: 'query($u: ID!) { user(username: $u) { username } }', variables: { u: null } },
    expected: graphqlError(/^Variable 'u' has coerced Null value for NonNull type 'ID!'$/),
  },
  {
    name: 'a non-null variable not given',
    request: { query: 'query($u: ID!) { user(username: $u) { username } }', variables: {} },
    expected: graphqlError(/^Variable 'u' has coerced Null value for NonNull type 'ID!'$/),
  },
  {
    name: 'null for a non-null input field',
    request: (s) => ({ query: UPDATE_STATUS, variables: { i: { username: USERNAME, orderId: s.orderId, status: null } } }),
    expected: graphqlError(/^Variable 'i' has coerced Null value for NonNull type 'OrderStatus!'$/),
  },
  {
    name: 'a null literal for a non-null argument',
    request: { query: '{ user(username: null) { username } }' },
    expected: graphqlError(/^Validation error of type WrongType: argument 'username' with value 'NullValue\{\}' must not be null @ 'user'$/),
  },

  // ---- nextToken.
  {
    name: 'nextToken: random text',
    request: { query: `{ orders(username: "${USERNAME}", nextToken: "hello world") { items { orderId } } }` },
    expected: validation(/^nextToken is not valid for this query\.$/),
  },
  {
    name: 'nextToken: base64 of garbage',
    request: { query: `{ orders(username: "${USERNAME}", nextToken: "c1.${Buffer.from('garbage').toString('base64')}") { items { orderId } } }` },
    expected: validation(/^nextToken is not valid for this query\.$/),
  },
  {
    name: 'nextToken: not base64 at all',
    request: { query: `{ orders(username: "${USERNAME}", nextToken: "c1.!!!@@@") { items { orderId } } }` },
    expected: validation(/^nextToken is not valid for this query\.$/),
  },
  {
    name: 'nextToken: a cursor over 100 characters',
    request: { query: `{ orders(username: "${USERNAME}", nextToken: "c1.${Buffer.from(`#ORDER#${'z'.repeat(200)}`).toString('base64')}") { items { orderId } } }` },
    expected: validation(/^nextToken is not valid for this query\.$/),
  },
  {
    name: 'nextToken: random text on ordersByStatus',
    request: { query: '{ ordersByStatus(status: PLACED, nextToken: "zzz") { items { orderId } } }' },
    expected: validation(/^nextToken is not valid for this query\.$/),
  },
  {
    name: 'nextToken: random text on User.orders',
    request: { query: `{ user(username: "${USERNAME}") { orders(nextToken: "zzz") { items { orderId } } } }` },
    expected: validation(/^nextToken is not valid for this query\.$/),
  },
  {
    name: 'nextToken: a cursor given to a status-filtered list',
    request: (s) => ({ query: `{ orders(username: "${USERNAME}", status: PLACED, nextToken: "${s.cursor}") { items { orderId } } }` }),
    expected: validation(/^nextToken is not valid for this query\.$/),
  },
  {
    name: "nextToken: a status-filtered list's token given to the unfiltered list",
    request: (s) => ({ query: `{ orders(username: "${USERNAME}", nextToken: "${s.filteredToken}") { items { orderId } } }` }),
    expected: validation(/^nextToken is not valid for this query\.$/),
  },
  {
    name: "nextToken: a status-filtered list's token given to ordersByStatus",
    request: (s) => ({ query: `{ ordersByStatus(status: PLACED, nextToken: "${s.filteredToken}") { items { orderId } } }` }),
    expected: validation(/^nextToken is not valid for this query\.$/),
  },

  // ---- Order ids and the order lifecycle.
  {
    name: 'orderId with path characters',
    request: { query: `{ order(username: "${USERNAME}", orderId: "../etc") { orderId } }` },
    expected: validation(/^orderId must be 1 to 128 letters, digits, '-' or '_'\.$/),
  },
  {
    name: "orderId with '#'",
    request: (s) => ({ query: `{ order(username: "${USERNAME}", orderId: "${s.orderId}#x") { orderId } }` }),
    expected: validation(/^orderId must be 1 to 128 letters, digits, '-' or '_'\.$/),
  },
  {
    name: 'orderId of 129 characters',
    request: { query: `{ order(username: "${USERNAME}", orderId: "${'a'.repeat(129)}") { orderId } }` },
    expected: validation(/^orderId must be 1 to 128 letters, digits, '-' or '_'\.$/),
  },
  {
    name: 'an empty orderId in updateOrderStatus',
    request: { query: UPDATE_STATUS, variables: { i: { username: USERNAME, orderId: '', status: 'SHIPPED' } } },
    expected: validation(/^input\.orderId must be 1 to 128 letters, digits, '-' or '_'\.$/),
  },
  {
    name: 'updateOrderStatus: an order that does not exist',
    request: { query: UPDATE_STATUS, variables: { i: { username: USERNAME, orderId: 'no-such-order', status: 'SHIPPED' } } },
    expected: { status: ok, errorType: 'OrderNotFound', message: /^User seed-user has no order no-such-order\.$/ },
  },
  {
    name: "updateOrderStatus: another user's order",
    request: (s) => ({ query: UPDATE_STATUS, variables: { i: { username: 'other-user', orderId: s.orderId, status: 'SHIPPED' } } }),
    expected: { status: ok, errorType: 'OrderNotFound' },
  },
  {
    name: 'updateOrderStatus: PLACED to DELIVERED',
    request: (s) => ({ query: UPDATE_STATUS, variables: { i: { username: USERNAME, orderId: s.orderId, status: 'DELIVERED' } } }),
    expected: { status: ok, errorType: 'InvalidStatusTransition', message: /^An order cannot move from PLACED to DELIVERED\.$/ },
  },
  {
    name: 'updateOrderStatus: PLACED to PLACED',
    request: (s) => ({ query: UPDATE_STATUS, variables: { i: { username: USERNAME, orderId: s.orderId, status: 'PLACED' } } }),
    expected: { status: ok, errorType: 'InvalidStatusTransition' },
  },
  {
    name: 'updateOrderStatus: CANCELLED to SHIPPED',
    request: (s) => ({ query: UPDATE_STATUS, variables: { i: { username: USERNAME, orderId: s.cancelledOrderId, status: 'SHIPPED' } } }),
    expected: { status: ok, errorType: 'InvalidStatusTransition', message: /^An order cannot move from CANCELLED to SHIPPED\.$/ },
  },
  {
    name: 'updateOrderStatus: a stale expectedVersion',
    request: (s) => ({ query: UPDATE_STATUS, variables: { i: { username: USERNAME, orderId: s.orderId, status: 'SHIPPED', expectedVersion: 7 } } }),
    expected: { status: ok, errorType: 'ConcurrentModification', message: /is at version 1, not 7\.$/ },
  },
  {
    name: 'createOrder for a user that does not exist',
    request: createOrder({ username: 'no-such-user' }),
    expected: { status: ok, errorType: 'UserNotFound', message: /^There is no user no-such-user\.$/ },
  },
  { name: 'deleteUser for a user that does not exist', request: { query: 'mutation { deleteUser(username: "no-such-user") { username } }' }, expected: { status: ok, errorType: 'UserNotFound' } },
  {
    name: 'deleteUser for a user with orders (its mark must be gone again)',
    request: { query: `mutation { deleteUser(username: "${USERNAME}") { username } }` },
    expected: { status: ok, errorType: 'UserHasOrders' },
  },
  {
    name: 'editAddress for a user that does not exist',
    request: { query: 'mutation($a: AddressInput!) { editAddress(username: "no-such-user", address: $a) { username } }', variables: { a: { line1: 'l', city: 'c', country: 'DE' } } },
    expected: { status: ok, errorType: 'UserNotFound' },
  },
  { name: 'editAddress: an unknown country', request: editAddress({ country: 'XX' }), expected: validation(/^address\.country must be an ISO 3166-1 alpha-2 code such as DE or US\.$/) },
  { name: 'editAddress: a lower-case country', request: editAddress({ country: 'de' }), expected: validation(/^address\.country must be an ISO 3166-1 alpha-2 code/) },
  { name: 'editAddress: a blank line1', request: editAddress({ line1: '   ' }), expected: validation(/^address\.line1 is required\.$/) },
  { name: 'editAddress: a 201-character line1', request: editAddress({ line1: 'x'.repeat(201) }), expected: validation(/^address\.line1 must be at most 200 characters\.$/) },
  { name: 'addUser: a taken username', request: addUser({ username: USERNAME }), expected: { status: ok, errorType: 'UsernameTaken', message: /^The username seed-user is taken\.$/ } },
  {
    name: 'addUser: a taken email in other case',
    request: addUser({ email: EMAIL.toUpperCase() }),
    expected: { status: ok, errorType: 'EmailTaken', message: /^That email address is already in use\.$/ },
  },

  // ---- Documents too big or too deep for the validator and parser (these were HTTP 500s).
  { name: '1,000 sibling __typename fields (validation budget)', request: { query: `{ ${'__typename '.repeat(1000)}}` }, expected: graphqlError(/^Validation aborted: /) },
  {
    name: 'a list literal nested 10,000 deep',
    request: { query: `{ user(username: ${'['.repeat(10_000)}"x"${']'.repeat(10_000)}) { username } }` },
    expected: graphqlError(/^Invalid Syntax : the document is nested too deeply to parse\.$/),
  },
  {
    name: 'selection sets nested 10,000 deep',
    request: { query: `{ user(username: "${USERNAME}") { ${'a { '.repeat(10_000)}b${' }'.repeat(10_000)} } }` },
    expected: graphqlError(/^Invalid Syntax : the document is nested too deeply to parse\.$/),
  },
  {
    name: 'an object literal nested 10,000 deep',
    request: { query: `mutation { addUser(input: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}) { username } }` },
    expected: graphqlError(/^Invalid Syntax : the document is nested too deeply to parse\.$/),
  },
  // Tokens DynamoDB refuses on status-filtered lists (found by this corpus; were InternalFailure).
  {
    name: 'nextToken: random text on a status-filtered orders list',
    request: { query: `{ orders(username: "${USERNAME}", status: PLACED, nextToken: "garbage") { items { orderId } } }` },
    expected: validation(/^nextToken is not valid for this query\.$/),
  },
  {
    name: 'nextToken: base64 JSON that is no key, on a status-filtered orders list',
    request: { query: `{ orders(username: "${USERNAME}", status: PLACED, nextToken: "${Buffer.from('{"a":1}').toString('base64url')}") { items { orderId } } }` },
    expected: validation(/^nextToken is not valid for this query\.$/),
  },
  {
    name: "nextToken: another user's status-filtered token",
    request: (s) => ({ query: `{ orders(username: "${USERNAME}", status: PLACED, nextToken: "${s.otherUsersFilteredToken}") { items { orderId } } }` }),
    expected: validation(/^nextToken is not valid for this query\.$/),
  },
  {
    name: 'nextToken: random text on a status-filtered User.orders',
    request: { query: `{ user(username: "${USERNAME}") { username orders(status: PLACED, nextToken: "garbage") { items { orderId } } } }` },
    expected: validation(/^nextToken is not valid for this query\.$/),
  },
];

// ---------------------------------------------------------------------------------------------

interface Answer {
  status: number;
  /** The body as it came, for the leak check. */
  text: string;
  errors: GraphqlError[];
}

/**
 * Every case through api.raw, well-formed GraphQL too: the leak check reads the body exactly as
 * the server sent it, which api.graphql would have parsed away.
 */
async function send(spec: RequestSpec): Promise<Answer> {
  if ('raw' in spec && spec.method !== undefined && spec.method !== 'POST') {
    // The harness only POSTs; another method goes out by hand, with the admin's token.
    const response = await fetch(api.graphqlUrl, {
      method: spec.method,
      headers: { 'content-type': 'application/json', ...(admin as { headers: Record<string, string> }).headers, ...spec.headers },
      body: spec.raw,
    });
    return answerOf(response.status, await response.text());
  }
  const body = 'raw' in spec ? (spec.raw ?? '') : JSON.stringify({ query: spec.query, variables: spec.variables, operationName: spec.operationName });
  const response = await api.raw(body, { as: caller(spec.auth ?? 'admin'), ...('raw' in spec && spec.headers ? { headers: spec.headers } : {}) });
  return answerOf(response.status, response.text);
}

function answerOf(status: number, text: string): Answer {
  const body = JSON.parse(text) as { errors?: GraphqlError[] };
  return { status, text, errors: body.errors ?? [] };
}

/** Who a case's request comes from, as the harness names callers. */
function caller(auth: Auth): Caller {
  switch (auth) {
    case 'admin':
      return admin;
    case 'iam':
    case 'none':
      return auth;
    case 'apiKey':
      return { apiKey: api.apiKey };
    case 'notAJwt':
      return { headers: { authorization: 'not-a-token' } };
    case 'wrongSecret':
      return { iam: { ...api.credentials, secretAccessKey: 'not-the-secret' } };
  }
}

const resolve = (request: BadInputCase['request']): RequestSpec => (typeof request === 'function' ? request(seed) : request);

/** The answer as a case describes it: status and, per error, its type (null when it has none) and message. */
function outcome(answer: Answer) {
  return { status: answer.status, errors: answer.errors.map((e) => ({ errorType: e.errorType ?? null, message: e.message })) };
}

function expectedOutcome(expected: Expected) {
  return { status: expected.status, errors: [{ errorType: expected.errorType ?? null, message: expected.message ? expect.stringMatching(expected.message) : expect.any(String) }] };
}

/** Internals a response must never carry: stack frames, the local table names, ARNs. */
const LEAKS = /UsersOrders-|arn:aws|\bat [\w$.<>]+ \(|[\w/.-]+\.(?:[cm]?js|ts):\d+:\d+|\\n\s+at /;

async function snapshot(): Promise<Record<string, unknown>[]> {
  const items = await api.scan(table);
  const key = (item: Record<string, unknown>) => `${String(item['PK'])}\u0000${String(item['SK'])}`;
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** A GraphQL call during seeding that must succeed. */
async function must<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const answer = await api.graphql<T>(query, variables, { as: admin });
  if (answer.status !== 200 || answer.errors) throw new Error(`seeding failed: ${JSON.stringify(answer)}`);
  return answer.data as T;
}

beforeAll(async () => {
  api = await startLocalAppSync({ assembly: testAssemblyDir() });
  table = dataTable(api);
  admin = await signedInAdmin(api);

  type Created = { createOrder: { orderId: string } };
  type Page = { orders: { nextToken: string | null } };
  await must(ADD_USER, { i: { username: USERNAME, email: EMAIL, name: 'Seed User' } });
  await must(ADD_USER, { i: { username: 'other-user', email: 'other-user@example.com', name: 'Other User' } });
  const placed = (await must<Created>(CREATE_ORDER, { i: { username: USERNAME, amount: 12.5, numberOfItems: 2 } })).createOrder.orderId;
  const cancelled = (await must<Created>(CREATE_ORDER, { i: { username: USERNAME, amount: 3, numberOfItems: 1 } })).createOrder.orderId;
  await must(UPDATE_STATUS, { i: { username: USERNAME, orderId: cancelled, status: 'CANCELLED', expectedVersion: 1 } });
  for (let i = 0; i < 2; i += 1) await must(CREATE_ORDER, { i: { username: 'other-user', amount: 1, numberOfItems: 1 } });
  const token = async (query: string) => {
    const page = await must<Page>(query);
    if (!page.orders.nextToken) throw new Error(`no nextToken from ${query}`);
    return page.orders.nextToken;
  };
  seed = {
    username: USERNAME,
    email: EMAIL,
    orderId: placed,
    cancelledOrderId: cancelled,
    cursor: await token(`{ orders(username: "${USERNAME}", limit: 1) { nextToken } }`),
    filteredToken: await token(`{ orders(username: "${USERNAME}", status: CANCELLED, limit: 1) { nextToken } }`),
    otherUsersFilteredToken: await token('{ orders(username: "other-user", status: PLACED, limit: 1) { nextToken } }'),
  };
  before = await snapshot();
}, 120_000);

afterAll(async () => {
  await api?.stop();
});

describe('the seeding', () => {
  it('made what the cases rely on: two users, their email and name guards, four orders, tokens of both kinds', () => {
    expect({ items: before.length, cursor: seed.cursor.startsWith('c1.'), filtered: seed.filteredToken.startsWith('c1.') }).toEqual({ items: 10, cursor: true, filtered: false });
  });

  it('has at least 45 bad inputs', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(45);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });
});

describe('every bad input gets a clear error, leaks nothing and changes nothing', () => {
  it.each(CASES)('$name', async ({ name, request, expected }) => {
    const answer = await send(resolve(request));
    expect(outcome(answer), name).toEqual(expectedOutcome(expected));
    expect(answer.text, `${name}: leaks internals`).not.toMatch(LEAKS);
    expect(await snapshot(), `${name}: changed the table`).toEqual(before);
  });
});
