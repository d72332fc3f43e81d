/**
 * The users-and-orders API for one stage. It only composes the constructs in infra/constructs/;
 * what each resource looks like is decided there and in infra/config.ts.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config.js';
import { AddUserFunction } from '../constructs/add-user-function.js';
import { ApiResolvers } from '../constructs/api-resolvers.js';
import { SCHEMA_FILE, UsersOrdersApi } from '../constructs/graphql-api.js';
import { Monitoring } from '../constructs/monitoring.js';
import { OrderEvents } from '../constructs/order-events.js';
import { UsersOrdersTable } from '../constructs/tables.js';

export interface UsersOrdersStackProps extends StackProps {
  readonly stage: StageConfig;
}

export class UsersOrdersStack extends Stack {
  readonly data: UsersOrdersTable;
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

    this.graphql = new UsersOrdersApi(this, 'GraphQL', {
      ...lifecycle,
      name,
      apiKeyExpiryDays: stage.apiKeyExpiryDays,
      queryDepthLimit: stage.queryDepthLimit,
      introspection: stage.introspection,
      fieldLogLevel: stage.apiFieldLogLevel,
      tableName: this.data.table.tableName,
    });

    this.addUser = new AddUserFunction(this, 'AddUser', { ...lifecycle, table: this.data.table, logLevel: stage.functionLogLevel });

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
    this.monitoring.alarmOnApiServerErrors('Api5xxErrors', this.graphql.api);
    this.monitoring.alarmOnQueueNotEmpty('OrderEventsDeadLetters', this.orderEvents.deadLetterQueue, 'order-events dead-letter queue');

    // The API key's value is deliberately not an output: read it with `aws appsync list-api-keys`.
    new CfnOutput(this, 'GraphqlUrl', { value: this.graphql.api.graphqlUrl, description: 'GraphQL endpoint' });
    new CfnOutput(this, 'GraphqlApiId', { value: this.graphql.api.apiId, description: 'AppSync API id' });
    new CfnOutput(this, 'OrderEventsTopicArn', { value: this.orderEvents.topic.topicArn, description: 'Subscribe here for order events' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn, description: 'Subscribe here for alarms' });
  }
}
