/**
 * A local-only JSON view of what was published, for a developer's curl or a test's fetch (SNS
 * itself has no way to read back a message). Under the mount path:
 *
 * - `GET <mount>/topics`: every topic with its ARN, FIFO settings, message count and last publish;
 * - `GET <mount>/topics/<topic name or URL-encoded ARN>/messages`: that topic's stored messages,
 *   oldest first;
 * - `GET <mount>/messages`: every topic's messages, oldest first.
 */
import type { LocalSns } from './local-sns.js';
import type { SnsRequestHandler } from './sns-api-handler.js';
import { decodePathSegment } from '../server/path-segment.js';
import { sendJson } from '../server/send-json.js';

export function createSnsListingHandler(sns: LocalSns, mountPath: string): SnsRequestHandler {
  return async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const rest = pathname.startsWith(`${mountPath}/`) ? pathname.slice(mountPath.length + 1).replace(/\/$/, '') : undefined;
    const segments = rest?.split('/') ?? [];
    const isListing = rest === 'topics' || rest === 'messages' || (segments.length === 3 && segments[0] === 'topics' && segments[2] === 'messages');
    if (!isListing) {
      return sendJson(res, 404, {
        error: {
          code: 'NotFound',
          message: `No route ${req.method ?? 'GET'} ${pathname}. The SNS API is POST ${mountPath}; listings: GET ${mountPath}/topics, ${mountPath}/topics/<name or ARN>/messages, ${mountPath}/messages.`,
        },
      });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendJson(res, 405, { error: { code: 'MethodNotAllowed', message: `${pathname} answers GET only.` } }, { allow: 'GET, HEAD' });
    }
    if (rest === 'topics') return sendJson(res, 200, { topics: sns.topics() });
    if (rest === 'messages') return sendJson(res, 200, { messages: sns.listMessages() });

    const id = decodePathSegment(segments[1]!);
    const topic = id === undefined ? undefined : sns.findTopic(id);
    if (!topic) {
      const known =
        sns
          .topics()
          .map((t) => t.name)
          .join(', ') || 'none';
      return sendJson(res, 404, { error: { code: 'NotFound', message: `No topic ${JSON.stringify(id ?? segments[1])} in the template (topics: ${known}).` } });
    }
    const summary = sns.topics().find((t) => t.arn === topic.arn);
    return sendJson(res, 200, { topic: summary, messages: sns.listMessages(topic.arn) });
  };
}
