/**
 * The settings of `appsync-local start`, from flags and environment variables (a flag wins),
 * checked before anything starts so a typo is one clear line, not a stack trace. An empty
 * variable counts as unset.
 *
 * What to serve (one of; the current folder's CDK app when none is given):
 *   --project <dir>     a CDK app's folder (cdk.json); synthesized when its inputs change
 *   --assembly <dir>    a ready cloud assembly (cdk.out)
 *   --template <file>   a CloudFormation template, JSON or YAML
 *
 *   --stack <name>      LOCAL_STACK                 the stack to serve, when several have an API
 *   --port <n>          PORT (4000)                 the server's port (0: a free one)
 *   --state-dir <dir>   LOCAL_STATE_DIR (.local)    where the assembly and the data are kept
 *   --ephemeral                                     keep no data: everything in memory
 *   --https                                         TLS with a local CA (see README)
 *   --no-watch                                      no hot reload
 *   --context k=v                                   CDK context for the synth (repeatable)
 *   --http-endpoint Name=url  LOCAL_HTTP_ENDPOINTS  a local URL for an HTTP data source (repeatable;
 *                                                   the variable: pairs separated by commas)
 *                       LOCAL_API_KEY               the API key it accepts (default below)
 *                       LOCAL_AWS_ACCESS_KEY_ID, LOCAL_AWS_SECRET_ACCESS_KEY
 *                                                   the only IAM credentials it accepts (SigV4);
 *                                                   the local Lambda functions sign with them
 *                       LOCAL_REGION (us-east-1)    the region in ARNs and signatures
 *                       DYNAMODB_ENDPOINT           a DynamoDB-compatible endpoint instead of DynamoDB Local
 *                       DYNAMODB_PORT (a free port) the embedded DynamoDB Local's port
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AppSource } from '../cloud-assembly/app-source.js';
import { parseHttpEndpointPairs } from '../data-sources/http.js';

/** Local-only secrets: documented, never valid anywhere but on this machine's local server. */
export const DEFAULTS = {
  port: 4000,
  apiKey: 'da2-localdevelopmentkey0000',
  accessKeyId: 'LOCALAPPSYNCACCESSKEY',
  secretAccessKey: 'local-appsync-secret-access-key',
  region: 'us-east-1',
  stateDir: '.local',
} as const;

export const START_USAGE = `Usage: appsync-local start [options]

Serves an AppSync app offline: its GraphQL API, real-time subscriptions, data in DynamoDB Local,
Lambda functions, SNS topics and pipes, all from its template.

What to serve (default: the CDK app in the current folder):
  --project <dir>      a CDK app's folder (with cdk.json); synthesized when its inputs change
  --assembly <dir>     a ready cloud assembly (cdk.out)
  --template <file>    a CloudFormation template, JSON or YAML (resolver and function code inline)

Options:
  --stack <name>       the stack to serve when several have a GraphQL API    (LOCAL_STACK)
  --port <n>           the port, 0 for a free one; default 4000             (PORT)
  --state-dir <dir>    where the assembly and the data are kept; .local      (LOCAL_STATE_DIR)
  --ephemeral          keep no data between runs
  --https              serve over TLS with a local CA
  --no-watch           no hot reload
  --context <k=v>      CDK context for the synth (repeatable)
  --http-endpoint <DataSourceName=url>
                       call an HTTP data source at this URL instead of the template's
                       endpoint (repeatable)                                 (LOCAL_HTTP_ENDPOINTS)
  -h, --help           show this help

Environment: LOCAL_API_KEY, LOCAL_AWS_ACCESS_KEY_ID, LOCAL_AWS_SECRET_ACCESS_KEY, LOCAL_REGION,
DYNAMODB_ENDPOINT (use it instead of an embedded DynamoDB Local), DYNAMODB_PORT,
LOCAL_HTTP_ENDPOINTS (Name=url pairs separated by commas; --http-endpoint wins for a name).
`;

export interface StartSettings {
  help: boolean;
  source: AppSource;
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
  /** Local URLs for HTTP data sources, by data source name (`--http-endpoint`, LOCAL_HTTP_ENDPOINTS). */
  httpEndpoints: Record<string, string>;
}

