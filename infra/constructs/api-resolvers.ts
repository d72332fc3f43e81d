/**
 * The API's data sources, pipeline functions and resolvers, built from `RESOLVERS` in
 * resolvers/manifest.ts. Code is bundled by infra/appsync-js-bundle.ts, the same bundle the local
 * runtime evaluates, and deployed inline on the APPSYNC_JS 1.0.0 runtime. Synth fails, naming the
 * problem, when the manifest and the schema or the files disagree.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import { AppsyncFunction, type BaseDataSource, Code, DynamoDbDataSource, FunctionRuntime, type GraphqlApi, LambdaDataSource, Resolver } from 'aws-cdk-lib/aws-appsync';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { Kind, parse } from 'graphql';
import { type DataSourceRole, functionFile, type PipelineFunctionSpec, RESOLVERS, resolverFile, type ResolverSpec } from '../../resolvers/manifest.js';
import { bundleAppSyncJsSync } from '../appsync-js-bundle.js';
import { PROJECT_ROOT } from './node-function.js';
import type { UsersOrdersTable } from './tables.js';

/** AppSync data source names per role (letters, digits and underscores only). */
export const DATA_SOURCE_NAMES: Readonly<Record<DataSourceRole, string>> = {
  table: 'UsersOrdersTable',
  addUserFunction: 'AddUserFunction',
  none: 'None',
};

export interface ApiResolversProps {
  readonly api: GraphqlApi;
  readonly table: UsersOrdersTable;
  readonly addUserFunction: IFunction;
  /** The schema the API is built from; fields are checked against it. */
  readonly schemaFile: string;
  /** @default RESOLVERS from resolvers/manifest.ts */
  readonly resolvers?: readonly ResolverSpec[];
  /** Where `resolvers/...` paths are resolved. @default the repository root */
  readonly rootDir?: string;
}

export class ApiResolvers extends Construct {
  readonly dataSources = new Map<DataSourceRole, BaseDataSource>();
  readonly functions = new Map<string, AppsyncFunction>();
  /** Keyed `<Type>.<field>`. */
  readonly resolvers = new Map<string, Resolver>();

  private readonly props: ApiResolversProps;
  private readonly rootDir: string;

  constructor(scope: Construct, id: string, props: ApiResolversProps) {
    super(scope, id);
    this.props = props;
    this.rootDir = props.rootDir ?? PROJECT_ROOT;
    const specs = props.resolvers ?? RESOLVERS;
    checkManifest(specs, schemaFields(props.schemaFile), this.rootDir);

    for (const spec of specs) {
      const key = `${spec.typeName}.${spec.fieldName}`;
      const common = {
        api: props.api,
        typeName: spec.typeName,
        fieldName: spec.fieldName,
        runtime: FunctionRuntime.JS_1_0_0,
        code: this.code(resolverFile(spec)),
      };
      const resolver =
        spec.kind === 'UNIT'
          ? new Resolver(this, `${spec.typeName}${capitalize(spec.fieldName)}`, { ...common, dataSource: this.dataSource(spec.dataSource) })
          : new Resolver(this, `${spec.typeName}${capitalize(spec.fieldName)}`, {
              ...common,
              pipelineConfig: spec.functions.map((fn) => this.pipelineFunction(fn)),
            });
      this.resolvers.set(key, resolver);
    }
  }

  private code(file: string): Code {
    return Code.fromInline(bundleAppSyncJsSync(path.join(this.rootDir, file)));
  }

  private pipelineFunction(spec: PipelineFunctionSpec): AppsyncFunction {
    let fn = this.functions.get(spec.name);
    if (!fn) {
      fn = new AppsyncFunction(this, `Function${capitalize(spec.name)}`, {
        api: this.props.api,
        name: spec.name,
        dataSource: this.dataSource(spec.dataSource),
        runtime: FunctionRuntime.JS_1_0_0,
        code: this.code(functionFile(spec)),
      });
      this.functions.set(spec.name, fn);
    }
    return fn;
  }

