/**
 * Which field is resolved by which code and data source. The CDK app builds the API from this
 * list (infra/constructs/api-resolvers.ts); code lives in `resolvers/<Type>.<field>.ts` and
 * pipeline functions in `resolvers/functions/<name>.ts`. Tests check that it covers every field
 * that needs a resolver and every file in resolvers/.
 */

/** The API's data sources, by their role; infra names and wires the real ones. */
export type DataSourceRole = 'table' | 'addUserFunction' | 'none';

export interface PipelineFunctionSpec {
  /** File name under resolvers/functions/ (without .ts), named for what it does. */
  name: string;
  dataSource: DataSourceRole;
}

export type ResolverSpec =
  { typeName: string; fieldName: string; kind: 'UNIT'; dataSource: DataSourceRole } | { typeName: string; fieldName: string; kind: 'PIPELINE'; functions: PipelineFunctionSpec[] };

export const RESOLVERS: ResolverSpec[] = [
  { typeName: 'Query', fieldName: 'user', kind: 'UNIT', dataSource: 'table' },
  { typeName: 'Query', fieldName: 'order', kind: 'UNIT', dataSource: 'table' },
  { typeName: 'Query', fieldName: 'orders', kind: 'UNIT', dataSource: 'table' },
  { typeName: 'Query', fieldName: 'ordersByStatus', kind: 'UNIT', dataSource: 'table' },
  { typeName: 'User', fieldName: 'orders', kind: 'UNIT', dataSource: 'table' },
  { typeName: 'Mutation', fieldName: 'addUser', kind: 'UNIT', dataSource: 'addUserFunction' },
  { typeName: 'Mutation', fieldName: 'editAddress', kind: 'UNIT', dataSource: 'table' },
  {
    typeName: 'Mutation',
    fieldName: 'deleteUser',
    kind: 'PIPELINE',
    functions: [
      { name: 'markUserDeleting', dataSource: 'table' },
      { name: 'findUserOrders', dataSource: 'table' },
      { name: 'deleteUserOrRelease', dataSource: 'table' },
    ],
  },
  { typeName: 'Mutation', fieldName: 'createOrder', kind: 'UNIT', dataSource: 'table' },
  {
    typeName: 'Mutation',
    fieldName: 'updateOrderStatus',
    kind: 'PIPELINE',
    functions: [
      { name: 'getOrderForUpdate', dataSource: 'table' },
      { name: 'applyOrderStatus', dataSource: 'table' },
    ],
  },
  { typeName: 'Mutation', fieldName: 'publishOrderEvent', kind: 'UNIT', dataSource: 'none' },
  { typeName: 'Subscription', fieldName: 'onOrderEvent', kind: 'UNIT', dataSource: 'none' },
];

export function resolverFile(spec: ResolverSpec): string {
  return `resolvers/${spec.typeName}.${spec.fieldName}.ts`;
}

export function functionFile(fn: PipelineFunctionSpec): string {
  return `resolvers/functions/${fn.name}.ts`;
}
