import { describe, expect, it } from 'vitest';
import { TemplateResolver } from '../../../src/cloud-assembly/intrinsics.js';
import { loadStackArtifact, type StackArtifact } from '../../../src/cloud-assembly/stack-artifact.js';
import { resourcesOfType, type CfnTemplate } from '../../../src/cloud-assembly/template.js';
import { DYNAMODB_SOURCE_DEFAULTS, readStreamPipes } from '../../../src/pipes/pipe-definitions.js';
import { cdkNotesAssembly } from '../../helpers/fixture-apps.js';

const STREAM_ARN = 'arn:aws:dynamodb:ddblocal:000000000000:table/t/stream/2026-01-01T00:00:00.000';

function resolverFor(template: CfnTemplate, stackName = 'Stack'): TemplateResolver {
  return new TemplateResolver(template, {
    region: 'us-east-1',
    accountId: '000000000000',
    stackName,
    graphqlUrl: 'http://localhost:4000/graphql',
    realtimeUrl: 'ws://localhost:4000/graphql/realtime',
    apiKey: 'k',
  });
}

/** A template with a table (its stream known, as after provisioning), a function, a queue and one pipe. */
function withPipe(pipe: Record<string, unknown>, { streamKnown = true } = {}) {
  const template: CfnTemplate = {
    Resources: {
      Table: { Type: 'AWS::DynamoDB::Table', Properties: {} },
      Fn: { Type: 'AWS::Lambda::Function', Properties: {} },
      Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
      Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
      Pipe: { Type: 'AWS::Pipes::Pipe', Properties: pipe },
    },
  };
  const artifact: StackArtifact = { stackName: 'Stack', template, assetPath: () => undefined };
  const resolver = resolverFor(template);
  if (streamKnown) resolver.resources.set('Table', 'StreamArn', STREAM_ARN);
  return readStreamPipes(artifact, resolver);
}

const minimal = {
  RoleArn: 'arn:aws:iam::000000000000:role/r',
  Source: { 'Fn::GetAtt': ['Table', 'StreamArn'] },
  Target: { 'Fn::GetAtt': ['Fn', 'Arn'] },
  SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON' } },
};

describe("the CDK fixture app's pipe, read from its synthesized template", () => {
  const artifact = loadStackArtifact(cdkNotesAssembly());
  const resolver = resolverFor(artifact.template, artifact.stackName);
  const tableId = resourcesOfType(artifact.template, 'AWS::DynamoDB::Table').find((t) => t.logicalId.startsWith('Notes'))!.logicalId;
  resolver.resources.set(tableId, 'StreamArn', STREAM_ARN);
  const { pipes, unsupported } = readStreamPipes(artifact, resolver);

  it('is a supported DynamoDB-stream-to-Lambda pipe with every setting resolved, the rest at Pipes defaults', () => {
    expect(unsupported).toEqual([]);
    expect(pipes).toHaveLength(1);
    const pipe = pipes[0]!;
    expect(pipe).toMatchObject({
      name: `${artifact.stackName}-${pipe.logicalId}`,
      arn: `arn:aws:pipes:us-east-1:000000000000:pipe/${artifact.stackName}-${pipe.logicalId}`,
      sourceStreamArn: STREAM_ARN,
      invocationType: 'REQUEST_RESPONSE',
      batchSize: 10,
      maximumBatchingWindowInSeconds: DYNAMODB_SOURCE_DEFAULTS.maximumBatchingWindowInSeconds,
      maximumRetryAttempts: DYNAMODB_SOURCE_DEFAULTS.maximumRetryAttempts,
      maximumRecordAgeInSeconds: DYNAMODB_SOURCE_DEFAULTS.maximumRecordAgeInSeconds,
      startingPosition: 'LATEST',
      desiredState: 'RUNNING',
      deadLetterTargetArn: undefined,
      warnings: [],
    });
    expect(pipe.targetFunctionArn).toMatch(/^arn:aws:lambda:us-east-1:000000000000:function:CdkNotes-NoteEventsFunction/);
    expect(pipe.filters.map((f) => JSON.parse(f) as unknown)).toEqual([{ dynamodb: { NewImage: { title: { S: [{ exists: true }] } } } }]);
  });
});

