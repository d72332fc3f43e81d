/**
 * State files the local services keep under the state folder (user pools, signing keys, pipe
 * checkpoints): written so that a crash leaves either the old content or the new one, never half
 * of it (to a temporary file beside it, then renamed over it), and read as absent when the file
 * is not there (users may delete the state folder at any time). Whole folders (a synthesized
 * cloud assembly) are placed the same way.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

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

/** A temporary name beside `target`, unique to this process and call; TEMPORARY_SUFFIX ends it. */
function temporaryBeside(target: string): string {
  return `${target}.${process.pid}.${randomBytes(4).toString('hex')}${TEMPORARY_SUFFIX}`;
}

export const TEMPORARY_SUFFIX = '.tmp';

/** The process id a temporary name beside a file or folder carries, so a cleaner can tell one a dead process left. */
export function temporaryOwner(name: string): number | undefined {
  const match = /\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

/**
 * Fills the folder `dir` as a whole: `write` fills a fresh temporary folder beside it, which is
 * then renamed to `dir`. Processes sharing a state folder (two test suites on one project) thus
 * see no folder or a complete one, never one another is still writing.
 *
 * When `dir` exists already (another writer placed it first), it is kept and this call's folder
 * dropped, unless `replace`: then the old folder is moved aside and removed, and for that moment
 * `dir` is absent (a rename cannot swap two folders). Answers whether this call's folder was placed.
 */
export async function writeDirectoryAtomically(dir: string, write: (temporary: string) => Promise<void>, options: { replace?: boolean } = {}): Promise<boolean> {
  await mkdir(path.dirname(dir), { recursive: true });
  const temporary = temporaryBeside(dir);
  try {
    await mkdir(temporary);
    await write(temporary);
    // A few rounds: between moving the old folder aside and renaming ours, another writer may place its own.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await rename(temporary, dir);
        return true;
      } catch (err) {
        // ENOTEMPTY or EEXIST on POSIX, EPERM on Windows: the target is a folder with content.
        if (!existsSync(dir)) throw err;
        if (!options.replace) {
          await rm(temporary, { recursive: true, force: true });
          return false;
        }
        const aside = temporaryBeside(dir);
        await rename(dir, aside).catch((e: NodeJS.ErrnoException) => {
          // Another replacing writer moved it first.
          if (e.code !== 'ENOENT') throw e;
        });
        await rm(aside, { recursive: true, force: true });
      }
    }
    throw new Error(`could not place ${dir}: other writers kept replacing it`);
  } catch (err) {
    await rm(temporary, { recursive: true, force: true });
    throw err;
  }
}
