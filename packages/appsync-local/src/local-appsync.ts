/**
 * The local AppSync: a synthesized cloud assembly turned into a running API.
 *
 * 1. Synthesize the CDK app when its inputs changed (cached otherwise) and read the stack.
 * 2. Start DynamoDB Local (or use an external endpoint) and create the template's tables.
 * 3. Read the API from the template, bind its data sources (DynamoDB to the local endpoint,
 *    Lambda to the function's asset run locally, NONE) and compile its resolvers.
 *
 * Everything comes from the template; nothing here names a resolver, table or function of
 * this project. A reload repeats 1 and 3 and swaps the API in one step, so a request runs
 * entirely on the old API or entirely on the new one.
 */
import { mkdir } from 'node:fs/promises';
import { Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { SigV4Credentials } from './auth/sigv4-verifier.js';
import { TemplateResolver } from './cloud-assembly/intrinsics.js';
import { LOCAL_ACCOUNT_ID } from './cloud-assembly/local-resources.js';
import { loadStackArtifact, type StackArtifact } from './cloud-assembly/stack-artifact.js';
import { synthesizeIfChanged } from './cloud-assembly/synth.js';
import { resourcesOfType } from './cloud-assembly/template.js';
import { DynamoDbDataSource } from './data-sources/dynamodb.js';
import { LambdaDataSource } from './data-sources/lambda.js';
import { invokeNoneDataSource } from './data-sources/none.js';
import { LOCAL_CREDENTIALS, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb/dynamodb-local.js';
import { provisionTables, type TableDefinition } from './dynamodb/table-provisioner.js';
import { ExplorerHandler } from './explorer/explorer-handler.js';
import { readApiDefinition, type ApiDefinition, type CodeDefinition } from './graphql/api-definition.js';
import { ExecutableApi, type DataSourceHandler } from './graphql/executable-api.js';
import { handleGraphqlRequest, type EndpointRequest, type EndpointResponse } from './graphql/graphql-endpoint.js';
import { readLambdaFunctions, type LambdaFunctionDefinition } from './lambda/function-definitions.js';
import { LocalLambda } from './lambda/local-lambda.js';
import type { AuthSettings } from './graphql/request-authentication.js';
import type { UserPoolSource } from './auth/jwt-verification.js';
import { AuthorizerCache, AuthorizerUnavailableError, type InvokeAuthorizer } from './auth/lambda-authorizer.js';
import { LocalOidc } from './oidc/local-oidc.js';
import { createOidcHttpHandler, isOidcPath, type OidcRequestHandler } from './oidc/oidc-http-handler.js';
import { RealtimeEndpoint } from './realtime/realtime-endpoint.js';
import { SubscriptionService } from './realtime/subscription-service.js';
import { createPipeListingHandler, isPipesPath } from './pipes/pipe-listing-handler.js';
import { readStreamPipes } from './pipes/pipe-definitions.js';
import { StreamPipeRunner } from './pipes/stream-pipe-runner.js';
import { LocalSns } from './sns/local-sns.js';
import { createSnsHttpHandler, isSnsPath, SNS_MOUNT_PATH } from './sns/sns-http-handler.js';
import type { SnsRequestHandler } from './sns/sns-api-handler.js';
import { readSnsTopics } from './sns/topic-definitions.js';

export interface LocalAppSyncOptions {
  /** The CDK app's folder (cdk.json). */
  projectDir: string;
  /** Where the assembly and DynamoDB Local's files live (`.local/`). */
  stateDir: string;
  /** A ready cloud assembly to run instead of synthesizing one. */
  assemblyDir?: string;
  /** `-c key=value` for the synth. */
  context?: Record<string, string>;
  stackName?: string;
  /** Keep DynamoDB Local's data in memory only. */
  ephemeral?: boolean;
  /** An external DynamoDB-compatible endpoint; none is started then. */
  dynamodbEndpoint?: string;
  /** Port for the embedded DynamoDB Local; a free one when absent. */
  dynamodbPort?: number;
  apiKey: string;
  credentials: SigV4Credentials;
  region: string;
  /** The URLs the API is served at (the template's GraphQLUrl resolves to the first). */
  graphqlUrl: string;
  realtimeUrl: string;
  /** Per-request budget; AppSync's 30 s unless a test wants less. */
  requestTimeoutMs?: number;
  /** How often real-time connections get a `ka`; about a minute, as AppSync. */
  keepAliveMs?: number;
  /** The local CA (with `--https`), which Lambda functions calling the API must trust. */
  caCertificatePath?: string;
  /**
   * The user pools whose tokens the API accepts (issuer and public keys by pool id): the local
   * Cognito's. None is known when absent, so every user pool token is refused.
   */
  userPools?: UserPoolSource;
  /** Epoch milliseconds for token expiry and the Lambda authorizer's cache; Date.now when absent. */
  now?: () => number;
  log?: (line: string) => void;
}

/** What one load of the assembly produced. */
interface Loaded {
  artifact: StackArtifact;
  resolver: TemplateResolver;
  definition: ApiDefinition;
  api: ExecutableApi;
  functions: Map<string, LambdaFunctionDefinition>;
  /** The Lambda authorizer's cached answers, for this load of the template only. */
  authorizerCache: AuthorizerCache;
}

export class LocalAppSync {
  private loaded!: Loaded;
  private dynamo: DynamoDbLocal | undefined;
  private dynamoEndpoint!: string;
  private client!: DynamoDBClient;
  private readonly lambdas = new Map<string, { definition: LambdaFunctionDefinition; fn: LocalLambda }>();
  private stopping = false;
  private readonly log: (line: string) => void;
  /** Active subscriptions; every executed mutation is offered to them. */
  readonly subscriptions: SubscriptionService;
  /** WebSocket clients of `/graphql/realtime`. */
  readonly realtime: RealtimeEndpoint;
  /** The template's SNS topics, served at SNS_MOUNT_PATH. */
  sns!: LocalSns;
  private snsHandler!: SnsRequestHandler;
  /** Signs tokens for the template's OIDC providers, served at OIDC_MOUNT_PATH. */
  oidc!: LocalOidc;
  private oidcHandler!: OidcRequestHandler;
  /** The template's stream pipes, by name, each reading its table's local stream. */
  readonly pipes = new Map<string, StreamPipeRunner>();
  private pipesWanted = false;
  private readonly pipeListing = createPipeListingHandler(() => this.pipes);
  /** The GraphiQL explorer at `/`, for this API's URLs and local credentials; its bundle is built on first use. */
  readonly explorer: ExplorerHandler;

  private constructor(readonly options: LocalAppSyncOptions) {
    this.log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
    this.subscriptions = new SubscriptionService(() => this.loaded.api, { log: this.log, onLog: this.logResolverEntry });
    this.realtime = new RealtimeEndpoint({
      subscriptions: this.subscriptions,
      api: () => this.loaded.api,
      auth: () => this.authSettings(),
      keepAliveMs: options.keepAliveMs,
      log: this.log,
    });
    this.explorer = new ExplorerHandler({
      config: {
        graphqlUrl: options.graphqlUrl,
        realtimeUrl: options.realtimeUrl,
        region: options.region,
        apiKey: options.apiKey,
        credentials: { accessKeyId: options.credentials.accessKeyId, secretAccessKey: options.credentials.secretAccessKey },
        localPrefix: '/_local',
      },
      cacheDir: path.join(options.stateDir, 'explorer'),
      log: this.log,
    });
  }

  static async start(options: LocalAppSyncOptions): Promise<LocalAppSync> {
    const app = new LocalAppSync(options);
    // Java's start and the synth both take seconds and need nothing of each other; the API is
    // read and compiled while Java is still starting, since only the tables need DynamoDB.
    const dynamo = app.startDynamoDb();
    try {
      const prepared = app.prepare(await app.synthesize());
      await dynamo;
      app.loaded = await app.activate(prepared);
    } catch (err) {
      // A failed synth must not leave a starting DynamoDB Local behind.
      await dynamo.catch(() => undefined);
      await app.stop();
      throw err;
    }
    return app;
  }

  get api(): ExecutableApi {
    return this.loaded.api;
  }

  get dynamodbEndpoint(): string {
    return this.dynamoEndpoint;
  }

  /** The embedded DynamoDB Local's process id (none with an external endpoint). */
  get dynamodbProcessId(): number | undefined {
    return this.dynamo?.pid;
  }

  get dataDir(): string | null {
    return this.options.dynamodbEndpoint || this.options.ephemeral ? null : path.join(this.options.stateDir, 'dynamodb');
  }

  get assemblyDir(): string {
    return this.options.assemblyDir ?? path.join(this.options.stateDir, 'cdk.out');
  }

  /** The table names the template's tables have locally, by logical id. */
  tableNames(): Record<string, string> {
    return Object.fromEntries(tableResources(this.loaded.artifact).map((t) => [t.logicalId, this.loaded.resolver.resources.ref(t.logicalId)]));
  }

  /** The code of every resolver and function, with where it is used (for hot reload). */
  codeDefinitions(): CodeDefinition[] {
    const { definition } = this.loaded;
    return [...definition.resolvers.map((r) => r.code), ...[...definition.functions.values()].map((f) => f.code)].filter((c): c is CodeDefinition => c !== null);
  }

  /** Local-only paths: the SNS API and its listing, the pipes' activity, the OIDC signer. */
  async handleLocal(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (isSnsPath(pathname)) return this.snsHandler(req, res, body);
    if (isOidcPath(pathname)) return this.oidcHandler(req, res, body);
    if (isPipesPath(pathname)) return this.pipeListing(req, res);
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ errorType: 'NotFoundException', message: `No local service at ${pathname}.` }] }));
  }

  /** A resolver's console output, as AppSync would send it to CloudWatch Logs. */
  private readonly logResolverEntry = (field: string, entry: { level: string; location: string; message: string }) =>
    this.log(`[${field}] ${entry.level} ${entry.location} ${entry.message}`);

  /** The API's auth providers and what they are checked against locally. */
  authSettings(): AuthSettings {
    const { definition, functions, authorizerCache } = this.loaded;
    return {
      providers: definition.authProviders,
      apiId: definition.apiId,
      apiArn: definition.apiArn,
      accountId: LOCAL_ACCOUNT_ID,
      apiKey: this.options.apiKey,
      credentials: this.options.credentials,
      // Seam for the local Cognito: until it is passed in, no pool is known.
      userPools: this.options.userPools ?? (() => undefined),
      oidcKeys: (issuer) => this.oidc.keysFor(issuer),
      invokeAuthorizer: this.authorizerInvoker(functions),
      authorizerCache,
      now: this.now,
    };
  }

  private readonly now = () => (this.options.now ?? Date.now)();

  /** Runs the Lambda authorizer as the template's function, locally; its result is the authorizer's answer. */
  private authorizerInvoker(functions: Map<string, LambdaFunctionDefinition>): InvokeAuthorizer {
    return async (arn, event) => {
      let fn: LocalLambda;
      try {
        fn = this.lambda(arn, functions);
      } catch (err) {
        this.log(`Lambda authorizer ${arn}: ${(err as Error).message}`);
        throw new AuthorizerUnavailableError(`The Lambda authorizer ${arn} cannot be invoked locally: ${(err as Error).message}`);
      }
      const invocation = await fn.invoke(event);
      if (invocation.error) {
        this.log(`Lambda authorizer ${arn} failed: ${invocation.error.errorType}: ${invocation.error.errorMessage}`);
        throw new Error(invocation.error.errorMessage);
      }
      return invocation.result;
    };
  }

  handle(request: EndpointRequest): Promise<EndpointResponse> {
    return handleGraphqlRequest(this.loaded.api, request, this.authSettings(), {
      timeoutMs: this.options.requestTimeoutMs,
      onLog: this.logResolverEntry,
      onInternalError: (field, error) => this.log(`[${field}] internal error: ${(error as Error).stack ?? String(error)}`),
      onExecuted: (api, result) => this.subscriptions.published(api, result),
    });
  }

  /** Synthesizes again if anything changed, and serves the new assembly. */
  async reload(): Promise<{ synthesized: boolean }> {
    const next = await this.activate(this.prepare(await this.synthesize()));
    const stale = this.staleLambdas(next.functions);
    this.loaded = next;
    // A pipe's batch in flight is abandoned and read again by the new runner (from its checkpoint).
    if (this.pipesWanted) await this.startPipes();
    // Invocations already running on an old function fail; new ones start the new code.
    await Promise.all(stale.map((fn) => fn.stop()));
    return { synthesized: true };
  }

  /** Serves new code for some resolvers and functions at once, without a synth (hot reload). */
  replaceCode(replacements: Map<CodeDefinition, string>): void {
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
    const api = new ExecutableApi(next, (ds) => this.bindDataSource(ds));
    for (const problem of api.problems) this.log(`problem: ${problem}`);
    this.loaded = { ...this.loaded, definition: next, api };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // Pipes first: an event their targets publish must still find its subscribers connected.
    await this.stopPipes();
    this.realtime.close();
    await Promise.all([...this.lambdas.values()].map(({ fn }) => fn.stop()));
    this.lambdas.clear();
    this.client?.destroy();
    await this.sns?.flush();
    await this.dynamo?.stop();
  }

  // -------------------------------------------------------------------------------------------

  private async synthesize(): Promise<string> {
    if (this.options.assemblyDir) return this.options.assemblyDir;
    const result = await synthesizeIfChanged({ projectDir: this.options.projectDir, outDir: this.assemblyDir, context: this.options.context });
    this.log(result.fromCache ? 'cloud assembly up to date' : `synthesized the CDK app in ${(result.durationMs / 1000).toFixed(1)} s`);
    return result.outDir;
  }

  private async startDynamoDb(): Promise<void> {
    if (this.options.dynamodbEndpoint) {
      this.dynamoEndpoint = this.options.dynamodbEndpoint;
    } else {
      if (this.dataDir) await mkdir(this.dataDir, { recursive: true });
      this.dynamo = await startDynamoDbLocal({ port: this.options.dynamodbPort, dataDir: this.dataDir ?? undefined });
      this.dynamoEndpoint = this.dynamo.endpoint;
      void this.superviseDynamoDb(this.dynamo);
    }
    this.client = new DynamoDBClient({
      endpoint: this.dynamoEndpoint,
      region: this.options.region,
      credentials: LOCAL_CREDENTIALS,
      // A dead endpoint must fail fast, never hold a request until AppSync's 30 s are gone.
      requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }), connectionTimeout: 2_000, requestTimeout: 10_000 }),
    });
    if (this.options.dynamodbEndpoint) {
      // Say so at once, rather than as a provisioning failure per table.
      await this.client.send(new ListTablesCommand({ Limit: 1 })).catch((err: Error) => {
        throw new Error(`DYNAMODB_ENDPOINT ${this.dynamoEndpoint} cannot be reached: ${err.message}`);
      });
    }
  }

  /** Starts the embedded DynamoDB Local again if it dies, and puts the tables back (in-memory data is gone then). */
  private async superviseDynamoDb(dynamo: DynamoDbLocal): Promise<void> {
    await dynamo.exited;
    if (this.stopping) return;
    this.log(`DynamoDB Local exited unexpectedly; restarting it on port ${dynamo.port}`);
    for (let attempt = 1; !this.stopping; attempt += 1) {
      try {
        const restarted = await startDynamoDbLocal({ port: dynamo.port, dataDir: this.dataDir ?? undefined });
        if (this.stopping) return void (await restarted.stop());
        this.dynamo = restarted;
        await this.provision(this.loaded.artifact, this.loaded.resolver);
        // Re-created (in-memory) tables have new streams: the pipes must read those.
        if (this.pipesWanted) await this.startPipes();
        this.log('DynamoDB Local is back');
        void this.superviseDynamoDb(restarted);
        return;
      } catch (err) {
        this.log(`DynamoDB Local restart ${attempt} failed: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * attempt)));
      }
    }
  }

  /** Reads the stack and builds its API; nothing here needs DynamoDB. */
  private prepare(assemblyDir: string): Loaded {
    const artifact = loadStackArtifact(assemblyDir, this.options.stackName);
    const resolver = new TemplateResolver(artifact.template, {
      region: this.options.region,
      accountId: LOCAL_ACCOUNT_ID,
      stackName: artifact.stackName,
      graphqlUrl: this.options.graphqlUrl,
      realtimeUrl: this.options.realtimeUrl,
      apiKey: this.options.apiKey,
    });
    const definition = readApiDefinition(artifact, resolver);
    // Filled in by activate(): functions' environments may name a table's stream.
    const functions = new Map<string, LambdaFunctionDefinition>();
    const api = new ExecutableApi(definition, (ds) => this.bindDataSource(ds, functions));
    for (const problem of api.problems) this.log(`problem: ${problem}`);
    return { artifact, resolver, definition, api, functions, authorizerCache: new AuthorizerCache() };
  }

  /** Creates or updates the tables and topics, then reads the functions (whose variables may name a stream ARN). */
  private async activate(prepared: Loaded): Promise<Loaded> {
    await this.provision(prepared.artifact, prepared.resolver);
    const topics = readSnsTopics(prepared.artifact, prepared.resolver);
    if (this.sns) {
      await this.sns.setTopics(topics);
    } else {
      this.sns = await LocalSns.open({ topics, stateDir: this.options.ephemeral ? undefined : this.options.stateDir, log: this.log });
      this.snsHandler = createSnsHttpHandler(this.sns, {
        credentials: this.options.credentials,
        onInternalError: (err) => this.log(`sns: ${(err as Error).stack ?? String(err)}`),
      });
    }
    for (const f of readLambdaFunctions(prepared.artifact, prepared.resolver)) prepared.functions.set(f.arn, f);
    if (!this.oidc) {
      this.oidc = await LocalOidc.open({ stateDir: this.options.ephemeral ? undefined : this.options.stateDir, now: this.now });
      this.oidcHandler = createOidcHttpHandler(this.oidc);
    }
    this.oidc.setProviders(prepared.definition.authProviders.flatMap((p) => (p.type === 'OPENID_CONNECT' ? [{ issuer: p.issuer, clientId: p.clientId }] : [])));
    return prepared;
  }

  private async provision(artifact: StackArtifact, resolver: TemplateResolver): Promise<void> {
    const tables: TableDefinition[] = tableResources(artifact).map((t) => ({
      logicalId: t.logicalId,
      tableName: resolver.resources.ref(t.logicalId),
      properties: resolver.resolve(t.Properties ?? {}) as Record<string, unknown>,
    }));
    for (const table of await provisionTables(this.client, tables)) {
      if (table.streamArn) resolver.resources.set(table.logicalId, 'StreamArn', table.streamArn);
      for (const change of table.changes) this.log(`table ${table.tableName}: ${change}`);
    }
  }

  private bindDataSource(ds: Parameters<ConstructorParameters<typeof ExecutableApi>[1]>[0], functions = this.loaded.functions): DataSourceHandler {
    switch (ds.type) {
      case 'AMAZON_DYNAMODB': {
        // Made on first use: the API is built before DynamoDB Local is up.
        let table: DynamoDbDataSource | undefined;
        return (request) => (table ??= new DynamoDbDataSource(this.client, (ds as { tableName: string }).tableName)).invoke(request);
      }
      case 'AWS_LAMBDA': {
        const arn = (ds as { functionArn: string }).functionArn;
        const source = new LambdaDataSource({ invoke: (event) => this.lambda(arn, functions).invoke(event) }, (err) => this.log(`data source ${ds.name}: ${(err as Error).message}`));
        return (request) => source.invoke(request);
      }
      case 'NONE':
        return async (request) => invokeNoneDataSource(request);
      default:
        return async () => ({ error: { message: `${ds.type} data sources are not supported by the local server`, type: 'UnsupportedDataSource' } });
    }
  }

  /** The local function behind an ARN, started on first use. */
  private lambda(arn: string, functions: Map<string, LambdaFunctionDefinition>): LocalLambda {
    const running = this.lambdas.get(arn);
    if (running) return running.fn;
    const definition = functions.get(arn);
    if (!definition) throw new Error(`no Lambda function ${arn} in the template`);
    if ('unsupported' in definition.code) throw new Error(definition.code.unsupported);
    const fn = new LocalLambda({
      name: definition.name,
      codeDir: definition.code.dir,
      handler: definition.handler,
      runtime: definition.runtime,
      timeoutMs: definition.timeoutMs,
      memoryMb: definition.memoryMb,
      environment: this.lambdaEnvironment(definition),
      log: (line) => this.log(line),
    });
    this.lambdas.set(arn, { definition, fn });
    return fn;
  }

  /**
   * The function's own variables plus what Lambda gives every function: its region and the
   * execution role's credentials (locally, the local IAM credentials, so its SigV4 calls to
   * the API verify), and `AWS_ENDPOINT_URL_<SERVICE>` so the unchanged SDK reaches local services.
   */
  private lambdaEnvironment(definition: LambdaFunctionDefinition): Record<string, string> {
    return {
      ...definition.environment,
      AWS_REGION: this.options.region,
      AWS_DEFAULT_REGION: this.options.region,
      AWS_ACCESS_KEY_ID: this.options.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: this.options.credentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: this.dynamoEndpoint,
      AWS_ENDPOINT_URL_SNS: new URL(SNS_MOUNT_PATH, this.options.graphqlUrl).toString(),
      ...(this.options.caCertificatePath ? { NODE_EXTRA_CA_CERTS: this.options.caCertificatePath } : {}),
    };
  }

  /**
   * (Re)starts a runner for every stream pipe of the loaded template; the old ones stop first.
   * Called once the API is being served: the pipes' targets call it, and a record whose target
   * found the API not yet listening would use up its retries and be dead-lettered.
   */
  async startPipes(): Promise<void> {
    this.pipesWanted = true;
    await this.stopPipes();
    const { artifact, resolver, functions } = this.loaded;
    const { pipes, unsupported } = readStreamPipes(artifact, resolver);
    for (const u of unsupported) this.log(`pipe ${u.name}: not run locally: ${u.reason}`);
    for (const pipe of pipes) {
      for (const warning of pipe.warnings) this.log(`pipe ${pipe.name}: ${warning}`);
      const runner = new StreamPipeRunner({
        pipe,
        dynamodbEndpoint: this.dynamoEndpoint,
        region: this.options.region,
        stateDir: this.options.ephemeral ? undefined : this.options.stateDir,
        invoke: async (arn, payload) => this.lambda(arn, functions).invoke(payload),
        log: this.log,
      });
      runner.start();
      this.pipes.set(pipe.name, runner);
    }
  }

  /** Stops the pipes, waiting for a target invocation under way; the rest of its batch is read again on the next start. */
  async stopPipes(): Promise<void> {
    const running = [...this.pipes.values()];
    this.pipes.clear();
    await Promise.all(running.map((runner) => runner.stop()));
  }

  /** Functions whose code or settings changed (or that are gone), taken out so the next call starts them afresh. */
  private staleLambdas(functions: Map<string, LambdaFunctionDefinition>): LocalLambda[] {
    const stale: LocalLambda[] = [];
    for (const [arn, { definition, fn }] of this.lambdas) {
      const next = functions.get(arn);
      if (next && JSON.stringify(next) === JSON.stringify(definition)) continue;
      this.lambdas.delete(arn);
      stale.push(fn);
    }
    return stale;
  }
}

/** Tables of either kind: AWS::DynamoDB::Table, and AWS::DynamoDB::GlobalTable (CDK's TableV2), whose replicas are one table locally. */
function tableResources(artifact: StackArtifact) {
  return [...resourcesOfType(artifact.template, 'AWS::DynamoDB::Table'), ...resourcesOfType(artifact.template, 'AWS::DynamoDB::GlobalTable')];
}
