/**
 * Resolves CloudFormation's intrinsic functions and pseudo parameters in template values to
 * local values: Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::If (with the
 * template's Conditions), Fn::FindInMap, Fn::Base64, Fn::GetAZs, Fn::Length, Fn::ToJsonString
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html).
 * No library evaluates templates outside CloudFormation, hence this small interpreter.
 *
 * What cannot exist locally (Fn::ImportValue from another stack, a parameter without a default)
 * is an error naming the function, never a silently wrong value.
 */
import { LocalResources, type LocalEnvironment } from './local-resources.js';
import type { CfnTemplate } from './template.js';

/** AWS::NoValue: the property is dropped, as CloudFormation does. */
const NO_VALUE = Symbol('AWS::NoValue');

export class TemplateResolver {
  readonly resources: LocalResources;
  private readonly conditions = new Map<string, boolean>();

  constructor(
    private readonly template: CfnTemplate,
    readonly env: LocalEnvironment,
  ) {
    this.resources = new LocalResources(template, env, (value) => this.resolve(value));
  }

  /** The value with every intrinsic function replaced by its local result. */
  resolve(value: unknown): unknown {
    const resolved = this.walk(value);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  /** Whether a template condition holds locally. */
  condition(name: string): boolean {
    const cached = this.conditions.get(name);
    if (cached !== undefined) return cached;
    const definition = this.template.Conditions?.[name];
    if (definition === undefined) throw new Error(`the template has no condition ${name}`);
    const result = this.truth(definition);
    this.conditions.set(name, result);
    return result;
  }

  private walk(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.walk(v)).filter((v) => v !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    const first = entries[0];
    if (entries.length === 1 && first && (first[0] === 'Ref' || first[0].startsWith('Fn::') || first[0] === 'Condition')) {
      return this.call(first[0], first[1]);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const resolved = this.walk(v);
      if (resolved !== NO_VALUE) out[k] = resolved;
    }
    return out;
  }

  private call(fn: string, arg: unknown): unknown {
    switch (fn) {
      case 'Ref':
        return this.ref(this.string(fn, arg));
      case 'Fn::GetAtt': {
        const [logicalId, ...attribute] = typeof arg === 'string' ? arg.split('.') : this.list(fn, arg).map((a) => this.string(fn, a));
        if (!logicalId || attribute.length === 0) throw new Error(`Fn::GetAtt needs a resource and an attribute: ${JSON.stringify(arg)}`);
        return this.resources.getAtt(logicalId, attribute.join('.'));
      }
      case 'Fn::Join': {
        const [separator, items] = this.list(fn, arg);
        return this.list(fn, this.walk(items))
          .map((item) => this.string(fn, item))
          .join(this.string(fn, separator));
      }
      case 'Fn::Sub':
        return this.sub(arg);
      case 'Fn::Select': {
        const [index, items] = this.list(fn, arg);
        const list = this.list(fn, this.walk(items));
        const i = Number(this.walk(index));
        if (!Number.isInteger(i) || i < 0 || i >= list.length) throw new Error(`Fn::Select index ${String(i)} is out of range`);
        return list[i];
      }
      case 'Fn::Split': {
        const [separator, source] = this.list(fn, arg);
        return this.string(fn, this.walk(source)).split(this.string(fn, separator));
      }
      case 'Fn::If': {
        const [name, whenTrue, whenFalse] = this.list(fn, arg);
        return this.walk(this.condition(this.string(fn, name)) ? whenTrue : whenFalse);
      }
      case 'Fn::Equals':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Fn::Not':
      case 'Condition':
        return this.truth({ [fn]: arg });
      case 'Fn::FindInMap': {
        const [map, top, second] = this.list(fn, this.walk(arg)).map((a) => this.string(fn, a));
        const found = this.template.Mappings?.[map ?? '']?.[top ?? '']?.[second ?? ''];
        if (found === undefined) throw new Error(`Fn::FindInMap found nothing for ${JSON.stringify(arg)}`);
        return found;
      }
      case 'Fn::Base64':
        return Buffer.from(this.string(fn, this.walk(arg))).toString('base64');
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((zone) => `${this.env.region}${zone}`);
      case 'Fn::Length':
        return this.list(fn, this.walk(arg)).length;
      case 'Fn::ToJsonString':
        return JSON.stringify(this.walk(arg));
      default:
        throw new Error(`${fn} cannot be resolved locally`);
    }
  }

  private ref(name: string): unknown {
    switch (name) {
      case 'AWS::Region':
        return this.env.region;
      case 'AWS::AccountId':
        return this.env.accountId;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return this.env.stackName;
      case 'AWS::StackId':
        return `arn:aws:cloudformation:${this.env.region}:${this.env.accountId}:stack/${this.env.stackName}/local`;
      case 'AWS::NoValue':
        return NO_VALUE;
      case 'AWS::NotificationARNs':
        return [];
    }
    const parameter = this.template.Parameters?.[name];
    if (parameter) {
      if (parameter.Default === undefined) throw new Error(`parameter ${name} has no default, and nothing supplies parameters locally`);
      return parameter.Default;
    }
    return this.resources.ref(name);
  }

  private sub(arg: unknown): string {
    const [text, variables] = typeof arg === 'string' ? [arg, {}] : (this.list('Fn::Sub', arg) as [unknown, unknown]);
    const vars = (this.walk(variables ?? {}) ?? {}) as Record<string, unknown>;
    return this.string('Fn::Sub', text).replace(/\$\{([^}]*)\}/g, (_match, inner: string) => {
      // `${!Literal}` writes `${Literal}`.
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      if (inner in vars) return String(vars[inner]);
      const dot = inner.indexOf('.');
      if (dot > 0 && !inner.startsWith('AWS::')) return this.resources.getAtt(inner.slice(0, dot), inner.slice(dot + 1));
      return this.string('Fn::Sub', this.ref(inner));
    });
  }

  private truth(definition: unknown): boolean {
    const [fn, arg] = Object.entries(definition as Record<string, unknown>)[0] ?? [];
    switch (fn) {
      case 'Fn::Equals': {
        const [a, b] = this.list(fn, arg).map((v) => this.walk(v));
        return JSON.stringify(a) === JSON.stringify(b);
      }
      case 'Fn::And':
        return this.list(fn, arg).every((c) => this.truth(c));
      case 'Fn::Or':
        return this.list(fn, arg).some((c) => this.truth(c));
      case 'Fn::Not':
        return !this.truth(this.list(fn, arg)[0]);
      case 'Condition':
        return this.condition(this.string(fn, arg));
      default:
        throw new Error(`not a condition: ${JSON.stringify(definition)}`);
    }
  }

  private list(fn: string, value: unknown): unknown[] {
    if (!Array.isArray(value)) throw new Error(`${fn} expects a list, got ${JSON.stringify(value)}`);
    return value;
  }

  private string(fn: string, value: unknown): string {
    const resolved = this.walk(value);
    if (typeof resolved === 'string') return resolved;
    if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
    throw new Error(`${fn} expects a string, got ${JSON.stringify(resolved)}`);
  }
}
