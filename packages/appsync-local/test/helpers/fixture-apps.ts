/** The fixture apps the tool's tests serve: neither is this repository's product. */
import path from 'node:path';
import { inject } from 'vitest';

/** The notes app as a plain CloudFormation template in YAML, code inline. */
export const NOTES_TEMPLATE = path.resolve(import.meta.dirname, '..', 'fixtures', 'apps', 'notes.yaml');

/** The notes app as a CDK app (test/fixtures/apps/cdk-notes). */
export const CDK_NOTES_APP = path.resolve(import.meta.dirname, '..', 'fixtures', 'apps', 'cdk-notes');

/** The CDK notes app's cloud assembly, synthesized once per test run (test/setup/cloud-assembly.ts). */
export function cdkNotesAssembly(): string {
  return inject('assemblyDir');
}

/** A state folder (`stateDir`) holding that assembly as `cdk.out`, so serving CDK_NOTES_APP from it needs no synth. */
export function cdkNotesStateDir(): string {
  return inject('cdkNotesStateDir');
}

/** A CDK app with all five auth modes at once (test/fixtures/apps/cdk-all-modes). */
export const CDK_ALL_MODES_APP = path.resolve(import.meta.dirname, '..', 'fixtures', 'apps', 'cdk-all-modes');

/** An API with all five auth modes (user pools the default), as a plain template with inline code. */
export const ALL_MODES_TEMPLATE = path.resolve(import.meta.dirname, '..', 'fixtures', 'apps', 'all-modes.yaml');
