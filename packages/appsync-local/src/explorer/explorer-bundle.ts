/**
 * The explorer's browser bundle (GraphiQL, React, the explorer plugin, graphql-ws's client, SigV4
 * signing, Amplify's auth module and our panels), built with esbuild from src/explorer/browser/
 * and served by the local server itself, so the explorer works with no network at all.
 *
 * Building takes seconds, so it is never part of start: the first request for the explorer (or
 * a warm-up after start) builds it once. The output is cached in `<stateDir>/explorer/<hash>/`,
 * the hash covering everything that can change it (the versions of the packages it bundles, the
 * browser sources, esbuild's version and the build options), so later starts serve the cached files at once, and a change
 * to any input is built by the next server's first request (a running server keeps its bundle).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, version as esbuildVersion } from 'esbuild';
import { writeDirectoryAtomically } from '../files/atomic-directory.js';
import { TEMPORARY_SUFFIX } from '../files/atomic-file.js';

export interface ExplorerAsset {
  body: Buffer;
  contentType: string;
}

export interface ExplorerAssets {
  /** Of the inputs; also the assets' ETag. */
  hash: string;
  /** By file name (`explorer.js`, `explorer.css`, and `.map` files with source maps). */
  files: Map<string, ExplorerAsset>;
  /** How long the build took; absent when the cached output was used. */
  builtInMs?: number;
}

export interface ExplorerBundleOptions {
  /** Where built bundles are kept (`<stateDir>/explorer`). */
  cacheDir: string;
  /** Told when a build happened or failed. */
  log?: (line: string) => void;
}

/**
 * The explorer's sources are always the package's src/explorer (the package ships src/): this
 * module runs from src/ in a checkout and from dist/ once built, one folder deep in either.
 */
const EXPLORER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'explorer');
const BROWSER_DIR = path.join(EXPLORER_DIR, 'browser');
/** The shared config module is the one input outside browser/. */
const SHARED_INPUTS = [path.join(EXPLORER_DIR, 'explorer-config.ts')];
/** The packages the bundle is made of: a new version of any of them is a new bundle. */
const BUNDLED_PACKAGES = [
  'graphiql',
  '@graphiql/plugin-explorer',
  'react',
  'react-dom',
  'graphql',
  'graphql-ws',
  '@smithy/signature-v4',
  '@smithy/protocol-http',
  '@aws-crypto/sha256-js',
  '@aws-amplify/auth',
  '@aws-amplify/core',
];
const requireFromHere = createRequire(import.meta.url);
const ENTRY = path.join(BROWSER_DIR, 'explorer-app.tsx');
/** The output's base name: explorer.js and explorer.css. */
const OUTPUT_NAME = 'explorer';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export class ExplorerBundle {
  private pending: Promise<ExplorerAssets> | undefined;

  constructor(private readonly options: ExplorerBundleOptions) {}

  /** The built files, building them on the first call; a failed build is tried again on the next call. */
  assets(): Promise<ExplorerAssets> {
    this.pending ??= this.load().then(
      (assets) => {
        if (assets.builtInMs !== undefined) this.options.log?.(`explorer: bundle built in ${(assets.builtInMs / 1000).toFixed(1)} s`);
        return assets;
      },
      (err: unknown) => {
        this.options.log?.(`explorer: the bundle could not be built: ${(err as Error).message}`);
        this.pending = undefined;
        throw err;
      },
    );
    return this.pending;
  }

  private async load(): Promise<ExplorerAssets> {
    const hash = await inputsHash();
    const dir = path.join(this.options.cacheDir, hash);
    const cached = await readOutput(dir).catch(() => undefined);
    if (cached) return { hash, files: cached };

    const started = performance.now();
    // Built next to its final place and renamed: a half-written bundle is never taken for a cached one.
    // What is at `dir` already is not a whole build (it was not read as one), so it is replaced.
    await writeDirectoryAtomically(
      dir,
      (partial) =>
        build({
          entryPoints: { [OUTPUT_NAME]: ENTRY },
          outdir: partial,
          bundle: true,
          minify: true,
          sourcemap: false,
          format: 'iife',
          platform: 'browser',
          target: ['chrome109', 'firefox115', 'safari16'],
          define: { 'process.env.NODE_ENV': '"production"' },
          // As the browser tsconfig's `jsx: react-jsx` (said here too, so no tsconfig lookup decides it).
          jsx: 'automatic',
          // GraphiQL's fonts and icons are data: URLs already; anything else is inlined too (no extra requests, nothing external).
          loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' },
          legalComments: 'none',
          charset: 'utf8',
          logLevel: 'silent',
        }).then(() => undefined),
      { replace: true },
    );
    await removeOtherBuilds(this.options.cacheDir, hash);
    const files = await readOutput(dir);
    if (!files) throw new Error(`the explorer bundle was built but ${dir} lacks ${OUTPUT_NAME}.js or ${OUTPUT_NAME}.css`);
    return { hash, files, builtInMs: performance.now() - started };
  }
}

/** A hash of every input of the build: bundled packages' versions, browser sources, esbuild's version, options. */
async function inputsHash(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ esbuild: esbuildVersion, packages: await Promise.all(BUNDLED_PACKAGES.map(packageVersion)), format: 2 }));
  const sources = [...(await listFiles(BROWSER_DIR)), ...SHARED_INPUTS].sort();
  for (const file of sources) {
    hash.update(`\0${path.relative(EXPLORER_DIR, file)}\0`);
    hash.update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/** `name@version` of an installed package, found from its entry point upwards (not every package exports its package.json). */
async function packageVersion(name: string): Promise<string> {
  let dir = path.dirname(requireFromHere.resolve(name));
  for (;;) {
    const manifest = await readFile(path.join(dir, 'package.json'), 'utf8').then(
      (text) => JSON.parse(text) as { name?: string; version?: string },
      () => undefined,
    );
    if (manifest?.name === name) return `${name}@${manifest.version ?? '?'}`;
    const parent = path.dirname(dir);
    if (parent === dir) return `${name}@?`;
    dir = parent;
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)])));
  return nested.flat();
}

/** The files of a finished build, or undefined when there is none in `dir`. */
async function readOutput(dir: string): Promise<Map<string, ExplorerAsset> | undefined> {
  const names = await readdir(dir);
  if (!names.includes(`${OUTPUT_NAME}.js`) || !names.includes(`${OUTPUT_NAME}.css`)) return undefined;
  const files = new Map<string, ExplorerAsset>();
  for (const name of names) {
    const contentType = CONTENT_TYPES[path.extname(name)];
    if (contentType) files.set(name, { body: await readFile(path.join(dir, name)), contentType });
  }
  return files;
}

/** Older builds (other hashes) are of no further use; failures to remove them do not matter. */
async function removeOtherBuilds(cacheDir: string, keep: string): Promise<void> {
  const names = await readdir(cacheDir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n !== keep && !n.endsWith(TEMPORARY_SUFFIX)).map((n) => rm(path.join(cacheDir, n), { recursive: true, force: true }).catch(() => undefined)));
}
