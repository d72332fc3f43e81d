/**
 * The EventBridge Pipes a template declares (AWS::Pipes::Pipe) that the local runtime can run:
 * a DynamoDB stream source and a Lambda function target, with every setting resolved to local
 * values (the source becomes DynamoDB Local's stream ARN once the tables are provisioned).
 *
 * A pipe that cannot run locally (another source or target, an enrichment, an input transformer,
 * a filter AWS would refuse) comes back in `unsupported` with the reason, so the composition can
 * say so at start instead of failing. Defaults are the service's own when a property is left out
 * (AWS::Pipes::Pipe and PipeSourceDynamoDBStreamParameters in the CloudFormation and Pipes API
 * references; the batch size default of 100 is from the Pipes guide's DynamoDB source page).
 */
import type { TemplateResolver } from '../cloud-assembly/intrinsics.js';
import type { StackArtifact } from '../cloud-assembly/stack-artifact.js';
import { resourcesOfType } from '../cloud-assembly/template.js';
import { parseEventPattern } from './event-pattern.js';
import { PIPES_UNFILTERABLE_FIELDS } from './dynamodb-stream-records.js';

export type StartingPosition = 'LATEST' | 'TRIM_HORIZON';
export type InvocationType = 'REQUEST_RESPONSE' | 'FIRE_AND_FORGET';

/** A pipe from a DynamoDB stream to a Lambda function, as the runner needs it. */
export interface StreamPipeDefinition {
  logicalId: string;
  /** The pipe's name (its `Name`, else `<stack>-<logicalId>`): the folder its state lives in. */
  name: string;
  arn: string;
  sourceStreamArn: string;
  targetFunctionArn: string;
  invocationType: InvocationType;
  /** FilterCriteria.Filters[].Pattern, JSON text, ORed; none lets every record through. */
  filters: string[];
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
  /** -1: retry until the record leaves the stream. */
  maximumRetryAttempts: number;
  /** -1: no age limit. */
  maximumRecordAgeInSeconds: number;
  onPartialBatchItemFailure: 'AUTOMATIC_BISECT' | undefined;
  startingPosition: StartingPosition;
  /** As configured; the local runner always reads one batch per shard at a time. */
  parallelizationFactor: number;
  /** DeadLetterConfig.Arn (an SQS queue or SNS topic), if the pipe has one. */
  deadLetterTargetArn: string | undefined;
  /** STOPPED pipes are read but do not run. */
  desiredState: 'RUNNING' | 'STOPPED';
  /** What runs differently here than in AWS, for the composition to print. */
  warnings: string[];
}

export interface UnsupportedPipe {
  logicalId: string;
  name: string;
  reason: string;
}

export interface PipeDefinitions {
  pipes: StreamPipeDefinition[];
  unsupported: UnsupportedPipe[];
}

/** The Pipes API's defaults for a DynamoDB stream source. */
export const DYNAMODB_SOURCE_DEFAULTS = {
  batchSize: 100,
  maximumBatchingWindowInSeconds: 0,
  maximumRetryAttempts: -1,
  maximumRecordAgeInSeconds: -1,
  parallelizationFactor: 1,
} as const;

/** Pipes' limit on a filter pattern's length (the Filter type's Pattern: 0..4096 characters). */
const MAX_PATTERN_LENGTH = 4096;
/** At most 5 filters per pipe. */
const MAX_FILTERS = 5;

const DYNAMODB_STREAM_ARN = /^arn:aws[\w-]*:dynamodb:[^:]*:[^:]*:table\/[^/]+\/stream\/.+$/;
const LAMBDA_FUNCTION_ARN = /^arn:aws[\w-]*:lambda:[^:]*:[^:]*:function:[^:]+(:[^:]+)?$/;

/** Thrown inside this module for a pipe that cannot run; turned into an UnsupportedPipe. */
class Unsupported extends Error {}

export function readStreamPipes(artifact: StackArtifact, resolver: TemplateResolver): PipeDefinitions {
  const result: PipeDefinitions = { pipes: [], unsupported: [] };
  for (const resource of resourcesOfType(artifact.template, 'AWS::Pipes::Pipe', resolver)) {
    const name = resolver.resources.ref(resource.logicalId);
    try {
      result.pipes.push(readPipe(resource.logicalId, name, resource.Properties ?? {}, resolver));
    } catch (err) {
      // An intrinsic that cannot resolve (a table without a stream yet, an import) is a reason too.
      result.unsupported.push({ logicalId: resource.logicalId, name, reason: (err as Error).message });
    }
  }
  return result;
}

