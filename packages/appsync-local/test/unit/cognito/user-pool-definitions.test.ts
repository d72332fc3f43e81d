/**
 * The pools the local Cognito serves, read from the fixture template: every setting that changes
 * what a caller sees, Cognito's defaults where the template says nothing, conditions, and the
 * Cognito-shaped values Ref and Fn::GetAtt give locally (deterministic per stack and logical id).
 */
import { describe, expect, it } from 'vitest';
import { localUserPoolClientId, localUserPoolClientSecret, localUserPoolId } from '../../../src/cognito/local-ids.js';
import type { CfnTemplate } from '../../../src/cloud-assembly/template.js';
import { DEFAULT_PASSWORD_POLICY } from '../../../src/cognito/password-policy.js';
import { readUserPools } from '../../../src/cognito/user-pool-definitions.js';
import { fixtureIds, fixturePools, fixtureResolver, REGION, STACK } from '../../helpers/cognito.js';

describe('readUserPools on the fixture template', () => {
  const pools = fixturePools();
  const { users, customers, web, server, customersClient } = fixtureIds(pools);

  it('reads the pools whose condition holds, each with its own clients, groups, seed users and memberships', () => {
    expect(pools.map((p) => p.logicalId)).toEqual(['Users', 'Customers']);
    expect(users.clients.map((c) => c.logicalId)).toEqual(['WebClient', 'ServerClient']);
    expect(customers.clients.map((c) => c.logicalId)).toEqual(['CustomersClient']);
    expect(users.groups).toEqual([
      { logicalId: 'Admins', name: 'admin', description: 'Shop administrators', precedence: 1, roleArn: undefined },
      { logicalId: 'Staff', name: `${STACK}-Staff`, description: undefined, precedence: 5, roleArn: undefined },
    ]);
    expect(customers.groups).toEqual([]);
    expect(users.seedUsers).toEqual([
      {
        logicalId: 'SeedAdmin',
        username: 'root',
        attributes: [
          { Name: 'email', Value: 'root@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      },
    ]);
    expect(users.memberships).toEqual([{ username: 'root', groupName: 'admin' }]);
  });

  it('a pool: id, name, ARN, password policy, sign-in settings, schema, triggers', () => {
    expect(users).toMatchObject({
      id: localUserPoolId(REGION, STACK, 'Users'),
      name: 'shop-users-dev',
      arn: `arn:aws:cognito-idp:${REGION}:000000000000:userpool/${users.id}`,
      passwordPolicy: { minimumLength: 10, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: false, temporaryPasswordValidityDays: 3 },
      usernameAttributes: [],
      aliasAttributes: ['email', 'preferred_username'],
      caseSensitive: false,
      autoVerifiedAttributes: ['email'],
      mfaConfiguration: 'OFF',
      allowAdminCreateUserOnly: false,
      accountRecovery: ['verified_email'],
      deletionProtection: true,
      triggers: {
        preSignUp: `arn:aws:lambda:${REGION}:000000000000:function:pre-sign-up`,
        postConfirmation: `arn:aws:lambda:${REGION}:000000000000:function:post-confirmation`,
        preTokenGeneration: { functionArn: `arn:aws:lambda:${REGION}:000000000000:function:pre-token`, version: 'V2_0' },
        notRun: ['CustomMessage'],
      },
    });
    const schema = Object.fromEntries(users.schema.map((a) => [a.name, a]));
    expect(schema['email']).toMatchObject({ required: true, mutable: true });
    expect(schema['custom:tenant']).toMatchObject({ dataType: 'String', required: false, mutable: false, developerOnly: false });
    expect(schema['custom:plan']).toMatchObject({ required: false, mutable: true });
    expect(schema['sub']).toMatchObject({ required: true, mutable: false });
    expect(schema['preferred_username']).toMatchObject({ required: false, mutable: true });
  });

  it("Cognito's defaults for a pool that sets little: every password rule, case-sensitive usernames, the legacy PreTokenGeneration as V1", () => {
    expect(customers).toMatchObject({
      name: `${STACK}-Customers`,
      passwordPolicy: DEFAULT_PASSWORD_POLICY,
      usernameAttributes: ['email'],
      aliasAttributes: [],
      caseSensitive: true,
      autoVerifiedAttributes: [],
      accountRecovery: undefined,
      deletionProtection: false,
      triggers: { preTokenGeneration: { functionArn: `arn:aws:lambda:${REGION}:000000000000:function:pre-token`, version: 'V1_0' }, notRun: [] },
      firstAuthFactors: ['PASSWORD'],
    });
  });

  it('the custom challenge triggers (run, not listed as not run) and SignInPolicy.AllowedFirstAuthFactors', () => {
    const template = {
      Resources: {
        Pool: {
          Type: 'AWS::Cognito::UserPool',
          Properties: {
            Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } },
            LambdaConfig: {
              DefineAuthChallenge: 'arn:aws:lambda:eu-west-1:000000000000:function:define',
              CreateAuthChallenge: 'arn:aws:lambda:eu-west-1:000000000000:function:create',
              VerifyAuthChallengeResponse: 'arn:aws:lambda:eu-west-1:000000000000:function:verify',
              UserMigration: 'arn:aws:lambda:eu-west-1:000000000000:function:migrate',
            },
          },
        },
      },
    } as unknown as CfnTemplate;
    const [pool] = readUserPools(template, fixtureResolver({}, template));
    expect(pool).toMatchObject({
      firstAuthFactors: ['PASSWORD', 'EMAIL_OTP'],
      triggers: {
        defineAuthChallenge: 'arn:aws:lambda:eu-west-1:000000000000:function:define',
        createAuthChallenge: 'arn:aws:lambda:eu-west-1:000000000000:function:create',
        verifyAuthChallengeResponse: 'arn:aws:lambda:eu-west-1:000000000000:function:verify',
        notRun: ['UserMigration'],
      },
    });
  });

  it('clients: ids, secrets, auth flows (legacy names mapped, defaults), token validity in its units, attributes, existence errors', () => {
    expect(web).toMatchObject({
      id: localUserPoolClientId(STACK, 'WebClient'),
      name: 'web',
      secret: undefined,
      explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      tokenValidity: { accessTokenSeconds: 30 * 60, idTokenSeconds: 2 * 3600, refreshTokenSeconds: 7 * 86400 },
      validitySettings: {
        AccessTokenValidity: 30,
        IdTokenValidity: 2,
        RefreshTokenValidity: 7,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'hours', RefreshToken: 'days' },
      },
      authSessionValidityMinutes: 3,
      readAttributes: ['email', 'email_verified', 'preferred_username', 'custom:tenant', 'custom:plan'],
      writeAttributes: ['email', 'preferred_username', 'custom:tenant'],
      preventUserExistenceErrors: 'ENABLED',
      enableTokenRevocation: true,
    });
    expect(server).toMatchObject({
      name: 'server',
      secret: localUserPoolClientSecret(STACK, 'ServerClient'),
      explicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      readAttributes: undefined,
      writeAttributes: undefined,
      preventUserExistenceErrors: 'LEGACY',
    });
    expect(customersClient).toMatchObject({
      name: `${STACK}-CustomersClient`,
      explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      tokenValidity: { accessTokenSeconds: 3600, idTokenSeconds: 3600, refreshTokenSeconds: 30 * 86400 },
      validitySettings: {
        AccessTokenValidity: 1,
        IdTokenValidity: 1,
        RefreshTokenValidity: 30,
        TokenValidityUnits: { AccessToken: 'hours', IdToken: 'hours', RefreshToken: 'days' },
      },
    });
  });
});

