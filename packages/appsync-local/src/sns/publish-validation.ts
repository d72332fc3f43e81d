/**
 * SNS's rules for a message, checked in the order SNS checks them, each refusal in SNS's code and
 * words (sns-errors.ts says which wording was observed):
 *
 * - the message is required and not empty; with MessageStructure=json it is a JSON object with a
 *   string "default";
 * - Subject: not empty, at most 100 characters, no line breaks or control characters, starting
 *   with a letter, number or punctuation mark;
 * - at most 10 message attributes; each name up to 256 characters of A-Z a-z 0-9 _ - . (no
 *   leading, trailing or double dot, no AWS./Amazon. prefix); DataType String, Number or Binary,
 *   optionally with a custom `.suffix` (String.Array is one), with the value field that type uses,
 *   not empty; a Number a decimal of at most 38 significant digits between 10^-128 and 10^126; a
 *   String.Array a JSON array of strings, numbers, booleans and nulls;
 * - message plus every attribute's name, type and value at most 256 KiB (262,144 bytes);
 * - FIFO topics: MessageGroupId required, MessageDeduplicationId required unless the topic has
 *   content-based deduplication (then it is the body's SHA-256); standard topics refuse
 *   MessageDeduplicationId.
 *
 * Sources: the SNS API reference (Publish, MessageAttributeValue), the SNS developer guide
 * ("Amazon SNS message attributes"), and SNS's answers recorded in LocalStack's AWS snapshots.
 */
import { createHash } from 'node:crypto';
import type { MessageAttributeInput, MessageContentInput } from './publish-input.js';
import { invalidParameter, missingMember, parameterValueInvalid } from './sns-errors.js';

/** 256 KiB: the message and all its attributes together, and a whole PublishBatch. */
export const MAX_MESSAGE_BYTES = 262_144;
export const MAX_MESSAGE_ATTRIBUTES = 10;

export interface SnsMessageAttribute {
  DataType: string;
  StringValue?: string;
  /** Base64. */
  BinaryValue?: string;
}

export interface ValidatedContent {
  message: string;
  subject?: string;
  messageStructure?: 'json';
  messageAttributes: Record<string, SnsMessageAttribute>;
  messageGroupId?: string;
  messageDeduplicationId?: string;
  /** Bytes counted against the 256 KiB limit. */
  size: number;
}

export interface FifoSettings {
  fifo: boolean;
  contentBasedDeduplication: boolean;
}

/**
 * The content of one message (Publish, or PublishBatch entry `entry`, 1-based), checked.
 * Throws the SnsError SNS would answer.
 */
export function validateMessageContent(input: MessageContentInput, entry?: number): ValidatedContent {
  const memberPath = (member: string) => (entry === undefined ? member : `publishBatchRequestEntries.${entry}.member.${member}`);
  if (input.Message === undefined) throw missingMember(memberPath('message'));
  if (input.Subject !== undefined && !validSubject(input.Subject)) throw invalidParameter('Invalid parameter: Subject');
  if (input.Message === '') throw invalidParameter('Invalid parameter: Empty message');

  const attributes = Object.entries(input.MessageAttributes ?? {});
  if (attributes.length > MAX_MESSAGE_ATTRIBUTES) {
    throw parameterValueInvalid(`Number of message attributes [${attributes.length}] exceeds the allowed maximum [${MAX_MESSAGE_ATTRIBUTES}].`); // not observed (SQS's wording)
  }
  let size = Buffer.byteLength(input.Message);
  const messageAttributes: Record<string, SnsMessageAttribute> = {};
  for (const [name, attribute] of attributes) {
    const checked = validateAttribute(name, attribute, memberPath);
    size += Buffer.byteLength(name) + Buffer.byteLength(checked.DataType) + attributeValueBytes(checked);
    Object.defineProperty(messageAttributes, name, { value: checked, enumerable: true, writable: true, configurable: true });
  }
  if (size > MAX_MESSAGE_BYTES) throw invalidParameter('Invalid parameter: Message too long');

  if (input.MessageStructure !== undefined) {
    if (input.MessageStructure !== 'json') throw invalidParameter('Invalid parameter: MessageStructure'); // not observed
    checkJsonMessageStructure(input.Message);
  }
  return {
    message: input.Message,
    subject: input.Subject,
    messageStructure: input.MessageStructure === 'json' ? 'json' : undefined,
    messageAttributes,
    messageGroupId: input.MessageGroupId,
    messageDeduplicationId: input.MessageDeduplicationId,
    size,
  };
}