function readPipe(logicalId: string, name: string, raw: Record<string, unknown>, resolver: TemplateResolver): StreamPipeDefinition {
  const props = resolver.resolve(raw) as Record<string, unknown>;
  const source = props['Source'];
  if (typeof source !== 'string' || !DYNAMODB_STREAM_ARN.test(source)) {
    throw new Unsupported(`pipe ${name}: its source ${JSON.stringify(source)} is not a DynamoDB stream; the local runtime runs DynamoDB stream sources only`);
  }
  const target = props['Target'];
  if (typeof target !== 'string' || !LAMBDA_FUNCTION_ARN.test(target)) {
    throw new Unsupported(`pipe ${name}: its target ${JSON.stringify(target)} is not a Lambda function; the local runtime invokes Lambda targets only`);
  }
  if (props['Enrichment'] !== undefined) throw new Unsupported(`pipe ${name} has an enrichment, which the local runtime does not run`);

  const targetParameters = record(props['TargetParameters']);
  if (targetParameters['InputTemplate'] !== undefined) throw new Unsupported(`pipe ${name} has an input transformer (InputTemplate), which the local runtime does not apply`);
  const invocationType = record(targetParameters['LambdaFunctionParameters'])['InvocationType'] ?? 'REQUEST_RESPONSE';
  if (invocationType !== 'REQUEST_RESPONSE' && invocationType !== 'FIRE_AND_FORGET') throw new Unsupported(`pipe ${name}: unknown InvocationType ${JSON.stringify(invocationType)}`);

  const sourceParameters = record(props['SourceParameters']);
  const stream = record(sourceParameters['DynamoDBStreamParameters']);
  const startingPosition = stream['StartingPosition'];
  if (startingPosition !== 'LATEST' && startingPosition !== 'TRIM_HORIZON') {
    throw new Unsupported(`pipe ${name}: StartingPosition must be LATEST or TRIM_HORIZON for a DynamoDB stream, got ${JSON.stringify(startingPosition)}`);
  }
  const filters = readFilters(name, sourceParameters['FilterCriteria']);
  const warnings = filterWarnings(name, filters);
  const parallelizationFactor = integer(stream, 'ParallelizationFactor', DYNAMODB_SOURCE_DEFAULTS.parallelizationFactor, name);
  if (parallelizationFactor > 1) warnings.push(`pipe ${name}: ParallelizationFactor ${parallelizationFactor} runs as 1 locally (one batch per shard at a time)`);

  const desiredState = props['DesiredState'] ?? 'RUNNING';
  if (desiredState !== 'RUNNING' && desiredState !== 'STOPPED') throw new Unsupported(`pipe ${name}: unknown DesiredState ${JSON.stringify(desiredState)}`);
  const onFailure = stream['OnPartialBatchItemFailure'];
  if (onFailure !== undefined && onFailure !== 'AUTOMATIC_BISECT') throw new Unsupported(`pipe ${name}: unknown OnPartialBatchItemFailure ${JSON.stringify(onFailure)}`);
  const deadLetterArn = record(stream['DeadLetterConfig'])['Arn'];

  return {
    logicalId,
    name,
    arn: resolver.resources.getAtt(logicalId, 'Arn'),
    sourceStreamArn: source,
    targetFunctionArn: target,
    invocationType,
    filters,
    batchSize: integer(stream, 'BatchSize', DYNAMODB_SOURCE_DEFAULTS.batchSize, name),
    maximumBatchingWindowInSeconds: integer(stream, 'MaximumBatchingWindowInSeconds', DYNAMODB_SOURCE_DEFAULTS.maximumBatchingWindowInSeconds, name),
    maximumRetryAttempts: integer(stream, 'MaximumRetryAttempts', DYNAMODB_SOURCE_DEFAULTS.maximumRetryAttempts, name),
    maximumRecordAgeInSeconds: integer(stream, 'MaximumRecordAgeInSeconds', DYNAMODB_SOURCE_DEFAULTS.maximumRecordAgeInSeconds, name),
    onPartialBatchItemFailure: onFailure,
    startingPosition,
    parallelizationFactor,
    deadLetterTargetArn: typeof deadLetterArn === 'string' ? deadLetterArn : undefined,
    desiredState,
    warnings,
  };
}

/** The filters' patterns, checked as Pipes checks them when the pipe is created. */
function readFilters(name: string, criteria: unknown): string[] {
  const filters = record(criteria)['Filters'];
  if (filters === undefined) return [];
  if (!Array.isArray(filters)) throw new Unsupported(`pipe ${name}: FilterCriteria.Filters must be a list`);
  if (filters.length > MAX_FILTERS) throw new Unsupported(`pipe ${name} has ${filters.length} filters; Pipes accepts at most ${MAX_FILTERS}`);
  return filters.map((filter, i) => {
    const pattern = record(filter)['Pattern'];
    if (typeof pattern !== 'string') throw new Unsupported(`pipe ${name}: filter ${i + 1} has no Pattern`);
    if (pattern.length > MAX_PATTERN_LENGTH) throw new Unsupported(`pipe ${name}: filter ${i + 1} is ${pattern.length} characters long; Pipes accepts at most ${MAX_PATTERN_LENGTH}`);
    try {
      parseEventPattern(pattern, { dialect: 'pipes' });
    } catch (err) {
      throw new Unsupported(`pipe ${name}: filter ${i + 1} would be refused by AWS: ${(err as Error).message}`);
    }
    return pattern;
  });
}

/**
 * Pipes documents that fields its poller adds to a record (eventName, eventID, awsRegion, ...)
 * cannot be used in filters. Locally such a field is absent from what filters see, so a filter
 * on it fails here as it would in AWS; say so at start rather than leave a silent mismatch.
 */
function filterWarnings(name: string, filters: string[]): string[] {
  return filters.flatMap((filter, i) => {
    const fields = Object.keys(JSON.parse(filter) as Record<string, unknown>).filter((field) => PIPES_UNFILTERABLE_FIELDS.includes(field));
    return fields.length > 0 ? [`pipe ${name}: filter ${i + 1} uses ${fields.join(', ')}, which Pipes cannot filter on; it never matches a value there`] : [];
  });
}

function integer(parameters: Record<string, unknown>, key: string, fallback: number, name: string): number {
  const value = parameters[key] ?? fallback;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new Unsupported(`pipe ${name}: ${key} must be an integer, got ${JSON.stringify(value)}`);
  return n;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
