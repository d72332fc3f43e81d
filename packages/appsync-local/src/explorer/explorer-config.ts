/**
 * What the server tells the explorer page, and where the page finds it. Shared by the server
 * (local/explorer/explorer-page.ts writes it) and the browser bundle (explorer-app.ts reads it),
 * so the two cannot drift; it must stay free of Node and DOM APIs for that reason.
 */

export interface ExplorerConfig {
  /** Where queries and mutations go (POST). */
  graphqlUrl: string;
  /** The real-time endpoint; the explorer speaks graphql-transport-ws to it. */
  realtimeUrl: string;
  /** The region SigV4 signatures are made for (service `appsync`). */
  region: string;
  /** The local API key (the API key mode's default). */
  apiKey: string;
  /**
   * The local IAM credentials, for signing in the browser. They are the local server's
   * development credentials (the access key is printed by `npm start`, the default secret is in
   * docs/local-appsync.md), accepted by nothing but this server, which listens on 127.0.0.1
   * only; the page holding them is served with `cache-control: no-store`.
   */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Where the local listings live (`/_local/pipes`, `/_local/sns/...`), from the page's origin. */
  localPrefix: string;
}

/** The `<script type="application/json">` element holding the config (data, never executed). */
export const EXPLORER_CONFIG_ELEMENT_ID = 'local-appsync-explorer-config';

/** The element the explorer renders into. */
export const EXPLORER_ROOT_ELEMENT_ID = 'local-appsync-explorer';

/** The bundle's files are served under this path (`/explorer/explorer.js`, `/explorer/explorer.css`). */
export const EXPLORER_ASSET_PREFIX = '/explorer/';
