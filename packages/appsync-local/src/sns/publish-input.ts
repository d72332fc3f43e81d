/**
 * The inputs of Publish and PublishBatch, as SNS's model names their members, read from awsQuery
 * parameters. Absent members stay undefined (SNS tells "absent" from "empty" in its errors), and
 * nothing is checked here: every rule is SNS's and lives in publish-validation.ts.
 *
 * BinaryValue stays base64, as it travels on the wire and as it is stored.
 */
import { listItems, mapEntries, type QueryParameters } from './sns-query-protocol.js';

export interface MessageAttributeInput {
  DataType?: string;
  StringValue?: string;
  /** Base64. */
  BinaryValue?: string;
}

/** What a message carries, in Publish and in each PublishBatch entry. */
export interface MessageContentInput {
  Message?: string;
  Subject?: string;
  MessageStructure?: string;
  MessageAttributes?: Record<string, MessageAttributeInput>;
  MessageDeduplicationId?: string;
  MessageGroupId?: string;
}

export interface PublishInput extends MessageContentInput {
  TopicArn?: string;
  /** SNS accepts a topic's ARN here too. */
  TargetArn?: string;
  PhoneNumber?: string;
}

export interface PublishBatchEntryInput extends MessageContentInput {
  Id?: string;
}

export interface PublishBatchInput {
  TopicArn?: string;
  PublishBatchRequestEntries?: PublishBatchEntryInput[];
}

export function readPublishInput(parameters: QueryParameters): PublishInput {
  return {
    TopicArn: parameters.get('TopicArn'),
    TargetArn: parameters.get('TargetArn'),
    PhoneNumber: parameters.get('PhoneNumber'),
    ...readMessageContent(parameters, ''),
  };
}

export function readPublishBatchInput(parameters: QueryParameters): PublishBatchInput {
  return {
    TopicArn: parameters.get('TopicArn'),
    PublishBatchRequestEntries: listItems(parameters, 'PublishBatchRequestEntries')?.map((prefix) => ({
      Id: parameters.get(`${prefix}.Id`),
      ...readMessageContent(parameters, `${prefix}.`),
    })),
  };
}

function readMessageContent(parameters: QueryParameters, prefix: string): MessageContentInput {
  const attributes = mapEntries(parameters, `${prefix}MessageAttributes`);
  return {
    Message: parameters.get(`${prefix}Message`),
    Subject: parameters.get(`${prefix}Subject`),
    MessageStructure: parameters.get(`${prefix}MessageStructure`),
    // Object.fromEntries defines own properties, so a key like "__proto__" is just a name.
    MessageAttributes:
      attributes.length === 0
        ? undefined
        : Object.fromEntries(
            attributes.map(({ key, valuePrefix }) => [
              key,
              {
                DataType: parameters.get(`${valuePrefix}.DataType`),
                StringValue: parameters.get(`${valuePrefix}.StringValue`),
                BinaryValue: parameters.get(`${valuePrefix}.BinaryValue`),
              },
            ]),
          ),
    MessageDeduplicationId: parameters.get(`${prefix}MessageDeduplicationId`),
    MessageGroupId: parameters.get(`${prefix}MessageGroupId`),
  };
}
