/**
 * The auth mode the explorer signs with, as the AppSync console's selector: the API key
 * (prefilled with the local one, editable to try a wrong one) or IAM (the local credentials,
 * editable likewise). Every request reads it when it is sent, so a change applies to the next
 * query, mutation or subscription. The chosen mode is remembered across reloads; the values
 * are not (the page always starts with the server's).
 */
import type { ExplorerConfig } from '../explorer-config.js';

export type AuthMode = 'API_KEY' | 'AWS_IAM';

export const AUTH_MODE_LABELS: Record<AuthMode, string> = { API_KEY: 'API key', AWS_IAM: 'AWS IAM' };

export interface AuthState {
  mode: AuthMode;
  apiKey: string;
  accessKeyId: string;
  secretAccessKey: string;
}

const MODE_STORAGE_KEY = 'local-appsync-explorer:auth-mode';

export function initialAuthState(config: ExplorerConfig): AuthState {
  const remembered = safely(() => localStorage.getItem(MODE_STORAGE_KEY));
  return {
    mode: remembered === 'AWS_IAM' ? 'AWS_IAM' : 'API_KEY',
    apiKey: config.apiKey,
    accessKeyId: config.credentials.accessKeyId,
    secretAccessKey: config.credentials.secretAccessKey,
  };
}

export function rememberAuthMode(mode: AuthMode): void {
  safely(() => localStorage.setItem(MODE_STORAGE_KEY, mode));
}

/** Storage can be unavailable (private windows, blocked cookies); the explorer works without it. */
function safely<T>(use: () => T): T | undefined {
  try {
    return use();
  } catch {
    return undefined;
  }
}
