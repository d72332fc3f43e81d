/**
 * CoalescingFileWriter: one write of a file in flight; the requests made meanwhile share one next
 * write that takes the newest content; a failed write rejects its callers and does not stop the
 * next one; a removal takes its place in that order.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CoalescingFileWriter } from '../../../src/files/atomic-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'coalescing-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
const newFile = () => path.join(dir, `state-${files++}.json`);

describe('CoalescingFileWriter', () => {
  it('requests made before a write starts share it, and it writes the newest content', async () => {
    const writer = new CoalescingFileWriter(newFile());
    const read: string[] = [];
    const content = (value: string) => () => {
      read.push(value);
      return value;
    };
    const writes = [writer.write(content('a')), writer.write(content('b')), writer.write(content('c'))];
    expect(writes[1]).toBe(writes[0]);
    expect(writes[2]).toBe(writes[0]);
    await Promise.all(writes);
    expect(read).toEqual(['c']);
    expect(readFileSync(writer.file, 'utf8')).toBe('c');
  });

  it('while a write is in flight, later requests wait for it and then share one write of the newest content', async () => {
    const writer = new CoalescingFileWriter(newFile());
    const events: string[] = [];
    let started!: () => void;
    const firstStarted = new Promise<void>((resolve) => (started = resolve));
    const first = writer.write(() => {
      events.push('read first');
      started();
      return 'first';
    });
    await firstStarted;
    // The first write has read its content and is on its way to disk.
    const second = writer.write(() => {
      events.push('read second');
      return 'second';
    });
    const third = writer.write(() => {
      // Only once the first write is on disk does the next one start.
      events.push(`read third, file holds ${readFileSync(writer.file, 'utf8')}`);
      return 'third';
    });
    expect(third).toBe(second);
    expect(second).not.toBe(first);
    await Promise.all([first, second, third]);
    expect(events).toEqual(['read first', 'read third, file holds first']);
    expect(readFileSync(writer.file, 'utf8')).toBe('third');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a write that fails rejects the callers that waited on it; the next request writes again', async () => {
    const writer = new CoalescingFileWriter(newFile());
    const failed = writer.write(() => {
      throw new Error('no state');
    });
    await expect(failed).rejects.toThrow('no state');
    await writer.idle();
    await expect(writer.write(() => 'after')).resolves.toBeUndefined();
    expect(readFileSync(writer.file, 'utf8')).toBe('after');
  });

  it('idle() waits for the write queued behind the one in flight', async () => {
    const writer = new CoalescingFileWriter(newFile());
    void writer.write(() => 'one');
    await Promise.resolve();
    void writer.write(() => 'two');
    await writer.idle();
    expect(readFileSync(writer.file, 'utf8')).toBe('two');
  });

  it('remove() deletes the file after the writes requested before it; a write requested after it lands after the deletion', async () => {
    const writer = new CoalescingFileWriter(newFile());
    const before = writer.write(() => 'before the reset');
    const removed = writer.remove();
    const after = writer.write(() => 'saved during the reset');
    expect(after).not.toBe(before);
    await Promise.all([before, removed, after]);
    expect(readFileSync(writer.file, 'utf8')).toBe('saved during the reset');

    await writer.remove();
    expect(readdirSync(dir)).not.toContain(path.basename(writer.file));
  });
});