/** A setting that cannot be used: the message is the whole story. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

export function readStartSettings(argv: string[], env: NodeJS.ProcessEnv, cwd: string): StartSettings {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        project: { type: 'string' },
        assembly: { type: 'string' },
        template: { type: 'string' },
        stack: { type: 'string' },
        port: { type: 'string' },
        'state-dir': { type: 'string' },
        ephemeral: { type: 'boolean', default: false },
        https: { type: 'boolean', default: false },
        'no-watch': { type: 'boolean', default: false },
        context: { type: 'string', multiple: true, default: [] },
        'http-endpoint': { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new SettingsError(`${(err as Error).message.replace(/\. To specify a positional argument.*$/, '')} (see appsync-local start --help)`);
  }
  const get = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const port = (name: string, text: string | undefined, fallback?: number) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!/^\d+$/.test(text) || n > 65535) throw new SettingsError(`${name} must be a port number, got ${text}`);
    return n;
  };
  const dynamodbEndpoint = get('DYNAMODB_ENDPOINT');
  if (dynamodbEndpoint !== undefined && !/^https?:\/\/[^/]+/.test(dynamodbEndpoint)) throw new SettingsError(`DYNAMODB_ENDPOINT must be an http(s) URL, got ${dynamodbEndpoint}`);
  const context: Record<string, string> = {};
  for (const pair of values.context) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new SettingsError(`--context takes key=value, got ${pair}`);
    context[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const httpEndpoints = httpEndpointSettings(values['http-endpoint'], get('LOCAL_HTTP_ENDPOINTS'));
  const dynamodbPort = port('DYNAMODB_PORT', get('DYNAMODB_PORT'));
  if (dynamodbPort === 0) throw new SettingsError('DYNAMODB_PORT must be a port number above 0');
  const source = values.help ? { project: cwd } : appSource(values, context, cwd);
  if (!('project' in source) && values.context.length > 0) throw new SettingsError('--context applies to a CDK app (--project), not to an assembly or a template');
  const home = 'project' in source ? source.project : cwd;
  const stateDir = values['state-dir'] ?? get('LOCAL_STATE_DIR');
  const stackName = values.stack ?? get('LOCAL_STACK');
  return {
    help: values.help,
    source,
    port: port(values.port !== undefined ? '--port' : 'PORT', values.port ?? get('PORT'), DEFAULTS.port)!,
    apiKey: get('LOCAL_API_KEY') ?? DEFAULTS.apiKey,
    credentials: { accessKeyId: get('LOCAL_AWS_ACCESS_KEY_ID') ?? DEFAULTS.accessKeyId, secretAccessKey: get('LOCAL_AWS_SECRET_ACCESS_KEY') ?? DEFAULTS.secretAccessKey },
    region: get('LOCAL_REGION') ?? DEFAULTS.region,
    ...(dynamodbEndpoint ? { dynamodbEndpoint } : {}),
    ...(dynamodbPort !== undefined ? { dynamodbPort } : {}),
    ...(stackName ? { stackName } : {}),
    stateDir: stateDir ? path.resolve(cwd, stateDir) : path.join(home, DEFAULTS.stateDir),
    ephemeral: values.ephemeral,
    https: values.https,
    watch: !values['no-watch'],
    httpEndpoints,
  };
}

/** The variable's pairs, then the flags' (a flag wins for a name). Whether each names an HTTP data source is checked once the template is read. */
function httpEndpointSettings(flags: string[], variable: string | undefined): Record<string, string> {
  try {
    const fromEnv =
      variable === undefined
        ? {}
        : parseHttpEndpointPairs(
            variable
              .split(',')
              .map((p) => p.trim())
              .filter(Boolean),
            'LOCAL_HTTP_ENDPOINTS',
          );
    return { ...fromEnv, ...parseHttpEndpointPairs(flags, '--http-endpoint') };
  } catch (err) {
    throw new SettingsError((err as Error).message);
  }
}

function appSource(values: { project?: string; assembly?: string; template?: string }, context: Record<string, string>, cwd: string): AppSource {
  const given = (['project', 'assembly', 'template'] as const).filter((k) => values[k] !== undefined);
  if (given.length > 1) throw new SettingsError(`give one of --project, --assembly and --template, not ${given.map((k) => `--${k}`).join(' and ')}`);
  if (values.template !== undefined) {
    const file = path.resolve(cwd, values.template);
    if (!existsSync(file) || !statSync(file).isFile()) throw new SettingsError(`--template ${values.template}: no such file`);
    return { template: file };
  }
  if (values.assembly !== undefined) {
    const dir = path.resolve(cwd, values.assembly);
    if (!existsSync(path.join(dir, 'manifest.json'))) throw new SettingsError(`--assembly ${values.assembly}: not a cloud assembly (no manifest.json); run cdk synth, or give --project`);
    return { assembly: dir };
  }
  const dir = path.resolve(cwd, values.project ?? '.');
  if (!existsSync(path.join(dir, 'cdk.json'))) {
    throw new SettingsError(
      values.project === undefined
        ? `no cdk.json in ${dir}: run appsync-local start in a CDK app's folder, or give --project <dir>, --assembly <cdk.out> or --template <file>`
        : `--project ${values.project}: no cdk.json there; a CDK app's folder has one`,
    );
  }
  return { project: dir, ...(Object.keys(context).length > 0 ? { context } : {}) };
}
