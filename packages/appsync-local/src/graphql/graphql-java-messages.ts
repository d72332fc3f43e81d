/**
 * graphql-java's wording for request errors, so that the local AppSync answers a bad query with
 * the text the real one sends. AppSync validates and coerces with an old graphql-java (the era
 * before its i18n rewrite, roughly v9–v14), while this emulator runs graphql-js: each graphql-js
 * validation error is rewritten here into graphql-java's ValidationErrorType name and description,
 * and variable-coercion failures into graphql-java's exception messages.
 *
 * How sure each wording is (kept honest, because clients match on these strings):
 * - [obs] seen in real AppSync responses (the project's reference notes on the APPSYNC_JS runtime and protocols; docs/local-appsync.md):
 *   FieldUndefined, UnknownArgument (on a field), MissingFieldArgument, SubSelectionRequired,
 *   SubSelectionNotAllowed (including the type printed as `null` when it is a list or non-null:
 *   graphql-java used `type.getName()`), WrongType for a bad scalar literal, an object literal
 *   given to a scalar and a literal missing required fields, the `@ 'a/b'` path suffix,
 *   "Variable 'x' has coerced Null value for NonNull type 'T!'", "Variable 'x' has an invalid
 *   value. <scalar's reason>" and "The variables input contains a field name 'f' that is not
 *   defined for input object type 'T' " (trailing space included).
 * - [src] not seen from AppSync, but read in graphql-java's source of that era (rule classes,
 *   ArgumentValidationUtil, ValuesResolver, the scalar coercings): UnknownType, UndefinedFragment,
 *   UnusedFragment, UnusedVariable, UndefinedVariable, UnknownDirective, MisplacedDirective,
 *   DuplicateOperationName, DuplicateFragmentName, LoneAnonymousOperationViolation, FragmentCycle,
 *   FieldsConflict, InvalidFragmentType, the fragment type-condition errors,
 *   NonInputTypeOnVariable, BadValueForDefaultArg, DuplicateDirectiveName, VariableTypeMismatch,
 *   WrongType's other forms (must not be null / must be an object type / contains a field not
 *   in), "Expected type 'Int' but was 'String'.", the input-object "Expected type 'Map' ..." and
 *   "Invalid input for Enum 'E'. No value found for name 'V'".
 * - [analogy] rules graphql-java only gained later (its i18n-era text, minus the new prefix and
 *   quoting): DuplicateVariableName, DuplicateArgumentNames, UniqueObjectFieldName,
 *   NonExecutableDefinition, SubscriptionMultipleRootFields, SubscriptionIntrospectionRootField.
 * Anything else keeps graphql-js's message under the nearest graphql-java type name.
 *
 * graphql-java had no OneOf input objects and no introspection-depth limit; those keep
 * graphql-js's text.
 */
import { Kind, getLocation, getNamedType, isInputObjectType, isLeafType, isNamedType, isRequiredInputField } from 'graphql';
import type { ASTNode, ArgumentNode, DocumentNode, GraphQLError, GraphQLNamedType, GraphQLType, ObjectValueNode, OperationDefinitionNode, SourceLocation, ValueNode } from 'graphql';

// ---------------------------------------------------------------------------------------------
// What the translators are given

/** Where each node of the request document sits; built once per request. */
export interface DocumentIndex {
  parentOf(node: ASTNode): ASTNode | undefined;
  /** graphql-java's query path at the node: enclosing fragment definition and field names. */
  fieldPathOf(node: ASTNode): readonly string[];
}

/** The validation state at the moment a graphql-js rule reported an error. */
export interface ReportSite {
  /**
   * graphql-java's "name stack" at that moment: the names (not aliases: graphql-java pushes
   * `Field.getName()`) of the enclosing fields, preceded by the fragment definition's name when
   * inside one. Inline fragments and spreads add nothing.
   */
  fieldPath: readonly string[];
  /** The node being entered (only meaningful for rules that report on enter). */
  node: ASTNode | undefined;
  parentType: GraphQLType | null | undefined;
  type: GraphQLType | null | undefined;
  inputType: GraphQLType | null | undefined;
  parentInputType: GraphQLType | null | undefined;
}

