/**
 * What the explorer remembers of the last operation it ran, for the trace panel: who ran it
 * how, what the server answered, and the resolver trace (the `extensions.trace` the local
 * server returns for `x-local-trace: 1`). The trace's types are the server's own (type-only
 * imports; nothing of the server is bundled).
 */
import type { FieldTrace } from '../../graphql/graphql-executor.js';
import type { AppSyncError } from './appsync-errors.js';
import type { ExplorerAuthMode } from './auth-state.js';

export type { FieldTrace };
export type TraceStep = FieldTrace['steps'][number];

/** `extensions.trace` of a response. */
export interface TraceExtension {
  durationMs: number;
  resolverCount: number;
  fields: FieldTrace[];
}

export type OperationType = 'query' | 'mutation' | 'subscription';

export interface OperationRecord {
  /** Increases with every operation; a late answer never overwrites a newer operation. */
  sequence: number;
  operationName: string | null;
  operationType: OperationType;
  authMode: ExplorerAuthMode;
  /** Who the request was sent as, when the mode names someone (a user pool's user, an OIDC subject). */
  caller?: string;
  startedAt: Date;
  /** Still waiting for the answer (HTTP) or subscribed (WebSocket). */
  pending: boolean;
  /** HTTP only. */
  status?: number;
  roundTripMs?: number;
  trace?: TraceExtension;
  errors?: AppSyncError[];
  /** Subscriptions only: how many events arrived, and how it ended. */
  events?: number;
  ended?: 'stopped' | 'completed' | 'failed';
}
