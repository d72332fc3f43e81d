/**
 * The Cognito user pools a template declares, as the local Cognito serves them:
 * AWS::Cognito::UserPool with its AWS::Cognito::UserPoolClient, AWS::Cognito::UserPoolGroup,
 * AWS::Cognito::UserPoolUser and AWS::Cognito::UserPoolUserToGroupAttachment resources, and the
 * settings that change what a caller sees. Ids are what `Ref` resolves to locally
 * (local-resources.ts), so a frontend configured from the template's outputs names the right pool
 * and client.
 *
 * A resource whose Condition is false does not exist, here as in CloudFormation. Defaults are
 * Cognito's (the CreateUserPool / CreateUserPoolClient API reference), noted where they apply.
 */
import type { TemplateResolver } from '../cloud-assembly/intrinsics.js';
import type { CfnTemplate, TemplateResource } from '../cloud-assembly/template.js';
import { resourcesOfType } from '../cloud-assembly/template.js';
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from './password-policy.js';
import { buildSchema, isTrue, type SchemaAttribute } from './user-attributes.js';

export type SignInAttribute = 'email' | 'phone_number';
export type AliasAttribute = SignInAttribute | 'preferred_username';
export type RecoveryMechanism = 'verified_email' | 'verified_phone_number' | 'admin_only';

export interface UserPoolDefinition {
  logicalId: string;
  /** `<region>_<9 letters or digits>` */
  id: string;
  name: string;
  arn: string;
  passwordPolicy: PasswordPolicy;
  /** Policies.SignInPolicy.AllowedFirstAuthFactors: what USER_AUTH offers; Cognito's default is PASSWORD only. */
  firstAuthFactors: string[];
  /** Sign in with these instead of a username (the username is then a generated UUID). */
  usernameAttributes: SignInAttribute[];
  /** Sign in with these besides the username (email and phone only once verified). */
  aliasAttributes: AliasAttribute[];
  /** UsernameConfiguration.CaseSensitive; Cognito's API default is case sensitive. */
  caseSensitive: boolean;
  /** Where confirmation codes go (and which attribute a confirmation verifies). */
  autoVerifiedAttributes: SignInAttribute[];
  schema: SchemaAttribute[];
  mfaConfiguration: 'OFF' | 'ON' | 'OPTIONAL';
  allowAdminCreateUserOnly: boolean;
  /** AccountRecoverySetting, by priority; absent: Cognito's legacy choice (verified phone, else verified email). */
  accountRecovery?: RecoveryMechanism[];
  triggers: UserPoolTriggers;
  deletionProtection: boolean;
  clients: UserPoolClientDefinition[];
  groups: UserPoolGroupDefinition[];
  /** AWS::Cognito::UserPoolUser resources: created on start when absent. */
  seedUsers: SeedUserDefinition[];
  /** AWS::Cognito::UserPoolUserToGroupAttachment resources. */
  memberships: { username: string; groupName: string }[];
}

export interface UserPoolTriggers {
  preSignUp?: string;
  postConfirmation?: string;
  /** PreTokenGenerationConfig (LambdaVersion V1_0/V2_0/V3_0), else the legacy PreTokenGeneration (V1). */
  preTokenGeneration?: { functionArn: string; version: 'V1_0' | 'V2_0' | 'V3_0' };
  /** The custom authentication (CUSTOM_AUTH) triggers; the flow needs all three. */
  defineAuthChallenge?: string;
  createAuthChallenge?: string;
  verifyAuthChallengeResponse?: string;
  /** Triggers the local Cognito does not run, by LambdaConfig key (reported, not invoked). */
  notRun: string[];
}

export interface TokenValidity {
  accessTokenSeconds: number;
  idTokenSeconds: number;
  refreshTokenSeconds: number;
}

export interface UserPoolClientDefinition {
  logicalId: string;
  /** 26 lowercase letters or digits. */
  id: string;
  name: string;
  /** With GenerateSecret: every call must then carry SECRET_HASH (or ClientSecret). */
  secret?: string;
  /** In the ALLOW_ form (legacy names mapped); Cognito's default when absent: SRP, custom, refresh. */
  explicitAuthFlows: string[];
  tokenValidity: TokenValidity;
  /** As the API reports them (numbers in TokenValidityUnits). */
  validitySettings: {
    AccessTokenValidity: number;
    IdTokenValidity: number;
    RefreshTokenValidity: number;
    TokenValidityUnits: { AccessToken: string; IdToken: string; RefreshToken: string };
  };
  /** Minutes a challenge Session stays valid (3 by default). */
  authSessionValidityMinutes: number;
  /** Absent: every attribute. */
  readAttributes?: string[];
  writeAttributes?: string[];
  preventUserExistenceErrors: 'ENABLED' | 'LEGACY';
  enableTokenRevocation: boolean;
}

export interface UserPoolGroupDefinition {
  logicalId: string;
  name: string;
  description?: string;
  precedence?: number;
  roleArn?: string;
}