export interface RuleReport {
  /** graphql-js's rule function name, e.g. `FieldsOnCorrectTypeRule`. */
  rule: string;
  error: GraphQLError;
  site: ReportSite;
}

export interface TranslateContext {
  index: DocumentIndex;
  /**
   * Arguments (and variable definitions) that already have a WrongType/BadValueForDefaultArg
   * error: graphql-java stops checking a value at its first problem, graphql-js reports all.
   */
  reportedValues: Set<ASTNode>;
}

/** One graphql-java ValidationError, before it is formatted for the response. */
export interface JavaValidationError {
  type: string;
  description: string;
  locations: readonly SourceLocation[];
  /** Empty when graphql-java's name stack was empty: the message then has no `@ '...'`. */
  path: readonly string[];
}

type Translator = (report: RuleReport, cx: TranslateContext) => JavaValidationError[];

/** graphql-java's message for a validation error: `Validation error of type T: d @ 'a/b'`. */
export function javaValidationMessage(error: JavaValidationError): string {
  const at = error.path.length > 0 ? ` @ '${error.path.join('/')}'` : '';
  return `Validation error of type ${error.type}: ${error.description}${at}`;
}

// ---------------------------------------------------------------------------------------------
// Java toString() renderings that graphql-java puts into its messages (checked against a JVM's
// BigDecimal, HashSet, Double and Map)

/** graphql-java's `Value.toString()` for a literal, e.g. `StringValue{value='x'}`. */
export function javaValue(node: ValueNode): string {
  switch (node.kind) {
    case Kind.STRING:
      return `StringValue{value='${node.value}'}`;
    case Kind.INT:
      return `IntValue{value=${javaBigInteger(node.value)}}`;
    case Kind.FLOAT:
      return `FloatValue{value=${javaBigDecimal(node.value)}}`;
    case Kind.BOOLEAN:
      return `BooleanValue{value=${String(node.value)}}`;
    case Kind.NULL:
      return 'NullValue{}';
    case Kind.ENUM:
      return `EnumValue{name='${node.value}'}`;
    case Kind.VARIABLE:
      return `VariableReference{name='${node.name.value}'}`;
    case Kind.LIST:
      return `ArrayValue{values=${javaList(node.values.map(javaValue))}}`;
    case Kind.OBJECT:
      return `ObjectValue{objectFields=${javaList(node.fields.map((field) => `ObjectField{name='${field.name.value}', value=${javaValue(field.value)}}`))}}`;
  }
}

/** `java.util.List.toString()`. */
function javaList(items: readonly string[]): string {
  return `[${items.join(', ')}]`;
}

/** IntValue holds a BigInteger, whose toString drops a negative zero. */
function javaBigInteger(literal: string): string {
  return BigInt(literal).toString();
}

/**
 * FloatValue holds a BigDecimal; its toString keeps the literal's scale and switches to
 * scientific notation for positive exponents or very small numbers (`1e3` prints `1E+3`).
 */
