/**
 * The AppSync GraphQL API: the schema in schema/schema.graphql (never
 * local/graphql/appsync-prelude.graphql, which redeclares AppSync's own scalars and directives for
 * tooling and the local server, and AppSync rejects), the Cognito user pool as the default auth
 * mode (frontends: tokens of the pool's web client only; DefaultAction ALLOW, which AppSync
 * requires with additional modes: the schema's directives then decide) and AWS_IAM as an
 * additional one (services). No API key: a key ships in every frontend's code and says nothing
 * about who calls. X-Ray, field logs at the stage's level without verbose content, and the
 * stage's query depth limit and introspection setting.
 */
import path from 'node:path';
import { type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AuthorizationType, type CfnGraphQLApi, Definition, type FieldLogLevel, GraphqlApi, IntrospectionConfig, UserPoolDefaultAction } from 'aws-cdk-lib/aws-appsync';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PROJECT_ROOT } from './node-function.js';

/** The deployed schema. */
export const SCHEMA_FILE = path.join(PROJECT_ROOT, 'schema', 'schema.graphql');

export interface UsersOrdersApiProps {
  readonly name: string;
  /** The default auth mode's pool, and the one app client whose tokens it accepts. */
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  readonly queryDepthLimit: number;
  readonly introspection: boolean;
  readonly fieldLogLevel: FieldLogLevel;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** Resolver code reads it as ctx.env.TABLE_NAME (transactions name their table per item). */
  readonly tableName: string;
}

export class UsersOrdersApi extends Construct {
  readonly api: GraphqlApi;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: UsersOrdersApiProps) {
    super(scope, id);

    this.api = new GraphqlApi(this, 'Api', {
      name: props.name,
      definition: Definition.fromFile(SCHEMA_FILE),
      authorizationConfig: {
        defaultAuthorization: {
          authorizationType: AuthorizationType.USER_POOL,
          userPoolConfig: {
            userPool: props.userPool,
            // A client id is letters and digits, so it is a regular expression matching itself only.
            appIdClientRegex: props.userPoolClient.userPoolClientId,
            defaultAction: UserPoolDefaultAction.ALLOW,
          },
        },
        additionalAuthorizationModes: [{ authorizationType: AuthorizationType.IAM }],
      },
      xrayEnabled: true,
      queryDepthLimit: props.queryDepthLimit,
      introspectionConfig: props.introspection ? IntrospectionConfig.ENABLED : IntrospectionConfig.DISABLED,
      environmentVariables: { TABLE_NAME: props.tableName },
    });

    // Logging is configured on the CloudFormation resource rather than through `logConfig`: that
    // prop makes CDK add a Custom::LogRetention Lambda (with an AWS managed policy and logs
    // permissions on *) just to set the retention of a log group AppSync would create. Here the
    // log group is ours, with the stage's retention and removal policy, and AppSync's role may
    // write to it and nothing else (no logs:CreateLogGroup, so it cannot create an unmanaged one).
    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/appsync/apis/${this.api.apiId}`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const logsRole = new Role(this, 'LogsRole', {
      assumedBy: new ServicePrincipal('appsync.amazonaws.com'),
      description: `Lets AppSync write the ${props.name} API's logs`,
    });
    this.logGroup.grantWrite(logsRole);

    const cfnApi = this.api.node.defaultChild as CfnGraphQLApi;
    cfnApi.logConfig = {
      cloudWatchLogsRoleArn: logsRole.roleArn,
      fieldLogLevel: props.fieldLogLevel,
      excludeVerboseContent: true,
    };
    Validations.of(cfnApi).acknowledge({
      id: 'AwsSolutions-ASC3',
      reason:
        'Request and field logging is on (field level ERROR in every stage); ASC3 also demands verbose content, which would write request headers and every resolved argument (emails, addresses) to CloudWatch. It is excluded on purpose, as Security Hub AppSync.2 allows.',
    });
  }
}
