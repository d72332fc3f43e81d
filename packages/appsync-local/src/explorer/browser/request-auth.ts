/**
 * Credentials for each kind of request, in the chosen auth mode, as AppSync expects them:
 *
 * - HTTP (queries, mutations): `x-api-key`; SigV4 (service `appsync`) over the exact body sent
 *   (the browser sets Host itself, so it is signed but not sent); or `Authorization: <token>`
 *   for user pools (the access token, as Amplify sends it), OIDC and Lambda;
 * - the real-time connection (`connectionParams`): an authorization header object, `{host,
 *   x-api-key}`, `{host, Authorization}` or SigV4 headers signed as `POST /graphql/connect` over
 *   `{}`;
 * - each subscription (`extensions.authorization`): the same kind of object, signed as
 *   `POST /graphql` over `{"query", "variables"}`, so a subscription runs in the mode chosen
 *   when it started even on a connection opened in another.
 *
 * Signing runs in the browser with @smithy/signature-v4 and the pure-JS SHA-256 (no WebCrypto,
 * which plain-http origins other than localhost do not get).
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ExplorerAuthMode, ExplorerConfig } from '../explorer-config.js';

/** What one request is sent with: read from the auth state when it is sent. */
export type RequestCredentials =
  | { mode: 'API_KEY'; apiKey: string }
  | { mode: 'AWS_IAM'; accessKeyId: string; secretAccessKey: string }
  | {
      mode: Exclude<ExplorerAuthMode, 'API_KEY' | 'AWS_IAM'>;
      /** The `Authorization` value; null when there is none (not signed in), and AppSync says so. */
      token: string | null;
      /** Who the token is for (a username, an OIDC subject), for the trace panel. */
      caller?: string;
    };

/** Who the credentials are for, when they name someone. */
export function callerOf(credentials: RequestCredentials): string | undefined {
  return credentials.mode === 'API_KEY' || credentials.mode === 'AWS_IAM' ? undefined : credentials.caller;
}

/** The connection path AppSync signs real-time connections for. */
const CONNECT_PATH = '/graphql/connect';
/** The headers AWS's clients sign real-time authorization objects with. */
const REALTIME_SIGNED_HEADERS = { accept: 'application/json, text/javascript', 'content-encoding': 'amz-1.0', 'content-type': 'application/json; charset=UTF-8' };

/** The headers of a POST of `body` to the GraphQL endpoint: `base` plus credentials. */
export async function httpRequestHeaders(credentials: RequestCredentials, config: ExplorerConfig, body: string, base: Record<string, string>): Promise<Record<string, string>> {
  switch (credentials.mode) {
    case 'API_KEY':
      return { ...base, 'x-api-key': credentials.apiKey };
    case 'AWS_IAM': {
      const url = new URL(config.graphqlUrl);
      const { host: _host, ...signed } = await signedHeaders(credentials, config.region, url, body, { ...base, host: url.host });
      return signed;
    }
    default:
      return credentials.token ? { ...base, authorization: credentials.token } : base;
  }
}

/** The real-time connection's authorization header object (graphql-transport-ws `connectionParams`). */
export async function connectionAuthorization(credentials: RequestCredentials, config: ExplorerConfig): Promise<Record<string, string>> {
  const url = new URL(config.graphqlUrl);
  url.pathname = CONNECT_PATH;
  return realtimeAuthorization(credentials, config, url, '{}');
}

/** A subscription's `extensions.authorization`; `body` is `JSON.stringify({query, variables})`. */
export async function subscriptionAuthorization(credentials: RequestCredentials, config: ExplorerConfig, body: string): Promise<Record<string, string>> {
  return realtimeAuthorization(credentials, config, new URL(config.graphqlUrl), body);
}

async function realtimeAuthorization(credentials: RequestCredentials, config: ExplorerConfig, url: URL, body: string): Promise<Record<string, string>> {
  switch (credentials.mode) {
    case 'API_KEY':
      return { host: url.host, 'x-api-key': credentials.apiKey };
    case 'AWS_IAM':
      return signedHeaders(credentials, config.region, url, body, { ...REALTIME_SIGNED_HEADERS, host: url.host });
    default:
      return credentials.token ? { host: url.host, Authorization: credentials.token } : { host: url.host };
  }
}

async function signedHeaders(credentials: { accessKeyId: string; secretAccessKey: string }, region: string, url: URL, body: string, headers: Record<string, string>): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service: 'appsync', region, credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey }, sha256: Sha256 });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      headers,
      body,
    }),
  );
  return signed.headers;
}
