/**
 * The body of a GraphQL-over-HTTP request, checked as AppSync checks it: one JSON object with a
 * `query` string and optional `variables` and `operationName`. Anything else is a 400
 * MalformedHttpRequestException before any GraphQL runs; AppSync does not take batched arrays.
 */

export interface GraphqlRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export type ParsedBody = { ok: true; request: GraphqlRequest } | { ok: false; errorType: 'MalformedHttpRequestException'; message: string };

const UNPARSABLE = { ok: false, errorType: 'MalformedHttpRequestException', message: 'Unable to parse GraphQL query.' } as const;

export function parseGraphqlBody(text: string): ParsedBody {
  if (text.trim() === '') return { ok: false, errorType: 'MalformedHttpRequestException', message: 'Request body is empty.' };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return UNPARSABLE;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return UNPARSABLE;
  const { query, variables, operationName } = body as Record<string, unknown>;
  if (typeof query !== 'string') return UNPARSABLE;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return UNPARSABLE;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return UNPARSABLE;
  return {
    ok: true,
    request: { query, variables: (variables as Record<string, unknown> | null | undefined) ?? null, operationName: operationName ?? null },
  };
}
