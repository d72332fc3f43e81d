/**
 * The SNS API over HTTP, for the unmodified AWS SDK (and the CLI) pointed at it with
 * AWS_ENDPOINT_URL_SNS: awsQuery requests in (POSTed form, or GET query string), SNS's XML out,
 * errors in SNS's codes and statuses with an `x-amzn-requestid` on every answer.
 *
 * Signatures: with `credentials`, a call must be signed (SigV4, service `sns`) with them, and a
 * refusal is answered as SNS answers it (MissingAuthenticationToken, IncompleteSignature,
 * InvalidClientTokenId, SignatureDoesNotMatch). The local Lambda functions sign with exactly
 * these credentials, so checking costs them nothing and catches a client signing for another
 * service or with other keys. IAM policies (the topic policy included) are not evaluated.
 *
 * A failure that is not the caller's is answered 500 InternalError with a generic message; the
 * error itself goes to `onInternalError`, never into the response.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifySigV4, type SigV4Credentials } from '../auth/sigv4-verifier.js';
import type { LocalSns, PublishBatchResult, PublishResult } from './local-sns.js';
import { readPublishBatchInput, readPublishInput } from './publish-input.js';
import {
  incompleteSignature,
  internalError,
  invalidClientTokenId,
  missingAction,
  missingAuthenticationToken,
  signatureDoesNotMatch,
  SnsError,
  unknownAction,
  unsupportedAction,
} from './sns-errors.js';
import { parseQueryParameters, queryErrorResponse, queryResponse, SNS_API_VERSION, SNS_XML_CONTENT_TYPE, xmlElement, type QueryParameters } from './sns-query-protocol.js';

/** The handler the composition mounts: the request, its response, and the body it has read. */
export type SnsRequestHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void>;

export interface SnsApiHandlerOptions {
  /** When given, every call must carry a valid SigV4 signature (service `sns`) made with these. */
  credentials?: SigV4Credentials;
  /** Gets each failure that is not the caller's (answered 500 without details). */
  onInternalError?: (error: unknown) => void;
  /** The clock signatures are checked against. */
  now?: () => Date;
}

/** What the local SNS implements; every other SNS action is refused with InvalidAction naming it. */
export const SUPPORTED_SNS_ACTIONS = ['Publish', 'PublishBatch'] as const;

/** SNS's actions in API version 2010-03-31, to tell an unsupported action from a misspelt one. */
const SNS_ACTIONS = new Set([
  'AddPermission',
  'CheckIfPhoneNumberIsOptedOut',
  'ConfirmSubscription',
  'CreatePlatformApplication',
  'CreatePlatformEndpoint',
  'CreateSMSSandboxPhoneNumber',
  'CreateTopic',
  'DeleteEndpoint',
  'DeletePlatformApplication',
  'DeleteSMSSandboxPhoneNumber',
  'DeleteTopic',
  'GetDataProtectionPolicy',
  'GetEndpointAttributes',
  'GetPlatformApplicationAttributes',
  'GetSMSAttributes',
  'GetSMSSandboxAccountStatus',
  'GetSubscriptionAttributes',
  'GetTopicAttributes',
  'ListEndpointsByPlatformApplication',
  'ListOriginationNumbers',
  'ListPhoneNumbersOptedOut',
  'ListPlatformApplications',
  'ListSMSSandboxPhoneNumbers',
  'ListSubscriptions',
  'ListSubscriptionsByTopic',
  'ListTagsForResource',
  'ListTopics',
  'OptInPhoneNumber',
  'Publish',
  'PublishBatch',
  'PutDataProtectionPolicy',
  'RemovePermission',
  'SetEndpointAttributes',
  'SetPlatformApplicationAttributes',
  'SetSMSAttributes',
  'SetSubscriptionAttributes',
  'SetTopicAttributes',
  'Subscribe',
  'TagResource',
  'Unsubscribe',
  'UntagResource',
  'VerifySMSSandboxPhoneNumber',
]);

export function createSnsApiHandler(sns: LocalSns, options: SnsApiHandlerOptions = {}): SnsRequestHandler {
  return async (req, res, body) => {
    const requestId = randomUUID();
    try {
      const text = body.toString('utf8');
      if (options.credentials) await checkSignature(req, text, options.credentials, options.now?.());
      const parameters = parseQueryParameters(new URL(req.url ?? '/', 'http://localhost').search.slice(1), text);
      const { action, result } = await dispatch(sns, parameters);
      send(res, 200, queryResponse(action, result, requestId), requestId);
    } catch (err) {
      const error = err instanceof SnsError ? err : internalError();
      if (!(err instanceof SnsError)) options.onInternalError?.(err);
      send(res, error.status, queryErrorResponse(error, requestId), requestId);
    }
  };
}

async function dispatch(sns: LocalSns, parameters: QueryParameters): Promise<{ action: string; result: string }> {
  const action = parameters.get('Action');
  switch (action) {
    case undefined:
    case '':
      throw missingAction();
    case 'Publish':
      return { action, result: publishResultXml(await sns.publish(readPublishInput(parameters))) };
    case 'PublishBatch':
      return { action, result: publishBatchResultXml(await sns.publishBatch(readPublishBatchInput(parameters))) };
    default:
      throw SNS_ACTIONS.has(action) ? unsupportedAction(action, SUPPORTED_SNS_ACTIONS) : unknownAction(action, parameters.get('Version') ?? SNS_API_VERSION);
  }
}

async function checkSignature(req: IncomingMessage, body: string, credentials: SigV4Credentials, now: Date | undefined): Promise<void> {
  if (req.headers.authorization === undefined) throw missingAuthenticationToken();
  const verdict = await verifySigV4(
    { method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, body },
    { service: 'sns', lookup: (accessKeyId) => (accessKeyId === credentials.accessKeyId ? credentials : undefined), now },
  );
  if (verdict.valid) return;
  switch (verdict.errorType) {
    case 'IncompleteSignatureException':
      throw incompleteSignature(verdict.reason);
    case 'UnrecognizedClientException':
      throw invalidClientTokenId();
    case 'InvalidSignatureException':
      throw signatureDoesNotMatch(verdict.reason);
  }
}

function publishResultXml(result: PublishResult): string {
  return xmlElement('MessageId', result.MessageId) + xmlElement('SequenceNumber', result.SequenceNumber);
}

function publishBatchResultXml(result: PublishBatchResult): string {
  const successful = result.Successful.map((s) => `<member>${xmlElement('Id', s.Id)}${publishResultXml(s)}</member>`).join('');
  const failed = result.Failed.map(
    (f) => `<member>${xmlElement('Id', f.Id)}${xmlElement('Code', f.Code)}${xmlElement('Message', f.Message)}${xmlElement('SenderFault', String(f.SenderFault))}</member>`,
  ).join('');
  return `<Successful>${successful}</Successful><Failed>${failed}</Failed>`;
}

function send(res: ServerResponse, status: number, xml: string, requestId: string): void {
  res.writeHead(status, { 'content-type': SNS_XML_CONTENT_TYPE, 'content-length': Buffer.byteLength(xml), 'x-amzn-requestid': requestId });
  res.end(xml);
}
