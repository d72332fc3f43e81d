/**
 * ctx.info.selectionSetList and ctx.info.selectionSetGraphQL as AppSync fills them
 * (https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference-js.html#aws-appsync-resolver-context-reference-info-js),
 * computed from the GraphQLResolveInfo graphql-js hands a field resolver.
 */
import { buildSchema, execute, parse, type GraphQLFieldResolver } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selectionSetInfo, type SelectionSetInfo } from '../../../src/graphql/selection-set.js';

const schema = buildSchema(`
  interface Node { id: ID! }
  interface Authored { author: Author }
  type Author implements Node { id: ID! name: String posts: [Post] }
  type Comment implements Node & Authored { id: ID! text: String author: Author }
  type Post implements Node & Authored { id: ID! title: String content: String author: Author comments: [Comment] }
  union SearchResult = Post | Comment
  type Query {
    getPost(id: ID): Post
    posts: [Post]
    node(id: ID): Node
    search: [SearchResult]
    hello: String
  }
`);

const AUTHOR = { id: 'a1', name: 'n', posts: [] };
const POST = { __typename: 'Post', id: 'p1', title: 't', content: 'c', author: AUTHOR, comments: [{ id: 'c1', text: 'x' }] };

/** Runs the query and returns what selectionSetInfo gave each call of the field at `fieldName` of Query. */
async function capture(query: string, fieldName: string, variableValues?: Record<string, unknown>): Promise<SelectionSetInfo[]> {
  const seen: SelectionSetInfo[] = [];
  const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, _args, _context, info) => {
    if (info.parentType.name === 'Query' && info.fieldName === fieldName) seen.push(selectionSetInfo(info));
    if (info.parentType.name === 'Query') {
      if (info.fieldName === 'posts') return [POST, POST];
      if (info.fieldName === 'search') return [POST, { __typename: 'Comment', id: 'c1', text: 'x', author: AUTHOR }];
      if (info.fieldName === 'hello') return 'hi';
      return POST;
    }
    return (source as Record<string, unknown>)[info.fieldName];
  };
  const result = await execute({ schema, document: parse(query), fieldResolver, variableValues, typeResolver: (value) => (value as { __typename: string }).__typename });
  expect(result.errors).toBeUndefined();
  return seen;
}

async function captureOne(query: string, fieldName = 'getPost', variableValues?: Record<string, unknown>): Promise<SelectionSetInfo> {
  const [info, ...more] = await capture(query, fieldName, variableValues);
  expect(more).toEqual([]);
  return info!;
}

describe('selectionSetList', () => {
  it('names every selected field below the field, nested paths joined with /', async () => {
    const { selectionSetList } = await captureOne('{ getPost(id: "1") { id title author { id name posts { title } } } }');
    expect(selectionSetList).toEqual(['id', 'title', 'author', 'author/id', 'author/name', 'author/posts', 'author/posts/title']);
  });

  it('names aliased fields by their alias only', async () => {
    const { selectionSetList } = await captureOne('{ getPost { title secondTitle: title writer: author { handle: name } } }');
    expect(selectionSetList).toEqual(['title', 'secondTitle', 'writer', 'writer/handle']);
  });

  it('flattens inline and named fragments into the paths of the fields they select', async () => {
    const query = `
      query Q($id: ID) {
        getPost(id: $id) {
          id
          ... on Post { inlineFragComments: comments { id } }
          ...PostParts
          author { ...AuthorParts }
        }
      }
      fragment PostParts on Post { postFragComments: comments { id text } }
      fragment AuthorParts on Author { name }
    `;
    const { selectionSetList } = await captureOne(query, 'getPost', { id: '1' });
    expect(selectionSetList).toEqual(['id', 'inlineFragComments', 'inlineFragComments/id', 'postFragComments', 'postFragComments/id', 'postFragComments/text', 'author', 'author/name']);
  });

  it('lists a field selected twice once', async () => {
    const { selectionSetList } = await captureOne('{ getPost { id title ... on Post { id author { id } } author { id name } } }');
    expect(selectionSetList).toEqual(['id', 'title', 'author', 'author/id', 'author/name']);
  });

  it('on an interface, lists only the fields selected on the interface itself', async () => {
    const query = '{ node(id: "p1") { id ... on Node { __typename } ... on Post { title author { name } } ...CommentParts } } fragment CommentParts on Comment { text }';
    const { selectionSetList } = await captureOne(query, 'node');
    expect(selectionSetList).toEqual(['id']);
  });

  it('on a union, leaves out the fields selected for its member types', async () => {
    const [info] = await capture('{ search { __typename ... on Post { title } ... on Comment { text } } }', 'search');
    expect(info?.selectionSetList).toEqual([]);
  });

  it('lists the fields of a field selected more than once (graphql-js merges them into one field)', async () => {
    const { selectionSetList, selectionSetGraphQL } = await captureOne('{ getPost { id } getPost { title author { name } } }');
    expect(selectionSetList).toEqual(['id', 'title', 'author', 'author/name']);
    expect(selectionSetGraphQL).toBe('{\n  id\n  title\n  author {\n    name\n  }\n}');
  });

  it('is empty for a leaf field', async () => {
    expect(await captureOne('{ hello }', 'hello')).toEqual({ selectionSetList: [], selectionSetGraphQL: '' });
  });
});

