/**
 * The one place the local AppSync is put together and taken apart, for the command, the test
 * harness, the tests and the bench alike. The order matters and is easy to get wrong:
 *
 * start: listen first (the URLs go into the template's values), then start the app, then
 *        answer requests, then start what calls the API from the background (pipes), then watch
 *        for changes;
 * stop:  stop watching, stop the pipes while subscribers are still connected (what their
 *        targets publish must reach them), close the server, then stop the services (Java last).
 */
import { HotReloader, type ReloadEvent } from '../hot-reload/hot-reloader.js';
import { LocalAppSync, type LocalAppSyncOptions } from '../local-appsync.js';
import { HttpServer } from './http-server.js';
import { ensureLocalCertificates } from './tls-certificates.js';

/** What the app takes (LocalAppSyncOptions), less what serve() decides itself (its URLs, the CA), plus the server's own settings. */
export interface ServeOptions extends Omit<LocalAppSyncOptions, 'graphqlUrl' | 'realtimeUrl' | 'caCertificatePath'> {
  /** 0: a free port. */
  port: number;
  /** Where to listen. @default 127.0.0.1 */
  host?: string;
  /** Serve over TLS with a local CA's certificate (kept under `<stateDir>/tls`). */
  https?: boolean;
  /** Hot reload: watch the app's inputs and serve changes. */
  watch?: boolean;
  /** Start the background work (pipes) at once. @default true */
  startPipes?: boolean;
  /** Told of every hot reload. */
  onReload?: (event: ReloadEvent) => void;
}

export interface Served {
  app: LocalAppSync;
  /** `http://localhost:<port>` (or https). */
  origin: string;
  graphqlUrl: string;
  realtimeUrl: string;
  explorerUrl: string;
  port: number;
  /** The local CA (with `https`): PEM text and its file, which Node clients trust via NODE_EXTRA_CA_CERTS. */
  tls?: { ca: string; caPath: string };
  reloader?: HotReloader;
  stop(): Promise<void>;
}

export async function serve(options: ServeOptions): Promise<Served> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const tls = options.https ? await ensureLocalCertificates(options.stateDir) : undefined;
  const http = new HttpServer((err) => log(`HTTP error: ${(err as Error).stack ?? String(err)}`), tls);
  const port = await http.listen(options.port, options.host).catch((err: NodeJS.ErrnoException) => {
    throw new Error(err.code === 'EADDRINUSE' ? `port ${options.port} is already in use; choose another (--port or PORT)` : err.message);
  });
  const origin = `${http.scheme}://localhost:${port}`;
  const graphqlUrl = `${origin}/graphql`;
  const realtimeUrl = `${tls ? 'wss' : 'ws'}://localhost:${port}/graphql/realtime`;

  let app: LocalAppSync;
  try {
    const { port: _port, host: _host, https: _https, watch: _watch, startPipes: _startPipes, onReload: _onReload, ...appOptions } = options;
    app = await LocalAppSync.start({ ...appOptions, graphqlUrl, realtimeUrl, caCertificatePath: tls?.caPath, log });
  } catch (err) {
    await http.stop();
    throw err;
  }
  http.ready(app);
  let reloader: HotReloader | undefined;
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await reloader?.stop();
      await app.unserve();
      await http.stop();
      await app.stop();
    })());
  try {
    if (options.startPipes !== false) await app.serve();
    if (options.watch) {
      const inputs = await app.appLoader.watchedInputs();
      reloader = new HotReloader(app, inputs, log, options.onReload);
      await reloader.start();
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    app,
    origin,
    graphqlUrl,
    realtimeUrl,
    explorerUrl: `${origin}/`,
    port,
    ...(tls ? { tls: { ca: tls.ca, caPath: tls.caPath } } : {}),
    ...(reloader ? { reloader } : {}),
    stop,
  };
}
