/**
 * A folder written as a whole (a synthesized cloud assembly): readers see it absent or complete,
 * never half-written; two writers of the same folder at once both succeed, and the folder holds
 * one writer's files, not a mix; a failed write leaves nothing behind.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDirectory, writeDirectoryAtomically } from '../../../src/files/atomic-directory.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'atomic-directory-'));
  dirs.push(dir);
  return dir;
}

/** A promise the test resolves when it chooses, to stop a writer halfway. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

/** A writer that writes its first file, waits at `halfway`, then writes the second. */
function twoFiles(label: string, halfway: Promise<void>, reached?: () => void) {
  return async (dir: string) => {
    await writeFile(path.join(dir, 'first.txt'), label);
    reached?.();
    await halfway;
    await writeFile(path.join(dir, 'second.txt'), label);
  };
}

describe('writeDirectoryAtomically', () => {
  it('the folder is absent while it is written, and complete once the call resolves', async () => {
    const target = path.join(scratch(), 'assembly');
    const halfway = gate();
    const reached = gate();
    const writing = writeDirectoryAtomically(target, twoFiles('a', halfway.wait, reached.open));
    await reached.wait;
    expect(existsSync(target)).toBe(false);
    halfway.open();
    await expect(writing).resolves.toBe(true);
    expect(readdirSync(target).sort()).toEqual(['first.txt', 'second.txt']);
  });

  it('two writers at once both succeed; the folder holds one whole set of files and no temporary folder is left', async () => {
    const parent = scratch();
    const target = path.join(parent, 'assembly');
    // Both get halfway before either finishes.
    const both = gate();
    let halfway = 0;
    const reached = () => {
      if (++halfway === 2) both.open();
    };
    const [a, b] = await Promise.all([writeDirectoryAtomically(target, twoFiles('a', both.wait, reached)), writeDirectoryAtomically(target, twoFiles('b', both.wait, reached))]);
    // One placed its folder, the other found it placed and kept it.
    expect([a, b].sort()).toEqual([false, true]);
    const winner = a ? 'a' : 'b';
    expect(readFileSync(path.join(target, 'first.txt'), 'utf8')).toBe(winner);
    expect(readFileSync(path.join(target, 'second.txt'), 'utf8')).toBe(winner);
    expect(readdirSync(parent)).toEqual(['assembly']);
  });

  it('keeps a folder already there, unless asked to replace it', async () => {
    const parent = scratch();
    const target = path.join(parent, 'assembly');
    mkdirSync(target);
    writeFileSync(path.join(target, 'old.txt'), 'old');
    const write = async (dir: string) => writeFile(path.join(dir, 'new.txt'), 'new');

    await expect(writeDirectoryAtomically(target, write)).resolves.toBe(false);
    expect(readdirSync(target)).toEqual(['old.txt']);

    await expect(writeDirectoryAtomically(target, write, { replace: true })).resolves.toBe(true);
    expect(readdirSync(target)).toEqual(['new.txt']);
    expect(readdirSync(parent)).toEqual(['assembly']);
  });

  it('asks a replace predicate about the folder it finds: an incomplete one is replaced, a complete one kept', async () => {
    const parent = scratch();
    const target = path.join(parent, 'assembly');
    const write = async (dir: string) => writeFile(path.join(dir, 'manifest.json'), 'new');
    const incomplete = (dir: string) => !existsSync(path.join(dir, 'manifest.json'));
    mkdirSync(target);
    writeFileSync(path.join(target, 'asset.txt'), 'a crash left this');
    await expect(writeDirectoryAtomically(target, write, { replace: incomplete })).resolves.toBe(true);
    expect(readdirSync(target)).toEqual(['manifest.json']);

    writeFileSync(path.join(target, 'manifest.json'), 'complete');
    await expect(writeDirectoryAtomically(target, write, { replace: incomplete })).resolves.toBe(false);
    expect(readFileSync(path.join(target, 'manifest.json'), 'utf8')).toBe('complete');
    expect(readdirSync(parent)).toEqual(['assembly']);
  });

  it('removeDirectory takes the folder away whole, and a folder already gone is no error', async () => {
    const parent = scratch();
    const target = path.join(parent, 'assembly');
    mkdirSync(path.join(target, 'asset'), { recursive: true });
    writeFileSync(path.join(target, 'asset', 'index.js'), '');
    await removeDirectory(target);
    expect(readdirSync(parent)).toEqual([]);
    await expect(removeDirectory(target)).resolves.toBeUndefined();
  });

  it('a failed write places nothing and leaves no temporary folder', async () => {
    const parent = scratch();
    const target = path.join(parent, 'assembly');
    const failing = async (dir: string) => {
      await writeFile(path.join(dir, 'first.txt'), 'partial');
      throw new Error('synth failed');
    };
    await expect(writeDirectoryAtomically(target, failing)).rejects.toThrow('synth failed');
    expect(readdirSync(parent)).toEqual([]);
  });
});
