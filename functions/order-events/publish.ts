/**
 * Where an order event goes: an SNS message whose attributes (eventType, username, status) let
 * subscribers filter, and the IAM-only publishOrderEvent mutation, which fans it out to
 * onOrderEvent subscribers. The mutation selects every field, because subscribers receive only
 * the fields the mutation selected.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { OrderEventInput } from '../../resolvers/generated/graphql.js';
import type { IamGraphqlClient } from './appsync-client.js';

export const PUBLISH_ORDER_EVENT = `mutation PublishOrderEvent($event: OrderEventInput!) {
  publishOrderEvent(event: $event) { eventId type username orderId status previousStatus amount numberOfItems occurredAt }
}`;

export async function publishToSns(sns: SNSClient, topicArn: string, event: OrderEventInput): Promise<string> {
  const result = await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Message: JSON.stringify(event),
      MessageAttributes: {
        eventType: { DataType: 'String', StringValue: event.type },
        username: { DataType: 'String', StringValue: event.username },
        status: { DataType: 'String', StringValue: event.status },
      },
    }),
  );
  return result.MessageId ?? '';
}

export async function publishToSubscribers(api: IamGraphqlClient, event: OrderEventInput): Promise<void> {
  await api.request(PUBLISH_ORDER_EVENT, { event });
}
