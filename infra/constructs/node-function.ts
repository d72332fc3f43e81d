/**
 * A TypeScript Lambda function with this project's defaults: esbuild bundling on this machine (no
 * Docker), the newest Node.js runtime, ARM64, X-Ray active tracing, its own log group with the
 * stage's retention, Powertools settings in the environment, and a role of its own that starts
 * with nothing but writing to that log group.
 *
 * Permissions and the environment variables that go with them are added together (`bindTable`,
 * `bind`), so a function never has a name it may not use, or a grant it is not told about.
 */
import path from 'node:path';
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, type IPrincipal, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { PowertoolsLogLevel } from '../config.js';

/** Repository root: entries, the lock file and tsconfig are resolved from it. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');

/** The runtime every function uses: the newest Node.js that CDK (and so cdk-nag's AwsSolutions-L1) knows. */
export const NODE_RUNTIME = Runtime.NODEJS_24_X;

/** Namespace of the functions' Powertools (EMF) metrics. */
export const METRICS_NAMESPACE = 'UsersOrders';

export interface NodeFunctionProps {
  /** Handler file relative to the repository root, e.g. `functions/add-user/handler.ts`; it exports `handler`. */
  readonly entry: string;
  /** POWERTOOLS_SERVICE_NAME: the `service` of every log line, trace and metric. */
  readonly serviceName: string;
  readonly description: string;
  readonly logLevel: PowertoolsLogLevel;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** @default 256 MB */
  readonly memorySize?: number;
}

/** What a function may do with a table. Custom action lists are granted on the table only, never its indexes. */
export type TableAccess = 'read' | 'readWrite' | { readonly actions: readonly string[] };

export class NodeFunction extends Construct implements IGrantable {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: props.removalPolicy });

    // Our own role instead of CDK's default one, which carries the AWS managed
    // AWSLambdaBasicExecutionRole (logs on every log group in the account).
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.serviceName} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: NODE_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: props.logLevel,
        // Stack traces point at the TypeScript sources through the bundle's source map.
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        // Some dependencies are CommonJS and call require(); give the ES module bundle one.
        banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
        // Deploy the SDK version the tests ran against, not whatever the runtime ships.
        bundleAwsSDK: true,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        tsconfig: path.join(PROJECT_ROOT, 'tsconfig.json'),
      },
    });

    // X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions, so
    // tracing: ACTIVE grants them on `*`. The role's other statements are all scoped.
    const defaultPolicy = this.role.node.tryFindChild('DefaultPolicy');
    if (!defaultPolicy) throw new Error(`${this.node.path}: expected the X-Ray statements in the role's default policy`);
    Validations.of(defaultPolicy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so they are granted on *; every other statement in this policy names its resource.',
    });
  }

  get grantPrincipal(): IPrincipal {
    return this.role;
  }

  get functionName(): string {
    return this.function.functionName;
  }

  /** Sets an environment variable and applies the grant that makes it usable. */
  bind(envName: string, value: string, grant: (grantee: IGrantable) => unknown): this {
    this.function.addEnvironment(envName, value);
    grant(this.role);
    return this;
  }

  /** Tells the function a table's name and lets it use that table as `access` says. */
  bindTable(table: ITable, access: TableAccess, envName = 'TABLE_NAME'): this {
    return this.bind(envName, table.tableName, (grantee) => {
      if (access === 'read') return table.grantReadData(grantee);
      if (access === 'readWrite') return table.grantReadWriteData(grantee);
      return this.role.addToPrincipalPolicy(new PolicyStatement({ actions: [...access.actions], resources: [table.tableArn] }));
    });
  }
}
