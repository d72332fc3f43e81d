/**
 * The local Cognito's state and the steps its actions share: finding pools, clients and users,
 * checking SECRET_HASH, setting passwords under the pool's policy, issuing confirmation and
 * reset codes, starting sign-in sessions and minting their tokens, and authenticating an access
 * token the way Cognito does for GetUser and friends. The actions themselves (actions/*.ts) are
 * written in terms of these steps; local-cognito.ts is the public face.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { errors as joseErrors, type JWTPayload } from 'jose';
import { ChallengeSessions } from './challenge-sessions.js';
import {
  accessTokenExpired,
  accessTokenRevoked,
  clientNotFound,
  codeMismatch,
  expiredCode,
  groupNotFound,
  invalidAccessToken,
  limitExceeded,
  poolNotFound,
  secretHashMismatch,
  secretHashMissing,
  temporaryPasswordExpired,
  userDisabled,
  userNotFound,
  validationError,
} from './cognito-errors.js';
import type { LambdaTriggers } from './lambda-triggers.js';
import { type TokenGenerationSource } from './lambda-triggers.js';
import { poolNameForSrp } from './local-ids.js';
import { checkPasswordPolicy, type PasswordSetter } from './password-policy.js';
import type { SigningKey } from '../auth/signing-key.js';
import { storePassword } from './stored-password.js';
import { issueTokens, rankGroups, type AuthenticationResult } from './token-issuer.js';
import { attributeList, type AttributeType } from './user-attributes.js';
import type { UserPoolClientDefinition, UserPoolDefinition, UserPoolGroupDefinition } from './user-pool-definitions.js';
import { UserPoolState, type CodePurpose, type IssuedCode, type SignInSession, type StoredUser } from './user-pool-state.js';
import type { UserPoolStore } from './user-pool-store.js';

export interface CoreOptions {
  issuerBase: string;
  key: SigningKey;
  store: UserPoolStore;
  triggers: LambdaTriggers;
  log: (line: string) => void;
  clock: () => Date;
  random: (size: number) => Uint8Array;
}

/** Where a code went, as the API reports it. */
export interface CodeDeliveryDetails {
  Destination: string;
  DeliveryMedium: 'EMAIL' | 'SMS';
  AttributeName: 'email' | 'phone_number';
}

/** The user as the admin APIs list it (UserType). */
export interface UserType {
  Username: string;
  Attributes: AttributeType[];
  UserCreateDate: number;
  UserLastModifiedDate: number;
  Enabled: boolean;
  UserStatus: string;
}

/** What an authenticated access token leads to. */
export interface AccessTokenHolder {
  pool: UserPoolState;
  client: UserPoolClientDefinition;
  user: StoredUser;
  session: SignInSession;
  claims: JWTPayload;
}

// SIGN_IN lasts as long as the default sign-in session it belongs to (an inference).
const CODE_DESCRIPTIONS: Record<CodePurpose, string> = {
  SIGN_UP: 'confirmation code',
  FORGOT_PASSWORD: 'password reset code',
  SIGN_IN: 'sign-in code (EMAIL_OTP)',
  VERIFY_EMAIL: 'email verification code',
  VERIFY_PHONE_NUMBER: 'phone number verification code',
};
const CODE_VALIDITY_MS: Record<CodePurpose, number> = { SIGN_UP: 24 * 3600_000, FORGOT_PASSWORD: 3600_000, SIGN_IN: 3 * 60_000, VERIFY_EMAIL: 24 * 3600_000, VERIFY_PHONE_NUMBER: 24 * 3600_000 };
/** Wrong codes accepted before LimitExceededException (Cognito's exact count is unconfirmed). */
const MAX_CODE_ATTEMPTS = 5;
/**
 * How long a sign-in session is kept after its refresh token expired, before it is pruned (else
 * every sign-in would stay in the pool's state for good). A day is Cognito's longest ID and
 * access token validity: a token refreshed just before the refresh token expired is still good
 * for GetUser until then, and needs its session (origin_jti). Meanwhile the expired refresh
 * token is still answered "Refresh Token has expired"; after that, as an unknown one.
 */
