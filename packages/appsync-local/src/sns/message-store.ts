/**
 * What was published to each topic, so a developer (or a test) can see what a function sent:
 * the last N messages per topic (1000 by default), in memory, and, when a folder is given, in an
 * append-only JSON Lines file per topic that a later start reads back.
 *
 * Why a file per topic and append-only: each publish costs one small append, and bounding a
 * topic is then a matter of that topic's file. A file is rewritten (to a temporary file, then
 * renamed over it) only when it holds twice the bound, so it never grows without limit. A line
 * that does not parse (a write cut short by a crash) is skipped on reading.
 *
 * Writes to one topic are queued, so the file's order is the order of publishing, and `append`
 * resolves only once the messages are on disk: a MessageId is returned for a stored message.
 */
import { appendFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SnsMessageAttribute } from './publish-validation.js';

export interface StoredSnsMessage {
  messageId: string;
  topicArn: string;
  /** ISO 8601, when the local SNS accepted it. */
  timestamp: string;
  subject?: string;
  message: string;
  messageStructure?: 'json';
  messageAttributes: Record<string, SnsMessageAttribute>;
  messageGroupId?: string;
  messageDeduplicationId?: string;
  sequenceNumber?: string;
}

export interface SnsMessageStoreOptions {
  /** The folder of the JSON Lines files; in memory only when absent. */
  dir?: string;
  /** Messages kept per topic. */
  capacity?: number;
}

export const DEFAULT_MESSAGES_PER_TOPIC = 1000;

interface TopicLog {
  messages: StoredSnsMessage[];
  /** Lines in the file, to know when to compact it. */
  linesOnDisk: number;
  /** The tail of this topic's write queue. */
  writing: Promise<void>;
}

export class SnsMessageStore {
  private readonly topics = new Map<string, TopicLog>();
  private readonly capacity: number;

  constructor(private readonly options: SnsMessageStoreOptions = {}) {
    this.capacity = options.capacity ?? DEFAULT_MESSAGES_PER_TOPIC;
  }

  get persistent(): boolean {
    return this.options.dir !== undefined;
  }

  /** Reads a topic's file (once); later calls for the same topic do nothing. */
  async load(topicName: string): Promise<void> {
    if (this.topics.has(topicName)) return;
    const log: TopicLog = { messages: [], linesOnDisk: 0, writing: Promise.resolve() };
    this.topics.set(topicName, log);
    if (!this.options.dir) return;
    await mkdir(this.options.dir, { recursive: true });
    const text = await readFile(this.file(topicName), 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return '';
      throw err;
    });
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    log.linesOnDisk = lines.length;
    log.messages = lines.flatMap(parseLine).slice(-this.capacity);
  }

  /** The topic's messages, oldest first (none for a topic never loaded). */
  messages(topicName: string): readonly StoredSnsMessage[] {
    return this.topics.get(topicName)?.messages ?? [];
  }

  /** Stores messages (after the ones already queued); resolves once they are on disk. */
  append(topicName: string, messages: StoredSnsMessage[]): Promise<void> {
    const log = this.topics.get(topicName);
    if (!log) return Promise.reject(new Error(`the message store has not loaded topic ${topicName}`));
    const write = log.writing.then(async () => {
      if (this.options.dir) {
        await appendFile(this.file(topicName), messages.map((m) => `${JSON.stringify(m)}\n`).join(''));
        log.linesOnDisk += messages.length;
      }
      log.messages.push(...messages);
      if (log.messages.length > this.capacity) log.messages.splice(0, log.messages.length - this.capacity);
      if (this.options.dir && log.linesOnDisk > 2 * this.capacity) await this.compact(topicName, log);
    });
    // A failed write fails its own publish, never the ones queued after it.
    log.writing = write.catch(() => undefined);
    return write;
  }

  /** Forgets every message, in memory and on disk (a reset); topics stay loaded. */
  async clear(): Promise<void> {
    await this.flush();
    for (const [topicName, log] of this.topics) {
      log.messages = [];
      log.linesOnDisk = 0;
      if (this.options.dir) await rm(this.file(topicName), { force: true });
    }
  }

  /** Waits for every queued write. */
  async flush(): Promise<void> {
    await Promise.all([...this.topics.values()].map((log) => log.writing));
  }

  private async compact(topicName: string, log: TopicLog): Promise<void> {
    const file = this.file(topicName);
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, log.messages.map((m) => `${JSON.stringify(m)}\n`).join(''));
    await rename(temporary, file);
    log.linesOnDisk = log.messages.length;
  }

  private file(topicName: string): string {
    // Topic names are letters, digits, - and _ (and .fifo); encoding keeps any other name inside the folder.
    return path.join(this.options.dir!, `${encodeURIComponent(topicName)}.jsonl`);
  }
}

function parseLine(line: string): StoredSnsMessage[] {
  try {
    const value = JSON.parse(line) as StoredSnsMessage;
    return typeof value?.messageId === 'string' && typeof value.message === 'string' ? [value] : [];
  } catch {
    return [];
  }
}
