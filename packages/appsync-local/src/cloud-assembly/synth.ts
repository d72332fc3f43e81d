/**
 * Synthesizes the CDK app into a cloud assembly for the local server, and only when its inputs
 * changed: `cdk synth` takes seconds, and most starts follow no change to infra/.
 *
 * The inputs are what `cdk.json` says to watch (`watch.include` minus `watch.exclude`, the
 * globs `cdk watch` uses), plus cdk.json itself, the lockfile and tsconfig.json. Their contents
 * are hashed, and each assembly is kept in a folder named by that hash.
 *
 * Several processes may serve one project at once (parallel test suites, a suite beside
 * `appsync-local start`). So a synth writes into a temporary folder and renames it into place
 * when complete: no one reads an assembly another process is still writing, and no one's
 * assembly, whose Lambda assets a running server executes, is rewritten under it.
 *
 * The synth is the CDK CLI's own (`cdk synth`), so the template is the one a deploy would use.
 * One difference: CDK_VALIDATION=false skips CDK's built-in CloudFormation rule check (a WASM
 * validator costing about three seconds per synth). It does not change the template, and
 * `npm test` synthesizes with it on; cdk-nag, a plugin the app registers, still runs.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { removeDirectory, writeDirectoryAtomically } from '../files/atomic-directory.js';
import { TEMPORARY_SUFFIX, temporaryOwner } from '../files/atomic-file.js';
import { killOnExit } from '../process/kill-on-exit.js';

export interface SynthOptions {
  /** The CDK app's folder (where cdk.json is). */
  projectDir: string;
  /** Where the cloud assemblies are kept: each in a folder of its own, named by its inputs (SynthResult.outDir). */
  outDir: string;
  /** Context values (`-c key=value`), e.g. the stage. */
  context?: Record<string, string>;
  /** Synthesize even when the inputs did not change. */
  force?: boolean;
}

export interface SynthResult {
  /** The cloud assembly for these inputs (a folder inside SynthOptions.outDir). */
  outDir: string;
  /** The assembly was already up to date. */
  fromCache: boolean;
  durationMs: number;
}

/** Files that always shape the assembly, beyond cdk.json's watch list. */
const ALWAYS_INPUTS = ['cdk.json', 'cdk.context.json', 'package-lock.json', 'tsconfig.json'];
/** Enough of the hash to tell inputs apart, short enough for Windows' path limit with the asset folders inside. */
const ASSEMBLY_NAME = /^[0-9a-f]{16}$/;
/** Assemblies kept besides the current one: a server started from older inputs may still run their Lambda assets. */
const KEEP_PREVIOUS = 2;
/** The marker a process serving an assembly keeps in it, followed by its pid. */
const IN_USE_PREFIX = 'in-use.';
/** Earlier versions synthesized into the folder itself and kept this file beside the assembly. */
const LEGACY_HASH_FILE = 'local-synth-inputs.sha256';

export class SynthError extends Error {
  constructor(
    message: string,
    /** The CLI's own output, which names the failing file or cdk-nag finding. */
    readonly output: string,
  ) {
    super(message);
    this.name = 'SynthError';
  }
}

export async function synthesizeIfChanged(options: SynthOptions): Promise<SynthResult> {
  const started = performance.now();
  const hash = await hashInputs(options.projectDir, options.context ?? {});
  const assemblyDir = path.join(options.outDir, hash.slice(0, 16));
  const result = (fromCache: boolean): SynthResult => ({ outDir: assemblyDir, fromCache, durationMs: performance.now() - started });
  // Only a complete assembly is ever renamed into place, so its manifest means it is whole.
  const complete = (dir: string) => existsSync(path.join(dir, 'manifest.json'));
  if (!options.force && complete(assemblyDir)) {
    // Newest first when pruning: a synth of other inputs (another branch checked out) keeps the newest few.
    const now = new Date();
    await utimes(assemblyDir, now, now).catch(() => undefined);
    await markInUse(options.outDir, assemblyDir);
    return result(true);
  }
  // When another process placed the same inputs' assembly first, theirs is as good as ours (and
  // may be running); a folder without its manifest is what a crash left, and is replaced.
  await writeDirectoryAtomically(assemblyDir, (temporary) => runCdkSynth({ ...options, outDir: temporary }), { replace: (existing) => options.force === true || !complete(existing) });
  await markInUse(options.outDir, assemblyDir);
  await pruneAssemblies(options.outDir, assemblyDir);
  return result(false);
}

/**
 * A server runs its assembly's Lambda assets for as long as it lives, so it marks the assembly it
 * serves (`in-use.<pid>`) and releases the one it served before; pruning spares an assembly any
 * live process has marked.
 */
