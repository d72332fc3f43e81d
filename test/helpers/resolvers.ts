/**
 * Runs the API's resolver and pipeline-function code the way AppSync does: each file is bundled
 * with the deploy's esbuild options (infra/appsync-js-bundle.ts), loaded once per test file into
 * one APPSYNC_JS runtime (AppSync's save-time check included) and its handlers are evaluated with
 * realistic contexts: the table name in ctx.env, the caller's identity (a user pool identity for
 * signed-in users, an IAM identity for services), info.fieldName and info.parentTypeName.
 */
import path from 'node:path';
import type { Identity } from '@aws-appsync/utils';
import { bundleAppSyncJs } from '../../infra/appsync-js-bundle.js';
import {
  AppSyncJsRuntime,
  executeResolver,
  type AppSyncCode,
  type DataSourceInvoker,
  type FieldContext,
  type FieldError,
  type FieldResolution,
  type HandlerName,
  type HandlerOutcome,
  type LogEntry,
  type ResolverDefinition,
} from 'appsync-local/runtime';
import { ADMIN_GROUP } from '../../resolvers/lib/callers.js';
import { functionFile, resolverFile, RESOLVERS, type ResolverSpec } from '../../resolvers/manifest.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** What the CDK app puts in the API's environment variables: a generated table name. */
export const TABLE_NAME = 'UsersOrdersApi-dev-Table5F1C4E27-1QJ2ZX9K7B3VD';

/** The identity AppSync gives a SigV4-signed caller (the order-events function's role). */
export const IAM_IDENTITY = {
  accountId: '123456789012',
  cognitoIdentityPoolId: null,
  cognitoIdentityId: null,
  sourceIp: ['203.0.113.10'],
  username: 'AROA3XFRBF23EXAMPLE:order-events',
  userArn: 'arn:aws:sts::123456789012:assumed-role/UsersOrdersApi-dev-OrderEventsRole/order-events',
  cognitoIdentityAuthType: null,
  cognitoIdentityAuthProvider: null,
} as unknown as Identity;

const USER_POOL_ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example01';

/** A stable, made-up Cognito `sub` per username. */
export function subOf(username: string): string {
  const hex = Buffer.from(username).toString('hex').padEnd(12, '0').slice(0, 12);
  return `0e7c2a4e-6f1b-4c3d-9a8b-${hex}`;
}

/**
 * The identity AppSync builds for a user pool caller from an access token (what Amplify sends):
 * `username` from the token's `username` claim, `groups` from `cognito:groups` (null when none),
 * the whole payload as `claims`.
 */
export function userPoolIdentity(username: string, groups: string[] = []): Identity {
  const sub = subOf(username);
  return {
    sub,
    issuer: USER_POOL_ISSUER,
    username,
    claims: {
      sub,
      ...(groups.length ? { 'cognito:groups': groups } : {}),
      iss: USER_POOL_ISSUER,
      client_id: '4185tnhrve5se9d36bcpwfh2y8',
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      auth_time: 1767225600,
      exp: 1767229200,
      iat: 1767225600,
      jti: 'b7c1a0de-0000-4000-8000-000000000001',
      username,
    },
    sourceIp: ['203.0.113.20'],
    defaultAuthStrategy: 'ALLOW',
    groups: groups.length ? groups : null,
  } as unknown as Identity;
}

/**
 * Who calls:
 * - `OWNER` (the default): the signed-in user whose username the call names (`args.username`,
 *   `args.input.username` or the source's `username`), as a frontend acts on its own data;
 * - `ADMIN`: a signed-in member of the admin group (`operator`);
 * - `IAM`: a service (SigV4);
 * - `{ user, groups }`: that signed-in user;
 * - `API_KEY`: an API-key caller (no identity), which the API no longer has, to show resolvers refuse it too.
 */
export type Caller = 'OWNER' | 'ADMIN' | 'IAM' | 'API_KEY' | { user: string; groups?: string[] };

/** One field's call as a caller makes it. */
export interface Call {
  args?: Record<string, unknown>;
  /** @default 'OWNER' */
  auth?: Caller;
  source?: unknown;
  stash?: Record<string, unknown>;
}

/** The username a call acts on: what OWNER signs in as. */
function ownerOf(call: Call): string {
  const args = call.args ?? {};
  const input = args['input'] as Record<string, unknown> | undefined;
  const source = call.source as Record<string, unknown> | null | undefined;
  const username = args['username'] ?? input?.['username'] ?? source?.['username'];
  if (typeof username !== 'string') throw new Error('OWNER: the call names no username; give auth explicitly');
  return username;
}