/**
 * The FIFO rules for a message on this topic; returns the deduplication id to use (the explicit
 * one, or the body's SHA-256 with content-based deduplication; none on a standard topic).
 */
export function validateFifoRules(topic: FifoSettings, content: ValidatedContent): string | undefined {
  if (content.messageGroupId !== undefined && !validMessageGroupOrDeduplicationId(content.messageGroupId)) {
    throw invalidParameter('Invalid parameter: MessageGroupId Reason: it must be 1 to 128 alphanumeric or punctuation characters'); // not observed
  }
  if (content.messageDeduplicationId !== undefined && !validMessageGroupOrDeduplicationId(content.messageDeduplicationId)) {
    throw invalidParameter('Invalid parameter: MessageDeduplicationId Reason: it must be 1 to 128 alphanumeric or punctuation characters'); // not observed
  }
  if (!topic.fifo) {
    if (content.messageDeduplicationId !== undefined) {
      throw invalidParameter('Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type');
    }
    // A MessageGroupId is accepted on standard topics (it orders delivery to SQS fair queues).
    return undefined;
  }
  if (content.messageGroupId === undefined) throw invalidParameter('Invalid parameter: The MessageGroupId parameter is required for FIFO topics');
  if (content.messageDeduplicationId !== undefined) return content.messageDeduplicationId;
  if (!topic.contentBasedDeduplication) {
    throw invalidParameter('Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
  }
  return createHash('sha256').update(content.message).digest('hex');
}

/** SNS's check on the shape of an ARN, before it looks the topic up. */
export function validateArnShape(arn: string, parameter: 'TopicArn' | 'TargetArn'): void {
  const elements = arn.split(':').length;
  if (elements < 6) throw invalidParameter(`Invalid parameter: ${parameter} Reason: An ARN must have at least 6 elements, not ${elements}`);
}

// ---------------------------------------------------------------------------------------------

/** Non-empty, ≤ 100 characters, no control characters (line breaks included), starting with a letter, number or punctuation mark. */
function validSubject(subject: string): boolean {
  // eslint-disable-next-line no-control-regex
  return subject.length > 0 && subject.length <= 100 && !/[\u0000-\u001F\u007F-\u009F]/.test(subject) && /^[\p{L}\p{N}\p{P}\p{S}]/u.test(subject);
}

const ATTRIBUTE_NAME_CHARACTER = /[A-Za-z0-9_.-]/;
const DATA_TYPE = /^(String|Number|Binary)(\..+)?$/;

function validateAttribute(name: string, attribute: MessageAttributeInput, memberPath: (member: string) => string): SnsMessageAttribute {
  validateAttributeName(name);
  const dataType = attribute.DataType;
  if (dataType === undefined) throw missingMember(memberPath(`messageAttributes.${name}.member.dataType`));
  const kind = DATA_TYPE.exec(dataType)?.[1];
  if (!kind) {
    throw parameterValueInvalid(`The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
  }
  if (attribute.StringValue === undefined && attribute.BinaryValue === undefined) {
    throw parameterValueInvalid(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`);
  }
  const field = kind === 'Binary' ? 'Binary' : 'String';
  const value = field === 'Binary' ? attribute.BinaryValue : attribute.StringValue;
  if (value === undefined) throw parameterValueInvalid(`The message attribute '${name}' with type '${dataType}' must use field '${field}'.`);
  if (value === '') throw parameterValueInvalid(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`);

  if (kind === 'Number') validateNumber(name, value);
  if (dataType === 'String.Array') validateStringArray(name, value);
  return field === 'Binary' ? { DataType: dataType, BinaryValue: value } : { DataType: dataType, StringValue: value };
}

function validateAttributeName(name: string): void {
  if (name.length > 256) throw parameterValueInvalid('Length of message attribute name must be less than 256 bytes.');
  if (name === '') throw parameterValueInvalid('Message attribute name must not be empty.'); // not observed
  if (name.startsWith('.')) throw parameterValueInvalid("Invalid message attribute name starting with character '.' was found.");
  if (name.endsWith('.')) throw parameterValueInvalid("Invalid message attribute name ending with character '.' was found.");
  for (const [index, character] of [...name].entries()) {
    if (!ATTRIBUTE_NAME_CHARACTER.test(character)) {
      const code = `#x${character.codePointAt(0)!.toString(16).toUpperCase()}`;
      throw parameterValueInvalid(`Invalid non-alphanumeric character '${code}' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.`);
    }
    if (character === '.' && name[index - 1] === '.') throw parameterValueInvalid("Message attribute name can not have successive '.' character.");
  }
  if (/^(aws|amazon)\./i.test(name)) {
    throw parameterValueInvalid("You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved for internal use by Amazon Web Services."); // not observed (SQS's wording)
  }
}

