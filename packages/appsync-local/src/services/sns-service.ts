/**
 * The template's SNS topics (sns/): Publish and PublishBatch from the unmodified SDK at
 * `/_local/sns`, what was published kept and listed. Functions get AWS_ENDPOINT_URL_SNS.
 */
import type { SigV4Credentials } from '../auth/sigv4-verifier.js';
import { LocalSns } from '../sns/local-sns.js';
import { createSnsHttpHandler, SNS_MOUNT_PATH } from '../sns/sns-http-handler.js';
import { readSnsTopics } from '../sns/topic-definitions.js';
import type { LoadedStack, LocalRoute, LocalService } from './local-service.js';

export interface SnsServiceOptions {
  /** Messages are kept under `<stateDir>/sns/`; in memory when absent. */
  stateDir?: string;
  credentials: SigV4Credentials;
  /** The server's origin (`http://localhost:4000`), for the functions' endpoint variable. */
  origin: string;
  log: (line: string) => void;
}

export class SnsService implements LocalService {
  readonly name = 'sns';
  readonly routes: LocalRoute[];
  private sns: LocalSns | undefined;

  constructor(private readonly options: SnsServiceOptions) {
    this.routes = [
      {
        mountPath: SNS_MOUNT_PATH,
        handle: (req, res, body) => {
          if (!this.handler) throw new Error('the local SNS is not loaded yet');
          return this.handler(req, res, body);
        },
      },
    ];
  }

  private handler: ReturnType<typeof createSnsHttpHandler> | undefined;

  /** The topics and their messages (for the harness and the explorer's activity panel). */
  get topics(): LocalSns {
    if (!this.sns) throw new Error('the local SNS is not loaded yet');
    return this.sns;
  }

  async load(stack: LoadedStack): Promise<void> {
    const topics = readSnsTopics(stack.artifact, stack.resolver);
    if (this.sns) return this.sns.setTopics(topics);
    this.sns = await LocalSns.open({ topics, stateDir: this.options.stateDir, log: this.options.log });
    this.handler = createSnsHttpHandler(this.sns, {
      credentials: this.options.credentials,
      onInternalError: (err) => this.options.log(`sns: ${(err as Error).stack ?? String(err)}`),
    });
  }

  async reset(): Promise<void> {
    await this.sns?.clear();
  }

  lambdaEnvironment(): Record<string, string> {
    return { AWS_ENDPOINT_URL_SNS: `${this.options.origin}${SNS_MOUNT_PATH}` };
  }

  describe(): string[] {
    const count = this.sns?.topics().length ?? 0;
    return count === 0 ? [] : [`SNS        ${this.options.origin}${SNS_MOUNT_PATH} (${count} topic${count === 1 ? '' : 's'}; messages: ${SNS_MOUNT_PATH}/messages)`];
  }

  async stop(): Promise<void> {
    await this.sns?.flush();
  }
}
