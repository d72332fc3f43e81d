/**
 * The product as the end-to-end tests serve it: the cloud assembly the test run synthesized once
 * (test/setup/cloud-assembly.ts), for `startLocalAppSync({ assembly: testAssemblyDir() })`, and
 * what those tests need to know of its template.
 */
import { inject } from 'vitest';
import type { LocalAppSyncHarness } from 'appsync-local/testing';

/** The cloud assembly the test run synthesized once. */
export function testAssemblyDir(): string {
  return inject('assemblyDir');
}

/**
 * The logical id of the users-and-orders table (infra/ names it Data/Table; CDK adds a hash), for
 * `api.seed` and `api.scan`. Exactly one: a second one would make every table assertion ambiguous.
 */
export function dataTable(api: LocalAppSyncHarness): string {
  const ids = Object.keys(api.tables).filter((logicalId) => logicalId.startsWith('DataTable'));
  if (ids.length !== 1) throw new Error(`expected one data table, got ${JSON.stringify(api.tables)}`);
  return ids[0]!;
}
