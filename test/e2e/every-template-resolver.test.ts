/**
 * Nothing is wired by hand: every AWS::AppSync::Resolver in the synthesized template is served
 * and runs. The requests are generated from the template and the schema alone (arguments of the
 * right types, the parent field for nested resolvers), so a resolver added in infra/ is covered
 * without touching this test. Each field is called by a caller its directives admit: a signed-in
 * admin (the default mode, reaching every user's data and the admin-only fields) or, for
 * IAM-only fields, IAM.
 */
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStackArtifact, resourcesOfType } from 'appsync-local';
import { startLocalAppSync, type Caller, type LocalAppSyncHarness } from 'appsync-local/testing';
import { signedInAdmin } from '../helpers/callers.js';
import { APPSYNC_PRELUDE } from '../helpers/appsync-prelude.js';
import { traceOf, TRACE_HEADERS } from '../helpers/local-trace.js';
import { testAssemblyDir } from '../helpers/test-assembly.js';

const SEED = 'seed-user';
let api: LocalAppSyncHarness;
let admin: Caller;

const artifact = loadStackArtifact(testAssemblyDir());
const schemaSdl = resourcesOfType(artifact.template, 'AWS::AppSync::GraphQLSchema')[0]!.Properties!['Definition'] as string;
const schema: GraphQLSchema = buildSchema(`${APPSYNC_PRELUDE}\n${schemaSdl}`);
const resolvers = resourcesOfType(artifact.template, 'AWS::AppSync::Resolver').map((r) => `${String(r.Properties!['TypeName'])}.${String(r.Properties!['FieldName'])}`);

beforeAll(async () => {
  api = await startLocalAppSync({ assembly: testAssemblyDir() });
  admin = await signedInAdmin(api);
  // Something for reads and updates to find; a failed seed would make every case below prove less.
  for (const seed of [
    `mutation { addUser(input: { username: "${SEED}", email: "seed@example.com", name: "Seed" }) { username } }`,
    `mutation { createOrder(input: { username: "${SEED}", amount: 1, numberOfItems: 1 }) { orderId } }`,
  ]) {
    const answer = await api.graphql(seed, {}, { as: admin });
    if (answer.errors) throw new Error(`seeding failed: ${JSON.stringify(answer.errors)}`);
  }
}, 120_000);

afterAll(async () => {
  await api?.stop();
});

/** A literal of the type: the seeded user's name for IDs and strings, the first enum value, required input fields. */
function literal(type: GraphQLInputType): string {
  if (isNonNullType(type)) return literal(type.ofType);
  if (isListType(type)) return `[${literal(type.ofType)}]`;
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type));
    return `{ ${fields.map((f) => `${f.name}: ${literal(f.type)}`).join(', ')} }`;
  }
  if (isScalarType(type)) {
    const byScalar: Record<string, string> = { Int: '1', Float: '1', Boolean: 'true', AWSEmail: '"seed@example.com"', AWSDateTime: '"2026-01-01T00:00:00Z"', AWSTimestamp: '0' };
    return byScalar[type.name] ?? `"${SEED}"`;
  }
  throw new Error(`no literal for ${String(type)}`);
}

/** Required arguments, and `username` wherever there is one (it scopes most fields to the seeded user). */
function args(list: readonly GraphQLArgument[]): string {
  const given = list.filter((a) => isNonNullType(a.type) || a.name === 'username');
  return given.length ? `(${given.map((a) => `${a.name}: ${literal(a.type)}`).join(', ')})` : '';
}

/** An operation that reaches the resolver of Type.field: directly for root fields, through a root field returning Type otherwise. */
function operationFor(typeName: string, fieldName: string): string {
  const roots = { Query: 'query', Mutation: 'mutation', Subscription: 'subscription' } as const;
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
  const field = type.getFields()[fieldName]!;
  const leaf = `${fieldName}${args(field.args)}${isObjectType(getNamedType(field.type)) ? ' { __typename }' : ''}`;
  if (typeName in roots) return `${roots[typeName as keyof typeof roots]} { ${leaf} }`;
  const parent = Object.values(schema.getQueryType()!.getFields()).find((f) => getNamedType(f.type) === type);
  if (!parent) throw new Error(`no query returns ${typeName}`);
  return `query { ${parent.name}${args(parent.args)} { ${leaf} } }`;
}

describe('every resolver of the synthesized template', () => {
  it('the template has the resolvers this test walks through', () => {
    expect(resolvers.length).toBeGreaterThanOrEqual(12);
    expect(new Set(api.app.api.resolverFields())).toEqual(new Set(resolvers));
  });

  // Reads first, then writes; deleteUser last so the seed stays for the rest.
  const ordered = [...resolvers].sort((a, b) => rank(a) - rank(b));
  it.each(ordered)('%s is served and runs its resolver', async (label) => {
    const [typeName, fieldName] = label.split('.') as [string, string];
    const operation = operationFor(typeName, fieldName);
    const field = schema.getType(typeName);
    const directives = isObjectType(field) ? (field.getFields()[fieldName]!.astNode?.directives ?? []).map((d) => d.name.value) : [];
    const iamOnly = directives.includes('aws_iam') && !directives.includes('aws_cognito_user_pools');
    // The trace header goes unsigned beside a SigV4 signature, as any extra header may.
    const answer = await api.graphql(operation, undefined, { as: iamOnly ? 'iam' : admin, headers: TRACE_HEADERS });
    expect(answer.status, operation).toBe(200);
    // Domain errors (UserHasOrders, InvalidStatusTransition, ...) prove the resolver ran; these would not.
    const notServed = (answer.errors ?? []).filter((e) => ['BadRequestException', 'UnsupportedResolver', 'UnsupportedDataSource', 'InternalFailure'].includes(e.errorType ?? ''));
    expect(notServed, operation).toEqual([]);
    // The trace lists the fields whose resolver ran, IAM-only ones included.
    const traced = (traceOf(answer)?.fields ?? []).map((f) => `${f.typeName}.${f.fieldName}`);
    expect(traced, operation).toContain(label);
  });
});

function rank(label: string): number {
  if (label === 'Mutation.deleteUser') return 3;
  return label.startsWith('Mutation.') ? 2 : 1;
}
