/**
 * Filter and condition objects (`{title: {contains: "x"}, and: [...], not: {...}}`) rendered as
 * DynamoDB expressions, the way AppSync's util.transform.toDynamoDBFilterExpression and
 * toDynamoDBConditionExpression render them
 * (https://docs.aws.amazon.com/appsync/latest/devguide/transformation-helpers-in-utils-transform-js.html).
 *
 * The exact text follows what AppSync's EvaluateCode returns (recorded in the snapshots of
 * localstack/appsync-utils), which differs from the docs' sample: every clause is
 * parenthesised, function arguments have no space after the comma, value placeholders are
 * `:<path>_<field>_<operator>` and name placeholders `#<field>`. Input AppSync cannot render
 * gives null, not an error.
 */
import { isPlainObject } from './host-data.js';
import { toAttributeValue, type AttributeValue } from './dynamodb.js';

export interface DynamoDbExpression {
  expression: string;
  expressionNames: Record<string, string>;
  expressionValues: Record<string, AttributeValue>;
}

const COMPARISONS: Record<string, string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };
const ATTRIBUTE_TYPES: Record<string, string> = {
  _null: 'NULL',
  string: 'S',
  stringSet: 'SS',
  number: 'N',
  numberSet: 'NS',
  binary: 'B',
  binarySet: 'BS',
  boolean: 'BOOL',
  list: 'L',
  map: 'M',
};

class Invalid {}

class Renderer {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, AttributeValue> = {};

  constructor(private readonly keepSets: boolean) {}

  /** Clauses of one filter object, ANDed; the top level is not wrapped. */
  object(filter: unknown, prefix: string): string {
    if (!isPlainObject(filter)) throw new Invalid();
    const clauses: string[] = [];
    for (const [key, value] of Object.entries(filter)) {
      if (key === 'and' || key === 'or') clauses.push(this.group(key, value, prefix));
      else if (key === 'not') clauses.push(`(NOT ${this.object(value, `${prefix}not_`)})`);
      else clauses.push(this.field(key, value, prefix));
    }
    return clauses.join(' AND ');
  }

  private group(kind: 'and' | 'or', members: unknown, prefix: string): string {
    if (!Array.isArray(members)) throw new Invalid();
    const parts = members.map((member, i) => {
      if (!isPlainObject(member)) throw new Invalid();
      return this.object(member, `${prefix}${kind}_${i}_`);
    });
    return parts.length === 1 ? parts[0]! : parts.length === 0 ? '' : `(${parts.join(` ${kind.toUpperCase()} `)})`;
  }

  private field(name: string, operators: unknown, prefix: string): string {
    if (!isPlainObject(operators)) throw new Invalid();
    this.names[`#${name}`] = name;
    return this.operators(`#${name}`, operators, `${prefix}${name}_`);
  }

  /** Several operators on one operand are ANDed and wrapped together. */
  private operators(operand: string, operators: Record<string, unknown>, placeholder: string): string {
    const clauses = Object.entries(operators).map(([op, value]) => this.operator(operand, op, value, placeholder));
    return clauses.length === 1 ? clauses[0]! : clauses.length === 0 ? '' : `(${clauses.join(' AND ')})`;
  }

  private operator(operand: string, op: string, value: unknown, placeholder: string): string {
    const ph = `:${placeholder}${op}`;
    const comparison = COMPARISONS[op];
    if (comparison) return `(${operand} ${comparison} ${this.value(ph, value)})`;
    switch (op) {
      case 'contains':
        return `(contains(${operand},${this.value(ph, value)}))`;
      case 'notContains':
        return `(NOT contains(${operand},${this.value(ph, value)}))`;
      case 'beginsWith':
        return `(begins_with(${operand},${this.value(ph, value)}))`;
      case 'between':
        if (!Array.isArray(value) || value.length < 2) throw new Invalid();
        return `(${operand} BETWEEN ${this.value(`${ph}_start`, value[0])} AND ${this.value(`${ph}_end`, value[1])})`;
      case 'in':
        if (!Array.isArray(value)) throw new Invalid();
        if (value.length === 0) return '(null)';
        return `(${operand} IN (${value.map((v, i) => this.value(`${ph}_${i}`, v)).join(', ')}))`;
      case 'attributeExists':
        if (typeof value !== 'boolean') throw new Invalid();
        return value ? `(attribute_exists(${operand}))` : `(attribute_not_exists(${operand}))`;
      case 'attributeType': {
        const type = typeof value === 'string' ? ATTRIBUTE_TYPES[value] : undefined;
        if (!type) throw new Invalid();
        return `(attribute_type(${operand},${this.value(ph, type)}))`;
      }
      case 'size':
        if (!isPlainObject(value)) throw new Invalid();
        // size(size(x)) is not DynamoDB; AppSync keeps the operand and only extends the placeholder.
        return this.operators(operand.startsWith('size(') ? operand : `size(${operand})`, value, `${placeholder}size_`);
      default:
        throw new Invalid();
    }
  }

  private value(placeholder: string, value: unknown): string {
    const typed = toAttributeValue(value, this.keepSets);
    if (typed === undefined) throw new Invalid();
    this.values[placeholder] = typed;
    return placeholder;
  }
}

/** Renders a filter or condition object; null when AppSync would return null. */
export function renderDynamoDbExpression(filter: unknown, options: { keepSets?: boolean } = {}): DynamoDbExpression | null {
  const renderer = new Renderer(options.keepSets ?? false);
  try {
    const expression = renderer.object(filter, '');
    return { expression, expressionNames: renderer.names, expressionValues: renderer.values };
  } catch (err) {
    if (err instanceof Invalid) return null;
    throw err;
  }
}
