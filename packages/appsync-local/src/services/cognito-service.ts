/**
 * The template's Amazon Cognito user pools (cognito/): the Cognito Identity Provider API at
 * `/_local/cognito` for the unmodified SDK and Amplify, each pool's JWKS and discovery document at
 * its local issuer, triggers run as the template's Lambda functions, and the pools' keys for the
 * API's user-pool auth mode. Functions get AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER.
 */
import type { SigV4Credentials } from '../auth/sigv4-verifier.js';
import type { UserPoolSource } from '../auth/jwt-verification.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createCognitoHttpHandler, COGNITO_MOUNT_PATH } from '../cognito/cognito-http-handler.js';
import { CognitoError, LocalCognito, type PoolSummary } from '../cognito/local-cognito.js';
import { readUserPools } from '../cognito/user-pool-definitions.js';
import type { AuthProviderDefinition } from '../graphql/api-definition.js';
import { apiAppClient, type AppClientSummary } from './api-app-client.js';
import type { LambdaInvoker, LoadedStack, LocalRoute, LocalService } from './local-service.js';
import { sendJson } from '../server/send-json.js';

export interface CognitoServiceOptions {
  /** Users and the signing key are kept under `<stateDir>/cognito/`; in memory when absent. */
  stateDir?: string;
  /** The server's origin; pools' issuers are `<origin>/_local/cognito/<poolId>`. */
  origin: string;
  region: string;
  credentials: SigV4Credentials;
  lambda: LambdaInvoker;
  log: (line: string) => void;
  clock?: () => Date;
}

/** A user to sign in locally: created on demand, confirmed, in exactly `groups` when given. */
export interface LocalSignIn {
  username: string;
  groups?: string[];
  password?: string;
  /** Attributes of a user created here (email etc.); an email given is verified. */
  attributes?: Record<string, string>;
  /** The pool (id or name); the API's user pool when it has one, else the template's first. */
  pool?: string;
  /** The app client (id or name); the first the API's AppIdClientRegex accepts. */
  client?: string;
}

export interface LocalSignInResult {
  poolId: string;
  clientId: string;
  /** The internal username (`cognito:username`). */
  username: string;
  idToken: string;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** Local-only: `POST <mount>/sign-in` with a LocalSignIn body signs a user in without a password dance. */
export const SIGN_IN_PATH = `${COGNITO_MOUNT_PATH}/sign-in`;

export class CognitoService implements LocalService {
  readonly name = 'cognito';
  readonly routes: LocalRoute[];
  private local: LocalCognito | undefined;
  private handler: ReturnType<typeof createCognitoHttpHandler> | undefined;
  private stack: LoadedStack | undefined;

  constructor(private readonly options: CognitoServiceOptions) {
    this.routes = [
      { mountPath: SIGN_IN_PATH, handle: (req, res, body) => this.handleSignIn(req, res, body) },
      {
        mountPath: COGNITO_MOUNT_PATH,
        handle: (req, res, body) => {
          if (!this.handler) throw new Error('the local Cognito is not loaded yet');
          return this.handler(req, res, body);
        },
      },
    ];
  }

  /** `<origin>/_local/cognito`: the endpoint Amplify's `userPoolEndpoint` and the SDK's `endpoint` take. */
  get endpoint(): string {
    return `${this.options.origin}${COGNITO_MOUNT_PATH}`;
  }

  /** The service itself, for the harness (users, tokens, codes). */
  get cognito(): LocalCognito {
    if (!this.local) throw new Error('the local Cognito is not loaded yet');
    return this.local;
  }

  /** The pools' issuers and keys, for the API's user-pool auth mode. */
  readonly userPools: UserPoolSource = (poolId) => {
    const jwks = this.local?.jwks(poolId);
    return jwks ? { issuer: this.local!.issuer(poolId), jwks } : undefined;
  };

  /**
   * Signs a user in as a test or a developer wants it, with no code or password exchange: the user
   * is created when missing (confirmed, the given groups), and gets tokens as after a sign-in.
   */
  async signIn(input: LocalSignIn): Promise<LocalSignInResult> {
    const cognito = this.cognito;
    const { pool, client } = this.poolAndClient(input.pool, input.client);
    const tokens = await cognito.signInUser(pool.id, client.id, {
      username: input.username,
      ...(input.groups ? { groups: input.groups } : {}),
      ...(input.password !== undefined ? { password: input.password } : {}),
      ...(input.attributes ? { attributes: input.attributes } : {}),
    });
    return {
      poolId: pool.id,
      clientId: client.id,
      username: tokens.username,
      idToken: tokens.IdToken,
      accessToken: tokens.AccessToken,
      refreshToken: tokens.RefreshToken ?? '',
      expiresIn: tokens.ExpiresIn,
    };
  }

  /**
   * The pool and app client a frontend of the API uses: the named ones, or the API's user pool
   * (the template's first when the API names none) and the client the API accepts that suits a
   * browser best (apiAppClient, the explorer's choice too). Throws a SignInError saying what is
   * missing.
   */
  poolAndClient(poolName?: string, clientName?: string): { pool: PoolSummary; client: AppClientSummary } {
    const pools = this.cognito.pools();
    const providers = this.providers();
    const pool = poolName !== undefined ? pools.find((p) => p.id === poolName || p.name === poolName) : this.apiPool();
    if (!pool)
      throw new SignInError(poolName !== undefined ? `the template has no user pool ${poolName} (pools: ${pools.map((p) => p.name).join(', ') || 'none'})` : 'the template has no Cognito user pool');
    if (clientName !== undefined) {
      const named = pool.clients.find((c) => c.id === clientName || c.name === clientName);
      if (!named) throw new SignInError(`user pool ${pool.name} has no app client ${clientName}`);
      return { pool, client: named };
    }
    if (pool.clients.length === 0) throw new SignInError(`user pool ${pool.name} has no app client`);
    const client = apiAppClient(pool, providers);
    // Tokens of another client would be refused by the API; name one to sign in anyway.
    if (!client) throw new SignInError(`no app client of user pool ${pool.name} matches the API's AppIdClientRegex; name one with "client"`);
    return { pool, client };
  }

