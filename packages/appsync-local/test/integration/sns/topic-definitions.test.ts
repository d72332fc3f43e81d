/**
 * The topics the local SNS serves, read from a template: on the CDK fixture app's assembly (so the
 * order-events function's TOPIC_ARN names a topic the local SNS has), and on a small synthetic
 * template for names, FIFO settings in both of CloudFormation's boolean spellings, conditions,
 * and properties that cannot resolve locally.
 */
import { describe, expect, it } from 'vitest';
import { TemplateResolver } from '../../../src/cloud-assembly/intrinsics.js';
import { LOCAL_ACCOUNT_ID, type LocalEnvironment } from '../../../src/cloud-assembly/local-resources.js';
import { loadStackArtifact, type StackArtifact } from '../../../src/cloud-assembly/stack-artifact.js';
import { resourcesOfType, type CfnTemplate } from '../../../src/cloud-assembly/template.js';
import { readLambdaFunctions } from '../../../src/lambda/function-definitions.js';
import { readSnsTopics } from '../../../src/sns/topic-definitions.js';
import { cdkNotesAssembly as testAssemblyDir } from '../../helpers/fixture-apps.js';

const env = (stackName: string): LocalEnvironment => ({
  region: 'eu-west-1',
  accountId: LOCAL_ACCOUNT_ID,
  stackName,
  graphqlUrl: 'http://localhost:4000/graphql',
  realtimeUrl: 'ws://localhost:4000/graphql/realtime',
  apiKey: 'da2-local',
});

describe("readSnsTopics on the CDK fixture app's assembly", () => {
  const artifact = loadStackArtifact(testAssemblyDir());
  const resolver = new TemplateResolver(artifact.template, env(artifact.stackName));
  const topics = readSnsTopics(artifact, resolver);

  it('reads every AWS::SNS::Topic, with the ARN Ref resolves to', () => {
    const resources = resourcesOfType(artifact.template, 'AWS::SNS::Topic');
    expect(topics.map((t) => t.logicalId).sort()).toEqual(resources.map((r) => r.logicalId).sort());
    for (const topic of topics) {
      expect(topic).toEqual({
        logicalId: topic.logicalId,
        arn: `arn:aws:sns:eu-west-1:${LOCAL_ACCOUNT_ID}:${artifact.stackName}-${topic.logicalId}`,
        name: `${artifact.stackName}-${topic.logicalId}`,
        fifo: false,
        contentBasedDeduplication: false,
      });
      expect(resolver.resolve({ Ref: topic.logicalId })).toBe(topic.arn);
    }
  });

  it("has the topic the note-events function's TOPIC_ARN names", () => {
    const noteEvents = readLambdaFunctions(artifact, resolver).find((f) => f.environment['TOPIC_ARN'] !== undefined);
    expect(topics.map((t) => t.arn)).toContain(noteEvents?.environment['TOPIC_ARN']);
  });
});

describe('readSnsTopics on a synthetic template', () => {
  const topic = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ Type: 'AWS::SNS::Topic', Properties: properties, ...extra });
  const template: CfnTemplate = {
    Conditions: { Never: { 'Fn::Equals': ['a', 'b'] }, Always: { 'Fn::Equals': ['a', 'a'] } },
    Resources: {
      Plain: topic({}),
      Named: topic({ TopicName: { 'Fn::Sub': '${AWS::StackName}-events' } }),
      Fifo: topic({ TopicName: 'jobs.fifo', FifoTopic: true, ContentBasedDeduplication: 'true' }),
      FifoAsStrings: topic({ TopicName: 'other.fifo', FifoTopic: 'true', ContentBasedDeduplication: 'false' }),
      Conditional: topic({}, { Condition: 'Never' }),
      Kept: topic({}, { Condition: 'Always' }),
      // A property the local server cannot resolve does not keep the topic from being served.
      Encrypted: topic({ KmsMasterKeyId: { 'Fn::ImportValue': 'shared-key' } }),
      NotATopic: { Type: 'AWS::SQS::Queue', Properties: {} },
    },
  };
  const artifact: StackArtifact = { stackName: 'Synth', template, assetPath: () => undefined };
  const byId = Object.fromEntries(readSnsTopics(artifact, new TemplateResolver(template, env('Synth'))).map((t) => [t.logicalId, t]));
  const arn = (name: string) => `arn:aws:sns:eu-west-1:${LOCAL_ACCOUNT_ID}:${name}`;

  it('names a topic <stack>-<logicalId> unless the template names it', () => {
    expect(byId['Plain']).toEqual({ logicalId: 'Plain', arn: arn('Synth-Plain'), name: 'Synth-Plain', fifo: false, contentBasedDeduplication: false });
    expect(byId['Named']).toMatchObject({ arn: arn('Synth-events'), name: 'Synth-events' });
  });

  it('reads FifoTopic and ContentBasedDeduplication as booleans or as strings', () => {
    expect(byId['Fifo']).toMatchObject({ name: 'jobs.fifo', fifo: true, contentBasedDeduplication: true });
    expect(byId['FifoAsStrings']).toMatchObject({ name: 'other.fifo', fifo: true, contentBasedDeduplication: false });
  });

  it('leaves out a topic whose condition is false, and nothing but topics', () => {
    expect(Object.keys(byId).sort()).toEqual(['Encrypted', 'Fifo', 'FifoAsStrings', 'Kept', 'Named', 'Plain']);
  });
});