describe('pipe settings', () => {
  it("uses the Pipes API's defaults for what the template leaves out", () => {
    const { pipes } = withPipe(minimal);
    expect(pipes[0]).toMatchObject({
      name: 'Stack-Pipe',
      batchSize: DYNAMODB_SOURCE_DEFAULTS.batchSize,
      maximumBatchingWindowInSeconds: 0,
      maximumRetryAttempts: -1,
      maximumRecordAgeInSeconds: -1,
      onPartialBatchItemFailure: undefined,
      startingPosition: 'TRIM_HORIZON',
      deadLetterTargetArn: undefined,
      desiredState: 'RUNNING',
      invocationType: 'REQUEST_RESPONSE',
      filters: [],
    });
    expect(DYNAMODB_SOURCE_DEFAULTS.batchSize).toBe(100);
  });

  it('reads the name, desired state, invocation type, an SNS dead-letter target and a parallelization it cannot honour', () => {
    const { pipes } = withPipe({
      ...minimal,
      Name: 'orders',
      DesiredState: 'STOPPED',
      TargetParameters: { LambdaFunctionParameters: { InvocationType: 'FIRE_AND_FORGET' } },
      SourceParameters: {
        DynamoDBStreamParameters: { StartingPosition: 'LATEST', BatchSize: 7, ParallelizationFactor: 4, DeadLetterConfig: { Arn: { Ref: 'Topic' } } },
      },
    });
    expect(pipes[0]).toMatchObject({ name: 'orders', arn: 'arn:aws:pipes:us-east-1:000000000000:pipe/orders', desiredState: 'STOPPED', invocationType: 'FIRE_AND_FORGET', batchSize: 7 });
    expect(pipes[0]!.deadLetterTargetArn).toBe('arn:aws:sns:us-east-1:000000000000:Stack-Topic');
    expect(pipes[0]!.warnings).toEqual(['pipe orders: ParallelizationFactor 4 runs as 1 locally (one batch per shard at a time)']);
  });

  it('warns about a filter on a field Pipes does not filter on', () => {
    const { pipes } = withPipe({ ...minimal, SourceParameters: { ...minimal.SourceParameters, FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"]}' }] } } });
    expect(pipes[0]!.warnings).toEqual(['pipe Stack-Pipe: filter 1 uses eventName, which Pipes cannot filter on; it never matches a value there']);
  });

  it('skips a pipe whose template condition is false', () => {
    const template: CfnTemplate = {
      Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } },
      Resources: { Pipe: { Type: 'AWS::Pipes::Pipe', Condition: 'Never', Properties: { Source: 'x' } } },
    };
    expect(readStreamPipes({ stackName: 'Stack', template, assetPath: () => undefined }, resolverFor(template))).toEqual({ pipes: [], unsupported: [] });
  });
});

describe('pipes that cannot run locally are reported with the reason, never thrown', () => {
  it.each([
    ['an SQS source', { ...minimal, Source: { 'Fn::GetAtt': ['Queue', 'Arn'] } }, /source "arn:aws:sqs:.*" is not a DynamoDB stream/],
    ['an SQS target', { ...minimal, Target: { 'Fn::GetAtt': ['Queue', 'Arn'] } }, /target "arn:aws:sqs:.*" is not a Lambda function/],
    ['an enrichment', { ...minimal, Enrichment: 'arn:aws:lambda:us-east-1:000000000000:function:e' }, /has an enrichment/],
    ['an input transformer', { ...minimal, TargetParameters: { InputTemplate: '{"a": <$.eventID>}' } }, /input transformer/],
    ['no starting position', { ...minimal, SourceParameters: { DynamoDBStreamParameters: {} } }, /StartingPosition must be LATEST or TRIM_HORIZON/],
    [
      'an invalid filter',
      { ...minimal, SourceParameters: { ...minimal.SourceParameters, FilterCriteria: { Filters: [{ Pattern: '{"a":"b"}' }] } } },
      /filter 1 would be refused by AWS: Event pattern is not valid\. Reason: Match value must be an array/,
    ],
    [
      'a filter only event buses accept',
      { ...minimal, SourceParameters: { ...minimal.SourceParameters, FilterCriteria: { Filters: [{ Pattern: '{"a":[{"anything-but":{"prefix":"x"}}]}' }] } } },
      /not supported by EventBridge Pipes/,
    ],
    ['six filters', { ...minimal, SourceParameters: { ...minimal.SourceParameters, FilterCriteria: { Filters: Array(6).fill({ Pattern: '{"a":["b"]}' }) } } }, /6 filters; Pipes accepts at most 5/],
  ])('%s', (_name, pipe, reason) => {
    const { pipes, unsupported } = withPipe(pipe);
    expect(pipes).toEqual([]);
    expect(unsupported).toEqual([{ logicalId: 'Pipe', name: 'Stack-Pipe', reason: expect.stringMatching(reason) }]);
  });

  it('a table whose stream is not provisioned yet', () => {
    const { unsupported } = withPipe(minimal, { streamKnown: false });
    expect(unsupported[0]?.reason).toMatch(/StreamArn/);
  });
});
