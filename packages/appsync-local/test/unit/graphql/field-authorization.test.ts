/**
 * Which auth modes may read each field, from the schema's auth directives, as AppSync decides
 * (https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html#using-additional-authorization-modes).
 */
import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { AuthMode } from '../../../src/appsync-js/index.js';
import { FieldAuthorization, unauthorizedMessage, type Caller } from '../../../src/graphql/field-authorization.js';

const PRELUDE = readFileSync(new URL('../../../src/graphql/appsync-prelude.graphql', import.meta.url), 'utf8');

const SCHEMA = `
type Query {
  open: String
  keyOnly: String @aws_api_key
  iamOnly: String @aws_iam
  both: String @aws_api_key @aws_iam
  oidc: String @aws_oidc
  lambda: String @aws_lambda
  pool: String @aws_cognito_user_pools
  admins: String @aws_cognito_user_pools(cognito_groups: ["Admins", "Ops"])
  legacy: String @aws_auth(cognito_groups: ["Admins"])
  order: Order
  secret: Secret
}

type Order @aws_iam {
  id: ID
  note: String @aws_api_key
}

type Secret @aws_api_key @aws_iam {
  value: String
}

type Plain {
  name: String
}

extend type Plain @aws_iam
`;

const schema = buildSchema(`${PRELUDE}\n${SCHEMA}`);
const authorization = (defaultMode: AuthMode, additional: AuthMode[] = []) => new FieldAuthorization(schema, defaultMode, additional);

const API_KEY: Caller = { mode: 'API_KEY' };
const IAM: Caller = { mode: 'AWS_IAM' };
const pool = (...groups: string[]): Caller => ({ mode: 'AMAZON_COGNITO_USER_POOLS', groups });

describe('FieldAuthorization on an API_KEY API with AWS_IAM as an additional mode', () => {
  const auth = authorization('API_KEY', ['AWS_IAM']);

  it.each([
    // A field without directives (and a type without directives) is open to the default mode only.
    ['Query', 'open', ['API_KEY']],
    ['Query', 'keyOnly', ['API_KEY']],
    // Once a directive is present, only the listed modes: the default mode is no exception.
    ['Query', 'iamOnly', ['AWS_IAM']],
    ['Query', 'both', ['API_KEY', 'AWS_IAM']],
    ['Query', 'oidc', ['OPENID_CONNECT']],
    ['Query', 'lambda', ['AWS_LAMBDA']],
    ['Query', 'pool', ['AMAZON_COGNITO_USER_POOLS']],
    // The type's directives apply to fields without their own...
    ['Order', 'id', ['AWS_IAM']],
    ['Secret', 'value', ['API_KEY', 'AWS_IAM']],
    // ...and a field's directives replace them (they do not add to them).
    ['Order', 'note', ['API_KEY']],
    // Directives on a type extension count as the type's.
    ['Plain', 'name', ['AWS_IAM']],
  ] as const)('%s.%s is open to %j', (type, field, modes) => {
    expect([...(auth.rule(type, field)?.modes ?? [])].sort()).toEqual([...modes].sort());
  });

  it.each([
    ['Query', 'open', API_KEY, true],
    ['Query', 'open', IAM, false],
    ['Query', 'iamOnly', API_KEY, false],
    ['Query', 'iamOnly', IAM, true],
    ['Query', 'both', API_KEY, true],
    ['Query', 'both', IAM, true],
    ['Order', 'id', API_KEY, false],
    ['Order', 'id', IAM, true],
    ['Order', 'note', API_KEY, true],
    ['Order', 'note', IAM, false],
  ] as const)('%s.%s for %o: %s', (type, field, caller, allowed) => {
    expect(auth.allows(type, field, caller)).toBe(allowed);
  });

  it('lets every caller read introspection and __typename', () => {
    expect(auth.allows('Query', '__typename', IAM)).toBe(true);
    expect(auth.allows('__Schema', 'types', IAM)).toBe(true);
    expect(auth.allows('__Type', 'name', API_KEY)).toBe(true);
  });

  it('denies a field it has no rule for', () => {
    expect(auth.rule('Query', 'nope')).toBeUndefined();
    expect(auth.allows('Query', 'nope', API_KEY)).toBe(false);
  });

  it('ignores @aws_auth when the API has other modes than user pools (the field falls back to the default mode)', () => {
    expect([...(auth.rule('Query', 'legacy')?.modes ?? [])]).toEqual(['API_KEY']);
    expect(auth.allows('Query', 'legacy', pool('Admins'))).toBe(false);
  });

  it('words a denial as AppSync does', () => {
    expect(unauthorizedMessage('Order', 'id')).toBe('Not Authorized to access id on type Order');
  });
});

