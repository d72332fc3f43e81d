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

/**
 * One state file written again and again, each time whole (writeFileAtomically): one write in
 * flight at a time, and the requests that come in meanwhile share a single next write, which
 * takes the content as it is when it starts. Every write is of the complete current state, so
 * the states skipped in between are contained in the one written after them: nothing is lost,
 * and a burst of changes costs two writes instead of one per change. Two writes of one file at
 * once could otherwise also finish in the wrong order, leaving the older state on disk.
 */
export class CoalescingFileWriter {
  /** The write that will take the newest content, while it has not started. */
  private next: Promise<void> | undefined;
  private content: (() => string) | undefined;
  /** Settles when the last write requested has finished (never rejects). */
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly mode?: number,
  ) {}

  /**
   * Writes the file's content as `content()` gives it when the write starts; resolves once a
   * write that started after this call is on disk (rejects when that write fails).
   */
  write(content: () => string): Promise<void> {
    this.content = content;
    if (this.next) return this.next;
    const next = this.tail.then(async () => {
      // From here on a change needs another write: this one may already have read the state.
      this.next = undefined;
      await writeFileAtomically(this.file, this.content!(), this.mode);
    });
    this.next = next;
    this.tail = next.catch(() => undefined);
    return next;
  }

  /**
   * Deletes the file once the writes requested so far are done; a write requested after this call
   * lands after the deletion (a reset must not delete what is saved while it runs).
   */
  remove(): Promise<void> {
    const removal = this.tail.then(() => rm(this.file, { force: true }));
    // A later request must not join a write still waiting to start: that one comes before the removal.
    this.next = undefined;
    this.tail = removal.catch(() => undefined);
    return removal;
  }

  /** Resolves once every write requested so far has finished, failed or not. */
  idle(): Promise<void> {
    return this.tail;
  }
}
