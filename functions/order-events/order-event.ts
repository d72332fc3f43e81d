/**
 * A DynamoDB stream record (as the pipe delivers it) to the order event it stands for: an order
 * inserted is ORDER_PLACED, an order whose status (as the API reads it) changed is
 * ORDER_STATUS_CHANGED. Anything else (profiles, guards, other changes, orders the API cannot
 * serve) is no event; the pipe's filter already keeps most of those out, and this keeps them out
 * again when records arrive by another way.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { OrderEventInput } from '../../resolvers/generated/graphql.js';
import { toOrder, type OrderItem } from '../../resolvers/lib/items.js';
import { isOrderKey } from '../../resolvers/lib/keys.js';
import { toOrderStatus } from '../../resolvers/lib/order-status.js';
import { toAwsDateTime } from '../../resolvers/lib/timestamps.js';

/** The pipe delivers stream records as Lambda's DynamoDB event does, as a plain array. */
export type PipeStreamRecord = DynamoDBRecord & { eventID: string };

function image(raw: unknown): OrderItem | undefined {
  return raw ? (unmarshall(raw as Record<string, AttributeValue>) as OrderItem) : undefined;
}

/**
 * When the change happened, as the item itself records it: an insert's CreatedAt, a status
 * change's UpdatedAt, when this change wrote it (an UpdatedAt the change left as it was is an
 * earlier change's time). Null when the item carries no such time.
 */
function changeTime(type: OrderEventInput['type'], next: OrderItem, previous: OrderItem | undefined): string | null {
  if (type === 'ORDER_PLACED') return toAwsDateTime(next.CreatedAt);
  return next.UpdatedAt !== previous?.UpdatedAt ? toAwsDateTime(next.UpdatedAt) : null;
}

/**
 * The stream record's time: only approximate (DynamoDB gives seconds, DynamoDB Local rounds to
 * the minute), so the last resort.
 */
function streamTime(record: PipeStreamRecord): string | null {
  const seconds = record.dynamodb?.ApproximateCreationDateTime;
  return seconds ? new Date(seconds * 1000).toISOString() : null;
}

export function toOrderEvent(record: PipeStreamRecord): OrderEventInput | null {
  const next = image(record.dynamodb?.NewImage);
  if (!next || !isOrderKey(String(next.SK))) return null;
  // An order the API cannot serve (a status it does not know) makes no event: subscribers could not read it.
  const order = toOrder(next);
  if (!order) return null;
  const previous = image(record.dynamodb?.OldImage);
  // Statuses compare as the API reads them: CANCEL rewritten as CANCELLED (the migration) is no change.
  const previousStatus = previous ? toOrderStatus(previous.Status) : null;
  let type: OrderEventInput['type'];
  if (record.eventName === 'INSERT') type = 'ORDER_PLACED';
  else if (record.eventName === 'MODIFY' && previous && previousStatus !== order.status) type = 'ORDER_STATUS_CHANGED';
  else return null;

  return {
    eventId: record.eventID,
    type,
    username: order.username,
    orderId: order.orderId,
    status: order.status,
    previousStatus: type === 'ORDER_STATUS_CHANGED' ? previousStatus : null,
    amount: order.amount,
    numberOfItems: order.numberOfItems,
    occurredAt: changeTime(type, next, previous) ?? streamTime(record) ?? order.updatedAt ?? order.createdAt,
  };
}
