/**
 * The explorer's identity: the auth state the bar edits, the user pool session, and the
 * credentials each request is sent with, read when it is sent (a user pool's access token is
 * refreshed then, when it is about to expire).
 */
import { decodeJWT } from '@aws-amplify/core';
import type { ExplorerConfig, ExplorerUserPool } from '../explorer-config.js';
import { initialAuthState, modeConfig, rememberAuthState, safely, type AuthState } from './auth-state.js';
import { ObservableValue } from './observable-value.js';
import type { RequestCredentials } from './request-auth.js';
import { UserPoolSession } from './user-pool-session.js';

export class ExplorerAuth {
  readonly state: ObservableValue<AuthState>;
  readonly userPool: UserPoolSession;

  constructor(readonly config: ExplorerConfig) {
    this.state = new ObservableValue(initialAuthState(config));
    this.userPool = new UserPoolSession(config.localPrefix);
  }

  /** Picks up this tab's user pool session (after a reload); never throws. */
  async start(): Promise<void> {
    await this.userPool.use(this.chosenPool()).catch(() => undefined);
  }

  update(patch: Partial<AuthState>): void {
    const next = { ...this.state.get(), ...patch };
    this.state.set(next);
    rememberAuthState(next);
  }

  /** The user pool signed in to: the chosen one of the API's pools. */
  chosenPool(): ExplorerUserPool | undefined {
    const pools = modeConfig(this.config, 'AMAZON_COGNITO_USER_POOLS')?.userPools ?? [];
    return pools.find((p) => p.poolId === this.state.get().poolId) ?? pools[0];
  }

  async choosePool(poolId: string): Promise<void> {
    this.update({ poolId });
    await this.userPool.use(this.chosenPool());
  }

  /**
   * What GraphiQL loads the schema with: the server's IAM credentials or API key when the API
   * takes them (always valid, whoever is signed in or not), else the chosen mode's.
   */
  async schemaCredentials(): Promise<RequestCredentials> {
    const iam = modeConfig(this.config, 'AWS_IAM');
    if (iam) return { mode: 'AWS_IAM', ...iam.credentials };
    const apiKey = modeConfig(this.config, 'API_KEY');
    if (apiKey) return { mode: 'API_KEY', apiKey: apiKey.apiKey };
    return this.credentials();
  }

  /** What the next request is sent with. */
  async credentials(): Promise<RequestCredentials> {
    const state = this.state.get();
    switch (state.mode) {
      case 'API_KEY':
        return { mode: state.mode, apiKey: state.apiKey };
      case 'AWS_IAM':
        return { mode: state.mode, accessKeyId: state.accessKeyId, secretAccessKey: state.secretAccessKey };
      case 'AMAZON_COGNITO_USER_POOLS': {
        const token = await this.userPool.accessToken();
        const user = this.userPool.user.get();
        return { mode: state.mode, token, ...(token && user ? { caller: user.username } : {}) };
      }
      case 'OPENID_CONNECT': {
        const token = state.oidc.token;
        const subject = token ? safely(() => decodeJWT(token).payload.sub) : undefined;
        return { mode: state.mode, token, ...(subject ? { caller: subject } : {}) };
      }
      case 'AWS_LAMBDA':
        return { mode: state.mode, token: state.lambdaToken || null };
    }
  }
}
