/**
 * AppSync's real-time protocol (subprotocol `graphql-ws`, not to be confused with the graphql-ws
 * library's `graphql-transport-ws`), as documented in
 * https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html:
 *
 *   client                                   server
 *   connection_init                  →
 *                                    ←       connection_ack {connectionTimeoutMs}, then ka periodically
 *   start {id, payload: {data, extensions.authorization}}
 *                                    ←       start_ack {id} | error {id, payload.errors}
 *                                    ←       data {id, payload}
 *   stop {id}                        →
 *                                    ←       complete {id}
 *
 * A connection whose credentials fail gets connection_error (errorCode 401) and is closed.
 * Frames before connection_init are ignored, as AppSync ignores frames before its ack. Written
 * here because no library implements this protocol on the server side.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { AuthSettings } from '../graphql/request-authentication.js';
import { authenticateRealtime, connectionHeaders, connectionVerdictAt, lowerCased, type RealtimeAuthentication } from './realtime-auth.js';
import type { SubscriptionError, SubscriptionService } from './subscription-service.js';

export const APPSYNC_SUBPROTOCOL = 'graphql-ws';
/** What AppSync announces in connection_ack. */
export const CONNECTION_TIMEOUT_MS = 300_000;
/** AppSync's default quota of subscriptions per connection. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;

export interface AppSyncRealtimeOptions {
  subscriptions: SubscriptionService;
  auth: () => AuthSettings;
  /** How often `ka` is sent; AppSync sends about one a minute. */
  keepAliveMs: number;
  log: (line: string) => void;
}

type Frame = { type: string; id?: string; payload?: unknown };

export function serveAppSyncRealtime(socket: WebSocket, request: IncomingMessage, options: AppSyncRealtimeOptions): void {
  const connectionId = randomUUID();
  const sourceIp = request.socket.remoteAddress ?? '127.0.0.1';
  const send = (frame: Frame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const sendError = (id: string | undefined, errors: SubscriptionError[]) => send({ type: 'error', ...(id === undefined ? {} : { id }), payload: { errors } });

  if (socket.protocol !== APPSYNC_SUBPROTOCOL) {
    send({ type: 'connection_error', payload: { errors: [{ message: 'SubProtocolNotSupportedError', errorCode: 400 }] } });
    socket.close(1002, 'SubProtocolNotSupported');
    return;
  }

  // Checked at once; the verdict is given when the client sends connection_init.
  const connectionAuth: Promise<RealtimeAuthentication> = authenticateRealtime(connectionHeaders(request), '/graphql/connect', '{}', sourceIp, options.auth());
  let acknowledged = false;
  let keepAlive: NodeJS.Timeout | undefined;
  const started = new Set<string>();
  // Frames are handled one at a time, in order: a stop must not overtake its start.
  let queue: Promise<void> = Promise.resolve();

  socket.on('message', (raw, isBinary) => {
    queue = queue
      .then(() => handle(isBinary ? null : raw.toString()))
      .catch((err: unknown) => {
        options.log(`real-time connection ${connectionId}: ${(err as Error).message}`);
        sendError(undefined, [{ errorType: 'InternalFailure', message: 'An internal failure occurred.' }]);
      });
  });
  socket.on('close', () => {
    clearInterval(keepAlive);
    options.subscriptions.stopConnection(connectionId);
  });

  async function handle(text: string | null): Promise<void> {
    let frame: Frame;
    try {
      frame = JSON.parse(text ?? '') as Frame;
      if (typeof frame !== 'object' || frame === null || typeof frame.type !== 'string') throw new Error('no type');
    } catch {
      return sendError(undefined, [{ errorType: 'MessageParsingError', message: 'A message must be a JSON object with a type.' }]);
    }
    if (frame.type === 'connection_init') return init();
    if (!acknowledged) return;
    switch (frame.type) {
      case 'start':
        return start(frame);
      case 'stop':
        return stop(frame);
      default:
        return sendError(frame.id, [{ errorType: 'UnsupportedOperation', message: 'Operation not supported through the realtime channel' }]);
    }
  }

  async function init(): Promise<void> {
    if (acknowledged) return;
    const verdict = await connectionAuth;
    if (!verdict.ok) {
      send({ type: 'connection_error', payload: { errors: [{ errorType: verdict.errorType, message: verdict.message, errorCode: verdict.errorCode }] } });
      socket.close(1000);
      return;
    }
    acknowledged = true;
    send({ type: 'connection_ack', payload: { connectionTimeoutMs: CONNECTION_TIMEOUT_MS } });
    send({ type: 'ka' });
    keepAlive = setInterval(() => send({ type: 'ka' }), options.keepAliveMs);
  }

  async function start(frame: Frame): Promise<void> {
    const id = frame.id;
    if (typeof id !== 'string' || id === '') return sendError(undefined, [{ errorType: 'MessageParsingError', message: 'A start message needs an id.' }]);
    if (started.has(id)) return sendError(id, [{ errorType: 'DuplicatedOperationError', message: `Another operation with id ${id} already exists.` }]);
    if (started.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
      return sendError(id, [{ errorType: 'LimitExceededError', message: `A connection carries at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions.` }]);
    }
    const payload = (frame.payload ?? {}) as { data?: unknown; extensions?: { authorization?: unknown } };
    const request = parseData(payload.data);
    if (!request) return sendError(id, [{ errorType: 'MessageParsingError', message: 'payload.data must be a JSON string of {query, variables}.' }]);

    const authorization = payload.extensions?.authorization;
    const auth = options.auth();
    const verdict =
      typeof authorization === 'object' && authorization !== null
        ? await authenticateRealtime(lowerCased(authorization as Record<string, unknown>), '/graphql', payload.data as string, sourceIp, auth, request)
        : connectionVerdictAt(await connectionAuth, auth.now());
    if (!verdict.ok) return sendError(id, [{ errorType: verdict.errorType, message: verdict.message, errorCode: verdict.errorCode }]);

    started.add(id);
    const outcome = await options.subscriptions.start({
      connectionId,
      id,
      request,
      caller: verdict.caller,
      sink: {
        next: (message) => send({ type: 'data', id, payload: message }),
        invalidated: () => {
          started.delete(id);
          send({ type: 'complete', id });
          // AppSync closes an invalidated subscriber's connection; one still carrying others stays open here.
          if (started.size === 0) socket.close(1000, 'Subscription complete.');
        },
      },
    });
    if (!outcome.ok) {
      started.delete(id);
      return sendError(id, outcome.errors);
    }
    // The client may have stopped it, or left, while the resolver ran.
    if (!started.has(id) || socket.readyState !== socket.OPEN) {
      options.subscriptions.stop(connectionId, id);
      return;
    }
    send({ type: 'start_ack', id });
  }

  function stop(frame: Frame): void {
    if (typeof frame.id !== 'string') return;
    started.delete(frame.id);
    options.subscriptions.stop(connectionId, frame.id);
    send({ type: 'complete', id: frame.id });
  }
}

function parseData(data: unknown): { query: string; variables?: Record<string, unknown> | null; operationName?: string | null } | null {
  if (typeof data !== 'string') return null;
  try {
    const parsed = JSON.parse(data) as { query?: unknown; variables?: unknown; operationName?: unknown };
    if (typeof parsed.query !== 'string') return null;
    const variables = typeof parsed.variables === 'object' && !Array.isArray(parsed.variables) ? (parsed.variables as Record<string, unknown> | null) : null;
    const operationName = typeof parsed.operationName === 'string' ? parsed.operationName : null;
    return { query: parsed.query, variables, operationName };
  } catch {
    return null;
  }
}
