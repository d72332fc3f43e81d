/**
 * `appsync-local/testing`: the local AppSync for a project's own test suite (vitest, jest, node:test):
 * start it from a CDK app, a cloud assembly or a template, call the API as a client would
 * (`graphql`, `subscribe`), put data in (`seed`), look at what happened (`scan`, `snsMessages`),
 * wait for background work (`settled`), start over (`reset`) and `stop`.
 *
 * It runs in the test's process, on a free port, with its data in memory by default, so suites
 * can run in parallel. The first start of a CDK app synthesizes it; later starts reuse the
 * assembly while its inputs are unchanged (kept in `<project>/.local/`), as `appsync-local start` does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BatchWriteItemCommand, ScanCommand, type AttributeValue, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { decodeJwt } from 'jose';
import { deterministicEnvironment, SYSTEM_ENVIRONMENT, type RuntimeEnvironment } from '../appsync-js/index.js';
import { AppSourceError, checkAppSource, type AppSource } from '../cloud-assembly/app-source.js';
import { DEFAULTS } from '../cli/start-settings.js';
import type { LocalAppSync } from '../local-appsync.js';
import { serve, type Served } from '../server/serve.js';
import type { DeadLetter } from '../pipes/dead-letter-store.js';
import type { StoredSnsMessage } from '../sns/message-store.js';
import { RealtimeSubscription, type GraphqlError } from './realtime-subscription.js';
import { signedAppSyncHeaders, type AwsCredentials } from './request-signing.js';

export type { GraphqlError, SubscriptionEvent } from './realtime-subscription.js';
export { SubscriptionRefused } from './realtime-subscription.js';
export type { AwsCredentials } from './request-signing.js';

export interface StartLocalAppSyncOptions {
  /** A CDK app's folder (with cdk.json). One of project, assembly and template. */
  project?: string;
  /** A ready cloud assembly (cdk.out). */
  assembly?: string;
  /** A CloudFormation template, JSON or YAML. */
  template?: string;
  /** The stack, when several have a GraphQL API. */
  stack?: string;
  /** CDK context for the synth of a project. */
  context?: Record<string, string>;
  /**
   * The time resolver code sees (`util.time.*`): a Date, an ISO string, epoch milliseconds, or a
   * function answering epoch milliseconds. Lambda functions run on the real clock.
   */
  clock?: Date | string | number | (() => number);
  /** `util.autoId`, `autoUlid` and `autoKsuid` from a counter, so answers are the same every run. @default false */
  deterministicIds?: boolean;
  /** Where the synthesized assembly is kept. @default `<project>/.local` for a project, a temporary folder otherwise */
  stateDir?: string;
  /** Keep the data in `<stateDir>` across runs instead of in memory. @default false */
  persist?: boolean;
  /** @default 0 (a free port) */
  port?: number;
  /** Serve over TLS with a local CA (clients must trust `tls.ca`). @default false */
  https?: boolean;
  /** Run the template's stream pipes. @default true */
  pipes?: boolean;
  apiKey?: string;
  credentials?: AwsCredentials;
  region?: string;
  /** Per-request budget. @default 30 s, as AppSync */
  requestTimeoutMs?: number;
  /**
   * Local URLs for the template's HTTP data sources, by data source name (a loopback server the
   * test starts, say), in place of their endpoints. A name that is no HTTP data source fails the start.
   */
  httpEndpoints?: Record<string, string>;
  /** How long an HTTP data source waits for an answer. @default the request budget */
  httpTimeoutMs?: number;
  /**
   * The server's clock (epoch ms) for token expiry, the Lambda authorizer's cache and the local
   * Cognito's codes; the real clock when absent. Move it to see a token expire without waiting.
   */
  now?: () => number;
  /** Where the server's log lines go. @default kept in memory, see logs() */
  log?: (line: string) => void;
}

/**
 * A user of the local Cognito (created on demand, with exactly these groups) and which of their
 * tokens to send. The harness signs a caller in on first use and sends the same tokens again, as
 * a client does, until they are a minute from expiry (by `now`) or reset(); signIn() always signs in anew.
 */
export interface UserPoolCaller {
  username: string;
  /** A permanent password for the user (so a test can also sign in as them with Amplify or the SDK). */
  password?: string;
  groups?: string[];
  /** Attributes of a user created here (email etc.); an email is verified. */
  attributes?: Record<string, string>;
  /** The pool (id or name); the API's user pool when it has one. */
  pool?: string;
  /** The app client (id or name); the first the API accepts. */
  client?: string;
  /** Amplify sends the access token; AppSync accepts both. @default 'access' */
  token?: 'access' | 'id';
}

