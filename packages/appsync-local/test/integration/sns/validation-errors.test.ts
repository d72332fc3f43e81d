/**
 * Every refusal of Publish and PublishBatch, as the unmodified SDK surfaces it: the typed
 * exception class the SDK maps SNS's awsQuery code to, SNS's message, the HTTP status. Messages
 * SNS was observed to answer (LocalStack's AWS-recorded snapshots) are asserted verbatim; the
 * others are the local wording docs/local-appsync.md lists.
 */
import {
  BatchEntryIdsNotDistinctException,
  BatchRequestTooLongException,
  EmptyBatchRequestException,
  InvalidBatchEntryIdException,
  InvalidParameterException,
  InvalidParameterValueException,
  NotFoundException,
  PublishBatchCommand,
  PublishCommand,
  SNSServiceException,
  TooManyEntriesInBatchRequestException,
  type MessageAttributeValue,
  type PublishBatchCommandInput,
  type PublishCommandInput,
} from '@aws-sdk/client-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIFO, FIFO_CONTENT_DEDUP, ORDERS, useSnsServers, type SnsServer } from '../../helpers/sns-harness.js';
import { rejectionOf } from '../../helpers/rejection.js';

const servers = useSnsServers();
let server: SnsServer;

beforeAll(async () => {
  server = await servers.start();
});

type ExceptionClass = abstract new (...args: never[]) => SNSServiceException;

interface Refusal {
  title: string;
  input: Partial<PublishCommandInput>;
  exception: ExceptionClass;
  name: string;
  message: string;
  status?: number;
}

const string = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });
const attribute = (name: string, value: MessageAttributeValue) => ({ MessageAttributes: { [name]: value } });
const INVALID_PARAMETER = { exception: InvalidParameterException, name: 'InvalidParameterException' };
const INVALID_VALUE = { exception: InvalidParameterValueException, name: 'InvalidParameterValueException' };

