/**
 * The `graphql-transport-ws` protocol (the graphql-ws library's), on the same endpoint as
 * AppSync's own protocol, so standard GraphQL clients and GraphiQL can subscribe. The library
 * speaks the protocol; subscriptions start, filter and fan out exactly as over AppSync's protocol
 * (subscription-service.ts).
 *
 * Credentials: `connectionParams` is an AppSync authorization header object (`{"x-api-key": …}`,
 * `{"Authorization": "<JWT or Lambda token>"}`, or SigV4 headers signed as `POST /graphql/connect`
 * with body `{}`); without one, the upgrade request's `header` query parameter or headers are
 * used. A subscribe message may carry its own object in `extensions.authorization` (SigV4 signed
 * as `POST /graphql` over `JSON.stringify({query, variables})`); one without runs as the
 * connection's caller unless the connection's token has expired since. A refused connection is
 * closed with 4403 Forbidden; a refused subscribe gets the refusal as its error.
 */
import { randomUUID } from 'node:crypto';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';
import type { ExecutableApi } from '../graphql/executable-api.js';
import type { AuthSettings } from '../graphql/request-authentication.js';
import { authenticateRealtime, connectionHeaders, connectionVerdictAt, lowerCased, type RealtimeAuthentication } from './realtime-auth.js';
import type { SubscriptionService } from './subscription-service.js';

export const TRANSPORT_WS_SUBPROTOCOL = 'graphql-transport-ws';

export interface GraphqlTransportWsOptions {
  subscriptions: SubscriptionService;
  api: () => ExecutableApi;
  auth: () => AuthSettings;
}

type ConnectionState = {
  connectionId?: string;
  /** The connection's accepted credentials (a subscribe without its own runs as them). */
  connection?: RealtimeAuthentication;
};

export function serveGraphqlTransportWs(server: WebSocketServer, options: GraphqlTransportWsOptions): void {
  useServer<Record<string, unknown> | undefined, ConnectionState>(
    {
      onConnect: async (ctx) => {
        const params = ctx.connectionParams;
        const headers = params && Object.keys(params).length > 0 ? lowerCased(params) : connectionHeaders(ctx.extra.request);
        const verdict = await authenticateRealtime(headers, '/graphql/connect', '{}', ctx.extra.request.socket.remoteAddress ?? '127.0.0.1', options.auth());
        if (!verdict.ok) return false;
        ctx.extra.connectionId = randomUUID();
        ctx.extra.connection = verdict;
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        const request = { query: payload.query, variables: payload.variables ?? null, operationName: payload.operationName ?? null };
        const authorization = payload.extensions?.['authorization'];
        const auth = options.auth();
        let verdict: RealtimeAuthentication;
        if (typeof authorization === 'object' && authorization !== null) {
          const body = JSON.stringify({ query: payload.query, variables: payload.variables ?? {} });
          verdict = await authenticateRealtime(lowerCased(authorization as Record<string, unknown>), '/graphql', body, ctx.extra.request.socket.remoteAddress ?? '127.0.0.1', auth, request);
        } else {
          verdict = connectionVerdictAt(ctx.extra.connection!, auth.now());
        }
        if (!verdict.ok) return [new GraphQLError(verdict.message, { extensions: { errorType: verdict.errorType } })];
        const caller = verdict.caller;
        const messages = new MessageQueue();
        const outcome = await options.subscriptions.start({
          connectionId: ctx.extra.connectionId!,
          id,
          request,
          caller,
          sink: { next: (message) => messages.push(message), invalidated: () => messages.end() },
        });
        if (!outcome.ok) return outcome.errors.map((e) => new GraphQLError(e.message, { extensions: { errorType: e.errorType ?? null } }));
        const api = options.api();
        const prepared = api.prepare(request.query);
        // Validated by start(); the library then calls `subscribe` below with these arguments.
        if ('errors' in prepared) return [new GraphQLError('The subscription could not be prepared.')];
        return { schema: api.schema, document: prepared.document, operationName: request.operationName, contextValue: { messages } };
      },
      // graphql-ws only ever calls next() and return() on what subscribe returns.
      subscribe: (args) => (args.contextValue as { messages: MessageQueue }).messages as unknown as AsyncGenerator<ExecutionResult>,
      onComplete: (ctx, id) => {
        options.subscriptions.stop(ctx.extra.connectionId!, id);
      },
      onClose: (ctx) => {
        if (ctx.extra.connectionId) options.subscriptions.stopConnection(ctx.extra.connectionId);
      },
    },
    server,
  );
}

/**
 * The messages of one subscription as the async iterator graphql-ws reads from. A tiny queue
 * rather than a library: nothing else is needed of it.
 */
class MessageQueue implements AsyncIterableIterator<{ data: unknown; errors?: unknown[] }> {
  private readonly buffered: { data: unknown; errors?: unknown[] }[] = [];
  private waiting: ((result: IteratorResult<{ data: unknown; errors?: unknown[] }>) => void) | undefined;
  private ended = false;

  push(message: { data: unknown; errors?: unknown[] }): void {
    if (this.ended) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: message, done: false });
    } else {
      this.buffered.push(message);
    }
  }

  end(): void {
    this.ended = true;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = undefined;
  }

  next(): Promise<IteratorResult<{ data: unknown; errors?: unknown[] }>> {
    const message = this.buffered.shift();
    if (message) return Promise.resolve({ value: message, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<{ data: unknown; errors?: unknown[] }>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
