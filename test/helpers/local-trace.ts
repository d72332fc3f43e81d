/**
 * The local AppSync's trace: asked for with `x-local-trace: 1`, answered under
 * `extensions.trace` (each field's resolver steps and data-source requests). The harness types
 * extensions as unknown; this is the part of the trace's shape the tests read.
 */
import type { GraphqlResponse } from 'appsync-local/testing';

export const TRACE_HEADERS = { 'x-local-trace': '1' } as const;

export interface Trace {
  resolverCount: number;
  fields: { path: (string | number)[]; typeName: string; fieldName: string; steps: { step: string; request?: { operation?: string }; response?: unknown }[] }[];
}

export function traceOf(answer: GraphqlResponse<unknown>): Trace | undefined {
  return answer.extensions?.['trace'] as Trace | undefined;
}
