/**
 * The APPSYNC_JS save-time check: rejects what AppSync rejects when a resolver or function
 * is saved (https://docs.aws.amazon.com/appsync/latest/devguide/supported-features.html),
 * with the messages of AWS's own linter, @aws-appsync/eslint-plugin, which AppSync reports
 * as `code.js(line,col): error @aws-appsync/<rule>: <message>`.
 *
 * Written by hand because no library checks this dialect cheaply: the eslint plugin needs
 * ESLint plus a TypeScript program, far too heavy to run on every load of a bundle at run
 * time. The plugin still runs as lint on `resolvers/`; this check mirrors it on the bundled
 * output that AppSync receives, and adds what the docs forbid but the plugin misses
 * (throw, new, class expressions, imports AppSync cannot resolve). Names are resolved through
 * scopes (eslint-scope, ESLint's own analyzer), so a local that shares a function's name is not
 * taken for that function.
 */
import { parse, type AnyNode, type Function as FunctionNode, type Node, type Program } from 'acorn';
import { ancestor, base, fullAncestor } from 'acorn-walk';
import { analyze, type Variable } from 'eslint-scope';
import { KEYS } from 'eslint-visitor-keys';
import type * as ESTree from 'estree';
import type { CodeError } from './code-error.js';

/** Modules AppSync resolves for APPSYNC_JS code; everything else must be bundled in. */
export const APPSYNC_MODULES = ['@aws-appsync/utils', '@aws-appsync/utils/dynamodb'] as const;
/** Modules AppSync has but this runtime does not implement: a clear error beats a silent gap. */
const UNIMPLEMENTED_MODULES: Record<string, string> = {
  '@aws-appsync/utils/rds': 'the RDS helpers are not implemented by the local runtime',
  '@aws-appsync/utils/ai': 'the Bedrock helpers are not implemented by the local runtime',
};

/** AppSync's limit on resolver and function code (API reference, `code` length constraint). */
export const MAX_CODE_LENGTH = 32_768;

/** Array methods that may take a callback (no-function-passing's allow list). */
const CALLBACK_METHODS = new Set(['map', 'find', 'filter', 'findIndex', 'findLast', 'findLastIndex', 'forEach', 'reduce', 'reduceRight', 'every', 'some', 'flatMap']);

/** Context properties a handler may read but not replace (no-disallowed-re-assignment). */
const CONTEXT_PROPERTIES = new Set(['arguments', 'args', 'identity', 'source', 'error', 'stash', 'result', 'prev', 'request', 'info', 'env']);

type FunctionLike = Extract<AnyNode, { type: 'FunctionDeclaration' | 'FunctionExpression' | 'ArrowFunctionExpression' }>;
const isFunctionNode = (n: AnyNode | null | undefined): n is FunctionLike => n?.type === 'FunctionDeclaration' || n?.type === 'FunctionExpression' || n?.type === 'ArrowFunctionExpression';

export interface CheckedProgram {
  /** Undefined when the source does not parse. */
  ast?: Program;
  errors: CodeError[];
}

/** What the checks need to know about names: parents of nodes and what each identifier refers to. */
class ModuleFacts {
  readonly parents = new Map<Node, AnyNode>();
  private readonly resolved = new Map<Node, Variable>();

  constructor(ast: Program) {
    fullAncestor(ast, (node, _state, ancestors) => {
      const parent = ancestors[ancestors.length - 2];
      if (parent) this.parents.set(node, parent as AnyNode);
    });
    const scopes = analyze(ast as unknown as ESTree.Program, { ecmaVersion: 2022, sourceType: 'module', childVisitorKeys: KEYS });
    for (const scope of scopes.scopes) {
      for (const reference of scope.references) {
        if (reference.resolved) this.resolved.set(reference.identifier as unknown as Node, reference.resolved);
      }
    }
  }

  variableOf(identifier: Node): Variable | undefined {
    return this.resolved.get(identifier);
  }

  /** The function a value refers to: a function expression, or an identifier bound to a function declaration or `const f = () => ...`. */
  functionOf(node: AnyNode | null | undefined): FunctionLike | undefined {
    if (isFunctionNode(node)) return node;
    if (node?.type !== 'Identifier') return undefined;
    const def = this.variableOf(node)?.defs[0];
    if (def?.type === 'FunctionName') return def.node as unknown as FunctionLike;
    if (def?.type === 'Variable' && isFunctionNode(def.node.init as unknown as AnyNode)) return def.node.init as unknown as FunctionLike;
    return undefined;
  }

