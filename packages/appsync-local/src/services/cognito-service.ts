/**
 * The template's Amazon Cognito user pools (cognito/): the Cognito Identity Provider API at
 * `/_local/cognito` for the unmodified SDK and Amplify, each pool's JWKS and discovery document at
 * its local issuer, triggers run as the template's Lambda functions, and the pools' keys for the
 * API's user-pool auth mode. Functions get AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER.
 */
import type { SigV4Credentials } from '../auth/sigv4-verifier.js';
import type { UserPoolSource } from '../auth/jwt-verification.js';
import { createCognitoHttpHandler, COGNITO_MOUNT_PATH } from '../cognito/cognito-http-handler.js';
import { LocalCognito } from '../cognito/local-cognito.js';
import { readUserPools } from '../cognito/user-pool-definitions.js';
import type { LambdaInvoker, LoadedStack, LocalRoute, LocalService } from './local-service.js';

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

export class CognitoService implements LocalService {
  readonly name = 'cognito';
  readonly routes: LocalRoute[];
  private local: LocalCognito | undefined;
  private handler: ReturnType<typeof createCognitoHttpHandler> | undefined;

  constructor(private readonly options: CognitoServiceOptions) {
    this.routes = [
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

  async load(stack: LoadedStack): Promise<void> {
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
