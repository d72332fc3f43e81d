/**
 * The template's EventBridge Pipes whose source is a table's stream (pipes/): each reads DynamoDB
 * Local's stream, filters, batches and invokes its target function as Pipes does. They run only
 * while the API is served (their targets may call it), and are read again after a reload or after
 * DynamoDB Local came back with new streams.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { createPipeListingHandler, PIPES_MOUNT_PATH } from '../pipes/pipe-listing-handler.js';
import { readStreamPipes, type PipeDefinitions } from '../pipes/pipe-definitions.js';
import { StreamPipeRunner } from '../pipes/stream-pipe-runner.js';
import type { DynamoDbService } from './dynamodb-service.js';
import type { LambdaInvoker, LoadedStack, LocalRoute, LocalService } from './local-service.js';

export interface PipesServiceOptions {
  dynamodb: DynamoDbService;
  lambda: LambdaInvoker;
  region: string;
  /** Checkpoints and dead letters go under `<stateDir>/pipes/`; in memory when absent. */
  stateDir?: string;
  log: (line: string) => void;
}

export class PipesService implements LocalService {
  readonly name = 'pipes';
  readonly routes: LocalRoute[];
  /** The running pipes, by name. */
  readonly runners = new Map<string, StreamPipeRunner>();
  private stack: LoadedStack | undefined;
  /**
   * The pipes as last read from the template. They are read again on every start of the runners,
   * not once per load: the tables' stream ARNs they resolve change when DynamoDB Local restarts
   * or a reset makes the tables anew.
   */
  private definitions: PipeDefinitions | undefined;
  /** The stack whose unsupported pipes and warnings were logged: once per load, not on every reset. */
  private reported: LoadedStack | undefined;
  private serving = false;

  constructor(private readonly options: PipesServiceOptions) {
    const listing = createPipeListingHandler(() => this.runners);
    this.routes = [{ mountPath: PIPES_MOUNT_PATH, handle: (req, res) => listing(req, res) }];
    options.dynamodb.onRestart(() => (this.serving ? this.restart(this.stack) : Promise.resolve()));
  }

  async load(stack: LoadedStack): Promise<void> {
    // A batch in flight is abandoned and read again by the new runner, from its checkpoint.
    if (this.serving) {
      try {
        await this.restart(stack);
      } catch (err) {
        // The app goes on serving the last working template: so do its pipes.
        await this.restart(this.stack).catch((again: Error) => this.options.log(`pipes: restarting the previous pipes failed: ${again.message}`));
        throw err;
      }
    }
    // Only now: a failed reload must leave what later restarts and resets read in step with the served API.
    this.stack = stack;
  }

  async serve(): Promise<void> {
    this.serving = true;
    await this.restart(this.stack);
  }

  /** Stops reading, waiting for a target invocation under way; the rest of its batch is read again on the next start. */
  async unserve(): Promise<void> {
    this.serving = false;
    await this.stopRunners();
  }

  /** Checkpoints and dead letters forgotten; the pipes read the (new, empty) streams from their start. */
  async reset(): Promise<void> {
    await this.stopRunners();
    if (this.options.stateDir) await rm(path.join(this.options.stateDir, 'pipes'), { recursive: true, force: true });
    if (this.serving) await this.restart(this.stack);
  }

  /** Every running pipe caught up with its stream. */
  async settled(): Promise<void> {
    await Promise.all([...this.runners.values()].map((runner) => runner.idle()));
  }

  describe(): string[] {
    const count = (this.definitions ?? (this.stack && readStreamPipes(this.stack.artifact, this.stack.resolver)))?.pipes.length ?? 0;
    return count === 0 ? [] : [`Pipes      ${count} stream pipe${count === 1 ? '' : 's'} (activity: ${PIPES_MOUNT_PATH})`];
  }

  async stop(): Promise<void> {
    this.serving = false;
    await this.stopRunners();
  }

  private async restart(stack: LoadedStack | undefined): Promise<void> {
    await this.stopRunners();
    this.definitions = undefined;
    if (!stack) return;
    this.definitions = readStreamPipes(stack.artifact, stack.resolver);
    const { pipes, unsupported } = this.definitions;
    if (this.reported !== stack) {
      this.reported = stack;
      for (const u of unsupported) this.options.log(`pipe ${u.name}: not run locally: ${u.reason}`);
      for (const pipe of pipes) for (const warning of pipe.warnings) this.options.log(`pipe ${pipe.name}: ${warning}`);
    }
    for (const pipe of pipes) {
      const runner = new StreamPipeRunner({
        pipe,
        dynamodbEndpoint: this.options.dynamodb.endpoint,
        region: this.options.region,
        stateDir: this.options.stateDir,
        invoke: (arn, payload) => this.options.lambda.invoke(arn, payload),
        log: this.options.log,
      });
      runner.start();
      this.runners.set(pipe.name, runner);
    }
    // As in AWS, where a pipe exists before the app takes traffic: a write made once this
    // resolves is read, even with StartingPosition LATEST.
    await Promise.all([...this.runners.values()].map((runner) => runner.placedOnStream()));
  }

  private async stopRunners(): Promise<void> {
    const running = [...this.runners.values()];
    this.runners.clear();
    await Promise.all(running.map((runner) => runner.stop()));
  }
}