describe('Cognito groups', () => {
  const auth = authorization('AMAZON_COGNITO_USER_POOLS', ['API_KEY']);

  it('reads cognito_groups from @aws_cognito_user_pools', () => {
    expect(auth.rule('Query', 'admins')).toEqual({ modes: new Set(['AMAZON_COGNITO_USER_POOLS']), cognitoGroups: ['Admins', 'Ops'] });
    expect(auth.rule('Query', 'pool')?.cognitoGroups).toBeUndefined();
  });

  it.each([
    [['Admins'], true],
    [['Users', 'Ops'], true],
    [['Users'], false],
    [[], false],
  ])('a user pool caller in %j may read the admins-only field: %s', (groups, allowed) => {
    expect(auth.allows('Query', 'admins', pool(...groups))).toBe(allowed);
  });

  it('lets any user pool caller read a user pools field without groups', () => {
    expect(auth.allows('Query', 'pool', pool())).toBe(true);
    expect(auth.allows('Query', 'pool', API_KEY)).toBe(false);
  });

  it('takes a single group given without a list as a list of one (GraphQL input coercion)', () => {
    const single = buildSchema(`${PRELUDE}\ntype Query { admins: String @aws_cognito_user_pools(cognito_groups: "Admins") }`);
    const rules = new FieldAuthorization(single, 'AMAZON_COGNITO_USER_POOLS', []);
    expect(rules.rule('Query', 'admins')?.cognitoGroups).toEqual(['Admins']);
    expect(rules.allows('Query', 'admins', pool('Users'))).toBe(false);
    expect(rules.allows('Query', 'admins', pool('Admins'))).toBe(true);
  });
});

describe('@aws_auth on a user-pools-only API', () => {
  const auth = authorization('AMAZON_COGNITO_USER_POOLS');

  it('counts as user pools with its groups', () => {
    expect(auth.rule('Query', 'legacy')).toEqual({ modes: new Set(['AMAZON_COGNITO_USER_POOLS']), cognitoGroups: ['Admins'] });
    expect(auth.allows('Query', 'legacy', pool('Admins'))).toBe(true);
    expect(auth.allows('Query', 'legacy', pool('Users'))).toBe(false);
  });

  it('leaves fields without directives to user pools, the default mode', () => {
    expect(auth.allows('Query', 'open', pool())).toBe(true);
    expect(auth.allows('Query', 'open', API_KEY)).toBe(false);
  });
});

describe('DefaultAction DENY (a user-pools-only API)', () => {
  const auth = authorization('AMAZON_COGNITO_USER_POOLS');
  const denying = (...groups: string[]): Caller => ({ mode: 'AMAZON_COGNITO_USER_POOLS', groups, userPoolDefaultAction: 'DENY' });

  it('refuses fields whose rule names no groups, with or without a directive', () => {
    expect(auth.allows('Query', 'open', denying('Admins'))).toBe(false);
    expect(auth.allows('Query', 'pool', denying('Admins'))).toBe(false);
  });

  it('lets a member of a named group read the field', () => {
    expect(auth.allows('Query', 'legacy', denying('Admins'))).toBe(true);
    expect(auth.allows('Query', 'admins', denying('Ops'))).toBe(true);
    expect(auth.allows('Query', 'admins', denying('Users'))).toBe(false);
  });

  it('ALLOW (or no DefaultAction, an additional pool) keeps undirected fields open to the pool', () => {
    expect(auth.allows('Query', 'open', { mode: 'AMAZON_COGNITO_USER_POOLS', groups: [], userPoolDefaultAction: 'ALLOW' })).toBe(true);
    expect(auth.allows('Query', 'open', pool())).toBe(true);
  });
});

describe("a Lambda authorizer's deniedFields", () => {
  const auth = authorization('AWS_LAMBDA', ['API_KEY']);

  it('deny exactly the named fields, whatever the directives allow', () => {
    const caller: Caller = { mode: 'AWS_LAMBDA', deniedFields: new Set(['Query.lambda', 'Query.open']) };
    expect(auth.allows('Query', 'open', caller)).toBe(false);
    expect(auth.allows('Query', 'lambda', caller)).toBe(false);
    expect(auth.allows('Query', 'open', { mode: 'AWS_LAMBDA' })).toBe(true);
    expect(auth.allows('Query', 'lambda', { mode: 'AWS_LAMBDA' })).toBe(true);
  });

  it('a nested type without @aws_lambda refuses a Lambda caller on an API whose default is another mode', () => {
    const keyDefault = authorization('API_KEY', ['AWS_LAMBDA', 'OPENID_CONNECT']);
    expect(keyDefault.allows('Query', 'lambda', { mode: 'AWS_LAMBDA' })).toBe(true);
    expect(keyDefault.allows('Secret', 'value', { mode: 'AWS_LAMBDA' })).toBe(false);
    expect(keyDefault.allows('Secret', 'value', { mode: 'OPENID_CONNECT' })).toBe(false);
    expect(keyDefault.allows('Query', 'oidc', { mode: 'OPENID_CONNECT' })).toBe(true);
  });
});
