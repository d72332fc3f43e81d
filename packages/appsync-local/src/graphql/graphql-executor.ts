/**
 * Runs one GraphQL operation against an executable API, as AppSync does: parse, validate and
 * coerce variables (failures answered with `data: null`), then execute with graphql-js, each
 * field going through
 *
 * 1. the auth rules of its directives (a denied field is null with an Unauthorized error);
 * 2. the API's query depth limit and resolver count limit;
 * 3. its resolver, if it has one: the APPSYNC_JS handlers and data sources in the runtime, or
 *    a direct Lambda call; otherwise the parent's property of the same name.
 *
 * The request has AppSync's 30-second budget: a field still running then ends with
 * ExecutionTimeout, so a stuck data source never hangs the caller. Errors a handler appends
 * with util.appendError join the response with the field's path. With `trace` on, the
 * response's extensions carry every resolver step and data-source call with timings.
 */
import type { Identity } from '@aws-appsync/utils';
import { defaultFieldResolver, execute, type OperationTypeNode, responsePathAsArray, type GraphQLFieldResolver, type GraphQLResolveInfo } from 'graphql';
import { executeResolver, type AuthMode, type ExtensionCalls, type FieldContext, type LogEntry, type TraceStep } from '../appsync-js/index.js';
import type { ExecutableApi, FieldResolver } from './executable-api.js';
import { unauthorizedMessage, type CallerGrants } from './field-authorization.js';
import type { GraphqlRequest } from './graphql-request.js';
import { coerceRequestVariables, selectOperation, type RequestError } from './request-validation.js';
import { executionErrorEntry, fieldErrorEntry, fieldFailure, FieldFailure, locationsOf, type ExecutionErrorEntry, type SourceLocation } from './response-errors.js';
import { selectionSetInfo } from './selection-set.js';

/** Who runs the operation: the mode and identity authentication established, and what limits it. */
export interface Caller extends CallerGrants {
  mode: AuthMode;
  identity: Identity | null;
  /** Request headers, names in lower case (ctx.request.headers). */
  headers: Record<string, string>;
}

export interface ExecuteOptions {
  /** Return each field's resolver steps in `extensions.trace`. */
  trace?: boolean;
  /** AppSync's budget per request. */
  timeoutMs?: number;
  /** Where resolver console output goes (AppSync sends it to CloudWatch Logs). */
  onLog?: (field: string, entry: LogEntry) => void;
  /** Where failures that must not reach the caller are reported. */
  onInternalError?: (field: string, error: unknown) => void;
}

export interface GraphqlResponse {
  body: { data?: unknown; errors?: (ExecutionErrorEntry | RequestError)[]; extensions?: Record<string, unknown> };
  /** Headers resolvers added with util.http.addResponseHeader. */
  headers: Record<string, string>;
  /** What the operation asks of the real-time side (absent when it did not run). */
  effects?: OperationEffects;
}

/**
 * The operation that ran and what its root fields' resolvers asked through `extensions`: a
 * subscription's filters, a mutation's invalidations. Mutation results reach subscribers from
 * here, because only the executed operation knows the mutation's own selection set.
 */
export interface OperationEffects {
  operationType: OperationTypeNode;
  rootFields: RootFieldEffect[];
}

export interface RootFieldEffect {
  fieldName: string;
  /** The key the field's value has in `data` (its alias, or its name). */
  responseKey: string;
  arguments: Record<string, unknown>;
  extensions: ExtensionCalls;
}

export interface FieldTrace {
  path: (string | number)[];
  typeName: string;
  fieldName: string;
  resolver: 'UNIT' | 'PIPELINE' | 'DIRECT_LAMBDA';
  durationMs: number;
  steps: TraceStep[];
  logs: LogEntry[];
}

type Path = GraphQLResolveInfo['path'];

/** AppSync's request execution time quota. */
export const REQUEST_TIMEOUT_MS = 30_000;

