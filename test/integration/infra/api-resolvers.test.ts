import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleAppSyncJs, bundleAppSyncJsSync } from '../../../infra/appsync-js-bundle.js';
import { checkManifest, DATA_SOURCE_NAMES, schemaFields } from '../../../infra/constructs/api-resolvers.js';
import { SCHEMA_FILE } from '../../../infra/constructs/graphql-api.js';
import { functionFile, RESOLVERS, resolverFile, type ResolverSpec } from '../../../resolvers/manifest.js';
import { actionsOf, logicalId, resourcesOfType, ROOT, statementsOfRole, synthStage } from '../../helpers/cdk.js';

const dev = synthStage('dev');
afterAll(() => dev.cleanup());
const { template } = dev;

const APPSYNC_JS = { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' };
const resolvers = Object.values(resourcesOfType(template, 'AWS::AppSync::Resolver')).map((r) => r.Properties ?? {});
const functionConfigs = resourcesOfType(template, 'AWS::AppSync::FunctionConfiguration');
const dataSources = Object.values(resourcesOfType(template, 'AWS::AppSync::DataSource')).map((r) => r.Properties ?? {});
const resolverFor = (spec: ResolverSpec) => resolvers.find((r) => r['TypeName'] === spec.typeName && r['FieldName'] === spec.fieldName);
const bundle = (file: string) => bundleAppSyncJsSync(path.join(ROOT, file));
const units = RESOLVERS.filter((spec) => spec.kind === 'UNIT');
const pipelines = RESOLVERS.filter((spec) => spec.kind === 'PIPELINE');

describe('ApiResolvers', () => {
  it('creates exactly one resolver per manifest field', () => {
    const deployed = resolvers.map((r) => `${r['TypeName']}.${r['FieldName']}`).sort();
    expect(deployed).toEqual(RESOLVERS.map((spec) => `${spec.typeName}.${spec.fieldName}`).sort());
  });

  it.each(RESOLVERS.map((spec) => [`${spec.typeName}.${spec.fieldName}`, spec] as const))('%s runs its bundled file on APPSYNC_JS 1.0.0', (_key, spec) => {
    const resolver = resolverFor(spec);
    expect(resolver?.['Runtime']).toEqual(APPSYNC_JS);
    expect(resolver?.['Code']).toBe(bundle(resolverFile(spec)));
  });

  it.each(units.map((spec) => [`${spec.typeName}.${spec.fieldName}`, spec] as const))('%s is a unit resolver on its manifest data source', (_key, spec) => {
    const resolver = resolverFor(spec);
    expect(resolver).toMatchObject({ Kind: 'UNIT', DataSourceName: DATA_SOURCE_NAMES[spec.dataSource] });
    expect(resolver).not.toHaveProperty('PipelineConfig');
  });

  it.each(pipelines.map((spec) => [`${spec.typeName}.${spec.fieldName}`, spec] as const))('%s is a pipeline of its manifest functions, in order', (_key, spec) => {
    const resolver = resolverFor(spec);
    expect(resolver?.['Kind']).toBe('PIPELINE');
    expect(resolver).not.toHaveProperty('DataSourceName');
    const ids = (resolver?.['PipelineConfig'] as { Functions: { 'Fn::GetAtt': [string, string] }[] }).Functions.map((f) => f['Fn::GetAtt'][0]);
    const steps = ids.map((id) => functionConfigs[id]?.Properties);
    expect(steps.map((step) => step?.['Name'])).toEqual(spec.functions.map((fn) => fn.name));
    spec.functions.forEach((fn, i) => {
      expect(steps[i], fn.name).toMatchObject({ DataSourceName: DATA_SOURCE_NAMES[fn.dataSource], Runtime: APPSYNC_JS });
      expect(steps[i]?.['Code'], fn.name).toBe(bundle(functionFile(fn)));
    });
  });

  it('deploys the same bundle the local runtime evaluates', async () => {
    const firstStep = pipelines.flatMap((spec) => (spec.kind === 'PIPELINE' ? spec.functions : []))[0]!;
    for (const file of [resolverFile(units[0]!), functionFile(firstStep)]) {
      expect(bundleAppSyncJsSync(path.join(ROOT, file)), file).toBe(await bundleAppSyncJs(file));
    }
  });

  it('creates each pipeline function once', () => {
    const names = RESOLVERS.flatMap((spec) => (spec.kind === 'PIPELINE' ? spec.functions.map((fn) => fn.name) : []));
    expect(
      Object.values(functionConfigs)
        .map((f) => f.Properties?.['Name'])
        .sort(),
    ).toEqual([...new Set(names)].sort());
  });

  it('has the three data sources: the table, the add-user function and NONE', () => {
    expect(dataSources).toHaveLength(3);
    const tableId = logicalId(template, 'AWS::DynamoDB::Table', 'DataTable');
    const addUserId = logicalId(template, 'AWS::Lambda::Function', 'AddUser');
    expect(dataSources).toContainEqual(
      expect.objectContaining({ Name: 'UsersOrdersTable', Type: 'AMAZON_DYNAMODB', DynamoDBConfig: { TableName: { Ref: tableId }, AwsRegion: { Ref: 'AWS::Region' } } }),
    );
    expect(dataSources).toContainEqual(expect.objectContaining({ Name: 'AddUserFunction', Type: 'AWS_LAMBDA', LambdaConfig: { LambdaFunctionArn: { 'Fn::GetAtt': [addUserId, 'Arn'] } } }));
    expect(dataSources).toContainEqual(expect.objectContaining({ Name: 'None', Type: 'NONE' }));
  });

  it('lets the table data source read the table, make the writes resolvers make (no batch writes) and query GSI1, not every index', () => {
    const tableId = logicalId(template, 'AWS::DynamoDB::Table', 'DataTable');
    const role = logicalId(template, 'AWS::IAM::Role', 'ResolversTableDataSourceServiceRole');
    const statements = statementsOfRole(template, role);
    const resources = JSON.stringify(statements.map((s) => s.Resource));
    expect(resources).not.toContain('index/*');
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'dynamodb:Query', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, '/index/GSI1']] } });
    const onTable = statements.filter((s) => JSON.stringify(s.Resource).includes(tableId) && !JSON.stringify(s.Resource).includes('/index/')).flatMap(actionsOf);
    expect(onTable).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem']));
    expect(onTable).not.toContain('dynamodb:BatchWriteItem');
  });

  it('lets the Lambda data source invoke the add-user function and nothing else', () => {
    const addUserId = logicalId(template, 'AWS::Lambda::Function', 'AddUser');
    const role = logicalId(template, 'AWS::IAM::Role', 'ResolversAddUserDataSourceServiceRole');
    const statements = statementsOfRole(template, role);
    const arn = { 'Fn::GetAtt': [addUserId, 'Arn'] };
    // The function and its qualified ARNs (versions, aliases): CDK's LambdaDataSource grant.
    expect(statements).toEqual([{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: [arn, { 'Fn::Join': ['', [arn, ':*']] }] }]);
  });
});

