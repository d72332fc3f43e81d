/**
 * Request-level GraphQL errors the way AppSync returns them: syntax, validation and variable
 * errors become `{path: null, locations: [{line, column, sourceName: null}], message}` entries
 * (HTTP 200, `data: null`), worded by the old graphql-java AppSync runs, not by graphql-js.
 *
 * graphql-js still does the work: its specified rules validate the document and its types parse
 * the variables. Each rule gets a context whose `reportError` records the rule's name and the
 * traversal state at that moment (types, enclosing field names), so graphql-java-messages.ts can
 * reword the error per rule. With introspection disabled an extra rule hides the sub-fields of
 * the introspection types, which is what AppSync does (`__schema` resolves, its fields do not).
 */
import {
  GraphQLError,
  Kind,
  Lexer,
  MaxIntrospectionDepthRule,
  Source,
  TokenKind,
  TypeInfo,
  ValidationContext,
  assertValidSchema,
  getLocation,
  isEnumType,
  isInputObjectType,
  isInputType,
  isIntrospectionType,
  isListType,
  isNonNullType,
  isSpecifiedScalarType,
  parse,
  specifiedRules,
  typeFromAST,
  valueFromAST,
  visit,
  visitInParallel,
  visitWithTypeInfo,
} from 'graphql';
import type {
  ASTNode,
  ASTVisitor,
  DocumentNode,
  GraphQLEnumType,
  GraphQLInputType,
  GraphQLScalarType,
  GraphQLSchema,
  OperationDefinitionNode,
  SourceLocation,
  ValidationRule,
  VariableDefinitionNode,
} from 'graphql';
import {
  MULTIPLE_OPERATIONS_MESSAGE,
  builtInScalarReason,
  coercedNullMessage,
  enumReason,
  invalidSyntaxMessage,
  invalidValueMessage,
  javaValidationMessage,
  notAnObjectReason,
  translateHiddenIntrospectionField,
  translateReport,
  unknownInputFieldMessage,
  unknownOperationMessage,
} from './graphql-java-messages.js';
import type { DocumentIndex, JavaValidationError, ReportSite, RuleReport, TranslateContext } from './graphql-java-messages.js';

export interface RequestError {
  path: null;
  locations: { line: number; column: number; sourceName: null }[] | null;
  message: string;
}

function requestError(message: string, locations: readonly SourceLocation[] | null): RequestError {
  return {
    path: null,
    locations: locations && locations.length > 0 ? locations.map(({ line, column }) => ({ line, column, sourceName: null })) : null,
    message,
  };
}

// ---------------------------------------------------------------------------------------------
// Syntax

/**
 * Parses the query. A syntax error becomes graphql-java's "Invalid Syntax : offending token
 * '<tok>' at line L column C" (`<EOF>` at the end), located at that token. AppSync's exact text
 * for syntax errors has not been observed; this is graphql-java's wording, which it most likely
 * passes through as it does validation errors.
 */
export function parseRequest(query: string): { document: DocumentNode } | { errors: RequestError[] } {
  try {
    return { document: parse(query) };
  } catch (error) {
    // graphql-js parses recursively: a few thousand nested lists, objects or selection sets
    // overflow the stack. That is the caller's document, not a server failure (it was a 500).
    if (error instanceof RangeError) return { errors: [requestError(TOO_DEEP_MESSAGE, null)] };
    if (!(error instanceof GraphQLError)) throw error;
    const location = error.locations?.[0] ?? { line: 1, column: 1 };
    const token = offendingToken(query, location);
    return { errors: [requestError(invalidSyntaxMessage(token, location.line, location.column), [location])] };
  }
}

/** Local wording: what AppSync answers for a document nested this deeply has not been observed. */
export const TOO_DEEP_MESSAGE = 'Invalid Syntax : the document is nested too deeply to parse.';

/**
 * The raw text of the token graphql-js stopped at (ANTLR reports a token's source text). When
 * the lexer itself failed there (a stray character, an unterminated string), the character at
 * that position stands in for the token ANTLR would not have formed either.
 */
