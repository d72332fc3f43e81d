/**
 * Who the explorer is signed in as in the user pools mode, and the access token each request
 * sends (in `Authorization`, as Amplify's GraphQL client does).
 *
 * Two ways in, both against the local Cognito of this server:
 *
 * - as a frontend signs in: the unmodified Amplify v6 auth module (sign up, confirm, SRP sign-in,
 *   a new password when the user was created with a temporary one, sign out), configured with the
 *   pool, an app client the API accepts and `userPoolEndpoint` = the local Cognito. Amplify keeps
 *   the tokens and refreshes them; its storage here is sessionStorage (this tab only), not its
 *   default localStorage;
 * - the local quick sign-in (`POST /_local/cognito/sign-in`, local-only): a user by name, created
 *   on demand, put in the groups chosen, with tokens at once. Those tokens are kept here (in
 *   sessionStorage too) and refreshed with the Cognito API's REFRESH_TOKEN_AUTH, as Amplify would.
 *
 * Tokens go to this server only: the local Cognito's endpoint and the API.
 */
import { fetchAuthSession, signIn, signOut, signUp, confirmSignUp, confirmSignIn, resendSignUpCode } from '@aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from '@aws-amplify/auth/cognito';
import { Amplify, decodeJWT, sessionStorage as amplifySessionStorage, type ResourcesConfig } from '@aws-amplify/core';
import type { IssuedCode } from '../../cognito/user-pool-state.js';
import type { ExplorerUserPool } from '../explorer-config.js';
import { safely } from './auth-state.js';
import { ObservableValue } from './observable-value.js';

export interface SignedInUser {
  /** `username` of the access token: the internal username (a sub when the pool signs in by email). */
  username: string;
  /** `cognito:groups` of the access token. */
  groups: string[];
  /** Amplify's sign-in, or the local quick sign-in. */
  via: 'amplify' | 'local';
  poolId: string;
  /** When the access token expires (epoch ms); requests refresh it. */
  expiresAt: number;
}

/** What a sign-in asks for next. */
export type SignInOutcome = 'signed-in' | 'confirm-sign-up' | 'new-password';

/** The local quick sign-in's tokens, as `POST /_local/cognito/sign-in` answers them. */
interface LocalSession {
  poolId: string;
  clientId: string;
  username: string;
  idToken: string;
  accessToken: string;
  refreshToken: string;
}

const LOCAL_SESSION_KEY = 'local-appsync-explorer:user-pool-session';
/** A token this close to its expiry is refreshed before it is sent. */
const REFRESH_MARGIN_MS = 60_000;

export class UserPoolSession {
  /** The signed-in user, or null. */
  readonly user = new ObservableValue<SignedInUser | null>(null);
  private pool: ExplorerUserPool | undefined;
  private local: LocalSession | null = null;

  constructor(private readonly localPrefix: string) {}

  /** Points Amplify at a pool and picks up this tab's session with it (after a reload). */
  async use(pool: ExplorerUserPool | undefined): Promise<void> {
    this.pool = pool;
    this.local = null;
    this.user.set(null);
    if (!pool?.clientId) return;
    const config: ResourcesConfig = { Auth: { Cognito: { userPoolId: pool.poolId, userPoolClientId: pool.clientId, userPoolEndpoint: pool.endpoint } } };
    // What `Amplify.configure` of the aws-amplify package does for its default token provider,
    // with sessionStorage instead of localStorage.
    cognitoUserPoolsTokenProvider.setAuthConfig(config.Auth!);
    cognitoUserPoolsTokenProvider.setKeyValueStorage(amplifySessionStorage);
    Amplify.configure(config, { Auth: { tokenProvider: cognitoUserPoolsTokenProvider } });

    const saved = readLocalSession();
    if (saved && saved.poolId === pool.poolId && saved.clientId === pool.clientId) {
      this.local = saved;
      this.user.set(userOf(saved.accessToken, 'local', pool.poolId));
      return;
    }
    await this.refreshUser();
  }

  /** Signs a new user up; true when a confirmation code is needed (false when the pool confirmed the user itself). */
  async signUp(username: string, email: string, password: string): Promise<boolean> {
    const { nextStep } = await signUp({ username, password, options: { userAttributes: email ? { email } : {} } });
    return nextStep.signUpStep === 'CONFIRM_SIGN_UP';
  }

  /**
   * The latest sign-up code the local Cognito issued to the user: nothing is emailed locally,
   * the codes are listed at `/_local/cognito/codes` (and logged by the server).
   */
  async latestCode(username: string): Promise<string | undefined> {
    const pool = this.requirePool();
    const response = await fetch(`${this.localPrefix}/cognito/codes?${new URLSearchParams({ poolId: pool.poolId, username })}`);
    if (!response.ok) throw new Error(`GET /_local/cognito/codes: HTTP ${response.status}`);
    const { codes } = (await response.json()) as { codes: IssuedCode[] };
    return codes.filter((c) => c.purpose === 'SIGN_UP').at(-1)?.code;
  }

  async resendCode(username: string): Promise<void> {
    await resendSignUpCode({ username });
  }

  async confirm(username: string, code: string): Promise<void> {
    await confirmSignUp({ username, confirmationCode: code });
  }

