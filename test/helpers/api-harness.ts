/**
 * The API's resolvers as deployed (bundled from the manifest, run by the APPSYNC_JS runtime) over
 * real data sources: DynamoDB Local for the table, the add-user function's own code for the
 * Lambda data source, NONE. Fields are resolved one at a time; a child field (User.orders) gets its
 * parent's value as source, as AppSync does. Counts every data-source call per field.
 *
 * Callers are a service (IAM) unless a call says otherwise: these tests are about data, and who
 * may do what is test/unit/resolvers/authorization.test.ts and test/e2e/permissions.test.ts. The
 * add-user data source checks a signed-in caller's email against `accounts`, a stand-in for the
 * user pool (none by default: a user pool caller's addUser is then unauthorized).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addUserAs, type AddUserRequest } from '../../functions/add-user/add-user.js';
import type { AccountLookup } from '../../functions/add-user/verified-email.js';
import { bundleAppSyncJs } from '../../infra/appsync-js-bundle.js';
import { AppSyncJsRuntime, executeResolver, type DataSourceInvoker, type FieldResolution, type ResolverDefinition } from 'appsync-local/runtime';
import { DynamoDbDataSource } from 'appsync-local/runtime';
import { invokeNoneDataSource } from 'appsync-local/runtime';
import { functionFile, RESOLVERS, resolverFile, type DataSourceRole } from '../../resolvers/manifest.js';
import { callerContext, type Caller } from './resolvers.js';

export interface FieldCall {
  source?: unknown;
  /** @default 'IAM' */
  auth?: Caller;
}

export interface ApiHarness {
  field(typeName: string, fieldName: string, args?: Record<string, unknown>, call?: FieldCall): Promise<FieldResolution & { dataSourceCalls: { dataSource: string; request: unknown }[] }>;
}

export async function createApiHarness(client: DynamoDBClient, tableName: string, accounts: AccountLookup = async () => null): Promise<ApiHarness> {
  const runtime = new AppSyncJsRuntime();
  const load = async (file: string) => runtime.load(await bundleAppSyncJs(file));
  const definitions = new Map<string, ResolverDefinition>();
  for (const spec of RESOLVERS) {
    const code = await load(resolverFile(spec));
    definitions.set(
      `${spec.typeName}.${spec.fieldName}`,
      spec.kind === 'UNIT'
        ? { kind: 'UNIT', dataSource: spec.dataSource, code }
        : { kind: 'PIPELINE', code, functions: await Promise.all(spec.functions.map(async (fn) => ({ name: fn.name, dataSource: fn.dataSource, code: await load(functionFile(fn)) }))) },
    );
  }
  const table = new DynamoDbDataSource(client, tableName);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const dataSources: Record<DataSourceRole, (request: unknown) => Promise<{ result?: unknown; error?: { message: string; type: string } }>> = {
    table: (request) => table.invoke(request),
    none: async (request) => invokeNoneDataSource(request),
    addUserFunction: async (request) => {
      const payload = (request as { payload: AddUserRequest }).payload;
      return { result: await addUserAs(doc, tableName, payload, accounts) };
    },
  };

  return {
    async field(typeName, fieldName, args = {}, call = {}) {
      const definition = definitions.get(`${typeName}.${fieldName}`);
      if (!definition) throw new Error(`no resolver for ${typeName}.${fieldName}`);
      const dataSourceCalls: { dataSource: string; request: unknown }[] = [];
      const invoke: DataSourceInvoker = async ({ dataSource, request }) => {
        dataSourceCalls.push({ dataSource, request });
        return dataSources[dataSource as DataSourceRole](request);
      };
      const { identity, authMode, headers } = callerContext({ args, source: call.source, auth: call.auth ?? 'IAM' });
      const field = runtime.fieldContext({
        arguments: args,
        source: call.source ?? null,
        ...(identity ? { identity } : {}),
        authMode,
        request: { headers, domainName: null },
        env: { TABLE_NAME: tableName },
        info: { fieldName, parentTypeName: typeName },
      });
      const resolution = await executeResolver(runtime, definition, field, invoke);
      return { ...resolution, dataSourceCalls };
    },
  };
}
