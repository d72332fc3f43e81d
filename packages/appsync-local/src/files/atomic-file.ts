/**
 * State files the local services keep under the state folder (user pools, signing keys, pipe
 * checkpoints): written so that a crash leaves either the old content or the new one, never half
 * of it (to a temporary file beside it, then renamed over it), and read as absent when the file
 * is not there (users may delete the state folder at any time).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const TEMPORARY_SUFFIX = '.tmp';

/** A temporary name beside `target`, unique to this process and call. */
export function temporaryBeside(target: string): string {
  return `${target}.${process.pid}.${randomBytes(4).toString('hex')}${TEMPORARY_SUFFIX}`;
}

/** The process id a temporary name beside a file or folder carries, so a cleaner can tell one a dead process left. */
export function temporaryOwner(name: string): number | undefined {
  const match = /\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

export async function writeFileAtomically(file: string, content: string, mode?: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = temporaryBeside(file);
  try {
    await writeFile(temporary, content, mode === undefined ? undefined : { mode });
    await rename(temporary, file);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}

/** The file's text, or undefined when it does not exist. */
export async function readFileIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
