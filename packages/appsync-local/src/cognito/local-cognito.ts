/**
 * A local Amazon Cognito user pools service for the template's pools (user-pool-definitions.ts):
 * the Cognito Identity Provider JSON API for the unmodified AWS SDK and Amplify (sign-up with
 * confirmation codes, SRP and password sign-in, refresh, sign-out, password reset, the admin APIs),
 * RS256 tokens with Cognito's claims signed by a local key, and each pool's JWKS and OpenID
 * configuration at its local issuer `<issuerBase>/<poolId>`.
 *
 * Public API (everything else in this folder is internal):
 *
 *   const cognito = await LocalCognito.open({ pools, stateDir?, issuerBase, region, credentials?, invokeTrigger?, log?, clock?, random? });
 *   await cognito.setPools(pools);                       // after a reload; users of pools still present stay
 *   await cognito.handle(action, input, request?);       // one API call: output object, or throws CognitoError
 *   await cognito.reset();                               // every user, code, session and refresh token gone
 *   cognito.issuer(poolId);                              // `<issuerBase>/<poolId>`: the `iss` of its tokens
 *   cognito.jwks(poolId); cognito.openidConfiguration(poolId);   // undefined for an unknown pool; jwks verifies tokens in-process
 *   cognito.codes({ poolId?, username? });               // confirmation / reset codes issued, oldest first
 *   cognito.pools();                                     // pools with their clients, for listings
 *   await cognito.ensureUser(poolId, { username, password?, attributes?, groups? });  // harness: a confirmed user
 *   await cognito.issueTokens(poolId, clientId, username);                            // harness: tokens as after a sign-in
 *   await cognito.signInUser(poolId, clientId, { username, ... });                    // harness: both, one write
 *   await cognito.flush();                               // every state write on disk
 *
 * `handle` checks SigV4 (service `cognito-idp`, the `credentials` given) for the IAM-authorized
 * actions (Admin*, List*, Describe*, GetGroup) when it gets the signed `request`; an in-process
 * call without `request` is trusted. The public actions (SignUp, InitiateAuth, GetUser, ...) are
 * unsigned, as in Cognito. `invokeTrigger(functionArn, event)` runs a Lambda trigger (resolving to
 * its result, rejecting with its error); `clock` and `random` make codes, ids and expiry
 * deterministic in tests. With `stateDir`, users and the signing key persist under
 * `<stateDir>/cognito/`. docs/cognito.md describes the differences from Cognito.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { JSONWebKeySet } from 'jose';
import { verifySigV4, type IncomingSignedRequest, type SigV4Credentials } from '../auth/sigv4-verifier.js';
import { SigningKey } from '../auth/signing-key.js';
import { adminUserActions } from './actions/admin-user-actions.js';
import type { ActionHandler, ActionInput } from './actions/action-input.js';
import { authActions } from './actions/auth-actions.js';
import { poolDescriptionActions } from './actions/pool-description-actions.js';
import { signUpActions } from './actions/sign-up-actions.js';
import { userSessionActions, updateAttributes } from './actions/user-session-actions.js';
import { checkUnique, newUser, newUserName } from './actions/user-creation.js';
import { CognitoCore } from './cognito-core.js';
import { CognitoError, serializationError, unknownOperation, userNotFound } from './cognito-errors.js';
import { LambdaTriggers, type InvokeTrigger } from './lambda-triggers.js';
import { generateTemporaryPassword } from './password-policy.js';
import type { AuthenticationResult } from './token-issuer.js';
import { checkAttributeWrite } from './user-attributes.js';
import type { UserPoolDefinition } from './user-pool-definitions.js';
import type { IssuedCode, StoredUser, UserPoolState } from './user-pool-state.js';
import { UserPoolStore } from './user-pool-store.js';

export type { InvokeTrigger } from './lambda-triggers.js';
export type { IssuedCode } from './user-pool-state.js';
export type { AuthenticationResult } from './token-issuer.js';
export { CognitoError } from './cognito-errors.js';

export interface LocalCognitoOptions {
  pools: UserPoolDefinition[];
  /** Users, sessions, codes and the signing key live under `<stateDir>/cognito/`; in memory without. */
  stateDir?: string;
  /** `http://localhost:4000/_local/cognito`: each pool's issuer is `<issuerBase>/<poolId>`. */
  issuerBase: string;
  region: string;
  /** The local AWS credentials IAM-authorized actions must be signed with (not checked when absent). */
  credentials?: SigV4Credentials;
  invokeTrigger?: InvokeTrigger;
  log?: (line: string) => void;
  clock?: () => Date;
  random?: (size: number) => Uint8Array;
}

