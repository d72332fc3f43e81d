/**
 * The GraphQL API a template declares, read with every intrinsic resolved: first from the CDK
 * fixture app's synthesized assembly (every resolver, function and data source of its template),
 * then from small hand-written templates for what it does not use (VTL, code in S3).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TemplateResolver } from '../../../src/cloud-assembly/intrinsics.js';
import { LOCAL_ACCOUNT_ID, type LocalEnvironment } from '../../../src/cloud-assembly/local-resources.js';
import { loadStackArtifact, type StackArtifact } from '../../../src/cloud-assembly/stack-artifact.js';
import { resourcesOfType, type CfnResource, type CfnTemplate } from '../../../src/cloud-assembly/template.js';
import { readApiDefinition } from '../../../src/graphql/api-definition.js';
import { ExecutableApi } from '../../../src/graphql/executable-api.js';
import { cdkNotesAssembly as testAssemblyDir } from '../../helpers/fixture-apps.js';

const env = (stackName: string): LocalEnvironment => ({
  region: 'us-east-1',
  accountId: LOCAL_ACCOUNT_ID,
  stackName,
  graphqlUrl: 'http://localhost:4555/graphql',
  realtimeUrl: 'ws://localhost:4555/graphql/realtime',
  apiKey: 'da2-local',
});

describe("readApiDefinition on the CDK fixture app's assembly", () => {
  const artifact = loadStackArtifact(testAssemblyDir());
  const resolver = new TemplateResolver(artifact.template, env(artifact.stackName));
  const definition = readApiDefinition(artifact, resolver);
  const template = artifact.template;
  const props = (r: CfnResource) => r.Properties ?? {};
  const apiProps = props(resourcesOfType(template, 'AWS::AppSync::GraphQLApi')[0]!);

  it('has every AWS::AppSync::Resolver of the template, with its type, field, kind and inline code', () => {
    const resources = resourcesOfType(template, 'AWS::AppSync::Resolver');
    expect(resources.length).toBeGreaterThan(0);
    expect(definition.resolvers).toHaveLength(resources.length);
    for (const r of resources) {
      const p = props(r);
      const found = definition.resolvers.find((d) => d.logicalId === r.logicalId);
      expect(found, r.logicalId).toMatchObject({ typeName: p['TypeName'], fieldName: p['FieldName'], kind: p['Kind'] ?? 'UNIT', code: { text: p['Code'], origin: 'inline' } });
      expect(found?.unsupported, r.logicalId).toBeUndefined();
    }
  });

  it('resolves the pipeline functions of each pipeline resolver by id, in order', () => {
    const pipelines = resourcesOfType(template, 'AWS::AppSync::Resolver').filter((r) => props(r)['Kind'] === 'PIPELINE');
    expect(pipelines.length).toBeGreaterThan(0);
    for (const r of pipelines) {
      const expectedNames = (props(r)['PipelineConfig'] as { Functions: { 'Fn::GetAtt': [string, string] }[] }).Functions.map((f) => props(template.Resources[f['Fn::GetAtt'][0]]!)['Name']);
      const found = definition.resolvers.find((d) => d.logicalId === r.logicalId)!;
      expect(found.dataSourceName).toBeNull();
      expect(found.functionIds.map((id) => definition.functions.get(id)?.name)).toEqual(expectedNames);
    }
    expect(definition.functions.size).toBe(resourcesOfType(template, 'AWS::AppSync::FunctionConfiguration').length);
    for (const fn of definition.functions.values()) {
      expect(fn.code?.text).toContain(`resolvers/functions/${fn.name}.js`);
      expect(definition.dataSources.has(fn.dataSourceName)).toBe(true);
    }
  });

  it('reads the data sources by type: DynamoDB with the local table name, Lambda with the function ARN, NONE', () => {
    const tables = Object.fromEntries(resourcesOfType(template, 'AWS::DynamoDB::Table').map((t) => [t.logicalId, resolver.resources.ref(t.logicalId)]));
    const sources = resourcesOfType(template, 'AWS::AppSync::DataSource');
    expect(definition.dataSources.size).toBe(sources.length);
    const byType = (type: string) => [...definition.dataSources.values()].filter((d) => d.type === type);

    const dynamo = byType('AMAZON_DYNAMODB');
    expect(dynamo).toHaveLength(1);
    const tableRef = (sources.find((s) => props(s)['Type'] === 'AMAZON_DYNAMODB')!.Properties!['DynamoDBConfig'] as { TableName: { Ref: string } }).TableName.Ref;
    expect(dynamo[0]).toEqual({ name: 'NotesTable', type: 'AMAZON_DYNAMODB', tableName: tables[tableRef], region: 'us-east-1' });
    expect(tables[tableRef]).toBe(`${artifact.stackName}-${tableRef}`);

    const lambda = byType('AWS_LAMBDA');
    expect(lambda).toHaveLength(1);
    const fnRef = (sources.find((s) => props(s)['Type'] === 'AWS_LAMBDA')!.Properties!['LambdaConfig'] as { LambdaFunctionArn: { 'Fn::GetAtt': [string, string] } }).LambdaFunctionArn['Fn::GetAtt'][0];
    expect(lambda[0]).toEqual({ name: 'SummaryFunction', type: 'AWS_LAMBDA', functionArn: `arn:aws:lambda:us-east-1:${LOCAL_ACCOUNT_ID}:function:${resolver.resources.ref(fnRef)}` });

    expect(byType('NONE')).toEqual([{ name: 'None', type: 'NONE' }]);
  });

  it('reads name, schema, auth modes, limits, introspection and environment variables', () => {
    expect(definition.name).toBe(apiProps['Name']);
    expect(definition.schema).toBe(props(resourcesOfType(template, 'AWS::AppSync::GraphQLSchema')[0]!)['Definition']);
    expect(definition.defaultAuthMode).toBe('API_KEY');
    expect(definition.additionalAuthModes).toEqual(['AWS_IAM']);
    expect(definition.queryDepthLimit).toBe(apiProps['QueryDepthLimit']);
    expect(definition.queryDepthLimit).toBeGreaterThan(0);
    expect(definition.resolverCountLimit).toBe(10_000);
    expect(definition.introspection).toBe(true);
    const tableRef = (apiProps['EnvironmentVariables'] as { TABLE_NAME: { Ref: string } }).TABLE_NAME.Ref;
    expect(definition.environmentVariables).toEqual({ TABLE_NAME: resolver.resources.ref(tableRef) });
  });

  it('makes an executable API without problems', () => {
    const api = new ExecutableApi(definition, () => async () => ({ result: null }));
    expect(api.problems).toEqual([]);
    expect(api.resolverFields().sort()).toEqual(definition.resolvers.map((r) => `${r.typeName}.${r.fieldName}`).sort());
  });
});

// ---------------------------------------------------------------------------------------------

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

const API_ID = { 'Fn::GetAtt': ['Api', 'ApiId'] };
const SCHEMA = 'type Query { a: String b: String c: String d: String e: String f: String g: String }';

/** A template with one API, its schema, a NONE, an HTTP and a Lambda data source, plus `resources`. */
function syntheticTemplate(resources: Record<string, CfnResource>, api: Record<string, unknown> = {}): CfnTemplate {
  return {
    Resources: {
      Api: { Type: 'AWS::AppSync::GraphQLApi', Properties: { Name: 'synthetic', AuthenticationType: 'AWS_IAM', ...api } },
      Schema: { Type: 'AWS::AppSync::GraphQLSchema', Properties: { ApiId: API_ID, Definition: SCHEMA } },
      NoneDs: { Type: 'AWS::AppSync::DataSource', Properties: { ApiId: API_ID, Name: 'none', Type: 'NONE' } },
      HttpDs: { Type: 'AWS::AppSync::DataSource', Properties: { ApiId: API_ID, Name: 'http', Type: 'HTTP', HttpConfig: { Endpoint: 'https://example.com' } } },
      Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: 'x' } } },
      LambdaDs: { Type: 'AWS::AppSync::DataSource', Properties: { ApiId: API_ID, Name: 'fn', Type: 'AWS_LAMBDA', LambdaConfig: { LambdaFunctionArn: { 'Fn::GetAtt': ['Fn', 'Arn'] } } } },
      ...resources,
    },
  };
}

