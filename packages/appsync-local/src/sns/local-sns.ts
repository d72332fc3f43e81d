/**
 * The local SNS: the template's topics accept Publish and PublishBatch as SNS does (the same
 * checks, in the same order, with the same errors), and keep what was published so it can be
 * listed. Nothing is delivered: the template's subscriptions are not run locally; the store is how
 * a developer sees what a function sent.
 *
 * FIFO topics get what a publisher can observe: a SequenceNumber per message, increasing per
 * topic, and deduplication within SNS's 5-minute window (a duplicate is not stored again and
 * answers the first message's MessageId and SequenceNumber).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { PublishBatchInput, PublishInput } from './publish-input.js';
import { MAX_MESSAGE_BYTES, validateArnShape, validateFifoRules, validateMessageContent, type ValidatedContent } from './publish-validation.js';
import { SnsMessageStore, type StoredSnsMessage } from './message-store.js';
import {
  batchEntryIdsNotDistinct,
  batchRequestTooLong,
  emptyBatchRequest,
  internalError,
  invalidBatchEntryId,
  invalidParameter,
  missingMember,
  tooManyEntriesInBatchRequest,
  topicNotFound,
} from './sns-errors.js';
import type { SnsTopicDefinition } from './topic-definitions.js';

export interface LocalSnsOptions {
  topics: SnsTopicDefinition[];
  /** Messages are kept in `<stateDir>/sns/<topic name>.jsonl`; in memory only when absent. */
  stateDir?: string;
  /** Messages kept per topic (1000). */
  messagesPerTopic?: number;
  /** Gets one short line per published message. */
  log?: (line: string) => void;
  now?: () => Date;
}

export interface PublishResult {
  MessageId: string;
  /** FIFO topics only. */
  SequenceNumber?: string;
}

export interface PublishBatchResult {
  Successful: ({ Id: string } & PublishResult)[];
  /** Always empty: SNS refuses a batch with any invalid entry as a whole (see docs/local-appsync.md). */
  Failed: { Id: string; Code: string; Message: string; SenderFault: boolean }[];
}

export interface SnsTopicSummary extends SnsTopicDefinition {
  messageCount: number;
  lastPublishedAt: string | null;
}

export const MAX_BATCH_ENTRIES = 10;
/** SNS FIFO's deduplication interval. */
const DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** What a FIFO topic remembers between publishes. */
interface FifoState {
  lastSequence: bigint;
  /** Deduplication id → the message it first came with. */
  seen: Map<string, { messageId: string; sequenceNumber: string; at: number }>;
}

/** A validated message about to be stored, or the earlier message it duplicates. */
type Accepted = { stored: StoredSnsMessage } | { duplicateOf: PublishResult };

export class LocalSns {
  private topicsByArn = new Map<string, SnsTopicDefinition>();
  private readonly fifo = new Map<string, FifoState>();
  private readonly store: SnsMessageStore;
  private readonly log: (line: string) => void;
  private readonly now: () => Date;

  private constructor(options: LocalSnsOptions) {
    this.store = new SnsMessageStore({ dir: options.stateDir ? path.join(options.stateDir, 'sns') : undefined, capacity: options.messagesPerTopic });
    this.log = options.log ?? (() => undefined);
    this.now = options.now ?? (() => new Date());
  }

  /** Serves the topics, with the messages a previous run stored under the same state dir. */
  static async open(options: LocalSnsOptions): Promise<LocalSns> {
    const sns = new LocalSns(options);
    await sns.setTopics(options.topics);
    return sns;
  }

  /** Serves another set of topics (after a reload); a topic kept keeps its messages. */
  async setTopics(topics: SnsTopicDefinition[]): Promise<void> {
    for (const topic of topics) {
      await this.store.load(topic.name);
      if (topic.fifo && !this.fifo.has(topic.name)) this.fifo.set(topic.name, this.fifoStateFrom(this.store.messages(topic.name)));
    }
    this.topicsByArn = new Map(topics.map((t) => [t.arn, t]));
  }