const EXPIRED_SESSION_KEPT_MS = 86400_000;

export class CognitoCore {
  readonly pools = new Map<string, UserPoolState>();
  readonly challenges = new ChallengeSessions();
  private clients = new Map<string, { pool: UserPoolState; client: UserPoolClientDefinition }>();
  /** When each pool was first served (its CreationDate locally). */
  private readonly servedSince = new Map<string, number>();

  constructor(readonly options: CoreOptions) {}

  get key(): SigningKey {
    return this.options.key;
  }

  get triggers(): LambdaTriggers {
    return this.options.triggers;
  }

  log(line: string): void {
    this.options.log(line);
  }

  now(): number {
    return this.options.clock().getTime();
  }

  random(size: number): Uint8Array {
    return this.options.random(size);
  }

  /** A version-4 UUID from the random source. */
  newId(): string {
    const b = Buffer.from(this.random(16));
    b[6] = (b[6]! & 0x0f) | 0x40;
    b[8] = (b[8]! & 0x3f) | 0x80;
    const hex = b.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** An opaque random string (refresh tokens, sessions, SRP secret blocks). */
  opaque(bytes: number, encoding: 'base64' | 'base64url' = 'base64url'): string {
    return Buffer.from(this.random(bytes)).toString(encoding);
  }

  issuer(poolId: string): string {
    return `${this.options.issuerBase.replace(/\/$/, '')}/${poolId}`;
  }

  createdAt(poolId: string): number {
    return this.servedSince.get(poolId) ?? this.now();
  }

  /** Serves these pools: states of pools still present are kept (with their users), others dropped. */
  async setPools(definitions: UserPoolDefinition[]): Promise<void> {
    const next = new Map<string, UserPoolState>();
    for (const definition of definitions) {
      const existing = this.pools.get(definition.id);
      if (existing) {
        existing.redefine(definition);
        next.set(definition.id, existing);
      } else {
        const state = new UserPoolState(definition, await this.options.store.load(definition.id));
        state.pruneSessions(this.now(), EXPIRED_SESSION_KEPT_MS);
        next.set(definition.id, state);
      }
      if (!this.servedSince.has(definition.id)) this.servedSince.set(definition.id, this.now());
    }
    this.pools.clear();
    for (const [id, state] of next) this.pools.set(id, state);
    this.clients = new Map([...next.values()].flatMap((pool) => pool.definition.clients.map((client) => [client.id, { pool, client }] as const)));
    this.challenges.clear((c) => this.pools.has(c.poolId));
  }

  /** Writes the pool's state (sessions long expired are pruned first, so they are not kept for good). */
  save(pool: UserPoolState): Promise<void> {
    pool.pruneSessions(this.now(), EXPIRED_SESSION_KEPT_MS);
    return this.options.store.save(pool.id, () => pool.snapshot());
  }

  pool(poolId: unknown): UserPoolState {
    if (typeof poolId !== 'string') throw validationError('userPoolId', 'Member must not be null');
    const pool = this.pools.get(poolId);
    if (!pool) {
      if (!/^[\w-]+_[0-9a-zA-Z]+$/.test(poolId)) throw validationError('userPoolId', 'Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+', poolId);
      throw poolNotFound(poolId);
    }
    return pool;
  }

  client(clientId: unknown): { pool: UserPoolState; client: UserPoolClientDefinition } {
    if (typeof clientId !== 'string') throw validationError('clientId', 'Member must not be null');
    const found = this.clients.get(clientId);
    if (!found) throw clientNotFound(clientId);
    return found;
  }

  /** A client that must belong to the pool (the admin APIs name both). */
  clientOf(pool: UserPoolState, clientId: unknown): UserPoolClientDefinition {
    const found = this.client(clientId);
    if (found.pool !== pool) throw clientNotFound(String(clientId));
    return found.client;
  }

  /** The user an admin API names (username or alias), or UserNotFoundException. */
  user(pool: UserPoolState, username: unknown): StoredUser {
    if (typeof username !== 'string') throw validationError('username', 'Member must not be null');
    const user = pool.find(username);
    if (!user) throw userNotFound();
    return user;
  }

  group(pool: UserPoolState, name: unknown): UserPoolGroupDefinition {
    if (typeof name !== 'string') throw validationError('groupName', 'Member must not be null');
    const group = pool.definition.groups.find((g) => g.name === name);
    if (!group) throw groupNotFound();
    return group;
  }

  userGroups(pool: UserPoolState, user: StoredUser): UserPoolGroupDefinition[] {
    return rankGroups(pool.definition.groups.filter((g) => user.groups.includes(g.name)));
  }

  /**
   * SECRET_HASH for a client with a secret: Base64(HMAC-SHA256(secret, username + clientId)),
   * accepted for any of the names the user may have been addressed by.
   */
  checkSecretHash(client: UserPoolClientDefinition, secretHash: unknown, names: (string | undefined)[]): void {
    if (!client.secret) return;
    if (typeof secretHash !== 'string' || secretHash === '') throw secretHashMissing(client.id);
    const given = Buffer.from(secretHash, 'base64');
    const ok = names.some((name) => {
      if (name === undefined) return false;
      const expected = createHmac('sha256', client.secret!).update(`${name}${client.id}`).digest();
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    if (!ok) throw secretHashMismatch(client.id);
  }

  /** ClientSecret as GetTokensFromRefreshToken and RevokeToken take it (the secret itself). */
  checkClientSecret(client: UserPoolClientDefinition, secret: unknown): void {
    if (!client.secret) return;
    if (typeof secret !== 'string' || secret === '') throw secretHashMissing(client.id);
    const a = Buffer.from(secret);
    const b = Buffer.from(client.secret);
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw secretHashMismatch(client.id);
  }

  /** Checks the pool's policy and stores what password checks need (never the password). */
  setPassword(pool: UserPoolState, user: StoredUser, password: string, options: { temporary: boolean; setter: PasswordSetter }): void {
    checkPasswordPolicy(pool.definition.passwordPolicy, password, options.setter);
    user.password = storePassword(password, { poolName: poolNameForSrp(pool.id), userIdForSrp: user.username }, { random: (n) => this.random(n), now: this.now(), temporary: options.temporary });
    user.updatedAt = this.now();
  }

  /** A temporary password past the policy's validity cannot sign in any more. */
  checkTemporaryPassword(pool: UserPoolState, user: StoredUser): void {
    if (user.status !== 'FORCE_CHANGE_PASSWORD' || !user.password?.temporary) return;
    const validFor = pool.definition.passwordPolicy.temporaryPasswordValidityDays * 86400_000;
    if (this.now() > user.password.setAt + validFor) throw temporaryPasswordExpired();
  }

  /** Disabled users cannot sign in, refresh or use their tokens. */
  checkEnabled(user: StoredUser): void {
    if (!user.enabled) throw userDisabled();
  }

  /**
   * Where a code for this purpose goes: sign-up codes to the auto-verified attribute the user has
   * (the phone first, as Cognito when both are), reset codes by the pool's AccountRecoverySetting
   * (or, without one, a verified phone, else a verified email).
   */
  deliveryTarget(pool: UserPoolState, user: StoredUser, purpose: CodePurpose): 'email' | 'phone_number' | undefined {
    const has = (attribute: 'email' | 'phone_number') => !!user.attributes[attribute];
    const verified = (attribute: 'email' | 'phone_number') => has(attribute) && user.attributes[`${attribute}_verified`] === 'true';
    if (purpose === 'SIGN_UP') {
      const auto = pool.definition.autoVerifiedAttributes;
      return (['phone_number', 'email'] as const).find((a) => auto.includes(a) && has(a));
    }
    const mechanisms = pool.definition.accountRecovery ?? ['verified_phone_number', 'verified_email'];
    for (const mechanism of mechanisms) {
      if (mechanism === 'verified_email' && verified('email')) return 'email';
      if (mechanism === 'verified_phone_number' && verified('phone_number')) return 'phone_number';
    }
    return undefined;
  }

  /** Issues a 6-digit code: kept on the user, listed, and logged (Cognito would send it). */
  issueCode(pool: UserPoolState, user: StoredUser, purpose: CodePurpose, attribute: 'email' | 'phone_number'): CodeDeliveryDetails {
    const digits = Buffer.from(this.random(4)).readUInt32BE(0) % 1_000_000;
    const code = String(digits).padStart(6, '0');
    const now = this.now();
    const expiresAt = now + CODE_VALIDITY_MS[purpose];
    user.codes[purpose] = { code, expiresAt, attribute, failedAttempts: 0 };
    const delivery = codeDelivery(attribute, user.attributes[attribute] ?? '');
    const issued: IssuedCode = {
      poolId: pool.id,
      username: user.username,
      purpose,
      code,
      deliveryMedium: delivery.DeliveryMedium,
      destination: user.attributes[attribute] ?? '',
      issuedAt: new Date(now).toISOString(),
      expiresAt: new Date(expiresAt).toISOString(),
    };
    pool.recordCode(issued);
    const what = CODE_DESCRIPTIONS[purpose];
    this.log(`cognito: ${what} for ${user.username} in ${pool.id}: ${code}`);
    return delivery;
  }

  /** Checks a code the user typed; the code stays pending until the caller deletes it. */
  checkCode(user: StoredUser, purpose: CodePurpose, code: unknown): 'email' | 'phone_number' | undefined {
    const pending = user.codes[purpose];
    if (!pending) throw codeMismatch();
    if (pending.failedAttempts >= MAX_CODE_ATTEMPTS) throw limitExceeded();
    if (typeof code !== 'string' || code !== pending.code) {
      pending.failedAttempts += 1;
      throw codeMismatch();
    }
    if (this.now() > pending.expiresAt) throw expiredCode();
    return pending.attribute;
  }

  /** Starts a sign-in session: a refresh token, and the origin_jti its tokens carry. */
  startSession(pool: UserPoolState, client: UserPoolClientDefinition, user: StoredUser): { session: SignInSession; refreshToken: string } {
    const refreshToken = this.opaque(96);
    const now = this.now();
    const session: SignInSession = {
      originJti: this.newId(),
      eventId: this.newId(),
      clientId: client.id,
      sub: user.sub,
      refreshTokenHash: hashToken(refreshToken),
      authTime: Math.floor(now / 1000),
      refreshExpiresAt: now + client.tokenValidity.refreshTokenSeconds * 1000,
      revoked: false,
    };
    pool.sessions.set(session.originJti, session);
    return { session, refreshToken };
  }

  /** The session a refresh token belongs to, in any pool. */
  sessionOfRefreshToken(refreshToken: string): { pool: UserPoolState; session: SignInSession } | undefined {
    const hash = hashToken(refreshToken);
    for (const pool of this.pools.values()) {
      for (const session of pool.sessions.values()) if (session.refreshTokenHash === hash) return { pool, session };
    }
    return undefined;
  }

  /** Revokes every session of a user (GlobalSignOut, AdminUserGlobalSignOut, AdminDisableUser). */
  revokeSessions(pool: UserPoolState, user: StoredUser): void {
    for (const session of pool.sessions.values()) if (session.sub === user.sub) session.revoked = true;
  }

  /** ID and access tokens for a session, after PreTokenGeneration. */
  async tokens(
    pool: UserPoolState,
    client: UserPoolClientDefinition,
    user: StoredUser,
    session: SignInSession,
    source: TokenGenerationSource,
    clientMetadata?: Record<string, string>,
  ): Promise<AuthenticationResult> {
    const groups = this.userGroups(pool, user);
    const roles = groups.flatMap((g) => (g.roleArn ? [g.roleArn] : []));
    const overrides = await this.triggers.preTokenGeneration(
      { pool: pool.definition, clientId: client.id, clientMetadata },
      source,
      user,
      groups.map((g) => g.name),
      { iamRoles: roles, preferredRole: roles[0] },
    );
    return issueTokens(this.key, { issuer: this.issuer(pool.id), client, user, session, groups, overrides, now: this.now(), newId: () => this.newId() });
  }

  /**
   * A new session and its tokens, refresh token included. The pool is saved once, here, whether
   * the tokens come or not: callers (a new password, the harness's user) change the user just
   * before and leave the saving to this step, so a sign-in writes the pool once.
   */
  async signIn(pool: UserPoolState, client: UserPoolClientDefinition, user: StoredUser, source: TokenGenerationSource, clientMetadata?: Record<string, string>): Promise<AuthenticationResult> {
    const { session, refreshToken } = this.startSession(pool, client, user);
    let tokens: Omit<AuthenticationResult, 'RefreshToken'>;
    try {
      tokens = await this.tokens(pool, client, user, session, source, clientMetadata);
    } catch (err) {
      pool.sessions.delete(session.originJti);
      await this.save(pool);
      throw err;
    }
    await this.save(pool);
    return { ...tokens, RefreshToken: refreshToken };
  }

  /** The user behind an access token, as Cognito checks it for the token-authorized APIs. */
  async authenticate(accessToken: unknown): Promise<AccessTokenHolder> {
    if (typeof accessToken !== 'string' || accessToken === '') throw validationError('accessToken', 'Member must not be null');
    let claims: JWTPayload;
    try {
      claims = await this.key.verify(accessToken, new Date(this.now()));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw accessTokenExpired();
      throw invalidAccessToken();
    }
    if (claims['token_use'] !== 'access' || typeof claims.iss !== 'string') throw invalidAccessToken();
    const pool = [...this.pools.values()].find((p) => this.issuer(p.id) === claims.iss);
    const clientId = claims['client_id'];
    const client = pool?.definition.clients.find((c) => c.id === clientId);
    if (!pool || !client) throw invalidAccessToken();
    const session = typeof claims['origin_jti'] === 'string' ? pool.sessions.get(claims['origin_jti']) : undefined;
    if (!session || session.revoked) throw accessTokenRevoked();
    const user = typeof claims.sub === 'string' ? pool.bySub(claims.sub) : undefined;
    if (!user) throw userNotFound();
    this.checkEnabled(user);
    return { pool, client, user, session, claims };
  }

  userType(user: StoredUser, attributesToGet?: string[]): UserType {
    const attributes = attributeList(user.sub, user.attributes);
    return {
      Username: user.username,
      Attributes: attributesToGet ? attributes.filter((a) => attributesToGet.includes(a.Name)) : attributes,
      UserCreateDate: user.createdAt / 1000,
      UserLastModifiedDate: user.updatedAt / 1000,
      Enabled: user.enabled,
      UserStatus: user.status,
    };
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Where a code went, masked as Cognito masks it (`a***@e***`, `+*******1234`; the exact mask is unconfirmed). */
export function codeDelivery(attribute: 'email' | 'phone_number', value: string): CodeDeliveryDetails {
  if (attribute === 'email') {
    const [local = '', domain = ''] = value.split('@');
    return { Destination: `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`, DeliveryMedium: 'EMAIL', AttributeName: 'email' };
  }
  return { Destination: `+${'*'.repeat(Math.max(0, value.length - 5))}${value.slice(-4)}`, DeliveryMedium: 'SMS', AttributeName: 'phone_number' };
}
