/**
 * The explorer's bundle cache: built once into `<cacheDir>/<hash>/`, then served from there by
 * later servers without building (what keeps `npm start` instant), and older builds removed.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExplorerBundle } from '../../../src/explorer/explorer-bundle.js';

const cacheDir = mkdtempSync(path.join(tmpdir(), 'explorer-bundle-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('the explorer bundle', () => {
  it('is built once, then loaded from the cache by the next server; older builds are removed', async () => {
    mkdirSync(path.join(cacheDir, '0000000000000000'));
    writeFileSync(path.join(cacheDir, '0000000000000000', 'explorer.js'), 'stale');

    const built = await new ExplorerBundle({ cacheDir }).assets();
    expect(built.builtInMs).toBeGreaterThan(0);
    expect([...built.files.keys()].sort()).toEqual(['explorer.css', 'explorer.js']);
    expect(built.files.get('explorer.js')!.contentType).toBe('text/javascript; charset=utf-8');
    // One script with everything in it: nothing loaded later, nothing of Node's.
    expect(built.files.get('explorer.js')!.body.toString('utf8')).not.toMatch(/\bimport\s*\(|require\(["']node:/);
    expect(readdirSync(cacheDir)).toEqual([built.hash]);

    const cached = await new ExplorerBundle({ cacheDir }).assets();
    expect(cached.builtInMs).toBeUndefined();
    expect(cached.hash).toBe(built.hash);
    expect(cached.files.get('explorer.js')!.body.equals(built.files.get('explorer.js')!.body)).toBe(true);
  }, 60_000);
});
