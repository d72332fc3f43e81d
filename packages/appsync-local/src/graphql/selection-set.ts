/**
 * `ctx.info.selectionSetList` and `ctx.info.selectionSetGraphQL` as AppSync fills them
 * (https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference-js.html#aws-appsync-resolver-context-reference-info-js):
 *
 * - the list names every selected field below the current one, nested paths joined with `/`,
 *   aliased fields by their alias, fragments (inline and named) flattened; on an interface or
 *   union only the fields selected on the abstract type itself appear;
 * - the GraphQL text is the field's selection set as written, named fragment spreads included.
 *
 * A field selected more than once (`{ a { x } a { y } }`) is one field whose selection sets
 * merge, as in GraphQL execution: both count.
 *
 * Both are computed once per field of a query text: a list of 100 orders resolves the same field
 * nodes 100 times, and the next request with the same text (its document is cached) resolves the
 * same nodes again, in a new array graphql-js makes per execution.
 */
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  Kind,
  print,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';

export interface SelectionSetInfo {
  selectionSetList: string[];
  selectionSetGraphQL: string;
}

/**
 * Keyed by the field's first node, then by the whole node list (the same first node can come with
 * different siblings, from fragments on other types); nodes belong to a cached document, so the
 * entries live as long as it does.
 */
const cache = new WeakMap<FieldNode, { nodes: readonly FieldNode[]; info: SelectionSetInfo }[]>();

const sameNodes = (a: readonly FieldNode[], b: readonly FieldNode[]) => a.length === b.length && a.every((node, i) => node === b[i]);

export function selectionSetInfo(info: GraphQLResolveInfo): SelectionSetInfo {
  const first = info.fieldNodes[0]!;
  const entries = cache.get(first) ?? [];
  const cached = entries.find((entry) => sameNodes(entry.nodes, info.fieldNodes));
  if (cached) return cached.info;
  const selections = info.fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []);
  const set: SelectionSetNode | undefined = selections.length > 0 ? { kind: Kind.SELECTION_SET, selections } : undefined;
  const type = getNamedType(info.returnType);
  const result: SelectionSetInfo = {
    selectionSetList: set && isCompositeType(type) ? listFields(set, type, '', info.fragments) : [],
    selectionSetGraphQL: set ? print(set) : '',
  };
  entries.push({ nodes: [...info.fieldNodes], info: result });
  cache.set(first, entries);
  return result;
}

function listFields(set: SelectionSetNode, type: GraphQLCompositeType, prefix: string, fragments: Record<string, FragmentDefinitionNode>): string[] {
  const out: string[] = [];
  const onlyOwnFields = isAbstractType(type);
  const visit = (selections: SelectionSetNode, condition: string | undefined) => {
    // On an interface or union, fields selected for one of its concrete types are left out.
    if (onlyOwnFields && condition !== undefined && condition !== type.name) return;
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.alias?.value ?? selection.name.value;
        if (name.startsWith('__')) continue;
        const path = prefix + name;
        out.push(path);
        const child = selection.selectionSet && fieldType(type, selection.name.value);
        if (selection.selectionSet && child && isCompositeType(child)) out.push(...listFields(selection.selectionSet, child, `${path}/`, fragments));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, selection.typeCondition?.name.value);
      } else {
        const fragment = fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet, fragment.typeCondition.name.value);
      }
    }
  };
  visit(set, undefined);
  return [...new Set(out)];
}

function fieldType(type: GraphQLCompositeType, fieldName: string): GraphQLNamedType | undefined {
  if (!('getFields' in type)) return undefined;
  const field = type.getFields()[fieldName];
  return field ? getNamedType(field.type) : undefined;
}
