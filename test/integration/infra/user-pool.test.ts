/**
 * The user pool construct on its own (CDK assertions): sign-in as the issue asks for it, the web
 * client frontends use, the admin group the resolvers know, the PreSignUp trigger, and settings
 * Cognito would refuse caught at synth.
 */
import { Duration, RemovalPolicy, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Table, AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import { afterAll, describe, expect, it } from 'vitest';
import type { UserPoolSettings } from '../../../infra/config.js';
import { UsersOrdersUserPool } from '../../../infra/constructs/user-pool.js';
import { ADMIN_GROUP } from '../../../resolvers/lib/callers.js';
import { constructStack, resourcesOfType } from '../../helpers/cdk.js';

const SETTINGS: UserPoolSettings = {
  deletionProtection: true,
  passwordMinLength: 14,
  tokenValidity: { access: Duration.minutes(30), id: Duration.minutes(45), refresh: Duration.days(7) },
};

const test = constructStack();
const table = new Table(test.stack, 'Table', { partitionKey: { name: 'PK', type: AttributeType.STRING }, sortKey: { name: 'SK', type: AttributeType.STRING } });
const users = new UsersOrdersUserPool(test.stack, 'Users', {
  name: 'users-orders-test',
  settings: SETTINGS,
  table,
  logLevel: 'INFO',
  logRetention: RetentionDays.ONE_MONTH,
  removalPolicy: RemovalPolicy.RETAIN,
});
const template = Template.fromStack(test.stack);
afterAll(() => test.cleanup());

const id = (construct: IConstruct) => test.stack.getLogicalId(construct.node.defaultChild as CfnElement);
const pool = () => resourcesOfType(template, 'AWS::Cognito::UserPool')[id(users.userPool)]!;
const client = () => resourcesOfType(template, 'AWS::Cognito::UserPoolClient')[id(users.webClient)]!.Properties!;

describe('UsersOrdersUserPool', () => {
  it('signs in by username only, case-insensitively, with self sign-up', () => {
    const props = pool().Properties!;
    expect(props).toMatchObject({ UsernameConfiguration: { CaseSensitive: false }, AdminCreateUserConfig: { AllowAdminCreateUserOnly: false } });
    expect(props).not.toHaveProperty('UsernameAttributes');
    expect(props).not.toHaveProperty('AliasAttributes');
  });

  it('requires an email, verifies it by code, and keeps the verified one until a new one is verified', () => {
    expect(pool().Properties).toMatchObject({
      Schema: [{ Name: 'email', Required: true, Mutable: true }],
      AutoVerifiedAttributes: ['email'],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
      VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_CODE' },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
  });

  it('has a password policy of the configured length with every character class, and optional TOTP (no SMS)', () => {
    expect(pool().Properties).toMatchObject({
      Policies: { PasswordPolicy: { MinimumLength: 14, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 7 } },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
  });

  it('invites migrated users with their username and a temporary password', () => {
    const invite = (pool().Properties!['AdminCreateUserConfig'] as { InviteMessageTemplate: { EmailMessage: string } }).InviteMessageTemplate.EmailMessage;
    expect(invite).toContain('{username}');
    expect(invite).toContain('{####}');
  });

  it('takes deletion protection and the removal policy from its props', () => {
    expect(pool()).toMatchObject({ Properties: { DeletionProtection: 'ACTIVE' }, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('runs the PreSignUp trigger, which may read the table', () => {
    expect(pool().Properties!['LambdaConfig']).toEqual({ PreSignUp: { 'Fn::GetAtt': [id(users.preSignUp.function), 'Arn'] } });
    expect((resourcesOfType(template, 'AWS::Lambda::Function')[id(users.preSignUp.function)]!.Properties!['Environment'] as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      TABLE_NAME: { Ref: id(table) },
    });
  });

  it('has one app client for frontends: no secret, SRP and refresh only, no OAuth, the configured token lifetimes, revocation on', () => {
    expect(Object.keys(resourcesOfType(template, 'AWS::Cognito::UserPoolClient'))).toHaveLength(1);
    expect(client()).toEqual({
      UserPoolId: { Ref: id(users.userPool) },
      ClientName: 'web',
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlowsUserPoolClient: false,
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AccessTokenValidity: 30,
      IdTokenValidity: 45,
      RefreshTokenValidity: 7 * 24 * 60,
      AuthSessionValidity: 3,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    });
  });

  it(`has the "${ADMIN_GROUP}" group the resolvers treat as admins`, () => {
    expect(Object.values(resourcesOfType(template, 'AWS::Cognito::UserPoolGroup')).map((g) => g.Properties)).toEqual([
      { UserPoolId: { Ref: id(users.userPool) }, GroupName: 'admin', Description: expect.any(String), Precedence: 0 },
    ]);
  });

  it('refuses token lifetimes and password lengths Cognito would reject', () => {
    const other = constructStack();
    const otherTable = new Table(other.stack, 'Table', { partitionKey: { name: 'PK', type: AttributeType.STRING } });
    const make = (settings: UserPoolSettings, name: string) =>
      new UsersOrdersUserPool(other.stack, name, { name, settings, table: otherTable, logLevel: 'INFO', logRetention: RetentionDays.ONE_DAY, removalPolicy: RemovalPolicy.DESTROY });
    const tokens = SETTINGS.tokenValidity;
    expect(() => make({ ...SETTINGS, tokenValidity: { ...tokens, access: Duration.minutes(4) } }, 'ShortAccess')).toThrow(/accessTokenValidity: Must be a duration between 5 minutes and 1 day/);
    expect(() => make({ ...SETTINGS, tokenValidity: { ...tokens, id: Duration.days(2) } }, 'LongId')).toThrow(/idTokenValidity: Must be a duration between 5 minutes and 1 day/);
    expect(() => make({ ...SETTINGS, tokenValidity: { ...tokens, refresh: Duration.minutes(30) } }, 'ShortRefresh')).toThrow(/refreshTokenValidity: Must be a duration between 1 hour and 3650 days/);
    expect(() => make({ ...SETTINGS, passwordMinLength: 6 }, 'WeakPassword')).toThrow(/8 to 99/);
    other.cleanup();
  });
});
