/**
 * The local API over real HTTP against a bare HTTP endpoint making the same DynamoDB calls with
 * the AWS SDK (baseline-endpoint.ts): what the local AppSync (auth, GraphQL, the APPSYNC_JS
 * sandbox, the data source, the local Lambda) adds on top of an HTTP hop and DynamoDB Local.
 *
 * Both sides run in this process against the same DynamoDB Local and table, each called over a
 * keep-alive node:http pool; the baseline endpoint makes exactly the DynamoDB calls the
 * resolvers make:
 *
 * - user(username): one Query of the user's partition, descending, limit 22, unmarshalled;
 * - createOrder: one TransactWriteItems, a ConditionCheck on the profile and the Put of the order;
 * - addUser: the add-user function's own code (functions/add-user/add-user.ts), one
 *   TransactWriteItems of the profile, the email guard and the name guard.
 *
 * The trace (x-local-trace: 1) shows once per operation which calls the local API made. The
 * local API is called as the product is: a user of the local Cognito, here an admin (who may read
 * and write every user), with an access token (so each request's time includes checking it).
 */
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { DynamoDBClient, GetItemCommand, QueryCommand, TransactWriteItemsCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { addUser } from '../functions/add-user/add-user.js';
import { LOCAL_CREDENTIALS, serve, synthesizeIfChanged, type Served } from 'appsync-local';
import { emailGuardKey, userKey, usernameGuardKey } from '../resolvers/lib/keys.js';
import { newOrderItem } from '../resolvers/lib/items.js';
import { orderIdAt } from '../resolvers/lib/order-ids.js';
import { DELETE_MARK_TTL_MS } from '../resolvers/lib/user-lifecycle.js';
import { startBaselineEndpoint, type BaselineEndpoint } from './baseline-endpoint.js';
import { onInterrupt } from './cleanup.js';
import { comparePair, type LoadStats, type PairOptions } from './load.js';

const ROOT = path.resolve(import.meta.dirname, '..');
/** The local server's API key option (the product's API takes none; it is never sent). */
const API_KEY = 'da2-bench-api-key-000000000';
const CREDENTIALS = { accessKeyId: 'BENCHACCESSKEY', secretAccessKey: 'bench-secret-access-key' };
const REGION = 'us-east-1';
/** The resolver's limit: the profile plus a default page of orders plus one (Query.user.ts). */
const USER_QUERY_LIMIT = 22;
const ORDERS_OF_READER = 10;

/** The issue's target: the local API's p50 for `user` at most 1.15 times the bare endpoint's. */
export const USER_RATIO_TARGET = 1.15;

export const CONCURRENCY: Record<'c1' | 'c16', PairOptions> = {
  // ≥ 300 samples per side at c=1 and ≥ 1000 at c=16 for a p99 that holds from run to run;
  // the time bounds keep the whole bench within minutes on a busy 2-core machine.
  // Short alternating rounds: a burst of load from another process lands on both sides.
  c1: { concurrency: 1, warmupMs: 3000, minSamples: 400, minMs: 1500, maxMs: 8000, rounds: 10 },
  c16: { concurrency: 16, warmupMs: 2000, minSamples: 1200, minMs: 2000, maxMs: 10000, rounds: 4 },
};

/** Below these counts a p99 moves from run to run; the time bound may stop a slow case short of them. */
const STABLE_SAMPLES: Record<number, number> = { 1: 300, 16: 1000 };

export type OperationName = 'user' | 'createOrder' | 'addUser';

export interface LocalApiRow {
  operation: OperationName;
  concurrency: number;
  localApi: LoadStats;
  direct: LoadStats;
  /** local-API p50 / direct p50. */
  ratio: number;
  target: number | null;
  /** A side ended by the time bound with fewer samples than a stable p99 needs. */
  fewSamples: boolean;
}

export interface CallCheck {
  operation: OperationName;
  localApiCalls: string[];
  directCalls: string[];
  same: boolean;
  note?: string;
}

export interface LocalApiBench {
  assembly: { dir: string; fromCache: boolean; reusedTestAssembly: boolean; durationMs: number };
  startMs: number;
  tableName: string;
  calls: CallCheck[];
  settings: typeof CONCURRENCY;
  rows: LocalApiRow[];
}

/**
 * The project's assembly in .local/bench-cdk.out. The tests' assembly (.local/test-cdk.out)
 * carries the hash of its inputs: copied over, synthesizeIfChanged keeps it when those inputs
 * are still the current ones and synthesizes otherwise, so the tests' folder is never touched.
 */
export async function prepareAssembly(): Promise<LocalApiBench['assembly']> {
  const outDir = path.join(ROOT, '.local', 'bench-cdk.out');
  const testDir = path.join(ROOT, '.local', 'test-cdk.out');
  const hashOf = (dir: string) => {
    const file = path.join(dir, 'local-synth-inputs.sha256');
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };
  let reusedTestAssembly = false;
  const testHash = hashOf(testDir);
  if (testHash !== undefined && testHash !== hashOf(outDir)) {
    rmSync(outDir, { recursive: true, force: true });
    cpSync(testDir, outDir, { recursive: true });
    reusedTestAssembly = true;
  }
  const result = await synthesizeIfChanged({ projectDir: ROOT, outDir });
  return { dir: result.outDir, fromCache: result.fromCache, reusedTestAssembly: reusedTestAssembly && result.fromCache, durationMs: result.durationMs };
}

interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: { errorType?: string; message: string }[];
  extensions?: { trace?: { fields: { typeName: string; fieldName: string; steps: { step: string; request?: Record<string, unknown> }[] }[] } };
}

