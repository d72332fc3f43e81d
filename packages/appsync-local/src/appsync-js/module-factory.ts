/**
 * Turns an ES module into the source of a factory function that instantiates the module afresh
 * each time it is called: imports become lookups in the APPSYNC_JS built-in modules (hoisted, as
 * imports are), exports become the factory's return value, and every function body and loop body
 * reports a step, so a handler that runs too long can be stopped at its next step.
 *
 * Why by hand: AppSync gives every evaluation fresh module state, so the module must be
 * re-instantiated per call. node:vm's SourceTextModule is experimental (behind a flag) and costs
 * far more than a function call to link each time; a factory compiled once costs microseconds per
 * instance. node:vm's own `timeout` costs ~150 µs per call (a watchdog thread each time), so steps
 * are counted in the code instead. The edits are made with magic-string, whose source map takes
 * stack positions back to the code AppSync would see.
 */
import MagicString from 'magic-string';
import type { AnyNode, Program } from 'acorn';
import { ancestor } from 'acorn-walk';

/** Name of the factory's parameter holding the built-in modules by specifier; unlikely to clash with user code. */
export const MODULES_PARAMETER = '__appsyncModules$';
/** Name of the factory's parameter called at every function entry and loop iteration. */
export const STEP_PARAMETER = '__appsyncStep$';

export interface ModuleFactorySource {
  /** `(function (modules, step) { ... return { request, response }; })`, ready to compile. */
  code: string;
  /** Maps positions in `code` back to the module's source (a source map, version 3). */
  map: string;
  /** Exported name to local binding. */
  exports: Map<string, string>;
}

export function toModuleFactory(source: string, ast: Program): ModuleFactorySource {
  const s = new MagicString(source);
  const exports = new Map<string, string>();
  const imports: string[] = [];
  const step = `${STEP_PARAMETER}();`;

  for (const statement of ast.body as AnyNode[]) {
    if (statement.type === 'ImportDeclaration') {
      const from = JSON.stringify(String(statement.source.value));
      const bindings: string[] = [];
      for (const spec of statement.specifiers) {
        const local = spec.local.name;
        if (spec.type === 'ImportNamespaceSpecifier') imports.push(`const ${local} = ${MODULES_PARAMETER}[${from}];`);
        else if (spec.type === 'ImportDefaultSpecifier') bindings.push(`default: ${local}`);
        else {
          const name = spec.imported.type === 'Identifier' ? spec.imported.name : String(spec.imported.value);
          bindings.push(name === local ? local : `${JSON.stringify(name)}: ${local}`);
        }
      }
      if (bindings.length) imports.push(`const { ${bindings.join(', ')} } = ${MODULES_PARAMETER}[${from}];`);
      s.remove(statement.start, statement.end);
    } else if (statement.type === 'ExportNamedDeclaration') {
      if (statement.declaration) {
        for (const name of declaredNames(statement.declaration as AnyNode)) exports.set(name, name);
        // Drop the `export` keyword only; the declaration stays where it was.
        s.remove(statement.start, statement.declaration.start);
      } else {
        for (const spec of statement.specifiers) {
          const exported = spec.exported.type === 'Identifier' ? spec.exported.name : String(spec.exported.value);
          const local = spec.local.type === 'Identifier' ? spec.local.name : String(spec.local.value);
          exports.set(exported, local);
        }
        s.remove(statement.start, statement.end);
      }
    }
  }

  const stepInto = (body: AnyNode): void => {
    if (body.type === 'BlockStatement') s.appendLeft(body.start + 1, step);
    else {
      s.prependRight(body.start, `{${step}`);
      s.appendLeft(body.end, '}');
    }
  };
  ancestor(ast, {
    Function(node) {
      const fn = node as AnyNode & { body: AnyNode; expression?: boolean };
      if (fn.body.type === 'BlockStatement') s.appendLeft(fn.body.start + 1, step);
      else {
        s.prependRight(fn.body.start, `(${STEP_PARAMETER}(), `);
        s.appendLeft(fn.body.end, ')');
      }
    },
    ForOfStatement: (node) => stepInto(node.body as AnyNode),
    ForInStatement: (node) => stepInto(node.body as AnyNode),
  });

  const returned = [...exports].map(([name, local]) => `${JSON.stringify(name)}: ${local}`).join(', ');
  s.prepend(`(function (${MODULES_PARAMETER}, ${STEP_PARAMETER}) {"use strict";\n${imports.join('\n')}\n`);
  s.append(`\n;return { ${returned} };\n})`);
  return { code: s.toString(), map: s.generateMap({ hires: true, source: 'code.js', includeContent: false }).toString(), exports };
}

function declaredNames(declaration: AnyNode): string[] {
  if (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') return declaration.id ? [declaration.id.name] : [];
  if (declaration.type === 'VariableDeclaration') return declaration.declarations.flatMap((d) => patternNames(d.id as AnyNode));
  return [];
}

function patternNames(pattern: AnyNode): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ObjectPattern':
      return pattern.properties.flatMap((p) => patternNames((p.type === 'RestElement' ? p.argument : p.value) as AnyNode));
    case 'ArrayPattern':
      return pattern.elements.flatMap((e) => (e ? patternNames(e as AnyNode) : []));
    case 'RestElement':
      return patternNames(pattern.argument as AnyNode);
    case 'AssignmentPattern':
      return patternNames(pattern.left as AnyNode);
    default:
      return [];
  }
}