export function javaBigDecimal(literal: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(literal);
  if (!match) return literal;
  const [, minus = '', whole = '', fraction = '', exponent = '0'] = match;
  const digits = (whole + fraction).replace(/^0+(?=\d)/, '');
  const sign = /^0+$/.test(digits) ? '' : minus;
  const scale = fraction.length - Number(exponent);
  const adjusted = digits.length - 1 - scale;
  if (scale >= 0 && adjusted >= -6) {
    if (scale === 0) return sign + digits;
    const padded = digits.padStart(scale + 1, '0');
    return `${sign}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
  }
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
}

/**
 * The iteration order of a `java.util.HashSet<String>` filled in `items` order (graphql-java
 * collected missing input fields with `Collectors.toSet()` and printed the set): by bucket, then
 * by insertion within a bucket.
 */
export function javaHashSetOrder(items: readonly string[]): string[] {
  let capacity = 16;
  while (items.length > capacity * 0.75) capacity *= 2;
  const bucket = (text: string): number => {
    let hash = 0;
    for (let i = 0; i < text.length; i += 1) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
    return (hash ^ (hash >>> 16)) & (capacity - 1);
  };
  return items
    .map((item, order) => ({ item, order, bucket: bucket(item) }))
    .sort((a, b) => a.bucket - b.bucket || a.order - b.order)
    .map(({ item }) => item);
}

/**
 * The Java class a JSON variable value arrives as in graphql-java (Jackson's defaults), which
 * its coercion messages name: `Expected type 'Int' but was 'String'.`. A JSON `1.0` has already
 * become the integer 1 here, where Jackson would say Double; that cannot be told apart anymore.
 */
export function javaTypeName(value: unknown): string {
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'Double';
    if (value >= -(2 ** 31) && value < 2 ** 31) return 'Integer';
    return Number.isSafeInteger(value) ? 'Long' : 'BigInteger';
  }
  if (Array.isArray(value)) return 'ArrayList';
  if (value === null || value === undefined) return 'null';
  return 'LinkedHashMap';
}

/** `Object.toString()` of a JSON value as graphql-java holds it (Map as `{k=v}`, List as `[a, b]`). */
export function javaToString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return javaDouble(value);
  if (Array.isArray(value)) return javaList(value.map(javaToString));
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}=${javaToString(item)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** Integer/Long print as JavaScript does; a Double prints like `Double.toString`. */
function javaDouble(value: number): string {
  if (Number.isInteger(value)) return BigInt(value).toString(); // Integer, Long or BigInteger
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) return String(value);
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** graphql-java's old `type.getName()`: the name of a named type, `null` for a list or non-null. */
function javaTypeGetName(type: GraphQLType | null | undefined): string {
  return type && isNamedType(type) ? type.name : 'null';
}

// ---------------------------------------------------------------------------------------------
// Variable coercion messages (graphql-java's ValuesResolver and its exceptions) [obs]/[src]

/** [obs] graphql-java's NonNullableValueCoercedAsNullException, also used for nested fields. */
export function coercedNullMessage(variableName: string, type: GraphQLType): string {
  return `Variable '${variableName}' has coerced Null value for NonNull type '${String(type)}'`;
}

/**
 * [obs] ValuesResolver's wrapper around a coercing failure. `inputName` is the variable's name,
 * or, inside an input object, the innermost input field's name (graphql-java passed the field
 * name down; AppSync reports e.g. `Variable 'updatedAt'` for a field of `$input`).
 */
export function invalidValueMessage(inputName: string, reason: string): string {
  return `Variable '${inputName}' has an invalid value. ${reason}`;
}

/** [obs] InputMapDefinesTooManyFieldsException; the trailing space is graphql-java's. */
export function unknownInputFieldMessage(fieldName: string, typeName: string): string {
  return `The variables input contains a field name '${fieldName}' that is not defined for input object type '${typeName}' `;
}

/** [src] ValuesResolver, for a variable (or field) of input-object type given a non-object. */
export function notAnObjectReason(value: unknown): string {
  return `Expected type 'Map' but was '${javaTypeName(value)}'. Variables for input objects must be an instance of type 'Map'.`;
}

/** [src] The built-in scalars' parseValue failure (GraphqlIntCoercing and friends). */
export function builtInScalarReason(typeName: string, value: unknown): string {
  return `Expected type '${typeName}' but was '${javaTypeName(value)}'.`;
}

/** [src] GraphQLEnumType.parseValue for an unknown name. */
export function enumReason(typeName: string, value: unknown): string {
  return `Invalid input for Enum '${typeName}'. No value found for name '${javaToString(value)}'`;
}

/** graphql-java's NodeUtil.getOperation (UnknownOperationException) [src]; AppSync's text unknown. */
export const MULTIPLE_OPERATIONS_MESSAGE = 'Must provide operation name if query contains multiple operations.';
export function unknownOperationMessage(operationName: string): string {
  return `Unknown operation named '${operationName}'.`;
}

/** graphql-java's InvalidSyntaxError text [src]; AppSync's exact text for syntax errors is unconfirmed. */
export function invalidSyntaxMessage(token: string, line: number, column: number): string {
  return `Invalid Syntax : offending token '${token}' at line ${line} column ${column}`;
}

// ---------------------------------------------------------------------------------------------
// Validation: one translator per graphql-js rule

function locationOf(node: ASTNode | undefined): SourceLocation[] {
  return node?.loc ? [getLocation(node.loc.source, node.loc.start)] : [];
}

function nodesOf(report: RuleReport): readonly ASTNode[] {
  return report.error.nodes ?? [];
}

function ancestorOfKind<K extends ASTNode['kind']>(index: DocumentIndex, node: ASTNode | undefined, kind: K): Extract<ASTNode, { kind: K }> | undefined {
  for (let current = node; current; current = index.parentOf(current)) {
    if (current.kind === kind) return current as Extract<ASTNode, { kind: K }>;
  }
  return undefined;
}

function nameOf(node: ASTNode | undefined): string {
  return node && 'name' in node && node.name ? node.name.value : 'null';
}

/** A graphql-js message's first double-quoted part (names never contain quotes). */
function quoted(message: string, nth = 0): string | undefined {
  return [...message.matchAll(/"([^"]*)"/g)][nth]?.[1];
}

/** One error at `node`, with the name stack at report time. */
function at(report: RuleReport, type: string, description: string, node: ASTNode | undefined, path: readonly string[] = report.site.fieldPath): JavaValidationError[] {
  return [{ type, description, locations: locationOf(node), path }];
}

/** graphql-js's message under graphql-java's type name, for what graphql-java never said. */
function generic(type: string): Translator {
  return (report) => [
    {
      type,
      description: report.error.message,
      locations: report.error.locations ?? [],
      path: report.site.fieldPath,
    },
  ];
}

const fieldUndefined: Translator = (report) => {
  const field = nodesOf(report)[0];
  return at(report, 'FieldUndefined', `Field '${nameOf(field)}' in type '${javaTypeGetName(report.site.parentType)}' is undefined`, field);
};

const scalarLeafs: Translator = (report, cx) => {
  // graphql-js points at the selection set when there should be none; graphql-java at the field.
  const field = ancestorOfKind(cx.index, nodesOf(report)[0], Kind.FIELD);
  const type = report.site.type;
  const name = nameOf(field);
  return type && isLeafType(getNamedType(type))
    ? at(report, 'SubSelectionNotAllowed', `Sub selection not allowed on leaf type ${javaTypeGetName(type)} of field ${name}`, field)
    : at(report, 'SubSelectionRequired', `Sub selection required for type ${javaTypeGetName(type)} of field ${name}`, field);
};

const knownArgumentNames: Translator = (report, cx) => {
  const argument = nodesOf(report)[0];
  const onDirective = argument && cx.index.parentOf(argument)?.kind === Kind.DIRECTIVE;
  return onDirective
    ? at(report, 'UnknownDirective', `Unknown directive argument ${nameOf(argument)}`, argument)
    : at(report, 'UnknownArgument', `Unknown field argument ${nameOf(argument)}`, argument);
};

const providedRequiredArguments: Translator = (report) => {
  const owner = nodesOf(report)[0];
  const argument = /argument "([^"]+)"/.exec(report.error.message)?.[1] ?? 'null';
  return owner?.kind === Kind.DIRECTIVE
    ? at(report, 'MissingDirectiveArgument', `Missing directive argument ${argument}`, owner)
    : at(report, 'MissingFieldArgument', `Missing field argument ${argument}`, owner);
};

/**
 * WrongType, from graphql-java's ArgumentValidationUtil: "argument 'a.b[0]' with value '<value>'
 * <problem>", where the path runs from the argument to the bad value and `<value>` is the bad
 * literal itself for scalar, enum and null problems, but the whole argument value for an object
 * problem (graphql-java never updated it there).
 */
const valuesOfCorrectType: Translator = (report, cx) => {
  const node = nodesOf(report)[0] ?? report.site.node;
  if (!node || report.error.message.startsWith('OneOf ')) return generic('WrongType')(report, cx);
  const argument = ancestorOfKind(cx.index, node, Kind.ARGUMENT);
  if (!argument) return badDefaultValue(report, cx, node);
  if (cx.reportedValues.has(argument)) return [];
  cx.reportedValues.add(argument);

  const expected = report.site.inputType ? getNamedType(report.site.inputType) : undefined;
  const whole = javaValue(argument.value);
  let problem: { path: string; value: string; text: string };
  if (node.kind === Kind.OBJECT_FIELD) {
    const container = cx.index.parentOf(node) ?? node;
    const objectType = report.site.parentInputType ? getNamedType(report.site.parentInputType) : undefined;
    problem = {
      path: argumentPath(cx.index, argument, container),
      value: whole,
      text: `contains a field not in '${objectType?.name ?? 'null'}': '${node.name.value}'`,
    };
  } else if (node.kind === Kind.OBJECT && expected && isInputObjectType(expected)) {
    problem = {
      path: argumentPath(cx.index, argument, node),
      value: whole,
      text: `is missing required fields '${javaList(javaHashSetOrder(missingFields(node, expected)))}'`,
    };
  } else if (node.kind === Kind.NULL) {
    problem = { path: argumentPath(cx.index, argument, node), value: 'NullValue{}', text: 'must not be null' };
  } else if (expected && isInputObjectType(expected)) {
    problem = { path: argumentPath(cx.index, argument, node), value: whole, text: 'must be an object type' };
  } else {
    problem = {
      path: argumentPath(cx.index, argument, node),
      value: isValueNode(node) ? javaValue(node) : whole,
      text: `is not a valid '${expected?.name ?? 'null'}'`,
    };
  }
  return at(report, 'WrongType', `argument '${problem.path}' with value '${problem.value}' ${problem.text}`, argument);
};

function isValueNode(node: ASTNode): node is ValueNode {
  return (
    node.kind === Kind.STRING ||
    node.kind === Kind.INT ||
    node.kind === Kind.FLOAT ||
    node.kind === Kind.BOOLEAN ||
    node.kind === Kind.NULL ||
    node.kind === Kind.ENUM ||
    node.kind === Kind.VARIABLE ||
    node.kind === Kind.LIST ||
    node.kind === Kind.OBJECT
  );
}

/** `arg.field[2].inner`: input field names and list indexes from the argument down to `node`. */
function argumentPath(index: DocumentIndex, argument: ArgumentNode, node: ASTNode): string {
  const steps: string[] = [];
  for (let current: ASTNode | undefined = node; current && current !== argument;) {
    const parent = index.parentOf(current);
    if (current.kind === Kind.OBJECT_FIELD) steps.unshift(`.${current.name.value}`);
    else if (parent?.kind === Kind.LIST) steps.unshift(`[${parent.values.indexOf(current as ValueNode)}]`);
    current = parent;
  }
  return argument.name.value + steps.join('');
}

/** Required input fields the literal leaves out, in the type's field order. */
function missingFields(node: ObjectValueNode, type: GraphQLNamedType): string[] {
  if (!isInputObjectType(type)) return [];
  const given = new Set(node.fields.map((field) => field.name.value));
  return Object.values(type.getFields())
    .filter((field) => isRequiredInputField(field) && !given.has(field.name))
    .map((field) => field.name);
}

/** [src] VariableDefaultValuesOfCorrectType: a bad `$x: T = <literal>` default. */
function badDefaultValue(report: RuleReport, cx: TranslateContext, node: ASTNode): JavaValidationError[] {
  const definition = ancestorOfKind(cx.index, node, Kind.VARIABLE_DEFINITION);
  if (!definition?.defaultValue) return generic('WrongType')(report, cx);
  if (cx.reportedValues.has(definition)) return [];
  cx.reportedValues.add(definition);
  const typeName = definition.type.kind === Kind.NAMED_TYPE ? definition.type.name.value : 'null';
  return at(report, 'BadValueForDefaultArg', `Bad default value ${javaValue(definition.defaultValue)} for type ${typeName}`, definition, []);
}

const variablesInAllowedPosition: Translator = (report, cx) => {
  const [definition, usage] = nodesOf(report);
  const match = /^Variable "\$[^"]+" of type "([^"]+)" used in position expecting type "([^"]+)"\.$/.exec(report.error.message);
  if (!match || definition?.kind !== Kind.VARIABLE_DEFINITION || !usage) {
    return generic('VariableTypeMismatch')(report, cx);
  }
  const [, variableType = '', expectedType = ''] = match;
  // graphql-java compared the variable's "effective" type: a default value makes it non-null.
  const hasDefault = definition.defaultValue !== undefined && definition.defaultValue.kind !== Kind.NULL;
  const effective = hasDefault && !variableType.endsWith('!') ? `${variableType}!` : variableType;
  return at(report, 'VariableTypeMismatch', `Variable type '${effective}' doesn't match expected type '${expectedType}'`, usage, cx.index.fieldPathOf(usage));
};

/**
 * graphql-js reports each anonymous operation in a document with several; graphql-java reported
 * an anonymous operation that is not first, and each named operation after an anonymous one.
 */
const loneAnonymousOperation: Translator = (report, cx) => {
  const anonymous = nodesOf(report)[0];
  const document = anonymous && cx.index.parentOf(anonymous);
  if (anonymous?.kind !== Kind.OPERATION_DEFINITION || document?.kind !== Kind.DOCUMENT) {
    return generic('LoneAnonymousOperationViolation')(report, cx);
  }
  const operations = (document as DocumentNode).definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const position = operations.indexOf(anonymous);
  const errors: JavaValidationError[] = [];
  if (position > 0) {
    errors.push(...at(report, 'LoneAnonymousOperationViolation', 'Anonymous operation with other operations.', anonymous, []));
  }
  for (const following of operations.slice(position + 1)) {
    if (!following.name) break; // that anonymous operation gets its own report
    errors.push(...at(report, 'LoneAnonymousOperationViolation', `Operation ${following.name.value} is following anonymous operation.`, following, []));
  }
  return errors;
};

/** Conflict reasons: graphql-js's nested English into graphql-java's `name: (sub: reason, ...)`. */
const overlappingFields: Translator = (report, cx) => {
  const match = /^Fields "([^"]*)" conflict because (.*)\. Use different aliases on the fields to fetch both if this was intentional\.$/s.exec(report.error.message);
  const reason = match ? parseConflictReason(match[2] ?? '', 0) : undefined;
  if (!match || !reason || reason.end !== (match[2] ?? '').length) return generic('FieldsConflict')(report, cx);
  return [
    {
      type: 'FieldsConflict',
      description: `${match[1] ?? ''}: ${reason.text}`,
      locations: report.error.locations ?? [],
      path: report.site.fieldPath,
    },
  ];
};

