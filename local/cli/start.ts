/**
 * `npm start`: the synthesized CDK app served offline: the GraphQL API on localhost, its data in
 * an embedded DynamoDB Local, its Lambda functions run locally, hot reload on changes.
 *
 * Settings (environment variables; defaults in parentheses):
 *   PORT (4000)                     the GraphQL server's port
 *   LOCAL_API_KEY (da2-local…)       the API key it accepts
 *   LOCAL_AWS_ACCESS_KEY_ID, LOCAL_AWS_SECRET_ACCESS_KEY
 *                                   the only IAM credentials it accepts (SigV4, service appsync)
 *   LOCAL_REGION (us-east-1)        the region in ARNs and signatures
 *   DYNAMODB_ENDPOINT               use this DynamoDB-compatible endpoint instead of starting one
 *   DYNAMODB_PORT (a free port)     the embedded DynamoDB Local's port
 *   LOCAL_STACK                     the stack to run, when several have an API
 *   LOCAL_STATE_DIR (.local)        where the cloud assembly and the data are kept
 * Flags: --ephemeral (data in memory only), --no-watch (no hot reload), --context key=value.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LocalAppSync } from '../local-appsync.js';
import { HotReloader } from '../hot-reload/hot-reloader.js';
import { HttpServer } from '../server/http-server.js';

export const DEFAULTS = {
  port: 4000,
  apiKey: 'da2-localdevelopmentkey0000',
  accessKeyId: 'LOCALAPPSYNCACCESSKEY',
  secretAccessKey: 'local-appsync-secret-access-key',
  region: 'us-east-1',
  stateDir: '.local',
} as const;

async function main(): Promise<void> {
  const started = performance.now();
  const { values } = parseArgs({
    options: {
      ephemeral: { type: 'boolean', default: false },
      'no-watch': { type: 'boolean', default: false },
      context: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(usage());
    return;
  }
  const env = process.env;
  const port = env['PORT'] ? Number(env['PORT']) : DEFAULTS.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env['PORT']}`);
  const dynamodbPort = env['DYNAMODB_PORT'] ? Number(env['DYNAMODB_PORT']) : undefined;
  if (dynamodbPort !== undefined && (!Number.isInteger(dynamodbPort) || dynamodbPort <= 0 || dynamodbPort > 65535)) throw new Error(`DYNAMODB_PORT must be a port number, got ${env['DYNAMODB_PORT']}`);
  const context: Record<string, string> = {};
  for (const pair of values.context) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--context takes key=value, got ${pair}`);
    context[pair.slice(0, eq)] = pair.slice(eq + 1);
  }

  const projectDir = process.cwd();
  const stateDir = path.resolve(projectDir, env['LOCAL_STATE_DIR'] ?? DEFAULTS.stateDir);
  const apiKey = env['LOCAL_API_KEY'] ?? DEFAULTS.apiKey;
  const credentials = { accessKeyId: env['LOCAL_AWS_ACCESS_KEY_ID'] ?? DEFAULTS.accessKeyId, secretAccessKey: env['LOCAL_AWS_SECRET_ACCESS_KEY'] ?? DEFAULTS.secretAccessKey };
  const log = (line: string) => process.stdout.write(`${line}\n`);

  const http = new HttpServer((err) => log(`HTTP error: ${(err as Error).stack ?? String(err)}`));
  const boundPort = await http.listen(port).catch((err: NodeJS.ErrnoException) => {
    throw new Error(err.code === 'EADDRINUSE' ? `port ${port} is already in use; set PORT to another one` : err.message);
  });
  const graphqlUrl = `http://localhost:${boundPort}/graphql`;

  let reloader: HotReloader | undefined;
  let stopping = false;
  const starting = LocalAppSync.start({
    projectDir,
    stateDir,
    context,
    stackName: env['LOCAL_STACK'],
    ephemeral: values.ephemeral,
    dynamodbEndpoint: env['DYNAMODB_ENDPOINT'],
    dynamodbPort,
    apiKey,
    credentials,
    region: env['LOCAL_REGION'] ?? DEFAULTS.region,
    graphqlUrl,
    realtimeUrl: `ws://localhost:${boundPort}/graphql/realtime`,
    log,
  });
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping`);
    await reloader?.stop();
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
  if (!values['no-watch']) {
    reloader = new HotReloader(app, projectDir, log);
    await reloader.start();
  }

  log(
    [
      '',
      `Local AppSync ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      `  GraphQL    ${graphqlUrl}`,
      `  API key    ${apiKey}`,
      `  IAM        access key ${credentials.accessKeyId} (SigV4, service appsync, region ${env['LOCAL_REGION'] ?? DEFAULTS.region})`,
      `  DynamoDB   ${app.dynamodbEndpoint}`,
      `  Data       ${app.dataDir ? path.relative(projectDir, app.dataDir) || '.' : 'in memory (--ephemeral or DYNAMODB_ENDPOINT)'}`,
      `  Reload     ${reloader ? 'watching for changes' : 'off (--no-watch)'}`,
      '',
    ].join('\n'),
  );
}

function usage(): string {
  return `Usage: npm start [-- --ephemeral] [-- --no-watch] [-- --context key=value]\n\nRuns the synthesized CDK app's GraphQL API offline. Settings are environment variables; see docs/local-appsync.md.\n`;
}

main().catch((err: unknown) => {
  const e = err as Error & { output?: string };
  process.stderr.write(`npm start failed: ${e.message}\n${e.output ? `${e.output}\n` : ''}`);
  process.exit(1);
});