  /** `obj.method` where obj is a `const` bound to an object literal with that method. */
  methodOf(callee: AnyNode): FunctionLike | undefined {
    if (callee.type !== 'MemberExpression' || callee.computed || callee.object.type !== 'Identifier' || callee.property.type !== 'Identifier') return undefined;
    const def = this.variableOf(callee.object)?.defs[0];
    const init = def?.type === 'Variable' ? (def.node.init as unknown as AnyNode | null) : undefined;
    if (init?.type !== 'ObjectExpression') return undefined;
    const name = callee.property.name;
    for (const p of init.properties) {
      if (p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && p.key.name === name) return this.functionOf(p.value as AnyNode);
    }
    return undefined;
  }

  enclosingFunction(node: Node): FunctionLike | undefined {
    for (let n = this.parents.get(node); n; n = this.parents.get(n)) if (isFunctionNode(n)) return n;
    return undefined;
  }

  functionName(fn: FunctionLike): string {
    if (fn.id) return fn.id.name;
    const parent = this.parents.get(fn);
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
    if ((parent?.type === 'Property' || parent?.type === 'MethodDefinition') && parent.key.type === 'Identifier') return parent.key.name;
    return '<anonymous>';
  }

  /** Whether `identifier` is the first parameter (ctx) of a handler named request or response. */
  isHandlerContext(identifier: Node): boolean {
    const def = this.variableOf(identifier)?.defs[0];
    if (def?.type !== 'Parameter') return false;
    const fn = def.node as unknown as FunctionLike;
    const name = this.functionName(fn);
    return (name === 'request' || name === 'response') && (fn.params[0] as Node | undefined) === (def.name as unknown as Node);
  }
}

