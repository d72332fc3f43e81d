/** `appsync-local/testing`: the local AppSync for a project's own tests (see harness.ts and the package README). */
export {
  startLocalAppSync,
  SubscriptionRefused,
  type AwsCredentials,
  type Caller,
  type GraphqlError,
  type GraphqlOptions,
  type GraphqlResponse,
  type LocalAppSyncHarness,
  type StartLocalAppSyncOptions,
  type UserPoolCaller,
  type UserPoolTokens,
  type Subscription,
  type SubscriptionEvent,
} from './harness.js';
export { signedAppSyncHeaders } from './request-signing.js';
