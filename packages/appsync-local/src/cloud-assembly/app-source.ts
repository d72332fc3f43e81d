/**
 * Where the app to run comes from, and how it becomes the stack the local AppSync serves:
 *
 * - a CDK app's folder (`cdk.json`): synthesized with the app's own CDK CLI when its inputs
 *   changed (synth.ts), into a folder under `<stateDir>/cdk.out` named by those inputs;
 * - a ready cloud assembly (`cdk.out`), synthesized by someone else;
 * - a plain CloudFormation template, JSON or YAML (template-file.ts).
 *
 * It also says what to watch for hot reload: the inputs cdk.json names, the assembly's manifest,
 * or the template file.
 */
import path from 'node:path';
import { shownPath } from '../files/shown-path.js';
import { loadStackArtifact, type StackArtifact } from './stack-artifact.js';
import { synthesizeIfChanged, watchedInputs } from './synth.js';
import { loadTemplateFile } from './template-file.js';

export type AppSource = { project: string; context?: Record<string, string> } | { assembly: string } | { template: string };

export interface WatchedInputs {
  /** The folder the patterns are relative to. */
  root: string;
  include: string[];
  exclude: string[];
  /** Resolver bundles are rebuilt from their sources on a change (CDK apps only; a template's code is inline). */
  rebuildsCode: boolean;
}

export interface AppLoaderOptions {
  /** The synthesized assemblies of a project are kept under `<stateDir>/cdk.out`. */
  stateDir: string;
  /** The stack to serve when several have a GraphQL API. */
  stackName?: string;
  log?: (line: string) => void;
}

export class AppLoader {
  private readonly log: (line: string) => void;

  constructor(
    readonly source: AppSource,
    private readonly options: AppLoaderOptions,
  ) {
    this.log = options.log ?? (() => undefined);
  }

  /** A short description for the start banner ("CDK app in .", "template api.yaml"). */
  describe(cwd = process.cwd()): string {
    const shown = (p: string) => shownPath(p, cwd);
    if ('project' in this.source) return `CDK app in ${shown(this.source.project)}`;
    if ('assembly' in this.source) return `cloud assembly ${shown(this.source.assembly)}`;
    return `template ${shown(this.source.template)}`;
  }

  /** The folder source maps and rebuilt bundles are relative to. */
  get projectDir(): string {
    if ('project' in this.source) return this.source.project;
    if ('assembly' in this.source) return path.dirname(this.source.assembly);
    return path.dirname(this.source.template);
  }

  /** Reads the stack, synthesizing a CDK app first when its inputs changed. */
  async load(): Promise<StackArtifact> {
    const { source } = this;
    if ('template' in source) return loadTemplateFile(source.template, this.options.stackName);
    if ('assembly' in source) return loadStackArtifact(source.assembly, this.options.stackName);
    const result = await synthesizeIfChanged({ projectDir: source.project, outDir: path.join(this.options.stateDir, 'cdk.out'), context: source.context });
    this.log(result.fromCache ? 'cloud assembly up to date' : `synthesized the CDK app in ${(result.durationMs / 1000).toFixed(1)} s`);
    return loadStackArtifact(result.outDir, this.options.stackName);
  }

  async watchedInputs(): Promise<WatchedInputs> {
    const { source } = this;
    if ('template' in source) return { root: path.dirname(source.template), include: [path.basename(source.template)], exclude: [], rebuildsCode: false };
    // Whoever synthesizes the assembly rewrites its manifest last.
    if ('assembly' in source) return { root: source.assembly, include: ['manifest.json', '*.template.json'], exclude: [], rebuildsCode: false };
    return { root: source.project, ...(await watchedInputs(source.project)), rebuildsCode: true };
  }
}
