import { describe, expect, it } from 'vitest';
import { TemplateResolver } from '../../../src/cloud-assembly/intrinsics.js';
import type { LocalEnvironment } from '../../../src/cloud-assembly/local-resources.js';
import type { CfnTemplate } from '../../../src/cloud-assembly/template.js';

const env: LocalEnvironment = {
  region: 'eu-west-1',
  accountId: '000000000000',
  stackName: 'Shop-dev',
  graphqlUrl: 'http://localhost:4000/graphql',
  realtimeUrl: 'ws://localhost:4000/graphql/realtime',
  apiKey: 'da2-test',
};

const template: CfnTemplate = {
  Parameters: {
    Stage: { Type: 'String', Default: 'dev' },
    Secret: { Type: 'String' },
  },
  Conditions: {
    IsDev: { 'Fn::Equals': [{ Ref: 'Stage' }, 'dev'] },
    IsProd: { 'Fn::Not': [{ Condition: 'IsDev' }] },
    DevAndEu: { 'Fn::And': [{ Condition: 'IsDev' }, { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] }] },
  },
  Mappings: { Sizes: { dev: { memory: 256 } } },
  Resources: {
    Table: { Type: 'AWS::DynamoDB::Table', Properties: {} },
    NamedTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: { 'Fn::Join': ['-', ['orders', { Ref: 'Stage' }]] } } },
    Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
    Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
    Fn: { Type: 'AWS::Lambda::Function', Properties: {} },
    Api: { Type: 'AWS::AppSync::GraphQLApi', Properties: { Name: 'api' } },
    Key: { Type: 'AWS::AppSync::ApiKey', Properties: {} },
    Odd: { Type: 'AWS::Some::Thing', Properties: {} },
  },
};

const resolver = () => new TemplateResolver(template, env);

describe('TemplateResolver', () => {
  it.each([
    [
      'pseudo parameters',
      { a: { Ref: 'AWS::Region' }, b: { Ref: 'AWS::AccountId' }, c: { Ref: 'AWS::Partition' }, d: { Ref: 'AWS::StackName' } },
      { a: 'eu-west-1', b: '000000000000', c: 'aws', d: 'Shop-dev' },
    ],
    ['a parameter default', { Ref: 'Stage' }, 'dev'],
    ['a table name (generated)', { Ref: 'Table' }, 'Shop-dev-Table'],
    ['a table name (given, itself an intrinsic)', { Ref: 'NamedTable' }, 'orders-dev'],
    ['a table ARN', { 'Fn::GetAtt': ['Table', 'Arn'] }, 'arn:aws:dynamodb:eu-west-1:000000000000:table/Shop-dev-Table'],
    ['GetAtt in its string form', { 'Fn::GetAtt': 'Fn.Arn' }, 'arn:aws:lambda:eu-west-1:000000000000:function:Shop-dev-Fn'],
    ['a topic ARN (Ref)', { Ref: 'Topic' }, 'arn:aws:sns:eu-west-1:000000000000:Shop-dev-Topic'],
    ['a queue URL (Ref)', { Ref: 'Queue' }, 'https://sqs.eu-west-1.amazonaws.com/000000000000/Shop-dev-Queue'],
    ['the local GraphQL URL', { 'Fn::GetAtt': ['Api', 'GraphQLUrl'] }, 'http://localhost:4000/graphql'],
    ['the local API key', { 'Fn::GetAtt': ['Key', 'ApiKey'] }, 'da2-test'],
    ['Fn::Join', { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::b']] }, 'arn:aws:s3:::b'],
    [
      'Fn::Sub with pseudo parameters and attributes',
      { 'Fn::Sub': 'cdk-${AWS::AccountId}-${AWS::Region}/${Table.Arn}' },
      'cdk-000000000000-eu-west-1/arn:aws:dynamodb:eu-west-1:000000000000:table/Shop-dev-Table',
    ],
    ['Fn::Sub with variables and a literal', { 'Fn::Sub': ['${Name}-${!Literal}', { Name: { Ref: 'Stage' } }] }, 'dev-${Literal}'],
    ['Fn::Select over Fn::Split', { 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] }, 'b'],
    ['Fn::If on a condition', { 'Fn::If': ['IsProd', 'big', 'small'] }, 'small'],
    ['nested conditions', { 'Fn::If': ['DevAndEu', 'yes', 'no'] }, 'yes'],
    ['Fn::FindInMap', { 'Fn::FindInMap': ['Sizes', { Ref: 'Stage' }, 'memory'] }, 256],
    ['Fn::Base64', { 'Fn::Base64': 'hi' }, 'aGk='],
    ['Fn::GetAZs', { 'Fn::GetAZs': '' }, ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']],
    ['Fn::ToJsonString', { 'Fn::ToJsonString': { a: { Ref: 'Stage' } } }, '{"a":"dev"}'],
    ['AWS::NoValue drops the property', { keep: 1, drop: { Ref: 'AWS::NoValue' }, list: [1, { Ref: 'AWS::NoValue' }] }, { keep: 1, list: [1] }],
    ['an unknown resource type still gets a name and an ARN', { 'Fn::GetAtt': ['Odd', 'Arn'] }, 'arn:aws:some:eu-west-1:000000000000:Shop-dev-Odd'],
  ])('resolves %s', (_name, value, expected) => {
    expect(resolver().resolve(value)).toEqual(expected);
  });

  it('uses a value learnt at run time, such as a stream ARN', () => {
    const r = resolver();
    expect(() => r.resolve({ 'Fn::GetAtt': ['Table', 'StreamArn'] })).toThrow('Fn::GetAtt Table.StreamArn: the attribute of AWS::DynamoDB::Table is not available locally');
    r.resources.set('Table', 'StreamArn', 'arn:aws:dynamodb:ddblocal:000000000000:table/Shop-dev-Table/stream/2026');
    expect(r.resolve({ 'Fn::GetAtt': ['Table', 'StreamArn'] })).toBe('arn:aws:dynamodb:ddblocal:000000000000:table/Shop-dev-Table/stream/2026');
  });

  it.each([
    ['a parameter without a default', { Ref: 'Secret' }, 'parameter Secret has no default'],
    ['a resource the template lacks', { Ref: 'Nothing' }, 'the template has no resource Nothing'],
    ['an import from another stack', { 'Fn::ImportValue': 'shared-vpc' }, 'Fn::ImportValue cannot be resolved locally'],
    ['an index out of range', { 'Fn::Select': [5, ['a']] }, 'Fn::Select index 5 is out of range'],
    ['an unknown condition', { 'Fn::If': ['Nope', 1, 2] }, 'the template has no condition Nope'],
  ])('refuses %s with a clear error', (_name, value, message) => {
    expect(() => resolver().resolve(value)).toThrow(message);
  });
});
