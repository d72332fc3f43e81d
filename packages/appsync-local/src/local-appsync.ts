/**
 * The local AppSync: an app's template turned into a running API, composed of the emulated
 * services its resources need (services/): DynamoDB, Lambda, SNS, Cognito, Pipes, OIDC, each created from the
 * template, started, given its `/_local` routes, reset and stopped the same way.
 *
 * 1. Read the app (app-source.ts): synthesize a CDK app when its inputs changed, or take a ready
 *    cloud assembly or a plain template. DynamoDB Local starts meanwhile.
 * 2. Build the API from the template: schema, resolvers, data sources bound to the services.
 * 3. Load the stack into every service, in order (tables before the functions whose variables
 *    name their streams).
 *
 * Everything comes from the template; nothing here names a resolver, table or function of any
 * app. A reload repeats 1 to 3 and swaps the API in one step, so a request runs entirely on the
 * old API or entirely on the new one.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import type { DynamoDbLocal } from './dynamodb/dynamodb-local.js';
import { dynamodbDataDir } from './dynamodb/embedded-dynamodb.js';
import { tmpdir } from 'node:os';
import type { RuntimeEnvironment } from './appsync-js/index.js';
import type { SigV4Credentials } from './auth/sigv4-verifier.js';
import { AppLoader, checkAppSource, type AppSource } from './cloud-assembly/app-source.js';
import { TemplateResolver } from './cloud-assembly/intrinsics.js';
import { LOCAL_ACCOUNT_ID } from './cloud-assembly/local-resources.js';
import { bindDataSource } from './data-sources/data-source-binding.js';
import { checkHttpEndpoint, endpointOverride } from './data-sources/http.js';
import { explorerAuthModes } from './explorer/explorer-auth-config.js';
import type { ExplorerConfig } from './explorer/explorer-config.js';
import { ExplorerHandler } from './explorer/explorer-handler.js';
import { readApiDefinition, type ApiDefinition, type CodeDefinition, type DataSourceDefinition } from './graphql/api-definition.js';
import { ExecutableApi } from './graphql/executable-api.js';
import { handleGraphqlRequest, type EndpointRequest, type EndpointResponse } from './graphql/graphql-endpoint.js';
import type { AuthSettings } from './graphql/request-authentication.js';
import type { UserPoolSource } from './auth/jwt-verification.js';
import { AuthorizerCache, AuthorizerUnavailableError, type InvokeAuthorizer } from './auth/lambda-authorizer.js';
import { CognitoService } from './services/cognito-service.js';
import { OidcService } from './services/oidc-service.js';
import { RealtimeEndpoint } from './realtime/realtime-endpoint.js';
import { SubscriptionService } from './realtime/subscription-service.js';
import { DynamoDbService } from './services/dynamodb-service.js';
import { LambdaService } from './services/lambda-service.js';
import type { LoadedStack, LocalRoute, LocalService } from './services/local-service.js';
import { PipesService } from './services/pipes-service.js';
import { SnsService } from './services/sns-service.js';
import { sendJson } from './server/send-json.js';

export interface LocalAppSyncOptions {
  /** The app: a CDK app's folder, a ready cloud assembly, or a CloudFormation template. */
  source: AppSource;
  /** Where the synthesized assembly and the data live (`.local/`). */
  stateDir: string;
  /** The stack to serve when several have a GraphQL API. */
  stackName?: string;
  /** Keep every service's data in memory only. */
  ephemeral?: boolean;
  /** An external DynamoDB-compatible endpoint; none is started then. */
  dynamodbEndpoint?: string;
  /** Port for the embedded DynamoDB Local; a free one when absent. */
  dynamodbPort?: number;
  /** An embedded DynamoDB Local already starting (startEmbeddedDynamoDb), so Java's start overlaps loading the rest. */
  dynamodbLocal?: Promise<DynamoDbLocal>;
  apiKey: string;
  credentials: SigV4Credentials;
  region: string;
  /** The URLs the API is served at (the template's GraphQLUrl resolves to the first). */
  graphqlUrl: string;
  realtimeUrl: string;
  /** Per-request budget; AppSync's 30 s unless a test wants less. */
  requestTimeoutMs?: number;
  /**
   * Local URLs for HTTP data sources, by data source name, in place of the template's endpoints
   * (which are usually unreachable offline, or not resolvable locally). Naming a data source the
   * template has no HTTP data source for is an error.
   */
  httpEndpoints?: Readonly<Record<string, string>>;
  /** How long an HTTP data source waits for an answer; the request budget (30 s) by default. */
  httpTimeoutMs?: number;
  /** How often real-time connections get a `ka`; about a minute, as AppSync. */
  keepAliveMs?: number;
  /** The local CA (with `--https`), which Lambda functions calling the API must trust. */
  caCertificatePath?: string;
  /** The clock and id generators of resolver code (`util.time`, `util.autoId`...); the system's by default. */
  runtimeEnvironment?: RuntimeEnvironment;
  /**
   * The user pools whose tokens the API accepts (issuer and public keys by pool id), besides the
   * local Cognito's. None when absent.
   */
  userPools?: UserPoolSource;
  /** Epoch milliseconds for token expiry and the Lambda authorizer's cache; Date.now when absent. */
  now?: () => number;
  log?: (line: string) => void;
}

