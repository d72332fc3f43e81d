/**
 * `appsync-local/runtime`: the APPSYNC_JS runtime and AppSync's data sources as a library, for
 * unit and integration tests of resolver code: load a bundle, evaluate a handler with a context
 * (as AWS's EvaluateCode does), run a unit or pipeline resolver against DynamoDB (Local).
 */
export * from './appsync-js/index.js';
export { evaluateCode, EvaluateCodeRequestError, type EvaluateCodeRequest, type EvaluateCodeResponse } from './appsync-js/evaluate-code.js';
export { DynamoDbDataSource, encodeNextToken } from './data-sources/dynamodb.js';
export { toPlain, toPlainMap, toWire, toWireMap, TypedValueError } from './data-sources/dynamodb-values.js';
export { invokeNoneDataSource } from './data-sources/none.js';
export { AWS_SCALARS } from './graphql/aws-scalars.js';
