/**
 * Everything the local SNS serves over HTTP, under one mount path (`/_local/sns` by default), so
 * the composition routes one prefix and sets one variable:
 *
 * - `<mount>` and `<mount>/`: the SNS API. The SDK posts to its endpoint's path with a `/`
 *   appended, so with `AWS_ENDPOINT_URL_SNS=http://localhost:4000/_local/sns` it posts to
 *   `/_local/sns/`;
 * - `<mount>/topics...`, `<mount>/messages`: the local JSON listing (sns-listing-handler.ts).
 */
import { createSnsApiHandler, type SnsApiHandlerOptions, type SnsRequestHandler } from './sns-api-handler.js';
import { createSnsListingHandler } from './sns-listing-handler.js';
import type { LocalSns } from './local-sns.js';

export const SNS_MOUNT_PATH = '/_local/sns';

export interface SnsHttpHandlerOptions extends SnsApiHandlerOptions {
  /** Where the SNS API and its listing are served (no trailing slash). */
  mountPath?: string;
}

/** Whether a request path belongs to the local SNS (the composition's routing test). */
export function isSnsPath(pathname: string, mountPath = SNS_MOUNT_PATH): boolean {
  return pathname === mountPath || pathname.startsWith(`${mountPath}/`);
}

export function createSnsHttpHandler(sns: LocalSns, options: SnsHttpHandlerOptions = {}): SnsRequestHandler {
  const mountPath = options.mountPath ?? SNS_MOUNT_PATH;
  const api = createSnsApiHandler(sns, options);
  const listing = createSnsListingHandler(sns, mountPath);
  return (req, res, body) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    return pathname === mountPath || pathname === `${mountPath}/` ? api(req, res, body) : listing(req, res, body);
  };
}