const PUBLISH_REFUSALS: Refusal[] = [
  { title: 'unknown topic', input: { TopicArn: 'arn:aws:sns:us-east-1:000000000000:nope' }, exception: NotFoundException, name: 'NotFoundException', message: 'Topic does not exist', status: 404 },
  { title: 'malformed topic ARN', input: { TopicArn: 'orders' }, ...INVALID_PARAMETER, message: 'Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1' },
  {
    title: 'malformed target ARN',
    input: { TopicArn: undefined, TargetArn: 'arn:aws' },
    ...INVALID_PARAMETER,
    message: 'Invalid parameter: TargetArn Reason: An ARN must have at least 6 elements, not 2',
  },
  { title: 'no topic at all', input: { TopicArn: undefined }, ...INVALID_PARAMETER, message: 'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter' },
  {
    title: 'a phone number',
    input: { TopicArn: undefined, PhoneNumber: '+15555550100' },
    ...INVALID_PARAMETER,
    message: 'Invalid parameter: PhoneNumber Reason: the local SNS publishes to topics only, not to phone numbers',
  },
  {
    title: 'no message',
    input: { Message: undefined },
    exception: SNSServiceException,
    name: 'ValidationError',
    message: "1 validation error detected: Value null at 'message' failed to satisfy constraint: Member must not be null",
  },
  { title: 'empty message', input: { Message: '' }, ...INVALID_PARAMETER, message: 'Invalid parameter: Empty message' },
  { title: 'message over 256 KiB', input: { Message: 'x'.repeat(262_145) }, ...INVALID_PARAMETER, message: 'Invalid parameter: Message too long' },
  {
    title: 'message and attributes over 256 KiB',
    input: { Message: 'x'.repeat(262_130), ...attribute('name', string('value')) },
    ...INVALID_PARAMETER,
    message: 'Invalid parameter: Message too long',
  },
  { title: 'empty subject', input: { Subject: '' }, ...INVALID_PARAMETER, message: 'Invalid parameter: Subject' },
  { title: 'subject over 100 characters', input: { Subject: 's'.repeat(101) }, ...INVALID_PARAMETER, message: 'Invalid parameter: Subject' },
  { title: 'subject with a line break', input: { Subject: 'two\nlines' }, ...INVALID_PARAMETER, message: 'Invalid parameter: Subject' },
  { title: 'subject starting with a space', input: { Subject: ' padded' }, ...INVALID_PARAMETER, message: 'Invalid parameter: Subject' },
  {
    title: 'MessageStructure json, not JSON',
    input: { MessageStructure: 'json', Message: 'plain' },
    ...INVALID_PARAMETER,
    message: 'Invalid parameter: Message Structure - JSON message body failed to parse',
  },
  {
    title: 'MessageStructure json, no default',
    input: { MessageStructure: 'json', Message: '{"sqs":"x"}' },
    ...INVALID_PARAMETER,
    message: 'Invalid parameter: Message Structure - No default entry in JSON message body',
  },
  {
    title: 'MessageStructure json, default not a string',
    input: { MessageStructure: 'json', Message: '{"default":1}' },
    ...INVALID_PARAMETER,
    message: 'Invalid parameter: Message Structure - No default entry in JSON message body',
  },
  { title: 'MessageStructure other than json', input: { MessageStructure: 'xml' }, ...INVALID_PARAMETER, message: 'Invalid parameter: MessageStructure' },
  {
    title: 'eleven attributes',
    input: { MessageAttributes: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, string('v')])) },
    ...INVALID_VALUE,
    message: 'Number of message attributes [11] exceeds the allowed maximum [10].',
  },
  {
    title: 'attribute type that is not String, Number or Binary',
    input: attribute('attr1', { DataType: 'Text', StringValue: 'v' }),
    ...INVALID_VALUE,
    message: "The message attribute 'attr1' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.",
  },
  {
    title: 'attribute without a DataType',
    input: attribute('attr1', { StringValue: 'v' } as MessageAttributeValue),
    exception: SNSServiceException,
    name: 'ValidationError',
    message: "1 validation error detected: Value null at 'messageAttributes.attr1.member.dataType' failed to satisfy constraint: Member must not be null",
  },
  {
    title: 'attribute without a value',
    input: attribute('attr1', { DataType: 'String' }),
    ...INVALID_VALUE,
    message: "The message attribute 'attr1' must contain non-empty message attribute value for message attribute type 'String'.",
  },
  {
    title: 'String attribute, empty value',
    input: attribute('attr1', string('')),
    ...INVALID_VALUE,
    message: "The message attribute 'attr1' must contain non-empty message attribute value for message attribute type 'String'.",
  },
  {
    title: 'String attribute with a binary value',
    input: attribute('attr1', { DataType: 'String', BinaryValue: Uint8Array.from([1]) }),
    ...INVALID_VALUE,
    message: "The message attribute 'attr1' with type 'String' must use field 'String'.",
  },
  {
    title: 'Number attribute with a binary value',
    input: attribute('attr1', { DataType: 'Number', BinaryValue: Uint8Array.from([1]) }),
    ...INVALID_VALUE,
    message: "The message attribute 'attr1' with type 'Number' must use field 'String'.",
  },
  {
    title: 'Binary attribute with a string value',
    input: attribute('attr1', { DataType: 'Binary', StringValue: 'AQI=' }),
    ...INVALID_VALUE,
    message: "The message attribute 'attr1' with type 'Binary' must use field 'Binary'.",
  },
  {
    title: 'Number that is not a number',
    input: attribute('price', { DataType: 'Number', StringValue: 'error' }),
    ...INVALID_VALUE,
    message: "Could not cast message attribute 'price' value to number.",
  },
  {
    title: 'Number with 39 significant digits',
    input: attribute('n', { DataType: 'Number', StringValue: '1'.repeat(39) }),
    ...INVALID_VALUE,
    message: `Message attribute 'n' number value [${'1'.repeat(39)}] must have at most 38 significant digits.`,
  },
  {
    title: 'Number above 10^126',
    input: attribute('n', { DataType: 'Number', StringValue: '2e126' }),
    ...INVALID_VALUE,
    message: "Message attribute 'n' number value [2e126] must be between 10^-128 and 10^126.",
  },
  {
    title: 'Number below 10^-128',
    input: attribute('n', { DataType: 'Number', StringValue: '0.00000000009e-119' }),
    ...INVALID_VALUE,
    message: "Message attribute 'n' number value [0.00000000009e-119] must be between 10^-128 and 10^126.",
  },
  {
    title: 'String.Array that is no JSON array',
    input: attribute('tags', { DataType: 'String.Array', StringValue: '"a"' }),
    ...INVALID_VALUE,
    message: "The message attribute 'tags' with type 'String.Array' must be a JSON array of strings, numbers, booleans or nulls.",
  },
  {
    title: 'String.Array holding an object',
    input: attribute('tags', { DataType: 'String.Array', StringValue: '[{"a":1}]' }),
    ...INVALID_VALUE,
    message: "The message attribute 'tags' with type 'String.Array' must be a JSON array of strings, numbers, booleans or nulls.",
  },
  { title: 'attribute name over 256 characters', input: attribute('a'.repeat(257), string('v')), ...INVALID_VALUE, message: 'Length of message attribute name must be less than 256 bytes.' },
  {
    title: 'attribute name with ^',
    input: attribute('a^b', string('v')),
    ...INVALID_VALUE,
    message: "Invalid non-alphanumeric character '#x5E' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.",
  },
  { title: 'attribute name starting with a dot', input: attribute('.a', string('v')), ...INVALID_VALUE, message: "Invalid message attribute name starting with character '.' was found." },
  { title: 'attribute name ending with a dot', input: attribute('a.', string('v')), ...INVALID_VALUE, message: "Invalid message attribute name ending with character '.' was found." },
  { title: 'attribute name with two dots in a row', input: attribute('a..b', string('v')), ...INVALID_VALUE, message: "Message attribute name can not have successive '.' character." },
  {
    title: 'attribute name with the reserved AWS. prefix',
    input: attribute('aws.trace', string('v')),
    ...INVALID_VALUE,
    message: "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved for internal use by Amazon Web Services.",
  },
  {
    title: 'FIFO topic, no MessageGroupId',
    input: { TopicArn: FIFO.arn, MessageDeduplicationId: 'd' },
    ...INVALID_PARAMETER,
    message: 'Invalid parameter: The MessageGroupId parameter is required for FIFO topics',
  },
  {
    title: 'FIFO topic, no MessageDeduplicationId and no content-based deduplication',
    input: { TopicArn: FIFO.arn, MessageGroupId: 'g' },
    ...INVALID_PARAMETER,
    message: 'Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
  },
  {
    title: 'FIFO topic, MessageGroupId with a space',
    input: { TopicArn: FIFO_CONTENT_DEDUP.arn, MessageGroupId: 'a b' },
    ...INVALID_PARAMETER,
    message: 'Invalid parameter: MessageGroupId Reason: it must be 1 to 128 alphanumeric or punctuation characters',
  },
  {
    title: 'standard topic, MessageDeduplicationId',
    input: { MessageDeduplicationId: 'd' },
    ...INVALID_PARAMETER,
    message: 'Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type',
  },
];

