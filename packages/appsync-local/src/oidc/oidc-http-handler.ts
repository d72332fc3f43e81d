/**
 * The local OIDC signer over HTTP, under one mount path (`/_local/oidc`):
 *
 * - `POST <mount>/token` with `{"claims": {...}}` (plus `"issuer"` when the template has several
 *   OIDC issuers) answers `{"token": "<JWT>"}`, a token the local server accepts for the
 *   template's OPENID_CONNECT provider; a bad body is a 400 that says what is wrong;
 * - `GET <mount>/jwks.json`: the public key, for tools that verify the tokens themselves.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalOidc } from './local-oidc.js';
import { sendJson } from '../server/send-json.js';

export const OIDC_MOUNT_PATH = '/_local/oidc';

export type OidcRequestHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void>;

/** Whether a request path belongs to the local OIDC signer (the composition's routing test). */
export function isOidcPath(pathname: string, mountPath = OIDC_MOUNT_PATH): boolean {
  return pathname === mountPath || pathname.startsWith(`${mountPath}/`);
}

export function createOidcHttpHandler(oidc: LocalOidc, mountPath = OIDC_MOUNT_PATH): OidcRequestHandler {
  return async (req, res, body) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/$/, '');
    const routes: Record<string, string> = { [`${mountPath}/token`]: 'POST', [`${mountPath}/jwks.json`]: 'GET' };
    const method = routes[pathname];
    if (!method) return sendJson(res, 404, { error: { code: 'NotFound', message: `No route ${req.method} ${pathname}. Routes: POST ${mountPath}/token, GET ${mountPath}/jwks.json.` } });
    if (req.method !== method) return sendJson(res, 405, { error: { code: 'MethodNotAllowed', message: `${pathname} answers ${method} only.` } });
    if (method === 'GET') return sendJson(res, 200, oidc.jwks());

    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(res, 400, { error: { code: 'BadRequest', message: 'The body is not JSON; send {"claims": {...}}.' } });
    }
    const result = await oidc.issue(parsed);
    if (!result.ok) return sendJson(res, 400, { error: { code: 'BadRequest', message: result.message } });
    return sendJson(res, 200, { token: result.token });
  };
}
