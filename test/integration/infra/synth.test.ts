/**
 * `npx cdk synth` as a user runs it: the CLI, cdk.json's app command, no arguments (dev), offline,
 * with esbuild bundling the functions and cdk-nag validating. Output goes to a temporary cloud
 * assembly directory instead of ./cdk.out, so the test never races a developer's own synth.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/cdk.js';

const run = promisify(execFile);
const outdir = mkdtempSync(path.join(tmpdir(), 'users-orders-synth-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

let output = '';

beforeAll(async () => {
  const result = await run('npx', ['cdk', 'synth', '--quiet', '--output', outdir], {
    cwd: ROOT,
    // No credentials and no region: synth must not need an AWS account.
    env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '', AWS_REGION: '', AWS_DEFAULT_REGION: '', CDK_DISABLE_CLI_TELEMETRY: 'true' },
    timeout: 150_000,
    maxBuffer: 10 * 1024 * 1024,
  });
  output = `${result.stdout}\n${result.stderr}`;
}, 160_000);

describe('npx cdk synth', () => {
  it('writes the dev stack template to the cloud assembly', () => {
    const templateFile = path.join(outdir, 'UsersOrders-dev.template.json');
    expect(existsSync(templateFile), output).toBe(true);
    const template = JSON.parse(readFileSync(templateFile, 'utf8')) as { Resources: Record<string, { Type: string }> };
    const types = new Set(Object.values(template.Resources).map((r) => r.Type));
    for (const type of ['AWS::AppSync::GraphQLApi', 'AWS::DynamoDB::Table', 'AWS::Lambda::Function', 'AWS::Pipes::Pipe', 'AWS::CloudWatch::Alarm']) expect(types).toContain(type);
    expect(readdirSync(outdir)).not.toContain('UsersOrders-prod.template.json');
  });

  it('passes cdk-nag (a finding would have failed the synth)', () => {
    const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: unknown[] };
    expect(report.pluginReports).toEqual([]);
    expect(output).not.toMatch(/AwsSolutions-/);
  });

  it('bundles each function with esbuild into one ES module with a source map', () => {
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'UsersOrders-dev.assets.json'), 'utf8')) as { files: Record<string, { source: { path: string } }> };
    const bundles = Object.values(manifest.files)
      .map((file) => path.join(outdir, file.source.path))
      .filter((dir) => existsSync(path.join(dir, 'index.mjs')));
    expect(bundles).toHaveLength(3);
    for (const dir of bundles) {
      expect(readdirSync(dir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
      const code = readFileSync(path.join(dir, 'index.mjs'), 'utf8');
      expect(code).toContain('createRequire');
      expect(code).toMatch(/export\s*\{[^}]*\bhandler\b/);
    }
  });
});
