/**
 * Errors in AppSync's shape (`errorType`, `message`, `path`, ...), whatever produced them. The
 * server's own errors already have it and are passed through untouched, so nothing hides an
 * `errorType`; only failures that never reached a GraphQL answer (the server unreachable, a
 * refused WebSocket, graphql-transport-ws errors carrying `extensions.errorType`, credentials
 * the explorer could not get) are put in it here.
 */

export interface AppSyncError {
  errorType?: string | null;
  message: string;
  path?: readonly (string | number)[] | null;
  locations?: unknown;
  data?: unknown;
  errorInfo?: unknown;
  extensions?: Record<string, unknown>;
}

/** What a fetch failure (no HTTP answer at all) looks like in the result pane. */
export function unreachableError(url: string, error: unknown): AppSyncError {
  return { errorType: 'NetworkError', message: `${url} could not be reached: ${describe(error)}` };
}

/** The chosen mode's credentials could not be had (Amplify could not refresh the session); nothing was sent. */
export function credentialsError(modeLabel: string, error: unknown): AppSyncError {
  return { errorType: 'CredentialsError', message: `No ${modeLabel} credentials to send: ${describe(error)}` };
}

/** A body that is not JSON (a proxy's page, a crash). */
export function unreadableResponseError(status: number, text: string): AppSyncError {
  return { errorType: 'InvalidResponse', message: `HTTP ${status} with a body that is not JSON: ${text.slice(0, 500)}` };
}

/**
 * What graphql-ws's client reports to a subscription's sink: the server's `error` message (an
 * array of GraphQL errors, AppSync's errorType in `extensions`), the socket's close event
 * (4403: the connection's credentials were refused) or an Error.
 */
export function subscriptionErrors(error: unknown): AppSyncError[] {
  if (Array.isArray(error)) {
    return error.map((e: { message?: unknown; path?: AppSyncError['path']; locations?: unknown; extensions?: Record<string, unknown> }) => {
      const { errorType, ...extensions } = e.extensions ?? {};
      return {
        errorType: typeof errorType === 'string' ? errorType : null,
        message: String(e.message),
        ...(e.path ? { path: e.path } : {}),
        ...(e.locations ? { locations: e.locations } : {}),
        ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
      };
    });
  }
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'number') {
    const reason = 'reason' in error && typeof error.reason === 'string' && error.reason ? `: ${error.reason}` : '';
    if (error.code === 4401 || error.code === 4403)
      return [{ errorType: 'UnauthorizedException', message: `The real-time connection was refused (${error.code}${reason}). Check the auth mode's credentials.` }];
    return [{ errorType: 'ConnectionClosed', message: `The real-time connection closed (${error.code}${reason}).` }];
  }
  return [{ errorType: 'ConnectionError', message: describe(error) }];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
}
