/**
 * Stage settings, typed in one place. `npx cdk synth` builds dev; `-c stage=prod` builds prod.
 * Nothing here reads the environment or an AWS profile: a stage is a name and these values.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { FieldLogLevel } from 'aws-cdk-lib/aws-appsync';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export const STAGE_NAMES = ['dev', 'prod'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

export const DEFAULT_STAGE: StageName = 'dev';

/** Log levels Powertools Logger accepts in POWERTOOLS_LOG_LEVEL. */
export type PowertoolsLogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface StageConfig {
  readonly name: StageName;
  /** The Cognito user pool frontends sign in with (infra/constructs/user-pool.ts). */
  readonly userPool: UserPoolSettings;
  /** Deepest nesting AppSync accepts in a query (1 to 75). Our deepest real query, user.orders.items.<field>, is 4. */
  readonly queryDepthLimit: number;
  /** Schema introspection; off in prod so the schema is not handed to every signed-up user. */
  readonly introspection: boolean;
  /**
   * AppSync field logs: ERROR in every stage, without verbose content (headers, evaluated
   * templates with arguments, which hold emails and addresses). Per-request detail comes from the
   * functions' logs (functionLogLevel) and X-Ray.
   */
  readonly apiFieldLogLevel: FieldLogLevel.ERROR;
  /** The stage's log level, for the functions (Powertools). */
  readonly functionLogLevel: PowertoolsLogLevel;
  /** For data (tables, queues, keys) and log groups alike. */
  readonly removalPolicy: RemovalPolicy;
  readonly logRetention: RetentionDays;
  readonly pipe: {
    /** Retries of a failing batch before its records go to the dead-letter queue (-1 would mean until the record expires). */
    readonly maximumRetryAttempts: number;
    /**
     * Records older than this skip the target and go to the dead-letter queue. Well under the
     * stream's 24 h retention, so the DLQ message can still be traced back to the stream.
     */
    readonly maximumRecordAge: Duration;
  };
}

export interface UserPoolSettings {
  /** Cognito refuses to delete the pool (and so the stack) while this is on. */
  readonly deletionProtection: boolean;
  /** Shortest password accepted (Cognito: 6 to 99); every character class is required as well. */
  readonly passwordMinLength: number;
  /** What a web client's tokens live for (Cognito: access and ID 5 min to 1 day, refresh 1 h to 10 years). */
  readonly tokenValidity: { readonly access: Duration; readonly id: Duration; readonly refresh: Duration };
}

export const STAGES: Readonly<Record<StageName, StageConfig>> = {
  dev: {
    name: 'dev',
    userPool: {
      deletionProtection: false,
      passwordMinLength: 12,
      tokenValidity: { access: Duration.hours(1), id: Duration.hours(1), refresh: Duration.days(30) },
    },
    queryDepthLimit: 15,
    introspection: true,
    apiFieldLogLevel: FieldLogLevel.ERROR,
    functionLogLevel: 'DEBUG',
    removalPolicy: RemovalPolicy.DESTROY,
    logRetention: RetentionDays.ONE_WEEK,
    pipe: { maximumRetryAttempts: 3, maximumRecordAge: Duration.hours(1) },
  },
  prod: {
    name: 'prod',
    userPool: {
      deletionProtection: true,
      passwordMinLength: 12,
      // Short-lived access (a revoked or removed admin keeps rights at most this long: AppSync
      // checks a token's signature and expiry, not revocation); a week of staying signed in.
      tokenValidity: { access: Duration.minutes(30), id: Duration.minutes(30), refresh: Duration.days(7) },
    },
    queryDepthLimit: 8,
    introspection: false,
    apiFieldLogLevel: FieldLogLevel.ERROR,
    functionLogLevel: 'INFO',
    removalPolicy: RemovalPolicy.RETAIN,
    logRetention: RetentionDays.THREE_MONTHS,
    pipe: { maximumRetryAttempts: 3, maximumRecordAge: Duration.hours(6) },
  },
};

export function isStageName(value: unknown): value is StageName {
  return typeof value === 'string' && (STAGE_NAMES as readonly string[]).includes(value);
}

/** The stage for a `-c stage=...` value; no value means the default stage, an unknown one fails synth. */
export function stageConfig(value: unknown): StageConfig {
  if (value === undefined) return STAGES[DEFAULT_STAGE];
  if (!isStageName(value)) {
    throw new Error(`Unknown stage ${JSON.stringify(value)}: use -c stage=${STAGE_NAMES.join(' or -c stage=')}`);
  }
  return STAGES[value];
}