/** What one load of the app produced. */
interface Loaded extends LoadedStack {
  api: ExecutableApi;
  /** The Lambda authorizer's cached answers, for this load of the template only. */
  authorizerCache: AuthorizerCache;
}

/** Local-only routes of the coordinator itself. */
export const RESET_PATH = '/_local/reset';

export class LocalAppSync {
  private loaded!: Loaded;
  private readonly log: (line: string) => void;
  private readonly loader: AppLoader;
  /** Inline function code and other scratch files when the data is ephemeral. */
  private scratchDir: string | undefined;
  private serving = false;
  /** The reload, reset or code swap under way, if any (see exclusively). */
  private changes: Promise<void> = Promise.resolve();

  readonly dynamodb: DynamoDbService;
  readonly lambda: LambdaService;
  readonly sns: SnsService;
  readonly pipes: PipesService;
  readonly oidc: OidcService;
  readonly cognito: CognitoService;
  /** In the order they are loaded; stopped in reverse. */
  private readonly services: LocalService[];

  /** Active subscriptions; every executed mutation is offered to them. */
  readonly subscriptions: SubscriptionService;
  /** WebSocket clients of `/graphql/realtime`. */
  readonly realtime: RealtimeEndpoint;
  /** The GraphiQL explorer at `/`, for this API's URLs and auth modes; its bundle is built on first use. */
  readonly explorer: ExplorerHandler;

  private constructor(
    readonly options: LocalAppSyncOptions,
    workDir: string,
  ) {
    this.log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
    this.loader = new AppLoader(options.source, { stateDir: options.stateDir, stackName: options.stackName, log: this.log });
    const origin = new URL(options.graphqlUrl).origin;
    const persistent = options.ephemeral ? undefined : options.stateDir;
    this.dynamodb = new DynamoDbService({
      region: options.region,
      endpoint: options.dynamodbEndpoint,
      port: options.dynamodbPort,
      dataDir: dynamodbDataDir(options),
      ...(options.dynamodbLocal ? { started: options.dynamodbLocal } : {}),
      log: this.log,
    });
    this.lambda = new LambdaService({ workDir, environment: () => this.lambdaEnvironment(), log: this.log });
    this.sns = new SnsService({ stateDir: persistent, credentials: options.credentials, origin, log: this.log });
    this.pipes = new PipesService({ dynamodb: this.dynamodb, lambda: this.lambda, region: options.region, stateDir: persistent, log: this.log });
    this.oidc = new OidcService({ stateDir: persistent, origin, now: this.now });
    this.cognito = new CognitoService({
      stateDir: persistent,
      origin,
      region: options.region,
      credentials: options.credentials,
      lambda: this.lambda,
      log: this.log,
      ...(options.now ? { clock: () => new Date(this.now()) } : {}),
    });
    this.services = [this.dynamodb, this.sns, this.lambda, this.cognito, this.pipes, this.oidc];

    this.subscriptions = new SubscriptionService(() => this.loaded.api, { log: this.log, onLog: this.logResolverEntry });
    this.realtime = new RealtimeEndpoint({
      subscriptions: this.subscriptions,
      api: () => this.loaded.api,
      auth: () => this.authSettings(),
      keepAliveMs: options.keepAliveMs,
      log: this.log,
    });
    this.explorer = new ExplorerHandler({
      config: () => this.explorerConfig(),
      cacheDir: path.join(options.stateDir, 'explorer'),
      log: this.log,
    });
  }

