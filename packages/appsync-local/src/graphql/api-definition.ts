/**
 * The GraphQL API a template declares, read from its AWS::AppSync::* resources with every
 * intrinsic resolved: schema, auth modes, limits, environment variables, data sources,
 * functions and resolvers with their code (inline, or from the assembly's assets). Nothing here
 * knows this project's resolvers or tables; whatever the template declares is what runs.
 * Property names follow the AWS::AppSync resource reference
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/AWS_AppSync.html).
 */
import { readFileSync } from 'node:fs';
import type { AuthMode } from '../appsync-js/index.js';
import type { TemplateResolver } from '../cloud-assembly/intrinsics.js';
import { objectKeyOf, type StackArtifact } from '../cloud-assembly/stack-artifact.js';
import { resourcesOfType, type TemplateResource } from '../cloud-assembly/template.js';

export type DataSourceDefinition =
  | { name: string; type: 'AMAZON_DYNAMODB'; tableName: string; region: string }
  | { name: string; type: 'AWS_LAMBDA'; functionArn: string }
  | { name: string; type: 'NONE' }
  | {
      name: string;
      type: 'HTTP';
      /** `HttpConfig.Endpoint`; null when it cannot be resolved locally (then `endpointProblem` says why). */
      endpoint: string | null;
      endpointProblem?: string;
      /** `AuthorizationConfig` with AWS_IAM: requests are signed with SigV4 for this region and service. */
      signing: { signingRegion: string; signingServiceName: string } | null;
    }
  | { name: string; type: string; unsupported: string };

/** APPSYNC_JS code and where it came from (for messages and hot reload). */
export interface CodeDefinition {
  text: string;
  /** `inline` or the asset file's path. */
  origin: string;
}

export interface FunctionDefinition {
  id: string;
  name: string;
  dataSourceName: string;
  code: CodeDefinition | null;
  /** Why the function cannot run locally (a VTL function), when it cannot. */
  unsupported?: string;
}

export interface ResolverDefinition {
  logicalId: string;
  typeName: string;
  fieldName: string;
  kind: 'UNIT' | 'PIPELINE';
  dataSourceName: string | null;
  functionIds: string[];
  /** Null for a direct Lambda resolver (no code: AppSync sends the whole context). */
  code: CodeDefinition | null;
  unsupported?: string;
}

/**
 * One authorization provider of the API, with its configuration (the API's own
 * `UserPoolConfig` / `OpenIDConnectConfig` / `LambdaAuthorizerConfig` for the default, an
 * `AdditionalAuthenticationProviders` entry's for the others).
 */
export type AuthProviderDefinition =
  | { type: 'API_KEY'; isDefault: boolean }
  | { type: 'AWS_IAM'; isDefault: boolean }
  | {
      type: 'AMAZON_COGNITO_USER_POOLS';
      isDefault: boolean;
      userPoolId: string;
      /** The pool's region; the stack's when the template names none. */
      awsRegion: string;
      /** Checked against the token's client id (`aud` of ID tokens, `client_id` of access tokens); null: any client. */
      appIdClientRegex: string | null;
      /** Only the default provider has one (ALLOW when the template leaves it out); null for additional providers. */
      defaultAction: 'ALLOW' | 'DENY' | null;
    }
  | {
      type: 'OPENID_CONNECT';
      isDefault: boolean;
      issuer: string;
      /** A regular expression for the token's client id (`aud`); null: any client. */
      clientId: string | null;
      /** Milliseconds a token is valid after `iat`; 0: not checked. */
      iatTtlMs: number;
      /** Milliseconds a token is valid after `auth_time`; 0: not checked. */
      authTtlMs: number;
    }
  | {
      type: 'AWS_LAMBDA';
      isDefault: boolean;
      /** As the template gives it: a function, version or alias ARN. */
      authorizerUri: string;
      /** The unqualified function ARN (the local functions are known by it). */
      functionArn: string;
      /** How long an answer is cached; 0 (the default): not cached. */
      resultTtlSeconds: number;
      /** Tokens that do not match it are refused without calling the function; null: no check. */
      identityValidationExpression: string | null;
    };

export interface ApiDefinition {
  name: string;
  /** The API's id and ARN (field ARNs in a Lambda authorizer's deniedFields start with the ARN). */
  apiId: string;
  apiArn: string;
  schema: string;
  defaultAuthMode: AuthMode;
  additionalAuthModes: AuthMode[];
  /** Every provider with its configuration, the default first. */
  authProviders: AuthProviderDefinition[];
  /** 0 means no limit, as in AppSync. */
  queryDepthLimit: number;
  resolverCountLimit: number;
  introspection: boolean;
  environmentVariables: Record<string, string>;
  dataSources: Map<string, DataSourceDefinition>;
  functions: Map<string, FunctionDefinition>;
  resolvers: ResolverDefinition[];
}

