/**
 * DynamoDB for the template: an embedded DynamoDB Local (or an external endpoint), the template's
 * tables created and kept in line with it (table-provisioner.ts), their stream ARNs made known to
 * the template's `Fn::GetAtt <Table>.StreamArn`. If the embedded DynamoDB Local dies, it is started
 * again on the same port and folder and the tables are put back.
 */
import { mkdir } from 'node:fs/promises';
import { Agent } from 'node:http';
import { DeleteTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { resourcesOfType } from '../cloud-assembly/template.js';
import { LOCAL_CREDENTIALS, startDynamoDbLocal, type DynamoDbLocal } from '../dynamodb/dynamodb-local.js';
import { provisionTables, type TableDefinition } from '../dynamodb/table-provisioner.js';
import type { LoadedStack, LocalService } from './local-service.js';

export interface DynamoDbServiceOptions {
  region: string;
  /** An external DynamoDB-compatible endpoint; none is started then. */
  endpoint?: string;
  /** Port for the embedded DynamoDB Local; a free one when absent. */
  port?: number;
  /** DynamoDB Local's data folder; in memory when absent. */
  dataDir?: string;
  /** One already starting (with this port and folder): the command starts Java first of all, before loading the rest. */
  started?: Promise<DynamoDbLocal>;
  log: (line: string) => void;
}

export class DynamoDbService implements LocalService {
  readonly name = 'dynamodb';
  private local: DynamoDbLocal | undefined;
  private url: string | undefined;
  private dynamoClient: DynamoDBClient | undefined;
  private stack: LoadedStack | undefined;
  private stopping = false;
  private readonly restartListeners = new Set<() => Promise<void>>();

  constructor(private readonly options: DynamoDbServiceOptions) {}

  get endpoint(): string {
    if (!this.url) throw new Error('DynamoDB is not started');
    return this.url;
  }

  get client(): DynamoDBClient {
    if (!this.dynamoClient) throw new Error('DynamoDB is not started');
    return this.dynamoClient;
  }

  /** The embedded DynamoDB Local's process id (none with an external endpoint). */
  get processId(): number | undefined {
    return this.local?.pid;
  }

  /** Told after DynamoDB Local came back from a crash with its tables re-created (in-memory ones have new streams). */
  onRestart(listener: () => Promise<void>): void {
    this.restartListeners.add(listener);
  }

  async start(): Promise<void> {
    if (this.options.endpoint) {
      this.url = this.options.endpoint;
    } else {
      if (this.options.started) {
        this.local = await this.options.started;
      } else {
        if (this.options.dataDir) await mkdir(this.options.dataDir, { recursive: true });
        this.local = await startDynamoDbLocal({ port: this.options.port, dataDir: this.options.dataDir });
      }
      this.url = this.local.endpoint;
      void this.supervise(this.local);
    }
    this.dynamoClient = new DynamoDBClient({
      endpoint: this.url,
      region: this.options.region,
      credentials: LOCAL_CREDENTIALS,
      // A dead endpoint must fail fast, never hold a request until AppSync's 30 s are gone.
      requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }), connectionTimeout: 2_000, requestTimeout: 10_000 }),
    });
    if (this.options.endpoint) {
      // Say so at once, rather than as a provisioning failure per table.
      await this.dynamoClient.send(new ListTablesCommand({ Limit: 1 })).catch((err: Error) => {
        throw new Error(`DYNAMODB_ENDPOINT ${this.url} cannot be reached: ${err.message}`);
      });
    }
  }

  async load(stack: LoadedStack): Promise<void> {
    await this.provision(stack);
    // Only once its tables are in place: after a failed reload the app still serves the last
    // working template, and a reset or a restart must put back that template's tables.
    this.stack = stack;
  }

  /** The template's tables' local names, by logical id. */
  tableNames(stack = this.stack): Record<string, string> {
    if (!stack) return {};
    return Object.fromEntries(tableResources(stack).map((t) => [t.logicalId, stack.resolver.resources.ref(t.logicalId)]));
  }

  /** Every table emptied: deleted and created again from the template (new, empty streams). */
  async reset(): Promise<void> {
    const { stack } = this;
    if (!stack) return;
    for (const name of Object.values(this.tableNames(stack))) {
      await this.client.send(new DeleteTableCommand({ TableName: name })).catch((err: Error) => {
        if (err.name !== 'ResourceNotFoundException') throw err;
      });
    }
    await this.provision(stack);
  }

  describe(): string[] {
    return [`DynamoDB   ${this.url ?? 'not started'}`];
  }

  lambdaEnvironment(): Record<string, string> {
    return this.url ? { AWS_ENDPOINT_URL_DYNAMODB: this.url } : {};
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.dynamoClient?.destroy();
    await this.local?.stop();
  }

  private async provision(stack: LoadedStack): Promise<void> {
    const tables: TableDefinition[] = tableResources(stack).map((t) => ({
      logicalId: t.logicalId,
      tableName: stack.resolver.resources.ref(t.logicalId),
      properties: stack.resolver.resolve(t.Properties ?? {}) as Record<string, unknown>,
    }));
    for (const table of await provisionTables(this.client, tables)) {
      if (table.streamArn) stack.resolver.resources.set(table.logicalId, 'StreamArn', table.streamArn);
      for (const change of table.changes) this.options.log(`table ${table.tableName}: ${change}`);
    }
  }

  /** Starts the embedded DynamoDB Local again if it dies, and puts the tables back (in-memory data is gone then). */
  private async supervise(local: DynamoDbLocal): Promise<void> {
    await local.exited;
    if (this.stopping) return;
    this.options.log(`DynamoDB Local exited unexpectedly; restarting it on port ${local.port}`);
    for (let attempt = 1; !this.stopping; attempt += 1) {
      try {
        const restarted = await startDynamoDbLocal({ port: local.port, dataDir: this.options.dataDir });
        if (this.stopping) return void (await restarted.stop());
        this.local = restarted;
        if (this.stack) await this.provision(this.stack);
        for (const listener of this.restartListeners) await listener();
        this.options.log('DynamoDB Local is back');
        void this.supervise(restarted);
        return;
      } catch (err) {
        this.options.log(`DynamoDB Local restart ${attempt} failed: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * attempt)));
      }
    }
  }
}

/** Tables of either kind: AWS::DynamoDB::Table, and AWS::DynamoDB::GlobalTable (CDK's TableV2), whose replicas are one table locally. */
function tableResources(stack: LoadedStack) {
  const { template } = stack.artifact;
  return [...resourcesOfType(template, 'AWS::DynamoDB::Table', stack.resolver), ...resourcesOfType(template, 'AWS::DynamoDB::GlobalTable', stack.resolver)];
}