const DECIMAL = /^[+-]?(\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** A decimal SNS can hold: at most 38 significant digits, magnitude between 10^-128 and 10^126 (or zero). */
function validateNumber(name: string, value: string): void {
  const match = DECIMAL.exec(value);
  const [, whole = '', fraction = '', exponent = '0'] = match ?? [];
  if (!match || whole + fraction === '') throw parameterValueInvalid(`Could not cast message attribute '${name}' value to number.`);
  const digits = (whole + fraction).replace(/^0+/, '');
  if (digits === '') return; // zero
  const significant = digits.replace(/0+$/, '');
  if (significant.length > 38) {
    throw parameterValueInvalid(`Message attribute '${name}' number value [${value}] must have at most 38 significant digits.`); // not observed
  }
  // The power of ten of the leading digit (d.ddd × 10^magnitude): 123 → 2, 0.001 → -3.
  const wholeDigits = whole.replace(/^0+/, '');
  const leadingFractionZeros = fraction.length - fraction.replace(/^0+/, '').length;
  const magnitude = Number(exponent) + (wholeDigits !== '' ? wholeDigits.length - 1 : -(leadingFractionZeros + 1));
  if (magnitude < -128 || magnitude > 126 || (magnitude === 126 && significant !== '1')) {
    throw parameterValueInvalid(`Message attribute '${name}' number value [${value}] must be between 10^-128 and 10^126.`); // not observed
  }
}

/** A JSON array of strings, numbers, booleans and nulls (what SNS filter policies can match). */
function validateStringArray(name: string, value: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  const scalar = (item: unknown) => item === null || ['string', 'number', 'boolean'].includes(typeof item);
  if (!Array.isArray(parsed) || !parsed.every(scalar)) {
    throw parameterValueInvalid(`The message attribute '${name}' with type 'String.Array' must be a JSON array of strings, numbers, booleans or nulls.`); // not observed
  }
}

function attributeValueBytes(attribute: SnsMessageAttribute): number {
  return attribute.BinaryValue !== undefined ? Buffer.from(attribute.BinaryValue, 'base64').length : Buffer.byteLength(attribute.StringValue ?? '');
}

function checkJsonMessageStructure(message: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalidParameter('Invalid parameter: Message Structure - JSON message body failed to parse');
  }
  const fallback = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>)['default'] : undefined;
  if (typeof fallback !== 'string') throw invalidParameter('Invalid parameter: Message Structure - No default entry in JSON message body');
}

/** MessageGroupId and MessageDeduplicationId: 1 to 128 characters, alphanumeric or punctuation. */
function validMessageGroupOrDeduplicationId(id: string): boolean {
  return /^[!-~]{1,128}$/.test(id);
}
