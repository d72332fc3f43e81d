/**
 * A raw client of AppSync's real-time protocol over a real WebSocket (the `ws` package), frame by
 * frame, as the protocol's documentation describes it: enough to drive and observe every frame,
 * which the Amplify client hides.
 */
import { WebSocket } from 'ws';
import { DEFAULTS } from '../../src/cli/start-settings.js';
import { signedAppSyncHeaders } from '../../src/testing/request-signing.js';

export interface Frame {
  type: string;
  id?: string;
  payload?: { errors?: { errorType?: string; message?: string; errorCode?: number }[]; data?: unknown; connectionTimeoutMs?: number };
}

/** The real-time URL of a local API's GraphQL URL. */
export const realtimeUrlOf = (graphqlUrl: string) => graphqlUrl.replace(/^http/, 'ws') + '/realtime';

export const apiKeyHeader = (graphqlUrl: string, apiKey: string = DEFAULTS.apiKey) => ({ host: new URL(graphqlUrl).host, 'x-api-key': apiKey });

/** IAM headers for `path` (`/graphql/connect` for the connection, `/graphql` for a start) over `body`. */
export async function iamHeader(graphqlUrl: string, path: '/graphql/connect' | '/graphql', body: string, credentials?: { accessKeyId: string; secretAccessKey: string }) {
  const url = new URL(graphqlUrl);
  url.pathname = path;
  return signedAppSyncHeaders(url.toString(), body, credentials ?? { accessKeyId: DEFAULTS.accessKeyId, secretAccessKey: DEFAULTS.secretAccessKey }, DEFAULTS.region);
}

export class RealtimeClient {
  readonly frames: Frame[] = [];
  private readonly waiters: (() => void)[] = [];
  closed: { code: number; reason: string } | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      this.frames.push(JSON.parse(raw.toString()) as Frame);
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /**
   * Opens a connection with the authorization header object in the `header` query parameter, as a
   * `header-` subprotocol, or as the upgrade request's own headers.
   */
  static async open(graphqlUrl: string, header: Record<string, string>, options: { via?: 'query' | 'subprotocol' | 'headers'; protocols?: string[] } = {}): Promise<RealtimeClient> {
    const encoded = Buffer.from(JSON.stringify(header));
    const via = options.via ?? 'query';
    const url = via === 'query' ? `${realtimeUrlOf(graphqlUrl)}?header=${encoded.toString('base64')}&payload=e30=` : realtimeUrlOf(graphqlUrl);
    const protocols = options.protocols ?? (via === 'subprotocol' ? ['graphql-ws', `header-${encoded.toString('base64url')}`] : ['graphql-ws']);
    // Listening before the socket opens: a frame may arrive in the same read as the handshake.
    const client = new RealtimeClient(new WebSocket(url, protocols, via === 'headers' ? { headers: header } : {}));
    await new Promise<void>((resolve, reject) => {
      client.socket.once('open', () => resolve());
      client.socket.once('error', reject);
    });
    return client;
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** The first frame (from `from` on) that satisfies the predicate, waiting up to `timeoutMs`. */
  async next(predicate: (f: Frame) => boolean, timeoutMs = 10_000, from = 0): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find(predicate);
      if (found) return found;
      if (this.closed) throw new Error(`connection closed (${this.closed.code} ${this.closed.reason}) before the frame came; got ${JSON.stringify(this.frames)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no such frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async init(): Promise<Frame> {
    this.send({ type: 'connection_init' });
    return this.next((f) => f.type === 'connection_ack' || f.type === 'connection_error');
  }

  /** Sends `start` and waits for its start_ack or error. */
  async start(id: string, query: string, variables: Record<string, unknown>, authorization: Record<string, string>): Promise<Frame> {
    const from = this.frames.length;
    this.send({ id, type: 'start', payload: { data: JSON.stringify({ query, variables }), extensions: { authorization } } });
    return this.next((f) => f.id === id && (f.type === 'start_ack' || f.type === 'error'), 10_000, from);
  }

  dataFor(id: string): unknown[] {
    return this.frames.filter((f) => f.type === 'data' && f.id === id).map((f) => f.payload);
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
