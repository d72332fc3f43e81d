/**
 * `appsync-local evaluate-code --code file://x.ts --context file://ctx.json --function request`
 *
 * Mirrors `aws appsync evaluate-code`
 * (https://docs.aws.amazon.com/cli/latest/reference/appsync/evaluate-code.html) offline: prints
 * one JSON object with the CLI's field names and exits 0 whenever the evaluation itself ran,
 * also when the code has errors. A `.ts` file is bundled exactly as the deploy bundles it; a
 * `.js` file is taken as the bundle. Bad arguments exit 2 with a message on stderr.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { evaluateCode, EvaluateCodeRequestError, type EvaluateCodeResponse } from '../appsync-js/evaluate-code.js';

class UsageError extends Error {}

/** `file://path` reads the file, anything else is the value itself (the AWS CLI's convention). */
function readArgument(value: string, name: string): { text: string; path?: string } {
  if (!value.startsWith('file://')) return { text: value };
  const path = value.startsWith('file:///') ? fileURLToPath(value) : value.slice('file://'.length);
  try {
    return { text: readFileSync(path, 'utf8'), path };
  } catch (err) {
    throw new UsageError(`--${name}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

async function evaluate(argv: string[]): Promise<EvaluateCodeResponse> {
  const { values } = parseArgs({
    args: argv,
    options: {
      code: { type: 'string' },
      context: { type: 'string' },
      function: { type: 'string', default: 'request' },
      runtime: { type: 'string', default: 'name=APPSYNC_JS,runtimeVersion=1.0.0' },
    },
    strict: true,
  });
  if (!values.code) throw new UsageError('--code is required (file://<path to .js or .ts>)');
  if (!values.context) throw new UsageError('--context is required (file://<path to context .json>, or the JSON itself)');
  const handler = values.function;
  if (handler !== 'request' && handler !== 'response') throw new UsageError(`--function must be request or response, not ${handler}`);
  if (values.runtime.replace(/\s/g, '') !== 'name=APPSYNC_JS,runtimeVersion=1.0.0') {
    throw new UsageError('--runtime: only name=APPSYNC_JS,runtimeVersion=1.0.0 exists');
  }

  const code = readArgument(values.code, 'code');
  let source = code.text;
  if (code.path && ['.ts', '.mts'].includes(extname(code.path))) {
    try {
      // Loaded only for TypeScript: esbuild is not needed to evaluate a bundle.
      const { bundleAppSyncJs } = await import('../appsync-js-build.js');
      source = await bundleAppSyncJs(code.path, process.cwd());
    } catch (err) {
      throw new UsageError(`--code: esbuild could not bundle ${code.path}:\n${(err as Error).message}`);
    }
  }
  const context = readArgument(values.context, 'context').text;
  return evaluateCode({ code: source, context, function: handler });
}

/** Runs the command; the exit code is 0 when the evaluation ran, 2 for bad arguments, 1 for an internal error. */
export async function runEvaluateCode(argv: string[]): Promise<number> {
  try {
    const response = await evaluate(argv);
    process.stdout.write(`${JSON.stringify(response, null, 4)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof EvaluateCodeRequestError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`evaluate-code: ${(err as Error).message}\n`);
      return 2;
    }
    process.stderr.write(`evaluate-code: internal error: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}
