/**
 * The API contract frontends are written against: every type, field, argument and enum value
 * below must exist in schema/ with exactly this type. The schema may add fields and arguments.
 * Auth: user pools and IAM everywhere; ordersByStatus for the admin group and IAM;
 * publishOrderEvent IAM only; no API key anywhere.
 */
import { readFileSync } from 'node:fs';
import { buildSchema, isEnumType, isInputObjectType, isObjectType, type GraphQLNamedType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { APPSYNC_PRELUDE as AWS_PRELUDE } from '../../helpers/appsync-prelude.js';

const read = (file: string) => readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8');
const SCHEMA_SDL = read('schema/schema.graphql');

const CONTRACT = `
type User {
  username: ID!
  email: AWSEmail!
  name: String!
  address: Address
  createdAt: AWSDateTime!
  updatedAt: AWSDateTime
  orders(limit: Int, nextToken: String, status: OrderStatus): OrderConnection!
}
type Address { formatted: String!  line1: String!  line2: String  city: String!  region: String  postalCode: String  country: String! }
input AddressInput { line1: String!  line2: String  city: String!  region: String  postalCode: String  country: String! }
enum OrderStatus { PLACED SHIPPED DELIVERED CANCELLED }
type Order {
  orderId: ID!  username: ID!  status: OrderStatus!  amount: Float!  numberOfItems: Int!
  createdAt: AWSDateTime!  updatedAt: AWSDateTime  version: Int!
}
type OrderConnection { items: [Order!]!  nextToken: String }
enum OrderEventType { ORDER_PLACED ORDER_STATUS_CHANGED }
type OrderEvent {
  eventId: ID!  type: OrderEventType!  username: ID!  orderId: ID!  status: OrderStatus!
  previousStatus: OrderStatus  amount: Float!  numberOfItems: Int!  occurredAt: AWSDateTime!
}
input AddUserInput { username: ID!  email: AWSEmail!  name: String! }
input CreateOrderInput { username: ID!  amount: Float!  numberOfItems: Int! }
input UpdateOrderStatusInput { username: ID!  orderId: ID!  status: OrderStatus!  expectedVersion: Int }
input OrderEventInput { eventId: ID!  type: OrderEventType!  username: ID!  orderId: ID!  status: OrderStatus!  previousStatus: OrderStatus  amount: Float!  numberOfItems: Int!  occurredAt: AWSDateTime! }

type Query {
  user(username: ID!): User
  order(username: ID!, orderId: ID!): Order
  orders(username: ID!, status: OrderStatus, limit: Int, nextToken: String): OrderConnection!
  ordersByStatus(status: OrderStatus!, limit: Int, nextToken: String): OrderConnection!
}
type Mutation {
  addUser(input: AddUserInput!): User!
  editAddress(username: ID!, address: AddressInput!): User!
  deleteUser(username: ID!): User
  createOrder(input: CreateOrderInput!): Order!
  updateOrderStatus(input: UpdateOrderStatusInput!): Order!
  publishOrderEvent(event: OrderEventInput!): OrderEvent
}
type Subscription {
  onOrderEvent(username: ID, type: OrderEventType): OrderEvent
}
`;

const ours = buildSchema(`${AWS_PRELUDE}\n${SCHEMA_SDL}`);
const contract = buildSchema(`${AWS_PRELUDE}\n${CONTRACT}`);

function userTypes(schema: GraphQLSchema): GraphQLNamedType[] {
  return Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__') && !t.name.startsWith('AWS') && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(t.name));
}

/** A comparable description of a type: kind, and per field its arguments (those named in `only`, when given) and type. */
function describeType(type: GraphQLNamedType | undefined | null, like?: GraphQLNamedType): Record<string, unknown> | undefined {
  if (!type) return undefined;
  if (isEnumType(type)) return { kind: 'enum', values: type.getValues().map((v) => v.name) };
  if (isObjectType(type)) {
    const fields: Record<string, string> = {};
    const model = like && isObjectType(like) ? like.getFields() : undefined;
    for (const field of Object.values(type.getFields())) {
      if (model && !model[field.name]) continue;
      const wanted = model ? new Set(model[field.name]!.args.map((a) => a.name)) : undefined;
      const args = field.args.filter((a) => !wanted || wanted.has(a.name)).map((a) => `${a.name}: ${a.type.toString()}`);
      fields[field.name] = `(${args.sort().join(', ')}): ${field.type.toString()}`;
    }
    return { kind: 'object', fields };
  }
  if (isInputObjectType(type)) {
    const model = like && isInputObjectType(like) ? like.getFields() : undefined;
    const fields = Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => !model || model[f.name])
        .map((f) => [f.name, f.type.toString()]),
    );
    return { kind: 'input', fields };
  }
  return { kind: type.constructor.name };
}

