/**
 * Sign-ins in the middle of a challenge, between InitiateAuth and RespondToAuthChallenge: an SRP
 * exchange waiting for its PASSWORD_VERIFIER answer (found by its SECRET_BLOCK), a user who
 * must choose a new password, a custom (CUSTOM_AUTH) challenge waiting for its answer, or a
 * choice-based (USER_AUTH) sign-in waiting for the user's choice or email code (all found by the
 * Session string). They live in memory for the client's
 * AuthSessionValidity (3 minutes by default), as Cognito's sessions do; a restart forgets them,
 * and the client signs in again.
 */

interface ChallengeBase {
  poolId: string;
  clientId: string;
  /** The internal username. */
  username: string;
  /** ms since the epoch */
  expiresAt: number;
}

export interface PasswordVerifierChallenge extends ChallengeBase {
  kind: 'PASSWORD_VERIFIER';
  A: bigint;
  B: bigint;
  b: bigint;
  /** The verifier the exchange started with (a password changed meanwhile makes the answer fail). */
  verifier: string;
  /** Set when the exchange is a step of CUSTOM_AUTH with SRP: the sign-in goes on from there. */
  custom?: { history: ChallengeResult[]; sub?: string };
}

export interface NewPasswordChallenge extends ChallengeBase {
  kind: 'NEW_PASSWORD_REQUIRED';
  sub: string;
}

/** One answered challenge, as DefineAuthChallenge gets it in `request.session`. */
export interface ChallengeResult {
  challengeName: string;
  challengeResult: boolean;
  challengeMetadata?: string;
}

export interface CustomChallenge extends ChallengeBase {
  kind: 'CUSTOM_CHALLENGE';
  /** The user's sub; absent for an unknown user whose existence is hidden (PreventUserExistenceErrors). */
  sub?: string;
  /** The challenges answered so far, oldest first. */
  history: ChallengeResult[];
  /** CreateAuthChallenge's answer for the open challenge: VerifyAuthChallengeResponse gets them. */
  privateChallengeParameters: Record<string, string>;
  challengeMetadata?: string;
}

/** USER_AUTH waiting for the user's choice of first factor. */
export interface SelectChallenge extends ChallengeBase {
  kind: 'SELECT_CHALLENGE';
  /** Absent for an unknown user whose existence is hidden. */
  sub?: string;
  available: string[];
}

/** USER_AUTH waiting for the code sent by email (EMAIL_OTP). */
export interface EmailOtpChallenge extends ChallengeBase {
  kind: 'EMAIL_OTP';
  /** Absent for an unknown user whose existence is hidden: no code was sent, none matches. */
  sub?: string;
}

export type PendingChallenge = PasswordVerifierChallenge | NewPasswordChallenge | CustomChallenge | SelectChallenge | EmailOtpChallenge;

/** Pending challenges kept at most; the oldest are dropped first. */
const MAX_PENDING = 10_000;

export class ChallengeSessions {
  private readonly pending = new Map<string, PendingChallenge>();

  add(key: string, challenge: PendingChallenge, now: number): void {
    for (const [k, c] of this.pending) if (c.expiresAt <= now) this.pending.delete(k);
    if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
    this.pending.set(key, challenge);
  }

  /** The challenge for a key, removed: each answer is accepted once. */
  take(key: string | undefined): PendingChallenge | undefined {
    if (key === undefined) return undefined;
    const found = this.pending.get(key);
    this.pending.delete(key);
    return found;
  }

  /** The challenge for a key, left in place (an answer refused for its content may be tried again). */
  get(key: string | undefined): PendingChallenge | undefined {
    return key === undefined ? undefined : this.pending.get(key);
  }

  delete(key: string): void {
    this.pending.delete(key);
  }

  /** Forgets every pending challenge (reset(), or of pools gone after a reload). */
  clear(keep: (challenge: PendingChallenge) => boolean = () => false): void {
    for (const [k, c] of this.pending) if (!keep(c)) this.pending.delete(k);
  }
}
