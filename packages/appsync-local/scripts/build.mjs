/**
 * Builds dist/ from src/: every module transpiled one to one with esbuild (no bundling, so
 * `import.meta.url` paths to the files beside a module stay valid), the files that are not
 * TypeScript copied as they are (the Lambda runner, the realm's bootstrap script, AppSync's
 * prelude; the explorer bundles its browser code from src/ itself), and with
 * `--types` the declarations of the public entry points, by tsc.
 *
 * `buildJs` is also what the command runs before starting when it finds dist/ older than src/
 * in a source checkout, so an edit to the tool is never served stale.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(PACKAGE_DIR, 'src');
const DIST = path.join(PACKAGE_DIR, 'dist');
/** Written last: its time is when dist/ was complete. */
export const STAMP = path.join(DIST, '.build-stamp');
/** Browser code: bundled at run time by the explorer from src/ (which the package ships), never transpiled for Node. */
const BROWSER_DIR = path.join(SRC, 'explorer', 'browser');

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const isModule = (file) => file.endsWith('.ts') && !file.startsWith(BROWSER_DIR + path.sep);

/** The newest modification time under src/, in ms. */
export function newestSourceTime() {
  return Math.max(...filesUnder(SRC).map((file) => statSync(file).mtimeMs));
}

/** True when dist/ is missing or older than a file under src/. */
export function isStale() {
  let built;
  try {
    built = statSync(STAMP).mtimeMs;
  } catch {
    return true;
  }
  return newestSourceTime() > built;
}

/** The JavaScript and the copied files; `clean` first empties dist/ (declarations included). */
export async function buildJs({ clean = false } = {}) {
  const { build } = await import('esbuild');
  const files = filesUnder(SRC);
  if (clean) rmSync(DIST, { recursive: true, force: true });
  await build({
    entryPoints: files.filter(isModule),
    outdir: DIST,
    outbase: SRC,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  for (const file of files.filter((f) => !isModule(f) && !f.startsWith(BROWSER_DIR + path.sep))) {
    const target = path.join(DIST, path.relative(SRC, file));
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(file, target);
  }
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

/** The declarations, by typescript's CLI (wherever npm put it: the package's or the workspace's node_modules). */
function buildTypes() {
  const tsc = fileURLToPath(import.meta.resolve('typescript/bin/tsc'));
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(PACKAGE_DIR, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('tsc could not emit the declarations');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  await buildJs({ clean: true });
  if (process.argv.includes('--types')) buildTypes();
  console.log(`appsync-local: built dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