/** Parses ES module source and returns the AST plus every APPSYNC_JS violation, in source order. */
export function checkAppSyncJs(source: string): CheckedProgram {
  if (source.length > MAX_CODE_LENGTH) {
    return {
      errors: [
        {
          errorType: 'CODE_TOO_LARGE',
          value: `Code is ${source.length} characters; AppSync accepts at most ${MAX_CODE_LENGTH}.`,
          location: { line: 0, column: 0, span: -1 },
        },
      ],
    };
  }
  let ast: Program;
  try {
    // `ranges` for eslint-scope, which reads node.range.
    ast = parse(source, { ecmaVersion: 'latest', sourceType: 'module', locations: true, ranges: true });
  } catch (err) {
    const e = err as SyntaxError & { loc?: { line: number; column: number } };
    return {
      errors: [
        {
          errorType: 'PARSER_ERROR',
          value: `Parsing error: ${e.message.replace(/\s*\(\d+:\d+\)$/, '')}`,
          location: { line: e.loc?.line ?? 0, column: (e.loc?.column ?? -1) + 1, span: -1 },
        },
      ],
    };
  }

  const facts = new ModuleFacts(ast);
  const errors: CodeError[] = [];
  const report = (node: Node, rule: string, value: string): void => {
    errors.push({
      errorType: 'LINT_ERROR',
      rule,
      value,
      location: { line: node.loc?.start.line ?? 0, column: (node.loc?.start.column ?? -1) + 1, span: node.end - node.start },
    });
  };
  const isFunctionValue = (n: AnyNode | null | undefined): boolean => facts.functionOf(n) !== undefined;

  const functionFlags = (node: FunctionLike): void => {
    if (node.async) report(node, '@aws-appsync/no-async', 'Async functions are not supported.');
    if (node.generator) report(node, '@aws-appsync/no-generators', 'Generator functions are not supported.');
    if (node.type === 'ArrowFunctionExpression' && node.expression && isFunctionValue(node.body as AnyNode)) {
      report(node, '@aws-appsync/no-function-return', 'returning a function is not allowed');
    }
  };

  /** `ctx = ...`, `ctx.stash = ...`, `delete ctx.args`, `for (ctx.stash of ...)` for a handler's ctx (no-disallowed-re-assignment). */
  const checkContextWrite = (target: AnyNode, at: Node): void => {
    if (target.type === 'Identifier' && facts.isHandlerContext(target)) {
      report(at, '@aws-appsync/no-disallowed-re-assignment', `${target.name} is readonly and re-assignment is not supported.`);
    } else if (target.type === 'MemberExpression' && target.object.type === 'Identifier' && facts.isHandlerContext(target.object)) {
      const prop = !target.computed && target.property.type === 'Identifier' ? target.property.name : undefined;
      if (prop && CONTEXT_PROPERTIES.has(prop)) {
        report(at, '@aws-appsync/no-disallowed-re-assignment', `${target.object.name} is readonly. Adding/Updating ${prop} is not supported.`);
      }
    }
  };

  ancestor(
    ast,
    {
      TryStatement: (n) => report(n, '@aws-appsync/no-try', 'Try statements are not supported.'),
      ThrowStatement: (n) => report(n, 'appsync-js/no-throw', 'Throw statements are not supported. Use util.error() to end with an error.'),
      WhileStatement: (n) => report(n, '@aws-appsync/no-while', 'While statements are not supported.'),
      DoWhileStatement: (n) => report(n, '@aws-appsync/no-while', 'do...while statements are not supported.'),
      ForStatement: (n) => report(n, '@aws-appsync/no-for', 'For statements are not supported.'),
      ForOfStatement: (n) => {
        if (n.await) report(n, '@aws-appsync/no-await', 'The `await` keyword is not supported');
        checkContextWrite(n.left as AnyNode, n);
      },
      ForInStatement: (n) => checkContextWrite(n.left as AnyNode, n),
      ContinueStatement: (n) => report(n, '@aws-appsync/no-continue', 'Continue statements are not supported'),
      LabeledStatement: (n) => report(n, '@aws-appsync/no-labels', 'Labeled statements are not supported.'),
      DebuggerStatement: (n) => report(n, 'appsync-js/no-debugger', 'Debugger statements are not supported.'),
      ClassDeclaration: (n) => report(n, '@aws-appsync/no-classes', 'Class declarations are not supported.'),
      ClassExpression: (n) => report(n, '@aws-appsync/no-classes', 'Class declarations are not supported.'),
      ThisExpression: (n) => report(n, '@aws-appsync/no-this', 'This expressions are not supported.'),
      YieldExpression: (n) => report(n, '@aws-appsync/no-yield', 'Yield statements are not supported'),
      AwaitExpression: (n) => report(n, '@aws-appsync/no-await', 'The `await` keyword is not supported'),
      ImportExpression: (n) => report(n, 'appsync-js/no-dynamic-import', 'Dynamic import() is not supported.'),
      MetaProperty: (n) => report(n, 'appsync-js/no-meta-property', `${source.slice(n.start, n.end)} is not supported.`),
      NewExpression: (n) => {
        const name = n.callee.type === 'Identifier' ? n.callee.name : undefined;
        if (name === 'Promise') report(n, '@aws-appsync/no-promise', 'Promise is not supported');
        else if (name === 'Date') report(n, 'appsync-js/no-new', 'new Date() is not supported. Use util.time for dates and times.');
        else report(n, 'appsync-js/no-new', `The new operator is not supported${name ? ` (new ${name})` : ''}: APPSYNC_JS has no constructors.`);
      },
      FunctionDeclaration: (n) => functionFlags(n),
      FunctionExpression: (n) => functionFlags(n),
      ArrowFunctionExpression: (n) => functionFlags(n),
      ReturnStatement: (n) => {
        if (isFunctionValue(n.argument)) report(n, '@aws-appsync/no-function-return', 'returning a function is not allowed');
      },
      VariableDeclarator: (n) => {
        if (n.init?.type === 'Identifier' && isFunctionValue(n.init)) report(n, '@aws-appsync/no-function-reassign', 're-assigning function is not allowed');
      },
      AssignmentExpression: (n) => {
        if (n.right.type === 'Identifier' && isFunctionValue(n.right)) report(n, '@aws-appsync/no-function-reassign', 're-assigning function is not allowed');
        checkContextWrite(n.left as AnyNode, n);
      },
      UnaryExpression: (n) => {
        if (n.operator === '~') report(n, '@aws-appsync/no-disallowed-unary-operators', 'The operator ~ is not supported');
        if (n.operator === 'delete') checkContextWrite(n.argument, n);
      },
      UpdateExpression: (n) => report(n, '@aws-appsync/no-disallowed-unary-operators', `The operator ${n.operator} is not supported`),
      BinaryExpression: (n) => {
        if (n.operator === 'in') report(n, '@aws-appsync/no-in-operator', 'in operator is not supported. Use Object.hasOwn().');
        if (n.operator === 'instanceof') report(n, '@aws-appsync/no-disallowed-binary-operators', 'The operator instanceof is not supported');
      },
      Literal: (n) => {
        if (n.regex) report(n, '@aws-appsync/no-regex', 'Regex literals are not supported.');
        if (typeof n.bigint === 'string') report(n, 'appsync-js/no-bigint', 'BigInt literals are not supported.');
      },
      CallExpression: (n) => {
        const callee = n.callee;
        const method = callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' ? callee.property.name : undefined;
        const passesFunction = n.arguments.some((a) => isFunctionValue(a as AnyNode));
        if (method === 'sort' && n.arguments.length > 0) {
          report(n, '@aws-appsync/no-function-passing', 'Functions can not be passed as an argument');
        } else if (passesFunction && !(method && CALLBACK_METHODS.has(method))) {
          report(n, '@aws-appsync/no-function-passing', 'Functions can not be passed as an argument');
        }
        if (method === 'call' || method === 'apply' || method === 'bind') {
          report(n, 'appsync-js/no-function-methods', `Function.prototype.${method} is not supported.`);
        }
      },
      ImportDeclaration: (n) => {
        const from = String(n.source.value);
        if ((APPSYNC_MODULES as readonly string[]).includes(from)) return;
        const why = UNIMPLEMENTED_MODULES[from];
        report(
          n,
          'appsync-js/no-unresolved-import',
          why
            ? `Import of '${from}': ${why}.`
            : `Cannot import '${from}': APPSYNC_JS resolves only @aws-appsync/utils, @aws-appsync/utils/dynamodb and @aws-appsync/utils/rds; bundle other code into the file.`,
        );
      },
      ExportAllDeclaration: (n) => report(n, 'appsync-js/no-reexport', 'Re-exporting another module is not supported; export request and response functions.'),
      ExportDefaultDeclaration: (n) => report(n, 'appsync-js/no-default-export', 'export default is not supported; export named request and response functions.'),
      ExportNamedDeclaration: (n) => {
        if (n.source) report(n, 'appsync-js/no-reexport', 'Re-exporting another module is not supported; export request and response functions.');
        for (const spec of n.specifiers) {
          const exported = spec.exported.type === 'Identifier' ? spec.exported.name : String(spec.exported.value);
          if (exported === 'default') report(spec, 'appsync-js/no-default-export', 'export default is not supported; export named request and response functions.');
        }
      },
    },
    base,
  );

  errors.push(...findRecursion(ast, facts));
  errors.sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column);
  return { ast, errors };
}

