/**
 * Which auth modes may read each field, from the schema's auth directives, as AppSync decides
 * (https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html#using-additional-authorization-modes):
 *
 * - a field's directives replace its type's directives;
 * - a field or type without any directive is open to the API's default mode only;
 * - once a directive is present, only the listed modes may read it, the default mode included;
 * - `@aws_cognito_user_pools(cognito_groups: [...])` also requires one of the groups;
 * - `@aws_auth` is legacy and counts only on an API whose only mode is user pools;
 * - a user pools caller of a pool whose DefaultAction is DENY reads only fields whose effective
 *   rule names one of the caller's groups (everything else is "not matching the configuration");
 * - a Lambda authorizer's `deniedFields` deny those fields to that caller, whatever the directives.
 *
 * Type directives apply to the type's fields wherever the type is reached, so a nested object
 * type without a directive for the caller's (non-default) mode refuses the caller one level in.
 * A denied field is null with the error AppSync gives: errorType `Unauthorized`,
 * "Not Authorized to access <field> on type <Type>".
 */
import { isObjectType, Kind, type ConstDirectiveNode, type GraphQLField, type GraphQLSchema } from 'graphql';
import type { AuthMode } from '../appsync-js/index.js';

const DIRECTIVE_MODES: Record<string, AuthMode> = {
  aws_api_key: 'API_KEY',
  aws_iam: 'AWS_IAM',
  aws_oidc: 'OPENID_CONNECT',
  aws_lambda: 'AWS_LAMBDA',
  aws_cognito_user_pools: 'AMAZON_COGNITO_USER_POOLS',
};

export interface FieldRule {
  modes: ReadonlySet<AuthMode>;
  /** For user pools: the caller must be in one of these groups, when given. */
  cognitoGroups?: readonly string[];
}

/** What authentication learnt about a caller that field authorization needs. */
export interface CallerGrants {
  /** `cognito:groups` of a user pools caller. */
  groups?: readonly string[];
  /** The DefaultAction of the user pool the caller's token matched (only the default provider has one). */
  userPoolDefaultAction?: 'ALLOW' | 'DENY';
  /** `Type.field`s a Lambda authorizer denied this caller. */
  deniedFields?: ReadonlySet<string>;
}

export interface Caller extends CallerGrants {
  mode: AuthMode;
}

export class FieldAuthorization {
  private readonly rules = new Map<string, FieldRule>();

  constructor(schema: GraphQLSchema, defaultMode: AuthMode, additionalModes: readonly AuthMode[]) {
    const onlyUserPools = defaultMode === 'AMAZON_COGNITO_USER_POOLS' && additionalModes.length === 0;
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !isObjectType(type)) continue;
      const typeRule = ruleOf([...(type.astNode?.directives ?? []), ...type.extensionASTNodes.flatMap((n) => n.directives ?? [])], onlyUserPools);
      for (const field of Object.values(type.getFields())) {
        const fieldRule = ruleOf(fieldDirectives(field), onlyUserPools);
        this.rules.set(`${type.name}.${field.name}`, fieldRule ?? typeRule ?? { modes: new Set([defaultMode]) });
      }
    }
  }

  rule(typeName: string, fieldName: string): FieldRule | undefined {
    return this.rules.get(`${typeName}.${fieldName}`);
  }

  allows(typeName: string, fieldName: string, caller: Caller): boolean {
    // Introspection and __typename are open to every caller the API lets in.
    if (fieldName.startsWith('__') || typeName.startsWith('__')) return true;
    const key = `${typeName}.${fieldName}`;
    if (caller.deniedFields?.has(key)) return false;
    const rule = this.rules.get(key);
    if (!rule || !rule.modes.has(caller.mode)) return false;
    if (caller.mode === 'AMAZON_COGNITO_USER_POOLS') {
      if (rule.cognitoGroups) return rule.cognitoGroups.some((g) => caller.groups?.includes(g) ?? false);
      return caller.userPoolDefaultAction !== 'DENY';
    }
    return true;
  }
}

export function unauthorizedMessage(typeName: string, fieldName: string): string {
  return `Not Authorized to access ${fieldName} on type ${typeName}`;
}

function fieldDirectives(field: GraphQLField<unknown, unknown>): readonly ConstDirectiveNode[] {
  return field.astNode?.directives ?? [];
}

function ruleOf(directives: readonly ConstDirectiveNode[], onlyUserPools: boolean): FieldRule | undefined {
  const modes = new Set<AuthMode>();
  let cognitoGroups: string[] | undefined;
  for (const directive of directives) {
    const name = directive.name.value;
    if (name === 'aws_auth') {
      if (!onlyUserPools) continue;
      modes.add('AMAZON_COGNITO_USER_POOLS');
      cognitoGroups = groupsOf(directive);
      continue;
    }
    const mode = DIRECTIVE_MODES[name];
    if (!mode) continue;
    modes.add(mode);
    if (mode === 'AMAZON_COGNITO_USER_POOLS') cognitoGroups = groupsOf(directive);
  }
  if (modes.size === 0) return undefined;
  return cognitoGroups ? { modes, cognitoGroups } : { modes };
}

function groupsOf(directive: ConstDirectiveNode): string[] | undefined {
  const arg = directive.arguments?.find((a) => a.name.value === 'cognito_groups');
  // GraphQL coerces a single value given for a list argument to a list of one: `cognito_groups: "Admins"`.
  if (arg?.value.kind === Kind.STRING) return [arg.value.value];
  if (!arg || arg.value.kind !== Kind.LIST) return undefined;
  return arg.value.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : []));
}
