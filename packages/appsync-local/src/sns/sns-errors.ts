/**
 * The errors the local SNS answers with, in SNS's own codes, HTTP statuses and wording, so the
 * unmodified SDK raises its typed exceptions (NotFoundException for `NotFound`,
 * InvalidParameterException for `InvalidParameter`, InvalidParameterValueException for
 * `ParameterValueInvalid`, ...; the SDK maps the awsQuery code, not the exception name).
 *
 * Wording: where SNS's answer was observed (LocalStack's AWS-recorded snapshots of SNS,
 * tests/aws/services/sns/test_sns.snapshot.json) it is used verbatim; the others are marked
 * "not observed" and say plainly what is wrong. docs/local-appsync.md lists them.
 */

export type SnsFault = 'Sender' | 'Receiver';

export class SnsError extends Error {
  constructor(
    /** The awsQuery error code (`<Code>`). */
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fault: SnsFault = 'Sender',
  ) {
    super(message);
    this.name = 'SnsError';
  }
}

/** `InvalidParameter` (400): SNS's most common refusal; the message starts "Invalid parameter: ". */
export const invalidParameter = (message: string) => new SnsError('InvalidParameter', message, 400);

/** `ParameterValueInvalid` (400): the SDK's InvalidParameterValueException (message attributes). */
export const parameterValueInvalid = (message: string) => new SnsError('ParameterValueInvalid', message, 400);

/** A required member left out (Smithy's model validation, before SNS's own checks). */
export const missingMember = (memberPath: string) =>
  new SnsError('ValidationError', `1 validation error detected: Value null at '${memberPath}' failed to satisfy constraint: Member must not be null`, 400);

export const topicNotFound = () => new SnsError('NotFound', 'Topic does not exist', 404);

export const emptyBatchRequest = () => new SnsError('EmptyBatchRequest', "The batch request doesn't contain any entries.", 400); // not observed (SQS's wording)

export const tooManyEntriesInBatchRequest = () => new SnsError('TooManyEntriesInBatchRequest', 'The batch request contains more entries than permissible.', 400);

export const batchEntryIdsNotDistinct = () => new SnsError('BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.', 400);

export const invalidBatchEntryId = () =>
  new SnsError('InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.', 400); // not observed (SQS's wording)

export const batchRequestTooLong = () => new SnsError('BatchRequestTooLong', 'The length of all the messages put together is more than the limit.', 400);

/** An action SNS does not have, in the wording of AWS's query services. */
export const unknownAction = (action: string, version: string) => new SnsError('InvalidAction', `Could not find operation ${action} for version ${version}`, 400);

/** An SNS action the local SNS does not implement: still InvalidAction, naming the action and what is supported. */
export const unsupportedAction = (action: string, supported: readonly string[]) =>
  new SnsError('InvalidAction', `The local SNS does not support ${action}; it supports ${supported.join(' and ')}.`, 400);

export const missingAction = () => new SnsError('MissingAction', 'The request must contain the parameter Action.', 400); // not observed

// SigV4 refusals, in the codes query-protocol services use (the SDK raises SNSServiceException with this name).
export const missingAuthenticationToken = () => new SnsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403); // not observed
export const incompleteSignature = (reason: string) => new SnsError('IncompleteSignature', reason, 400);
export const invalidClientTokenId = () => new SnsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
export const signatureDoesNotMatch = (reason: string) => new SnsError('SignatureDoesNotMatch', reason, 403);

/** A failure that is not the caller's; details stay in the server's log. */
export const internalError = () => new SnsError('InternalError', 'An internal error occurred in the local SNS.', 500, 'Receiver');
