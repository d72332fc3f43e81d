/**
 * What one user pool holds at run time: its users (with their passwords' verifiers, groups and
 * pending codes), the sign-in sessions behind refresh tokens, and the codes issued, with the
 * look-ups Cognito does: a username (case-insensitive when the pool says so), a sign-in name that
 * may be an email or phone number (UsernameAttributes) or an alias (AliasAttributes: verified
 * email or phone, preferred_username), a `sub`.
 *
 * It is plain data with a JSON snapshot: user-pool-store.ts keeps the snapshot on disk.
 */
import type { StoredPassword } from './stored-password.js';
import type { UserPoolDefinition } from './user-pool-definitions.js';

export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED';
/** SIGN_IN: the EMAIL_OTP first factor of choice-based sign-in (USER_AUTH). */
/** What a code is for; an attribute verification code is kept per attribute, as Cognito does. */
export type CodePurpose = 'SIGN_UP' | 'FORGOT_PASSWORD' | 'SIGN_IN' | 'VERIFY_EMAIL' | 'VERIFY_PHONE_NUMBER';

export interface PendingCode {
  code: string;
  /** ms since the epoch */
  expiresAt: number;
  /** The attribute the code went to (which a confirmation verifies). */
  attribute?: 'email' | 'phone_number';
  failedAttempts: number;
}

export interface StoredUser {
  /** The internal username (`cognito:username`, USER_ID_FOR_SRP); a UUID in email/phone-as-username pools. */
  username: string;
  sub: string;
  /** Every attribute but `sub`, as strings ("true"/"false" for the verified flags). */
  attributes: Record<string, string>;
  status: UserStatus;
  enabled: boolean;
  /** ms since the epoch */
  createdAt: number;
  updatedAt: number;
  password?: StoredPassword;
  groups: string[];
  codes: Partial<Record<CodePurpose, PendingCode>>;
}

/** One sign-in: what a refresh token continues and what revoking it ends (Cognito's origin_jti). */
export interface SignInSession {
  originJti: string;
  eventId: string;
  clientId: string;
  sub: string;
  /** SHA-256 of the refresh token (hex): the token itself is not kept. */
  refreshTokenHash: string;
  /** seconds since the epoch */
  authTime: number;
  /** ms since the epoch */
  refreshExpiresAt: number;
  revoked: boolean;
}

/** A code as the local listing shows it (GET /_local/cognito/codes). */
export interface IssuedCode {
  poolId: string;
  username: string;
  purpose: CodePurpose;
  code: string;
  deliveryMedium: 'EMAIL' | 'SMS';
  destination: string;
  /** ISO 8601 */
  issuedAt: string;
  expiresAt: string;
}

export interface UserPoolSnapshot {
  users: StoredUser[];
  sessions: SignInSession[];
  codes: IssuedCode[];
}

/** Codes kept for listing, per pool (the oldest go first). */
const ISSUED_CODES_KEPT = 1000;

export class UserPoolState {
  private readonly users = new Map<string, StoredUser>();
  readonly sessions = new Map<string, SignInSession>();
  private issued: IssuedCode[] = [];

  constructor(
    private current: UserPoolDefinition,
    snapshot?: UserPoolSnapshot,
  ) {
    for (const user of snapshot?.users ?? []) this.users.set(this.key(user.username), user);
    for (const session of snapshot?.sessions ?? []) this.sessions.set(session.originJti, session);
    this.issued = [...(snapshot?.codes ?? [])];
  }

  get definition(): UserPoolDefinition {
    return this.current;
  }

  /** Serves the pool with a reloaded definition; usernames are re-keyed (CaseSensitive may have changed). */
  redefine(definition: UserPoolDefinition): void {
    const users = this.allUsers();
    this.current = definition;
    this.users.clear();
    for (const user of users) this.users.set(this.key(user.username), user);
  }

  get id(): string {
    return this.definition.id;
  }

  /** How a username is compared: as given, or lower-cased in a case-insensitive pool. */
  key(name: string): string {
    return this.definition.caseSensitive ? name : name.toLowerCase();
  }

  allUsers(): StoredUser[] {
    return [...this.users.values()];
  }

  /** By internal username only. */
  byUsername(username: string): StoredUser | undefined {
    return this.users.get(this.key(username));
  }

  bySub(sub: string): StoredUser | undefined {
    return this.allUsers().find((u) => u.sub === sub);
  }

  /**
   * The user a caller names to sign in, confirm, reset a password or be administered: the
   * internal username, else (email/phone-as-username pools) the email or phone number, else an
   * alias: preferred_username, or an email/phone number once verified.
   */
  find(name: string): StoredUser | undefined {
    const direct = this.byUsername(name);
    if (direct) return direct;
    const wanted = this.key(name);
    const { usernameAttributes, aliasAttributes } = this.definition;
    for (const attribute of usernameAttributes) {
      const found = this.allUsers().find((u) => u.attributes[attribute] !== undefined && this.key(u.attributes[attribute]!) === wanted);
      if (found) return found;
    }
    for (const attribute of aliasAttributes) {
      const found = this.allUsers().find(
        (u) => u.attributes[attribute] !== undefined && this.key(u.attributes[attribute]!) === wanted && (attribute === 'preferred_username' || u.attributes[`${attribute}_verified`] === 'true'),
      );
      if (found) return found;
    }
    return undefined;
  }

  /** Another user holding `value` as a sign-in name for `attribute` (verified, unless it is preferred_username or a username attribute). */
  holderOf(attribute: string, value: string, except?: StoredUser): StoredUser | undefined {
    const wanted = this.key(value);
    const isUsernameAttribute = (this.definition.usernameAttributes as string[]).includes(attribute);
    return this.allUsers().find(
      (u) =>
        u !== except &&
        u.attributes[attribute] !== undefined &&
        this.key(u.attributes[attribute]!) === wanted &&
        (isUsernameAttribute || attribute === 'preferred_username' || u.attributes[`${attribute}_verified`] === 'true'),
    );
  }

  add(user: StoredUser): void {
    this.users.set(this.key(user.username), user);
  }

  /** Removes the user with every sign-in session of theirs. */
  remove(user: StoredUser): void {
    this.users.delete(this.key(user.username));
    for (const [id, session] of this.sessions) if (session.sub === user.sub) this.sessions.delete(id);
  }

  /** Forgets the sign-in sessions whose refresh token expired more than `keepMs` before `now`. */
  pruneSessions(now: number, keepMs: number): void {
    for (const [id, session] of this.sessions) if (now > session.refreshExpiresAt + keepMs) this.sessions.delete(id);
  }

  /** Drops every user, session and code (reset()). */
  clear(): void {
    this.users.clear();
    this.sessions.clear();
    this.issued = [];
  }

  recordCode(code: IssuedCode): void {
    this.issued.push(code);
    if (this.issued.length > ISSUED_CODES_KEPT) this.issued.splice(0, this.issued.length - ISSUED_CODES_KEPT);
  }

  issuedCodes(): readonly IssuedCode[] {
    return this.issued;
  }

  snapshot(): UserPoolSnapshot {
    return { users: this.allUsers(), sessions: [...this.sessions.values()], codes: this.issued };
  }
}
