/**
 * Where a resolver's deployed code came from, read from the bundle itself: APPSYNC_JS bundles
 * carry an inline source map whose `sources` list the files esbuild put in, the entry module
 * among them. Rebuilding that entry with the options AWS documents for APPSYNC_JS
 * (https://docs.aws.amazon.com/appsync/latest/devguide/additional-utilities.html) gives the
 * new code for a changed source in milliseconds, with no synth.
 *
 * An entry counts as reproducible only once rebuilding it gave the template's text byte for
 * byte; code bundled any other way is left to the (slower) re-synth.
 */
import path from 'node:path';
import { bundleAppSyncJs } from '../appsync-js-build.js';

const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;

/** The absolute paths of the files a bundle was built from, or undefined without an inline source map. */
export function bundleSources(text: string, projectDir: string): string[] | undefined {
  const match = INLINE_MAP.exec(text);
  if (!match?.[1]) return undefined;
  try {
    const map = JSON.parse(Buffer.from(match[1], 'base64').toString('utf8')) as { sources?: unknown };
    if (!Array.isArray(map.sources)) return undefined;
    return map.sources.filter((s): s is string => typeof s === 'string').map((s) => path.resolve(projectDir, s));
  } catch {
    return undefined;
  }
}

/** The entry rebuilt with AWS's documented APPSYNC_JS options. */
export function rebundle(projectDir: string, entry: string): Promise<string> {
  return bundleAppSyncJs(entry, projectDir);
}