describe('selectionSetGraphQL', () => {
  it('is the selection set as written: aliases, arguments, variables, inline fragments and named spreads kept', async () => {
    const query = `
      query Q($id: ID) {
        getPost(id: $id) {
          id
          secondTitle: title
          author { name }
          ... on Post { inlineFragComments: comments { id } }
          ...PostParts
        }
      }
      fragment PostParts on Post { content }
    `;
    const { selectionSetGraphQL } = await captureOne(query, 'getPost', { id: '1' });
    expect(selectionSetGraphQL).toBe(
      ['{', '  id', '  secondTitle: title', '  author {', '    name', '  }', '  ... on Post {', '    inlineFragComments: comments {', '      id', '    }', '  }', '  ...PostParts', '}'].join('\n'),
    );
  });

  it('keeps the member-type fragments the list leaves out on an abstract type', async () => {
    const { selectionSetGraphQL } = await captureOne('{ node(id: "1") { id ... on Post { title } } }', 'node');
    expect(selectionSetGraphQL).toBe('{\n  id\n  ... on Post {\n    title\n  }\n}');
  });
});

it('is computed once per field of a request, however many list items resolve it', async () => {
  const seen: SelectionSetInfo[] = [];
  const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, _args, _context, info) => {
    if (info.parentType.name === 'Query') return [POST, POST, POST];
    if (info.fieldName === 'author') seen.push(selectionSetInfo(info));
    return (source as Record<string, unknown>)[info.fieldName];
  };
  await execute({ schema, document: parse('{ posts { author { id name } } }'), fieldResolver });
  expect(seen).toHaveLength(3);
  expect(seen[0]).toEqual({ selectionSetList: ['id', 'name'], selectionSetGraphQL: '{\n  id\n  name\n}' });
  expect(seen[1]).toBe(seen[0]);
  expect(seen[2]).toBe(seen[0]);
});

it('tells apart the same field selected with different siblings on different types', async () => {
  const seen = new Map<string, SelectionSetInfo>();
  const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, _args, _context, info) => {
    if (info.parentType.name === 'Query') return [POST, { __typename: 'Comment', id: 'c1', text: 'x', author: AUTHOR }];
    if (info.fieldName === 'author') seen.set(info.parentType.name, selectionSetInfo(info));
    return (source as Record<string, unknown>)[info.fieldName];
  };
  const query = '{ search { ... on Authored { author { id } } ... on Post { author { name } } ... on Comment { author { posts { id } } } } }';
  const result = await execute({ schema, document: parse(query), fieldResolver, typeResolver: (value) => (value as { __typename: string }).__typename });
  expect(result.errors).toBeUndefined();
  expect(seen.get('Post')?.selectionSetList).toEqual(['id', 'name']);
  expect(seen.get('Comment')?.selectionSetList).toEqual(['id', 'posts', 'posts/id']);
});