const AUTH_MODES: readonly AuthMode[] = ['API_KEY', 'AWS_IAM', 'AMAZON_COGNITO_USER_POOLS', 'OPENID_CONNECT', 'AWS_LAMBDA'];
/** AppSync's default and maximum resolver executions per request. */
const DEFAULT_RESOLVER_COUNT_LIMIT = 10_000;

export function readApiDefinition(artifact: StackArtifact, resolver: TemplateResolver): ApiDefinition {
  // A resource whose Condition is false does not exist, be it the API, a resolver, a function or a data source.
  const apis = resourcesOfType(artifact.template, 'AWS::AppSync::GraphQLApi', resolver);
  if (apis.length !== 1) {
    throw new Error(apis.length === 0 ? 'the stack has no AWS::AppSync::GraphQLApi' : `the stack has ${apis.length} GraphQL APIs; the local server runs one`);
  }
  const api = apis[0]!;
  const props = resolver.resolve(api.Properties ?? {}) as Record<string, unknown>;
  const apiId = resolver.resources.getAtt(api.logicalId, 'ApiId');
  const ofApi = (type: string) => resourcesOfType(artifact.template, type, resolver).filter((r) => resolver.resolve(r.Properties?.['ApiId']) === apiId);
  const read = <T>(r: TemplateResource) => resolver.resolve(r.Properties ?? {}) as T;

  const schemas = ofApi('AWS::AppSync::GraphQLSchema');
  if (schemas.length !== 1) throw new Error(`the API ${String(props['Name'])} needs exactly one AWS::AppSync::GraphQLSchema`);
  const schemaProps = read<{ Definition?: string; DefinitionS3Location?: string }>(schemas[0]!);
  const schema = schemaProps.Definition ?? readAsset(artifact, schemaProps.DefinitionS3Location, 'the schema');

  const dataSources = new Map<string, DataSourceDefinition>();
  for (const r of ofApi('AWS::AppSync::DataSource')) {
    const { properties, endpointProblem } = readDataSource(r, resolver);
    dataSources.set(String(properties['Name']), dataSourceDefinition(properties, endpointProblem));
  }

  const functions = new Map<string, FunctionDefinition>();
  for (const r of ofApi('AWS::AppSync::FunctionConfiguration')) {
    const fn = read<Record<string, unknown>>(r);
    const id = resolver.resources.getAtt(r.logicalId, 'FunctionId');
    const code = codeOf(artifact, fn, `function ${String(fn['Name'])}`);
    functions.set(id, {
      id,
      name: String(fn['Name']),
      dataSourceName: String(fn['DataSourceName']),
      code: code.code,
      ...(code.unsupported ? { unsupported: code.unsupported } : {}),
    });
  }

  const resolvers: ResolverDefinition[] = ofApi('AWS::AppSync::Resolver').map((r) => {
    const p = read<Record<string, unknown>>(r);
    const typeName = String(p['TypeName']);
    const fieldName = String(p['FieldName']);
    const kind = p['Kind'] === 'PIPELINE' ? 'PIPELINE' : 'UNIT';
    const code = codeOf(artifact, p, `resolver ${typeName}.${fieldName}`);
    const dataSourceName = typeof p['DataSourceName'] === 'string' ? p['DataSourceName'] : null;
    const pipeline = (p['PipelineConfig'] as { Functions?: string[] } | undefined)?.Functions ?? [];
    // A unit resolver on a Lambda data source without code is a direct Lambda resolver.
    const direct = kind === 'UNIT' && code.code === null && !code.unsupported && dataSourceName !== null && dataSources.get(dataSourceName)?.type === 'AWS_LAMBDA';
    const unsupported = code.unsupported ?? (code.code === null && !direct ? 'it has no code' : undefined);
    return {
      logicalId: r.logicalId,
      typeName,
      fieldName,
      kind,
      dataSourceName,
      functionIds: pipeline.map(String),
      code: code.code,
      ...(unsupported ? { unsupported } : {}),
    };
  });

  const authProviders = [
    authProvider(props, true, resolver.env.region),
    ...((props['AdditionalAuthenticationProviders'] as Record<string, unknown>[] | undefined) ?? []).map((p) => authProvider(p, false, resolver.env.region)),
  ];
  return {
    name: String(props['Name']),
    apiId,
    apiArn: resolver.resources.getAtt(api.logicalId, 'Arn'),
    schema,
    defaultAuthMode: authProviders[0]!.type,
    additionalAuthModes: authProviders.slice(1).map((p) => p.type),
    authProviders,
    queryDepthLimit: Number(props['QueryDepthLimit'] ?? 0),
    resolverCountLimit: Number(props['ResolverCountLimit'] ?? 0) || DEFAULT_RESOLVER_COUNT_LIMIT,
    introspection: props['IntrospectionConfig'] !== 'DISABLED',
    environmentVariables: Object.fromEntries(Object.entries((props['EnvironmentVariables'] as Record<string, unknown> | undefined) ?? {}).map(([k, v]) => [k, String(v)])),
    dataSources,
    functions,
    resolvers,
  };
}

