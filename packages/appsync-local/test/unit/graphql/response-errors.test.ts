/**
 * Errors graphql-js finds while completing values, reported as AppSync (graphql-java) reports
 * them: non-null violations, list mismatches and values a scalar cannot serialize; plus the
 * AppSync error shape of a field failure.
 */
import { readFileSync } from 'node:fs';
import { buildSchema, execute, parse, type GraphQLFieldResolver } from 'graphql';
import { describe, expect, it } from 'vitest';
import { withAwsScalars } from '../../../src/graphql/aws-scalars.js';
import { executionErrorEntry, fieldErrorEntry, fieldFailure, requestFailureBody, type ExecutionErrorEntry } from '../../../src/graphql/response-errors.js';

const PRELUDE = readFileSync(new URL('../../../src/graphql/appsync-prelude.graphql', import.meta.url), 'utf8');

const schema = withAwsScalars(
  buildSchema(`${PRELUDE}
    type Post {
      id: ID!
      title: String!
      tags: [String!]
      labels: [String]!
      grid: [[Int!]]
      at: AWSDateTime
      count: Int
    }
    type Query {
      post: Post
      posts: [Post]
      strictPosts: [Post!]
      hello: String!
      failing: String
    }
  `),
);

/** Runs the query with the root value as data and every other field from its parent; returns the response's error entries. */
async function errorsOf(query: string, root: Record<string, unknown>): Promise<{ data: unknown; errors: ExecutionErrorEntry[] }> {
  const fieldResolver: GraphQLFieldResolver<Record<string, unknown>, unknown> = (source, _args, _context, info) => {
    if (info.fieldName === 'failing') throw fieldFailure('Boom', 'it failed');
    return source[info.fieldName];
  };
  const result = await execute({ schema, document: parse(query), rootValue: root, fieldResolver });
  return { data: result.data, errors: (result.errors ?? []).map((e) => executionErrorEntry(e, schema)) };
}

const POST = { id: 'p1', title: 'T', tags: ['a'], labels: [], grid: [], at: '2026-01-01T00:00:00Z', count: 1 };

describe('executionErrorEntry: null in a non-null position', () => {
  it('names the type, the parent and the slash path, with locations null', async () => {
    const { data, errors } = await errorsOf('{ post { id title } }', { post: { ...POST, title: null } });
    expect(data).toEqual({ post: null });
    expect(errors).toEqual([{ path: ['post', 'title'], locations: null, message: "Cannot return null for non-nullable type: 'String' within parent 'Post' (/post/title)" }]);
    expect(Object.keys(errors[0]!)).toEqual(['path', 'locations', 'message']);
  });

  it('prints list indices in brackets, as graphql-java does', async () => {
    const { data, errors } = await errorsOf('{ posts { title } }', { posts: [POST, { ...POST, title: null }] });
    expect(data).toEqual({ posts: [{ title: 'T' }, null] });
    expect(errors).toEqual([{ path: ['posts', 1, 'title'], locations: null, message: "Cannot return null for non-nullable type: 'String' within parent 'Post' (/posts[1]/title)" }]);
  });

  it('names the list type as the parent of a null list item', async () => {
    const { data, errors } = await errorsOf('{ post { tags } }', { post: { ...POST, tags: ['a', null] } });
    expect(data).toEqual({ post: { tags: null } });
    expect(errors).toEqual([{ path: ['post', 'tags', 1], locations: null, message: "Cannot return null for non-nullable type: 'String' within parent '[String!]' (/post/tags[1])" }]);
  });

  it('walks one list level per index in nested lists', async () => {
    const { errors } = await errorsOf('{ post { grid } }', { post: { ...POST, grid: [[1], [2, null]] } });
    expect(errors).toEqual([{ path: ['post', 'grid', 1, 1], locations: null, message: "Cannot return null for non-nullable type: 'Int' within parent '[Int!]' (/post/grid[1][1])" }]);
  });

  it('names a non-null list field by its list type', async () => {
    const { errors } = await errorsOf('{ post { labels } }', { post: { ...POST, labels: null } });
    expect(errors).toEqual([{ path: ['post', 'labels'], locations: null, message: "Cannot return null for non-nullable type: '[String]' within parent 'Post' (/post/labels)" }]);
  });

  it('names an object item type of a root list', async () => {
    const { data, errors } = await errorsOf('{ strictPosts { id } }', { strictPosts: [POST, null] });
    expect(data).toEqual({ strictPosts: null });
    expect(errors).toEqual([{ path: ['strictPosts', 1], locations: null, message: "Cannot return null for non-nullable type: 'Post' within parent '[Post!]' (/strictPosts[1])" }]);
  });

  it('nulls the whole data for a non-null root field', async () => {
    const { data, errors } = await errorsOf('{ hello }', { hello: null });
    expect(data).toBeNull();
    expect(errors).toEqual([{ path: ['hello'], locations: null, message: "Cannot return null for non-nullable type: 'String' within parent 'Query' (/hello)" }]);
  });
});

describe('executionErrorEntry: other completion errors', () => {
  it.each([
    ['a string', 'abc'],
    ['a number', 5],
    ['an object', { a: 1 }],
  ])('reports %s where a list belongs as a type mismatch', async (_what, value) => {
    const { data, errors } = await errorsOf('{ posts { id } }', { posts: value });
    expect(data).toEqual({ posts: null });
    expect(errors).toEqual([{ path: ['posts'], locations: null, message: "Can't resolve value (/posts) : type mismatch error, expected type LIST" }]);
  });

  it("reports a value its scalar cannot serialize with the scalar's message", async () => {
    const { data, errors } = await errorsOf('{ posts { at } }', { posts: [{ ...POST, at: 'yesterday' }] });
    expect(data).toEqual({ posts: [{ at: null }] });
    expect(errors).toEqual([{ path: ['posts', 0, 'at'], locations: null, message: "Can't serialize value (/posts[0]/at) : Unable to serialize `yesterday` as a valid DateTime Object." }]);
  });

  it('reports a field failure in the AppSync shape, with its locations', async () => {
    const { errors } = await errorsOf('{\n  failing\n}', {});
    expect(errors).toEqual([{ path: ['failing'], data: null, errorType: 'Boom', errorInfo: null, locations: [{ line: 2, column: 3, sourceName: null }], message: 'it failed' }]);
    expect(Object.keys(errors[0]!)).toEqual(['path', 'data', 'errorType', 'errorInfo', 'locations', 'message']);
  });
});

describe('fieldErrorEntry and requestFailureBody', () => {
  it('keeps data and errorInfo a handler gave, null otherwise', () => {
    expect(fieldErrorEntry({ message: 'm', errorType: 'T', data: { a: 1 }, errorInfo: { b: 2 } }, ['x', 0], null)).toEqual({
      path: ['x', 0],
      data: { a: 1 },
      errorType: 'T',
      errorInfo: { b: 2 },
      locations: null,
      message: 'm',
    });
    expect(fieldErrorEntry({ message: 'm', errorType: null, data: undefined, errorInfo: undefined }, ['x'], null)).toEqual({
      path: ['x'],
      data: null,
      errorType: null,
      errorInfo: null,
      locations: null,
      message: 'm',
    });
  });

  it('shapes a request failure as errors without data', () => {
    expect(requestFailureBody('UnauthorizedException', 'nope')).toEqual({ errors: [{ errorType: 'UnauthorizedException', message: 'nope' }] });
  });
});