export interface SeedUserDefinition {
  logicalId: string;
  username: string;
  attributes: { Name: string; Value?: string }[];
}

const LEGACY_FLOWS: Record<string, string> = {
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
  CUSTOM_AUTH_FLOW_ONLY: 'ALLOW_CUSTOM_AUTH',
};
const DEFAULT_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };
const RUN_TRIGGERS = new Set(['PreSignUp', 'PostConfirmation', 'PreTokenGeneration', 'PreTokenGenerationConfig', 'DefineAuthChallenge', 'CreateAuthChallenge', 'VerifyAuthChallengeResponse']);

export function readUserPools(template: CfnTemplate, resolver: TemplateResolver): UserPoolDefinition[] {
  const exists = (r: TemplateResource) => r.Condition === undefined || resolver.condition(r.Condition);
  // Only the properties read here are resolved: one that cannot resolve locally (a KMS key, an
  // SES identity) must not keep the pool from being served.
  const property = (r: TemplateResource, name: string) => resolver.resolve(r.Properties?.[name]);
  const ofPool = (type: string, poolId: string) => resourcesOfType(template, type).filter((r) => exists(r) && property(r, 'UserPoolId') === poolId);

  return resourcesOfType(template, 'AWS::Cognito::UserPool')
    .filter(exists)
    .map((pool) => {
      const id = resolver.resources.ref(pool.logicalId);
      const prop = (name: string) => property(pool, name);
      const policies = record(prop('Policies'));
      const usernameConfiguration = record(prop('UsernameConfiguration'));
      const adminCreateUserConfig = record(prop('AdminCreateUserConfig'));
      const recovery = record(prop('AccountRecoverySetting'))['RecoveryMechanisms'];
      return {
        logicalId: pool.logicalId,
        id,
        name: resolver.resources.physicalName(pool.logicalId),
        arn: resolver.resources.getAtt(pool.logicalId, 'Arn'),
        passwordPolicy: passwordPolicy(policies['PasswordPolicy'], adminCreateUserConfig),
        firstAuthFactors: firstAuthFactors(record(policies['SignInPolicy'])),
        usernameAttributes: strings(prop('UsernameAttributes')).filter((a): a is SignInAttribute => a === 'email' || a === 'phone_number'),
        aliasAttributes: strings(prop('AliasAttributes')).filter((a): a is AliasAttribute => a === 'email' || a === 'phone_number' || a === 'preferred_username'),
        caseSensitive: usernameConfiguration['CaseSensitive'] === undefined ? true : isTrue(usernameConfiguration['CaseSensitive']),
        autoVerifiedAttributes: strings(prop('AutoVerifiedAttributes')).filter((a): a is SignInAttribute => a === 'email' || a === 'phone_number'),
        schema: buildSchema(prop('Schema')),
        mfaConfiguration: oneOf(prop('MfaConfiguration'), ['OFF', 'ON', 'OPTIONAL'] as const, 'OFF'),
        allowAdminCreateUserOnly: isTrue(adminCreateUserConfig['AllowAdminCreateUserOnly']),
        accountRecovery: Array.isArray(recovery)
          ? recovery
              .map((m) => record(m))
              .sort((a, b) => Number(a['Priority'] ?? 0) - Number(b['Priority'] ?? 0))
              .map((m) => m['Name'])
              .filter((n): n is RecoveryMechanism => n === 'verified_email' || n === 'verified_phone_number' || n === 'admin_only')
          : undefined,
        triggers: triggers(record(prop('LambdaConfig'))),
        deletionProtection: prop('DeletionProtection') === 'ACTIVE',
        clients: ofPool('AWS::Cognito::UserPoolClient', id).map((client) => readClient(client, (name) => property(client, name), resolver)),
        groups: ofPool('AWS::Cognito::UserPoolGroup', id).map((group) => ({
          logicalId: group.logicalId,
          name: resolver.resources.ref(group.logicalId),
          description: optionalString(property(group, 'Description')),
          precedence: property(group, 'Precedence') === undefined ? undefined : Number(property(group, 'Precedence')),
          roleArn: optionalString(property(group, 'RoleArn')),
        })),
        seedUsers: ofPool('AWS::Cognito::UserPoolUser', id).map((user) => ({
          logicalId: user.logicalId,
          username: resolver.resources.ref(user.logicalId),
          attributes: (Array.isArray(property(user, 'UserAttributes')) ? (property(user, 'UserAttributes') as unknown[]) : [])
            .map((a) => record(a))
            .map((a) => ({ Name: String(a['Name']), Value: a['Value'] === undefined ? undefined : String(a['Value']) })),
        })),
        memberships: ofPool('AWS::Cognito::UserPoolUserToGroupAttachment', id).map((attachment) => ({
          username: String(property(attachment, 'Username')),
          groupName: String(property(attachment, 'GroupName')),
        })),
      };
    });
}

function firstAuthFactors(signInPolicy: Record<string, unknown>): string[] {
  const factors = strings(signInPolicy['AllowedFirstAuthFactors']);
  return factors.length > 0 ? factors : ['PASSWORD'];
}