/**
 * Who a request comes from. `apiKey` and `iam` use the local key and credentials; `userPool` a
 * user of the local Cognito; `oidc` a token the local signer makes for these claims; `lambda` the
 * token a Lambda authorizer gets.
 */
export type Caller =
  | 'apiKey'
  | 'iam'
  | 'none'
  | { apiKey: string }
  | { iam: AwsCredentials }
  | { userPool: UserPoolCaller }
  | { oidc: Record<string, unknown>; issuer?: string }
  | { lambda: string }
  | { headers: Record<string, string> };

/** A local Cognito user's tokens, as after a sign-in. */
export interface UserPoolTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  /** The pool and app client they were issued for. */
  poolId: string;
  clientId: string;
  /** The user's internal username (Cognito's `cognito:username`). */
  username: string;
}

export interface GraphqlOptions {
  /** @default 'apiKey' when the API accepts API keys, else 'iam' */
  as?: Caller;
  operationName?: string;
  /** More request headers (they win over the caller's). */
  headers?: Record<string, string>;
}

/** AppSync's answer: its body, with the HTTP status beside it. */
export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: GraphqlError[];
  extensions?: Record<string, unknown>;
}

export interface Subscription<T = Record<string, unknown>> {
  /** The next event's data (its errors as `errors`), waiting up to `timeoutMs` (10 s). */
  next(timeoutMs?: number): Promise<{ data: T | null; errors?: GraphqlError[] }>;
  /** Waits until the server has nothing in hand, then fails if an event came that was not taken with next(). */
  expectNothing(): Promise<void>;
  /** Every event received so far. */
  received(): readonly { data: T | null; errors?: GraphqlError[] }[];
  close(): Promise<void>;
}

export interface LocalAppSyncHarness {
  readonly graphqlUrl: string;
  readonly realtimeUrl: string;
  readonly explorerUrl: string;
  /** `http://localhost:<port>`; local services live under `<origin>/_local/`. */
  readonly origin: string;
  readonly apiKey: string;
  readonly credentials: AwsCredentials;
  readonly region: string;
  readonly dynamodbEndpoint: string;
  /** The template's tables' local names, by logical id. */
  readonly tables: Record<string, string>;
  /** With `https`: the local CA to trust. */
  readonly tls?: { ca: string; caPath: string };
  /** The running server, for what the harness does not wrap. */
  readonly app: LocalAppSync;

  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, options?: GraphqlOptions): Promise<GraphqlResponse<T>>;
  /** Any request to the GraphQL endpoint, body as given (malformed requests, odd headers, other methods): status, headers and text. */
  raw(body: string, options?: Pick<GraphqlOptions, 'as' | 'headers'> & { method?: string }): Promise<{ status: number; headers: Record<string, string>; text: string }>;
  /** Resolves once the server acknowledged the subscription; rejects with SubscriptionRefused otherwise. */
  subscribe<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, options?: Pick<GraphqlOptions, 'as'>): Promise<Subscription<T>>;
  /** Puts items (plain objects) into tables, by logical id or table name. */
  seed(items: Record<string, readonly object[]>): Promise<void>;
  /** Every item of a table (by logical id or name), as plain objects. */
  scan(table: string): Promise<Record<string, unknown>[]>;
  /** What was published to the template's SNS topics (one topic by ARN or name), oldest first. */
  snsMessages(topic?: string): StoredSnsMessage[];
  /** Resolves once the server has nothing in hand: every pipe caught up with its stream. */
  settled(): Promise<void>;
  /** Starts the template's pipes, when the harness was started with `pipes: false` (to subscribe before any event flows). */
  startPipes(): Promise<void>;
  /** What a pipe (by name, or every pipe) sent to its dead-letter target, oldest first. */
  deadLetters(pipe?: string): Promise<DeadLetter[]>;
  /** A DynamoDB client for the local tables, for what seed() and scan() do not cover. */
  readonly dynamodb: DynamoDBClient;
  /** Every table emptied; subscriptions, SNS messages, pipe state and warm functions gone. */
  reset(): Promise<void>;
  /** A user of the local Cognito (created on demand, with exactly `groups`), signed in: their tokens. */
  signIn(user: UserPoolCaller): Promise<UserPoolTokens>;
  /** The local Cognito's endpoint (`<origin>/_local/cognito`): Amplify's `userPoolEndpoint`, the SDK's `endpoint`. */
  readonly cognitoEndpoint: string;
  /** The server's log lines (when no `log` option was given). */
  logs(): readonly string[];
  stop(): Promise<void>;
}

