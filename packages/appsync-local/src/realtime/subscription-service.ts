/**
 * Subscriptions, independent of any wire protocol: the two WebSocket protocols
 * (appsync-realtime-protocol.ts, graphql-transport-ws.ts) start and stop them here, and every
 * executed mutation is offered here to fan out.
 *
 * - Starting one is an AppSync request: the document is validated, only a subscription
 *   operation is accepted, the caller's auth is checked per field and the subscription field's
 *   resolver runs (its errors refuse the subscription). What its response handler set with
 *   `extensions.setSubscriptionFilter` / `setSubscriptionInvalidationFilter` is kept.
 * - A mutation listed in a field's `@aws_subscribe` reaches that field's subscribers whose
 *   enhanced filter matches the mutation's result, or, without one, whose supplied arguments
 *   equal the result's fields of the same name (AppSync's basic filtering). Each subscriber gets
 *   the mutation's selection set narrowed to its own: fields the mutation did not select are null.
 * - `extensions.invalidateSubscriptions` in a mutation ends the subscriptions of the named field
 *   whose invalidation filter matches the payload.
 */
import { executeSync, getArgumentValues, Kind, OperationTypeNode, type DocumentNode, type ExecutionResult, type FieldNode, type GraphQLError, type OperationDefinitionNode } from 'graphql';
import type { ExecutableApi } from '../graphql/executable-api.js';
import { executeGraphql, type Caller, type ExecuteOptions, type GraphqlResponse, type OperationEffects } from '../graphql/graphql-executor.js';
import type { GraphqlRequest } from '../graphql/graphql-request.js';
import { coerceRequestVariables, selectOperation } from '../graphql/request-validation.js';
import { executionErrorEntry } from '../graphql/response-errors.js';
import { filterProblem, matchesFilter, type SubscriptionFilterSpec } from './subscription-filter.js';
import { subscriptionTriggers } from './subscription-triggers.js';

/** AppSync's quota for one subscription message. */
export const MAX_MESSAGE_BYTES = 240 * 1024;

/** An error as AppSync puts it in an `error` frame: errorType and message, with locations or path when known. */
export type SubscriptionError = { message: string; errorType?: string | null; errorCode?: number } & object;

export interface SubscriptionSink {
  /** A `data` message: the subscriber's selection of a mutation's result. */
  next(result: { data: unknown; errors?: unknown[] }): void;
  /** The server ended the subscription (invalidation); no more messages follow. */
  invalidated(): void;
}

export interface StartRequest {
  connectionId: string;
  /** The client's id for the subscription, unique on its connection. */
  id: string;
  request: GraphqlRequest;
  caller: Caller;
  sink: SubscriptionSink;
}

export type StartOutcome = { ok: true } | { ok: false; errors: SubscriptionError[] };

/** What a subscription looks like to someone inspecting the server (the explorer). */
export interface SubscriptionSummary {
  connectionId: string;
  id: string;
  fieldName: string;
  authMode: string;
  arguments: Record<string, unknown>;
  filter: SubscriptionFilterSpec | null;
  startedAt: string;
}

interface ActiveSubscription {
  connectionId: string;
  id: string;
  fieldName: string;
  document: DocumentNode;
  operationName: string | null;
  variables: Record<string, unknown>;
  /** The arguments the client supplied (omitted ones are absent). */
  arguments: Record<string, unknown>;
  filter: SubscriptionFilterSpec | null;
  invalidationFilter: SubscriptionFilterSpec | null;
  caller: Caller;
  sink: SubscriptionSink;
  startedAt: Date;
}

export interface SubscriptionServiceOptions {
  log?: (line: string) => void;
  /** Where a resolver's console output goes when a subscription starts. */
  onLog?: ExecuteOptions['onLog'];
}

export class SubscriptionService {
  /** By field name, then by `${connectionId} ${id}`. */
  private readonly byField = new Map<string, Map<string, ActiveSubscription>>();
  private readonly log: (line: string) => void;

  constructor(
    private readonly currentApi: () => ExecutableApi,
    private readonly options: SubscriptionServiceOptions = {},
  ) {
    this.log = options.log ?? (() => undefined);
  }

  async start(start: StartRequest): Promise<StartOutcome> {
    const api = this.currentApi();
    const refused = (errors: SubscriptionError[]): StartOutcome => ({ ok: false, errors });
    const prepared = api.prepare(start.request.query);
    if ('errors' in prepared) return refused(prepared.errors);
    const selected = selectOperation(prepared.document, start.request.operationName);
    if ('errors' in selected) return refused(selected.errors);
    if (selected.operation.operation !== OperationTypeNode.SUBSCRIPTION) {
      // Checked before anything runs: a mutation sent here must have no effect.
      return refused([{ errorType: 'UnsupportedOperation', message: `The real-time endpoint takes subscriptions only; send ${selected.operation.operation} operations to the GraphQL endpoint.` }]);
    }
    const coerced = coerceRequestVariables(api.schema, selected.operation, start.request.variables ?? undefined);
    if ('errors' in coerced) return refused(coerced.errors);

    const result = await executeGraphql(api, start.request, start.caller, { onLog: this.options.onLog });
    if (result.body.errors?.length) return refused(result.body.errors);
    const root = rootField(selected.operation);
    const effect = result.effects?.rootFields[0];
    const filter = effect?.extensions.subscriptionFilter as SubscriptionFilterSpec | undefined;
    const invalidationFilter = effect?.extensions.subscriptionInvalidationFilter as SubscriptionFilterSpec | undefined;
    for (const f of [filter, invalidationFilter]) {
      const problem = f === undefined ? null : filterProblem(f);
      if (problem) return refused([{ errorType: 'FilterValidationError', message: problem }]);
    }

    const key = `${start.connectionId} ${start.id}`;
    // An id is unique on its connection, whatever field it subscribes to.
    if (this.has(start.connectionId, start.id)) return refused([{ errorType: 'DuplicatedOperationError', message: `Another operation with id ${start.id} already exists.` }]);
    this.subscribersOf(root.name.value).set(key, {
      connectionId: start.connectionId,
      id: start.id,
      fieldName: root.name.value,
      document: prepared.document,
      operationName: start.request.operationName ?? null,
      variables: start.request.variables ?? {},
      arguments: suppliedArguments(api, root, start.request.variables ?? {}),
      filter: filter ?? null,
      invalidationFilter: invalidationFilter ?? null,
      caller: start.caller,
      sink: start.sink,
      startedAt: new Date(),
    });
    return { ok: true };
  }