describe('Publish refusals', () => {
  it.each(PUBLISH_REFUSALS)('$title', async ({ input, exception, name, message, status = 400 }) => {
    const error = await rejection(server.client().send(new PublishCommand({ TopicArn: ORDERS.arn, Message: 'hello', ...input } as PublishCommandInput)));
    expect(error).toBeInstanceOf(exception);
    expect(summary(error)).toEqual({ name, message, status, fault: 'client' });
  });

  it('nothing refused was stored', () => {
    expect(server.sns.listMessages()).toEqual([]);
  });

  it('accepts the limits themselves: 256 KiB exactly, a 100-character subject, ten attributes, 38 digits, 10^126 and 10^-128', async () => {
    const client = server.client();
    const accepted = [
      { Message: 'x'.repeat(262_144) },
      { Subject: 's'.repeat(100) },
      { MessageAttributes: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, string('v')])) },
      attribute('n', { DataType: 'Number', StringValue: `-0.${'9'.repeat(38)}` }),
      attribute('n', { DataType: 'Number', StringValue: '1E+126' }),
      attribute('n', { DataType: 'Number', StringValue: '1e-128' }),
      attribute('n', { DataType: 'Number', StringValue: '0' }),
      attribute('name.with-dots_and-dashes', string('v')),
      { MessageGroupId: 'fair-queue-group' },
    ];
    for (const input of accepted) {
      const result = await client.send(new PublishCommand({ TopicArn: ORDERS.arn, Message: 'hello', ...input }));
      expect(result.MessageId, JSON.stringify(input).slice(0, 80)).toBeTruthy();
    }
    expect(server.sns.listMessages(ORDERS.arn)).toHaveLength(accepted.length);
  });
});