function offendingToken(query: string, location: SourceLocation): string {
  const lexer = new Lexer(new Source(query));
  try {
    for (let token = lexer.advance(); ; token = lexer.advance()) {
      if (token.line === location.line && token.column === location.column) {
        return token.kind === TokenKind.EOF ? '<EOF>' : query.slice(token.start, token.end);
      }
      const passed = token.line > location.line || (token.line === location.line && token.column > location.column);
      if (passed || token.kind === TokenKind.EOF) return charAt(query, location);
    }
  } catch {
    return charAt(query, location);
  }
}

/**
 * The character at a graphql-js line/column: lines end at \r\n, \n or \r, and columns count
 * UTF-16 code units.
 */
function charAt(query: string, location: SourceLocation): string {
  const line = query.split(/\r\n|[\n\r]/)[location.line - 1] ?? '';
  const codePoint = line.codePointAt(location.column - 1);
  return codePoint === undefined ? '<EOF>' : String.fromCodePoint(codePoint);
}

// ---------------------------------------------------------------------------------------------
// Validation

/** AppSync has no graphql-js-style introspection depth limit, so that rule is left out. */
const RULES: readonly ValidationRule[] = specifiedRules.filter((rule) => rule !== MaxIntrospectionDepthRule);

const HIDDEN_INTROSPECTION_RULE = 'HiddenIntrospectionFieldRule';

/** Local wording (graphql-java has no such budget, so AppSync may well accept these documents). */
export const VALIDATION_ABORTED_MESSAGE = 'Validation aborted: the document has too many fields or fragment spreads to validate.';

/**
 * graphql-js's specified rules with messages in graphql-java's wording:
 * `Validation error of type <Type>: <text> @ '<slash/path>'`. The path is graphql-java's: the
 * field names (not aliases) from the operation root, or from the fragment definition (whose name
 * comes first), down to the field the error is in; there is none outside fields.
 * With `introspection: false`, any field but `__typename` selected on an introspection type is
 * FieldUndefined, so `{ __schema { types { name } } }` fails at `__schema/types`.
 */
export function validateRequest(schema: GraphQLSchema, document: DocumentNode, options: { introspection: boolean }): RequestError[] {
  assertValidSchema(schema);
  const reports: RuleReport[] = [];
  const typeInfo = new TypeInfo(schema);
  // hideSuggestions: graphql-java never suggested names; the few messages kept verbatim shouldn't either.
  const context = new ValidationContext(schema, document, typeInfo, (error) => reports.push({ rule: 'unknown', error, site: emptySite() }), true);

  const frames: { name: string; hidden: boolean }[] = [];
  let current: ASTNode | undefined;
  const hiding = !options.introspection;

  const site = (): ReportSite => ({
    fieldPath: frames.map((frame) => frame.name),
    node: current,
    parentType: context.getParentType(),
    type: context.getType(),
    inputType: context.getInputType(),
    parentInputType: context.getParentInputType(),
  });
  const record = (rule: string) => (error: GraphQLError) => {
    // Under a hidden introspection field graphql-java knew no types, so it reported nothing
    // more there; only the hidden field itself is an error.
    const innermost = frames.at(-1);
    const enclosing = frames.at(-2);
    if (innermost?.hidden && !(rule === HIDDEN_INTROSPECTION_RULE && !enclosing?.hidden)) return;
    reports.push({ rule, error, site: site() });
  };

  // First on enter and last on leave, so every rule sees the frames of the node it is on.
  const enterTracker: ASTVisitor = {
    enter(node) {
      current = node;
      if (node.kind === Kind.FIELD) {
        const hidesItself = hiding && isHiddenIntrospectionField(context, node.name.value);
        frames.push({ name: node.name.value, hidden: hidesItself || (frames.at(-1)?.hidden ?? false) });
      } else if (node.kind === Kind.FRAGMENT_DEFINITION) {
        frames.push({ name: node.name.value, hidden: false });
      }
    },
  };
  const leaveTracker: ASTVisitor = {
    leave(node) {
      if (node.kind === Kind.FIELD || node.kind === Kind.FRAGMENT_DEFINITION) frames.pop();
    },
  };
  const ruleVisitors = RULES.map((rule) => rule(withReporter(context, record(rule.name))));
  const hiddenIntrospection: ASTVisitor[] = hiding ? [hiddenIntrospectionFields(context, record(HIDDEN_INTROSPECTION_RULE))] : [];

  try {
    visit(document, visitWithTypeInfo(typeInfo, visitInParallel([enterTracker, ...ruleVisitors, ...hiddenIntrospection, leaveTracker])));
  } catch (error) {
    // graphql-js meters the work of OverlappingFieldsCanBeMerged and of fragment spreads and
    // throws its "Validation aborted." error past the budget (1,000 sibling `__typename` do it).
    // Its own validate() answers that as an error; uncaught here it was a 500.
    if (error instanceof GraphQLError && error.message === 'Validation aborted.') return [requestError(VALIDATION_ABORTED_MESSAGE, null)];
    throw error;
  }

  const cx: TranslateContext = { index: indexDocument(document), reportedValues: new Set() };
  return reports
    .flatMap((report) => (report.rule === HIDDEN_INTROSPECTION_RULE ? translateHiddenIntrospectionField(report, cx) : translateReport(report, cx)))
    .map((error: JavaValidationError) => requestError(javaValidationMessage(error), error.locations));
}