/** ctx.identity, the auth mode and the request headers AppSync gives a caller. */
export function callerContext(call: Call): { identity: Identity | undefined; authMode: 'AWS_IAM' | 'API_KEY' | 'AMAZON_COGNITO_USER_POOLS'; headers: Record<string, string> } {
  const auth = call.auth ?? 'OWNER';
  if (auth === 'IAM') return { identity: IAM_IDENTITY, authMode: 'AWS_IAM', headers: { 'content-type': 'application/json' } };
  if (auth === 'API_KEY') return { identity: undefined, authMode: 'API_KEY', headers: { 'x-api-key': 'da2-exampleexampleexample00' } };
  const [username, groups] = auth === 'OWNER' ? [ownerOf(call), []] : auth === 'ADMIN' ? ['operator', [ADMIN_GROUP]] : [auth.user, auth.groups ?? []];
  return { identity: userPoolIdentity(username, groups), authMode: 'AMAZON_COGNITO_USER_POOLS', headers: { authorization: 'eyJraWQiOiJleGFtcGxlIn0.e30.c2ln' } };
}

export const runtime = new AppSyncJsRuntime();

const loaded = new Map<string, Promise<AppSyncCode>>();

/** Bundles (as deployed) and loads a resolver or function file once; `file` is relative to the project root. */
export function loadCode(file: string): Promise<AppSyncCode> {
  let code = loaded.get(file);
  if (!code) {
    code = bundleAppSyncJs(path.join(ROOT, file)).then((bundle) => runtime.load(bundle));
    loaded.set(file, code);
  }
  return code;
}

/** The context of one field's resolution: the steps of a pipeline share it (and its stash). */
export function fieldContext(typeName: string, fieldName: string, call: Call = {}, tableName = TABLE_NAME): FieldContext {
  const { identity, authMode, headers } = callerContext(call);
  return runtime.fieldContext({
    arguments: call.args ?? {},
    ...(identity ? { identity } : {}),
    ...(call.source !== undefined ? { source: call.source } : {}),
    ...(call.stash ? { stash: call.stash } : {}),
    info: { fieldName, parentTypeName: typeName },
    env: { TABLE_NAME: tableName },
    authMode,
    request: { headers, domainName: null },
  });
}

/** A handler's outcome with its value as plain data. */
export interface Evaluation {
  kind: HandlerOutcome['kind'];
  /** The returned (or early-returned) value as JSON data; undefined after an error. */
  value: unknown;
  error: FieldError | undefined;
  appendedErrors: FieldError[];
  logs: LogEntry[];
  extensions: HandlerOutcome['extensions'];
  /** The stash after the handler. */
  stash: Record<string, unknown>;
}

/** ctx.result / ctx.error / ctx.prev.result for a step, as plain data. */
export interface StepData {
  result?: unknown;
  error?: { message: string; type: string } | null;
  prev?: unknown;
}

/** Handlers of one resolver or function file, evaluated for a given field. */
export class Handlers {
  constructor(
    readonly code: AppSyncCode,
    readonly typeName: string,
    readonly fieldName: string,
  ) {}

  context(call: Call = {}): FieldContext {
    return fieldContext(this.typeName, this.fieldName, call);
  }

  /** Evaluates the request handler; pass a FieldContext to keep its stash for the response. */
  request(call: Call | FieldContext = {}, step: StepData = {}): Evaluation {
    return this.run('request', call, step);
  }

  response(call: Call | FieldContext, step: StepData = {}): Evaluation {
    return this.run('response', call, step);
  }

  private run(handler: HandlerName, call: Call | FieldContext, step: StepData): Evaluation {
    const field = isFieldContext(call) ? call : this.context(call);
    const outcome = this.code.evaluate(handler, field, {
      ...(step.prev !== undefined ? { prev: runtime.toRealm(step.prev) } : {}),
      ...(step.result !== undefined ? { result: runtime.toRealm(step.result) } : {}),
      ...(step.error ? { error: step.error } : {}),
    });
    return {
      kind: outcome.kind,
      value: outcome.kind === 'error' ? undefined : runtime.toHost(outcome.value),
      error: outcome.error,
      appendedErrors: outcome.appendedErrors,
      logs: outcome.logs,
      extensions: outcome.extensions,
      stash: JSON.parse(field.stashJson()) as Record<string, unknown>,
    };
  }
}