interface RequestState {
  api: ExecutableApi;
  caller: Caller;
  options: ExecuteOptions;
  deadline: number;
  resolverCount: number;
  appendedErrors: ExecutionErrorEntry[];
  responseHeaders: Record<string, string>;
  traces: FieldTrace[] | undefined;
  rootFields: RootFieldEffect[];
}

export async function executeGraphql(api: ExecutableApi, request: GraphqlRequest, caller: Caller, options: ExecuteOptions = {}): Promise<GraphqlResponse> {
  const started = performance.now();
  const prepared = api.prepare(request.query);
  if ('errors' in prepared) return { body: { data: null, errors: prepared.errors }, headers: {} };
  const { document } = prepared;
  const selected = selectOperation(document, request.operationName);
  if ('errors' in selected) return { body: { data: null, errors: selected.errors }, headers: {} };
  const coerced = coerceRequestVariables(api.schema, selected.operation, request.variables ?? undefined);
  if ('errors' in coerced) return { body: { data: null, errors: coerced.errors }, headers: {} };

  const state: RequestState = {
    api,
    caller,
    options,
    deadline: Date.now() + (options.timeoutMs ?? REQUEST_TIMEOUT_MS),
    resolverCount: 0,
    appendedErrors: [],
    responseHeaders: {},
    traces: options.trace ? [] : undefined,
    rootFields: [],
  };
  const result = await execute({
    schema: api.schema,
    document,
    variableValues: request.variables ?? undefined,
    operationName: request.operationName ?? undefined,
    contextValue: state,
    fieldResolver: resolveField,
  });

  const errors = [...state.appendedErrors, ...(result.errors ?? []).map((e) => executionErrorEntry(e, api.schema))];
  const body: GraphqlResponse['body'] = { data: result.data ?? null };
  if (errors.length > 0) body.errors = errors;
  if (state.traces) {
    body.extensions = {
      trace: { durationMs: performance.now() - started, resolverCount: state.resolverCount, fields: state.traces },
    };
  }
  return { body, headers: state.responseHeaders, effects: { operationType: selected.operation.operation, rootFields: state.rootFields } };
}

const resolveField: GraphQLFieldResolver<unknown, RequestState> = (source, args, state, info) => {
  const typeName = info.parentType.name;
  const fieldName = info.fieldName;
  if (!state.api.authorization.allows(typeName, fieldName, state.caller)) {
    throw fieldFailure('Unauthorized', unauthorizedMessage(typeName, fieldName));
  }
  const limit = state.api.definition.queryDepthLimit;
  if (limit > 0 && fieldDepth(info.path) > limit) {
    throw fieldFailure('QueryDepthLimitReached', `The query exceeds the API's query depth limit of ${limit}.`);
  }
  const resolver = state.api.resolver(typeName, fieldName);
  if (!resolver) return defaultFieldResolver(source, args, state, info);
  state.resolverCount += 1;
  if (state.resolverCount > state.api.definition.resolverCountLimit) {
    throw fieldFailure('ResolverExecutionLimitReached', `Resolver invocation limit reached (${state.api.definition.resolverCountLimit}).`);
  }
  return runResolver(resolver, source, args, state, info);
};