function emptySite(): ReportSite {
  return { fieldPath: [], node: undefined, parentType: undefined, type: undefined, inputType: undefined, parentInputType: undefined };
}

/** The same context, except that errors go to `report` (so they can be tagged with their rule). */
function withReporter(context: ValidationContext, report: (error: GraphQLError) => void): ValidationContext {
  return new Proxy(context, {
    get(target, property) {
      if (property === 'reportError') return report;
      const value: unknown = Reflect.get(target, property, target);
      // Methods run on the real context: it keeps private caches.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** What AppSync hides with introspection disabled: every field of an introspection type but `__typename`. */
function isHiddenIntrospectionField(context: ValidationContext, fieldName: string): boolean {
  const parentType = context.getParentType();
  return parentType !== null && parentType !== undefined && isIntrospectionType(parentType) && fieldName !== '__typename';
}

/** The extra rule for introspection disabled: each hidden field is undefined. */
function hiddenIntrospectionFields(context: ValidationContext, report: (error: GraphQLError) => void): ASTVisitor {
  return {
    Field(node) {
      if (isHiddenIntrospectionField(context, node.name.value)) {
        report(new GraphQLError(`Cannot query field "${node.name.value}" on type "${String(context.getParentType())}".`, { nodes: node }));
      }
    },
  };
}

/** Parents and graphql-java query paths of every node, for errors reported away from their node. */
function indexDocument(document: DocumentNode): DocumentIndex {
  const entries = new Map<ASTNode, { parent: ASTNode | undefined; path: readonly string[] }>();
  visit(document, {
    enter(node, _key, parentOrList, _path, ancestors) {
      // `ancestors` stops above the direct parent, which may be a list (e.g. `selections`).
      const parent = [...ancestors, parentOrList].reverse().find((ancestor): ancestor is ASTNode => ancestor !== undefined && !Array.isArray(ancestor));
      const parentPath = (parent && entries.get(parent)?.path) ?? [];
      const own = node.kind === Kind.FIELD || node.kind === Kind.FRAGMENT_DEFINITION ? [node.name.value] : [];
      entries.set(node, { parent, path: [...parentPath, ...own] });
    },
  });
  return {
    parentOf: (node) => entries.get(node)?.parent,
    fieldPathOf: (node) => entries.get(node)?.path ?? [],
  };
}

// ---------------------------------------------------------------------------------------------
// Operation and variables

/**
 * Picks the operation to run, by graphql-js's rules: the named one, or the only one when no name
 * is given. The messages are graphql-java's (UnknownOperationException); what AppSync answers
 * here has not been observed (one emulator answers 400 "Missing operation name.").
 */
export function selectOperation(document: DocumentNode, operationName: string | null | undefined): { operation: OperationDefinitionNode } | { errors: RequestError[] } {
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  if (operationName === null || operationName === undefined) {
    const [only] = operations;
    if (only && operations.length === 1) return { operation: only };
    return { errors: [requestError(operations.length === 0 ? 'Must provide an operation.' : MULTIPLE_OPERATIONS_MESSAGE, null)] };
  }
  const named = operations.find((operation) => operation.name?.value === operationName);
  return named ? { operation: named } : { errors: [requestError(unknownOperationMessage(operationName), null)] };
}

/** A coercion failure; graphql-java threw at the first one, so only one is ever returned. */
class VariableError extends Error {
  constructor(
    message: string,
    readonly definition: VariableDefinitionNode | undefined,
  ) {
    super(message);
  }

  toRequestError(): RequestError {
    const loc = this.definition?.loc;
    return requestError(this.message, loc ? [getLocation(loc.source, loc.start)] : null);
  }
}

interface CoercionSite {
  definition: VariableDefinitionNode;
  variable: string;
}

/**
 * Coerces the request's variables for `operation` the way graphql-js does (its types' parseValue,
 * defaults via valueFromAST), in graphql-java's order and words: variables in definition order,
 * an input object's unknown keys before its fields, and only the first failure. Messages:
 * "Variable 'x' has coerced Null value for NonNull type 'T!'" (also for a missing required input
 * field, naming the variable), "Variable 'x' has an invalid value. <reason>" (naming the
 * innermost input field, as graphql-java did), located at the variable definition; an unknown
 * input field gives graphql-java's "The variables input contains a field name ..." without a
 * location. Variables whose type is unknown or not an input type are left to validation.
 */
export function coerceRequestVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  inputs: Record<string, unknown> | undefined,
): { variables: Record<string, unknown> } | { errors: RequestError[] } {
  const given = inputs ?? {};
  const variables: Record<string, unknown> = {};
  try {
    for (const definition of operation.variableDefinitions ?? []) {
      const name = definition.variable.name.value;
      const type = typeFromAST(schema, definition.type);
      if (!type || !isInputType(type)) continue;
      const value = Object.hasOwn(given, name) ? given[name] : undefined;
      if (value === undefined) {
        if (definition.defaultValue) variables[name] = valueFromAST(definition.defaultValue, type);
        else if (isNonNullType(type)) throw new VariableError(coercedNullMessage(name, type), definition);
        continue;
      }
      variables[name] = coerceValue(value, type, name, { definition, variable: name });
    }
  } catch (error) {
    if (error instanceof VariableError) return { errors: [error.toRequestError()] };
    throw error;
  }
  return { variables };
}

function coerceValue(value: unknown, type: GraphQLInputType, inputName: string, site: CoercionSite): unknown {
  if (isNonNullType(type)) {
    if (value === null || value === undefined) throw new VariableError(coercedNullMessage(site.variable, type), site.definition);
    return coerceValue(value, type.ofType, inputName, site);
  }
  if (value === null || value === undefined) return null;
  if (isListType(type)) {
    const item = type.ofType;
    return Array.isArray(value) ? value.map((element) => coerceValue(element, item, inputName, site)) : [coerceValue(value, item, inputName, site)];
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new VariableError(invalidValueMessage(inputName, notAnObjectReason(value)), site.definition);
    }
    const fields = type.getFields();
    const entries = value as Record<string, unknown>;
    for (const key of Object.keys(entries)) {
      if (!Object.hasOwn(fields, key)) throw new VariableError(unknownInputFieldMessage(key, type.name), undefined);
    }
    const coerced: Record<string, unknown> = {};
    for (const field of Object.values(fields)) {
      const fieldValue = entries[field.name];
      if (fieldValue === undefined) {
        if (field.defaultValue !== undefined) coerced[field.name] = field.defaultValue;
        else if (isNonNullType(field.type)) throw new VariableError(coercedNullMessage(site.variable, field.type), site.definition);
        continue;
      }
      coerced[field.name] = coerceValue(fieldValue, field.type, field.name, site);
    }
    return coerced;
  }
  // A scalar or an enum: graphql-js decides, graphql-java's words explain.
  let parsed: unknown;
  try {
    parsed = type.parseValue(value);
  } catch (error) {
    throw new VariableError(invalidValueMessage(inputName, leafReason(type, value, error)), site.definition);
  }
  if (parsed === undefined) throw new VariableError(invalidValueMessage(inputName, builtInScalarReason(type.name, value)), site.definition);
  return parsed;
}

/** Built-in scalars and enums in graphql-java's words; other scalars speak for themselves (AWS scalars). */
function leafReason(type: GraphQLScalarType | GraphQLEnumType, value: unknown, error: unknown): string {
  if (isEnumType(type)) return enumReason(type.name, value);
  if (isSpecifiedScalarType(type)) return builtInScalarReason(type.name, value);
  return error instanceof Error ? error.message : String(error);
}
