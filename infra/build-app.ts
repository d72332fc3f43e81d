/**
 * Builds the CDK app for the stage named by the `stage` context value (`-c stage=prod`; dev when
 * absent) and registers cdk-nag's AwsSolutions pack, so any unacknowledged finding fails synth.
 * infra/app.ts runs it for the CLI; tests call it with their own App.
 */
import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { stageConfig, type StageConfig } from './config.js';
import { UsersOrdersStack } from './stacks/users-orders-stack.js';

export function stackName(stage: StageConfig): string {
  return `UsersOrders-${stage.name}`;
}

export function buildApp(app: App): UsersOrdersStack {
  const stage = stageConfig(app.node.tryGetContext('stage'));
  const stack = new UsersOrdersStack(app, stackName(stage), {
    stage,
    description: `Users-and-orders GraphQL API on AppSync (${stage.name})`,
    terminationProtection: stage.name === 'prod',
  });
  Tags.of(stack).add('project', 'users-orders');
  Tags.of(stack).add('stage', stage.name);
  // cdk-nag 3 is a policy-validation plugin (it replaced the Aspect of cdk-nag 2); findings are
  // acknowledged with Validations.of(construct).acknowledge({ id, reason }) where they arise.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}