  /** The topics, with how many messages each holds. */
  topics(): SnsTopicSummary[] {
    return [...this.topicsByArn.values()].map((topic) => {
      const messages = this.store.messages(topic.name);
      return { ...topic, messageCount: messages.length, lastPublishedAt: messages.at(-1)?.timestamp ?? null };
    });
  }

  /** A topic by ARN or by name. */
  findTopic(arnOrName: string): SnsTopicDefinition | undefined {
    return this.topicsByArn.get(arnOrName) ?? [...this.topicsByArn.values()].find((t) => t.name === arnOrName);
  }

  /** One topic's messages (none for an unknown ARN), or every topic's, oldest first. */
  listMessages(topicArn?: string): StoredSnsMessage[] {
    if (topicArn !== undefined) {
      const topic = this.topicsByArn.get(topicArn);
      return topic ? [...this.store.messages(topic.name)] : [];
    }
    return [...this.topicsByArn.values()].flatMap((t) => this.store.messages(t.name)).sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  }

  async publish(input: PublishInput): Promise<PublishResult> {
    const content = validateMessageContent(input);
    const topic = this.destination(input);
    const accepted = this.accept(topic, content, validateFifoRules(topic, content));
    if ('duplicateOf' in accepted) return accepted.duplicateOf;
    await this.persist(topic, [accepted.stored]);
    return resultOf(accepted.stored);
  }

  async publishBatch(input: PublishBatchInput): Promise<PublishBatchResult> {
    if (input.TopicArn === undefined) throw missingMember('topicArn');
    const entries = input.PublishBatchRequestEntries;
    if (entries === undefined) throw missingMember('publishBatchRequestEntries');
    if (entries.length === 0) throw emptyBatchRequest();
    if (entries.length > MAX_BATCH_ENTRIES) throw tooManyEntriesInBatchRequest();
    validateArnShape(input.TopicArn, 'TopicArn');
    const topic = this.topicsByArn.get(input.TopicArn);
    if (!topic) throw topicNotFound();

    const ids = entries.map((entry, i) => {
      if (entry.Id === undefined) throw missingMember(`publishBatchRequestEntries.${i + 1}.member.id`);
      return entry.Id;
    });
    if (new Set(ids).size !== ids.length) throw batchEntryIdsNotDistinct();
    if (!ids.every((id) => BATCH_ENTRY_ID.test(id))) throw invalidBatchEntryId();

    // Every entry is checked before any is stored: SNS refuses the whole batch for one bad entry.
    const checked = entries.map((entry, i) => {
      const content = validateMessageContent(entry, i + 1);
      return { content, deduplicationId: validateFifoRules(topic, content) };
    });
    if (checked.reduce((total, { content }) => total + content.size, 0) > MAX_MESSAGE_BYTES) throw batchRequestTooLong();

    const accepted = checked.map(({ content, deduplicationId }) => this.accept(topic, content, deduplicationId));
    await this.persist(
      topic,
      accepted.flatMap((a) => ('stored' in a ? [a.stored] : [])),
    );
    return {
      Successful: accepted.map((a, i) => ({ Id: ids[i]!, ...('stored' in a ? resultOf(a.stored) : a.duplicateOf) })),
      Failed: [],
    };
  }

  /** Forgets every published message and FIFO sequence (a reset); the topics stay. */
  async clear(): Promise<void> {
    await this.store.clear();
    for (const name of this.fifo.keys()) this.fifo.set(name, this.fifoStateFrom([]));
  }

  /** Waits until every accepted message is on disk. */
  async flush(): Promise<void> {
    await this.store.flush();
  }

  // -------------------------------------------------------------------------------------------

  /** The topic a Publish goes to: TopicArn, or a topic's ARN given as TargetArn. */
  private destination(input: PublishInput): SnsTopicDefinition {
    if (input.PhoneNumber !== undefined && input.TopicArn === undefined && input.TargetArn === undefined) {
      throw invalidParameter('Invalid parameter: PhoneNumber Reason: the local SNS publishes to topics only, not to phone numbers'); // local
    }
    const parameter = input.TopicArn !== undefined ? 'TopicArn' : 'TargetArn';
    const arn = input.TopicArn ?? input.TargetArn;
    if (arn === undefined) throw invalidParameter('Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter'); // not observed
    validateArnShape(arn, parameter);
    const topic = this.topicsByArn.get(arn);
    if (!topic) throw topicNotFound();
    return topic;
  }

