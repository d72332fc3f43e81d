/**
 * `npm start`: the synthesized CDK app served offline: the GraphQL API on localhost, its data in
 * an embedded DynamoDB Local, its Lambda functions run locally, hot reload on changes. Settings
 * are in start-settings.ts and docs/local-appsync.md.
 */
import path from 'node:path';
import { HotReloader } from '../hot-reload/hot-reloader.js';
import { LocalAppSync } from '../local-appsync.js';
import { HttpServer } from '../server/http-server.js';
import { ensureLocalCertificates } from '../server/tls-certificates.js';
import { readStartSettings } from './start-settings.js';

export async function runStart(argv: string[]): Promise<void> {
  const started = performance.now();
  const projectDir = process.cwd();
  const settings = readStartSettings(argv, process.env, projectDir);
  if (settings.help) {
    process.stdout.write('Usage: npm start [-- --ephemeral] [-- --https] [-- --no-watch] [-- --context key=value]\n\nRuns the synthesized CDK app offline. Settings: see docs/local-appsync.md.\n');
    return;
  }
  const log = (line: string) => process.stdout.write(`${line}\n`);

  const tls = settings.https ? await ensureLocalCertificates(settings.stateDir) : undefined;
  const http = new HttpServer((err) => log(`HTTP error: ${(err as Error).stack ?? String(err)}`), tls);
  const boundPort = await http.listen(settings.port).catch((err: NodeJS.ErrnoException) => {
    throw new Error(err.code === 'EADDRINUSE' ? `port ${settings.port} is already in use; set PORT to another one` : err.message);
  });
  const explorerUrl = `${http.scheme}://localhost:${boundPort}/`;
  const graphqlUrl = `${http.scheme}://localhost:${boundPort}/graphql`;
  const realtimeUrl = `${tls ? 'wss' : 'ws'}://localhost:${boundPort}/graphql/realtime`;

  let reloader: HotReloader | undefined;
  let stopping = false;
  const starting = LocalAppSync.start({
    projectDir,
    stateDir: settings.stateDir,
    context: settings.context,
    stackName: settings.stackName,
    ephemeral: settings.ephemeral,
    dynamodbEndpoint: settings.dynamodbEndpoint,
    dynamodbPort: settings.dynamodbPort,
    apiKey: settings.apiKey,
    credentials: settings.credentials,
    region: settings.region,
    graphqlUrl,
    realtimeUrl,
    caCertificatePath: tls?.caPath,
    log,
  });
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping`);
    await reloader?.stop();
    // Before the server closes: what the pipes' targets publish must still reach subscribers.
    await starting.then((app) => app.stopPipes(), () => undefined);
    await http.stop();
    // Also when the signal came mid-start: DynamoDB Local (Java) must not outlive us.
    await starting.then((app) => app.stop(), () => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const app = await starting;
  if (stopping) return;
  http.ready(app);
  await app.startPipes();
  if (settings.watch) {
    reloader = new HotReloader(app, projectDir, log);
    await reloader.start();
  }

  const data = app.dataDir ? path.relative(projectDir, app.dataDir) || '.' : 'in memory (--ephemeral or DYNAMODB_ENDPOINT)';
  log(
    [
      '',
      `Local AppSync ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      `  Explorer   ${explorerUrl}`,
      `  GraphQL    ${graphqlUrl}`,
      `  Real-time  ${realtimeUrl}`,
      ...(tls ? [`  TLS CA     ${path.relative(projectDir, tls.caPath)} (Node clients: NODE_EXTRA_CA_CERTS=${path.relative(projectDir, tls.caPath)})`] : []),
      `  API key    ${settings.apiKey}`,
      `  IAM        access key ${settings.credentials.accessKeyId} (SigV4, service appsync, region ${settings.region})`,
      `  DynamoDB   ${app.dynamodbEndpoint}`,
      `  Data       ${data}`,
      `  Reload     ${reloader ? 'watching for changes' : 'off (--no-watch)'}`,
      '',
    ].join('\n'),
  );
  // After "ready", so it never delays it: build the explorer's bundle now (or load the cached
  // one) rather than when the page is first opened.
  void app.explorer.prepare();
}

