/**
 * A source that cannot be served fails at once with one line saying what is wrong with it (a
 * missing folder, a folder that is not a CDK app, a folder that is not an assembly), not with an
 * error from inside the synth or the assembly reader; several stacks with an API ask for the
 * stack option by the names the harness and the CLI give it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkAppSource } from '../../../src/cloud-assembly/app-source.js';
import { loadStackArtifact } from '../../../src/cloud-assembly/stack-artifact.js';
import { startLocalAppSync } from '../../../src/testing/harness.js';
import { writeAssembly } from '../../helpers/assembly-writer.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'app-source-'));
  dirs.push(dir);
  return dir;
}

const API = { Api: { Type: 'AWS::AppSync::GraphQLApi', Properties: { Name: 'api', AuthenticationType: 'API_KEY' } } };

describe('checkAppSource', () => {
  it('refuses a project folder that does not exist, a file, and a folder without cdk.json', () => {
    const dir = scratch();
    const missing = path.join(dir, 'nowhere');
    expect(() => checkAppSource({ project: missing })).toThrow(`project folder ${missing} does not exist`);
    writeFileSync(path.join(dir, 'file.txt'), '');
    expect(() => checkAppSource({ project: path.join(dir, 'file.txt') })).toThrow(`project ${path.join(dir, 'file.txt')} is not a folder`);
    expect(() => checkAppSource({ project: dir })).toThrow(`project folder ${dir} has no cdk.json, so it is not a CDK app`);
    writeFileSync(path.join(dir, 'cdk.json'), '{}');
    expect(() => checkAppSource({ project: dir })).not.toThrow();
  });

  it('refuses an assembly folder that does not exist or has no manifest, and a template that is not there', () => {
    const dir = scratch();
    expect(() => checkAppSource({ assembly: path.join(dir, 'cdk.out') })).toThrow(`cloud assembly ${path.join(dir, 'cdk.out')} does not exist`);
    expect(() => checkAppSource({ assembly: dir })).toThrow(`${dir} is not a cloud assembly (no manifest.json)`);
    writeAssembly(dir, { stackName: 'One', template: { Resources: API } });
    expect(() => checkAppSource({ assembly: dir })).not.toThrow();

    expect(() => checkAppSource({ template: path.join(dir, 'api.yaml') })).toThrow(`template ${path.join(dir, 'api.yaml')} does not exist`);
    expect(() => checkAppSource({ template: dir })).toThrow(`template ${dir} is not a file`);
  });
});

describe('startLocalAppSync', () => {
  it('rejects a missing project with one line naming the folder, before starting anything', async () => {
    const missing = path.join(scratch(), 'no-such-app');
    const error = await startLocalAppSync({ project: missing }).catch((err: unknown) => err as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(`startLocalAppSync: project folder ${missing} does not exist`);
    expect((error as Error).name).toBe('AppSourceError');
  });

  it('rejects a folder that is not a CDK app', async () => {
    const dir = scratch();
    mkdirSync(path.join(dir, 'src'));
    await expect(startLocalAppSync({ project: dir })).rejects.toThrow(`startLocalAppSync: project folder ${dir} has no cdk.json, so it is not a CDK app`);
  });
});

describe('several stacks with an API', () => {
  it('the error names the stack option of the harness and of the CLI', () => {
    const dir = scratch();
    writeAssembly(dir, { stackName: 'One', template: { Resources: API } });
    // A second stack beside the first, in the same manifest.
    const manifestFile = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { artifacts: Record<string, unknown> };
    writeFileSync(path.join(dir, 'Two.template.json'), JSON.stringify({ Resources: API }));
    manifest.artifacts['Two'] = { type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region', properties: { templateFile: 'Two.template.json' } };
    writeFileSync(manifestFile, JSON.stringify(manifest));

    // The reader lists the stacks in its own order.
    expect(() => loadStackArtifact(dir)).toThrow(
      /^several stacks have an AppSync GraphQL API \((One, Two|Two, One)\); name one with the stack option \(startLocalAppSync\) or --stack \(appsync-local start, or LOCAL_STACK\)$/,
    );
    expect(loadStackArtifact(dir, 'Two').stackName).toBe('Two');
  });
});
