/**
 * The project's cloud assembly, synthesized once per test run (and reused across runs while the
 * inputs are unchanged, as `npm start` does) for the tests that serve it locally.
 */
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { synthesizeIfChanged } from 'appsync-local';

declare module 'vitest' {
  export interface ProvidedContext {
    assemblyDir: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const { outDir } = await synthesizeIfChanged({ projectDir: root, outDir: path.join(root, '.local', 'test-cdk.out') });
  project.provide('assemblyDir', outDir);
}