/** A signed-in user of the served app's local Cognito (created on demand): their access token. */
export async function benchToken(app: Served['app'], username: string, groups: string[] = []): Promise<string> {
  return (await app.cognito.signIn({ username, groups, attributes: { email: `${username}@example.com` } })).accessToken;
}

/** POSTs JSON over node:http with a keep-alive pool (both sides of the comparison use one): the answer's status and text. */
function jsonPoster() {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const post = (url: string, body: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}

/** A GraphQL client sending `authorization`; any GraphQL error is thrown. */
export function graphqlClient(url: string, authorization: string) {
  const poster = jsonPoster();
  const post = async (query: string, variables: Record<string, unknown>, extraHeaders: Record<string, string> = {}): Promise<GraphqlBody> => {
    const { status, text } = await poster.post(url, JSON.stringify({ query, variables }), { authorization, ...extraHeaders });
    if (status !== 200) throw new Error(`HTTP ${status}: ${text.slice(0, 300)}`);
    const parsed = JSON.parse(text) as GraphqlBody;
    if (parsed.errors?.length) throw new Error(`${parsed.errors[0]!.errorType}: ${parsed.errors[0]!.message}`);
    return parsed;
  };
  return { post, close: poster.close };
}

/** POSTs to the baseline endpoint. */
function bareClient() {
  const poster = jsonPoster();
  const post = async (url: string): Promise<unknown> => {
    const { status, text } = await poster.post(url, '{}');
    if (status !== 200) throw new Error(`baseline HTTP ${status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as unknown;
  };
  return { post, close: poster.close };
}

/** A client like the local API's own (local-appsync.ts): keep-alive, the same pool size and timeouts. */
function directClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: REGION,
    credentials: LOCAL_CREDENTIALS,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }), connectionTimeout: 2_000, requestTimeout: 10_000 }),
  });
}

const USER_QUERY = `query User($username: ID!) {
  user(username: $username) {
    username email name address { line1 line2 city region postalCode country } createdAt updatedAt
    orders { items { orderId username status amount numberOfItems createdAt updatedAt version } }
  }
}`;
const CREATE_ORDER = `mutation CreateOrder($input: CreateOrderInput!) {
  createOrder(input: $input) { orderId username status amount numberOfItems createdAt updatedAt version }
}`;
const ADD_USER = `mutation AddUser($input: AddUserInput!) {
  addUser(input: $input) { username email name createdAt }
}`;

/** One line per DynamoDB (or Lambda) call, the same words for both sides. */
function describeAppSyncRequest(r: Record<string, unknown>): string {
  switch (r['operation']) {
    case 'Query':
      return `Query(limit ${String(r['limit'])}, ${r['scanIndexForward'] === false ? 'descending' : 'ascending'}${r['index'] ? `, index ${String(r['index'])}` : ''})`;
    case 'TransactWriteItems':
      return `TransactWriteItems[${(r['transactItems'] as { operation: string }[]).map((i) => i.operation).join(', ')}]`;
    case 'Invoke':
      return 'Lambda Invoke';
    default:
      return String(r['operation']);
  }
}

function describeSdkCall(commandName: string, input: Record<string, unknown>): string {
  const name = commandName.replace(/Command$/, '');
  switch (name) {
    case 'Query':
      return `Query(limit ${String(input['Limit'])}, ${input['ScanIndexForward'] === false ? 'descending' : 'ascending'}${input['IndexName'] ? `, index ${String(input['IndexName'])}` : ''})`;
    case 'TransactWriteItems': {
      const kinds = (input['TransactItems'] as TransactWriteItem[]).map((i) => (i.ConditionCheck ? 'ConditionCheck' : i.Put ? 'PutItem' : i.Update ? 'UpdateItem' : 'DeleteItem'));
      return `TransactWriteItems[${kinds.join(', ')}]`;
    }
    default:
      return name;
  }
}

function tracedCalls(body: GraphqlBody): { calls: string[]; fields: string[] } {
  const fields = body.extensions?.trace?.fields ?? [];
  return {
    calls: fields.flatMap((f) => f.steps.filter((s) => s.step.startsWith('datasource:')).map((s) => describeAppSyncRequest(s.request ?? {}))),
    fields: fields.map((f) => `${f.typeName}.${f.fieldName}`),
  };
}

/**
 * The project's API wired as `npm start` wires it (serve(), the one wiring the command uses), on a
 * free port, but with data in memory, no hot reload and quiet. `pipes`: whether the stream pipes
 * run (only the real-time bench needs them; elsewhere they would poll the stream beside the load).
 */
export function startBenchApi(assemblyDir: string, options: { pipes: boolean }): Promise<Served> {
  return serve({
    source: { assembly: assemblyDir },
    stateDir: path.join(ROOT, '.local'),
    port: 0,
    watch: false,
    ephemeral: true,
    apiKey: API_KEY,
    credentials: CREDENTIALS,
    region: REGION,
    startPipes: options.pipes,
    log: () => undefined,
  });
}

export async function benchLocalApi(log: (line: string) => void): Promise<LocalApiBench> {
  const assembly = await prepareAssembly();
  log(
    `assembly: ${assembly.reusedTestAssembly ? 'the tests’ (.local/test-cdk.out), up to date' : assembly.fromCache ? '.local/bench-cdk.out, up to date' : `synthesized in ${(assembly.durationMs / 1000).toFixed(1)} s`}`,
  );

  const started = performance.now();
  let served: Promise<Served> | undefined;
  let client: ReturnType<typeof graphqlClient> | undefined;
  let direct: DynamoDBClient | undefined;
  let recording: DynamoDBClient | undefined;
  let baseline: BaselineEndpoint | undefined;
  let bare: ReturnType<typeof bareClient> | undefined;
  const stopAll = async () => {
    client?.close();
    bare?.close();
    await baseline?.stop();
    direct?.destroy();
    recording?.destroy();
    // Also when interrupted mid-start: DynamoDB Local (Java) must not outlive the bench.
    await served?.then(
      (s) => s.stop(),
      () => undefined,
    );
  };
  const unregister = onInterrupt(stopAll);
  try {
    served = startBenchApi(assembly.dir, { pipes: false });
    const { app, port } = await served;
    const startMs = performance.now() - started;
    // 127.0.0.1, not localhost: no name lookup and no IPv6 attempt in the measured path.
    client = graphqlClient(`http://127.0.0.1:${port}/graphql`, await benchToken(app, 'bench-admin', ['admin']));
    const tableName = app.api.definition.environmentVariables['TABLE_NAME'];
    if (!tableName) throw new Error('the API has no TABLE_NAME environment variable');
    direct = directClient(app.dynamodb.endpoint);
    const doc = DynamoDBDocumentClient.from(direct, { marshallOptions: { removeUndefinedValues: true } });
    const gql = client.post;

    // Data: a reader with 10 orders for `user`, a writer that createOrder adds orders to (so the
    // reader's partition, and with it the Query's result, stays the same size).
    const run = Date.now().toString(36);
    const reader = `bench-reader-${run}`;
    const writer = `bench-writer-${run}`;
    for (const username of [reader, writer]) await gql(ADD_USER, { input: { username, email: `${username}@example.com`, name: `Bench ${username}` } });
    for (let i = 0; i < ORDERS_OF_READER; i += 1) await gql(CREATE_ORDER, { input: { username: reader, amount: 10 + i, numberOfItems: 1 + i } });
    const check = (await gql(USER_QUERY, { username: reader })).data?.['user'] as { orders: { items: unknown[] } } | null;
    if (check?.orders.items.length !== ORDERS_OF_READER) throw new Error(`the reader has ${check?.orders.items.length ?? 'no'} orders, expected ${ORDERS_OF_READER}`);

    let unique = 0;
    const nextName = () => `b${run}-${(unique++).toString(36)}`;
    let lastLocalUsername = '';

    const local: Record<OperationName, (headers?: Record<string, string>) => Promise<GraphqlBody>> = {
      user: (headers) => gql(USER_QUERY, { username: reader }, headers),
      createOrder: (headers) => gql(CREATE_ORDER, { input: { username: writer, amount: 12.5, numberOfItems: 2 } }, headers),
      addUser: (headers) => {
        const username = nextName();
        lastLocalUsername = username;
        return gql(ADD_USER, { input: { username, email: `${username}@Example.com`, name: 'Bench user' } }, headers);
      },
    };

    const directOps = (db: DynamoDBClient): Record<OperationName, () => Promise<unknown>> => {
      const documents = db === direct ? doc : DynamoDBDocumentClient.from(db, { marshallOptions: { removeUndefinedValues: true } });
      return {
        user: async () => {
          const out = await db.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: '#PK = :PK',
              ExpressionAttributeNames: { '#PK': 'PK' },
              ExpressionAttributeValues: { ':PK': { S: userKey(reader).PK } },
              ScanIndexForward: false,
              Limit: USER_QUERY_LIMIT,
            }),
          );
          return (out.Items ?? []).map((item) => unmarshall(item));
        },
        createOrder: async () => {
          const nowMs = Date.now();
          const now = new Date(nowMs).toISOString();
          const { PK, SK, ...attributes } = newOrderItem(writer, orderIdAt(nowMs, randomUUID()), 12.5, 2, now);
          // The resolver's condition (userNotBeingDeleted): the profile is a user's (it has an email) and no live deleteUser marks it.
          return db.send(
            new TransactWriteItemsCommand({
              TransactItems: [
                {
                  ConditionCheck: {
                    TableName: tableName,
                    Key: marshall(userKey(writer)),
                    ConditionExpression: 'attribute_exists(#PK) AND attribute_exists(#Email) AND (attribute_not_exists(#Deleting) OR #Deleting < :staleBefore)',
                    ExpressionAttributeNames: { '#PK': 'PK', '#Email': 'Email', '#Deleting': 'Deleting' },
                    ExpressionAttributeValues: { ':staleBefore': { S: new Date(nowMs - DELETE_MARK_TTL_MS).toISOString() } },
                    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                  },
                },
                {
                  Put: {
                    TableName: tableName,
                    Item: marshall({ PK, SK, ...attributes }),
                    ConditionExpression: 'attribute_not_exists(#PK)',
                    ExpressionAttributeNames: { '#PK': 'PK' },
                    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                  },
                },
              ],
            }),
          );
        },
        addUser: async () => {
          const username = nextName();
          const answer = await addUser(documents, tableName, { username, email: `${username}@Example.com`, name: 'Bench user' });
          if ('error' in answer) throw new Error(`${answer.error.type}: ${answer.error.message}`);
          return answer;
        },
      };
    };

    // Which calls each side makes: the local API's from its trace, the baseline's recorded by a
    // middleware on a separate client (the measured client has none).
    const recorded: string[] = [];
    recording = directClient(app.dynamodb.endpoint);
    recording.middlewareStack.add(
      (next, context) => async (args) => {
        recorded.push(describeSdkCall(String(context.commandName), args.input as Record<string, unknown>));
        return next(args);
      },
      { step: 'initialize' },
    );
    const recordingOps = directOps(recording);
    const calls: CallCheck[] = [];
    for (const operation of ['user', 'createOrder', 'addUser'] as const) {
      const traced = tracedCalls(await local[operation]({ 'x-local-trace': '1' }));
      recorded.length = 0;
      await recordingOps[operation]();
      const directCalls = [...recorded];
      if (operation === 'addUser') {
        // The DynamoDB call happens in the function's process, outside the trace: check its effect.
        const username = lastLocalUsername;
        const written = await Promise.all(
          [userKey(username), emailGuardKey(`${username}@example.com`), usernameGuardKey(username)].map((key) => direct!.send(new GetItemCommand({ TableName: tableName, Key: marshall(key) }))),
        );
        const all = written.every((w) => w.Item !== undefined);
        calls.push({
          operation,
          localApiCalls: traced.calls,
          directCalls,
          same: traced.calls.join() === 'Lambda Invoke' && directCalls.join() === 'TransactWriteItems[PutItem, PutItem, PutItem]' && all,
          note: `the add-user function runs functions/add-user/add-user.ts, the baseline's code; ${all ? 'profile, email guard and name guard written' : 'profile or a guard MISSING'}`,
        });
      } else {
        const note = operation === 'user' ? `fields with a resolver: ${traced.fields.join(', ')} (User.orders served from the prefetch)` : undefined;
        calls.push({ operation, localApiCalls: traced.calls, directCalls, same: traced.calls.join() === directCalls.join(), ...(note ? { note } : {}) });
      }
    }

    const measured = directOps(direct);
    baseline = await startBaselineEndpoint(measured);
    bare = bareClient();
    const rows: LocalApiRow[] = [];
    for (const operation of ['user', 'createOrder', 'addUser'] as const) {
      for (const options of [CONCURRENCY.c1, CONCURRENCY.c16]) {
        const localCall = local[operation];
        const baselineUrl = baseline.url(operation);
        const baselineClient = bare;
        const directCall = () => baselineClient.post(baselineUrl);
        const { a, b } = await comparePair(
          async () => void (await localCall()),
          async () => void (await directCall()),
          options,
        );
        const ratio = a.p50Ms / b.p50Ms;
        const fewSamples = Math.min(a.samples, b.samples) < (STABLE_SAMPLES[options.concurrency] ?? 0);
        rows.push({ operation, concurrency: options.concurrency, localApi: a, direct: b, ratio, target: operation === 'user' ? USER_RATIO_TARGET : null, fewSamples });
        log(`  ${operation} c=${options.concurrency}: local ${a.p50Ms.toFixed(2)} ms, direct ${b.p50Ms.toFixed(2)} ms (${a.samples}/${b.samples} samples)`);
      }
    }
    return { assembly, startMs, tableName, calls, settings: CONCURRENCY, rows };
  } finally {
    await stopAll();
    unregister();
  }
}
