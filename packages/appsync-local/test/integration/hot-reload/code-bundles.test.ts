/**
 * Where a deployed APPSYNC_JS bundle came from, read from its inline source map, and rebuilding
 * it from its entry: on a real bundle of the CDK fixture app's resolver, made the way that app
 * makes it, and on the code its synthesized template carries.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleAppSyncJs } from '../../../src/appsync-js-build.js';
import { TemplateResolver } from '../../../src/cloud-assembly/intrinsics.js';
import { LOCAL_ACCOUNT_ID } from '../../../src/cloud-assembly/local-resources.js';
import { loadStackArtifact } from '../../../src/cloud-assembly/stack-artifact.js';
import { readApiDefinition } from '../../../src/graphql/api-definition.js';
import { bundleSources, rebundle } from '../../../src/hot-reload/code-bundles.js';
import { CDK_NOTES_APP as ROOT, cdkNotesAssembly as testAssemblyDir } from '../../helpers/fixture-apps.js';

const ENTRY = path.join(ROOT, 'resolvers', 'Mutation.addNote.js');
const bundle = await bundleAppSyncJs(ENTRY, ROOT);

const withMap = (map: unknown) => `export function request() {}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;

/** The code of every resolver and function in the fixture app's synthesized template. */
function deployedCode(): { label: string; text: string }[] {
  const artifact = loadStackArtifact(testAssemblyDir());
  const definition = readApiDefinition(
    artifact,
    new TemplateResolver(artifact.template, {
      region: 'us-east-1',
      accountId: LOCAL_ACCOUNT_ID,
      stackName: artifact.stackName,
      graphqlUrl: 'http://localhost:1/graphql',
      realtimeUrl: 'ws://localhost:1/graphql/realtime',
      apiKey: 'k',
    }),
  );
  return [
    ...definition.resolvers.map((r) => ({ label: `${r.typeName}.${r.fieldName}`, text: r.code?.text ?? '' })),
    ...[...definition.functions.values()].map((f) => ({ label: `function ${f.name}`, text: f.code?.text ?? '' })),
  ];
}

describe('bundleSources', () => {
  it('lists the absolute paths of the files in the bundle, the entry among them', () => {
    const sources = bundleSources(bundle, ROOT)!;
    expect(sources).toContain(ENTRY);
    expect(sources).toContain(path.join(ROOT, 'resolvers', 'lib', 'text.js'));
    expect(sources.every((s) => path.isAbsolute(s) && s.startsWith(path.join(ROOT, 'resolvers')))).toBe(true);
    expect(new Set(sources).size).toBe(sources.length);
  });

  it('resolves the sources against the project folder given', () => {
    expect(bundleSources(withMap({ version: 3, sources: ['a/lib.ts', 'a/entry.ts'], mappings: '' }), '/proj')).toEqual([path.resolve('/proj', 'a/lib.ts'), path.resolve('/proj', 'a/entry.ts')]);
  });

  it.each([
    ['code without a source map', 'export function request() {}\n'],
    ['a source map that is not JSON', 'export function request() {}\n//# sourceMappingURL=data:application/json;base64,bm90IGpzb24=\n'],
    ['a source map without sources', withMap({ version: 3, mappings: '' })],
    ['a source map linked by URL', 'export function request() {}\n//# sourceMappingURL=code.js.map\n'],
  ])('is undefined for %s', (_what, text) => {
    expect(bundleSources(text, ROOT)).toBeUndefined();
  });
});

describe('rebundle', () => {
  it('reproduces the bundle byte for byte from its entry, and from no other of its sources', async () => {
    expect(await rebundle(ROOT, ENTRY)).toBe(bundle);
    for (const source of bundleSources(bundle, ROOT)!.filter((s) => s !== ENTRY)) {
      expect(await rebundle(ROOT, source), source).not.toBe(bundle);
    }
  });

  it('reproduces every resolver and function the synthesized template carries from one of its sources (so hot reload covers all code)', async () => {
    const code = deployedCode();
    expect(code.length).toBeGreaterThan(0);
    const unreproducible: string[] = [];
    for (const { label, text } of code) {
      const rebuilt = await Promise.all((bundleSources(text, ROOT) ?? []).map((source) => rebundle(ROOT, source).catch(() => undefined)));
      if (!rebuilt.includes(text)) unreproducible.push(label);
    }
    expect(unreproducible).toEqual([]);
  });

  it('reproduces the Mutation.addNote code of the template from resolvers/Mutation.addNote.js', async () => {
    const deployed = deployedCode().find((c) => c.label === 'Mutation.addNote')!.text;
    expect(bundleSources(deployed, ROOT)).toContain(ENTRY);
    expect(await rebundle(ROOT, ENTRY)).toBe(deployed);
  });

  it('fails for an entry that does not build', async () => {
    await expect(rebundle(ROOT, path.join(ROOT, 'resolvers', 'no-such-file.ts'))).rejects.toThrow();
  });
});