  /** Data sources are created on first use, so a role no field uses gets none. */
  private dataSource(role: DataSourceRole): BaseDataSource {
    let source = this.dataSources.get(role);
    if (!source) {
      source = this.createDataSource(role);
      this.dataSources.set(role, source);
    }
    return source;
  }

  private createDataSource(role: DataSourceRole): BaseDataSource {
    const { api, table, addUserFunction } = this.props;
    const name = DATA_SOURCE_NAMES[role];
    switch (role) {
      case 'table': {
        // Read access through a view of the table that knows no indexes (so the grant names the
        // table, not `index/*`), plus exactly the writes resolvers make: single items and
        // transactions (each item is checked as its own action), no batch writes. GSI1 by name.
        const source = new DynamoDbDataSource(this, 'TableDataSource', {
          api,
          table: Table.fromTableName(this, 'TableView', table.table.tableName),
          name,
          description: 'The users-and-orders table',
          readOnlyAccess: true,
        });
        source.grantPrincipal.addToPrincipalPolicy(
          new PolicyStatement({ actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'], resources: [table.table.tableArn] }),
        );
        source.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [table.ordersByStatusIndexArn] }));
        return source;
      }
      case 'addUserFunction': {
        const source = new LambdaDataSource(this, 'AddUserDataSource', {
          api,
          lambdaFunction: addUserFunction,
          name,
          description: 'Transactional unique-user insert',
        });
        // LambdaDataSource grants invoke on the function and on `<function ARN>:*` (its versions and
        // aliases); the wildcard stays within this one function.
        const cfnFunction = addUserFunction.node.defaultChild as CfnFunction;
        const policy = source.node.findChild('ServiceRole').node.findChild('DefaultPolicy');
        Validations.of(policy).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${Stack.of(cfnFunction).getLogicalId(cfnFunction)}.Arn>:*]`,
          reason: "CDK's LambdaDataSource grants lambda:InvokeFunction on the add-user function and its qualified ARNs (function:*): versions and aliases of that one function, nothing else.",
        });
        return source;
      }
      case 'none':
        return api.addNoneDataSource('NoneDataSource', { name, description: 'Local resolvers: publishOrderEvent, onOrderEvent' });
    }
  }
}

/** Fields of every object type in an SDL file, as `Type.field` (extensions included). */
export function schemaFields(schemaFile: string): Set<string> {
  const document = parse(readFileSync(schemaFile, 'utf8'));
  const fields = new Set<string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const field of definition.fields ?? []) fields.add(`${definition.name.value}.${field.name.value}`);
  }
  return fields;
}

/** Throws one error listing every disagreement between the manifest, the schema and the files. */
export function checkManifest(specs: readonly ResolverSpec[], fields: ReadonlySet<string>, rootDir: string): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  const functionRoles = new Map<string, DataSourceRole>();
  const requireFile = (file: string, what: string) => {
    if (!existsSync(path.join(rootDir, file))) problems.push(`${what}: ${file} does not exist`);
  };

  for (const spec of specs) {
    const key = `${spec.typeName}.${spec.fieldName}`;
    if (!fields.has(key)) problems.push(`${key} is in resolvers/manifest.ts but not in the schema`);
    if (seen.has(key)) problems.push(`${key} is in resolvers/manifest.ts twice`);
    seen.add(key);
    requireFile(resolverFile(spec), `resolver ${key}`);
    if (spec.kind === 'PIPELINE') {
      if (spec.functions.length === 0) problems.push(`${key} is a pipeline without functions`);
      for (const fn of spec.functions) {
        const role = functionRoles.get(fn.name);
        if (role && role !== fn.dataSource) problems.push(`pipeline function ${fn.name} is listed with data sources ${role} and ${fn.dataSource}`);
        if (!role) requireFile(functionFile(fn), `pipeline function ${fn.name}`);
        functionRoles.set(fn.name, fn.dataSource);
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(`The resolver manifest does not match the schema or the files:\n  - ${problems.join('\n  - ')}`);
  }
}

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
