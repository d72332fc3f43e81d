/**
 * Every auth mode through the GraphQL endpoint in process, on an API with all five at once (user
 * pools the default): what each caller's resolvers see (ctx.identity, util.authType()), which
 * fields each may read by the schema's directives (groups, nested types, the default-mode rule),
 * a Lambda authorizer's deniedFields, util.unauthorized(), and DefaultAction DENY.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiDefinition, AuthProviderDefinition, CodeDefinition, ResolverDefinition } from '../../../src/graphql/api-definition.js';
import { ExecutableApi } from '../../../src/graphql/executable-api.js';
import { handleGraphqlRequest } from '../../../src/graphql/graphql-endpoint.js';
import { invokeNoneDataSource } from '../../../src/data-sources/none.js';
import { LocalOidc } from '../../../src/oidc/local-oidc.js';
import { API_ARN, API_KEY, CREDENTIALS, lambdaProvider, NOW_S, oidcProvider, testAuth, userPoolProvider } from '../../helpers/auth-settings.js';
import { testUserPool, type TestUserPool } from '../../helpers/tokens.js';

const POOL_ID = 'us-east-1_Main';
const OIDC_ISSUER = 'https://login.example.com';

const SCHEMA = `
type Query {
  whoami: Caller @aws_cognito_user_pools @aws_oidc @aws_lambda @aws_api_key @aws_iam
  open: String
  admins: String @aws_cognito_user_pools(cognito_groups: ["admin"])
  oidcOnly: String @aws_oidc
  profile: Profile @aws_cognito_user_pools @aws_oidc @aws_lambda
  secret: String @aws_lambda @aws_cognito_user_pools
  mine(owner: String): String @aws_cognito_user_pools @aws_oidc
  legacy: String @aws_auth(cognito_groups: ["admin"])
}

type Mutation {
  bump: Int @aws_lambda @aws_cognito_user_pools
}

type Caller @aws_cognito_user_pools @aws_oidc @aws_lambda @aws_api_key @aws_iam {
  authType: String
  identity: AWSJSON
}

type Profile @aws_cognito_user_pools @aws_lambda {
  name: String
  salary: Int @aws_cognito_user_pools(cognito_groups: ["hr"])
}
`;

const code = (request: string, response = 'return ctx.result;'): CodeDefinition => ({
  text: `import { util } from '@aws-appsync/utils';\nexport function request(ctx) {\n  ${request}\n}\nexport function response(ctx) {\n  ${response}\n}\n`,
  origin: 'inline',
});
const unit = (typeName: string, fieldName: string, c: CodeDefinition): ResolverDefinition => ({
  logicalId: `${typeName}${fieldName}`,
  typeName,
  fieldName,
  kind: 'UNIT',
  dataSourceName: 'none',
  functionIds: [],
  code: c,
});

const RESOLVERS = [
  unit('Query', 'whoami', code('return { payload: { authType: util.authType(), identity: JSON.stringify(ctx.identity) } };')),
  unit('Query', 'open', code('return { payload: "open" };')),
  unit('Query', 'admins', code('return { payload: "admins" };')),
  unit('Query', 'oidcOnly', code('return { payload: "oidc" };')),
  unit('Query', 'profile', code('return { payload: { name: "Pat", salary: 100 } };')),
  unit('Query', 'secret', code('return { payload: "secret" };')),
  unit('Query', 'mine', code('if (ctx.args.owner !== ctx.identity.sub) util.unauthorized();\n  return { payload: "yours" };')),
  unit('Query', 'legacy', code('return { payload: "legacy" };')),
  unit('Mutation', 'bump', code('return { payload: 1 };')),
];

function api(providers: AuthProviderDefinition[], counter?: { calls: string[] }): ExecutableApi {
  const definition: ApiDefinition = {
    name: 'all-modes',
    apiId: 'local',
    apiArn: API_ARN,
    schema: SCHEMA,
    defaultAuthMode: providers[0]!.type,
    additionalAuthModes: providers.slice(1).map((p) => p.type),
    authProviders: providers,
    queryDepthLimit: 0,
    resolverCountLimit: 10_000,
    introspection: true,
    environmentVariables: {},
    dataSources: new Map([['none', { name: 'none', type: 'NONE' }]]),
    functions: new Map(),
    resolvers: RESOLVERS,
  };
  return new ExecutableApi(definition, () => async (request, field) => {
    counter?.calls.push(`${field.parentTypeName}.${field.fieldName}`);
    return invokeNoneDataSource(request);
  });
}

const ALL_MODES: AuthProviderDefinition[] = [
  userPoolProvider(POOL_ID, { isDefault: true }),
  oidcProvider(OIDC_ISSUER),
  lambdaProvider(),
  { type: 'API_KEY', isDefault: false },
  { type: 'AWS_IAM', isDefault: false },
];

let pool: TestUserPool;
let oidc: LocalOidc;
beforeAll(async () => {
  pool = await testUserPool(POOL_ID, 'client');
  oidc = await LocalOidc.open({ now: () => NOW_S * 1000 });
  oidc.setProviders([{ issuer: OIDC_ISSUER, clientId: null }]);
});

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { path?: unknown[]; errorType?: string | null; message: string }[] };
}

async function post(target: ExecutableApi, headers: Record<string, string> | 'iam', query: string, authorizer?: (e: unknown) => unknown, providers = ALL_MODES): Promise<Answer> {
  const { settings } = testAuth(providers, { pools: { [POOL_ID]: { issuer: pool.issuer, jwks: pool.jwks } }, oidcKeys: oidc.jwks(), authorizer });
  const body = JSON.stringify({ query });
  const response = await handleGraphqlRequest(target, { method: 'POST', url: '/graphql', headers: headers === 'iam' ? await signed(body) : headers, body, sourceIp: '127.0.0.1' }, settings);
  return { status: response.status, body: JSON.parse(response.body) as Answer['body'] };
}

/** Headers of a POST signed for AppSync with the local credentials, as the AWS SDKs sign, at the settings' "now". */
async function signed(body: string): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service: 'appsync', region: 'us-east-1', credentials: CREDENTIALS, sha256: Sha256 });
  const request = await signer.sign(
    new HttpRequest({ method: 'POST', protocol: 'http:', hostname: 'localhost', port: 4000, path: '/graphql', headers: { host: 'localhost:4000', 'content-type': 'application/json' }, body }),
    { signingDate: new Date(NOW_S * 1000) },
  );
  return request.headers as Record<string, string>;
}

