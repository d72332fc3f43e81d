/**
 * Where each pool's users, sign-in sessions and codes live between runs:
 * `<stateDir>/cognito/pools/<poolId>.json`, rewritten whole after every change (temporary file,
 * then rename: a crash leaves the old state or the new, never half). Without a state dir nothing
 * is written and every run starts empty.
 *
 * Writes of one pool are coalesced (CoalescingFileWriter): one in flight, the newest state
 * written after it, so a later state never lands before an earlier one and a burst of changes
 * does not queue a write per change.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { CoalescingFileWriter, readFileIfExists } from '../files/atomic-file.js';
import type { UserPoolSnapshot } from './user-pool-state.js';

const FILE_VERSION = 1;

export class UserPoolStore {
  private readonly dir: string | undefined;
  private readonly writers = new Map<string, CoalescingFileWriter>();

  constructor(stateDir: string | undefined) {
    this.dir = stateDir ? path.join(stateDir, 'cognito', 'pools') : undefined;
  }

  async load(poolId: string): Promise<UserPoolSnapshot | undefined> {
    if (!this.dir) return undefined;
    const file = this.file(poolId);
    const text = await readFileIfExists(file);
    if (text === undefined) return undefined;
    const parsed = JSON.parse(text) as { version?: unknown } & Partial<UserPoolSnapshot>;
    if (parsed.version !== FILE_VERSION || !Array.isArray(parsed.users)) {
      throw new Error(`${file} is not user pool state this version understands; delete it to start the pool empty`);
    }
    return { users: parsed.users, sessions: parsed.sessions ?? [], codes: parsed.codes ?? [] };
  }

  /** Writes the pool's state as `snapshot()` gives it when the write starts; resolves once that state is on disk. */
  save(poolId: string, snapshot: () => UserPoolSnapshot): Promise<void> {
    if (!this.dir) return Promise.resolve();
    let writer = this.writers.get(poolId);
    if (!writer) {
      writer = new CoalescingFileWriter(this.file(poolId));
      this.writers.set(poolId, writer);
    }
    return writer.write(() => `${JSON.stringify({ version: FILE_VERSION, poolId, ...snapshot() }, null, 2)}\n`);
  }

  /**
   * Removes every pool's file (reset()). Through each pool's writer: a save requested while the
   * reset runs (a sign-up on the reset state) lands after the removal instead of being deleted.
   */
  async clear(): Promise<void> {
    if (!this.dir) return;
    await Promise.all([...this.writers.values()].map((w) => w.remove()));
    const owned = new Set([...this.writers.values()].map((w) => path.basename(w.file)));
    let files: string[];
    try {
      files = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    // Files of pools this run has not written (from an earlier run, or pools no longer served).
    await Promise.all(files.filter((f) => f.endsWith('.json') && !owned.has(f)).map((f) => rm(path.join(this.dir!, f), { force: true })));
  }

  /** Waits for every queued write. */
  async flush(): Promise<void> {
    await Promise.all([...this.writers.values()].map((w) => w.idle()));
  }

  private file(poolId: string): string {
    return path.join(this.dir!, `${poolId.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
  }
}