/**
 * Parses one graphql-js conflict reason at `start`. graphql-js joins sibling sub-conflicts with
 * " and ", which is ambiguous when they nest; the parse is greedy (inner list first).
 */
function parseConflictReason(text: string, start: number): { text: string; end: number } | undefined {
  const rest = text.slice(start);
  if (rest.startsWith('subfields "')) {
    const items: string[] = [];
    let position = start;
    for (;;) {
      const head = /^subfields "([^"]*)" conflict because /.exec(text.slice(position));
      const inner = head ? parseConflictReason(text, position + head[0].length) : undefined;
      if (!head || !inner) return undefined;
      items.push(`${head[1] ?? ''}: ${inner.text}`);
      position = inner.end;
      if (!text.startsWith(' and subfields "', position)) break;
      position += ' and '.length;
    }
    return { text: `(${items.join(', ')})`, end: position };
  }
  const fields = /^"([^"]*)" and "([^"]*)" are different fields/.exec(rest);
  if (fields) return { text: `${fields[1] ?? ''} and ${fields[2] ?? ''} are different fields`, end: start + fields[0].length };
  const types = /^they return conflicting types "([^"]*)" and "([^"]*)"/.exec(rest);
  if (types) {
    // graphql-java printed `type.getName()`, which is null for list and non-null types.
    const name = (printed: string): string => (/^\w+$/.test(printed) ? printed : 'null');
    return {
      text: `they return differing types ${name(types[1] ?? '')} and ${name(types[2] ?? '')}`,
      end: start + types[0].length,
    };
  }
  const simple = 'they have differing arguments';
  if (rest.startsWith(simple)) return { text: simple, end: start + simple.length };
  return undefined;
}

/** graphql-java named a directive's location by the AST class it sits on. */
const JAVA_NODE_CLASS: Partial<Record<ASTNode['kind'], string>> = {
  [Kind.FIELD]: 'Field',
  [Kind.OPERATION_DEFINITION]: 'OperationDefinition',
  [Kind.FRAGMENT_DEFINITION]: 'FragmentDefinition',
  [Kind.FRAGMENT_SPREAD]: 'FragmentSpread',
  [Kind.INLINE_FRAGMENT]: 'InlineFragment',
  [Kind.VARIABLE_DEFINITION]: 'VariableDefinition',
};

const TYPE_DEFINITION_KINDS = new Set<ASTNode['kind']>([
  Kind.SCALAR_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.UNION_TYPE_DEFINITION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.INPUT_OBJECT_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_EXTENSION,
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_EXTENSION,
  Kind.UNION_TYPE_EXTENSION,
  Kind.ENUM_TYPE_EXTENSION,
  Kind.INPUT_OBJECT_TYPE_EXTENSION,
]);

/** The last node's parent: where graphql-java put duplicate-name errors (the second occurrence). */
function parentOfLast(report: RuleReport, cx: TranslateContext): ASTNode | undefined {
  const last = nodesOf(report).at(-1);
  return last && cx.index.parentOf(last);
}

/** graphql-js rule name → how graphql-java says it. */
const TRANSLATORS: Record<string, Translator> = {
  // [analogy]
  ExecutableDefinitionsRule: (report) => {
    const definition = nodesOf(report)[0];
    let description = 'Provided definition is not executable';
    if (definition && TYPE_DEFINITION_KINDS.has(definition.kind)) {
      description = `Type '${nameOf(definition)}' definition is not executable`;
    } else if (definition?.kind === Kind.SCHEMA_DEFINITION || definition?.kind === Kind.SCHEMA_EXTENSION) {
      description = 'Schema definition is not executable';
    } else if (definition?.kind === Kind.DIRECTIVE_DEFINITION) {
      description = `Directive '${nameOf(definition)}' definition is not executable`;
    }
    return at(report, 'NonExecutableDefinition', description, definition, []);
  },
  // [src]
  UniqueOperationNamesRule: (report, cx) => {
    const operation = parentOfLast(report, cx);
    return at(report, 'DuplicateOperationName', `There can be only one operation named '${nameOf(operation)}'`, operation, []);
  },
  LoneAnonymousOperationRule: loneAnonymousOperation,
  // [analogy]
  SingleFieldSubscriptionsRule: (report, cx) => {
    const first = nodesOf(report)[0];
    const operation = ancestorOfKind(cx.index, first, Kind.OPERATION_DEFINITION);
    const name = operation?.name?.value ?? 'null';
    return report.error.message.includes('introspection')
      ? at(report, 'SubscriptionIntrospectionRootField', `Subscription operation '${name}' root field '${nameOf(first)}' cannot be an introspection field`, first, [])
      : at(report, 'SubscriptionMultipleRootFields', `Subscription operation '${name}' must have exactly one root field`, operation, []);
  },
  // [src]
  KnownTypeNamesRule: (report) => {
    const type = nodesOf(report)[0];
    return at(report, 'UnknownType', `Unknown type ${nameOf(type)}`, type);
  },
  FragmentsOnCompositeTypesRule: (report, cx) => {
    const owner = parentOfLast(report, cx);
    return owner?.kind === Kind.INLINE_FRAGMENT
      ? at(report, 'InlineFragmentTypeConditionInvalid', 'Inline fragment type condition is invalid, must be on Object/Interface/Union', owner)
      : at(report, 'FragmentTypeConditionInvalid', 'Fragment type condition is invalid, must be on Object/Interface/Union', owner);
  },
  VariablesAreInputTypesRule: (report, cx) => at(report, 'NonInputTypeOnVariable', 'Wrong type for a variable', ancestorOfKind(cx.index, nodesOf(report)[0], Kind.VARIABLE_DEFINITION)),
  // [obs]
  ScalarLeafsRule: scalarLeafs,
  FieldsOnCorrectTypeRule: fieldUndefined,
  // [src]
  UniqueFragmentNamesRule: (report, cx) => {
    const fragment = parentOfLast(report, cx);
    return at(report, 'DuplicateFragmentName', `There can be only one fragment named '${nameOf(fragment)}'`, fragment);
  },
  KnownFragmentNamesRule: (report, cx) => {
    const spread = parentOfLast(report, cx);
    return at(report, 'UndefinedFragment', `Undefined fragment ${nameOf(spread)}`, spread);
  },
  NoUnusedFragmentsRule: (report) => {
    const fragment = nodesOf(report)[0];
    return at(report, 'UnusedFragment', `Unused fragment ${nameOf(fragment)}`, fragment);
  },
  PossibleFragmentSpreadsRule: (report, cx) => {
    const match = /^Fragment (?:"([^"]+)" )?cannot be spread here as objects of type "([^"]+)" can never be of type "([^"]+)"\.$/.exec(report.error.message);
    if (!match) return generic('InvalidFragmentType')(report, cx);
    const [, fragment, parent, condition] = match;
    const named = fragment === undefined ? '' : `${fragment} `;
    return at(report, 'InvalidFragmentType', `Fragment ${named}cannot be spread here as objects of type ${parent ?? ''} can never be of type ${condition ?? ''}`, nodesOf(report)[0]);
  },
  NoFragmentCyclesRule: (report, cx) => at(report, 'FragmentCycle', 'Fragment cycles not allowed', ancestorOfKind(cx.index, nodesOf(report)[0], Kind.FRAGMENT_DEFINITION)),
  // [analogy]
  UniqueVariableNamesRule: (report, cx) => {
    const variable = parentOfLast(report, cx);
    const definition = variable && cx.index.parentOf(variable);
    return at(report, 'DuplicateVariableName', `There can be only one variable named '${nameOf(variable)}'`, definition);
  },
  // [src]
  NoUndefinedVariablesRule: (report, cx) => {
    const usage = nodesOf(report)[0];
    return at(report, 'UndefinedVariable', `Undefined variable ${nameOf(usage)}`, usage, usage ? cx.index.fieldPathOf(usage) : []);
  },
  NoUnusedVariablesRule: (report) => {
    const definition = nodesOf(report)[0];
    const name = definition?.kind === Kind.VARIABLE_DEFINITION ? definition.variable.name.value : 'null';
    return at(report, 'UnusedVariable', `Unused variable ${name}`, definition);
  },
  KnownDirectivesRule: (report) => {
    const directive = nodesOf(report)[0];
    return report.error.message.startsWith('Unknown directive')
      ? at(report, 'UnknownDirective', `Unknown directive ${nameOf(directive)}`, directive)
      : at(report, 'MisplacedDirective', `Directive ${nameOf(directive)} not allowed here`, directive);
  },
  UniqueDirectivesPerLocationRule: (report, cx) => {
    const directive = nodesOf(report).at(-1);
    const owner = directive && cx.index.parentOf(directive);
    const ownerClass = (owner && JAVA_NODE_CLASS[owner.kind]) ?? 'null';
    return at(report, 'DuplicateDirectiveName', `Directives must be uniquely named within a location. The directive '${nameOf(directive)}' used on a '${ownerClass}' is not unique.`, directive);
  },
  // [obs] on fields, [src] on directives
  KnownArgumentNamesRule: knownArgumentNames,
  // [analogy]
  UniqueArgumentNamesRule: (report, cx) => {
    const argument = parentOfLast(report, cx);
    const owner = argument && cx.index.parentOf(argument);
    return at(report, 'DuplicateArgumentNames', `There can be only one argument named '${nameOf(argument)}'`, owner);
  },
  // [obs] for bad scalars, object literals and missing fields; [src] otherwise
  ValuesOfCorrectTypeRule: valuesOfCorrectType,
  // [obs] on fields, [src] on directives
  ProvidedRequiredArgumentsRule: providedRequiredArguments,
  // [src]
  VariablesInAllowedPositionRule: variablesInAllowedPosition,
  OverlappingFieldsCanBeMergedRule: overlappingFields,
  // [analogy]
  UniqueInputFieldNamesRule: (report, cx) => {
    const field = parentOfLast(report, cx);
    return at(report, 'UniqueObjectFieldName', `There can be only one field named '${quoted(report.error.message) ?? nameOf(field)}'`, field);
  },
};

/** Translates one graphql-js rule report into graphql-java's error(s). */
export function translateReport(report: RuleReport, cx: TranslateContext): JavaValidationError[] {
  const translator = TRANSLATORS[report.rule] ?? generic(report.rule.replace(/Rule$/, ''));
  return translator(report, cx);
}

/** The introspection-disabled rule reports exactly what FieldsOnCorrectType would. */
export const translateHiddenIntrospectionField: Translator = fieldUndefined;