export async function startLocalAppSync(options: StartLocalAppSyncOptions): Promise<LocalAppSyncHarness> {
  const source = sourceOf(options);
  const temporary = options.stateDir === undefined && !('project' in source) ? await mkdtemp(path.join(tmpdir(), 'appsync-local-test-')) : undefined;
  const stateDir = options.stateDir ?? temporary ?? path.join((source as { project: string }).project, DEFAULTS.stateDir);
  const lines: string[] = [];
  const credentials = options.credentials ?? { accessKeyId: DEFAULTS.accessKeyId, secretAccessKey: DEFAULTS.secretAccessKey };
  const region = options.region ?? DEFAULTS.region;
  const apiKey = options.apiKey ?? DEFAULTS.apiKey;
  let served: Served;
  try {
    served = await serve({
      source,
      stateDir,
      port: options.port ?? 0,
      https: options.https,
      watch: false,
      stackName: options.stack,
      ephemeral: !options.persist,
      apiKey,
      credentials,
      region,
      requestTimeoutMs: options.requestTimeoutMs,
      ...(options.httpEndpoints ? { httpEndpoints: options.httpEndpoints } : {}),
      ...(options.httpTimeoutMs !== undefined ? { httpTimeoutMs: options.httpTimeoutMs } : {}),
      runtimeEnvironment: runtimeEnvironment(options),
      ...(options.now ? { now: options.now } : {}),
      startPipes: options.pipes !== false,
      log: options.log ?? ((line) => void lines.push(line)),
    });
  } catch (err) {
    if (temporary) await rm(temporary, { recursive: true, force: true });
    throw err;
  }
  return new Harness(served, { apiKey, credentials, region, lines, temporary, now: options.now ?? Date.now });
}

class Harness implements LocalAppSyncHarness {
  readonly graphqlUrl: string;
  readonly realtimeUrl: string;
  readonly explorerUrl: string;
  readonly origin: string;
  readonly apiKey: string;
  readonly credentials: AwsCredentials;
  readonly region: string;
  readonly tls?: { ca: string; caPath: string };
  readonly app: LocalAppSync;
  private readonly subscriptions = new Set<RealtimeSubscription<unknown>>();
  /** Keep-alive connections to the server: a new connection per call costs more than the call itself. */
  private readonly agent: HttpAgent;
  /** User pool callers' tokens by caller (a sign-in signs two JWTs, about as long as a query takes), with their expiry. */
  private readonly signedIn = new Map<string, { tokens: UserPoolTokens; expiresAtMs: number }>();

  constructor(
    private readonly served: Served,
    private readonly settings: { apiKey: string; credentials: AwsCredentials; region: string; lines: string[]; temporary: string | undefined; now: () => number },
  ) {
    this.app = served.app;
    this.graphqlUrl = served.graphqlUrl;
    this.realtimeUrl = served.realtimeUrl;
    this.explorerUrl = served.explorerUrl;
    this.origin = served.origin;
    this.apiKey = settings.apiKey;
    this.credentials = settings.credentials;
    this.region = settings.region;
    if (served.tls) this.tls = served.tls;
    this.agent = served.tls ? new HttpsAgent({ keepAlive: true, ca: served.tls.ca }) : new HttpAgent({ keepAlive: true });
  }

  get dynamodbEndpoint(): string {
    return this.app.dynamodb.endpoint;
  }

  get tables(): Record<string, string> {
    return this.app.tableNames();
  }

  async graphql<T>(query: string, variables?: Record<string, unknown>, options: GraphqlOptions = {}): Promise<GraphqlResponse<T>> {
    const body = JSON.stringify({ query, ...(variables ? { variables } : {}), ...(options.operationName ? { operationName: options.operationName } : {}) });
    const headers = { 'content-type': 'application/json', ...(await this.callerHeaders(options.as, this.graphqlUrl, body)), ...options.headers };
    const { status, text } = await this.post(this.graphqlUrl, body, headers);
    let parsed: Omit<GraphqlResponse<T>, 'status'>;
    try {
      parsed = JSON.parse(text) as Omit<GraphqlResponse<T>, 'status'>;
    } catch {
      throw new Error(`the local API answered ${status} with a body that is not JSON: ${text.slice(0, 200)}`);
    }
    return { status, ...parsed };
  }

