/**
 * The IAM-signed read-only APIs describing what the template defines: ListUserPools,
 * DescribeUserPool, ListUserPoolClients, DescribeUserPoolClient, ListGroups, GetGroup. Values
 * come from the template (with Cognito's defaults filled in); dates are when the local Cognito
 * first served the pool in this process.
 */
import { validationError } from '../cognito-errors.js';
import type { CognitoCore } from '../cognito-core.js';
import type { UserPoolState } from '../user-pool-state.js';
import type { UserPoolClientDefinition, UserPoolDefinition } from '../user-pool-definitions.js';
import { paginate, type ActionHandler } from './action-input.js';
import { groupType } from './admin-user-actions.js';

const ListUserPools: ActionHandler = async (core, input) => {
  if (input['MaxResults'] === undefined || input['MaxResults'] === null) throw validationError('maxResults', 'Member must not be null');
  const pools = [...core.pools.values()];
  const { page, next } = paginate(pools, input, 'MaxResults', 'NextToken');
  return {
    UserPools: page.map((pool) => ({
      Id: pool.id,
      Name: pool.definition.name,
      LambdaConfig: lambdaConfig(pool.definition),
      LastModifiedDate: core.createdAt(pool.id) / 1000,
      CreationDate: core.createdAt(pool.id) / 1000,
    })),
    ...(next ? { NextToken: next } : {}),
  };
};

const DescribeUserPool: ActionHandler = async (core, input) => {
  const pool = core.pool(input['UserPoolId']);
  const d = pool.definition;
  const policy = d.passwordPolicy;
  return {
    UserPool: {
      Id: d.id,
      Name: d.name,
      Arn: d.arn,
      Policies: {
        PasswordPolicy: {
          MinimumLength: policy.minimumLength,
          RequireUppercase: policy.requireUppercase,
          RequireLowercase: policy.requireLowercase,
          RequireNumbers: policy.requireNumbers,
          RequireSymbols: policy.requireSymbols,
          TemporaryPasswordValidityDays: policy.temporaryPasswordValidityDays,
        },
      },
      DeletionProtection: d.deletionProtection ? 'ACTIVE' : 'INACTIVE',
      LambdaConfig: lambdaConfig(d),
      LastModifiedDate: core.createdAt(d.id) / 1000,
      CreationDate: core.createdAt(d.id) / 1000,
      SchemaAttributes: d.schema.map((a) => ({ Name: a.name, AttributeDataType: a.dataType, DeveloperOnlyAttribute: a.developerOnly, Mutable: a.mutable, Required: a.required })),
      AutoVerifiedAttributes: d.autoVerifiedAttributes,
      ...(d.aliasAttributes.length > 0 ? { AliasAttributes: d.aliasAttributes } : {}),
      ...(d.usernameAttributes.length > 0 ? { UsernameAttributes: d.usernameAttributes } : {}),
      MfaConfiguration: d.mfaConfiguration,
      EstimatedNumberOfUsers: pool.allUsers().length,
      UsernameConfiguration: { CaseSensitive: d.caseSensitive },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: d.allowAdminCreateUserOnly, UnusedAccountValidityDays: policy.temporaryPasswordValidityDays },
      ...(d.accountRecovery ? { AccountRecoverySetting: { RecoveryMechanisms: d.accountRecovery.map((Name, i) => ({ Name, Priority: i + 1 })) } } : {}),
    },
  };
};

const ListUserPoolClients: ActionHandler = async (core, input) => {
  const pool = core.pool(input['UserPoolId']);
  const { page, next } = paginate(pool.definition.clients, input, 'MaxResults', 'NextToken');
  return { UserPoolClients: page.map((c) => ({ ClientId: c.id, UserPoolId: pool.id, ClientName: c.name })), ...(next ? { NextToken: next } : {}) };
};

const DescribeUserPoolClient: ActionHandler = async (core, input) => {
  const pool = core.pool(input['UserPoolId']);
  const client = core.clientOf(pool, input['ClientId']);
  return { UserPoolClient: describeClient(core, pool, client) };
};

const ListGroups: ActionHandler = async (core, input) => {
  const pool = core.pool(input['UserPoolId']);
  const { page, next } = paginate(pool.definition.groups, input, 'Limit', 'NextToken');
  return { Groups: page.map((g) => groupType(core, pool, g)), ...(next ? { NextToken: next } : {}) };
};

const GetGroup: ActionHandler = async (core, input) => {
  const pool = core.pool(input['UserPoolId']);
  return { Group: groupType(core, pool, core.group(pool, input['GroupName'])) };
};

function describeClient(core: CognitoCore, pool: UserPoolState, client: UserPoolClientDefinition): Record<string, unknown> {
  const created = core.createdAt(pool.id) / 1000;
  return {
    UserPoolId: pool.id,
    ClientName: client.name,
    ClientId: client.id,
    ...(client.secret ? { ClientSecret: client.secret } : {}),
    LastModifiedDate: created,
    CreationDate: created,
    ...client.validitySettings,
    ...(client.readAttributes ? { ReadAttributes: client.readAttributes } : {}),
    ...(client.writeAttributes ? { WriteAttributes: client.writeAttributes } : {}),
    ExplicitAuthFlows: client.explicitAuthFlows,
    AllowedOAuthFlowsUserPoolClient: false,
    PreventUserExistenceErrors: client.preventUserExistenceErrors,
    EnableTokenRevocation: client.enableTokenRevocation,
    EnablePropagateAdditionalUserContextData: false,
    AuthSessionValidity: client.authSessionValidityMinutes,
  };
}

function lambdaConfig(d: UserPoolDefinition): Record<string, unknown> {
  const t = d.triggers;
  return {
    ...(t.preSignUp ? { PreSignUp: t.preSignUp } : {}),
    ...(t.postConfirmation ? { PostConfirmation: t.postConfirmation } : {}),
    ...(t.preTokenGeneration
      ? {
          PreTokenGeneration: t.preTokenGeneration.functionArn,
          PreTokenGenerationConfig: { LambdaArn: t.preTokenGeneration.functionArn, LambdaVersion: t.preTokenGeneration.version },
        }
      : {}),
  };
}

export const poolDescriptionActions = { ListUserPools, DescribeUserPool, ListUserPoolClients, DescribeUserPoolClient, ListGroups, GetGroup };
