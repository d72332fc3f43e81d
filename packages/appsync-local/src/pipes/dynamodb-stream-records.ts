/**
 * DynamoDB stream records as EventBridge Pipes hands them to filters and to a Lambda target.
 *
 * GetRecords (SDK v3) returns ApproximateCreationDateTime as a Date and binary attributes as
 * Uint8Array; Pipes delivers JSON: the creation time in epoch seconds, binaries in base64, plus
 * `eventSourceARN` (the stream). The shape is the Pipes guide's DynamoDB source example
 * (eb-pipes-dynamodb): eventID, eventName, eventVersion, eventSource, awsRegion, dynamodb
 * {ApproximateCreationDateTime, Keys, NewImage, OldImage, SequenceNumber, SizeBytes,
 * StreamViewType}, eventSourceARN; `userIdentity` is kept when DynamoDB sets it (TTL deletes).
 *
 * DynamoDB Local reports `awsRegion: "ddblocal"`; the record carries the local region instead, as
 * a deployed stream carries its own region.
 */
import type { _Record as SdkStreamRecord, AttributeValue } from '@aws-sdk/client-dynamodb-streams';

/** An attribute value as JSON: binaries are base64 strings. */
export type JsonAttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] }
  | { M: Record<string, JsonAttributeValue> }
  | { L: JsonAttributeValue[] }
  | { NULL: boolean }
  | { BOOL: boolean };

export type JsonItem = Record<string, JsonAttributeValue>;

export interface PipeStreamRecord {
  eventID: string;
  eventName: string;
  eventVersion: string;
  eventSource: string;
  awsRegion: string;
  dynamodb: {
    /** Epoch seconds. */
    ApproximateCreationDateTime?: number;
    Keys?: JsonItem;
    NewImage?: JsonItem;
    OldImage?: JsonItem;
    SequenceNumber: string;
    SizeBytes?: number;
    StreamViewType?: string;
  };
  userIdentity?: { PrincipalId?: string; Type?: string };
  eventSourceARN: string;
}

/**
 * Fields the Pipes poller adds and filters cannot use (eb-pipes-event-filtering: "The following
 * fields can't be used in event patterns"). Filters see the record without them.
 */
export const PIPES_UNFILTERABLE_FIELDS: readonly string[] = ['awsRegion', 'eventSource', 'eventSourceARN', 'eventVersion', 'eventID', 'eventName', 'invokeIdentityArn', 'eventSourceKey'];

export function toPipeRecord(record: SdkStreamRecord, context: { region: string; streamArn: string }): PipeStreamRecord {
  const data = record.dynamodb ?? {};
  if (!record.eventID || !data.SequenceNumber) throw new Error(`a stream record without an eventID or sequence number: ${JSON.stringify(record)}`);
  const created = data.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: String(record.eventName ?? ''),
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: record.eventSource ?? 'aws:dynamodb',
    awsRegion: context.region,
    dynamodb: {
      ...(created !== undefined ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
      ...(data.Keys ? { Keys: jsonItem(data.Keys) } : {}),
      ...(data.NewImage ? { NewImage: jsonItem(data.NewImage) } : {}),
      ...(data.OldImage ? { OldImage: jsonItem(data.OldImage) } : {}),
      SequenceNumber: data.SequenceNumber,
      ...(data.SizeBytes !== undefined ? { SizeBytes: data.SizeBytes } : {}),
      ...(data.StreamViewType ? { StreamViewType: data.StreamViewType } : {}),
    },
    ...(record.userIdentity ? { userIdentity: { PrincipalId: record.userIdentity.PrincipalId, Type: record.userIdentity.Type } } : {}),
    eventSourceARN: context.streamArn,
  };
}

/** The record as a pipe's filters see it: without the fields Pipes does not filter on. */
export function filterView(record: PipeStreamRecord): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !PIPES_UNFILTERABLE_FIELDS.includes(key)));
}

function jsonItem(item: Record<string, AttributeValue>): JsonItem {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, jsonValue(v)]));
}

function jsonValue(value: AttributeValue): JsonAttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.M !== undefined) return { M: jsonItem(value.M) };
  if (value.L !== undefined) return { L: value.L.map(jsonValue) };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  throw new Error(`unknown attribute value ${JSON.stringify(value)}`);
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
