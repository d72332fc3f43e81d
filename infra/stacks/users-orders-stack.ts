/**
 * The users-and-orders API for one stage. It only composes the constructs in infra/constructs/;
 * what each resource looks like is decided there and in infra/config.ts.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { ADMIN_GROUP } from '../../resolvers/lib/callers.js';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config.js';
import { AddUserFunction } from '../constructs/add-user-function.js';
import { ApiResolvers } from '../constructs/api-resolvers.js';
import { SCHEMA_FILE, UsersOrdersApi } from '../constructs/graphql-api.js';
import { Monitoring } from '../constructs/monitoring.js';
import { OrderEvents } from '../constructs/order-events.js';
import { UsersOrdersTable } from '../constructs/tables.js';
import { UsersOrdersUserPool } from '../constructs/user-pool.js';

export interface UsersOrdersStackProps extends StackProps {
  readonly stage: StageConfig;
}

export class UsersOrdersStack extends Stack {
  readonly data: UsersOrdersTable;
  readonly users: UsersOrdersUserPool;
  readonly graphql: UsersOrdersApi;
  readonly addUser: AddUserFunction;
  readonly resolvers: ApiResolvers;
  readonly orderEvents: OrderEvents;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: UsersOrdersStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const name = `users-orders-${stage.name}`;
    const lifecycle = { removalPolicy: stage.removalPolicy, logRetention: stage.logRetention };

    this.data = new UsersOrdersTable(this, 'Data', { removalPolicy: stage.removalPolicy });

    this.users = new UsersOrdersUserPool(this, 'Users', { ...lifecycle, name, settings: stage.userPool, table: this.data.table, logLevel: stage.functionLogLevel });

    this.graphql = new UsersOrdersApi(this, 'GraphQL', {
      ...lifecycle,
      name,
      userPool: this.users.userPool,
      userPoolClient: this.users.webClient,
      queryDepthLimit: stage.queryDepthLimit,
      introspection: stage.introspection,
      fieldLogLevel: stage.apiFieldLogLevel,
      tableName: this.data.table.tableName,
    });

    this.addUser = new AddUserFunction(this, 'AddUser', { ...lifecycle, table: this.data.table, userPool: this.users, logLevel: stage.functionLogLevel });

    this.resolvers = new ApiResolvers(this, 'Resolvers', {
      api: this.graphql.api,
      table: this.data,
      addUserFunction: this.addUser.handler.function,
      schemaFile: SCHEMA_FILE,
    });

    this.orderEvents = new OrderEvents(this, 'OrderEvents', {
      ...lifecycle,
      table: this.data,
      api: this.graphql.api,
      graphqlUrl: this.graphql.api.graphqlUrl,
      logLevel: stage.functionLogLevel,
      maximumRetryAttempts: stage.pipe.maximumRetryAttempts,
      maximumRecordAge: stage.pipe.maximumRecordAge,
    });

    this.monitoring = new Monitoring(this, 'Monitoring', { namePrefix: name, removalPolicy: stage.removalPolicy });
    this.monitoring.alarmOnFunctionErrors('AddUserErrors', this.addUser.handler.function, 'add-user');
    this.monitoring.alarmOnFunctionErrors('OrderEventsErrors', this.orderEvents.handler.function, 'order-events');
    this.monitoring.alarmOnFunctionErrors('PreSignUpErrors', this.users.preSignUp.function, 'pre-sign-up');
    this.monitoring.alarmOnApiServerErrors('Api5xxErrors', this.graphql.api);
    this.monitoring.alarmOnQueueNotEmpty('OrderEventsDeadLetters', this.orderEvents.deadLetterQueue, 'order-events dead-letter queue');

    // What a frontend needs (no secret among them: the app client has none), one by one and as the
    // object Amplify v6 takes: Amplify.configure(JSON.parse(<AmplifyConfiguration>)).
    const frontend = {
      API: { GraphQL: { endpoint: this.graphql.api.graphqlUrl, region: this.region, defaultAuthMode: 'userPool' } },
      Auth: { Cognito: { userPoolId: this.users.userPool.userPoolId, userPoolClientId: this.users.webClient.userPoolClientId } },
    };
    new CfnOutput(this, 'GraphqlUrl', { value: this.graphql.api.graphqlUrl, description: 'GraphQL endpoint' });
    new CfnOutput(this, 'GraphqlApiId', { value: this.graphql.api.apiId, description: 'AppSync API id' });
    new CfnOutput(this, 'Region', { value: this.region, description: 'Region of the API and the user pool' });
    new CfnOutput(this, 'UserPoolId', { value: this.users.userPool.userPoolId, description: `Cognito user pool frontends sign in with; admins are its "${ADMIN_GROUP}" group` });
    new CfnOutput(this, 'UserPoolClientId', { value: this.users.webClient.userPoolClientId, description: 'App client of web and mobile frontends (no secret; SRP sign-in)' });
    new CfnOutput(this, 'AmplifyConfiguration', { value: this.toJsonString(frontend), description: 'Amplify.configure(JSON.parse(this)) in a frontend' });
    new CfnOutput(this, 'OrderEventsTopicArn', { value: this.orderEvents.topic.topicArn, description: 'Subscribe here for order events' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn, description: 'Subscribe here for alarms' });
  }
}
