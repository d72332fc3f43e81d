/**
 * Reading the stack to run from a cloud assembly, and leading the template's S3 object keys back
 * to the asset files: on the CDK fixture app's assembly (synthesized once per run) and on small
 * apps synthesized here, one of them with its stack inside a Stage (a nested assembly).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, CfnResource, Stack, Stage } from 'aws-cdk-lib';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { afterAll, describe, expect, it } from 'vitest';
import { assetFolder, loadStackArtifact, objectKeyOf } from '../../../src/cloud-assembly/stack-artifact.js';
import { cdkNotesAssembly as testAssemblyDir } from '../../helpers/fixture-apps.js';

const temporary: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** An app with one GraphQL API stack (inside a Stage when `stage` is given) and a folder asset and a file asset. */
function synthesize(options: { stage?: string; stacks?: string[] } = {}) {
  const outdir = tempDir('stack-artifact-');
  const source = tempDir('stack-artifact-src-');
  mkdirSync(path.join(source, 'fn'));
  writeFileSync(path.join(source, 'fn', 'index.mjs'), 'export const handler = async () => 1;\n');
  writeFileSync(path.join(source, 'code.js'), 'export function request() { return {}; }\n');
  const app = new App({ outdir });
  const scope = options.stage ? new Stage(app, options.stage) : app;
  const keys: { folder: string; file: string } = { folder: '', file: '' };
  for (const [i, name] of (options.stacks ?? ['Api']).entries()) {
    const stack = new Stack(scope, name, { env: { account: '111111111111', region: 'eu-west-1' } });
    new CfnResource(stack, 'Api', { type: 'AWS::AppSync::GraphQLApi', properties: { Name: name, AuthenticationType: 'API_KEY' } });
    if (i > 0) continue;
    keys.folder = new Asset(stack, 'Folder', { path: path.join(source, 'fn') }).s3ObjectKey;
    keys.file = new Asset(stack, 'File', { path: path.join(source, 'code.js') }).s3ObjectKey;
  }
  app.synth();
  return { outdir, keys };
}

describe("loadStackArtifact on the CDK fixture app's assembly", () => {
  const artifact = loadStackArtifact(testAssemblyDir());
  const manifest = JSON.parse(readFileSync(path.join(testAssemblyDir(), `${artifact.stackName}.assets.json`), 'utf8')) as {
    files: Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }>;
  };

  it('finds the one stack with a GraphQL API', () => {
    expect(artifact.stackName).toBe('CdkNotes');
    expect(Object.values(artifact.template.Resources).filter((r) => r.Type === 'AWS::AppSync::GraphQLApi')).toHaveLength(1);
  });

  it('finds it by name too', () => {
    expect(loadStackArtifact(testAssemblyDir(), 'CdkNotes').stackName).toBe('CdkNotes');
  });

  it('leads every object key of the asset manifest to its file in the assembly', () => {
    const files = Object.values(manifest.files);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      for (const destination of Object.values(file.destinations)) {
        expect(artifact.assetPath(destination.objectKey)).toBe(path.resolve(testAssemblyDir(), file.source.path));
      }
    }
    expect(artifact.assetPath('no-such-asset.zip')).toBeUndefined();
  });

  it('assetFolder gives the folder of a Lambda code asset, and refuses a file asset or an unknown key', () => {
    const lambdaKeys = Object.values(artifact.template.Resources)
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .map((r) => (r.Properties?.['Code'] as { S3Key: string }).S3Key);
    expect(lambdaKeys.length).toBeGreaterThan(0);
    for (const key of lambdaKeys) expect(statSync(assetFolder(artifact, key, 'function f')).isDirectory()).toBe(true);

    const templateKey = Object.values(manifest.files).find((f) => f.source.path.endsWith('.template.json'))!.destinations;
    const fileKey = Object.values(templateKey)[0]!.objectKey;
    expect(() => assetFolder(artifact, fileKey, 'function f')).toThrow(/^function f: its code asset is a packaged file \(CdkNotes\.template\.json\); only folder assets run locally$/);
    expect(() => assetFolder(artifact, 'missing.zip', 'function f')).toThrow('function f: its code asset missing.zip is not in the cloud assembly');
  });

  it('names the stacks there are when the one asked for is not among them', () => {
    expect(() => loadStackArtifact(testAssemblyDir(), 'Nope')).toThrow('the cloud assembly has no stack Nope (stacks: CdkNotes)');
  });
});

describe('loadStackArtifact on synthesized apps', () => {
  it('finds the assets of a stack at the top of the assembly', () => {
    const { outdir, keys } = synthesize();
    const artifact = loadStackArtifact(outdir);
    expect(existsSync(artifact.assetPath(keys.folder)!)).toBe(true);
    expect(readFileSync(path.join(assetFolder(artifact, keys.folder, 'fn'), 'index.mjs'), 'utf8')).toContain('handler');
    expect(readFileSync(artifact.assetPath(keys.file)!, 'utf8')).toContain('export function request');
  });

  it('finds the assets of a stack inside a Stage, relative to its nested assembly', () => {
    const { outdir, keys } = synthesize({ stage: 'Beta' });
    const artifact = loadStackArtifact(outdir);
    expect(artifact.stackName).toBe('Beta-Api');
    expect(readFileSync(path.join(assetFolder(artifact, keys.folder, 'fn'), 'index.mjs'), 'utf8')).toContain('handler');
    expect(readFileSync(artifact.assetPath(keys.file)!, 'utf8')).toContain('export function request');
  });

  it('asks for a stack name when several stacks have a GraphQL API', () => {
    const { outdir } = synthesize({ stacks: ['One', 'Two'] });
    expect(() => loadStackArtifact(outdir)).toThrow(
      'several stacks have an AppSync GraphQL API (One, Two); name one with the stack option (startLocalAppSync) or --stack (appsync-local start, or LOCAL_STACK)',
    );
    expect(loadStackArtifact(outdir, 'Two').stackName).toBe('Two');
  });

  it('says so when no stack has a GraphQL API', () => {
    const outdir = tempDir('stack-artifact-empty-');
    const app = new App({ outdir });
    new CfnResource(new Stack(app, 'Plain'), 'Topic', { type: 'AWS::SNS::Topic' });
    app.synth();
    expect(() => loadStackArtifact(outdir)).toThrow('no stack in the cloud assembly has an AppSync GraphQL API (stacks: Plain)');
  });
});

describe('objectKeyOf', () => {
  it.each([
    ['s3://cdk-hnb659fds-assets-000000000000-us-east-1/abc123.js', 'abc123.js'],
    ['s3://bucket/folder/deeper/code.js', 'folder/deeper/code.js'],
  ])('%s → %s', (uri, key) => {
    expect(objectKeyOf(uri)).toBe(key);
  });

  it.each(['https://bucket.s3.amazonaws.com/key.js', 's3://bucket-only', 's3://bucket/', 'abc123.js'])('refuses %s', (uri) => {
    expect(() => objectKeyOf(uri)).toThrow(`not an S3 location: ${uri}`);
  });
});