function authMode(type: string): AuthMode {
  if (!(AUTH_MODES as readonly string[]).includes(type)) throw new Error(`unknown AppSync authentication type ${type}`);
  return type as AuthMode;
}

/**
 * A provider from the API's properties (the default) or an AdditionalAuthenticationProviders
 * entry, whose user pool configuration has no DefaultAction
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-appsync-graphqlapi-additionalauthenticationprovider.html).
 */
function authProvider(props: Record<string, unknown>, isDefault: boolean, stackRegion: string): AuthProviderDefinition {
  const type = authMode(String(props['AuthenticationType']));
  const text = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v));
  switch (type) {
    case 'AMAZON_COGNITO_USER_POOLS': {
      const config = (props['UserPoolConfig'] ?? {}) as Record<string, unknown>;
      const userPoolId = text(config['UserPoolId']);
      if (!userPoolId) throw new Error(`the ${isDefault ? 'default' : 'additional'} AMAZON_COGNITO_USER_POOLS provider has no UserPoolConfig.UserPoolId`);
      const action = text(config['DefaultAction']);
      if (action !== null && action !== 'ALLOW' && action !== 'DENY') throw new Error(`UserPoolConfig.DefaultAction must be ALLOW or DENY, not ${action}`);
      return {
        type,
        isDefault,
        userPoolId,
        awsRegion: text(config['AwsRegion']) ?? stackRegion,
        appIdClientRegex: text(config['AppIdClientRegex']),
        defaultAction: isDefault ? ((action as 'ALLOW' | 'DENY' | null) ?? 'ALLOW') : null,
      };
    }
    case 'OPENID_CONNECT': {
      const config = (props['OpenIDConnectConfig'] ?? {}) as Record<string, unknown>;
      const issuer = text(config['Issuer']);
      if (!issuer) throw new Error(`the ${isDefault ? 'default' : 'additional'} OPENID_CONNECT provider has no OpenIDConnectConfig.Issuer`);
      return { type, isDefault, issuer, clientId: text(config['ClientId']), iatTtlMs: Number(config['IatTTL'] ?? 0), authTtlMs: Number(config['AuthTTL'] ?? 0) };
    }
    case 'AWS_LAMBDA': {
      const config = (props['LambdaAuthorizerConfig'] ?? {}) as Record<string, unknown>;
      const authorizerUri = text(config['AuthorizerUri']);
      if (!authorizerUri) throw new Error(`the ${isDefault ? 'default' : 'additional'} AWS_LAMBDA provider has no LambdaAuthorizerConfig.AuthorizerUri`);
      return {
        type,
        isDefault,
        authorizerUri,
        functionArn: unqualifiedFunctionArn(authorizerUri),
        resultTtlSeconds: Number(config['AuthorizerResultTtlInSeconds'] ?? 0),
        identityValidationExpression: text(config['IdentityValidationExpression']),
      };
    }
    default:
      return { type, isDefault };
  }
}

/** `arn:aws:lambda:<region>:<account>:function:<name>` without a version or alias qualifier. */
export function unqualifiedFunctionArn(arn: string): string {
  const parts = arn.split(':');
  return parts.length === 8 && parts[2] === 'lambda' && parts[5] === 'function' ? parts.slice(0, 7).join(':') : arn;
}

/**
 * A data source's properties resolved. An HTTP endpoint often names what only exists in AWS (an
 * API Gateway's or another stack's URL); that must not stop the whole API from loading, so it is
 * resolved apart, and a failure is kept as the reason (the call then asks for an override).
 */
