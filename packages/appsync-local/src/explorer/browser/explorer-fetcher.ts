/**
 * GraphiQL's fetcher for the local API. Queries and mutations go over HTTP, each with the
 * credentials of the auth mode chosen when it is run (request-auth.ts) and always with
 * `x-local-trace: 1`; the trace is taken out of the result (the result pane shows what AppSync
 * would answer) and handed to the trace panel.
 * Subscriptions go over the real-time WebSocket with graphql-ws's client (graphql-transport-ws),
 * authorized per connection and per subscription. Errors reach the result pane in AppSync's
 * shape, errorType included.
 *
 * GraphiQL's own `createGraphiQLFetcher` is not used: it cannot sign each request over its
 * exact body, and it would hide the trace nowhere.
 */
import { getOperationAST, parse, type DocumentNode } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import type { ExplorerConfig } from '../explorer-config.js';
import { credentialsError, subscriptionErrors, unreachableError, unreadableResponseError, type AppSyncError } from './appsync-errors.js';
import { AUTH_MODE_LABELS } from './auth-state.js';
import type { ExplorerAuth } from './explorer-auth.js';
import type { ObservableValue } from './observable-value.js';
import type { OperationRecord, OperationType, TraceExtension } from './operation-record.js';
import { callerOf, connectionAuthorization, httpRequestHeaders, subscriptionAuthorization, type RequestCredentials } from './request-auth.js';

/** The local server's trace request header (local/graphql/graphql-endpoint.ts; not imported, it is Node code). */
const TRACE_HEADER = 'x-local-trace';
/** The operation GraphiQL loads the schema with; it is not the user's, so it is not traced. */
const INTROSPECTION_OPERATION = 'IntrospectionQuery';

export interface FetcherParams {
  query: string;
  operationName?: string | null;
  variables?: unknown;
}

export interface FetcherOptions {
  /** The headers editor's contents. */
  headers?: Record<string, unknown>;
  documentAST?: DocumentNode;
}

/** A GraphQL response as AppSync sends it. */
export interface AppSyncResult {
  data?: unknown;
  errors?: AppSyncError[];
  extensions?: Record<string, unknown>;
}

interface ResultSink {
  next(result: AppSyncResult): void;
  error(error: unknown): void;
  complete(): void;
}

/** What GraphiQL subscribes to for a subscription (its Observable, in all three call forms). */
export interface ResultObservable {
  subscribe(sinkOrNext?: Partial<ResultSink> | ((result: AppSyncResult) => void), error?: ((error: unknown) => void) | null, complete?: () => void): { unsubscribe(): void };
}

export type ExplorerFetcher = (params: FetcherParams, options?: FetcherOptions) => Promise<AppSyncResult> | ResultObservable;

export interface ExplorerFetcherOptions {
  config: ExplorerConfig;
  auth: ExplorerAuth;
  /** Set to each operation the user runs, and updated as its answer or events arrive. */
  lastOperation: ObservableValue<OperationRecord | null>;
}