/** The HTTP request an action came in, for its signature (see IncomingSignedRequest). */
export type CognitoRequest = IncomingSignedRequest;

export interface EnsureUserInput {
  /** The sign-in name: a username, or the email / phone number in pools that sign in with those. */
  username: string;
  /** Set as the permanent password (the pool's policy applies). */
  password?: string;
  /** Attribute values; email_verified / phone_number_verified default to "true" when email / phone_number are given. */
  attributes?: Record<string, string>;
  /** Group names the user is in (exactly these). */
  groups?: string[];
}

export interface PoolSummary {
  id: string;
  name: string;
  issuer: string;
  usernameAttributes: string[];
  aliasAttributes: string[];
  userCount: number;
  clients: { id: string; name: string; secret?: string; explicitAuthFlows: string[] }[];
  groups: string[];
}

/** Actions a caller makes without AWS credentials (Cognito's public API); the others need SigV4. */
export const PUBLIC_ACTIONS: ReadonlySet<string> = new Set([
  'SignUp',
  'ConfirmSignUp',
  'ResendConfirmationCode',
  'InitiateAuth',
  'RespondToAuthChallenge',
  'GetTokensFromRefreshToken',
  'RevokeToken',
  'GetUser',
  'UpdateUserAttributes',
  'GetUserAttributeVerificationCode',
  'VerifyUserAttribute',
  'ChangePassword',
  'DeleteUser',
  'GlobalSignOut',
  'ForgotPassword',
  'ConfirmForgotPassword',
]);

const ACTIONS: Record<string, ActionHandler> = { ...poolDescriptionActions, ...signUpActions, ...authActions, ...userSessionActions, ...adminUserActions };

/** Every implemented action, by name. */
export const SUPPORTED_COGNITO_ACTIONS: readonly string[] = Object.keys(ACTIONS).sort();

export class LocalCognito {
  private readonly store: UserPoolStore;

  private constructor(
    private readonly core: CognitoCore,
    store: UserPoolStore,
    private readonly options: LocalCognitoOptions,
  ) {
    this.store = store;
  }

  static async open(options: LocalCognitoOptions): Promise<LocalCognito> {
    const log = options.log ?? (() => undefined);
    const store = new UserPoolStore(options.stateDir);
    const core = new CognitoCore({
      issuerBase: options.issuerBase,
      // One in-memory key for every LocalCognito of the process without a state dir (see SigningKey).
      key: await SigningKey.open(options.stateDir ? { file: path.join(options.stateDir, 'cognito', 'signing-key.json') } : { sharedInMemory: 'cognito' }),
      store,
      triggers: new LambdaTriggers(options.invokeTrigger, log),
      log,
      clock: options.clock ?? (() => new Date()),
      random: options.random ?? ((size) => randomBytes(size)),
    });
    const cognito = new LocalCognito(core, store, options);
    await cognito.setPools(options.pools);
    return cognito;
  }

  /** Serves another set of pools (after a reload): users of pools still present stay, seed users are added. */
  async setPools(pools: UserPoolDefinition[]): Promise<void> {
    await this.core.setPools(pools);
    for (const pool of this.core.pools.values()) await this.seed(pool);
  }

