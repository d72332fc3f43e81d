/**
 * What the server tells the explorer page, and where the page finds it. Shared by the server
 * (explorer-page.ts writes it) and the browser bundle (browser/explorer-app.tsx reads it), so the
 * two cannot drift; it must stay free of Node and DOM APIs for that reason.
 *
 * The config is computed for every page load from the template being served (the auth modes,
 * the user pools and their clients, the OIDC issuers), so a reload of the app shows in the
 * explorer at the next page load.
 */

/** AppSync's names of the auth modes, as templates and the API's responses spell them. */
export type ExplorerAuthMode = 'API_KEY' | 'AWS_IAM' | 'AMAZON_COGNITO_USER_POOLS' | 'OPENID_CONNECT' | 'AWS_LAMBDA';

/** A user pool of the API, as the explorer signs users in to it (through the local Cognito). */
export interface ExplorerUserPool {
  poolId: string;
  /** The pool's name in the template; absent when the template does not define the pool. */
  name?: string;
  /** An app client whose tokens the API accepts (it matches the provider's AppIdClientRegex). */
  clientId?: string;
  clientName?: string;
  /** The local Cognito Identity Provider API: Amplify's `userPoolEndpoint`. */
  endpoint: string;
  /** The pool's groups, offered by the local quick sign-in. */
  groups: string[];
  /** Why a user cannot sign in to this pool as a frontend would, when that is so. */
  problem?: string;
}

export interface ExplorerOidcIssuer {
  issuer: string;
  /** The provider's ClientId (a regular expression for `aud`); null: any client. */
  clientId: string | null;
}

/** One auth mode of the API and what the explorer needs to call it in that mode. */
export type ExplorerAuthModeConfig =
  | {
      mode: 'API_KEY';
      /** The local API key (the mode's default value). */
      apiKey: string;
    }
  | {
      mode: 'AWS_IAM';
      /**
       * The local IAM credentials, for signing in the browser. They are the local server's
       * development credentials (the access key is printed by `npm start`, the default secret is
       * in docs/local-appsync.md), accepted by nothing but this server, which listens on 127.0.0.1
       * only; the page holding them is served with `cache-control: no-store`.
       */
      credentials: { accessKeyId: string; secretAccessKey: string };
    }
  | { mode: 'AMAZON_COGNITO_USER_POOLS'; userPools: ExplorerUserPool[] }
  | { mode: 'OPENID_CONNECT'; issuers: ExplorerOidcIssuer[] }
  | { mode: 'AWS_LAMBDA' };

export interface ExplorerConfig {
  /** Where queries and mutations go (POST). */
  graphqlUrl: string;
  /** The real-time endpoint; the explorer speaks graphql-transport-ws to it. */
  realtimeUrl: string;
  /** The region SigV4 signatures are made for (service `appsync`). */
  region: string;
  /** The API's auth modes, the default first, each once (several providers of a mode are merged). */
  authModes: ExplorerAuthModeConfig[];
  /** Where the local routes live (`/_local/pipes`, `/_local/cognito/...`, `/_local/oidc/...`), from the page's origin. */
  localPrefix: string;
}

/** The `<script type="application/json">` element holding the config (data, never executed). */
export const EXPLORER_CONFIG_ELEMENT_ID = 'local-appsync-explorer-config';

/** The element the explorer renders into. */
export const EXPLORER_ROOT_ELEMENT_ID = 'local-appsync-explorer';

/** The bundle's files are served under this path (`/explorer/explorer.js`, `/explorer/explorer.css`). */
export const EXPLORER_ASSET_PREFIX = '/explorer/';
