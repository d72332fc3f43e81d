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

  it.each(STAGE_NAMES)('%s stays within what AppSync, Pipes and DynamoDB streams accept', (name) => {
    const stage = STAGES[name];
    expect(stage.name).toBe(name);
    expect(stage.apiKeyExpiryDays).toBeGreaterThanOrEqual(1);
    expect(stage.apiKeyExpiryDays).toBeLessThanOrEqual(365);
    expect(stage.queryDepthLimit).toBeGreaterThanOrEqual(4); // user { orders { items { orderId } } }
    expect(stage.queryDepthLimit).toBeLessThanOrEqual(75);
    expect(stage.pipe.maximumRetryAttempts).toBeGreaterThanOrEqual(0);
    expect(stage.pipe.maximumRetryAttempts).toBeLessThanOrEqual(10);
    expect(stage.pipe.maximumRecordAge.toSeconds()).toBeGreaterThanOrEqual(60);
    expect(stage.pipe.maximumRecordAge.toSeconds()).toBeLessThan(24 * 60 * 60);
  });

  it('keeps prod data and hides prod internals; dev is disposable and talkative', () => {
    expect(STAGES.prod).toMatchObject({ removalPolicy: RemovalPolicy.RETAIN, introspection: false, apiFieldLogLevel: FieldLogLevel.ERROR });
    expect(STAGES.dev).toMatchObject({ removalPolicy: RemovalPolicy.DESTROY, introspection: true, apiFieldLogLevel: FieldLogLevel.ERROR });
    expect(STAGES.prod.apiKeyExpiryDays).not.toBe(STAGES.dev.apiKeyExpiryDays);
    expect(STAGES.prod.queryDepthLimit).toBeLessThan(STAGES.dev.queryDepthLimit);
  });
});
