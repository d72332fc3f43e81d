/**
 * The Lambda functions a template declares (AWS::Lambda::Function), with what the local runner
 * needs: the bundled asset folder in the cloud assembly, handler, runtime, timeout, memory and
 * the environment variables with intrinsics resolved to local values.
 */
import type { TemplateResolver } from '../cloud-assembly/intrinsics.js';
import { assetFolder, type StackArtifact } from '../cloud-assembly/stack-artifact.js';
import { resourcesOfType } from '../cloud-assembly/template.js';

export interface LambdaFunctionDefinition {
  logicalId: string;
  name: string;
  arn: string;
  /**
   * The asset folder; or the inline source (CloudFormation's `ZipFile`, which Lambda saves as
   * `index.js` for Node.js); or why the function cannot run locally.
   */
  code: { dir: string } | { inline: string } | { unsupported: string };
  handler: string;
  runtime: string;
  timeoutMs: number;
  memoryMb: number;
  environment: Record<string, string>;
}

/** Lambda's defaults when the template leaves them out. */
const DEFAULT_TIMEOUT_S = 3;
const DEFAULT_MEMORY_MB = 128;

export function readLambdaFunctions(artifact: StackArtifact, resolver: TemplateResolver): LambdaFunctionDefinition[] {
  return resourcesOfType(artifact.template, 'AWS::Lambda::Function', resolver).map((r) => {
    const props = (r.Properties ?? {}) as Record<string, unknown>;
    const name = resolver.resources.ref(r.logicalId);
    const variables = (resolver.resolve((props['Environment'] as { Variables?: unknown } | undefined)?.Variables ?? {}) ?? {}) as Record<string, unknown>;
    return {
      logicalId: r.logicalId,
      name,
      arn: resolver.resources.getAtt(r.logicalId, 'Arn'),
      code: codeOf(artifact, resolver, props, name),
      handler: String(props['Handler'] ?? 'index.handler'),
      runtime: String(props['Runtime'] ?? ''),
      timeoutMs: Number(props['Timeout'] ?? DEFAULT_TIMEOUT_S) * 1000,
      memoryMb: Number(props['MemorySize'] ?? DEFAULT_MEMORY_MB),
      environment: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)])),
    };
  });
}

function codeOf(artifact: StackArtifact, resolver: TemplateResolver, props: Record<string, unknown>, name: string): LambdaFunctionDefinition['code'] {
  if (props['PackageType'] === 'Image') return { unsupported: `function ${name} is a container image, which the local server does not run` };
  const runtime = String(props['Runtime'] ?? '');
  if (!runtime.startsWith('nodejs')) return { unsupported: `function ${name} uses the ${runtime || 'unknown'} runtime; the local server runs Node.js functions only` };
  const code = (props['Code'] ?? {}) as Record<string, unknown>;
  if (code['ZipFile'] !== undefined) {
    const source = resolver.resolve(code['ZipFile']);
    return typeof source === 'string' ? { inline: source } : { unsupported: `function ${name}: its ZipFile is not text` };
  }
  const key = resolver.resolve(code['S3Key']);
  if (typeof key !== 'string') return { unsupported: `function ${name} has neither inline code (ZipFile) nor an S3Key for its code` };
  try {
    return { dir: assetFolder(artifact, key, `function ${name}`) };
  } catch (err) {
    return { unsupported: (err as Error).message };
  }
}
