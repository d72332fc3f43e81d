/**
 * The add-user function (functions/add-user/handler.ts), the API's Lambda data source for
 * Mutation.addUser: one TransactWriteItems of two conditional Puts (profile and email guard). It
 * reads a signed-in caller's verified email from the user pool (AdminGetUser, on that pool only).
 */
import type { RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { PowertoolsLogLevel } from '../config.js';
import { NodeFunction } from './node-function.js';
import type { UsersOrdersUserPool } from './user-pool.js';

/**
 * What a TransactWriteItems of conditional Puts needs: IAM has no TransactWriteItems action, each
 * item is authorized as its own operation (PutItem; ConditionCheckItem for condition checks).
 * GetItem covers reading back a profile. On the table only, never its index.
 */
export const ADD_USER_TABLE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem'] as const;

export interface AddUserFunctionProps {
  readonly table: ITable;
  readonly userPool: UsersOrdersUserPool;
  readonly logLevel: PowertoolsLogLevel;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

export class AddUserFunction extends Construct {
  readonly handler: NodeFunction;

  constructor(scope: Construct, id: string, props: AddUserFunctionProps) {
    super(scope, id);
    this.handler = new NodeFunction(this, 'Handler', {
      entry: 'functions/add-user/handler.ts',
      serviceName: 'add-user',
      description: 'AppSync data source for Mutation.addUser: the transactional unique-user insert',
      logLevel: props.logLevel,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.handler.bindTable(props.table, { actions: ADD_USER_TABLE_ACTIONS }).bind('USER_POOL_ID', props.userPool.userPool.userPoolId, (grantee) => props.userPool.grantGetUser(grantee));
  }
}