  async raw(body: string, options: Pick<GraphqlOptions, 'as' | 'headers'> & { method?: string } = {}): Promise<{ status: number; headers: Record<string, string>; text: string }> {
    const headers = { 'content-type': 'application/json', ...(await this.callerHeaders(options.as, this.graphqlUrl, body)), ...options.headers };
    return this.post(this.graphqlUrl, body, headers, options.method);
  }

  async subscribe<T>(query: string, variables?: Record<string, unknown>, options: Pick<GraphqlOptions, 'as'> = {}): Promise<Subscription<T>> {
    const data = JSON.stringify({ query, variables: variables ?? {} });
    const connectUrl = new URL('/graphql/connect', this.graphqlUrl).toString();
    const host = new URL(this.graphqlUrl).host;
    const connection = { host, ...(await this.callerHeaders(options.as, connectUrl, '{}')) };
    const authorization = { host, ...(await this.callerHeaders(options.as, this.graphqlUrl, data)) };
    const subscription = await RealtimeSubscription.open<T>(this.realtimeUrl, connection, { data, authorization }, this.tls ? { ca: this.tls.ca } : {});
    this.subscriptions.add(subscription as RealtimeSubscription<unknown>);
    return {
      next: (timeoutMs) => subscription.next(timeoutMs),
      received: () => subscription.received(),
      expectNothing: async () => {
        await this.settled();
        const unexpected = await subscription.pending();
        if (unexpected.length > 0) throw new Error(`expected no event, got ${unexpected.length}: ${JSON.stringify(unexpected)}`);
      },
      close: async () => {
        this.subscriptions.delete(subscription as RealtimeSubscription<unknown>);
        await subscription.close();
      },
    };
  }

  async seed(items: Record<string, readonly object[]>): Promise<void> {
    for (const [table, list] of Object.entries(items)) {
      const name = this.tableName(table);
      // BatchWriteItem takes 25 puts at most; what it leaves unprocessed is sent again.
      for (let i = 0; i < list.length; i += 25) {
        let requests: WriteRequest[] = list.slice(i, i + 25).map((item) => ({ PutRequest: { Item: marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true }) } }));
        while (requests.length > 0) {
          const answer = await this.app.dynamodb.client.send(new BatchWriteItemCommand({ RequestItems: { [name]: requests } }));
          requests = answer.UnprocessedItems?.[name] ?? [];
        }
      }
    }
  }

  async scan(table: string): Promise<Record<string, unknown>[]> {
    const name = this.tableName(table);
    const items: Record<string, unknown>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.app.dynamodb.client.send(new ScanCommand({ TableName: name, ConsistentRead: true, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  snsMessages(topic?: string): StoredSnsMessage[] {
    const topics = this.app.sns.topics;
    if (topic === undefined) return topics.listMessages();
    const found = topics.findTopic(topic);
    if (!found) throw new Error(`the template has no SNS topic ${topic}`);
    return topics.listMessages(found.arn);
  }

  settled(): Promise<void> {
    return this.app.settled();
  }

  startPipes(): Promise<void> {
    return this.app.serve();
  }

  async deadLetters(pipe?: string): Promise<DeadLetter[]> {
    const runners = [...this.app.pipes.runners.values()].filter((r) => pipe === undefined || r.pipe.name === pipe || r.pipe.logicalId === pipe);
    if (pipe !== undefined && runners.length === 0) throw new Error(`no running pipe ${pipe} (pipes: ${[...this.app.pipes.runners.keys()].join(', ') || 'none'})`);
    return (await Promise.all(runners.map((r) => r.deadLetters()))).flat();
  }

  get dynamodb(): DynamoDBClient {
    return this.app.dynamodb.client;
  }

  async reset(): Promise<void> {
    const open = [...this.subscriptions];
    this.subscriptions.clear();
    this.signedIn.clear();
    await this.app.reset();
    await Promise.all(open.map((s) => s.close()));
  }

  logs(): readonly string[] {
    return this.settings.lines;
  }

  get cognitoEndpoint(): string {
    return this.app.cognito.endpoint;
  }

  async signIn(user: UserPoolCaller): Promise<UserPoolTokens> {
    const { token: _token, ...input } = user;
    const signedIn = await this.app.cognito.signIn({ ...input, groups: user.groups ?? [] });
    return { idToken: signedIn.idToken, accessToken: signedIn.accessToken, refreshToken: signedIn.refreshToken, poolId: signedIn.poolId, clientId: signedIn.clientId, username: signedIn.username };
  }

  async stop(): Promise<void> {
    // The server first: its pipes stop while subscribers are still connected, so nothing a pipe
    // delivers on the way out is lost; closing the server then ends the subscriptions.
    await this.served.stop();
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.subscriptions.clear();
    this.agent.destroy();
    if (this.settings.temporary) await rm(this.settings.temporary, { recursive: true, force: true });
  }

  private tableName(table: string): string {
    const names = this.tables;
    const name = names[table] ?? Object.values(names).find((n) => n === table);
    if (!name) throw new Error(`the template has no table ${table} (tables: ${Object.keys(names).join(', ') || 'none'})`);
    return name;
  }

  private async callerHeaders(caller: Caller | undefined, url: string, body: string): Promise<Record<string, string>> {
    const who = caller ?? (this.app.authSettings().providers.some((p) => p.type === 'API_KEY') ? 'apiKey' : 'iam');
    if (who === 'none') return {};
    if (who === 'apiKey') return { 'x-api-key': this.apiKey };
    // Signed at the server's time (`now`), whose clock judges the signature's date.
    if (who === 'iam') return signedAppSyncHeaders(url, body, this.credentials, this.region, new Date(this.settings.now()));
    if ('apiKey' in who) return { 'x-api-key': who.apiKey };
    if ('iam' in who) return signedAppSyncHeaders(url, body, who.iam, this.region, new Date(this.settings.now()));
    if ('userPool' in who) {
      const tokens = await this.userPoolTokens(who.userPool);
      return { authorization: who.userPool.token === 'id' ? tokens.idToken : tokens.accessToken };
    }
    if ('oidc' in who) return { authorization: await this.app.oidc.token(who.oidc, who.issuer) };
    if ('lambda' in who) return { authorization: who.lambda };
    return who.headers;
  }

  /** The caller's tokens from an earlier call while they are a minute or more from expiry, else a new sign-in. */
  private async userPoolTokens(user: UserPoolCaller): Promise<UserPoolTokens> {
    const { token: _token, ...who } = user;
    const key = JSON.stringify(who);
    const now = this.settings.now();
    const kept = this.signedIn.get(key);
    if (kept && now < kept.expiresAtMs - 60_000) return kept.tokens;
    const tokens = await this.signIn(user);
    const exp = Math.min(decodeJwt(tokens.accessToken).exp ?? 0, decodeJwt(tokens.idToken).exp ?? 0);
    this.signedIn.set(key, { tokens, expiresAtMs: exp * 1000 });
    return tokens;
  }

  private post(url: string, body: string, headers: Record<string, string>, method = 'POST'): Promise<{ status: number; headers: Record<string, string>; text: string }> {
    const withBody = method !== 'GET' && method !== 'HEAD';
    // node:http rather than fetch: it takes the local CA, and costs about half a millisecond less a call.
    const send = this.tls ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, { method, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const responseHeaders = Object.fromEntries(Object.entries(res.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : Array.isArray(v) ? [[k, v.join(', ')]] : [])));
          resolve({ status: res.statusCode ?? 0, headers: responseHeaders, text: Buffer.concat(chunks).toString('utf8') });
        });
      });
      req.on('error', reject);
      req.end(withBody ? body : undefined);
    });
  }
}

