/**
 * Two processes synthesizing one project at once (parallel test suites on one CDK app): both get
 * a complete assembly. The CDK CLI here is a stand-in that behaves as the real one does when its
 * output folder is shared: it takes a lock on that folder and fails when another CLI holds it
 * ("Another CLI is currently synthing to cdk.out"). The two stand-ins wait for each other before
 * taking the lock, so the synths always overlap.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { synthesizeIfChanged } from '../../../src/cloud-assembly/synth.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Waits until `expected` CLIs have started (marker files in the project), then writes the assembly under an exclusive lock. */
const FAKE_CDK = `
const fs = require('node:fs');
const path = require('node:path');
const out = process.argv[process.argv.indexOf('--output') + 1];
const project = process.cwd();
const expected = Number(fs.readFileSync(path.join(project, 'expected-synths'), 'utf8'));
fs.mkdirSync(path.join(project, 'started'), { recursive: true });
fs.writeFileSync(path.join(project, 'started', String(process.pid)), '');
const started = () => fs.readdirSync(path.join(project, 'started')).length >= expected;
const synth = () => {
  fs.mkdirSync(out, { recursive: true });
  try {
    fs.writeFileSync(path.join(out, 'synth.lock'), String(process.pid), { flag: 'wx' });
  } catch {
    console.error('Another CLI is currently synthing to ' + out);
    process.exit(1);
  }
  fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ version: 'fake', input: fs.readFileSync(path.join(project, 'input.txt'), 'utf8') }));
  fs.rmSync(path.join(out, 'synth.lock'));
};
if (started()) synth();
else {
  const watcher = fs.watch(path.join(project, 'started'), () => {
    if (!started()) return;
    watcher.close();
    synth();
  });
  if (started()) { watcher.close(); synth(); }
}
`;

function fakeProject(expectedSynths: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'synth-race-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'node_modules', 'aws-cdk', 'bin'), { recursive: true });
  writeFileSync(path.join(dir, 'node_modules', 'aws-cdk', 'package.json'), JSON.stringify({ name: 'aws-cdk', version: '0.0.0' }));
  writeFileSync(path.join(dir, 'node_modules', 'aws-cdk', 'bin', 'cdk'), FAKE_CDK);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'fake-app', private: true }));
  writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: 'unused', watch: { include: ['input.txt'] } }));
  writeFileSync(path.join(dir, 'input.txt'), 'one');
  writeFileSync(path.join(dir, 'expected-synths'), String(expectedSynths));
  return dir;
}

const manifestOf = (assembly: string) => JSON.parse(readFileSync(path.join(assembly, 'manifest.json'), 'utf8')) as { input: string };

describe('synthesizeIfChanged', () => {
  it('two synths of one project into one state folder at once both succeed with the same, complete assembly', async () => {
    const project = fakeProject(2);
    const outDir = path.join(project, '.local', 'cdk.out');
    const [a, b] = await Promise.all([synthesizeIfChanged({ projectDir: project, outDir }), synthesizeIfChanged({ projectDir: project, outDir })]);

    expect(a.fromCache).toBe(false);
    expect(b.fromCache).toBe(false);
    expect(b.outDir).toBe(a.outDir);
    expect(manifestOf(a.outDir)).toEqual({ version: 'fake', input: 'one' });
    // The loser's folder is gone; only the placed assembly is left.
    expect(readdirSync(outDir)).toEqual([path.basename(a.outDir)]);
    expect(existsSync(path.join(a.outDir, 'synth.lock'))).toBe(false);
  });

  it('reuses the assembly while the inputs are unchanged, and puts changed inputs in a folder of their own', async () => {
    const project = fakeProject(1);
    const outDir = path.join(project, '.local', 'cdk.out');
    // What an earlier version left: the assembly in the folder itself, with its inputs' hash beside it.
    mkdirSync(path.join(outDir, 'asset.1234'), { recursive: true });
    writeFileSync(path.join(outDir, 'manifest.json'), '{}');
    writeFileSync(path.join(outDir, 'local-synth-inputs.sha256'), 'old');
    const first = await synthesizeIfChanged({ projectDir: project, outDir });
    expect(readdirSync(outDir)).toEqual([path.basename(first.outDir)]);
    const again = await synthesizeIfChanged({ projectDir: project, outDir });
    expect(again).toMatchObject({ fromCache: true, outDir: first.outDir });

    writeFileSync(path.join(project, 'input.txt'), 'two');
    const changed = await synthesizeIfChanged({ projectDir: project, outDir });
    expect(changed.fromCache).toBe(false);
    expect(changed.outDir).not.toBe(first.outDir);
    expect(manifestOf(changed.outDir).input).toBe('two');
    // A server started from the first inputs may still be running their assets.
    expect(manifestOf(first.outDir).input).toBe('one');
  });

  it('keeps the newest few assemblies, sparing one a live process serves; the current one carries only this process’s marker', async () => {
    const project = fakeProject(1);
    const outDir = path.join(project, '.local', 'cdk.out');
    const synth = async (input: string) => {
      writeFileSync(path.join(project, 'input.txt'), input);
      return (await synthesizeIfChanged({ projectDir: project, outDir })).outDir;
    };
    const served = await synth('served elsewhere');
    // Another server (a live process: this one's parent) runs the first assembly's assets.
    writeFileSync(path.join(served, `in-use.${process.ppid}`), '');
    const abandoned = await synth('abandoned');
    // Marked by a process that has died since: no reason to keep it.
    writeFileSync(path.join(abandoned, 'in-use.2147483646'), '');
    const later = [await synth('three'), await synth('four'), await synth('five')];

    expect(readdirSync(outDir).sort()).toEqual([served, ...later].map((dir) => path.basename(dir)).sort());
    expect(readdirSync(served).filter((name) => name.startsWith('in-use.'))).toEqual([`in-use.${process.ppid}`]);
    expect(readdirSync(later[2]!).filter((name) => name.startsWith('in-use.'))).toEqual([`in-use.${process.pid}`]);
    for (const dir of later.slice(0, 2)) expect(readdirSync(dir).filter((name) => name.startsWith('in-use.'))).toEqual([]);
  });
});
