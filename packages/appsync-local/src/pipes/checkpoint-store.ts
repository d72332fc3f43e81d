/**
 * Where a pipe has got to in its stream: per shard, the sequence number of the last record it
 * finished with (delivered, filtered out or dead-lettered), and whether a closed shard is done.
 *
 * Persisted as `<stateDir>/pipes/<pipe>/checkpoint.json`, written atomically
 * (files/atomic-file.ts), so a crash leaves either the old checkpoint or the new one, never half
 * of one: a restarted pipe then neither skips records written while it was down nor delivers
 * again what it had finished. Without a state dir (ephemeral mode) it lives in memory.
 */
import path from 'node:path';
import { readFileIfExists, writeFileAtomically } from '../files/atomic-file.js';

export interface ShardCheckpoint {
  /** The last record finished with; absent: read the shard from its start (TRIM_HORIZON). */
  sequenceNumber?: string;
  /** The shard is closed and every record in it is finished with. */
  finished?: boolean;
}

export interface StreamCheckpoint {
  /** The stream the positions belong to; a re-created table has a new stream. */
  streamArn: string;
  /** Every shard the pipe knows; a shard not listed is new and read from its start. */
  shards: Record<string, ShardCheckpoint>;
}

export interface CheckpointStore {
  /** The saved checkpoint, or undefined when the pipe never ran. */
  load(): Promise<StreamCheckpoint | undefined>;
  save(checkpoint: StreamCheckpoint): Promise<void>;
  /** Where it is kept, for messages ("in memory" when ephemeral). */
  readonly location: string;
}

const FILE_VERSION = 1;

export class FileCheckpointStore implements CheckpointStore {
  readonly location: string;

  constructor(dir: string) {
    this.location = path.join(dir, 'checkpoint.json');
  }

  async load(): Promise<StreamCheckpoint | undefined> {
    const text = await readFileIfExists(this.location);
    if (text === undefined) return undefined;
    const parsed = JSON.parse(text) as { version?: unknown; streamArn?: unknown; shards?: unknown };
    if (parsed.version !== FILE_VERSION || typeof parsed.streamArn !== 'string' || typeof parsed.shards !== 'object' || parsed.shards === null) {
      // Guessing a position could lose or repeat records; the developer decides instead.
      throw new Error(`${this.location} is not a checkpoint this version understands; delete it to start the pipe from its StartingPosition`);
    }
    return { streamArn: parsed.streamArn, shards: parsed.shards as Record<string, ShardCheckpoint> };
  }

  async save(checkpoint: StreamCheckpoint): Promise<void> {
    await writeFileAtomically(this.location, `${JSON.stringify({ version: FILE_VERSION, ...checkpoint, savedAt: new Date().toISOString() }, null, 2)}\n`);
  }
}

export class MemoryCheckpointStore implements CheckpointStore {
  readonly location = 'in memory';
  private saved: StreamCheckpoint | undefined;

  async load(): Promise<StreamCheckpoint | undefined> {
    return this.saved && structuredClone(this.saved);
  }

  async save(checkpoint: StreamCheckpoint): Promise<void> {
    this.saved = structuredClone(checkpoint);
  }
}
