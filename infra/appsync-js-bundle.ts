/**
 * Resolver and function code bundled as AppSync's APPSYNC_JS runtime takes it, with the options
 * AWS documents, whose one owner is appsync-local (the local AppSync hot-reloads and evaluates
 * exactly this output). Source-map paths are relative to this project's root
 * (`resolvers/Query.user.ts`), so a bundle is the same on every machine.
 */
import path from 'node:path';
import { bundleAppSyncJs as bundle, bundleAppSyncJsSync as bundleSync } from 'appsync-local/appsync-js-build';

const ROOT = path.resolve(import.meta.dirname, '..');

export const bundleAppSyncJs = (entryPoint: string): Promise<string> => bundle(entryPoint, ROOT);

/** Synchronously: CDK constructs are built in constructors, which cannot await. The CDK app deploys exactly this text. */
export const bundleAppSyncJsSync = (entryPoint: string): string => bundleSync(entryPoint, ROOT);
