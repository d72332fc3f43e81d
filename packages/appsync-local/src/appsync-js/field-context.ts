/**
 * The part of `ctx` that stays the same for every step of one field's resolution: arguments,
 * identity, source, info, request, env and the stash that the steps share
 * (https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference-js.html).
 * Built once per field as values of the sandbox realm, so a pipeline's steps see the very same
 * stash object and no step pays to convert them again.
 */
import type { Identity } from '@aws-appsync/utils';
import type { AuthMode } from './evaluation-scope.js';
import type { Realm } from './realm.js';

/** Everything a caller may know about the field being resolved, as plain data. */
export interface FieldContextInput {
  arguments?: Record<string, unknown>;
  identity?: Identity;
  source?: unknown;
  stash?: Record<string, unknown>;
  info?: {
    fieldName?: string;
    parentTypeName?: string;
    variables?: Record<string, unknown>;
    selectionSetList?: string[];
    selectionSetGraphQL?: string;
  };
  request?: { headers?: Record<string, unknown>; domainName?: string | null };
  env?: Record<string, string>;
  /** How the caller was authorized; derived from `identity` when absent, as EvaluateCode does. */
  authMode?: AuthMode;
}

export class FieldContext {
  readonly args: unknown;
  readonly identity: unknown;
  readonly source: unknown;
  readonly stash: unknown;
  readonly info: unknown;
  readonly request: unknown;
  readonly env: unknown;
  readonly fieldName: string;
  readonly parentTypeName: string;
  readonly authMode: AuthMode;

  constructor(
    readonly realm: Realm,
    input: FieldContextInput = {},
  ) {
    const { fromHost, makeInfo } = realm.internals;
    this.fieldName = input.info?.fieldName ?? '';
    this.parentTypeName = input.info?.parentTypeName ?? '';
    // AppSync always provides args, even as {}.
    this.args = fromHost(input.arguments ?? {});
    this.identity = fromHost(input.identity ?? null);
    this.source = fromHost(input.source ?? null);
    this.stash = fromHost(input.stash ?? {});
    this.info = makeInfo({
      fieldName: this.fieldName,
      parentTypeName: this.parentTypeName,
      variables: input.info?.variables ?? {},
      selectionSetList: input.info?.selectionSetList ?? [],
      selectionSetGraphQL: input.info?.selectionSetGraphQL ?? '',
    });
    this.request = fromHost({ headers: input.request?.headers ?? {}, domainName: input.request?.domainName ?? null });
    this.env = fromHost(input.env ?? {});
    this.authMode = input.authMode ?? authModeOf(input.identity);
  }

  /** The stash as plain data (EvaluateCode returns it as a JSON string). */
  stashJson(): string {
    return this.realm.internals.stringify(this.stash) ?? '{}';
  }
}

/**
 * The auth mode an identity implies, following the identity shapes AppSync documents and what
 * EvaluateCode answers for util.authType() (no identity: API key; `resolverContext` or an empty
 * object: Lambda; an IAM identity; a user pool identity; an OIDC identity).
 */
export function authModeOf(identity: unknown): AuthMode {
  if (identity === null || typeof identity !== 'object') return 'API_KEY';
  const id = identity as Record<string, unknown>;
  const keys = Object.keys(id);
  if (keys.length === 0 || 'resolverContext' in id) return 'AWS_LAMBDA';
  if (typeof id['userArn'] === 'string' && Array.isArray(id['sourceIp'])) return 'AWS_IAM';
  if (typeof id['sub'] === 'string' && Array.isArray(id['sourceIp']) && typeof id['defaultAuthStrategy'] === 'string') {
    return 'AMAZON_COGNITO_USER_POOLS';
  }
  if (keys.length === 3 && typeof id['sub'] === 'string' && 'issuer' in id && 'claims' in id) return 'OPENID_CONNECT';
  return 'API_KEY';
}