describe('Ref and Fn::GetAtt of Cognito resources (local-resources.ts)', () => {
  const resolver = fixtureResolver();
  const poolId = resolver.resources.ref('Users');

  it("a pool: Cognito's id shape, ARN, ProviderName, ProviderURL (Cognito's shape without an issuer base)", () => {
    expect(poolId).toMatch(/^eu-west-1_[0-9A-Za-z]{9}$/);
    expect(resolver.resolve({ 'Fn::GetAtt': ['Users', 'UserPoolId'] })).toBe(poolId);
    expect(resolver.resolve({ 'Fn::GetAtt': ['Users', 'Arn'] })).toBe(`arn:aws:cognito-idp:eu-west-1:000000000000:userpool/${poolId}`);
    expect(resolver.resolve({ 'Fn::GetAtt': ['Users', 'ProviderName'] })).toBe(`cognito-idp.eu-west-1.amazonaws.com/${poolId}`);
    expect(resolver.resolve({ 'Fn::GetAtt': ['Users', 'ProviderURL'] })).toBe(`https://cognito-idp.eu-west-1.amazonaws.com/${poolId}`);
  });

  it('ProviderURL is the local issuer when the environment names the local Cognito', () => {
    const local = fixtureResolver({ cognitoIssuerBase: 'http://localhost:4000/_local/cognito/' });
    expect(local.resolve({ 'Fn::GetAtt': ['Users', 'ProviderURL'] })).toBe(`http://localhost:4000/_local/cognito/${poolId}`);
  });

  it('a client: 26 lowercase letters or digits, its name, a 51-character secret only with GenerateSecret', () => {
    expect(resolver.resources.ref('WebClient')).toMatch(/^[a-z0-9]{26}$/);
    expect(resolver.resolve({ 'Fn::GetAtt': ['WebClient', 'Name'] })).toBe('web');
    expect(resolver.resolve({ 'Fn::GetAtt': ['ServerClient', 'ClientSecret'] })).toMatch(/^[a-z0-9]{51}$/);
    expect(() => resolver.resolve({ 'Fn::GetAtt': ['WebClient', 'ClientSecret'] })).toThrow('Fn::GetAtt WebClient.ClientSecret: the client has no secret (GenerateSecret is not true)');
  });

  it("a group's Ref is its name (the template's GroupName, else a generated one); a user's is its username", () => {
    expect(resolver.resources.ref('Admins')).toBe('admin');
    expect(resolver.resources.ref('Staff')).toBe(`${STACK}-Staff`);
    expect(resolver.resources.ref('SeedAdmin')).toBe('root');
  });

  it('ids depend only on the stack and logical id: the same on every run, others for another stack or resource', () => {
    expect(fixtureResolver().resources.ref('Users')).toBe(poolId);
    expect(fixtureResolver().resources.ref('WebClient')).toBe(resolver.resources.ref('WebClient'));
    expect(fixtureResolver({ stackName: 'Other' }).resources.ref('Users')).not.toBe(poolId);
    expect(resolver.resources.ref('Customers')).not.toBe(poolId);
    expect(fixtureResolver({ stackName: 'Other' }).resources.ref('WebClient')).not.toBe(resolver.resources.ref('WebClient'));
    expect(fixtureResolver({ region: 'us-east-1' }).resources.ref('Users')).toMatch(/^us-east-1_/);
  });

  it("the template's outputs resolve to the values the local Cognito serves", () => {
    const pools = fixturePools();
    expect(resolver.resolve({ Ref: 'Users' })).toBe(pools[0]!.id);
    expect(resolver.resolve({ Ref: 'WebClient' })).toBe(pools[0]!.clients[0]!.id);
  });
});
