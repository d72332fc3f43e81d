/**
 * AppSync's data sources bound to the local services: a DynamoDB data source to its table in
 * DynamoDB Local, a Lambda data source to the template's function run locally, an HTTP data
 * source to its endpoint (or the local URL that overrides it), NONE to itself.
 * The kinds the local server does not run answer every request with an error that names them.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DataSourceDefinition } from '../graphql/api-definition.js';
import type { DataSourceHandler } from '../graphql/executable-api.js';
import type { LambdaInvoker } from '../services/local-service.js';
import { DynamoDbDataSource } from './dynamodb.js';
import { endpointOverride, HttpDataSource, type HttpCredentials } from './http.js';
import { LambdaDataSource } from './lambda.js';
import { invokeNoneDataSource } from './none.js';

export interface DataSourceServices {
  /** Asked on first use: the API is built before DynamoDB Local is up. */
  dynamodb: () => DynamoDBClient;
  lambda: LambdaInvoker;
  http: {
    /** Local URLs by data source name, in place of the template's endpoints. */
    endpoints: Readonly<Record<string, string>>;
    /** What AWS_IAM data sources sign with: the local IAM credentials. */
    credentials: HttpCredentials;
    timeoutMs?: number;
  };
  log: (line: string) => void;
}

export function bindDataSource(definition: DataSourceDefinition, services: DataSourceServices): DataSourceHandler {
  switch (definition.type) {
    case 'AMAZON_DYNAMODB': {
      const { tableName } = definition as Extract<DataSourceDefinition, { type: 'AMAZON_DYNAMODB' }>;
      let table: DynamoDbDataSource | undefined;
      return (request) => (table ??= new DynamoDbDataSource(services.dynamodb(), tableName)).invoke(request);
    }
    case 'AWS_LAMBDA': {
      const { functionArn } = definition as Extract<DataSourceDefinition, { type: 'AWS_LAMBDA' }>;
      const source = new LambdaDataSource({ invoke: (event) => services.lambda.invoke(functionArn, event) }, (err) => services.log(`data source ${definition.name}: ${(err as Error).message}`));
      return (request) => source.invoke(request);
    }
    case 'HTTP': {
      const { endpoint, endpointProblem, signing } = definition as Extract<DataSourceDefinition, { type: 'HTTP' }>;
      const source = new HttpDataSource({
        name: definition.name,
        endpoint: endpointOverride(services.http.endpoints, definition.name) ?? endpoint,
        ...(endpointProblem !== undefined ? { endpointProblem } : {}),
        signing,
        credentials: services.http.credentials,
        ...(services.http.timeoutMs !== undefined ? { timeoutMs: services.http.timeoutMs } : {}),
      });
      return (request) => source.invoke(request);
    }
    case 'NONE':
      return async (request) => invokeNoneDataSource(request);
    default:
      return async () => ({ error: { message: `${definition.type} data sources are not supported by the local server`, type: 'UnsupportedDataSource' } });
  }
}
