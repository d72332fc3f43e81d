/**
 * Synthesizes the CDK app the way `npx cdk synth` does (cdk.json's feature flags, cdk-nag
 * registered by buildApp), offline, into a temporary directory each test file removes afterwards.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/build-app.js';
import type { StageName } from '../../infra/config.js';
import type { UsersOrdersStack } from '../../infra/stacks/users-orders-stack.js';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** The `context` of cdk.json: the feature flags every synth runs with. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

export interface TestApp {
  app: App;
  outdir: string;
  /** Removes the synthesized output. */
  cleanup(): void;
}

export interface TestAppOptions {
  context?: Record<string, unknown>;
  /**
   * CDK's built-in CloudFormation schema validation of the synthesized templates. It costs seconds
   * per test file (it loads the resource specification), so only the tests that stand for a real
   * synth turn it on: test/infra/nag.test.ts here, and the CLI run in test/infra/synth.test.ts,
   * which always has it. @default false
   */
  cfnValidation?: boolean;
}

export function testApp(options: TestAppOptions = {}): TestApp {
  const outdir = mkdtempSync(path.join(tmpdir(), 'users-orders-cdk-'));
  const context: Record<string, unknown> = { ...cdkJsonContext(), ...options.context };
  // An empty list of bundling stacks makes NodejsFunction skip esbuild (the entry must still exist).
  // In-process bundling cannot work here anyway: CDK hands process.stderr to the esbuild child as
  // its stdio, and in vitest's worker threads that is not a real stream. test/infra/synth.test.ts
  // runs the CLI, which bundles for real.
  context['aws:cdk:bundling-stacks'] = [];
  const app = new App({ outdir, context, builtinCloudFormationValidation: options.cfnValidation ?? false });
  return { app, outdir, cleanup: () => rmSync(outdir, { recursive: true, force: true }) };
}

/** A bare stack for testing one construct. */
export function constructStack(options: TestAppOptions = {}): TestApp & { stack: Stack } {
  const test = testApp(options);
  return { ...test, stack: new Stack(test.app, 'ConstructUnderTest') };
}

export interface SynthesizedStage extends TestApp {
  stack: UsersOrdersStack;
  template: Template;
}

/** The whole app for a stage, built by infra/build-app.ts and synthesized (cdk-nag runs as part of synth). */
export function synthStage(stage: StageName, options: TestAppOptions = {}): SynthesizedStage {
  const test = testApp({ ...options, context: { ...options.context, stage } });
  const stack = buildApp(test.app);
  return { ...test, stack, template: Template.fromStack(stack) };
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;

/** Resources of one type, by logical id. */
export function resourcesOfType(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** The logical id of the one resource of `type` whose id starts with `prefix` (construct path without separators). */
export function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} with id ${prefix}*, found ${ids.length}: ${ids.join(', ')}`);
  return ids[0] as string;
}

export interface PolicyStatementJson {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Sid?: string;
  Condition?: unknown;
}

/** Every statement of the AWS::IAM::Policy resources attached to the role with this logical id. */
export function statementsOfRole(template: Template, roleLogicalId: string): PolicyStatementJson[] {
  const policies = resourcesOfType(template, 'AWS::IAM::Policy');
  return Object.values(policies)
    .filter((policy) => (policy.Properties?.['Roles'] as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId })))
    .flatMap((policy) => (policy.Properties?.['PolicyDocument'] as { Statement: PolicyStatementJson[] }).Statement);
}

export function actionsOf(statement: PolicyStatementJson): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}