  /**
   * The API's user pool (the template's first when the API names none) with the client a frontend
   * of the API signs in with, undefined when the API accepts none of its clients (or it has none);
   * undefined without pools. For the Amplify configuration, which leaves Auth out then.
   */
  frontendPool(): { pool: PoolSummary; client: AppClientSummary | undefined } | undefined {
    const pool = this.local ? this.apiPool() : undefined;
    return pool && { pool, client: apiAppClient(pool, this.providers()) };
  }

  private apiPool(): PoolSummary | undefined {
    const pools = this.cognito.pools();
    const providers = this.providers();
    return pools.find((p) => providers.some((q) => q.type === 'AMAZON_COGNITO_USER_POOLS' && q.userPoolId === p.id)) ?? pools[0];
  }

  private providers(): readonly AuthProviderDefinition[] {
    return this.stack?.definition.authProviders ?? [];
  }

  /** Whether the template has a user pool. */
  get hasPools(): boolean {
    return (this.local?.pools().length ?? 0) > 0;
  }

  async load(stack: LoadedStack): Promise<void> {
    this.stack = stack;
    const pools = readUserPools(stack.artifact.template, stack.resolver);
    if (this.local) return this.local.setPools(pools);
    this.local = await LocalCognito.open({
      pools,
      stateDir: this.options.stateDir,
      issuerBase: this.endpoint,
      region: this.options.region,
      credentials: this.options.credentials,
      invokeTrigger: async (arn, event) => {
        const invocation = await this.options.lambda.invoke(arn, event);
        if (invocation.error) throw Object.assign(new Error(invocation.error.errorMessage), { name: invocation.error.errorType });
        return invocation.result;
      },
      log: this.options.log,
      ...(this.options.clock ? { clock: this.options.clock } : {}),
    });
    this.handler = createCognitoHttpHandler(this.local, { onInternalError: (err) => this.options.log(`cognito: ${(err as Error).stack ?? String(err)}`) });
  }

  private async handleSignIn(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { message: `${SIGN_IN_PATH} answers POST only.` });
    let input: LocalSignIn;
    try {
      input = parseSignIn(JSON.parse(body.toString('utf8') || '{}'));
    } catch (err) {
      return sendJson(res, 400, { message: err instanceof SignInError ? err.message : 'The body must be JSON: {"username": "...", "groups": ["..."]}.' });
    }
    try {
      return sendJson(res, 200, await this.signIn(input));
    } catch (err) {
      if (err instanceof SignInError || err instanceof CognitoError) return sendJson(res, 400, { message: (err as Error).message, ...(err instanceof CognitoError ? { __type: err.type } : {}) });
      throw err;
    }
  }

  async reset(): Promise<void> {
    await this.local?.reset();
  }

  lambdaEnvironment(): Record<string, string> {
    return { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: this.endpoint };
  }

  describe(): string[] {
    const pools = this.local?.pools() ?? [];
    return pools.flatMap((pool) => [
      `Cognito    ${pool.name} ${pool.id} (clients ${pool.clients.map((c) => `${c.name} ${c.id}`).join(', ') || 'none'}), endpoint ${this.endpoint}; codes: ${this.endpoint}/codes`,
    ]);
  }

  async stop(): Promise<void> {
    await this.local?.flush();
  }
}

class SignInError extends Error {
  override name = 'SignInError';
}

function parseSignIn(value: unknown): LocalSignIn {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SignInError('The body must be a JSON object: {"username": "...", "groups": ["..."]}.');
  const v = value as Record<string, unknown>;
  const string = (key: string) => {
    if (v[key] !== undefined && typeof v[key] !== 'string') throw new SignInError(`"${key}" must be a string.`);
    return v[key] as string | undefined;
  };
  const username = string('username');
  if (!username) throw new SignInError('"username" is required.');
  const groups = v['groups'];
  if (groups !== undefined && (!Array.isArray(groups) || groups.some((g) => typeof g !== 'string'))) throw new SignInError('"groups" must be a list of group names.');
  const attributes = v['attributes'];
  if (attributes !== undefined && (typeof attributes !== 'object' || attributes === null || Object.values(attributes).some((a) => typeof a !== 'string'))) {
    throw new SignInError('"attributes" must be an object of strings.');
  }
  const known = new Set(['username', 'groups', 'password', 'attributes', 'pool', 'client']);
  const unknown = Object.keys(v).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new SignInError(`Unknown field(s) ${unknown.join(', ')}; the body takes ${[...known].join(', ')}.`);
  const password = string('password');
  const pool = string('pool');
  const client = string('client');
  return {
    username,
    ...(groups ? { groups: groups as string[] } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(attributes ? { attributes: attributes as Record<string, string> } : {}),
    ...(pool !== undefined ? { pool } : {}),
    ...(client !== undefined ? { client } : {}),
  };
}
