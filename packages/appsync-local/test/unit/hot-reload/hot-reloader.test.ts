/**
 * The folders hot reload watches for cdk.json's include globs: each pattern's fixed part before
 * its first glob character, a file's folder for a pattern naming one file, nested roots merged.
 */
import { describe, expect, it } from 'vitest';
import { watchedInputs } from '../../../src/cloud-assembly/synth.js';
import { watchRoots } from '../../../src/hot-reload/hot-reloader.js';
import { CDK_NOTES_APP } from '../../helpers/fixture-apps.js';

describe('watchRoots', () => {
  it.each([
    [
      ['infra/**', 'resolvers/**', 'functions/**', 'schema/**'],
      ['infra', 'resolvers', 'functions', 'schema'],
    ],
    [['resolvers/**/*.ts'], ['resolvers']],
    [['resolvers/lib/*.ts', 'resolvers/**'], ['resolvers']],
    [
      ['resolvers/**', 'resolvers-extra/**'],
      ['resolvers', 'resolvers-extra'],
    ],
    [['infra/app.ts'], ['infra']],
    [['infra/constructs/tables.ts', 'infra/**'], ['infra']],
    [['src/{a,b}/*.ts'], ['src']],
    [['src/[ab]/x.ts'], ['src']],
    [['src/?/x.ts'], ['src']],
    [['res*/x.ts'], ['.']],
    [['**'], ['.']],
    [['cdk.json'], ['.']],
    [['**', 'resolvers/**'], ['.']],
    [['infra/**', 'infra/**'], ['infra']],
  ])('%j → %j', (include, roots) => {
    expect(watchRoots(include)).toEqual(roots);
  });

  it("watches the folders a CDK app's cdk.json names (one file at the top: the whole folder)", async () => {
    const { include, exclude } = await watchedInputs(CDK_NOTES_APP);
    expect(include).toEqual(['app.mjs', 'schema.graphql', 'resolvers/**', 'functions/**']);
    expect(exclude).toEqual([]);
    expect(watchRoots(include)).toEqual(['.']);
  });
});