function isFieldContext(value: Call | FieldContext): value is FieldContext {
  return typeof (value as FieldContext).stashJson === 'function';
}

/** The handlers of `resolvers/<Type>.<field>.ts`. */
export async function resolverHandlers(typeName: string, fieldName: string): Promise<Handlers> {
  return new Handlers(await loadCode(`resolvers/${typeName}.${fieldName}.ts`), typeName, fieldName);
}

/** The handlers of `resolvers/functions/<name>.ts`, as a step of the pipeline of `<Type>.<field>`. */
export async function functionHandlers(name: string, typeName: string, fieldName: string): Promise<Handlers> {
  return new Handlers(await loadCode(`resolvers/functions/${name}.ts`), typeName, fieldName);
}

export function specFor(typeName: string, fieldName: string): ResolverSpec {
  const spec = RESOLVERS.find((r) => r.typeName === typeName && r.fieldName === fieldName);
  if (!spec) throw new Error(`resolvers/manifest.ts has no resolver for ${typeName}.${fieldName}`);
  return spec;
}

/** The field's resolver as the manifest wires it; data sources are named by their role (table, addUserFunction, none). */
export async function resolverDefinition(typeName: string, fieldName: string): Promise<ResolverDefinition> {
  const spec = specFor(typeName, fieldName);
  const code = await loadCode(resolverFile(spec));
  if (spec.kind === 'UNIT') return { kind: 'UNIT', dataSource: spec.dataSource, code };
  const functions = await Promise.all(spec.functions.map(async (fn) => ({ name: fn.name, dataSource: fn.dataSource, code: await loadCode(functionFile(fn)) })));
  return { kind: 'PIPELINE', code, functions };
}

/** Data sources behind a real table (test/helpers/local-table.ts): ctx.env.TABLE_NAME is its name. */
export interface TableDataSources {
  invoke: DataSourceInvoker;
  tableName: string;
}

/**
 * Resolves one field end to end (request, data sources, response) with the given data sources:
 * an invoker (ctx.env.TABLE_NAME is TABLE_NAME), or a table and its name.
 */
export async function resolveField(typeName: string, fieldName: string, call: Call, dataSources: DataSourceInvoker | TableDataSources): Promise<FieldResolution> {
  const { invoke, tableName } = typeof dataSources === 'function' ? { invoke: dataSources, tableName: TABLE_NAME } : dataSources;
  return executeResolver(runtime, await resolverDefinition(typeName, fieldName), fieldContext(typeName, fieldName, call, tableName), invoke);
}

/** A data-source failure nobody planned for, with the kind of detail that must never reach a caller. */
export const THROTTLED = {
  type: 'DynamoDB:ProvisionedThroughputExceededException',
  message: `Rate of requests exceeds the allowed throughput for table arn:aws:dynamodb:eu-west-1:123456789012:table/${TABLE_NAME} (Service: DynamoDb, Status Code: 400, Request ID: 8J1QK3EXAMPLE)`,
};

/** The conditional-check failure AppSync reports for a single-item write (its default Reject strategy). */
export const CONDITION_FAILED = {
  type: 'DynamoDB:ConditionalCheckFailedException',
  message: 'The conditional request failed (Service: DynamoDb, Status Code: 400, Error Code: ConditionalCheckFailedException, Request ID: 3P2LEXAMPLE)',
};

/** The spellings a failed condition has in TransactWriteItems cancellation reasons: DynamoDB's code, and AppSync's documented one. */
export const CONDITION_FAILED_REASONS = ['ConditionalCheckFailed', 'ConditionCheckFailed'] as const;

/** A TransactWriteItems failure as AppSync reports it: ctx.error plus ctx.result.cancellationReasons in request order. */
export function transactionCanceled(reasonTypes: string[]): { error: { type: string; message: string }; result: unknown } {
  return {
    error: {
      type: 'DynamoDB:TransactionCanceledException',
      message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasonTypes.join(', ')}] (Service: DynamoDb, Status Code: 400, Request ID: 7TQEXAMPLE)`,
    },
    result: {
      keys: null,
      cancellationReasons: reasonTypes.map((type) =>
        type === 'None' ? { type: 'None', message: 'None' } : { type, message: type === 'TransactionConflict' ? 'Transaction is ongoing for the item' : 'The conditional request failed' },
      ),
    },
  };
}