const oidcToken = async (claims: Record<string, unknown>) => {
  const issued = await oidc.issue({ claims });
  if (!issued.ok) throw new Error(issued.message);
  return issued.token;
};

/** The field errors as `path: errorType message`. */
const refusals = (answer: Answer) => (answer.body.errors ?? []).map((e) => `${(e.path ?? []).join('.')}: ${e.errorType} ${e.message}`);

describe('one API with all five modes', () => {
  const target = () => api(ALL_MODES);
  const whoami = (answer: Answer) => {
    const caller = answer.body.data?.['whoami'] as { authType: string; identity: string };
    return { authType: caller.authType, identity: JSON.parse(caller.identity) as unknown };
  };

  it('a user pool caller: "User Pool Authorization", the user pools identity, groups gate fields', async () => {
    const token = await pool.idToken({ 'cognito:groups': ['admin'] }, { issuedAt: NOW_S });
    const answer = await post(target(), { authorization: token }, '{ whoami { authType identity } open admins oidcOnly profile { name salary } }');
    expect(whoami(answer)).toEqual({
      authType: 'User Pool Authorization',
      identity: expect.objectContaining({ sub: 'sub-1', username: 'alice', groups: ['admin'], defaultAuthStrategy: 'ALLOW', issuer: pool.issuer }),
    });
    expect(answer.body.data).toMatchObject({ open: 'open', admins: 'admins', oidcOnly: null, profile: { name: 'Pat', salary: null } });
    expect(refusals(answer)).toEqual(['oidcOnly: Unauthorized Not Authorized to access oidcOnly on type Query', 'profile.salary: Unauthorized Not Authorized to access salary on type Profile']);
  });

  it('a user pool caller outside the group is refused the group field', async () => {
    const answer = await post(target(), { authorization: await pool.accessToken({ 'cognito:groups': ['hr'] }, { issuedAt: NOW_S }) }, '{ admins profile { salary } }');
    expect(answer.body.data).toEqual({ admins: null, profile: { salary: 100 } });
    expect(refusals(answer)).toEqual(['admins: Unauthorized Not Authorized to access admins on type Query']);
  });

  it("@aws_auth is ignored on an API with more than user pools: the field is the default mode's, any pool user reads it", async () => {
    const answer = await post(target(), { authorization: await pool.idToken({}, { issuedAt: NOW_S }) }, '{ legacy }');
    expect(answer.body).toEqual({ data: { legacy: 'legacy' } });
  });

  it('an OIDC caller: "Open ID Connect Authorization", the OIDC identity, refused the default-mode field and one level into a type without @aws_oidc', async () => {
    const answer = await post(target(), { authorization: await oidcToken({ sub: 'o-1' }) }, '{ whoami { authType identity } open oidcOnly profile { name } }');
    expect(whoami(answer)).toEqual({ authType: 'Open ID Connect Authorization', identity: { sub: 'o-1', issuer: OIDC_ISSUER, claims: expect.objectContaining({ sub: 'o-1' }) } });
    expect(answer.body.data).toMatchObject({ open: null, oidcOnly: 'oidc', profile: { name: null } });
    expect(refusals(answer)).toEqual(['open: Unauthorized Not Authorized to access open on type Query', 'profile.name: Unauthorized Not Authorized to access name on type Profile']);
  });

  it('a Lambda caller: "Lambda Authorization", its resolverContext, and deniedFields null with Unauthorized', async () => {
    const answer = await post(target(), { authorization: 'custom-token' }, '{ whoami { authType identity } secret profile { name salary } }', () => ({
      isAuthorized: true,
      resolverContext: { tenant: 't1' },
      deniedFields: ['Query.secret', `${API_ARN}/types/Profile/fields/name`],
    }));
    expect(whoami(answer)).toEqual({ authType: 'Lambda Authorization', identity: { resolverContext: { tenant: 't1' } } });
    expect(answer.body.data).toMatchObject({ secret: null, profile: { name: null, salary: null } });
    expect(refusals(answer)).toEqual([
      'secret: Unauthorized Not Authorized to access secret on type Query',
      'profile.name: Unauthorized Not Authorized to access name on type Profile',
      // salary is for user pools (hr) only: a directive refusal, not a denied field.
      'profile.salary: Unauthorized Not Authorized to access salary on type Profile',
    ]);
  });

  it('a denied mutation does not run', async () => {
    const counter = { calls: [] as string[] };
    const answer = await post(api(ALL_MODES, counter), { authorization: 'custom-token' }, 'mutation { bump }', () => ({ isAuthorized: true, deniedFields: ['Mutation.bump'] }));
    expect(answer.body.data).toEqual({ bump: null });
    expect(refusals(answer)).toEqual(['bump: Unauthorized Not Authorized to access bump on type Mutation']);
    expect(counter.calls).toEqual([]);
  });

  it('an API key caller: "API Key Authorization" and a null identity; IAM: "IAM Authorization"', async () => {
    const key = await post(target(), { 'x-api-key': API_KEY }, '{ whoami { authType identity } open }');
    expect(whoami(key)).toEqual({ authType: 'API Key Authorization', identity: null });
    expect(refusals(key)).toEqual(['open: Unauthorized Not Authorized to access open on type Query']);
    const iam = await post(target(), 'iam', '{ whoami { authType identity } open }');
    expect(whoami(iam)).toEqual({ authType: 'IAM Authorization', identity: expect.objectContaining({ username: CREDENTIALS.accessKeyId, sourceIp: ['127.0.0.1'] }) });
    expect(refusals(iam)).toEqual(['open: Unauthorized Not Authorized to access open on type Query']);
  });

  it('util.unauthorized() refuses the field being resolved', async () => {
    const token = await pool.idToken({}, { issuedAt: NOW_S });
    const answer = await post(target(), { authorization: token }, '{ a: mine(owner: "sub-1") b: mine(owner: "someone") }');
    expect(answer.body.data).toEqual({ a: 'yours', b: null });
    expect(refusals(answer)).toEqual(['b: Unauthorized Not Authorized to access mine on type Query']);
  });

  it("request-level refusals are HTTP 401 with AppSync's body, and nothing runs", async () => {
    const counter = { calls: [] as string[] };
    const expired = await pool.idToken({ exp: NOW_S - 1 }, { issuedAt: NOW_S - 3600 });
    const answer = await post(api(ALL_MODES, counter), { authorization: expired }, '{ open }');
    expect(answer).toEqual({ status: 401, body: { errors: [{ errorType: 'UnauthorizedException', message: 'Token has expired.' }] } });
    expect(await post(api(ALL_MODES, counter), { authorization: 'tok' }, '{ open }', () => ({ isAuthorized: false }))).toEqual({
      status: 401,
      body: { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] },
    });
    expect(counter.calls).toEqual([]);
  });

  it('the Lambda authorizer sees the operation', async () => {
    let seen: unknown;
    await post(target(), { authorization: 'tok' }, 'query Mine { secret }', (event) => {
      seen = (event as { requestContext: unknown }).requestContext;
      return { isAuthorized: true };
    });
    expect(seen).toMatchObject({ queryString: 'query Mine { secret }', variables: {} });
  });
});

