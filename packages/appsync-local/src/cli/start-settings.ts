/**
 * The settings of `npm start`, from environment variables and flags, checked before anything
 * starts so a typo is one clear line, not a stack trace. An empty variable counts as unset.
 *
 *   PORT (4000)                     the GraphQL server's port
 *   LOCAL_API_KEY                   the API key it accepts (default below)
 *   LOCAL_AWS_ACCESS_KEY_ID, LOCAL_AWS_SECRET_ACCESS_KEY
 *                                   the only IAM credentials it accepts (SigV4, service appsync);
 *                                   the local Lambda functions sign with them
 *   LOCAL_REGION (us-east-1)        the region in ARNs and signatures
 *   DYNAMODB_ENDPOINT               a DynamoDB-compatible endpoint to use instead of starting one
 *   DYNAMODB_PORT (a free port)     the embedded DynamoDB Local's port
 *   LOCAL_STACK                     the stack to run, when several have an API
 *   LOCAL_STATE_DIR (.local)        where the cloud assembly and the data are kept
 * Flags: --ephemeral (data in memory only), --no-watch (no hot reload), --context key=value.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

/** Local-only secrets: documented, never valid anywhere but on this machine's local server. */
export const DEFAULTS = {
  port: 4000,
  apiKey: 'da2-localdevelopmentkey0000',
  accessKeyId: 'LOCALAPPSYNCACCESSKEY',
  secretAccessKey: 'local-appsync-secret-access-key',
  region: 'us-east-1',
  stateDir: '.local',
} as const;

export interface StartSettings {
  help: boolean;
  port: number;
  apiKey: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  dynamodbEndpoint?: string;
  dynamodbPort?: number;
  stackName?: string;
  stateDir: string;
  ephemeral: boolean;
  /** Serve over TLS with a local CA's certificate (`--https`). */
  https: boolean;
  watch: boolean;
  context: Record<string, string>;
}

export function readStartSettings(argv: string[], env: NodeJS.ProcessEnv, cwd: string): StartSettings {
  const { values } = parseArgs({
    args: argv,
    options: {
      ephemeral: { type: 'boolean', default: false },
      https: { type: 'boolean', default: false },
      'no-watch': { type: 'boolean', default: false },
      context: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const get = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const port = (name: string, fallback?: number) => {
    const text = get(name);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!/^\d+$/.test(text) || n > 65535) throw new Error(`${name} must be a port number, got ${text}`);
    return n;
  };
  const dynamodbEndpoint = get('DYNAMODB_ENDPOINT');
  if (dynamodbEndpoint !== undefined && !/^https?:\/\/[^/]+/.test(dynamodbEndpoint)) throw new Error(`DYNAMODB_ENDPOINT must be an http(s) URL, got ${dynamodbEndpoint}`);
  const context: Record<string, string> = {};
  for (const pair of values.context) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--context takes key=value, got ${pair}`);
    context[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const dynamodbPort = port('DYNAMODB_PORT');
  if (dynamodbPort === 0) throw new Error('DYNAMODB_PORT must be a port number above 0');
  return {
    help: values.help,
    port: port('PORT', DEFAULTS.port)!,
    apiKey: get('LOCAL_API_KEY') ?? DEFAULTS.apiKey,
    credentials: { accessKeyId: get('LOCAL_AWS_ACCESS_KEY_ID') ?? DEFAULTS.accessKeyId, secretAccessKey: get('LOCAL_AWS_SECRET_ACCESS_KEY') ?? DEFAULTS.secretAccessKey },
    region: get('LOCAL_REGION') ?? DEFAULTS.region,
    ...(dynamodbEndpoint ? { dynamodbEndpoint } : {}),
    ...(dynamodbPort !== undefined ? { dynamodbPort } : {}),
    ...(get('LOCAL_STACK') ? { stackName: get('LOCAL_STACK') } : {}),
    stateDir: path.resolve(cwd, get('LOCAL_STATE_DIR') ?? DEFAULTS.stateDir),
    ephemeral: values.ephemeral,
    https: values.https,
    watch: !values['no-watch'],
    context,
  };
}
