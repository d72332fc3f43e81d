/**
 * Turns an ES module into the body of a factory function that instantiates the module afresh
 * each time it is called: imports become lookups in the APPSYNC_JS built-in modules and exports
 * become the factory's return value.
 *
 * Why by hand: AppSync gives every evaluation fresh module state, so the module must be
 * re-instantiated per call. node:vm's SourceTextModule is experimental (behind a flag) and
 * costs far more than a function call to link each time; a factory compiled once costs
 * microseconds per instance. The rewrite keeps every line and column in place, so stack
 * positions and console locations still point at the code AppSync would see.
 */
import type { Node, Program } from 'acorn';

type AnyNode = Node & Record<string, unknown>;

/** Name of the factory's parameter holding the built-in modules by specifier; unlikely to clash with user code. */
export const MODULES_PARAMETER = '__appsyncModules$';

export interface ModuleFactorySource {
  /** Function body; the caller wraps it as `function (MODULES_PARAMETER) { ... }`. */
  body: string;
  /** Exported name to local binding. */
  exports: Map<string, string>;
}

export function toModuleFactory(source: string, ast: Program): ModuleFactorySource {
  const edits: { start: number; end: number; text: string }[] = [];
  const exports = new Map<string, string>();
  /** Replace a range with text, padded so every later line and column stays where it was. */
  const replace = (start: number, end: number, text: string): void => {
    const newlines = source.slice(start, end).split('\n').length - 1;
    const padding = newlines === 0 ? ' '.repeat(Math.max(0, end - start - text.length)) : '\n'.repeat(newlines);
    edits.push({ start, end, text: text + padding });
  };

  for (const statement of ast.body as AnyNode[]) {
    if (statement.type === 'ImportDeclaration') {
      const from = JSON.stringify(String((statement['source'] as AnyNode)['value']));
      const bindings: string[] = [];
      let namespace: string | undefined;
      for (const spec of statement['specifiers'] as AnyNode[]) {
        const local = String((spec['local'] as AnyNode)['name']);
        if (spec.type === 'ImportNamespaceSpecifier') namespace = local;
        else if (spec.type === 'ImportDefaultSpecifier') bindings.push(`default: ${local}`);
        else {
          const imported = spec['imported'] as AnyNode;
          const name = imported.type === 'Identifier' ? String(imported['name']) : String(imported['value']);
          bindings.push(name === local ? local : `${JSON.stringify(name)}: ${local}`);
        }
      }
      const parts: string[] = [];
      if (namespace) parts.push(`const ${namespace} = ${MODULES_PARAMETER}[${from}];`);
      if (bindings.length) parts.push(`const { ${bindings.join(', ')} } = ${MODULES_PARAMETER}[${from}];`);
      replace(statement.start, statement.end, parts.join(' '));
    } else if (statement.type === 'ExportNamedDeclaration') {
      const declaration = statement['declaration'] as AnyNode | null;
      if (declaration) {
        for (const name of declaredNames(declaration)) exports.set(name, name);
        // Drop the `export` keyword only; the declaration stays where it was.
        replace(statement.start, declaration.start, '');
      } else {
        for (const spec of statement['specifiers'] as AnyNode[]) {
          const local = spec['local'] as AnyNode;
          const exported = spec['exported'] as AnyNode;
          exports.set(
            exported.type === 'Identifier' ? String(exported['name']) : String(exported['value']),
            String(local['name']),
          );
        }
        replace(statement.start, statement.end, '');
      }
    }
  }

  edits.sort((a, b) => a.start - b.start);
  let body = '';
  let cursor = 0;
  for (const edit of edits) {
    body += source.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  body += source.slice(cursor);
  const returned = [...exports].map(([name, local]) => `${JSON.stringify(name)}: ${local}`).join(', ');
  // On the last line, so no line of the module moves.
  body += `\n;return { ${returned} };`;
  return { body, exports };
}

function declaredNames(declaration: AnyNode): string[] {
  if (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') {
    return [String((declaration['id'] as AnyNode)['name'])];
  }
  if (declaration.type === 'VariableDeclaration') {
    return (declaration['declarations'] as AnyNode[]).flatMap((d) => patternNames(d['id'] as AnyNode));
  }
  return [];
}

function patternNames(pattern: AnyNode): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [String(pattern['name'])];
    case 'ObjectPattern':
      return (pattern['properties'] as AnyNode[]).flatMap((p) => patternNames((p.type === 'RestElement' ? p['argument'] : p['value']) as AnyNode));
    case 'ArrayPattern':
      return (pattern['elements'] as (AnyNode | null)[]).flatMap((e) => (e ? patternNames(e) : []));
    case 'RestElement':
      return patternNames(pattern['argument'] as AnyNode);
    case 'AssignmentPattern':
      return patternNames(pattern['left'] as AnyNode);
    default:
      return [];
  }
}
