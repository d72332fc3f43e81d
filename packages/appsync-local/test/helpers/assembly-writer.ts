/**
 * A minimal cloud assembly written by hand (manifest.json, the stack's template, an asset
 * manifest and folder assets), for tests that serve a template of their own without a CDK synth.
 * It holds exactly what src/cloud-assembly/stack-artifact.ts reads.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Manifest } from 'aws-cdk-lib/cloud-assembly-schema';
import type { CfnTemplate } from '../../src/cloud-assembly/template.js';

export interface AssemblyContents {
  stackName: string;
  template: CfnTemplate;
  /** Folder assets by S3 object key (what a function's Code.S3Key names): file name → content. */
  folderAssets?: Record<string, Record<string, string>>;
}

export function writeAssembly(dir: string, contents: AssemblyContents): void {
  const { stackName } = contents;
  const version = Manifest.version();
  const files: Record<string, unknown> = {};
  for (const [objectKey, assetFiles] of Object.entries(contents.folderAssets ?? {})) {
    const folder = `asset.${objectKey.replace(/\.zip$/, '')}`;
    mkdirSync(path.join(dir, folder), { recursive: true });
    for (const [name, text] of Object.entries(assetFiles)) writeFileSync(path.join(dir, folder, name), text);
    files[objectKey] = { source: { path: folder, packaging: 'zip' }, destinations: { 'current_account-current_region': { bucketName: 'cdk-assets', objectKey } } };
  }
  writeFileSync(path.join(dir, `${stackName}.assets.json`), JSON.stringify({ version, files, dockerImages: {} }, null, 1));
  writeFileSync(path.join(dir, `${stackName}.template.json`), JSON.stringify(contents.template, null, 1));
  writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify(
      {
        version,
        artifacts: {
          [`${stackName}.assets`]: { type: 'cdk:asset-manifest', properties: { file: `${stackName}.assets.json` } },
          [stackName]: {
            type: 'aws:cloudformation:stack',
            environment: 'aws://unknown-account/unknown-region',
            properties: { templateFile: `${stackName}.template.json` },
            dependencies: [`${stackName}.assets`],
          },
        },
      },
      null,
      1,
    ),
  );
}
