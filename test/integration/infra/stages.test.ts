import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { STAGES } from '../../../infra/config.js';
import { resourcesOfType, synthStage } from '../../helpers/cdk.js';

const dev = synthStage('dev');
const prod = synthStage('prod');
afterAll(() => {
  dev.cleanup();
  prod.cleanup();
});

/** Resources that hold data or history: their fate on stack deletion is the stage's removal policy. */
const STATEFUL = ['AWS::DynamoDB::Table', 'AWS::SQS::Queue', 'AWS::Logs::LogGroup', 'AWS::KMS::Key'];
const stateful = (template: Template) => STATEFUL.flatMap((type) => Object.entries(resourcesOfType(template, type)).map(([id, r]) => ({ id, type, ...r })));
const graphqlApi = (template: Template) => Object.values(resourcesOfType(template, 'AWS::AppSync::GraphQLApi'))[0]?.Properties ?? {};
const apiKeyExpiry = (template: Template) => Object.values(resourcesOfType(template, 'AWS::AppSync::ApiKey'))[0]?.Properties?.['Expires'] as number;

describe('stages', () => {
  it('name the stack after the stage; prod is protected from deletion', () => {
    expect(dev.stack.stackName).toBe('UsersOrders-dev');
    expect(prod.stack.stackName).toBe('UsersOrders-prod');
    expect(dev.stack.terminationProtection).toBe(false);
    expect(prod.stack.terminationProtection).toBe(true);
  });

  it('prod retains every table, queue, log group and key; dev deletes them', () => {
    const prodStateful = stateful(prod.template);
    expect(prodStateful.map((r) => r.type).sort()).toEqual(
      ['AWS::DynamoDB::Table', 'AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::Logs::LogGroup', 'AWS::Logs::LogGroup', 'AWS::SQS::Queue'].sort(),
    );
    for (const r of prodStateful) expect({ id: r.id, policy: [r.DeletionPolicy, r.UpdateReplacePolicy] }).toEqual({ id: r.id, policy: ['Retain', 'Retain'] });
    for (const r of stateful(dev.template)) expect({ id: r.id, policy: r.DeletionPolicy }).toEqual({ id: r.id, policy: 'Delete' });
  });

  it('prod disables introspection and limits depth harder; both log AppSync errors only, without verbose content', () => {
    expect(graphqlApi(prod.template)).toMatchObject({ IntrospectionConfig: 'DISABLED', QueryDepthLimit: 8, LogConfig: { FieldLogLevel: 'ERROR', ExcludeVerboseContent: true } });
    expect(graphqlApi(dev.template)).toMatchObject({ IntrospectionConfig: 'ENABLED', QueryDepthLimit: 15, LogConfig: { FieldLogLevel: 'ERROR', ExcludeVerboseContent: true } });
  });

  it('gives API keys the stage lifetime (prod 90 days, dev 7)', () => {
    const day = 24 * 60 * 60;
    expect(Math.round((apiKeyExpiry(prod.template) - apiKeyExpiry(dev.template)) / day)).toBe(STAGES.prod.apiKeyExpiryDays - STAGES.dev.apiKeyExpiryDays);
    expect(Math.round((apiKeyExpiry(dev.template) - Date.now() / 1000) / day)).toBe(STAGES.dev.apiKeyExpiryDays);
  });

  it("uses the stage's log retention and function log level", () => {
    const retention = (template: Template) => new Set(Object.values(resourcesOfType(template, 'AWS::Logs::LogGroup')).map((g) => g.Properties?.['RetentionInDays']));
    expect(retention(prod.template)).toEqual(new Set([90]));
    expect(retention(dev.template)).toEqual(new Set([7]));
    const levels = (template: Template) =>
      Object.values(resourcesOfType(template, 'AWS::Lambda::Function')).map((f) => (f.Properties?.['Environment'] as { Variables: Record<string, unknown> }).Variables['POWERTOOLS_LOG_LEVEL']);
    expect(levels(prod.template)).toEqual(['INFO', 'INFO']);
    expect(levels(dev.template)).toEqual(['DEBUG', 'DEBUG']);
  });

  it("gives the pipe the stage's retry and record-age limits", () => {
    const pipeParameters = (template: Template) =>
      (Object.values(resourcesOfType(template, 'AWS::Pipes::Pipe'))[0]?.Properties?.['SourceParameters'] as { DynamoDBStreamParameters: Record<string, unknown> }).DynamoDBStreamParameters;
    expect(pipeParameters(prod.template)).toMatchObject({ MaximumRetryAttempts: 3, MaximumRecordAgeInSeconds: 6 * 3600 });
    expect(pipeParameters(dev.template)).toMatchObject({ MaximumRetryAttempts: 3, MaximumRecordAgeInSeconds: 3600 });
  });

  it('outputs the GraphQL URL and API id, never the API key', () => {
    for (const { template } of [dev, prod]) {
      const outputs = template.toJSON()['Outputs'] as Record<string, { Value: unknown }>;
      expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['GraphqlUrl', 'GraphqlApiId']));
      expect(JSON.stringify(outputs)).not.toMatch(/ApiKey/);
    }
  });
});
