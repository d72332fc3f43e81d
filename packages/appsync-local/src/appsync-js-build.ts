/**
 * How APPSYNC_JS code is bundled: one ES module per resolver or function file, the
 * `@aws-appsync/*` modules left to the runtime, an inline source map without sources content.
 * These are the options AWS documents for APPSYNC_JS
 * (https://docs.aws.amazon.com/appsync/latest/devguide/additional-utilities.html). This module is
 * their one owner: a CDK app can bundle its resolvers with it, the hot reloader rebuilds a changed
 * entry with it (and trusts the result only when it equals the template's text byte for byte),
 * and `appsync-local evaluate-code` bundles a `.ts` file with it.
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

/**
 * The options for one entry, with source-map paths relative to the project's folder
 * (`resolvers/Query.user.ts`), so the bundle names its sources the same on every machine.
 */
export function appSyncJsBuildOptions(entryPoint: string, projectDir: string) {
  return {
    ...APPSYNC_JS_BUILD_OPTIONS,
    entryPoints: [path.resolve(projectDir, entryPoint)],
    absWorkingDir: projectDir,
    outdir: projectDir,
  } as const satisfies BuildOptions;
}

export async function bundleAppSyncJs(entryPoint: string, projectDir: string): Promise<string> {
  return bundleText(entryPoint, await build(appSyncJsBuildOptions(entryPoint, projectDir)));
}

/** The same bundle, synchronously: CDK constructs are built in constructors, which cannot await. */
export function bundleAppSyncJsSync(entryPoint: string, projectDir: string): string {
  return bundleText(entryPoint, buildSync(appSyncJsBuildOptions(entryPoint, projectDir)));
}

function bundleText(entryPoint: string, result: BuildResult<{ write: false }>): string {
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${entryPoint}`);
  return output.text;
}
