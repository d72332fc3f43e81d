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
import { statSync } from 'node:fs';
import path from 'node:path';
import { shownPath } from '../files/shown-path.js';
import { loadStackArtifact, type StackArtifact } from './stack-artifact.js';
import { synthesizeIfChanged, watchedInputs } from './synth.js';
import { loadTemplateFile } from './template-file.js';

export type AppSource = { project: string; context?: Record<string, string> } | { assembly: string } | { template: string };

/** An app source that cannot be served, said in one line (no stack trace from deep inside the synth or the reader). */
export class AppSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppSourceError';
  }
}

/**
 * Checks that the source is there and of its kind before anything starts: a missing folder
 * would otherwise surface as the CDK CLI's or the assembly reader's own error.
 */
export function checkAppSource(source: AppSource): void {
  const kind = (p: string) => statSync(p, { throwIfNoEntry: false });
  if ('project' in source) {
    const dir = kind(source.project);
    if (!dir) throw new AppSourceError(`project folder ${source.project} does not exist`);
    if (!dir.isDirectory()) throw new AppSourceError(`project ${source.project} is not a folder; a CDK app's folder (with cdk.json) is`);
    if (!kind(path.join(source.project, 'cdk.json'))?.isFile()) throw new AppSourceError(`project folder ${source.project} has no cdk.json, so it is not a CDK app`);
  } else if ('assembly' in source) {
    const dir = kind(source.assembly);
    if (!dir) throw new AppSourceError(`cloud assembly ${source.assembly} does not exist`);
    if (!dir.isDirectory() || !kind(path.join(source.assembly, 'manifest.json'))?.isFile()) {
      throw new AppSourceError(`${source.assembly} is not a cloud assembly (no manifest.json); run cdk synth, or serve the CDK app's folder as the project`);
    }
  } else {
    const file = kind(source.template);
    if (!file) throw new AppSourceError(`template ${source.template} does not exist`);
    if (!file.isFile()) throw new AppSourceError(`template ${source.template} is not a file`);
  }
}

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
