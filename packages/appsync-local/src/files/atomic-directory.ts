/**
 * Whole folders (a synthesized cloud assembly) placed as atomic-file.ts places files: written
 * beside their final name, then renamed to it.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { temporaryBeside } from './atomic-file.js';

/**
 * Fills the folder `dir` as a whole: `write` fills a fresh temporary folder beside it, which is
 * then renamed to `dir`. Processes sharing a state folder (two test suites on one project) thus
 * see no folder or a complete one, never one another is still writing.
 *
 * When `dir` exists already (another writer placed it first), it is kept and this call's folder
 * dropped, unless `replace` (or `replace(dir)`, asked then: whether the folder found is one to
 * replace, say because it is incomplete): then the old folder is moved aside and removed, and for
 * that moment `dir` is absent (a rename cannot swap two folders). Answers whether this call's
 * folder was placed.
 */
export async function writeDirectoryAtomically(dir: string, write: (temporary: string) => Promise<void>, options: { replace?: boolean | ((existing: string) => boolean) } = {}): Promise<boolean> {
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
        const replace = typeof options.replace === 'function' ? options.replace(dir) : options.replace === true;
        if (!replace) {
          await rm(temporary, { recursive: true, force: true });
          return false;
        }
        await removeDirectory(dir);
      }
    }
    throw new Error(`could not place ${dir}: other writers kept replacing it`);
  } catch (err) {
    await rm(temporary, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Removes a folder so that no one sees it half removed: it is renamed aside first (atomic), then
 * deleted; if this process dies meanwhile, the leftover carries a temporary name a cleaner
 * recognises, never the folder's own. A folder another remover took first is no error.
 */
export async function removeDirectory(dir: string): Promise<void> {
  const aside = temporaryBeside(dir);
  try {
    await rename(dir, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  await rm(aside, { recursive: true, force: true });
}