  /** Assigns id, time and (FIFO) sequence number, or finds the message this one duplicates. */
  private accept(topic: SnsTopicDefinition, content: ValidatedContent, deduplicationId: string | undefined): Accepted {
    const now = this.now();
    const fifo = topic.fifo ? this.fifo.get(topic.name) : undefined;
    if (fifo && deduplicationId !== undefined) {
      const earlier = fifo.seen.get(deduplicationId);
      if (earlier && now.getTime() - earlier.at < DEDUPLICATION_WINDOW_MS) return { duplicateOf: { MessageId: earlier.messageId, SequenceNumber: earlier.sequenceNumber } };
    }
    const stored: StoredSnsMessage = {
      messageId: randomUUID(),
      topicArn: topic.arn,
      timestamp: now.toISOString(),
      subject: content.subject,
      message: content.message,
      messageStructure: content.messageStructure,
      messageAttributes: content.messageAttributes,
      messageGroupId: content.messageGroupId,
      messageDeduplicationId: fifo ? deduplicationId : undefined,
    };
    if (fifo) {
      fifo.lastSequence += 1n;
      stored.sequenceNumber = fifo.lastSequence.toString().padStart(20, '0');
      fifo.seen.set(deduplicationId!, { messageId: stored.messageId, sequenceNumber: stored.sequenceNumber, at: now.getTime() });
      for (const [id, entry] of fifo.seen) if (now.getTime() - entry.at >= DEDUPLICATION_WINDOW_MS) fifo.seen.delete(id);
    }
    return { stored };
  }

  private async persist(topic: SnsTopicDefinition, messages: StoredSnsMessage[]): Promise<void> {
    if (messages.length === 0) return;
    try {
      await this.store.append(topic.name, messages);
    } catch (err) {
      this.log(`sns ${topic.name}: could not store ${messages.length} message(s): ${(err as Error).message}`);
      throw internalError();
    }
    for (const message of messages) this.log(describe(topic, message));
  }

  /** A FIFO topic's sequence and deduplication memory, rebuilt from its stored messages. */
  private fifoStateFrom(messages: readonly StoredSnsMessage[]): FifoState {
    const state: FifoState = { lastSequence: 0n, seen: new Map() };
    const horizon = this.now().getTime() - DEDUPLICATION_WINDOW_MS;
    for (const m of messages) {
      if (m.sequenceNumber && /^\d+$/.test(m.sequenceNumber) && BigInt(m.sequenceNumber) > state.lastSequence) state.lastSequence = BigInt(m.sequenceNumber);
      const at = Date.parse(m.timestamp);
      if (m.messageDeduplicationId && m.sequenceNumber && at > horizon) state.seen.set(m.messageDeduplicationId, { messageId: m.messageId, sequenceNumber: m.sequenceNumber, at });
    }
    return state;
  }
}

function resultOf(message: StoredSnsMessage): PublishResult {
  return message.sequenceNumber === undefined ? { MessageId: message.messageId } : { MessageId: message.messageId, SequenceNumber: message.sequenceNumber };
}

/** `sns order-events 5f0c… subject="…" {eventType=ORDER_PLACED, status=PLACED} {"eventId":…` on one line, bounded. */
function describe(topic: SnsTopicDefinition, message: StoredSnsMessage): string {
  const oneLine = (text: string, max: number) => {
    const flat = text.replace(/\s+/g, ' ');
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  };
  const attributes = Object.entries(message.messageAttributes).map(([name, a]) => `${name}=${a.StringValue !== undefined ? oneLine(a.StringValue, 40) : `<${a.DataType}>`}`);
  return [
    `sns ${topic.name} ${message.messageId}`,
    message.subject !== undefined ? `subject=${JSON.stringify(oneLine(message.subject, 60))}` : '',
    attributes.length > 0 ? `{${attributes.join(', ')}}` : '',
    oneLine(message.message, 160),
  ]
    .filter(Boolean)
    .join(' ');
}