  /** Amplify's default sign-in (SRP), after signing out whoever was signed in. */
  async signIn(username: string, password: string): Promise<SignInOutcome> {
    await this.signOut();
    const { nextStep } = await signIn({ username, password });
    return this.afterSignInStep(nextStep.signInStep);
  }

  /** Answers NEW_PASSWORD_REQUIRED (a user created by an admin or the template, with a temporary password). */
  async setNewPassword(password: string): Promise<SignInOutcome> {
    const { nextStep } = await confirmSignIn({ challengeResponse: password });
    return this.afterSignInStep(nextStep.signInStep);
  }

  /** The local-only quick sign-in: the user is created when missing and put in exactly `groups`. */
  async quickSignIn(username: string, groups: string[]): Promise<void> {
    const pool = this.requirePool();
    await this.signOut();
    const response = await fetch(`${this.localPrefix}/cognito/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, groups, pool: pool.poolId, ...(pool.clientId ? { client: pool.clientId } : {}) }),
    });
    const body = (await response.json()) as LocalSession & { message?: string };
    if (!response.ok) throw new Error(body.message ?? `POST /_local/cognito/sign-in: HTTP ${response.status}`);
    this.local = { poolId: body.poolId, clientId: body.clientId, username: body.username, idToken: body.idToken, accessToken: body.accessToken, refreshToken: body.refreshToken };
    writeLocalSession(this.local);
    this.user.set(userOf(this.local.accessToken, 'local', pool.poolId));
  }

  /** Signs out: Amplify's sign-out revokes the refresh token at the local Cognito; a quick sign-in is forgotten. */
  async signOut(): Promise<void> {
    if (this.local) {
      this.local = null;
      writeLocalSession(null);
    } else if (this.pool?.clientId) {
      // Also when no user is shown: Amplify refuses a sign-in while it holds any session.
      await signOut();
    }
    this.user.set(null);
  }

  /** The access token to send now, refreshed when it is about to expire; null when no one is signed in. */
  async accessToken(): Promise<string | null> {
    if (this.local) {
      if (expiresAt(this.local.accessToken) - Date.now() < REFRESH_MARGIN_MS) await this.refreshLocal();
      return this.local.accessToken;
    }
    if (!this.user.get()) return null;
    const { tokens } = await fetchAuthSession();
    const user = tokens ? userOf(tokens.accessToken.toString(), 'amplify', this.requirePool().poolId) : null;
    // Amplify may have refreshed the tokens, or found the session gone (a revoked refresh token).
    if (user?.expiresAt !== this.user.get()?.expiresAt) this.user.set(user);
    return tokens?.accessToken.toString() ?? null;
  }

  private async afterSignInStep(step: string): Promise<SignInOutcome> {
    if (step === 'DONE') {
      await this.refreshUser();
      return 'signed-in';
    }
    if (step === 'CONFIRM_SIGN_UP') return 'confirm-sign-up';
    if (step === 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED') return 'new-password';
    throw new Error(`Amplify asks for ${step}, which the explorer does not handle (the local Cognito has no MFA or custom challenges).`);
  }

  /** The user from Amplify's stored session (none when signed out). */
  private async refreshUser(): Promise<void> {
    const pool = this.requirePool();
    const { tokens } = await fetchAuthSession().catch(() => ({ tokens: undefined }));
    this.user.set(tokens ? userOf(tokens.accessToken.toString(), 'amplify', pool.poolId) : null);
  }

  /** A quick sign-in's tokens renewed with its refresh token, as Amplify renews its own; kept as they are when that fails (the API then says the token expired). */
  private async refreshLocal(): Promise<void> {
    const session = this.local;
    const pool = this.pool;
    if (!session || !pool) return;
    const response = await fetch(pool.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
      body: JSON.stringify({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: session.clientId, AuthParameters: { REFRESH_TOKEN: session.refreshToken } }),
    }).catch(() => undefined);
    if (!response?.ok) return;
    const { AuthenticationResult: result } = (await response.json()) as { AuthenticationResult?: { AccessToken: string; IdToken: string } };
    if (!result || this.local !== session) return;
    this.local = { ...session, accessToken: result.AccessToken, idToken: result.IdToken };
    writeLocalSession(this.local);
    this.user.set(userOf(result.AccessToken, 'local', session.poolId));
  }

  private requirePool(): ExplorerUserPool {
    if (!this.pool) throw new Error('The API has no user pool to sign in to.');
    return this.pool;
  }
}

function userOf(accessToken: string, via: SignedInUser['via'], poolId: string): SignedInUser {
  const { payload } = decodeJWT(accessToken);
  const groups = payload['cognito:groups'];
  return {
    username: String(payload['username'] ?? payload.sub ?? ''),
    groups: Array.isArray(groups) ? groups.map(String) : [],
    via,
    poolId,
    expiresAt: expiresAt(accessToken),
  };
}

function expiresAt(token: string): number {
  return (decodeJWT(token).payload.exp ?? 0) * 1000;
}

function readLocalSession(): LocalSession | null {
  const text = safely(() => sessionStorage.getItem(LOCAL_SESSION_KEY));
  return text ? (safely(() => JSON.parse(text) as LocalSession) ?? null) : null;
}

function writeLocalSession(session: LocalSession | null): void {
  safely(() => (session ? sessionStorage.setItem(LOCAL_SESSION_KEY, JSON.stringify(session)) : sessionStorage.removeItem(LOCAL_SESSION_KEY)));
}
