/**
 * The CDK fixture app (test/fixtures/apps/cdk-notes) synthesized once per test run, and reused
 * across runs while its inputs are unchanged (as `appsync-local start` does), for the tests that
 * read or serve a real cloud assembly.
 */
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { synthesizeIfChanged } from '../../src/cloud-assembly/synth.js';

declare module 'vitest' {
  export interface ProvidedContext {
    assemblyDir: string;
    /** A state folder whose `cdk.out` holds that assembly: a LocalAppSync serving the project from it finds it up to date. */
    cdkNotesStateDir: string;
  }
}

const CDK_NOTES_APP = path.resolve(import.meta.dirname, '..', 'fixtures', 'apps', 'cdk-notes');

export default async function setup(project: TestProject): Promise<void> {
  const packageDir = path.resolve(import.meta.dirname, '..', '..');
  const stateDir = path.join(packageDir, '.local', 'test-cdk-notes');
  const { outDir } = await synthesizeIfChanged({ projectDir: CDK_NOTES_APP, outDir: path.join(stateDir, 'cdk.out') });
  project.provide('assemblyDir', outDir);
  project.provide('cdkNotesStateDir', stateDir);
}
