/**
 * The `appsync-local` command: `start` serves an AppSync app offline, `evaluate-code` evaluates
 * APPSYNC_JS code as `aws appsync evaluate-code` does. A failure is one clear line, not a stack trace.
 */
import { runEvaluateCode } from './evaluate-code.js';
import { runSignIn } from './sign-in.js';
import { runStart } from './start.js';

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
    case 'start':
      await runStart(rest);
      return 0;
    case 'evaluate-code':
      return runEvaluateCode(rest);
    case 'sign-in':
      return runSignIn(rest);
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
