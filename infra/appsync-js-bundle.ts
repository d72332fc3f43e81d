/**
 * How resolver and function code is bundled for AppSync: one ES module per file, the
 * @aws-appsync modules left to the runtime, an inline source map without sources content.
 * These are the options AWS documents for APPSYNC_JS
 * (https://docs.aws.amazon.com/appsync/latest/devguide/additional-utilities.html). The CDK app
 * deploys this output and the local runtime's evaluate-code runs the same output, so the two
 * cannot drift.
 */
import path from 'node:path';
import { build, buildSync, type BuildOptions, type BuildResult } from 'esbuild';

export const APPSYNC_JS_BUILD_OPTIONS = {
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  target: 'esnext',
  sourcemap: 'inline',
  sourcesContent: false,
  external: ['@aws-appsync/utils', '@aws-appsync/utils/*'],
  logLevel: 'silent',
} as const satisfies BuildOptions;

/** Project root: source-map paths are written relative to it (`resolvers/Query.user.ts`). */
const ROOT = path.resolve(import.meta.dirname, '..');

export async function bundleAppSyncJs(entryPoint: string): Promise<string> {
  return bundleText(entryPoint, await build(entryBuildOptions(entryPoint)));
}

/**
 * The same bundle, synchronously: CDK constructs are built in constructors, which cannot await.
 * The CDK app deploys exactly this text (Code.fromInline).
 */
export function bundleAppSyncJsSync(entryPoint: string): string {
  return bundleText(entryPoint, buildSync(entryBuildOptions(entryPoint)));
}

function entryBuildOptions(entryPoint: string) {
  return {
    ...APPSYNC_JS_BUILD_OPTIONS,
    entryPoints: [path.resolve(entryPoint)],
    absWorkingDir: ROOT,
    outdir: ROOT,
  } as const satisfies BuildOptions;
}

function bundleText(entryPoint: string, result: BuildResult<{ write: false }>): string {
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${entryPoint}`);
  return output.text;
}
