import { afterAll, describe, expect, it } from 'vitest';
import { logicalId, resourcesOfType, statementsOfRole, synthStage } from '../../helpers/cdk.js';

const dev = synthStage('dev');
afterAll(() => dev.cleanup());
const { template } = dev;

const fn = (prefix: string) => {
  const id = logicalId(template, 'AWS::Lambda::Function', prefix);
  const props = resourcesOfType(template, 'AWS::Lambda::Function')[id]?.Properties ?? {};
  const role = (props['Role'] as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return { id, props, role, env: (props['Environment'] as { Variables: Record<string, unknown> }).Variables };
};
const tableId = logicalId(template, 'AWS::DynamoDB::Table', 'DataTable');
const apiId = logicalId(template, 'AWS::AppSync::GraphQLApi', 'GraphQLApi');
const poolId = logicalId(template, 'AWS::Cognito::UserPool', 'UsersPool');

describe('Lambda functions', () => {
  it('are exactly add-user, order-events and the pre-sign-up trigger, all on the project defaults', () => {
    expect(Object.keys(resourcesOfType(template, 'AWS::Lambda::Function'))).toHaveLength(3);
    for (const prefix of ['AddUserHandler', 'OrderEventsHandler', 'UsersPreSignUp']) {
      expect(fn(prefix).props).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' }, Handler: 'index.handler' });
      expect(fn(prefix).env).toMatchObject({ POWERTOOLS_METRICS_NAMESPACE: 'UsersOrders', POWERTOOLS_LOG_LEVEL: 'DEBUG' });
    }
  });
});

describe('add-user function', () => {
  const addUser = fn('AddUserHandler');

  it('is told the table name, the user pool and its Powertools service', () => {
    expect(addUser.env).toMatchObject({ TABLE_NAME: { Ref: tableId }, USER_POOL_ID: { Ref: poolId }, POWERTOOLS_SERVICE_NAME: 'add-user' });
  });

  it('may read a user of the user pool (a signed-in caller’s verified email), and nothing else of Cognito', () => {
    const cognito = statementsOfRole(template, addUser.role).filter((s) => JSON.stringify(s.Action).includes('cognito-idp:'));
    expect(cognito).toEqual([{ Effect: 'Allow', Action: 'cognito-idp:AdminGetUser', Resource: { 'Fn::GetAtt': [poolId, 'Arn'] } }]);
  });

  it('may put, condition-check and get items of the table (what TransactWriteItems needs), on the table only', () => {
    const statements = statementsOfRole(template, addUser.role).filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    expect(statements).toEqual([{ Effect: 'Allow', Action: ['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem'], Resource: { 'Fn::GetAtt': [tableId, 'Arn'] } }]);
  });

  it('may do nothing else but write its logs and traces', () => {
    const others = statementsOfRole(template, addUser.role).filter((s) => !/dynamodb:|cognito-idp:/.test(JSON.stringify(s.Action)));
    expect(others.map((s) => s.Action)).toEqual([
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
    ]);
  });
});

describe('pre-sign-up function (the user pool trigger)', () => {
  const preSignUp = fn('UsersPreSignUp');

  it('is told the table name and its Powertools service', () => {
    expect(preSignUp.env).toMatchObject({ TABLE_NAME: { Ref: tableId }, POWERTOOLS_SERVICE_NAME: 'pre-sign-up' });
  });

  it('may only get items of the table (is there a profile of this username?), besides its logs and traces', () => {
    expect(statementsOfRole(template, preSignUp.role).map((s) => [s.Action, s.Resource])).toEqual(
      expect.arrayContaining([
        ['dynamodb:GetItem', { 'Fn::GetAtt': [tableId, 'Arn'] }],
        [['logs:CreateLogStream', 'logs:PutLogEvents'], { 'Fn::GetAtt': [expect.stringMatching(/^UsersPreSignUpLogs/), 'Arn'] }],
        [['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], '*'],
      ]),
    );
    expect(statementsOfRole(template, preSignUp.role)).toHaveLength(3);
  });

  it('may be invoked by Cognito for this user pool only', () => {
    const permissions = Object.values(resourcesOfType(template, 'AWS::Lambda::Permission')).filter((p) => JSON.stringify(p.Properties?.['FunctionName']).includes(preSignUp.id));
    expect(permissions.map((p) => p.Properties)).toEqual([
      { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': [preSignUp.id, 'Arn'] }, Principal: 'cognito-idp.amazonaws.com', SourceArn: { 'Fn::GetAtt': [poolId, 'Arn'] } },
    ]);
  });
});

describe('order-events function', () => {
  const orderEvents = fn('OrderEventsHandler');
  const topicId = logicalId(template, 'AWS::SNS::Topic', 'OrderEventsTopic');
  const idempotencyId = logicalId(template, 'AWS::DynamoDB::Table', 'OrderEventsIdempotency');
  const statements = statementsOfRole(template, orderEvents.role);

  it('is told the topic, the GraphQL URL and the idempotency table', () => {
    expect(orderEvents.env).toMatchObject({
      TOPIC_ARN: { Ref: topicId },
      GRAPHQL_URL: { 'Fn::GetAtt': [apiId, 'GraphQLUrl'] },
      IDEMPOTENCY_TABLE_NAME: { Ref: idempotencyId },
      POWERTOOLS_SERVICE_NAME: 'order-events',
    });
    expect(orderEvents.env).not.toHaveProperty('TABLE_NAME');
  });

  it('may publish to the order-events topic only', () => {
    const publish = statements.filter((s) => JSON.stringify(s.Action).includes('sns:'));
    expect(publish).toEqual([{ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: topicId } }]);
  });

  it('may call the publishOrderEvent mutation and no other field', () => {
    const graphql = statements.filter((s) => JSON.stringify(s.Action).includes('appsync:'));
    expect(graphql).toEqual([
      {
        Effect: 'Allow',
        Action: 'appsync:GraphQL',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':appsync:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':apis/',
              { 'Fn::GetAtt': [apiId, 'ApiId'] },
              '/types/Mutation/fields/publishOrderEvent',
            ],
          ],
        },
      },
    ]);
  });

  it('may read and write the idempotency table, and not the users-and-orders table', () => {
    const dynamodb = statements.filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    expect(dynamodb).toHaveLength(1);
    expect(dynamodb[0]?.Resource).toEqual({ 'Fn::GetAtt': [idempotencyId, 'Arn'] });
    expect(dynamodb[0]?.Action).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']));
    expect(JSON.stringify(statements)).not.toContain(tableId);
  });

  it('has time for a batch of 10 records, each with two network calls and idempotency bookkeeping, every call capped at 5 s', () => {
    expect(orderEvents.props['Timeout']).toBe(120);
  });
});

describe('IAM across the stack', () => {
  it('grants * only for X-Ray', () => {
    const wildcard = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
      .flatMap((p) => (p.Properties?.['PolicyDocument'] as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement)
      .filter((s) => JSON.stringify(s.Resource) === '"*"' || (Array.isArray(s.Resource) && s.Resource.includes('*')));
    expect(new Set(wildcard.flatMap((s) => s.Action))).toEqual(new Set(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']));
  });

  it('attaches no AWS managed policies', () => {
    for (const role of Object.values(resourcesOfType(template, 'AWS::IAM::Role'))) expect(role.Properties).not.toHaveProperty('ManagedPolicyArns');
  });
});
