/**
 * The `appsync-local` command (each command's code is loaded only when it runs): `start` serves an AppSync app offline, `evaluate-code` evaluates
 * APPSYNC_JS code as `aws appsync evaluate-code` does. A failure is one clear line, not a stack trace.
 */
import { startEmbeddedDynamoDb } from '../dynamodb/embedded-dynamodb.js';
import { readStartSettings, START_USAGE } from './start-settings.js';

const USAGE = `Usage: appsync-local <command> [options]

Commands:
  start           serve an AppSync app offline (see appsync-local start --help)
  evaluate-code   evaluate APPSYNC_JS code like aws appsync evaluate-code
  sign-in         a token of a local Cognito user, from the running server

Options:
  -h, --help      show this help
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': {
      const settings = readStartSettings(rest, process.env, process.cwd());
      if (settings.help) {
        process.stdout.write(START_USAGE);
        return 0;
      }
      // Java first: DynamoDB Local's start (about two seconds) overlaps loading everything else.
      const dynamodbLocal = settings.dynamodbEndpoint ? undefined : startEmbeddedDynamoDb(settings);
      dynamodbLocal?.catch(() => undefined); // its failure is reported where it is awaited
      try {
        const { runStart } = await import('./start.js');
        await runStart(settings, dynamodbLocal);
      } catch (err) {
        // Whatever failed (a port in use, a broken app), Java must not outlive the command.
        await dynamodbLocal?.then(
          (local) => local.stop(),
          () => undefined,
        );
        throw err;
      }
      return 0;
    }
    case 'evaluate-code':
      return (await import('./evaluate-code.js')).runEvaluateCode(rest);
    case 'sign-in':
      return (await import('./sign-in.js')).runSignIn(rest);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`appsync-local: unknown command ${command}\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: unknown) => {
    const e = err as Error & { output?: string };
    process.stderr.write(`appsync-local: ${e.message}\n${e.output ? `${e.output}\n` : ''}`);
    process.exit(1);
  },
);