function passwordPolicy(value: unknown, adminCreateUserConfig: Record<string, unknown>): PasswordPolicy {
  const p = record(value);
  const flag = (key: string, fallback: boolean) => (p[key] === undefined ? fallback : isTrue(p[key]));
  const legacyDays = adminCreateUserConfig['UnusedAccountValidityDays'];
  return {
    minimumLength: p['MinimumLength'] === undefined ? DEFAULT_PASSWORD_POLICY.minimumLength : Number(p['MinimumLength']),
    // A pool given a PasswordPolicy without a requirement does not require it; one given none gets every default.
    requireUppercase: flag('RequireUppercase', value === undefined),
    requireLowercase: flag('RequireLowercase', value === undefined),
    requireNumbers: flag('RequireNumbers', value === undefined),
    requireSymbols: flag('RequireSymbols', value === undefined),
    temporaryPasswordValidityDays:
      p['TemporaryPasswordValidityDays'] !== undefined
        ? Number(p['TemporaryPasswordValidityDays'])
        : legacyDays !== undefined
          ? Number(legacyDays)
          : DEFAULT_PASSWORD_POLICY.temporaryPasswordValidityDays,
  };
}

function triggers(config: Record<string, unknown>): UserPoolTriggers {
  const arn = (key: string) => optionalString(config[key]);
  const tokenConfig = record(config['PreTokenGenerationConfig']);
  const tokenArn = optionalString(tokenConfig['LambdaArn']) ?? arn('PreTokenGeneration');
  return {
    preSignUp: arn('PreSignUp'),
    postConfirmation: arn('PostConfirmation'),
    preTokenGeneration: tokenArn ? { functionArn: tokenArn, version: oneOf(tokenConfig['LambdaVersion'], ['V1_0', 'V2_0', 'V3_0'] as const, 'V1_0') } : undefined,
    defineAuthChallenge: arn('DefineAuthChallenge'),
    createAuthChallenge: arn('CreateAuthChallenge'),
    verifyAuthChallengeResponse: arn('VerifyAuthChallengeResponse'),
    notRun: Object.keys(config).filter((key) => !RUN_TRIGGERS.has(key) && config[key] !== undefined),
  };
}

function readClient(client: TemplateResource, prop: (name: string) => unknown, resolver: TemplateResolver): UserPoolClientDefinition {
  const units = record(prop('TokenValidityUnits'));
  const validity = (key: string, unitKey: string, defaultValue: number, defaultUnit: string) => {
    const unit = typeof units[unitKey] === 'string' ? (units[unitKey] as string) : defaultUnit;
    const value = prop(key) === undefined ? undefined : Number(prop(key));
    // A value without a unit is in the unit's default (hours for access/ID tokens, days for refresh).
    return value === undefined ? { value: defaultValue / UNIT_SECONDS[defaultUnit]!, unit: defaultUnit, seconds: defaultValue } : { value, unit, seconds: value * (UNIT_SECONDS[unit] ?? 1) };
  };
  const access = validity('AccessTokenValidity', 'AccessToken', 3600, 'hours');
  const id = validity('IdTokenValidity', 'IdToken', 3600, 'hours');
  const refresh = validity('RefreshTokenValidity', 'RefreshToken', 30 * 86400, 'days');
  const flows = strings(prop('ExplicitAuthFlows')).map((f) => LEGACY_FLOWS[f] ?? f);
  const read = strings(prop('ReadAttributes'));
  const write = strings(prop('WriteAttributes'));
  return {
    logicalId: client.logicalId,
    id: resolver.resources.ref(client.logicalId),
    name: resolver.resources.getAtt(client.logicalId, 'Name'),
    secret: isTrue(prop('GenerateSecret')) ? resolver.resources.getAtt(client.logicalId, 'ClientSecret') : undefined,
    explicitAuthFlows: flows.length > 0 ? flows : DEFAULT_FLOWS,
    tokenValidity: { accessTokenSeconds: access.seconds, idTokenSeconds: id.seconds, refreshTokenSeconds: refresh.seconds },
    validitySettings: {
      AccessTokenValidity: access.value,
      IdTokenValidity: id.value,
      RefreshTokenValidity: refresh.value,
      TokenValidityUnits: { AccessToken: access.unit, IdToken: id.unit, RefreshToken: refresh.unit },
    },
    authSessionValidityMinutes: prop('AuthSessionValidity') === undefined ? 3 : Number(prop('AuthSessionValidity')),
    readAttributes: read.length > 0 ? read : undefined,
    writeAttributes: write.length > 0 ? write : undefined,
    // The API's default when the value is not given (the console's is ENABLED).
    preventUserExistenceErrors: prop('PreventUserExistenceErrors') === 'ENABLED' ? 'ENABLED' : 'LEGACY',
    enableTokenRevocation: prop('EnableTokenRevocation') === undefined ? true : isTrue(prop('EnableTokenRevocation')),
  };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}