/**
 * APPSYNC_JS forbids recursion. AWS's rule (no-recursion) builds a call graph with TypeScript's
 * checker; here the graph joins function nodes through resolved names (and methods of object
 * literals bound to a const), and every call that closes a cycle is reported with its path, as
 * the plugin prints it.
 */
function findRecursion(ast: Program, facts: ModuleFacts): CodeError[] {
  const calls = new Map<FunctionNode, { callee: FunctionLike; node: Node }[]>();
  ancestor(ast, {
    CallExpression: (n) => {
      const callee = facts.functionOf(n.callee as AnyNode) ?? facts.methodOf(n.callee as AnyNode);
      const caller = facts.enclosingFunction(n);
      if (!callee || !caller) return;
      const list = calls.get(caller) ?? [];
      list.push({ callee, node: n });
      calls.set(caller, list);
    },
  });

  const pathBack = (from: FunctionLike, target: FunctionLike, seen: Set<FunctionLike>): FunctionLike[] | undefined => {
    if (from === target) return [from];
    if (seen.has(from)) return undefined;
    seen.add(from);
    for (const c of calls.get(from) ?? []) {
      const rest = pathBack(c.callee, target, seen);
      if (rest) return [from, ...rest];
    }
    return undefined;
  };

  const errors: CodeError[] = [];
  for (const [caller, list] of calls) {
    for (const { callee, node } of list) {
      const cycle = pathBack(callee, caller as FunctionLike, new Set());
      if (!cycle) continue;
      errors.push({
        errorType: 'LINT_ERROR',
        rule: '@aws-appsync/no-recursion',
        value: `Recursive function calls not supported. Detected cycle in ${[caller as FunctionLike, ...cycle].map((f) => facts.functionName(f)).join(' <-')}`,
        location: { line: node.loc?.start.line ?? 0, column: (node.loc?.start.column ?? -1) + 1, span: node.end - node.start },
      });
    }
  }
  return errors;
}