  static async start(options: LocalAppSyncOptions): Promise<LocalAppSync> {
    // Before any folder is made or process started, so a wrong source is one line.
    checkAppSource(options.source);
    const workDir = options.ephemeral ? await mkdtemp(path.join(tmpdir(), 'appsync-local-')) : options.stateDir;
    const app = new LocalAppSync(options, workDir);
    if (options.ephemeral) app.scratchDir = workDir;
    // Java's start and the synth both take seconds and need nothing of each other; the API is
    // read and compiled while Java is still starting, since only the services need it.
    const started = Promise.all(app.services.map((s) => s.start?.()));
    // A handler now, not only at the awaits below: DynamoDB Local can fail (a port in use, an
    // unreachable endpoint) while the synth still runs, and a rejection without a handler by then
    // would crash Node with a stack trace before the cleanup below. The awaits still see it.
    started.catch(() => undefined);
    try {
      const prepared = app.prepare(await app.loader.load());
      await started;
      await app.activate(prepared);
      app.loaded = prepared;
    } catch (err) {
      // A failed synth must not leave a starting DynamoDB Local behind.
      await started.catch(() => undefined);
      await app.stop();
      throw err;
    }
    return app;
  }

  get api(): ExecutableApi {
    return this.loaded.api;
  }

  /** Where the app came from, for the start banner. */
  describeSource(cwd?: string): string {
    return this.loader.describe(cwd);
  }

  /** The loader, for hot reload (what to watch, the project's folder). */
  get appLoader(): AppLoader {
    return this.loader;
  }

  /** The template's tables' local names, by logical id. */
  tableNames(): Record<string, string> {
    return this.dynamodb.tableNames(this.loaded);
  }

  /** Where DynamoDB Local keeps its data (none when in memory or external). */
  get dataDir(): string | null {
    return dynamodbDataDir(this.options) ?? null;
  }

  /** The services' banner lines, then one per HTTP data source with the endpoint it calls. */
  describeServices(): string[] {
    return [...this.services.flatMap((s) => s.describe?.() ?? []), ...this.describeHttpDataSources()];
  }

  private describeHttpDataSources(): string[] {
    const overrides = this.options.httpEndpoints ?? {};
    return [...this.loaded.definition.dataSources.values()].flatMap((ds) => {
      if (ds.type !== 'HTTP' || 'unsupported' in ds) return [];
      const { endpoint, signing } = ds as Extract<DataSourceDefinition, { type: 'HTTP' }>;
      const signed = signing ? `, SigV4 ${signing.signingServiceName}/${signing.signingRegion}` : '';
      const override = endpointOverride(overrides, ds.name);
      const target = override !== undefined ? `${override} (overridden)` : (endpoint ?? `no endpoint locally: give --http-endpoint ${ds.name}=<url>`);
      return [`HTTP       ${ds.name} -> ${target}${signed}`];
    });
  }

  /** The code of every resolver and function, with where it is used (for hot reload). */
  codeDefinitions(): CodeDefinition[] {
    const { definition } = this.loaded;
    return [...definition.resolvers.map((r) => r.code), ...[...definition.functions.values()].map((f) => f.code)].filter((c): c is CodeDefinition => c !== null);
  }