  /** One API call by action name: the output, or a CognitoError with Cognito's type and message. */
  async handle(action: string, input: unknown, request?: CognitoRequest): Promise<Record<string, unknown>> {
    const handler = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
    if (!handler) {
      throw unknownOperation(COGNITO_ACTIONS.has(action) ? `The local Cognito does not implement ${action}. It implements: ${SUPPORTED_COGNITO_ACTIONS.join(', ')}.` : undefined);
    }
    if (request && this.options.credentials && !PUBLIC_ACTIONS.has(action)) await this.checkSignature(request, this.options.credentials);
    if (input !== undefined && input !== null && (typeof input !== 'object' || Array.isArray(input))) throw serializationError('The request body must be a JSON object.');
    return handler(this.core, (input ?? {}) as ActionInput);
  }

  /** Drops every user, code, session and refresh token (on disk too); the template's seed users come back. */
  async reset(): Promise<void> {
    for (const pool of this.core.pools.values()) pool.clear();
    this.core.challenges.clear();
    await this.store.clear();
    for (const pool of this.core.pools.values()) await this.seed(pool);
  }

  issuer(poolId: string): string {
    return this.core.issuer(poolId);
  }

  jwks(poolId: string): JSONWebKeySet | undefined {
    return this.core.pools.has(poolId) ? this.core.key.jwks() : undefined;
  }

