/**
 * The API contract frontends are written against: every type, field, argument and enum value
 * below must exist in schema/ with exactly this type. The schema may add fields and arguments.
 * Auth: API key and IAM everywhere, publishOrderEvent IAM only.
 */
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';

const read = (file: string) => readFileSync(new URL(`../../schema/${file}`, import.meta.url), 'utf8');
const AWS_PRELUDE = read('aws.graphql');
const SCHEMA_SDL = read('schema.graphql');

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
type Address { line1: String!  line2: String  city: String!  region: String  postalCode: String  country: String! }
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

const fieldSignature = (f: GraphQLField<unknown, unknown> | GraphQLInputField): string => {
  const args = 'args' in f ? f.args.map((a) => `${a.name}: ${a.type.toString()}`).join(', ') : '';
  return `${f.name}(${args}): ${f.type.toString()}`;
};

describe('schema/ against the API contract', () => {
  it.each(userTypes(contract).map((t) => [t.name, t] as const))('has %s as the contract defines it', (name, expected) => {
    const actual = ours.getType(name);
    expect(actual, `${name} is missing`).toBeDefined();
    expect(actual!.constructor.name).toBe(expected.constructor.name);
    if (isObjectType(expected) || isInputObjectType(expected)) {
      const actualFields = (actual as typeof expected).getFields();
      for (const field of Object.values(expected.getFields())) {
        const mine = actualFields[field.name];
        expect(mine, `${name}.${field.name} is missing`).toBeDefined();
        if (isObjectType(expected)) {
          // Extra arguments are allowed, the contract's must be there with the same types.
          const mineArgs = new Map((mine as GraphQLField<unknown, unknown>).args.map((a) => [a.name, a.type.toString()]));
          for (const arg of (field as GraphQLField<unknown, unknown>).args) expect(mineArgs.get(arg.name), `${name}.${field.name}(${arg.name})`).toBe(arg.type.toString());
          expect(mine!.type.toString(), `${name}.${field.name}`).toBe(field.type.toString());
        } else {
          expect(fieldSignature(mine!)).toBe(fieldSignature(field));
        }
      }
    }
    if (isEnumType(expected)) {
      expect(isEnumType(actual) && actual.getValues().map((v) => v.name)).toEqual(expected.getValues().map((v) => v.name));
    }
  });

  it('adds no required argument or input field the contract does not have', () => {
    for (const type of userTypes(ours)) {
      const expected = contract.getType(type.name);
      if (isInputObjectType(type)) {
        const known = isInputObjectType(expected) ? expected.getFields() : {};
        for (const f of Object.values(type.getFields())) if (!known[f.name]) expect(f.type.toString().endsWith('!'), `${type.name}.${f.name}`).toBe(false);
      }
      if (isObjectType(type) && isObjectType(expected)) {
        for (const f of Object.values(type.getFields())) {
          const known = new Set(expected.getFields()[f.name]?.args.map((a) => a.name) ?? []);
          for (const a of f.args) if (!known.has(a.name)) expect(a.type.toString().endsWith('!'), `${type.name}.${f.name}(${a.name})`).toBe(false);
        }
      }
    }
  });

  it('lets API-key and IAM callers use every type and field, except publishOrderEvent, which is IAM only', () => {
    const directives = (node: { astNode?: { directives?: readonly { name: { value: string } }[] } | null }) => (node.astNode?.directives ?? []).map((d) => d.name.value);
    for (const type of userTypes(ours).filter(isObjectType)) {
      expect(directives(type).sort(), type.name).toEqual(['aws_api_key', 'aws_iam']);
      for (const field of Object.values(type.getFields())) {
        const own = directives(field).filter((d) => d.startsWith('aws_') && d !== 'aws_subscribe');
        if (type.name === 'Mutation' && field.name === 'publishOrderEvent') expect(own).toEqual(['aws_iam']);
        else expect(own, `${type.name}.${field.name}`).toEqual([]);
      }
    }
  });

  it('fires onOrderEvent from publishOrderEvent', () => {
    const field = ours.getSubscriptionType()!.getFields()['onOrderEvent']!;
    const subscribe = field.astNode!.directives!.find((d) => d.name.value === 'aws_subscribe')!;
    expect(subscribe.arguments![0]!.value).toMatchObject({ kind: 'ListValue', values: [{ kind: 'StringValue', value: 'publishOrderEvent' }] });
  });
});
