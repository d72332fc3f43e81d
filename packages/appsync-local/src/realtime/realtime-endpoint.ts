/**
 * The real-time endpoint (`/graphql/realtime`, where AppSync serves it for a custom domain and
 * where Amplify clients look for it): WebSocket upgrades go to AppSync's protocol (`graphql-ws`)
 * unless the client offers `graphql-transport-ws`, the graphql-ws library's protocol.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ExecutableApi } from '../graphql/executable-api.js';
import type { AuthSettings } from '../graphql/request-authentication.js';
import { APPSYNC_SUBPROTOCOL, serveAppSyncRealtime } from './appsync-realtime-protocol.js';
import { serveGraphqlTransportWs, TRANSPORT_WS_SUBPROTOCOL } from './graphql-transport-ws.js';
import type { SubscriptionService } from './subscription-service.js';

export const REALTIME_PATH = '/graphql/realtime';
/** Bounds one client frame; a start message is a query and its variables. */
const MAX_FRAME_BYTES = 1024 * 1024;

export interface RealtimeEndpointOptions {
  subscriptions: SubscriptionService;
  api: () => ExecutableApi;
  auth: () => AuthSettings;
  keepAliveMs?: number;
  log: (line: string) => void;
}

export class RealtimeEndpoint {
  private readonly appsync: WebSocketServer;
  private readonly transportWs: WebSocketServer;

  constructor(options: RealtimeEndpointOptions) {
    this.appsync = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_FRAME_BYTES,
      // `header-…` subprotocols carry credentials, never a protocol. Without `graphql-ws`, the
      // first offer is echoed so the client accepts the socket and reads AppSync's
      // SubProtocolNotSupportedError from it.
      handleProtocols: (offered) => (offered.has(APPSYNC_SUBPROTOCOL) ? APPSYNC_SUBPROTOCOL : ([...offered][0] ?? false)),
    });
    this.appsync.on('connection', (socket, request: IncomingMessage) =>
      serveAppSyncRealtime(socket, request, { subscriptions: options.subscriptions, auth: options.auth, keepAliveMs: options.keepAliveMs ?? 60_000, log: options.log }),
    );
    this.transportWs = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_FRAME_BYTES,
      handleProtocols: (offered) => (offered.has(TRANSPORT_WS_SUBPROTOCOL) ? TRANSPORT_WS_SUBPROTOCOL : false),
    });
    serveGraphqlTransportWs(this.transportWs, { subscriptions: options.subscriptions, api: options.api, auth: options.auth });
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const offered = String(request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    const server = offered.includes(TRANSPORT_WS_SUBPROTOCOL) ? this.transportWs : this.appsync;
    server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
  }

  /** Ends every connection and its subscriptions (a reset); new connections are still accepted. */
  disconnectAll(reason = 'Local AppSync was reset'): void {
    for (const server of [this.appsync, this.transportWs]) {
      for (const client of server.clients) client.close(1012, reason);
    }
  }

  /** Closes every connection (going away), so the HTTP server can stop. */
  close(): void {
    for (const server of [this.appsync, this.transportWs]) {
      for (const client of server.clients) client.close(1001, 'Server shutting down');
      server.close();
    }
  }
}
