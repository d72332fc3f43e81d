/**
 * Reads the stack to run from a synthesized cloud assembly (with aws-cdk-lib's own reader), and
 * finds the files the template's S3 locations point at: a deploy uploads each asset to the
 * bootstrap bucket under the object key the asset manifest names, so the same key leads back to
 * the file in the assembly.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { AssetManifestArtifact, CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { CfnTemplate } from './template.js';

export interface StackArtifact {
  stackName: string;
  template: CfnTemplate;
  /** The asset's path in the assembly for an S3 object key (`<hash>.zip`), if it is one of the stack's assets. */
  assetPath(objectKey: string): string | undefined;
}

/**
 * The stack with the GraphQL API; `stackName` picks one when several stacks have one.
 * Nested stacks are not supported.
 */
export function loadStackArtifact(assemblyDir: string, stackName?: string): StackArtifact {
  const assembly = new CloudAssembly(assemblyDir);
  const stacks = assembly.stacksRecursively;
  const candidates = stackName
    ? stacks.filter((s) => s.stackName === stackName || s.hierarchicalId === stackName)
    : stacks.filter((s) => Object.values((s.template as CfnTemplate).Resources ?? {}).some((r) => r.Type === 'AWS::AppSync::GraphQLApi'));
  const names = stacks.map((s) => s.stackName).join(', ') || 'none';
  if (candidates.length === 0) {
    throw new Error(stackName ? `the cloud assembly has no stack ${stackName} (stacks: ${names})` : `no stack in the cloud assembly has an AppSync GraphQL API (stacks: ${names})`);
  }
  if (candidates.length > 1) {
    throw new Error(
      `several stacks have an AppSync GraphQL API (${candidates.map((s) => s.stackName).join(', ')}); name one with the stack option (startLocalAppSync) or --stack (appsync-local start, or LOCAL_STACK)`,
    );
  }
  const stack = candidates[0]!;

  const byObjectKey = new Map<string, string>();
  for (const dependency of stack.dependencies) {
    if (!(dependency instanceof AssetManifestArtifact)) continue;
    for (const file of Object.values(dependency.contents.files ?? {})) {
      if (!file.source.path) continue;
      // Relative to the manifest's own assembly: a stack inside a Stage lives in a nested one.
      const source = path.resolve(dependency.assembly.directory, file.source.path);
      for (const destination of Object.values(file.destinations)) byObjectKey.set(destination.objectKey, source);
    }
  }
  return {
    stackName: stack.stackName,
    template: stack.template as CfnTemplate,
    assetPath: (objectKey) => byObjectKey.get(objectKey),
  };
}

/** The object key of an `s3://bucket/key` URI (AppSync's CodeS3Location, DefinitionS3Location). */
export function objectKeyOf(s3Uri: string): string {
  const match = /^s3:\/\/[^/]+\/(.+)$/.exec(s3Uri);
  if (!match?.[1]) throw new Error(`not an S3 location: ${s3Uri}`);
  return match[1];
}

/** An asset that must be a folder (a Lambda function's code), checked so a zip file gives a clear error. */
export function assetFolder(artifact: StackArtifact, objectKey: string, what: string): string {
  const found = artifact.assetPath(objectKey);
  if (!found || !existsSync(found)) throw new Error(`${what}: its code asset ${objectKey} is not in the cloud assembly`);
  if (!statSync(found).isDirectory()) throw new Error(`${what}: its code asset is a packaged file (${path.basename(found)}); only folder assets run locally`);
  return found;
}