function sourceOf(options: StartLocalAppSyncOptions): AppSource {
  const given = (['project', 'assembly', 'template'] as const).filter((k) => options[k] !== undefined);
  if (given.length !== 1) throw new Error(`startLocalAppSync: give exactly one of project, assembly and template${given.length > 1 ? `, not ${given.join(' and ')}` : ''}`);
  const source: AppSource =
    options.template !== undefined
      ? { template: path.resolve(options.template) }
      : options.assembly !== undefined
        ? { assembly: path.resolve(options.assembly) }
        : { project: path.resolve(options.project!), ...(options.context ? { context: options.context } : {}) };
  try {
    checkAppSource(source);
  } catch (err) {
    throw new AppSourceError(`startLocalAppSync: ${(err as Error).message}`);
  }
  return source;
}

function runtimeEnvironment(options: StartLocalAppSyncOptions): RuntimeEnvironment | undefined {
  const { clock } = options;
  if (clock === undefined && !options.deterministicIds) return undefined;
  let now: () => number = SYSTEM_ENVIRONMENT.now;
  if (typeof clock === 'function') now = clock;
  else if (clock !== undefined) {
    const at = clock instanceof Date ? clock.getTime() : typeof clock === 'number' ? clock : Date.parse(clock);
    if (!Number.isFinite(at)) throw new Error(`startLocalAppSync: clock ${String(clock)} is not a date`);
    now = () => at;
  }
  return options.deterministicIds ? deterministicEnvironment({ now }) : { ...SYSTEM_ENVIRONMENT, now };
}