async function markInUse(outDir: string, current: string): Promise<void> {
  const marker = `${IN_USE_PREFIX}${process.pid}`;
  for (const entry of await readdir(outDir, { withFileTypes: true })) {
    const dir = path.join(outDir, entry.name);
    if (entry.isDirectory() && ASSEMBLY_NAME.test(entry.name) && dir !== current) await rm(path.join(dir, marker), { force: true });
  }
  await writeFile(path.join(current, marker), '').catch(() => undefined);
}

async function inUse(dir: string): Promise<boolean> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.some((name) => name.startsWith(IN_USE_PREFIX) && isRunning(Number(name.slice(IN_USE_PREFIX.length))));
}

/** Removes all but the newest few assemblies, and the temporary folders of synths whose process is gone. */
async function pruneAssemblies(outDir: string, current: string): Promise<void> {
  const entries = await readdir(outDir, { withFileTypes: true });
  const legacy = entries.some((e) => e.name === LEGACY_HASH_FILE);
  const assemblies: { dir: string; mtimeMs: number }[] = [];
  for (const entry of entries) {
    const dir = path.join(outDir, entry.name);
    const ours = entry.name.endsWith(TEMPORARY_SUFFIX) || ASSEMBLY_NAME.test(entry.name);
    // The old layout's assembly, whose asset folders would otherwise stay forever.
    if (legacy && !ours) await rm(dir, { recursive: true, force: true });
    if (!entry.isDirectory()) continue;
    if (entry.name.endsWith(TEMPORARY_SUFFIX)) {
      const owner = temporaryOwner(entry.name);
      if (owner !== undefined && !isRunning(owner)) await rm(dir, { recursive: true, force: true });
    } else if (ASSEMBLY_NAME.test(entry.name) && dir !== current && !(await inUse(dir))) {
      const info = await stat(dir).catch(() => undefined);
      if (info) assemblies.push({ dir, mtimeMs: info.mtimeMs });
    }
  }
  assemblies.sort((a, b) => b.mtimeMs - a.mtimeMs);
  // Renamed aside before it is deleted: a prune cut short leaves no half assembly under its name.
  for (const { dir } of assemblies.slice(KEEP_PREVIOUS)) await removeDirectory(dir);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The files cdk.json watches, as absolute paths (the hot reloader watches the same set). */
export async function watchedInputs(projectDir: string): Promise<{ include: string[]; exclude: string[] }> {
  const cdkJson = JSON.parse(await readFile(path.join(projectDir, 'cdk.json'), 'utf8')) as { watch?: { include?: string[] | string; exclude?: string[] | string } };
  const list = (v: string[] | string | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  // `cdk watch` watches everything when include is absent.
  const include = list(cdkJson.watch?.include);
  return { include: include.length > 0 ? include : ['**'], exclude: list(cdkJson.watch?.exclude) };
}

async function hashInputs(projectDir: string, context: Record<string, string>): Promise<string> {
  const { include, exclude } = await watchedInputs(projectDir);
  const files = await glob(include, {
    cwd: projectDir,
    ignore: [...exclude, '**/node_modules/**', '.local/**', '.git/**'],
    onlyFiles: true,
    dot: false,
  });
  const all = [...new Set([...files, ...ALWAYS_INPUTS])].sort();
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ context, node: process.version }));
  for (const file of all) {
    const content = await readFile(path.join(projectDir, file)).catch(() => null);
    hash.update(`\0${file}\0`);
    if (content) hash.update(content);
  }
  return hash.digest('hex');
}

/**
 * The app's own CDK CLI (the `aws-cdk` package), found as Node finds a package from the app's
 * folder, so a CDK app inside a workspace whose dependencies are hoisted is served too.
 */
function cdkCli(projectDir: string): string {
  try {
    return createRequire(path.join(projectDir, 'package.json')).resolve('aws-cdk/bin/cdk');
  } catch {
    throw new SynthError(`the CDK CLI is not installed for ${projectDir}: add it to the app (npm install --save-dev aws-cdk)`, '');
  }
}

async function runCdkSynth(options: SynthOptions): Promise<void> {
  const cli = cdkCli(options.projectDir);
  const args = [cli, 'synth', '--quiet', '--output', options.outDir];
  for (const [key, value] of Object.entries(options.context ?? {})) args.push('--context', `${key}=${value}`);
  const output = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.projectDir,
      env: { ...process.env, CDK_VALIDATION: 'false', CDK_DISABLE_VERSION_CHECK: 'true', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The CDK CLI spends CPU for seconds and writes into a folder a later prune may remove.
    killOnExit(child, 'SIGTERM');
    let text = '';
    const keep = (chunk: Buffer) => {
      text = (text + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, text }));
  });
  if (output.code !== 0) {
    throw new SynthError(`cdk synth failed (exit code ${output.code}); the app was not reloaded`, output.text);
  }
}