describe('manifest checks at synth', () => {
  const fields = schemaFields(SCHEMA_FILE);
  const scratch = mkdtempSync(path.join(tmpdir(), 'manifest-check-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const writeFile = (file: string) => {
    mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
    writeFileSync(path.join(scratch, file), 'export function request() {}\nexport function response() {}\n');
  };

  it('reads every object field of the schema', () => {
    expect(fields).toContain('Query.user');
    expect(fields).toContain('User.orders');
    expect(fields).toContain('Mutation.publishOrderEvent');
    expect(fields).toContain('Subscription.onOrderEvent');
    expect(fields).not.toContain('AddUserInput.username'); // input types have no resolvers
  });

  it('accepts the real manifest against the real files', () => {
    expect(() => checkManifest(RESOLVERS, fields, ROOT)).not.toThrow();
  });

  it('fails, naming the field, when the manifest has a field the schema does not', () => {
    writeFile('resolvers/Query.ghost.ts');
    const specs: ResolverSpec[] = [{ typeName: 'Query', fieldName: 'ghost', kind: 'UNIT', dataSource: 'table' }];
    expect(() => checkManifest(specs, fields, scratch)).toThrow('Query.ghost is in resolvers/manifest.ts but not in the schema');
  });

  it('fails, naming the file, when resolver or function code is missing', () => {
    const specs: ResolverSpec[] = [
      { typeName: 'Query', fieldName: 'order', kind: 'UNIT', dataSource: 'table' },
      { typeName: 'Mutation', fieldName: 'deleteUser', kind: 'PIPELINE', functions: [{ name: 'vanished', dataSource: 'table' }] },
    ];
    writeFile('resolvers/Mutation.deleteUser.ts');
    let message = '';
    try {
      checkManifest(specs, fields, scratch);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('resolver Query.order: resolvers/Query.order.ts does not exist');
    expect(message).toContain('pipeline function vanished: resolvers/functions/vanished.ts does not exist');
  });

  it('fails on a field listed twice and on a function listed with two data sources', () => {
    writeFile('resolvers/Query.user.ts');
    writeFile('resolvers/Mutation.updateOrderStatus.ts');
    writeFile('resolvers/functions/step.ts');
    const specs: ResolverSpec[] = [
      { typeName: 'Query', fieldName: 'user', kind: 'UNIT', dataSource: 'table' },
      { typeName: 'Query', fieldName: 'user', kind: 'UNIT', dataSource: 'none' },
      {
        typeName: 'Mutation',
        fieldName: 'updateOrderStatus',
        kind: 'PIPELINE',
        functions: [
          { name: 'step', dataSource: 'table' },
          { name: 'step', dataSource: 'none' },
        ],
      },
    ];
    expect(() => checkManifest(specs, fields, scratch)).toThrow(/Query\.user is in resolvers\/manifest\.ts twice[\s\S]*pipeline function step is listed with data sources table and none/);
  });
});
