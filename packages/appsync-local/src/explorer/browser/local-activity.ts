/**
 * Reads the local server's activity listings, what happened behind the API that AWS would only
 * show in CloudWatch and the queues: the pipes with their recent batches (GET /_local/pipes),
 * each pipe's dead letters (GET /_local/pipes/<name>/dead-letters) and every SNS topic with
 * its messages (GET /_local/sns/topics, /_local/sns/messages). Polled while the activity panel
 * is open; the listings' types are the server's own (type-only imports).
 */
import { useEffect, useState } from 'react';
import type { DeadLetter } from '../../pipes/dead-letter-store.js';
import type { BatchSummary, PipeRunnerStatus } from '../../pipes/stream-pipe-runner.js';
import type { SnsTopicSummary } from '../../sns/local-sns.js';
import type { StoredSnsMessage } from '../../sns/message-store.js';

export type { BatchSummary, DeadLetter, SnsTopicSummary, StoredSnsMessage };

/** One pipe of `GET /_local/pipes` (local/pipes/pipe-listing-handler.ts). */
export interface PipeListing extends PipeRunnerStatus {
  name: string;
  sourceStreamArn: string;
  targetFunctionArn: string;
  recentBatches: BatchSummary[];
}

export interface LocalActivity {
  pipes: (PipeListing & { deadLetters: DeadLetter[] })[];
  topics: SnsTopicSummary[];
  messages: StoredSnsMessage[];
  readAt: Date;
}

export const ACTIVITY_POLL_MS = 2_000;

export async function readLocalActivity(localPrefix: string): Promise<LocalActivity> {
  const [{ pipes }, { topics }, { messages }] = await Promise.all([
    getJson<{ pipes: PipeListing[] }>(`${localPrefix}/pipes`),
    getJson<{ topics: SnsTopicSummary[] }>(`${localPrefix}/sns/topics`),
    getJson<{ messages: StoredSnsMessage[] }>(`${localPrefix}/sns/messages`),
  ]);
  const withDeadLetters = await Promise.all(
    pipes.map(async (pipe) => ({ ...pipe, deadLetters: (await getJson<{ deadLetters: DeadLetter[] }>(`${localPrefix}/pipes/${encodeURIComponent(pipe.name)}/dead-letters`)).deadLetters })),
  );
  return { pipes: withDeadLetters, topics, messages, readAt: new Date() };
}

/** The activity, read now and every ACTIVITY_POLL_MS while the calling component is mounted. */
export function useLocalActivity(localPrefix: string): { activity?: LocalActivity; error?: string } {
  const [state, setState] = useState<{ activity?: LocalActivity; error?: string }>({});
  useEffect(() => {
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const activity = await readLocalActivity(localPrefix);
        if (active) setState({ activity });
      } catch (err) {
        if (active) setState((previous) => ({ ...previous, error: (err as Error).message }));
      }
      // The next read waits for this one: a slow server never gets overlapping polls.
      if (active) timer = setTimeout(() => void poll(), ACTIVITY_POLL_MS);
    };
    void poll();
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [localPrefix]);
  return state;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}