const directiveNames = (node: { astNode?: { directives?: readonly { name: { value: string } }[] } | null }) =>
  (node.astNode?.directives ?? [])
    .map((d) => d.name.value)
    .filter((d) => d.startsWith('aws_') && d !== 'aws_subscribe')
    .sort();

describe('schema/ against the API contract', () => {
  it.each(userTypes(contract).map((t) => [t.name, t] as const))('has %s as the contract defines it', (name, expected) => {
    expect(describeType(ours.getType(name), expected)).toEqual(describeType(expected));
  });

  it('adds no required argument or input field the contract does not have', () => {
    const required: string[] = [];
    for (const type of userTypes(ours)) {
      const expected = contract.getType(type.name);
      if (isInputObjectType(type)) {
        const known = isInputObjectType(expected) ? expected.getFields() : {};
        for (const f of Object.values(type.getFields())) if (!known[f.name] && f.type.toString().endsWith('!')) required.push(`${type.name}.${f.name}`);
      }
      if (isObjectType(type) && isObjectType(expected)) {
        for (const f of Object.values(type.getFields())) {
          const known = new Set(expected.getFields()[f.name]?.args.map((a) => a.name) ?? []);
          for (const a of f.args) if (!known.has(a.name) && a.type.toString().endsWith('!')) required.push(`${type.name}.${f.name}(${a.name})`);
        }
      }
    }
    expect(required).toEqual([]);
  });

  it('lets signed-in users and IAM callers reach every type and field, except ordersByStatus (the admin group and IAM) and publishOrderEvent (IAM only)', () => {
    const objectTypes = userTypes(ours).filter(isObjectType);
    expect(Object.fromEntries(objectTypes.map((t) => [t.name, directiveNames(t)]))).toEqual(Object.fromEntries(objectTypes.map((t) => [t.name, ['aws_cognito_user_pools', 'aws_iam']])));
    const fields = objectTypes.flatMap((t) => Object.values(t.getFields()).map((f) => [`${t.name}.${f.name}`, directiveNames(f)] as const));
    const own: Record<string, string[]> = { 'Mutation.publishOrderEvent': ['aws_iam'], 'Query.ordersByStatus': ['aws_cognito_user_pools', 'aws_iam'] };
    expect(Object.fromEntries(fields)).toEqual(Object.fromEntries(fields.map(([name]) => [name, own[name] ?? []])));
    // @aws_cognito_user_pools without groups would open ordersByStatus to every signed-in user.
    const byStatus = ours
      .getQueryType()!
      .getFields()
      ['ordersByStatus']!.astNode!.directives!.find((d) => d.name.value === 'aws_cognito_user_pools')!;
    expect(byStatus.arguments).toMatchObject([{ name: { value: 'cognito_groups' }, value: { kind: 'ListValue', values: [{ kind: 'StringValue', value: 'admin' }] } }]);
  });

  it('has no API key door and no @aws_auth (which AppSync ignores on an API with several auth modes)', () => {
    expect(SCHEMA_SDL).not.toMatch(/@aws_api_key|@aws_auth\b/);
  });

  it('fires onOrderEvent from publishOrderEvent', () => {
    const field = ours.getSubscriptionType()!.getFields()['onOrderEvent']!;
    const subscribe = field.astNode!.directives!.find((d) => d.name.value === 'aws_subscribe')!;
    expect(subscribe.arguments![0]!.value).toMatchObject({ kind: 'ListValue', values: [{ kind: 'StringValue', value: 'publishOrderEvent' }] });
  });
});
