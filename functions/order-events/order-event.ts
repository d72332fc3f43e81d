/**
 * A DynamoDB stream record (as the pipe delivers it) to the order event it stands for: an order
 * inserted is ORDER_PLACED, an order whose Status changed is ORDER_STATUS_CHANGED. Anything else
 * (profiles, guards, other changes) is no event; the pipe's filter already keeps those out, and
 * this keeps them out again when records arrive by another way.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { OrderEventInput } from '../../resolvers/generated/graphql.js';
import { toOrder, type OrderItem } from '../../resolvers/lib/items.js';
import { isOrderKey } from '../../resolvers/lib/keys.js';

/** The pipe delivers stream records as Lambda's DynamoDB event does, as a plain array. */
export type PipeStreamRecord = DynamoDBRecord & { eventID: string };

function image(raw: unknown): OrderItem | undefined {
  return raw ? (unmarshall(raw as Record<string, AttributeValue>) as OrderItem) : undefined;
}

export function toOrderEvent(record: PipeStreamRecord): OrderEventInput | null {
  const next = image(record.dynamodb?.NewImage);
  if (!next || !isOrderKey(String(next.SK))) return null;
  const previous = image(record.dynamodb?.OldImage);
  let type: OrderEventInput['type'];
  if (record.eventName === 'INSERT') type = 'ORDER_PLACED';
  else if (record.eventName === 'MODIFY' && previous && previous.Status !== next.Status) type = 'ORDER_STATUS_CHANGED';
  else return null;

  const order = toOrder(next);
  const seconds = record.dynamodb?.ApproximateCreationDateTime;
  return {
    eventId: record.eventID,
    type,
    username: order.username,
    orderId: order.orderId,
    status: order.status,
    previousStatus: type === 'ORDER_STATUS_CHANGED' ? previous!.Status : null,
    amount: order.amount,
    numberOfItems: order.numberOfItems,
    occurredAt: seconds ? new Date(seconds * 1000).toISOString() : (order.updatedAt ?? order.createdAt),
  };
}