function readDataSource(r: TemplateResource, resolver: TemplateResolver): { properties: Record<string, unknown>; endpointProblem?: string } {
  const raw = r.Properties ?? {};
  const httpConfig = raw['HttpConfig'];
  if (raw['Type'] !== 'HTTP' || httpConfig === null || typeof httpConfig !== 'object') return { properties: resolver.resolve(raw) as Record<string, unknown> };
  const { Endpoint: endpoint, ...rest } = httpConfig as Record<string, unknown>;
  const properties = resolver.resolve({ ...raw, HttpConfig: rest }) as Record<string, unknown>;
  try {
    (properties['HttpConfig'] as Record<string, unknown>)['Endpoint'] = resolver.resolve(endpoint);
    return { properties };
  } catch (err) {
    return { properties, endpointProblem: `its HttpConfig.Endpoint cannot be resolved locally: ${(err as Error).message}` };
  }
}

function httpDataSource(name: string, ds: Record<string, unknown>, endpointProblem: string | undefined): DataSourceDefinition {
  const config = (ds['HttpConfig'] ?? {}) as { Endpoint?: unknown; AuthorizationConfig?: { AuthorizationType?: unknown; AwsIamConfig?: { SigningRegion?: unknown; SigningServiceName?: unknown } } };
  const endpoint = config.Endpoint;
  const auth = config.AuthorizationConfig;
  let signing: { signingRegion: string; signingServiceName: string } | null = null;
  if (auth) {
    if (auth.AuthorizationType !== 'AWS_IAM')
      return { name, type: 'HTTP', unsupported: `HttpConfig.AuthorizationConfig.AuthorizationType ${String(auth.AuthorizationType)} is not AWS_IAM, the only type AppSync accepts` };
    const region = auth.AwsIamConfig?.SigningRegion;
    const service = auth.AwsIamConfig?.SigningServiceName;
    if (typeof region !== 'string' || typeof service !== 'string') {
      return { name, type: 'HTTP', unsupported: 'AWS_IAM authorization needs HttpConfig.AuthorizationConfig.AwsIamConfig with SigningRegion and SigningServiceName' };
    }
    signing = { signingRegion: region, signingServiceName: service };
  }
  if (endpointProblem !== undefined) return { name, type: 'HTTP', endpoint: null, endpointProblem, signing };
  if (typeof endpoint !== 'string' || endpoint === '') return { name, type: 'HTTP', endpoint: null, endpointProblem: 'it has no HttpConfig.Endpoint', signing };
  return { name, type: 'HTTP', endpoint, signing };
}

function dataSourceDefinition(ds: Record<string, unknown>, endpointProblem?: string): DataSourceDefinition {
  const name = String(ds['Name']);
  const type = String(ds['Type']);
  switch (type) {
    case 'AMAZON_DYNAMODB': {
      const config = ds['DynamoDBConfig'] as { TableName: string; AwsRegion: string };
      return { name, type, tableName: config.TableName, region: config.AwsRegion };
    }
    case 'AWS_LAMBDA':
      return { name, type, functionArn: (ds['LambdaConfig'] as { LambdaFunctionArn: string }).LambdaFunctionArn };
    case 'NONE':
      return { name, type };
    case 'HTTP':
      return httpDataSource(name, ds, endpointProblem);
    default:
      return { name, type, unsupported: `${type} data sources are not supported by the local server` };
  }
}

function codeOf(artifact: StackArtifact, props: Record<string, unknown>, what: string): { code: CodeDefinition | null; unsupported?: string } {
  const runtime = props['Runtime'] as { Name?: string } | undefined;
  // A response template alone counts too: on a Lambda data source it is a direct Lambda request with a VTL response.
  const vtl = ['RequestMappingTemplate', 'RequestMappingTemplateS3Location', 'ResponseMappingTemplate', 'ResponseMappingTemplateS3Location'].some((k) => props[k] !== undefined);
  if (vtl || (runtime && runtime.Name !== 'APPSYNC_JS')) {
    return { code: null, unsupported: `${what} uses VTL mapping templates, which the local server does not run (APPSYNC_JS only)` };
  }
  if (typeof props['Code'] === 'string') return { code: { text: props['Code'], origin: 'inline' } };
  if (typeof props['CodeS3Location'] === 'string') {
    const key = objectKeyOf(props['CodeS3Location']);
    const file = artifact.assetPath(key);
    if (!file) throw new Error(`${what}: its code ${props['CodeS3Location']} is not among the assembly's assets`);
    return { code: { text: readFileSync(file, 'utf8'), origin: file } };
  }
  return { code: null };
}

function readAsset(artifact: StackArtifact, s3Uri: string | undefined, what: string): string {
  if (!s3Uri) throw new Error(`${what} has neither Definition nor DefinitionS3Location`);
  const file = artifact.assetPath(objectKeyOf(s3Uri));
  if (!file) throw new Error(`${what}: ${s3Uri} is not among the assembly's assets`);
  return readFileSync(file, 'utf8');
}