describe('a user pools API with DefaultAction DENY', () => {
  const DENY: AuthProviderDefinition[] = [userPoolProvider(POOL_ID, { isDefault: true, defaultAction: 'DENY' })];

  it('lets a user read only fields whose rule names one of their groups', async () => {
    const admin = await pool.idToken({ 'cognito:groups': ['admin'] }, { issuedAt: NOW_S });
    const answer = await post(api(DENY), { authorization: admin }, '{ open legacy admins whoami { authType } }', undefined, DENY);
    expect(answer.body.data).toEqual({ open: null, legacy: 'legacy', admins: 'admins', whoami: null });
    expect(refusals(answer)).toEqual(['open: Unauthorized Not Authorized to access open on type Query', 'whoami: Unauthorized Not Authorized to access whoami on type Query']);
  });

  it('refuses a user in no listed group everything', async () => {
    const user = await pool.idToken({}, { issuedAt: NOW_S });
    const answer = await post(api(DENY), { authorization: user }, '{ open legacy }', undefined, DENY);
    expect(answer.body.data).toEqual({ open: null, legacy: null });
  });

  it('the same user on ALLOW reads the undirected field', async () => {
    const ALLOW: AuthProviderDefinition[] = [userPoolProvider(POOL_ID, { isDefault: true, defaultAction: 'ALLOW' })];
    const answer = await post(api(ALLOW), { authorization: await pool.idToken({}, { issuedAt: NOW_S }) }, '{ open legacy }', undefined, ALLOW);
    expect(answer.body.data).toEqual({ open: 'open', legacy: null });
  });
});
