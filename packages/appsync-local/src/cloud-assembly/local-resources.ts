/**
 * What `Ref` and `Fn::GetAtt` return for each resource when the template runs locally: physical
 * names, ARNs in the local account and region, the local GraphQL URL. Names are deterministic
 * (`<stack>-<logicalId>` where CloudFormation would add a random suffix), so data persisted under
 * .local/ still matches its tables after a restart.
 *
 * Values only known once something runs (a table's stream ARN from DynamoDB Local) are set by
 * whoever learns them; asking for one before that is an error that names the resource.
 * Return values follow the CloudFormation resource reference
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html).
 */
import { cognitoProviderName, localUserPoolClientId, localUserPoolClientSecret, localUserPoolId } from '../cognito/local-ids.js';
import type { CfnTemplate } from './template.js';

export interface LocalEnvironment {
  region: string;
  accountId: string;
  stackName: string;
  /** The local GraphQL endpoint (`http://localhost:4000/graphql`). */
  graphqlUrl: string;
  /** The local real-time endpoint (`ws://localhost:4000/graphql/realtime`). */
  realtimeUrl: string;
  /** The API key the local server accepts, returned for AWS::AppSync::ApiKey's ApiKey. */
  apiKey: string;
  /**
   * Where the local Cognito serves its pools' issuers (`http://localhost:4000/_local/cognito`):
   * a user pool's ProviderURL is then `<base>/<poolId>`, the `iss` of the tokens it signs, so a
   * function verifying tokens against ProviderURL finds the local JWKS. Without it, ProviderURL
   * has Cognito's shape (`https://cognito-idp.<region>.amazonaws.com/<poolId>`).
   */
  cognitoIssuerBase?: string;
}

/** The account id LocalStack and other emulators use; never a real account. */
export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_API_ID = 'local';
/** The number every published Lambda version has locally (only the function's current code runs). */
export const LOCAL_FUNCTION_VERSION = '1';

interface Identity {
  ref: () => string;
  attributes: Record<string, () => string>;
}

/** The property that holds a resource type's physical name, when the template may set it. */
const NAME_PROPERTIES: Record<string, string> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::DynamoDB::GlobalTable': 'TableName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::Pipes::Pipe': 'Name',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::AppSync::DataSource': 'Name',
  'AWS::AppSync::FunctionConfiguration': 'Name',
  'AWS::Cognito::UserPool': 'UserPoolName',
  'AWS::Cognito::UserPoolClient': 'ClientName',
  'AWS::Cognito::UserPoolGroup': 'GroupName',
  'AWS::Cognito::UserPoolUser': 'Username',
};

export class LocalResources {
  private readonly known = new Map<string, string>();

  constructor(
    private readonly template: CfnTemplate,
    readonly env: LocalEnvironment,
    /** Resolves a property value that may hold intrinsics (a name given as Fn::Join, say). */
    private readonly resolveValue: (value: unknown) => unknown,
  ) {}

  /** Records a value learnt at run time, e.g. `set('Table', 'StreamArn', arn)`. */
  set(logicalId: string, attribute: string, value: string): void {
    this.known.set(`${logicalId}.${attribute}`, value);
  }

  ref(logicalId: string): string {
    return this.identity(logicalId).ref();
  }

  getAtt(logicalId: string, attribute: string): string {
    const learnt = this.known.get(`${logicalId}.${attribute}`);
    if (learnt !== undefined) return learnt;
    const identity = this.identity(logicalId);
    const get = identity.attributes[attribute];
    if (!get) {
      const type = this.template.Resources[logicalId]?.Type;
      throw new Error(`Fn::GetAtt ${logicalId}.${attribute}: the attribute of ${type} is not available locally`);
    }
    return get();
  }

  /** The resource's physical name: its name property when set, else `<stack>-<logicalId>`. */
  physicalName(logicalId: string): string {
    const resource = this.resource(logicalId);
    const property = NAME_PROPERTIES[resource.Type];
    const given = property ? resource.Properties?.[property] : undefined;
    if (given !== undefined) {
      const name = this.resolveValue(given);
      if (typeof name === 'string') return name;
    }
    return `${this.env.stackName}-${logicalId}`;
  }

  private resource(logicalId: string) {
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new Error(`the template has no resource ${logicalId}`);
    return resource;
  }

