/**
 * The JSON answer of the local-only routes under `/_local/` (reset, pipes, SNS listings, the OIDC
 * signer): one writer, so they agree on the content type, the length and HEAD's empty body.
 */
import type { ServerResponse } from 'node:http';

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  // The length is the body's whatever the caller passed; HEAD answers the headers a GET would.
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