  /** Ends one subscription; false when there was none with that id. */
  stop(connectionId: string, id: string): boolean {
    const key = `${connectionId} ${id}`;
    for (const subscribers of this.byField.values()) if (subscribers.delete(key)) return true;
    return false;
  }

  /** Ends every subscription of a connection (it closed). */
  stopConnection(connectionId: string): void {
    for (const subscribers of this.byField.values()) {
      for (const [key, s] of subscribers) if (s.connectionId === connectionId) subscribers.delete(key);
    }
  }

  has(connectionId: string, id: string): boolean {
    const key = `${connectionId} ${id}`;
    return [...this.byField.values()].some((subscribers) => subscribers.has(key));
  }

  list(): SubscriptionSummary[] {
    return [...this.byField.values()].flatMap((subscribers) =>
      [...subscribers.values()].map((s) => ({
        connectionId: s.connectionId,
        id: s.id,
        fieldName: s.fieldName,
        authMode: s.caller.mode,
        arguments: s.arguments,
        filter: s.filter,
        startedAt: s.startedAt.toISOString(),
      })),
    );
  }

  /** Offered every executed operation: a mutation's results fan out, its invalidations apply. */
  published(api: ExecutableApi, response: GraphqlResponse): void {
    const effects: OperationEffects | undefined = response.effects;
    if (effects?.operationType !== OperationTypeNode.MUTATION) return;
    const data = (response.body.data ?? null) as Record<string, unknown> | null;
    const triggers = subscriptionTriggers(api.schema);
    for (const root of effects.rootFields) {
      const value = data?.[root.responseKey];
      if (value !== null && value !== undefined) {
        for (const fieldName of triggers.get(root.fieldName) ?? []) this.deliver(api, fieldName, value);
      }
      for (const invalidation of root.extensions.invalidations) this.invalidate(invalidation.subscriptionField, invalidation.payload);
    }
  }

  private deliver(api: ExecutableApi, fieldName: string, value: unknown): void {
    for (const s of this.byField.get(fieldName)?.values() ?? []) {
      if (!(s.filter ? matchesFilter(s.filter, value) : matchesArguments(s.arguments, value))) continue;
      const message = narrowed(api, s, value);
      const size = Buffer.byteLength(JSON.stringify(message));
      if (size > MAX_MESSAGE_BYTES) {
        this.log(`subscription ${s.id} (${fieldName}): a ${size}-byte message exceeds AppSync's ${MAX_MESSAGE_BYTES} bytes and is not sent`);
        continue;
      }
      s.sink.next(message);
    }
  }

  private invalidate(fieldName: string, payload: Record<string, unknown>): void {
    const subscribers = this.byField.get(fieldName);
    for (const [key, s] of subscribers ?? []) {
      if (!s.invalidationFilter || !matchesFilter(s.invalidationFilter, payload)) continue;
      subscribers!.delete(key);
      s.sink.invalidated();
    }
  }

  private subscribersOf(fieldName: string): Map<string, ActiveSubscription> {
    let subscribers = this.byField.get(fieldName);
    if (!subscribers) this.byField.set(fieldName, (subscribers = new Map()));
    return subscribers;
  }
}

function rootField(operation: OperationDefinitionNode): FieldNode {
  // Validation guarantees a subscription has exactly one root field.
  return operation.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD)!;
}

function suppliedArguments(api: ExecutableApi, node: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  const field = api.schema.getSubscriptionType()!.getFields()[node.name.value]!;
  return getArgumentValues(field, node, variables);
}

/** Basic filtering: every supplied argument equals the result's field of that name (null only matches null). */
function matchesArguments(args: Record<string, unknown>, value: unknown): boolean {
  const result = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return Object.entries(args).every(([name, expected]) => (result[name] ?? null) === expected);
}

/** The subscriber's own selection of the mutation's result; no resolver runs for it. */
function narrowed(api: ExecutableApi, s: ActiveSubscription, value: unknown): { data: unknown; errors?: unknown[] } {
  const result: ExecutionResult = executeSync({
    schema: api.schema,
    document: s.document,
    operationName: s.operationName ?? undefined,
    variableValues: s.variables,
    rootValue: { [s.fieldName]: value },
  });
  const message: { data: unknown; errors?: unknown[] } = { data: result.data ?? null };
  if (result.errors?.length) message.errors = result.errors.map((e: GraphQLError) => executionErrorEntry(e, api.schema));
  return message;
}
