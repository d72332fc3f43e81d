/**
 * An AWS service the local AppSync emulates for the template (DynamoDB, Lambda, SNS, Pipes, the
 * auth providers). Each is created from the template, started, given its routes, reset and
 * stopped the same way, so the coordinator (local-appsync.ts) composes them without knowing any
 * one of them: a new service is a new class here, not a new branch there.
 *
 * Lifecycle, in the coordinator's order of services:
 *   start()   before the template is read (DynamoDB Local's JVM starts while the app synthesizes);
 *   load()    with every (re)loaded stack, in order: a later service may use what an earlier
 *             one learnt (a table's stream ARN, a topic);
 *   serve()   once the API answers (pipes start reading streams whose targets call it);
 *   unserve() before the server closes (pipes stop, so no event is published into the void);
 *   stop()    last, in reverse order.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TemplateResolver } from '../cloud-assembly/intrinsics.js';
import type { StackArtifact } from '../cloud-assembly/stack-artifact.js';
import type { ApiDefinition } from '../graphql/api-definition.js';
import type { LambdaInvocation } from '../lambda/local-lambda.js';

/** One load of the template: the stack, the resolver of its intrinsics to local values, and its GraphQL API as read from it. */
export interface LoadedStack {
  artifact: StackArtifact;
  resolver: TemplateResolver;
  definition: ApiDefinition;
}

/** Local-only HTTP of a service, under its mount path (`/_local/sns` and below). */
export interface LocalRoute {
  mountPath: string;
  /** The body is read already (bounded by the server). */
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void>;
}

export interface LocalService {
  /** Short name for logs and listings ("dynamodb", "lambda", "sns", "pipes"). */
  readonly name: string;
  start?(): Promise<void>;
  /** Takes in the (re)loaded stack: creates or updates what the service holds for it. */
  load(stack: LoadedStack): Promise<void>;
  serve?(): Promise<void>;
  unserve?(): Promise<void>;
  /** Back to empty (no items, messages, users, checkpoints); the template's resources stay. */
  reset?(): Promise<void>;
  /** Resolves once the work the service has in hand is done (a pipe caught up with its stream). */
  settled?(): Promise<void>;
  stop(): Promise<void>;
  readonly routes?: readonly LocalRoute[];
  /** Variables Lambda functions get so their unchanged SDK reaches this service locally. */
  lambdaEnvironment?(): Record<string, string>;
  /** Lines for the start banner ("DynamoDB   http://localhost:8000"). */
  describe?(): string[];
}

/** How services reach a Lambda function of the template (pipes' targets, triggers, authorizers). */
export interface LambdaInvoker {
  invoke(functionArn: string, event: unknown): Promise<LambdaInvocation>;
}