  /** The OpenID discovery document of a pool (issuer and keys; there is no hosted UI locally). */
  openidConfiguration(poolId: string): Record<string, unknown> | undefined {
    if (!this.core.pools.has(poolId)) return undefined;
    const issuer = this.issuer(poolId);
    return {
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['RS256'],
      subject_types_supported: ['public'],
      response_types_supported: ['code', 'token'],
      scopes_supported: ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'email', 'email_verified', 'phone_number', 'phone_number_verified', 'cognito:username', 'cognito:groups'],
    };
  }

  /** Confirmation and password-reset codes issued, oldest first. */
  codes(filter: { poolId?: string; username?: string } = {}): IssuedCode[] {
    return [...this.core.pools.values()]
      .filter((p) => filter.poolId === undefined || p.id === filter.poolId)
      .flatMap((p) => p.issuedCodes())
      .filter((c) => filter.username === undefined || c.username === filter.username || this.core.pools.get(c.poolId)?.find(filter.username)?.username === c.username)
      .sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
  }

  pools(): PoolSummary[] {
    return [...this.core.pools.values()].map((pool) => {
      const d = pool.definition;
      return {
        id: d.id,
        name: d.name,
        issuer: this.issuer(d.id),
        usernameAttributes: d.usernameAttributes,
        aliasAttributes: d.aliasAttributes,
        userCount: pool.allUsers().length,
        clients: d.clients.map((c) => ({ id: c.id, name: c.name, ...(c.secret ? { secret: c.secret } : {}), explicitAuthFlows: c.explicitAuthFlows })),
        groups: d.groups.map((g) => g.name),
      };
    });
  }

  /**
   * A confirmed, enabled user with these settings, created or updated (no triggers run): for
   * tests and seeding. Returns the internal username and sub.
   */
  async ensureUser(poolId: string, input: EnsureUserInput): Promise<{ username: string; sub: string }> {
    const pool = this.core.pool(poolId);
    const user = this.ensure(pool, input);
    await this.core.save(pool);
    return { username: user.username, sub: user.sub };
  }

  /** ID, access and refresh tokens for a user as a sign-in through the client gives them (PreTokenGeneration runs). */
  async issueTokens(poolId: string, clientId: string, username: string): Promise<AuthenticationResult> {
    const pool = this.core.pool(poolId);
    const client = this.core.clientOf(pool, clientId);
    const user = pool.find(username);
    if (!user) throw userNotFound();
    return this.core.signIn(pool, client, user, 'TokenGeneration_Authentication');
  }

  /**
   * ensureUser, then issueTokens, with one write of the pool (the sign-in's) instead of one for
   * the user and one for the session: what the local sign-in endpoint and the harness call.
   */
  async signInUser(poolId: string, clientId: string, input: EnsureUserInput): Promise<AuthenticationResult & { username: string }> {
    const pool = this.core.pool(poolId);
    const client = this.core.clientOf(pool, clientId);
    const user = this.ensure(pool, input);
    return { ...(await this.core.signIn(pool, client, user, 'TokenGeneration_Authentication')), username: user.username };
  }

  /** Waits until every state change is on disk. */
  flush(): Promise<void> {
    return this.store.flush();
  }

  /** ensureUser's change to the pool, without saving it. */
  private ensure(pool: UserPoolState, input: EnsureUserInput): StoredUser {
    const attributes = { ...input.attributes };
    for (const attribute of ['email', 'phone_number']) if (attributes[attribute] !== undefined) attributes[`${attribute}_verified`] ??= 'true';
    let user = pool.find(input.username);
    if (!user) {
      const name = newUserName(this.core, pool, input.username);
      const values = { ...checkAttributeWrite(toList(attributes), { schema: pool.definition.schema }), ...name.attributes };
      checkUnique(pool, name, values, 'AdminCreateUser');
      user = newUser(this.core, name, values, 'CONFIRMED');
      if (name.attributes['email'] && values['email_verified'] === undefined) user.attributes['email_verified'] = 'true';
      if (name.attributes['phone_number'] && values['phone_number_verified'] === undefined) user.attributes['phone_number_verified'] = 'true';
      this.core.setPassword(pool, user, input.password ?? generateTemporaryPassword(pool.definition.passwordPolicy, (n) => this.core.random(n)), {
        temporary: false,
        setter: 'admin',
      });
      pool.add(user);
    } else {
      updateAttributes(pool, user, checkAttributeWrite(toList(attributes), { schema: pool.definition.schema }), this.core.now());
      if (input.password !== undefined) this.core.setPassword(pool, user, input.password, { temporary: false, setter: 'admin' });
    }
    user.status = 'CONFIRMED';
    user.enabled = true;
    if (input.groups) user.groups = input.groups.map((g) => this.core.group(pool, g).name);
    return user;
  }

  /** Creates the template's AWS::Cognito::UserPoolUser users that are missing, and applies its group attachments. */
  private async seed(pool: UserPoolState): Promise<void> {
    let changed = false;
    for (const seed of pool.definition.seedUsers) {
      if (pool.find(seed.username)) continue;
      try {
        const name = newUserName(this.core, pool, seed.username);
        const attributes = { ...checkAttributeWrite(seed.attributes, { schema: pool.definition.schema }), ...name.attributes };
        const user = newUser(this.core, name, attributes, 'FORCE_CHANGE_PASSWORD');
        const password = generateTemporaryPassword(pool.definition.passwordPolicy, (n) => this.core.random(n));
        this.core.setPassword(pool, user, password, { temporary: true, setter: 'admin' });
        pool.add(user);
        changed = true;
        this.core.log(`cognito: temporary password for ${user.username} in ${pool.id} (${seed.logicalId}): ${password}`);
      } catch (err) {
        this.core.log(`cognito: ${seed.logicalId} not created in ${pool.id}: ${(err as Error).message}`);
      }
    }
    for (const { username, groupName } of pool.definition.memberships) {
      const user = pool.find(username);
      if (user && pool.definition.groups.some((g) => g.name === groupName) && !user.groups.includes(groupName)) {
        user.groups.push(groupName);
        changed = true;
      }
    }
    if (changed) await this.core.save(pool);
  }

  private async checkSignature(request: CognitoRequest, credentials: SigV4Credentials): Promise<void> {
    const authorization = request.headers['authorization'];
    if (authorization === undefined || authorization === '') throw new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token'); // unconfirmed
    const verdict = await verifySigV4(request, {
      service: 'cognito-idp',
      lookup: (accessKeyId) => (accessKeyId === credentials.accessKeyId ? credentials : undefined),
      now: this.options.clock?.(),
    });
    if (!verdict.valid) throw new CognitoError(verdict.errorType, verdict.reason);
  }
}