export function createExplorerFetcher({ config, auth, lastOperation }: ExplorerFetcherOptions): ExplorerFetcher {
  let sequence = 0;
  let realtime: Client | undefined;
  // One connection for every subscription, opened when the first starts and closed after the last.
  const realtimeClient = () =>
    (realtime ??= createClient({
      url: config.realtimeUrl,
      // Asked when the connection opens: the mode chosen then (each subscription carries its own too).
      connectionParams: async () => connectionAuthorization(await auth.credentials(), config),
      retryAttempts: 0,
    }));

  /** Records a new operation and returns how to update it (ignored once a newer one started). */
  const begin = (params: FetcherParams, operationType: OperationType) => {
    const record: OperationRecord = { sequence: (sequence += 1), operationName: params.operationName ?? null, operationType, authMode: auth.state.get().mode, startedAt: new Date(), pending: true };
    lastOperation.set(record);
    return (patch: Partial<OperationRecord>) => {
      const current = lastOperation.get();
      if (current?.sequence === record.sequence) lastOperation.set({ ...current, ...patch });
    };
  };

  const execute = async (params: FetcherParams, options: FetcherOptions | undefined, operationType: OperationType | null): Promise<AppSyncResult> => {
    const update = operationType ? begin(params, operationType) : undefined;
    const body = JSON.stringify({ query: params.query, operationName: params.operationName ?? undefined, variables: params.variables ?? undefined });
    const started = performance.now();
    let result: AppSyncResult;
    let status: number | undefined;
    let trace: TraceExtension | undefined;
    let credentials: RequestCredentials | undefined;
    try {
      // The schema is loaded with the server's own credentials when the API takes them, so it
      // shows before anyone signs in; the user's operations go in the chosen mode.
      credentials = operationType ? await auth.credentials() : await auth.schemaCredentials();
      const caller = callerOf(credentials);
      if (caller) update?.({ caller });
      const headers = await httpRequestHeaders(credentials, config, body, { ...editorHeaders(options), 'content-type': 'application/json', [TRACE_HEADER]: '1' });
      const response = await fetch(config.graphqlUrl, { method: 'POST', headers, body });
      status = response.status;
      const text = await response.text();
      ({ result, trace } = withoutTrace(parseResult(response.status, text)));
    } catch (err) {
      result = { errors: [credentials ? unreachableError(config.graphqlUrl, err) : credentialsError(AUTH_MODE_LABELS[auth.state.get().mode], err)] };
    }
    update?.({
      pending: false,
      roundTripMs: performance.now() - started,
      ...(status !== undefined ? { status } : {}),
      ...(trace ? { trace } : {}),
      ...(result.errors ? { errors: result.errors } : {}),
    });
    return result;
  };

  const subscribe = (params: FetcherParams): ResultObservable => ({
    subscribe(sinkOrNext, error, complete) {
      const sink = toSink(sinkOrNext, error, complete);
      const update = begin(params, 'subscription');
      let events = 0;
      let stopped = false;
      let stop: (() => void) | undefined;
      const fail = (errors: AppSyncError[]) => {
        update({ pending: false, ended: 'failed', errors });
        sink.next({ errors });
        sink.complete();
      };
      const variables = (params.variables ?? {}) as Record<string, unknown>;
      const mode = auth.state.get().mode;
      const authorize = async () => {
        let credentials: RequestCredentials;
        try {
          credentials = await auth.credentials();
        } catch (err) {
          throw new CredentialsUnavailable(credentialsError(AUTH_MODE_LABELS[mode], err));
        }
        const caller = callerOf(credentials);
        if (caller) update({ caller });
        return subscriptionAuthorization(credentials, config, JSON.stringify({ query: params.query, variables }));
      };
      authorize().then(
        (authorization) => {
          if (stopped) return;
          stop = realtimeClient().subscribe(
            { query: params.query, variables, ...(params.operationName ? { operationName: params.operationName } : {}), extensions: { authorization } },
            {
              next: (result) => {
                events += 1;
                update({ events });
                sink.next(result as AppSyncResult);
              },
              error: (err) => fail(subscriptionErrors(err)),
              complete: () => {
                update({ pending: false, ended: stopped ? 'stopped' : 'completed' });
                sink.complete();
              },
            },
          );
          update({ events });
        },
        (err: unknown) => fail(err instanceof CredentialsUnavailable ? [err.error] : subscriptionErrors(err)),
      );
      return {
        unsubscribe() {
          stopped = true;
          update({ pending: false, ended: 'stopped' });
          stop?.();
        },
      };
    },
  });

  return (params, options) => {
    if (params.operationName === INTROSPECTION_OPERATION) return execute(params, options, null);
    const operationType = operationTypeOf(params, options);
    return operationType === 'subscription' ? subscribe(params) : execute(params, options, operationType);
  };
}

/** The auth state could not give credentials (a user pool session that could not be refreshed). */
class CredentialsUnavailable extends Error {
  constructor(readonly error: AppSyncError) {
    super(error.message);
  }
}

function operationTypeOf(params: FetcherParams, options: FetcherOptions | undefined): OperationType {
  let document = options?.documentAST;
  if (!document) {
    try {
      document = parse(params.query);
    } catch {
      // The server answers a syntax error in AppSync's words; run it as a query.
      return 'query';
    }
  }
  return getOperationAST(document, params.operationName ?? undefined)?.operation ?? 'query';
}

/** The headers editor's values as header strings (lower-cased, so ours replace theirs). */
function editorHeaders(options: FetcherOptions | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options?.headers ?? {})) if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
  return headers;
}

function parseResult(status: number, text: string): AppSyncResult {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as AppSyncResult;
  } catch {
    // Not JSON: reported below.
  }
  return { errors: [unreadableResponseError(status, text)] };
}

/** The result as AppSync would send it (no `extensions.trace`), and the trace. */
function withoutTrace(result: AppSyncResult): { result: AppSyncResult; trace?: TraceExtension } {
  if (!result.extensions || !('trace' in result.extensions)) return { result };
  const { trace, ...extensions } = result.extensions;
  const { extensions: _all, ...rest } = result;
  return { result: Object.keys(extensions).length > 0 ? { ...rest, extensions } : rest, trace: trace as TraceExtension };
}

function toSink(sinkOrNext: Partial<ResultSink> | ((result: AppSyncResult) => void) | undefined, error?: ((error: unknown) => void) | null, complete?: () => void): ResultSink {
  const given = typeof sinkOrNext === 'function' ? { next: sinkOrNext, error: error ?? undefined, complete } : (sinkOrNext ?? {});
  return { next: (r) => given.next?.(r), error: (e) => given.error?.(e), complete: () => given.complete?.() };
}