  private identity(logicalId: string): Identity {
    const { region, accountId } = this.env;
    const type = this.resource(logicalId).Type;
    const name = () => this.physicalName(logicalId);
    const arn = (service: string, resource: string, scoped = true) => `arn:aws:${service}:${scoped ? region : ''}:${accountId}:${resource}`;
    const apiArn = `arn:aws:appsync:${region}:${accountId}:apis/${LOCAL_API_ID}`;
    const props = () => this.resource(logicalId).Properties ?? {};
    const prop = (key: string) => () => String(this.resolveValue(props()[key]));
    // A function named by name, ARN, or qualified ARN, as Lambda takes it.
    const functionArnOf = (nameOrArn: string) => (nameOrArn.startsWith('arn:') ? nameOrArn.split(':').slice(0, 7).join(':') : arn('lambda', `function:${nameOrArn}`));

    switch (type) {
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable':
        return { ref: name, attributes: { Arn: () => arn('dynamodb', `table/${name()}`) } };
      case 'AWS::Lambda::Function':
        return { ref: name, attributes: { Arn: () => arn('lambda', `function:${name()}`) } };
      // An alias or version ARN is the function's ARN with a qualifier (AppSync's Lambda authorizer may name one).
      case 'AWS::Lambda::Alias': {
        const aliasArn = () => `${functionArnOf(prop('FunctionName')())}:${prop('Name')()}`;
        return { ref: aliasArn, attributes: { AliasArn: aliasArn } };
      }
      case 'AWS::Lambda::Version': {
        const versionArn = () => `${functionArnOf(prop('FunctionName')())}:${LOCAL_FUNCTION_VERSION}`;
        return { ref: versionArn, attributes: { Version: () => LOCAL_FUNCTION_VERSION, FunctionArn: versionArn } };
      }
      case 'AWS::SNS::Topic': {
        const topicArn = () => arn('sns', name());
        return { ref: topicArn, attributes: { TopicArn: topicArn, TopicName: name } };
      }
      case 'AWS::SQS::Queue': {
        const url = () => `https://sqs.${region}.amazonaws.com/${accountId}/${name()}`;
        return { ref: url, attributes: { Arn: () => arn('sqs', name()), QueueName: name, QueueUrl: url } };
      }
      case 'AWS::IAM::Role':
        return { ref: name, attributes: { Arn: () => arn('iam', `role/${name()}`, false), RoleId: () => `AROA${logicalId.toUpperCase().slice(0, 17)}` } };
      case 'AWS::Logs::LogGroup':
        return { ref: name, attributes: { Arn: () => arn('logs', `log-group:${name()}:*`) } };
      case 'AWS::KMS::Key':
        return { ref: () => logicalId, attributes: { Arn: () => arn('kms', `key/${logicalId}`), KeyId: () => logicalId } };
      case 'AWS::Pipes::Pipe':
        return { ref: name, attributes: { Arn: () => arn('pipes', `pipe/${name()}`) } };
      case 'AWS::CloudWatch::Alarm':
        return { ref: name, attributes: { Arn: () => arn('cloudwatch', `alarm:${name()}`) } };
      case 'AWS::AppSync::GraphQLApi': {
        const host = () => new URL(this.env.graphqlUrl).host;
        return {
          ref: () => apiArn,
          attributes: {
            ApiId: () => LOCAL_API_ID,
            Arn: () => apiArn,
            GraphQLUrl: () => this.env.graphqlUrl,
            GraphQLDns: host,
            RealtimeUrl: () => this.env.realtimeUrl,
            RealtimeDns: host,
            GraphQLEndpointArn: () => apiArn,
          },
        };
      }
      case 'AWS::AppSync::ApiKey': {
        const keyArn = () => `${apiArn}/apikeys/local`;
        return { ref: keyArn, attributes: { ApiKey: () => this.env.apiKey, Arn: keyArn, ApiKeyId: () => 'local' } };
      }
      case 'AWS::AppSync::DataSource': {
        const dsArn = () => `${apiArn}/datasources/${name()}`;
        return { ref: dsArn, attributes: { DataSourceArn: dsArn, Name: name } };
      }
      case 'AWS::AppSync::FunctionConfiguration': {
        const fnArn = () => `${apiArn}/functions/${logicalId}`;
        return {
          ref: fnArn,
          attributes: { FunctionArn: fnArn, FunctionId: () => logicalId, Name: name, DataSourceName: prop('DataSourceName') },
        };
      }
      case 'AWS::AppSync::Resolver': {
        const resolverArn = () => `${apiArn}/types/${String(this.resolveValue(props()['TypeName']))}/resolvers/${String(this.resolveValue(props()['FieldName']))}`;
        return { ref: resolverArn, attributes: { ResolverArn: resolverArn, TypeName: prop('TypeName'), FieldName: prop('FieldName') } };
      }
      case 'AWS::Cognito::UserPool': {
        const { stackName } = this.env;
        const poolId = () => localUserPoolId(region, stackName, logicalId);
        return {
          ref: poolId,
          attributes: {
            Arn: () => arn('cognito-idp', `userpool/${poolId()}`),
            ProviderName: () => cognitoProviderName(poolId()),
            ProviderURL: () => (this.env.cognitoIssuerBase ? `${this.env.cognitoIssuerBase.replace(/\/$/, '')}/${poolId()}` : `https://${cognitoProviderName(poolId())}`),
            UserPoolId: poolId,
          },
        };
      }
      case 'AWS::Cognito::UserPoolClient': {
        const { stackName } = this.env;
        const clientId = () => localUserPoolClientId(stackName, logicalId);
        return {
          ref: clientId,
          attributes: {
            ClientId: clientId,
            Name: name,
            ClientSecret: () => {
              const generate = this.resolveValue(props()['GenerateSecret']);
              if (generate !== true && generate !== 'true') throw new Error(`Fn::GetAtt ${logicalId}.ClientSecret: the client has no secret (GenerateSecret is not true)`);
              return localUserPoolClientSecret(stackName, logicalId);
            },
          },
        };
      }
      default: {
        // Anything else still gets a stable name and ARN, so templates that merely mention it resolve.
        const service = type.split('::')[1]?.toLowerCase() ?? 'unknown';
        return { ref: name, attributes: { Arn: () => arn(service, name()) } };
      }
    }
  }
}