function toList(attributes: Record<string, string>) {
  return Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));
}

/** Cognito's operations (API version 2016-04-18), to tell one the local Cognito lacks from a misspelt one. */
const COGNITO_ACTIONS = new Set(
  (
    'AddCustomAttributes AddUserPoolClientSecret AdminAddUserToGroup AdminConfirmSignUp AdminCreateUser AdminDeleteUser AdminDeleteUserAttributes ' +
    'AdminDisableProviderForUser AdminDisableUser AdminEnableUser AdminForgetDevice AdminGetDevice AdminGetUser AdminGetUserAuthFactors AdminInitiateAuth ' +
    'AdminLinkProviderForUser AdminListDevices AdminListGroupsForUser AdminListUserAuthEvents AdminListUserSessions AdminRemoveUserFromGroup AdminResetUserPassword ' +
    'AdminRespondToAuthChallenge AdminRevokeUserSession AdminSetUserMFAPreference AdminSetUserPassword AdminSetUserSettings AdminUpdateAuthEventFeedback ' +
    'AdminUpdateDeviceStatus AdminUpdateUserAttributes AdminUserGlobalSignOut AssociateSoftwareToken ChangePassword CompleteWebAuthnRegistration ConfirmDevice ' +
    'ConfirmForgotPassword ConfirmSignUp CreateGroup CreateIdentityProvider CreateManagedLoginBranding CreateResourceServer CreateTerms CreateUserImportJob ' +
    'CreateUserPool CreateUserPoolClient CreateUserPoolDomain CreateUserPoolReplica DeleteGroup DeleteIdentityProvider DeleteManagedLoginBranding ' +
    'DeleteResourceServer DeleteTerms DeleteUser DeleteUserAttributes DeleteUserPool DeleteUserPoolClient DeleteUserPoolClientSecret DeleteUserPoolDomain ' +
    'DeleteUserPoolReplica DeleteWebAuthnCredential DescribeIdentityProvider DescribeManagedLoginBranding DescribeManagedLoginBrandingByClient ' +
    'DescribeResourceServer DescribeRiskConfiguration DescribeTerms DescribeTermsByClient DescribeUserImportJob DescribeUserPool DescribeUserPoolClient ' +
    'DescribeUserPoolDomain ForgetDevice ForgotPassword GetCSVHeader GetClientToken GetDevice GetGroup GetIdentityProviderByIdentifier ' +
    'GetLogDeliveryConfiguration GetProvisionedLimit GetSigningCertificate GetTokensFromRefreshToken GetUICustomization GetUser ' +
    'GetUserAttributeVerificationCode GetUserAuthFactors GetUserPoolClientSessionConfiguration GetUserPoolMfaConfig GetUserPoolSessionConfiguration ' +
    'GlobalSignOut InitiateAuth ListDevices ListGroups ListIdentityProviders ListResourceServers ListTagsForResource ListTerms ListUserImportJobs ' +
    'ListUserPoolClientSecrets ListUserPoolClients ListUserPoolReplicas ListUserPools ListUsers ListUsersInGroup ListWebAuthnCredentials ' +
    'ResendConfirmationCode RespondToAuthChallenge RevokeToken RevokeUserSession SetLogDeliveryConfiguration SetRiskConfiguration SetUICustomization ' +
    'SetUserMFAPreference SetUserPoolClientSessionConfiguration SetUserPoolMfaConfig SetUserPoolSessionConfiguration SetUserSettings SignUp ' +
    'StartUserImportJob StartWebAuthnRegistration StopUserImportJob TagResource UntagResource UpdateAuthEventFeedback UpdateDeviceStatus UpdateGroup ' +
    'UpdateIdentityProvider UpdateManagedLoginBranding UpdateProvisionedLimit UpdateResourceServer UpdateTerms UpdateUserAttributes UpdateUserPool ' +
    'UpdateUserPoolClient UpdateUserPoolDomain UpdateUserPoolReplica VerifySoftwareToken VerifyUserAttribute'
  ).split(' '),
);
