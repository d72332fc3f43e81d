/**
 * resolvers/manifest.ts, which the CDK app builds the API from: it covers exactly the fields that
 * need a resolver (every Query, Mutation and Subscription field and User.orders), every file it
 * names exists and passes AppSync's save-time check as bundled, and no resolver or function file
 * is left out.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { functionFile, resolverFile, RESOLVERS } from '../../../resolvers/manifest.js';
import { loadCode, ROOT } from '../../helpers/resolvers.js';
import { APPSYNC_PRELUDE } from '../../helpers/appsync-prelude.js';

const schema = buildSchema(APPSYNC_PRELUDE + '\n' + readFileSync(path.join(ROOT, 'schema/schema.graphql'), 'utf8'));

/** Root fields, plus object fields whose value is not just a property of the parent's (User.orders). */
function fieldsNeedingResolvers(): string[] {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((t) => t !== null && t !== undefined);
  return [...roots.flatMap((root) => Object.keys(root.getFields()).map((name) => `${root.name}.${name}`)), 'User.orders'].sort();
}

const referencedFiles = () => [...new Set(RESOLVERS.flatMap((spec) => [resolverFile(spec), ...(spec.kind === 'PIPELINE' ? spec.functions.map(functionFile) : [])]))].sort();

describe('resolvers/manifest.ts', () => {
  it('has a resolver for exactly the fields that need one, each once', () => {
    const declared = RESOLVERS.map((spec) => `${spec.typeName}.${spec.fieldName}`);
    expect(new Set(declared).size).toBe(declared.length);
    expect([...declared].sort()).toEqual(fieldsNeedingResolvers());
  });

  it('has the three root types', () => {
    expect([schema.getQueryType()?.name, schema.getMutationType()?.name, schema.getSubscriptionType()?.name]).toEqual(['Query', 'Mutation', 'Subscription']);
  });

  it('names only types and fields the schema has', () => {
    const missing = RESOLVERS.filter((spec) => {
      const type = schema.getType(spec.typeName);
      return !isObjectType(type) || !type.getFields()[spec.fieldName];
    });
    expect(missing).toEqual([]);
  });

  it('has no other field with arguments left without a resolver (arguments need code to mean anything)', () => {
    const declared = new Set(RESOLVERS.map((spec) => `${spec.typeName}.${spec.fieldName}`));
    const withArguments = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .filter((type) => !type.name.startsWith('__'))
      .flatMap((type) =>
        Object.values(type.getFields())
          .filter((field) => field.args.length > 0)
          .map((field) => `${type.name}.${field.name}`),
      );
    expect(withArguments.filter((field) => !declared.has(field))).toEqual([]);
  });

  it('wires the data sources the spec asks for', () => {
    const roles = Object.fromEntries(RESOLVERS.map((spec) => [`${spec.typeName}.${spec.fieldName}`, spec.kind === 'UNIT' ? spec.dataSource : spec.functions.map((f) => f.dataSource).join(',')]));
    expect(roles['Mutation.addUser']).toBe('addUserFunction');
    expect(roles['Mutation.publishOrderEvent']).toBe('none');
    expect(roles['Subscription.onOrderEvent']).toBe('none');
    for (const field of ['Query.user', 'Query.order', 'Query.orders', 'Query.ordersByStatus', 'User.orders', 'Mutation.editAddress', 'Mutation.createOrder']) expect(roles[field], field).toBe('table');
    for (const field of ['Mutation.deleteUser', 'Mutation.updateOrderStatus'])
      expect(
        roles[field]!.split(',').every((r) => r === 'table'),
        field,
      ).toBe(true);
  });

  it('keeps pipelines within AppSync’s limit of 10 functions', () => {
    const sizes = RESOLVERS.flatMap((spec) => (spec.kind === 'PIPELINE' ? [spec.functions.length] : []));
    expect(sizes.length).toBeGreaterThan(0);
    expect(sizes.filter((n) => n > 10)).toEqual([]);
  });

  it('names files that exist', () => {
    for (const file of referencedFiles()) expect(existsSync(path.join(ROOT, file)), file).toBe(true);
  });

  it('references every resolvers/*.ts and resolvers/functions/*.ts file', () => {
    const onDisk = [
      ...readdirSync(path.join(ROOT, 'resolvers'))
        .filter((f) => f.endsWith('.ts') && f !== 'manifest.ts')
        .map((f) => `resolvers/${f}`),
      ...readdirSync(path.join(ROOT, 'resolvers/functions'))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => `resolvers/functions/${f}`),
    ].sort();
    expect(referencedFiles()).toEqual(onDisk);
  });

  it('every named file bundles, passes AppSync’s save-time check and exports request and response', async () => {
    for (const file of referencedFiles()) {
      const code = await loadCode(file);
      expect(code.has('request'), file).toBe(true);
      expect(code.has('response'), file).toBe(true);
    }
  });
});
