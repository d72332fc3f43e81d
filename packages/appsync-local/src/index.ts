/**
 * `appsync-local`: a local AWS AppSync that serves a CDK app's synthesized template (or a ready
 * cloud assembly, or a plain CloudFormation template) offline. The command (`appsync-local start`)
 * and the test harness (`appsync-local/testing`) are built on what this module exports.
 */
export { LocalAppSync, RESET_PATH, type LocalAppSyncOptions } from './local-appsync.js';
export { serve, type Served, type ServeOptions } from './server/serve.js';
export type { AppSource } from './cloud-assembly/app-source.js';
export { loadTemplateFile, parseTemplate, TemplateFileError } from './cloud-assembly/template-file.js';
export { HttpServer } from './server/http-server.js';
export { ensureLocalCertificates } from './server/tls-certificates.js';
export { HotReloader, type ReloadEvent } from './hot-reload/hot-reloader.js';
export { synthesizeIfChanged } from './cloud-assembly/synth.js';
export { loadStackArtifact, type StackArtifact } from './cloud-assembly/stack-artifact.js';
export { resourcesOfType, type CfnTemplate, type TemplateResource } from './cloud-assembly/template.js';
export { startDynamoDbLocal, LOCAL_CREDENTIALS, type DynamoDbLocal, type DynamoDbLocalOptions } from './dynamodb/dynamodb-local.js';
export { LocalLambda, type LocalLambdaOptions, type LambdaInvocation, type LambdaError } from './lambda/local-lambda.js';
export { verifySigV4, type SigV4Credentials } from './auth/sigv4-verifier.js';
export { parseEventPattern, matchesEventPattern, passesFilters, InvalidEventPatternError } from './pipes/event-pattern.js';
export { DEFAULTS } from './cli/start-settings.js';
export { amplifyConfig } from './server/frontend-config.js';
export type { LocalSignIn, LocalSignInResult } from './services/cognito-service.js';
