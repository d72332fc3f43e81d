/**
 * Credentials for each kind of request, in the chosen auth mode, as AppSync expects them:
 *
 * - HTTP (queries, mutations): `x-api-key`, or SigV4 (service `appsync`) over the exact body
 *   sent; the browser sets Host itself, so it is signed but not sent;
 * - the real-time connection (graphql-transport-ws `connectionParams`): an authorization
 *   header object, `{host, x-api-key}` or SigV4 headers signed as `POST /graphql/connect`
 *   over `{}`;
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
import type { ExplorerConfig } from '../explorer-config.js';
import type { AuthState } from './auth-state.js';

/** The connection path AppSync signs real-time connections for. */
const CONNECT_PATH = '/graphql/connect';
/** The headers AWS's clients sign real-time authorization objects with. */
const REALTIME_SIGNED_HEADERS = { accept: 'application/json, text/javascript', 'content-encoding': 'amz-1.0', 'content-type': 'application/json; charset=UTF-8' };

/** The headers of a POST of `body` to the GraphQL endpoint: `base` plus credentials. */
export async function httpRequestHeaders(auth: AuthState, config: ExplorerConfig, body: string, base: Record<string, string>): Promise<Record<string, string>> {
  if (auth.mode === 'API_KEY') return { ...base, 'x-api-key': auth.apiKey };
  const url = new URL(config.graphqlUrl);
  const { host: _host, ...signed } = await signedHeaders(auth, config.region, url, body, { ...base, host: url.host });
  return signed;
}

/** graphql-transport-ws `connectionParams`: the connection's authorization header object. */
export async function connectionAuthorization(auth: AuthState, config: ExplorerConfig): Promise<Record<string, string>> {
  const url = new URL(config.graphqlUrl);
  if (auth.mode === 'API_KEY') return { host: url.host, 'x-api-key': auth.apiKey };
  url.pathname = CONNECT_PATH;
  return signedHeaders(auth, config.region, url, '{}', { ...REALTIME_SIGNED_HEADERS, host: url.host });
}

/** A subscribe message's `extensions.authorization`; `body` is `JSON.stringify({query, variables})`. */
export async function subscriptionAuthorization(auth: AuthState, config: ExplorerConfig, body: string): Promise<Record<string, string>> {
  const url = new URL(config.graphqlUrl);
  if (auth.mode === 'API_KEY') return { host: url.host, 'x-api-key': auth.apiKey };
  return signedHeaders(auth, config.region, url, body, { ...REALTIME_SIGNED_HEADERS, host: url.host });
}

async function signedHeaders(auth: AuthState, region: string, url: URL, body: string, headers: Record<string, string>): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service: 'appsync', region, credentials: { accessKeyId: auth.accessKeyId, secretAccessKey: auth.secretAccessKey }, sha256: Sha256 });
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