  /** Local-only paths: the services' routes, and `POST /_local/reset`. */
  async handleLocal(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname === RESET_PATH) {
      if (req.method !== 'POST') return sendJson(res, 405, { errors: [{ errorType: 'MethodNotAllowed', message: `${RESET_PATH} answers POST only.` }] });
      await this.reset();
      return sendJson(res, 200, { reset: true });
    }
    const route = this.routes().find((r) => pathname === r.mountPath || pathname.startsWith(`${r.mountPath}/`));
    if (route) return route.handle(req, res, body);
    return sendJson(res, 404, { errors: [{ errorType: 'NotFoundException', message: `No local service at ${pathname}.` }] });
  }

  /** The API's auth providers and what they are checked against locally. */
  authSettings(): AuthSettings {
    const { definition, authorizerCache } = this.loaded;
    return {
      providers: definition.authProviders,
      apiId: definition.apiId,
      apiArn: definition.apiArn,
      accountId: LOCAL_ACCOUNT_ID,
      apiKey: this.options.apiKey,
      credentials: this.options.credentials,
      // The local Cognito's pools, and any the caller trusts besides.
      userPools: (poolId) => this.cognito.userPools(poolId) ?? this.options.userPools?.(poolId),
      oidcKeys: (issuer) => this.oidc.keysFor(issuer),
      invokeAuthorizer: this.invokeAuthorizer,
      authorizerCache,
      now: this.now,
    };
  }

  /** What the explorer page gets: the URLs and, from the template served now, the API's auth modes. */
  explorerConfig(): ExplorerConfig {
    return {
      graphqlUrl: this.options.graphqlUrl,
      realtimeUrl: this.options.realtimeUrl,
      region: this.options.region,
      authModes: explorerAuthModes(this.loaded.definition.authProviders, {
        apiKey: this.options.apiKey,
        credentials: this.options.credentials,
        pools: this.cognito.hasPools ? this.cognito.cognito.pools() : [],
        cognitoEndpoint: this.cognito.endpoint,
      }),
      localPrefix: '/_local',
    };
  }

  private readonly now = () => (this.options.now ?? Date.now)();

  /** Runs the Lambda authorizer as the template's function, locally; its result is the authorizer's answer. */
  private readonly invokeAuthorizer: InvokeAuthorizer = async (arn, event) => {
    let invocation;
    try {
      invocation = await this.lambda.invoke(arn, event);
    } catch (err) {
      this.log(`Lambda authorizer ${arn}: ${(err as Error).message}`);
      throw new AuthorizerUnavailableError(`The Lambda authorizer ${arn} cannot be invoked locally: ${(err as Error).message}`);
    }
    if (invocation.error) {
      this.log(`Lambda authorizer ${arn} failed: ${invocation.error.errorType}: ${invocation.error.errorMessage}`);
      throw new Error(invocation.error.errorMessage);
    }
    return invocation.result;
  };

  handle(request: EndpointRequest): Promise<EndpointResponse> {
    return handleGraphqlRequest(this.loaded.api, request, this.authSettings(), {
      timeoutMs: this.options.requestTimeoutMs,
      onLog: this.logResolverEntry,
      onInternalError: (field, error) => this.log(`[${field}] internal error: ${(error as Error).stack ?? String(error)}`),
      onExecuted: (api, result) => this.subscriptions.published(api, result),
    });
  }

  /** Reads the app again (synthesizing if anything changed) and serves it. */
  reload(): Promise<void> {
    return this.exclusively(async () => {
      const next = this.prepare(await this.loader.load());
      await this.activate(next);
      this.loaded = next;
    });
  }

  /**
   * Serves new code for some resolvers and functions at once, without a synth (hot reload).
   * `rebuild` gets the code served now and answers the new text of those that changed. It runs in
   * turn with reloads and resets, so the code it read is still what is served when it is swapped.
   */
  replaceCode(rebuild: (served: CodeDefinition[]) => Promise<Map<CodeDefinition, string>>): Promise<void> {
    return this.exclusively(async () => {
      const replacements = await rebuild(this.codeDefinitions());
      if (replacements.size === 0) return;
      const swap = (code: CodeDefinition | null) => {
        const text = code ? replacements.get(code) : undefined;
        return code && text !== undefined ? { ...code, text } : code;
      };
      const { definition } = this.loaded;
      const next: ApiDefinition = {
        ...definition,
        resolvers: definition.resolvers.map((r) => ({ ...r, code: swap(r.code) })),
        functions: new Map([...definition.functions].map(([id, f]) => [id, { ...f, code: swap(f.code) }])),
      };
      this.loaded = { ...this.loaded, definition: next, api: this.buildApi(next) };
    });
  }

  /** The API is served: background work that calls it may start (pipes). */
  async serve(): Promise<void> {
    this.serving = true;
    for (const service of this.services) await service.serve?.();
  }

  /** Before the server closes: what the pipes' targets publish must still reach subscribers. */
  async unserve(): Promise<void> {
    this.serving = false;
    for (const service of [...this.services].reverse()) await service.unserve?.();
  }

  /**
   * Back to an empty app: every table emptied, subscriptions closed, SNS messages, pipe state and
   * warm function instances gone. The template's resources stay.
   */
  reset(): Promise<void> {
    return this.exclusively(async () => {
      this.realtime.disconnectAll();
      // Background readers stop first (pipes read the tables' streams), and start again on the new ones.
      const serving = this.serving;
      await this.unserve();
      for (const service of this.services) await service.reset?.();
      if (serving) await this.serve();
    });
  }

  /** Resolves once the services have nothing in hand: every pipe caught up with its stream. */
  async settled(): Promise<void> {
    await Promise.all(this.services.map((s) => s.settled?.()));
  }

  async stop(): Promise<void> {
    this.realtime.close();
    for (const service of [...this.services].reverse()) {
      await service.stop().catch((err: unknown) => this.log(`${service.name}: stopping failed: ${(err as Error).message}`));
    }
    if (this.scratchDir) await rm(this.scratchDir, { recursive: true, force: true });
  }

  // -------------------------------------------------------------------------------------------

  /** A resolver's console output, as AppSync would send it to CloudWatch Logs. */
  private readonly logResolverEntry = (field: string, entry: { level: string; location: string; message: string }) => this.log(`[${field}] ${entry.level} ${entry.location} ${entry.message}`);

  /**
   * Runs `step` once every reload, reset and code swap asked for before it is done. Two at once
   * would have services load one template while others reset to another, or a code swap serve
   * code read from an API that a reload has replaced meanwhile.
   */
  private exclusively<T>(step: () => Promise<T>): Promise<T> {
    const run = this.changes.then(step);
    // The next step waits for this one, whether it failed or not; its caller sees the failure.
    this.changes = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private routes(): LocalRoute[] {
    return this.services.flatMap((s) => s.routes ?? []);
  }

  /** Reads the stack and builds its API; nothing here needs DynamoDB. */
  private prepare(artifact: LoadedStack['artifact']): Loaded {
    const resolver = new TemplateResolver(artifact.template, {
      region: this.options.region,
      accountId: LOCAL_ACCOUNT_ID,
      stackName: artifact.stackName,
      graphqlUrl: this.options.graphqlUrl,
      realtimeUrl: this.options.realtimeUrl,
      apiKey: this.options.apiKey,
      cognitoIssuerBase: this.cognito.endpoint,
    });
    const definition = readApiDefinition(artifact, resolver);
    this.checkHttpEndpoints(definition);
    return { artifact, resolver, definition, api: this.buildApi(definition), authorizerCache: new AuthorizerCache() };
  }

  /**
   * Every endpoint override names an HTTP data source of the template and is an http(s) URL: a
   * misspelt name would otherwise leave the real endpoint in use without a word.
   */
  private checkHttpEndpoints(definition: ApiDefinition): void {
    const http = [...definition.dataSources.values()].filter((ds) => ds.type === 'HTTP').map((ds) => ds.name);
    for (const [name, url] of Object.entries(this.options.httpEndpoints ?? {})) {
      if (!http.includes(name)) {
        throw new Error(`the HTTP endpoint override ${name}=${url} names no HTTP data source of the template (HTTP data sources: ${http.join(', ') || 'none'})`);
      }
      const problem = checkHttpEndpoint(url);
      if (problem) throw new Error(`the HTTP endpoint override for ${name}: ${problem}`);
    }
  }

  private buildApi(definition: ApiDefinition): ExecutableApi {
    const http = { endpoints: this.options.httpEndpoints ?? {}, credentials: this.options.credentials, timeoutMs: this.options.httpTimeoutMs ?? this.options.requestTimeoutMs };
    const api = new ExecutableApi(definition, (ds) => bindDataSource(ds, { dynamodb: () => this.dynamodb.client, lambda: this.lambda, http, log: this.log }), {
      environment: this.options.runtimeEnvironment,
    });
    for (const problem of api.problems) this.log(`problem: ${problem}`);
    return api;
  }

  /** Every service takes in the stack, in order. */
  private async activate(stack: LoadedStack): Promise<void> {
    for (const service of this.services) await service.load(stack);
  }

  /**
   * What Lambda gives every function: its region and the execution role's credentials (locally,
   * the local IAM credentials, so its SigV4 calls to the API verify), and what each local service
   * contributes (`AWS_ENDPOINT_URL_<SERVICE>`), so the unchanged SDK reaches them.
   */
  private lambdaEnvironment(): Record<string, string> {
    return {
      AWS_REGION: this.options.region,
      AWS_DEFAULT_REGION: this.options.region,
      AWS_ACCESS_KEY_ID: this.options.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: this.options.credentials.secretAccessKey,
      ...Object.assign({}, ...this.services.map((s) => s.lambdaEnvironment?.() ?? {})),
      ...(this.options.caCertificatePath ? { NODE_EXTRA_CA_CERTS: this.options.caCertificatePath } : {}),
    };
  }
}
