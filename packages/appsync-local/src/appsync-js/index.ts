/** The offline APPSYNC_JS runtime: load code once, evaluate handlers, run unit and pipeline resolvers. */
export { AppSyncJsRuntime, type LoadOptions, type RuntimeOptions } from './runtime.js';
export { deterministicEnvironment, SYSTEM_ENVIRONMENT, type DeterministicOptions, type RuntimeEnvironment } from './runtime-environment.js';
export { AppSyncCode, type HandlerName, type HandlerOutcome, type StepInput, type EvaluateOptions } from './appsync-code.js';
export { FieldContext, authModeOf, type FieldContextInput } from './field-context.js';
export { CodeValidationError, formatCodeError, type CodeError } from './code-error.js';
export { checkAppSyncJs, MAX_CODE_LENGTH } from './language-rules.js';
export {
  executeResolver,
  MAX_PIPELINE_FUNCTIONS,
  type DataSourceInvoker,
  type DataSourceResult,
  type FieldResolution,
  type PipelineFunction,
  type ResolverDefinition,
  type TraceStep,
} from './resolver-execution.js';
export type { AuthMode, ExtensionCalls, FieldError, LogEntry } from './evaluation-scope.js';
