/**
 * The body of a GraphQL-over-HTTP request, checked as AppSync checks it before any GraphQL runs:
 * anything but one JSON object with a `query` string is a 400 MalformedHttpRequestException.
 */
import { describe, expect, it } from 'vitest';
import { parseGraphqlBody } from '../../../src/graphql/graphql-request.js';

const UNPARSABLE = { ok: false, errorType: 'MalformedHttpRequestException', message: 'Unable to parse GraphQL query.' };

describe('parseGraphqlBody', () => {
  it.each(['', '   ', '\n\t'])('refuses an empty body (%j)', (body) => {
    expect(parseGraphqlBody(body)).toEqual({ ok: false, errorType: 'MalformedHttpRequestException', message: 'Request body is empty.' });
  });

  it.each([
    ['text that is not JSON', 'query { hello }'],
    ['truncated JSON', '{"query": "{ hello }"'],
    ['JSON null', 'null'],
    ['a JSON string', '"{ hello }"'],
    ['a JSON number', '42'],
    ['an object without query', '{}'],
    ['a batch (array) of requests', '[{"query": "{ hello }"}]'],
    ['an empty array', '[]'],
    ['a query that is not a string', '{"query": 1}'],
    ['a query that is an object', '{"query": {"text": "{ hello }"}}'],
    ['a null query', '{"query": null}'],
    ['variables as a string', '{"query": "{ hello }", "variables": "{\\"a\\": 1}"}'],
    ['variables as an array', '{"query": "{ hello }", "variables": [1]}'],
    ['variables as a number', '{"query": "{ hello }", "variables": 3}'],
    ['operationName that is not a string', '{"query": "{ hello }", "operationName": 7}'],
  ])('refuses %s', (_what, body) => {
    expect(parseGraphqlBody(body)).toEqual(UNPARSABLE);
  });

  it('takes query, variables and operationName', () => {
    expect(parseGraphqlBody(JSON.stringify({ query: 'query Q($id: ID) { a(id: $id) }', variables: { id: '1' }, operationName: 'Q' }))).toEqual({
      ok: true,
      request: { query: 'query Q($id: ID) { a(id: $id) }', variables: { id: '1' }, operationName: 'Q' },
    });
  });

  it.each([
    ['absent', {}],
    ['null', { variables: null, operationName: null }],
  ])('takes %s variables and operationName as null', (_what, extra) => {
    expect(parseGraphqlBody(JSON.stringify({ query: '{ hello }', ...extra }))).toEqual({ ok: true, request: { query: '{ hello }', variables: null, operationName: null } });
  });

  it('ignores other members (extensions)', () => {
    const parsed = parseGraphqlBody(JSON.stringify({ query: '{ hello }', extensions: { persistedQuery: {} } }));
    expect(parsed).toEqual({ ok: true, request: { query: '{ hello }', variables: null, operationName: null } });
  });
});
