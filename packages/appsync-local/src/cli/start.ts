/**
 * `appsync-local start`: an AppSync app served offline: the GraphQL API on localhost, its data in
 * an embedded DynamoDB Local, its Lambda functions, topics and pipes run locally, hot reload on
 * changes. Settings are in start-settings.ts; the wiring is serve().
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { amplifyConfig } from '../server/frontend-config.js';
import { serve, type Served } from '../server/serve.js';
import type { DynamoDbLocal } from '../dynamodb/dynamodb-local.js';
import { shownPath } from '../files/shown-path.js';
import type { StartSettings } from './start-settings.js';

/** Serves what the settings say; `dynamodbLocal` is the embedded DynamoDB Local the caller already started. */
export async function runStart(settings: StartSettings, dynamodbLocal?: Promise<DynamoDbLocal>): Promise<void> {
  const cwd = process.cwd();
  const log = (line: string) => process.stdout.write(`${line}\n`);

  const serving: Promise<Served> = serve({
    source: settings.source,
    stateDir: settings.stateDir,
    port: settings.port,
    https: settings.https,
    watch: settings.watch,
    stackName: settings.stackName,
    ephemeral: settings.ephemeral,
    dynamodbEndpoint: settings.dynamodbEndpoint,
    dynamodbPort: settings.dynamodbPort,
    apiKey: settings.apiKey,
    credentials: settings.credentials,
    region: settings.region,
    httpEndpoints: settings.httpEndpoints,
    ...(dynamodbLocal ? { dynamodbLocal } : {}),
    log,
  });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping`);
    // Also when the signal came mid-start: DynamoDB Local (Java) must not outlive us.
    await serving.then(
      (s) => s.stop(),
      () => undefined,
    );
    process.exit(0);
  };
  // SIGHUP: the terminal closed. Node's default would exit without stopping DynamoDB Local.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));
  const served = await serving;
  if (stopping) return;
  const { app } = served;
  const relative = (p: string) => shownPath(p, cwd);
  const data = app.dataDir ? relative(app.dataDir) : 'in memory (--ephemeral or DYNAMODB_ENDPOINT)';
  // A frontend's Amplify configuration for this server, written where the data is (always local).
  const frontendConfig = path.join(settings.stateDir, 'amplify-config.json');
  await mkdir(settings.stateDir, { recursive: true });
  await writeFile(frontendConfig, `${JSON.stringify(amplifyConfig(app, served.graphqlUrl, log), null, 2)}\n`);
  log(
    [
      '',
      // Since the process started (performance.now()'s origin), so the figure is the whole wait.
      `Local AppSync ready in ${(performance.now() / 1000).toFixed(1)} s: ${app.describeSource(cwd)}`,
      `  Explorer   ${served.explorerUrl}`,
      `  GraphQL    ${served.graphqlUrl}`,
      `  Real-time  ${served.realtimeUrl}`,
      ...(served.tls ? [`  TLS CA     ${relative(served.tls.caPath)} (Node clients: NODE_EXTRA_CA_CERTS=${relative(served.tls.caPath)})`] : []),
      ...(app.authSettings().providers.some((p) => p.type === 'API_KEY') ? [`  API key    ${settings.apiKey}`] : []),
      `  IAM        access key ${settings.credentials.accessKeyId} (SigV4, service appsync, region ${settings.region})`,
      ...app.describeServices().map((line) => `  ${line}`),
      `  Frontend   ${relative(frontendConfig)} (Amplify.configure(config)${app.cognito.hasPools ? '; a signed-in token: appsync-local sign-in <username>' : ''})`,
      `  Data       ${data}`,
      `  Reset      POST ${served.origin}/_local/reset`,
      `  Reload     ${served.reloader ? 'watching for changes' : 'off (--no-watch)'}`,
      '',
    ].join('\n'),
  );
  // After "ready", so it never delays it: build the explorer's bundle now (or load the cached
  // one) rather than when the page is first opened.
  void app.explorer.prepare();
}
