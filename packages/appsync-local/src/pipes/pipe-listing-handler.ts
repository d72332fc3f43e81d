/**
 * A local-only JSON view of the pipes the local server runs (Pipes has no such read-back; in AWS
 * you would look at metrics and the dead-letter queue):
 *
 * - `GET /_local/pipes`: each pipe with its source, target, state, shard positions and its
 *   recent batches (newest last) with their outcomes;
 * - `GET /_local/pipes/<name>/dead-letters`: what the pipe dead-lettered, each with the message
 *   AWS would put in the queue and, locally, the failed records themselves.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StreamPipeRunner } from './stream-pipe-runner.js';
import { decodePathSegment } from '../server/path-segment.js';
import { sendJson } from '../server/send-json.js';

export const PIPES_MOUNT_PATH = '/_local/pipes';

export function isPipesPath(pathname: string): boolean {
  return pathname === PIPES_MOUNT_PATH || pathname.startsWith(`${PIPES_MOUNT_PATH}/`);
}

export function createPipeListingHandler(runners: () => ReadonlyMap<string, StreamPipeRunner>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/$/, '');
    if (req.method !== 'GET') return sendJson(res, 405, { error: { code: 'MethodNotAllowed', message: `${pathname} answers GET only.` } });
    if (pathname === PIPES_MOUNT_PATH) {
      const pipes = [...runners()].map(([name, runner]) => ({
        name,
        sourceStreamArn: runner.pipe.sourceStreamArn,
        targetFunctionArn: runner.pipe.targetFunctionArn,
        filters: runner.pipe.filters,
        ...runner.status(),
        recentBatches: runner.recentBatches(),
      }));
      return sendJson(res, 200, { pipes });
    }
    const match = /^\/_local\/pipes\/([^/]+)\/dead-letters$/.exec(pathname);
    const runner = match ? runners().get(decodePathSegment(match[1]!) ?? '') : undefined;
    if (!runner) {
      return sendJson(res, 404, { error: { code: 'NotFound', message: `No route GET ${pathname}. Listings: GET ${PIPES_MOUNT_PATH}, ${PIPES_MOUNT_PATH}/<pipe name>/dead-letters.` } });
    }
    return sendJson(res, 200, { deadLetters: await runner.deadLetters() });
  };
}
