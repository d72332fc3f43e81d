import { Stack, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../infra/build-app.js';
import { STAGE_NAMES } from '../../../infra/config.js';
import { testApp } from '../../helpers/cdk.js';

/** cdk-nag's findings for a construct tree, as `<rule> <construct path>` lines. */
function findings(scope: IConstruct): string[] {
  const report = new AwsSolutionsChecks(scope).validateScope(scope);
  return report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} ${r.constructPath}`));
}

/** Every acknowledged rule in the tree: construct path, rule id, reason. */
function acknowledgments(scope: IConstruct): { path: string; id: string; reason: string }[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({ path: construct.node.path, id: id.replace(/^annotation::/i, ''), reason })),
  );
}

describe.each(STAGE_NAMES)('cdk-nag AwsSolutions on the %s stage', (stage) => {
  const { app, cleanup } = testApp({ context: { stage }, cfnValidation: true });
  const stack = buildApp(app);
  afterAll(cleanup);

  it('reports no unacknowledged errors or warnings', () => {
    expect(findings(app)).toEqual([]);
  });

  it('acknowledges only the findings below, each where it arises and with a reason', () => {
    const acks = acknowledgments(stack).map(({ path, id, reason }) => {
      expect(reason.length, `${path} ${id}`).toBeGreaterThan(60);
      return `${path.replace(`${stack.node.id}/`, '')} ${id.replace(/<[A-Za-z0-9]+\.Arn>/, '<fn>')}`;
    });
    expect(acks.sort()).toEqual(
      [
        'AddUser/Handler/Role/DefaultPolicy AwsSolutions-IAM5[Resource::*]',
        'Users/PreSignUp/Role/DefaultPolicy AwsSolutions-IAM5[Resource::*]',
        'Users/Pool/Resource AwsSolutions-COG2',
        'Users/Pool/Resource AwsSolutions-COG8',
        'OrderEvents/Handler/Role/DefaultPolicy AwsSolutions-IAM5[Resource::*]',
        'Resolvers/AddUserDataSource/ServiceRole/DefaultPolicy AwsSolutions-IAM5[Resource::<fn>:*]',
        'GraphQL/Api/Resource AwsSolutions-ASC3',
        'OrderEvents/DeadLetterQueue AwsSolutions-SQS3',
      ].sort(),
    );
  });

  it('synthesizes, running the pack as a validation plugin next to CloudFormation schema validation', () => {
    expect(() => app.synth()).not.toThrow();
  });
});

describe('the cdk-nag check itself', () => {
  it('reports a finding nobody acknowledged', () => {
    const { app, cleanup } = testApp();
    const stack = new Stack(app, 'Careless');
    new Queue(stack, 'Plain', { enforceSSL: false });
    expect(findings(app)).toContain('error AwsSolutions-SQS4 Careless/Plain/Resource');
    expect(() => {
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      app.synth();
    }).toThrow(/does not require requests to use SSL[\s\S]*AwsSolutions-SQS4/);
    cleanup();
  });
});
