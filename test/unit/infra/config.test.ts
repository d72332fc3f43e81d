import { RemovalPolicy } from 'aws-cdk-lib';
import { FieldLogLevel } from 'aws-cdk-lib/aws-appsync';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGE, STAGE_NAMES, STAGES, stageConfig } from '../../../infra/config.js';

describe('stage config', () => {
  it('is dev when no stage is given, and the named stage otherwise', () => {
    expect(DEFAULT_STAGE).toBe('dev');
    expect(stageConfig(undefined)).toBe(STAGES.dev);
    expect(stageConfig('prod')).toBe(STAGES.prod);
  });

  it('rejects an unknown stage, naming the ones that exist', () => {
    expect(() => stageConfig('staging')).toThrow(/Unknown stage "staging": use -c stage=dev or -c stage=prod/);
    expect(() => stageConfig(3)).toThrow(/Unknown stage 3/);
  });

  it.each(STAGE_NAMES)('%s stays within what AppSync, Cognito, Pipes and DynamoDB streams accept', (name) => {
    const stage = STAGES[name];
    expect(stage.name).toBe(name);
    // Cognito's limits for an app client's tokens, and a password policy cdk-nag calls strong.
    for (const token of [stage.userPool.tokenValidity.access, stage.userPool.tokenValidity.id]) {
      expect(token.toSeconds()).toBeGreaterThanOrEqual(5 * 60);
      expect(token.toSeconds()).toBeLessThanOrEqual(24 * 60 * 60);
    }
    expect(stage.userPool.tokenValidity.refresh.toSeconds()).toBeGreaterThan(stage.userPool.tokenValidity.access.toSeconds());
    expect(stage.userPool.tokenValidity.refresh.toSeconds()).toBeLessThanOrEqual(3650 * 24 * 60 * 60);
    expect(stage.userPool.passwordMinLength).toBeGreaterThanOrEqual(8);
    expect(stage.queryDepthLimit).toBeGreaterThanOrEqual(4); // user { orders { items { orderId } } }
    expect(stage.queryDepthLimit).toBeLessThanOrEqual(75);
    expect(stage.pipe.maximumRetryAttempts).toBeGreaterThanOrEqual(0);
    expect(stage.pipe.maximumRetryAttempts).toBeLessThanOrEqual(10);
    expect(stage.pipe.maximumRecordAge.toSeconds()).toBeGreaterThanOrEqual(60);
    expect(stage.pipe.maximumRecordAge.toSeconds()).toBeLessThan(24 * 60 * 60);
  });

  it('keeps prod data and users and hides prod internals; dev is disposable and talkative', () => {
    expect(STAGES.prod).toMatchObject({ removalPolicy: RemovalPolicy.RETAIN, introspection: false, apiFieldLogLevel: FieldLogLevel.ERROR });
    expect(STAGES.dev).toMatchObject({ removalPolicy: RemovalPolicy.DESTROY, introspection: true, apiFieldLogLevel: FieldLogLevel.ERROR });
    expect(STAGES.prod.userPool.deletionProtection).toBe(true);
    expect(STAGES.dev.userPool.deletionProtection).toBe(false);
    expect(STAGES.prod.userPool.tokenValidity.access.toSeconds()).toBeLessThanOrEqual(STAGES.dev.userPool.tokenValidity.access.toSeconds());
    expect(STAGES.prod.queryDepthLimit).toBeLessThan(STAGES.dev.queryDepthLimit);
  });
});