const resolverResource = (fieldName: string, properties: Record<string, unknown>): CfnResource => ({
  Type: 'AWS::AppSync::Resolver',
  Properties: { ApiId: API_ID, TypeName: 'Query', FieldName: fieldName, ...properties },
});

const JS = { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' };
const CODE = 'export function request(ctx) { return {}; }\nexport function response(ctx) { return ctx.result; }\n';

function read(template: CfnTemplate, assets: Record<string, string> = {}) {
  const artifact: StackArtifact = { stackName: 'Synthetic', template, assetPath: (key) => assets[key] };
  return readApiDefinition(artifact, new TemplateResolver(template, env('Synthetic')));
}

describe('readApiDefinition on synthetic templates', () => {
  it('marks VTL resolvers and functions unsupported, and keeps the rest', () => {
    const definition = read(
      syntheticTemplate({
        Vtl: resolverResource('a', { DataSourceName: 'none', RequestMappingTemplate: '{}', ResponseMappingTemplate: '$util.toJson($ctx.result)' }),
        VtlS3: resolverResource('b', { DataSourceName: 'none', RequestMappingTemplateS3Location: 's3://bucket/req.vtl' }),
        ResponseOnly: resolverResource('c', { DataSourceName: 'fn', ResponseMappingTemplate: '$util.toJson($ctx.result)' }),
        VtlFn: { Type: 'AWS::AppSync::FunctionConfiguration', Properties: { ApiId: API_ID, Name: 'vtlFn', DataSourceName: 'none', FunctionVersion: '2018-05-29', RequestMappingTemplate: '{}' } },
        Js: resolverResource('d', { DataSourceName: 'none', Runtime: JS, Code: CODE }),
      }),
    );
    const byField = Object.fromEntries(definition.resolvers.map((r) => [r.fieldName, r]));
    expect(byField['a']).toMatchObject({ code: null, unsupported: 'resolver Query.a uses VTL mapping templates, which the local server does not run (APPSYNC_JS only)' });
    expect(byField['b']?.unsupported).toMatch(/^resolver Query\.b uses VTL mapping templates/);
    // A response template on a Lambda data source is not a direct Lambda resolver: its VTL would be skipped.
    expect(byField['c']?.unsupported).toMatch(/^resolver Query\.c uses VTL mapping templates/);
    expect(byField['d']).toMatchObject({ code: { text: CODE, origin: 'inline' } });
    expect(byField['d']?.unsupported).toBeUndefined();
    expect(definition.functions.get('VtlFn')).toMatchObject({
      name: 'vtlFn',
      code: null,
      unsupported: 'function vtlFn uses VTL mapping templates, which the local server does not run (APPSYNC_JS only)',
    });
  });

  it('reads a unit resolver without code on a Lambda data source as direct Lambda; without code elsewhere it is unsupported', () => {
    const definition = read(syntheticTemplate({ Direct: resolverResource('a', { DataSourceName: 'fn' }), Bare: resolverResource('b', { DataSourceName: 'none' }) }));
    const [direct, bare] = definition.resolvers;
    expect(direct).toMatchObject({ fieldName: 'a', kind: 'UNIT', dataSourceName: 'fn', code: null });
    expect(direct?.unsupported).toBeUndefined();
    expect(bare).toMatchObject({ fieldName: 'b', code: null, unsupported: 'it has no code' });
  });

  it('reads CodeS3Location code and a DefinitionS3Location schema from the assembly assets', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'api-definition-'));
    temporary.push(dir);
    const codeFile = path.join(dir, 'code.js');
    const schemaFile = path.join(dir, 'schema.graphql');
    writeFileSync(codeFile, CODE);
    writeFileSync(schemaFile, SCHEMA);
    const template = syntheticTemplate({
      FromS3: resolverResource('a', { DataSourceName: 'none', Runtime: JS, CodeS3Location: { 'Fn::Sub': 's3://cdk-assets-${AWS::AccountId}-${AWS::Region}/abc.js' } }),
    });
    template.Resources['Schema']!.Properties = { ApiId: API_ID, DefinitionS3Location: 's3://cdk-assets/def.graphql' };
    const definition = read(template, { 'abc.js': codeFile, 'def.graphql': schemaFile });
    expect(definition.schema).toBe(SCHEMA);
    expect(definition.resolvers[0]?.code).toEqual({ text: CODE, origin: codeFile });
  });

  it('refuses code whose S3 location is not among the assets', () => {
    const template = syntheticTemplate({ FromS3: resolverResource('a', { DataSourceName: 'none', Runtime: JS, CodeS3Location: 's3://bucket/gone.js' }) });
    expect(() => read(template)).toThrow("resolver Query.a: its code s3://bucket/gone.js is not among the assembly's assets");
  });

  it('reads HTTP data sources, marks unsupported data source types, and reads limits and introspection', () => {
    const search = { Search: { Type: 'AWS::AppSync::DataSource', Properties: { ApiId: API_ID, Name: 'search', Type: 'AMAZON_OPENSEARCH_SERVICE' } } };
    const definition = read(
      syntheticTemplate(search, { QueryDepthLimit: 4, ResolverCountLimit: 50, IntrospectionConfig: 'DISABLED', AdditionalAuthenticationProviders: [{ AuthenticationType: 'API_KEY' }] }),
    );
    expect(definition.dataSources.get('http')).toEqual({ name: 'http', type: 'HTTP', endpoint: 'https://example.com', signing: null });
    expect(definition.dataSources.get('search')).toEqual({
      name: 'search',
      type: 'AMAZON_OPENSEARCH_SERVICE',
      unsupported: 'AMAZON_OPENSEARCH_SERVICE data sources are not supported by the local server',
    });
    expect(definition.dataSources.get('fn')).toEqual({ name: 'fn', type: 'AWS_LAMBDA', functionArn: `arn:aws:lambda:us-east-1:${LOCAL_ACCOUNT_ID}:function:Synthetic-Fn` });
    expect(definition).toMatchObject({ defaultAuthMode: 'AWS_IAM', additionalAuthModes: ['API_KEY'], queryDepthLimit: 4, resolverCountLimit: 50, introspection: false, environmentVariables: {} });
  });

  it('ignores resources of another API in the same stack', () => {
    const template = syntheticTemplate({ Other: resolverResource('a', { ApiId: 'some-other-api', DataSourceName: 'none', Runtime: JS, Code: CODE }) });
    expect(read(template).resolvers).toEqual([]);
  });

  it.each([
    ['no API', (t: CfnTemplate) => delete t.Resources['Api'], 'the stack has no AWS::AppSync::GraphQLApi'],
    [
      'two APIs',
      (t: CfnTemplate) => (t.Resources['Api2'] = { Type: 'AWS::AppSync::GraphQLApi', Properties: { Name: 'two', AuthenticationType: 'API_KEY' } }),
      'the stack has 2 GraphQL APIs; the local server runs one',
    ],
    ['an unknown auth type', (t: CfnTemplate) => (t.Resources['Api']!.Properties!['AuthenticationType'] = 'MAGIC'), 'unknown AppSync authentication type MAGIC'],
  ])('refuses a template with %s', (_what, change, message) => {
    const template = syntheticTemplate({});
    change(template);
    expect(() => read(template)).toThrow(message);
  });
  it('leaves out resolvers, functions and data sources whose Condition is false: CloudFormation does not create them', () => {
    const template = syntheticTemplate({
      Served: resolverResource('a', { DataSourceName: 'none', Runtime: JS, Code: CODE }),
      NotCreated: { ...resolverResource('b', { DataSourceName: 'none', Runtime: JS, Code: CODE }), Condition: 'InProduction' },
      Created: { ...resolverResource('c', { DataSourceName: 'none', Runtime: JS, Code: CODE }), Condition: 'Locally' },
      NotCreatedFn: { Type: 'AWS::AppSync::FunctionConfiguration', Condition: 'InProduction', Properties: { ApiId: API_ID, Name: 'gone', DataSourceName: 'none', Runtime: JS, Code: CODE } },
      NotCreatedDs: { Type: 'AWS::AppSync::DataSource', Condition: 'InProduction', Properties: { ApiId: API_ID, Name: 'goneDs', Type: 'NONE' } },
    });
    template.Conditions = { InProduction: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-north-1'] }, Locally: { 'Fn::Not': [{ Condition: 'InProduction' }] } };
    const definition = read(template);
    expect(definition.resolvers.map((r) => r.fieldName)).toEqual(['a', 'c']);
    expect([...definition.functions.keys()]).toEqual([]);
    expect([...definition.dataSources.keys()]).toEqual(['none', 'http', 'fn']);
    // So the field is not served: it has no resolver, as in the deployed API.
    const api = new ExecutableApi(definition, () => async () => ({ result: null }));
    expect(api.resolverFields().sort()).toEqual(['Query.a', 'Query.c']);
  });
});