interface BatchRefusal {
  title: string;
  input: Partial<PublishBatchCommandInput>;
  exception: ExceptionClass;
  name: string;
  message: string;
  status?: number;
}

const entry = (id: string, extra: object = {}) => ({ Id: id, Message: `message ${id}`, ...extra });

const BATCH_REFUSALS: BatchRefusal[] = [
  {
    title: 'no entries',
    input: { PublishBatchRequestEntries: [] },
    exception: EmptyBatchRequestException,
    name: 'EmptyBatchRequestException',
    message: "The batch request doesn't contain any entries.",
  },
  {
    title: 'eleven entries',
    input: { PublishBatchRequestEntries: Array.from({ length: 11 }, (_, i) => entry(`e${i}`)) },
    exception: TooManyEntriesInBatchRequestException,
    name: 'TooManyEntriesInBatchRequestException',
    message: 'The batch request contains more entries than permissible.',
  },
  { title: 'unknown topic', input: { TopicArn: 'arn:aws:sns:us-east-1:000000000000:nope' }, exception: NotFoundException, name: 'NotFoundException', message: 'Topic does not exist', status: 404 },
  {
    title: 'the same Id twice',
    input: { PublishBatchRequestEntries: [entry('same'), entry('same')] },
    exception: BatchEntryIdsNotDistinctException,
    name: 'BatchEntryIdsNotDistinctException',
    message: 'Two or more batch entries in the request have the same Id.',
  },
  {
    title: 'an Id with a space',
    input: { PublishBatchRequestEntries: [entry('not valid')] },
    exception: InvalidBatchEntryIdException,
    name: 'InvalidBatchEntryIdException',
    message: 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
  },
  {
    title: 'one entry with a bad attribute',
    input: { PublishBatchRequestEntries: [entry('ok'), entry('bad', attribute('attr1', string('')))] },
    ...INVALID_VALUE,
    message: "The message attribute 'attr1' must contain non-empty message attribute value for message attribute type 'String'.",
  },
  {
    title: 'an attribute without a DataType in the second entry',
    input: { PublishBatchRequestEntries: [entry('ok'), entry('bad', attribute('attr1', { StringValue: 'v' } as MessageAttributeValue))] },
    exception: SNSServiceException,
    name: 'ValidationError',
    message: "1 validation error detected: Value null at 'publishBatchRequestEntries.2.member.messageAttributes.attr1.member.dataType' failed to satisfy constraint: Member must not be null",
  },
  { title: 'one empty message', input: { PublishBatchRequestEntries: [entry('ok'), { Id: 'empty', Message: '' }] }, ...INVALID_PARAMETER, message: 'Invalid parameter: Empty message' },
  {
    title: 'entries over 256 KiB together',
    input: { PublishBatchRequestEntries: [entry('a', { Message: 'x'.repeat(100_000) }), entry('b', { Message: 'x'.repeat(100_000) }), entry('c', { Message: 'x'.repeat(100_000) })] },
    exception: BatchRequestTooLongException,
    name: 'BatchRequestTooLongException',
    message: 'The length of all the messages put together is more than the limit.',
  },
  {
    title: 'FIFO topic, an entry without MessageGroupId',
    input: { TopicArn: FIFO.arn, PublishBatchRequestEntries: [entry('a', { MessageGroupId: 'g', MessageDeduplicationId: 'd' }), entry('b', { MessageDeduplicationId: 'e' })] },
    ...INVALID_PARAMETER,
    message: 'Invalid parameter: The MessageGroupId parameter is required for FIFO topics',
  },
];

describe('PublishBatch refusals', () => {
  it.each(BATCH_REFUSALS)('$title', async ({ input, exception, name, message, status = 400 }) => {
    const before = server.sns.listMessages().length;
    const error = await rejection(server.client().send(new PublishBatchCommand({ TopicArn: ORDERS.arn, PublishBatchRequestEntries: [entry('one')], ...input })));
    expect(error).toBeInstanceOf(exception);
    expect(summary(error)).toEqual({ name, message, status, fault: 'client' });
    // The whole batch is refused: not even its valid entries are stored.
    expect(server.sns.listMessages()).toHaveLength(before);
  });
});

const rejection = rejectionOf(SNSServiceException);

function summary(error: SNSServiceException) {
  return { name: error.name, message: error.message, status: error.$metadata.httpStatusCode, fault: error.$fault };
}