async function runResolver(resolver: FieldResolver, source: unknown, args: Record<string, unknown>, state: RequestState, info: GraphQLResolveInfo): Promise<unknown> {
  const label = `${resolver.typeName}.${resolver.fieldName}`;
  if (resolver.kind === 'broken') throw fieldFailure(resolver.errorType, resolver.message);
  const started = performance.now();
  const path = responsePathAsArray(info.path);
  const { api, caller } = state;
  const field = api.runtime.fieldContext({
    arguments: args,
    identity: caller.identity ?? undefined,
    source: source ?? null,
    stash: {},
    info: { fieldName: info.fieldName, parentTypeName: info.parentType.name, variables: info.variableValues, ...selectionSetInfo(info) },
    request: { headers: caller.headers, domainName: null },
    env: api.definition.environmentVariables,
    authMode: caller.mode,
  });

  try {
    if (resolver.kind === 'directLambda') {
      const work = api.dataSource(resolver.dataSource)({ operation: 'Invoke', payload: directLambdaEvent(field, args, source, info, caller) }, field);
      const response = await beforeDeadline(work, state.deadline);
      state.traces?.push({
        path,
        typeName: resolver.typeName,
        fieldName: resolver.fieldName,
        resolver: 'DIRECT_LAMBDA',
        durationMs: performance.now() - started,
        steps: [{ step: `datasource:${resolver.dataSource}`, durationMs: performance.now() - started, outcome: 'invoked', request: { operation: 'Invoke' }, response }],
        logs: [],
      });
      if (response.error) throw fieldFailure(response.error.type, response.error.message);
      if (!info.path.prev) state.rootFields.push({ fieldName: info.fieldName, responseKey: String(info.path.key), arguments: args, extensions: { invalidations: [], cacheEvictions: [] } });
      return response.result ?? null;
    }

    const invoke = ({ dataSource, request, field: f }: { dataSource: string; request: unknown; field: FieldContext }) => beforeDeadline(api.dataSource(dataSource)(request, f), state.deadline);
    const resolution = await beforeDeadline(executeResolver(api.runtime, resolver.resolver, field, invoke, { deadline: state.deadline }), state.deadline);
    for (const entry of resolution.logs) state.options.onLog?.(label, entry);
    Object.assign(state.responseHeaders, resolution.responseHeaders);
    state.traces?.push({
      path,
      typeName: resolver.typeName,
      fieldName: resolver.fieldName,
      resolver: resolver.resolver.kind,
      durationMs: performance.now() - started,
      steps: resolution.trace,
      logs: resolution.logs,
    });
    if (!info.path.prev) state.rootFields.push({ fieldName: info.fieldName, responseKey: String(info.path.key), arguments: args, extensions: resolution.extensions });
    const appended = resolution.failed ? resolution.errors.slice(0, -1) : resolution.errors;
    const locations = fieldLocations(info);
    for (const error of appended) state.appendedErrors.push(fieldErrorEntry(error, path, locations));
    if (resolution.failed) throw new FieldFailure(resolution.errors[resolution.errors.length - 1]!);
    return resolution.value;
  } catch (err) {
    if (err instanceof FieldFailure) throw err;
    // Whatever else went wrong is ours, not the caller's: say so without internals.
    state.options.onInternalError?.(label, err);
    throw fieldFailure('InternalFailure', 'An internal failure occurred while resolving this field.');
  }
}

/** What a resolver without code (direct Lambda) sends: the whole context. */
function directLambdaEvent(field: FieldContext, args: Record<string, unknown>, source: unknown, info: GraphQLResolveInfo, caller: Caller) {
  return {
    arguments: args,
    identity: caller.identity,
    source: source ?? null,
    request: { headers: caller.headers, domainName: null },
    prev: null,
    info: { fieldName: field.fieldName, parentTypeName: field.parentTypeName, variables: info.variableValues, ...selectionSetInfo(info) },
    stash: {},
  };
}

class Timeout extends Error {}

/** The work's outcome, or ExecutionTimeout once the request's budget is spent (the work is left to finish on its own). */
async function beforeDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
  const left = deadline - Date.now();
  if (left <= 0) throw fieldFailure('ExecutionTimeout', 'Execution timed out.');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout()), left);
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (err) {
    if (err instanceof Timeout) throw fieldFailure('ExecutionTimeout', 'Execution timed out.');
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Nesting level of a field: 1 for a root field; list indices do not count. */
function fieldDepth(path: Path): number {
  let depth = 0;
  for (let p: Path | undefined = path; p; p = p.prev) if (typeof p.key === 'string') depth += 1;
  return depth;
}

function fieldLocations(info: GraphQLResolveInfo): SourceLocation[] | null {
  return locationsOf({ locations: info.fieldNodes.flatMap((n) => (n.loc ? [n.loc.startToken] : [])).map((t) => ({ line: t.line, column: t.column })) });
}
