/**
 * The Lambda functions a template declares, with what the local runner needs: on the CDK fixture
 * app's assembly (asset folders, resolved environment) and on small synthetic templates for
 * what cannot run locally.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TemplateResolver } from '../../../src/cloud-assembly/intrinsics.js';
import { LOCAL_ACCOUNT_ID, type LocalEnvironment } from '../../../src/cloud-assembly/local-resources.js';
import { loadStackArtifact, type StackArtifact } from '../../../src/cloud-assembly/stack-artifact.js';
import { resourcesOfType, type CfnTemplate } from '../../../src/cloud-assembly/template.js';
import { readApiDefinition } from '../../../src/graphql/api-definition.js';
import { readLambdaFunctions } from '../../../src/lambda/function-definitions.js';
import { cdkNotesAssembly as testAssemblyDir } from '../../helpers/fixture-apps.js';

const GRAPHQL_URL = 'http://localhost:4777/graphql';
const env = (stackName: string): LocalEnvironment => ({
  region: 'eu-central-1',
  accountId: LOCAL_ACCOUNT_ID,
  stackName,
  graphqlUrl: GRAPHQL_URL,
  realtimeUrl: 'ws://localhost:4777/graphql/realtime',
  apiKey: 'da2-local',
});

describe("readLambdaFunctions on the CDK fixture app's assembly", () => {
  const artifact = loadStackArtifact(testAssemblyDir());
  const resolver = new TemplateResolver(artifact.template, env(artifact.stackName));
  const functions = readLambdaFunctions(artifact, resolver);
  const resources = resourcesOfType(artifact.template, 'AWS::Lambda::Function');
  const tableNames = new Set(resourcesOfType(artifact.template, 'AWS::DynamoDB::Table').map((t) => resolver.resources.ref(t.logicalId)));

  it('reads every function of the template', () => {
    expect(functions.map((f) => f.logicalId).sort()).toEqual(resources.map((r) => r.logicalId).sort());
    expect(functions.length).toBeGreaterThan(0);
  });

  it('finds each asset folder in the assembly, with the handler file in it', () => {
    for (const fn of functions) {
      expect('dir' in fn.code, fn.logicalId).toBe(true);
      const dir = (fn.code as { dir: string }).dir;
      expect(dir.startsWith(path.resolve(testAssemblyDir())), fn.logicalId).toBe(true);
      const module = fn.handler.slice(0, fn.handler.lastIndexOf('.'));
      expect(
        ['.mjs', '.js', '.cjs'].some((ext) => existsSync(path.join(dir, `${module}${ext}`))),
        `${fn.logicalId}: ${module}.* in ${dir}`,
      ).toBe(true);
    }
  });

  it('takes name, ARN, runtime, timeout and memory from the template', () => {
    for (const fn of functions) {
      const p = resources.find((r) => r.logicalId === fn.logicalId)!.Properties!;
      expect(fn.name).toBe(`${artifact.stackName}-${fn.logicalId}`);
      expect(fn.arn).toBe(`arn:aws:lambda:eu-central-1:${LOCAL_ACCOUNT_ID}:function:${fn.name}`);
      expect(fn.runtime).toBe(p['Runtime']);
      expect(fn.timeoutMs).toBe(Number(p['Timeout'] ?? 3) * 1000);
      expect(fn.memoryMb).toBe(Number(p['MemorySize'] ?? 128));
    }
  });

  it('resolves environment variables to local values: table names, topic ARN, the local GraphQL URL', () => {
    const summary = functions.find((f) => f.logicalId.startsWith('SummaryFunction'))!;
    const noteEvents = functions.find((f) => f.logicalId.startsWith('NoteEventsFunction'))!;
    expect(tableNames.has(summary.environment['TABLE_NAME']!)).toBe(true);
    expect(noteEvents.environment['GRAPHQL_URL']).toBe(GRAPHQL_URL);
    expect(noteEvents.environment['TOPIC_ARN']).toMatch(new RegExp(`^arn:aws:sns:eu-central-1:${LOCAL_ACCOUNT_ID}:${artifact.stackName}-NoteEvents`));
    for (const fn of functions) {
      for (const value of Object.values(fn.environment)) expect(typeof value).toBe('string');
    }
  });

  it('names the data source function by the same ARN the API definition holds', () => {
    const definition = readApiDefinition(artifact, resolver);
    const arns = [...definition.dataSources.values()].flatMap((d) => ('functionArn' in d ? [d.functionArn] : []));
    expect(arns.length).toBeGreaterThan(0);
    for (const arn of arns) expect(functions.map((f) => f.arn)).toContain(arn);
  });
});

// ---------------------------------------------------------------------------------------------

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('readLambdaFunctions on a synthetic template', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'function-definitions-'));
  temporary.push(dir);
  mkdirSync(path.join(dir, 'folder'));
  writeFileSync(path.join(dir, 'folder', 'index.mjs'), 'export const handler = async () => 1;\n');
  writeFileSync(path.join(dir, 'packaged.zip'), 'PK');
  const assets: Record<string, string> = { 'folder.zip': path.join(dir, 'folder'), 'packaged.zip': path.join(dir, 'packaged.zip') };

  const fn = (properties: Record<string, unknown>) => ({ Type: 'AWS::Lambda::Function', Properties: properties });
  const template: CfnTemplate = {
    Resources: {
      Defaults: fn({ Runtime: 'nodejs22.x', Code: { S3Bucket: 'b', S3Key: 'folder.zip' } }),
      Named: fn({
        FunctionName: 'my-fn',
        Runtime: 'nodejs20.x',
        Handler: 'src/app.main',
        Timeout: 30,
        MemorySize: 1024,
        Code: { S3Bucket: 'b', S3Key: { 'Fn::Join': ['', ['folder', '.zip']] } },
        Environment: { Variables: { REGION: { Ref: 'AWS::Region' }, N: 5 } },
      }),
      Image: fn({ PackageType: 'Image', Code: { ImageUri: 'x' } }),
      Python: fn({ Runtime: 'python3.12', Code: { S3Bucket: 'b', S3Key: 'folder.zip' } }),
      Inline: fn({ Runtime: 'nodejs22.x', Code: { ZipFile: 'exports.handler = 1' } }),
      NoKey: fn({ Runtime: 'nodejs22.x', Code: { S3Bucket: 'b' } }),
      Packaged: fn({ Runtime: 'nodejs22.x', Code: { S3Bucket: 'b', S3Key: 'packaged.zip' } }),
      Missing: fn({ Runtime: 'nodejs22.x', Code: { S3Bucket: 'b', S3Key: 'gone.zip' } }),
    },
  };
  const artifact: StackArtifact = { stackName: 'Synth', template, assetPath: (key) => assets[key] };
  const byId = Object.fromEntries(readLambdaFunctions(artifact, new TemplateResolver(template, env('Synth'))).map((f) => [f.logicalId, f]));

  it("applies Lambda's defaults: index.handler, 3 s, 128 MB, no environment", () => {
    expect(byId['Defaults']).toEqual({
      logicalId: 'Defaults',
      name: 'Synth-Defaults',
      arn: `arn:aws:lambda:eu-central-1:${LOCAL_ACCOUNT_ID}:function:Synth-Defaults`,
      code: { dir: path.join(dir, 'folder') },
      handler: 'index.handler',
      runtime: 'nodejs22.x',
      timeoutMs: 3000,
      memoryMb: 128,
      environment: {},
    });
  });

  it('uses the FunctionName, settings and environment the template gives, resolved and as strings', () => {
    expect(byId['Named']).toMatchObject({
      name: 'my-fn',
      handler: 'src/app.main',
      timeoutMs: 30_000,
      memoryMb: 1024,
      code: { dir: path.join(dir, 'folder') },
      environment: { REGION: 'eu-central-1', N: '5' },
    });
  });

  it('takes inline code (ZipFile) as it is, resolved', () => {
    expect(byId['Inline']?.code).toEqual({ inline: 'exports.handler = 1' });
  });

  it.each([
    ['Image', 'function Synth-Image is a container image, which the local server does not run'],
    ['Python', 'function Synth-Python uses the python3.12 runtime; the local server runs Node.js functions only'],
    ['NoKey', 'function Synth-NoKey has neither inline code (ZipFile) nor an S3Key for its code'],
    ['Packaged', 'function Synth-Packaged: its code asset is a packaged file (packaged.zip); only folder assets run locally'],
    ['Missing', 'function Synth-Missing: its code asset gone.zip is not in the cloud assembly'],
  ])('says why %s cannot run locally', (id, reason) => {
    expect(byId[id]?.code).toEqual({ unsupported: reason });
  });
});
