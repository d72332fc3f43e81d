/**
 * Which subscription fields a mutation fires: `@aws_subscribe(mutations: [...])` on the schema's
 * Subscription fields, read once per schema.
 */
import { Kind, type GraphQLSchema } from 'graphql';

const cache = new WeakMap<GraphQLSchema, Map<string, string[]>>();

/** Mutation field name → the subscription fields that list it. */
export function subscriptionTriggers(schema: GraphQLSchema): Map<string, string[]> {
  const cached = cache.get(schema);
  if (cached) return cached;
  const triggers = new Map<string, string[]>();
  for (const field of Object.values(schema.getSubscriptionType()?.getFields() ?? {})) {
    const directive = field.astNode?.directives?.find((d) => d.name.value === 'aws_subscribe');
    const mutations = directive?.arguments?.find((a) => a.name.value === 'mutations')?.value;
    if (mutations?.kind !== Kind.LIST) continue;
    for (const item of mutations.values) {
      if (item.kind !== Kind.STRING) continue;
      triggers.set(item.value, [...(triggers.get(item.value) ?? []), field.name]);
    }
  }
  cache.set(schema, triggers);
  return triggers;
}
