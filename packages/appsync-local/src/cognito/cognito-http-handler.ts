/**
 * Everything the local Cognito serves over HTTP, under one mount path (`/_local/cognito`):
 *
 * - `POST <mount>` and `<mount>/`: the Cognito Identity Provider API (AWS JSON 1.1:
 *   `X-Amz-Target: AWSCognitoIdentityProviderService.<Action>`, `Content-Type:
 *   application/x-amz-json-1.1`), for the SDK (`endpoint: 'http://localhost:4000/_local/cognito'`)
 *   and Amplify (`Auth.Cognito.userPoolEndpoint`). Answers as Cognito: the output as JSON, or
 *   `{"__type": "<Exception>", "message": "..."}` with its status and `x-amzn-errortype`;
 * - `GET <mount>/<poolId>/.well-known/jwks.json` and `.../openid-configuration`: each pool's keys
 *   and discovery document at its issuer (`<issuerBase>/<poolId>`);
 * - `GET <mount>/codes` (`?poolId=&username=`): the confirmation and reset codes issued, for
 *   people and tests (Cognito would have emailed them); `GET <mount>/pools`: the pools with their
 *   client ids (and local secrets), issuers and user counts.
 *
 * Browsers on other origins (a frontend dev server) may call all of it: CORS preflights are
 * answered for the headers Amplify and the SDK send. A failure that is not the caller's is a 500
 * InternalErrorException with a generic message; the error goes to `onInternalError`, never into
 * the response.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CognitoError, internalError, serializationError, unknownOperation } from './cognito-errors.js';
import type { LocalCognito } from './local-cognito.js';
import { decodePathSegment } from '../server/path-segment.js';
import { sendJson } from '../server/send-json.js';

export const COGNITO_MOUNT_PATH = '/_local/cognito';
export const COGNITO_TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** The handler the composition mounts: the request, its response, and the body it has read. */
export type CognitoRequestHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void>;

export interface CognitoHttpHandlerOptions {
  /** Gets each failure that is not the caller's (answered 500 without details). */
  onInternalError?: (error: unknown) => void;
}

/** Headers a browser may send cross-origin: the SDK's and Amplify's (content type, target, user agents, cache-control, SigV4). */
const ALLOWED_HEADERS = [
  'content-type',
  'x-amz-target',
  'x-amz-user-agent',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-content-sha256',
  'authorization',
  'cache-control',
  'amz-sdk-invocation-id',
  'amz-sdk-request',
];
const EXPOSED_HEADERS = ['x-amzn-requestid', 'x-amzn-errortype', 'x-amzn-errormessage', 'date'];

/** Whether a request path belongs to the local Cognito (the composition's routing test). */
export function isCognitoPath(pathname: string): boolean {
  return pathname === COGNITO_MOUNT_PATH || pathname.startsWith(`${COGNITO_MOUNT_PATH}/`);
}

export function createCognitoHttpHandler(cognito: LocalCognito, options: CognitoHttpHandlerOptions = {}): CognitoRequestHandler {
  return async (req, res, body) => {
    const cors = corsHeaders(req);
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': ALLOWED_HEADERS.join(', '),
        'access-control-max-age': '600',
        'content-length': '0',
      });
      res.end();
      return;
    }
    try {
      if (pathname === COGNITO_MOUNT_PATH || pathname === `${COGNITO_MOUNT_PATH}/`) {
        if (req.method !== 'POST')
          return sendJson(
            res,
            405,
            { message: `${pathname} takes the Cognito API as POST; listings are GET ${COGNITO_MOUNT_PATH}/pools and ${COGNITO_MOUNT_PATH}/codes.` },
            { ...cors, allow: 'POST, OPTIONS' },
          );
        return await api(cognito, req, res, body, cors, options);
      }
      return listing(cognito, req, res, pathname.slice(COGNITO_MOUNT_PATH.length + 1).replace(/\/$/, ''), cors);
    } catch (err) {
      options.onInternalError?.(err);
      if (!res.headersSent) sendJson(res, 500, { message: 'An internal error occurred in the local Cognito.' }, cors);
      else res.end();
    }
  };
}

async function api(cognito: LocalCognito, req: IncomingMessage, res: ServerResponse, body: Buffer, cors: Record<string, string>, options: CognitoHttpHandlerOptions): Promise<void> {
  const requestId = randomUUID();
  const headers = { ...cors, 'x-amzn-requestid': requestId, 'content-type': JSON_CONTENT_TYPE };
  try {
    const target = header(req, 'x-amz-target') ?? '';
    if (!target.startsWith(COGNITO_TARGET_PREFIX)) throw unknownOperation();
    const text = body.toString('utf8');
    let input: unknown;
    try {
      input = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      throw serializationError('Start of structure or map found where not expected.'); // unconfirmed
    }
    const output = await cognito.handle(target.slice(COGNITO_TARGET_PREFIX.length), input, { method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, body: text });
    sendJson(res, 200, output, headers);
  } catch (err) {
    const error = err instanceof CognitoError ? err : internalError();
    if (!(err instanceof CognitoError)) options.onInternalError?.(err);
    const payload: Record<string, string> = { __type: error.type };
    if (error.message !== '') payload['message'] = error.message;
    sendJson(res, error.status, payload, { ...headers, 'x-amzn-errortype': error.type });
  }
}

function listing(cognito: LocalCognito, req: IncomingMessage, res: ServerResponse, rest: string, cors: Record<string, string>): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { message: `${COGNITO_MOUNT_PATH}/${rest} answers GET only.` }, { ...cors, allow: 'GET, HEAD, OPTIONS' });
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  if (rest === 'codes') return sendJson(res, 200, { codes: cognito.codes({ poolId: query.get('poolId') ?? undefined, username: query.get('username') ?? undefined }) }, cors);
  if (rest === 'pools') return sendJson(res, 200, { pools: cognito.pools() }, cors);
  const wellKnown = /^([^/]+)\/\.well-known\/(jwks\.json|openid-configuration)$/.exec(rest);
  if (wellKnown) {
    const poolId = decodePathSegment(wellKnown[1]!);
    const document = poolId === undefined ? undefined : wellKnown[2] === 'jwks.json' ? cognito.jwks(poolId) : cognito.openidConfiguration(poolId);
    if (!document) return sendJson(res, 404, { message: `User pool ${poolId ?? wellKnown[1]} does not exist.` }, cors);
    return sendJson(res, 200, document, { ...cors, 'cache-control': 'no-cache' });
  }
  sendJson(
    res,
    404,
    {
      message: `No route ${req.method} ${COGNITO_MOUNT_PATH}/${rest}. The Cognito API is POST ${COGNITO_MOUNT_PATH}; GET ${COGNITO_MOUNT_PATH}/pools, ${COGNITO_MOUNT_PATH}/codes, ${COGNITO_MOUNT_PATH}/<poolId>/.well-known/jwks.json and .../openid-configuration.`,
    },
    cors,
  );
}

function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = header(req, 'origin');
  return origin ? { 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-expose-headers': EXPOSED_HEADERS.join(', ') } : {};
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
