/**
 * One subscription over AppSync's real-time protocol (subprotocol `graphql-ws`; the frames are
 * AppSync's own: connection_init/ack, start/start_ack, data, error, complete, ka), on a real
 * WebSocket of its own, as Amplify's client opens one. Events are kept in arrival order; `next`
 * takes them one by one.
 *
 * To show that nothing arrived, the harness first waits for the server to settle, then sends a
 * barrier down the same connection: a start the server must refuse at once. The server handles a
 * connection's frames in order and the connection delivers in order, so when the refusal is back,
 * any event sent before it has been received too.
 */
import { WebSocket } from 'ws';

export interface GraphqlError {
  message: string;
  errorType?: string | null;
  path?: (string | number)[] | null;
  locations?: unknown;
  data?: unknown;
  errorInfo?: unknown;
  errorCode?: number;
}

/** An event as the subscriber gets it: the data (and errors, if the field had any). */
export interface SubscriptionEvent<T> {
  data: T | null;
  errors?: GraphqlError[];
}

interface Frame {
  type: string;
  id?: string;
  payload?: { data?: unknown; errors?: GraphqlError[] };
}

/** A subscription the server refused (its `error` frame, or a connection_error). */
export class SubscriptionRefused extends Error {
  override name = 'SubscriptionRefused';
  constructor(readonly errors: GraphqlError[]) {
    super(`the subscription was refused: ${errors.map((e) => `${e.errorType ?? 'Error'}: ${e.message}`).join('; ')}`);
  }
}

const BARRIER_ID = '__appsync-local-barrier';

export class RealtimeSubscription<T = Record<string, unknown>> {
  private readonly events: SubscriptionEvent<T>[] = [];
  private taken = 0;
  private readonly waiters = new Set<() => void>();
  private closedWith: { code: number; reason: string } | undefined;
  private barriers = 0;
  private completed = false;

  private constructor(private readonly socket: WebSocket) {}

  /**
   * Connects, starts the subscription and resolves once the server acknowledged it (start_ack);
   * rejects with SubscriptionRefused when the server refuses it.
   */
  static async open<T>(
    realtimeUrl: string,
    connectionHeader: Record<string, string>,
    start: { data: string; authorization: Record<string, string> },
    options: { ca?: string } = {},
  ): Promise<RealtimeSubscription<T>> {
    const header = Buffer.from(JSON.stringify(connectionHeader)).toString('base64');
    const socket = new WebSocket(`${realtimeUrl}?header=${encodeURIComponent(header)}&payload=e30=`, ['graphql-ws'], options.ca ? { ca: options.ca } : {});
    const subscription = new RealtimeSubscription<T>(socket);
    const acknowledged = new Promise<void>((resolve, reject) => {
      socket.on('message', (raw) => {
        const frame = JSON.parse(raw.toString()) as Frame;
        switch (frame.type) {
          case 'connection_ack':
            socket.send(JSON.stringify({ id: 'subscription', type: 'start', payload: { data: start.data, extensions: { authorization: start.authorization } } }));
            return;
          case 'connection_error':
            return reject(new SubscriptionRefused(frame.payload?.errors ?? []));
          case 'start_ack':
            return resolve();
          case 'error':
            if (frame.id?.startsWith(BARRIER_ID)) return subscription.wake();
            return reject(new SubscriptionRefused(frame.payload?.errors ?? []));
          case 'data':
            subscription.events.push(frame.payload as SubscriptionEvent<T>);
            return subscription.wake();
          case 'complete':
            subscription.completed = true;
            return subscription.wake();
          default:
            return; // ka
        }
      });
      socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
      socket.once('error', reject);
      socket.on('close', (code, reason) => {
        subscription.closedWith = { code, reason: reason.toString() };
        reject(new SubscriptionRefused([{ message: `the connection closed (${code} ${reason.toString()})` }]));
        subscription.wake();
      });
    });
    try {
      await acknowledged;
    } catch (err) {
      await subscription.close();
      throw err;
    }
    return subscription;
  }

  /** Every event received so far, taken or not. */
  received(): readonly SubscriptionEvent<T>[] {
    return this.events;
  }

  /** The next event not yet taken, waiting up to `timeoutMs` for it. */
  async next(timeoutMs = 10_000): Promise<SubscriptionEvent<T>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const event = this.events[this.taken];
      if (event) {
        this.taken += 1;
        return event;
      }
      if (this.closedWith) throw new Error(`the subscription's connection closed (${this.closedWith.code} ${this.closedWith.reason}) with no further event`);
      if (this.completed) throw new Error('the server ended the subscription (complete) with no further event');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event within ${timeoutMs} ms (${this.events.length} received, all taken)`);
      await this.wait(left);
    }
  }

  /** Events received and not yet taken, after a barrier: nothing the server sent is still on its way. */
  async pending(): Promise<SubscriptionEvent<T>[]> {
    if (!this.closedWith && this.socket.readyState === WebSocket.OPEN) {
      const id = `${BARRIER_ID}-${(this.barriers += 1)}`;
      const answered = new Promise<void>((resolve) => {
        const check = (raw: unknown) => {
          const frame = JSON.parse(String(raw)) as Frame;
          if (frame.id !== id) return;
          this.socket.off('message', check);
          resolve();
        };
        this.socket.on('message', check);
        this.socket.once('close', () => resolve());
      });
      // Refused at once: its data is not a JSON request.
      this.socket.send(JSON.stringify({ id, type: 'start', payload: { data: '' } }));
      await answered;
    }
    return this.events.slice(this.taken);
  }

  /** Stops the subscription and closes its connection. */
  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ id: 'subscription', type: 'stop' }));
      this.socket.close();
    });
  }

  private wake(): void {
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }
}
