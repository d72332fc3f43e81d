/**
 * The explorer's HTML page and its Content-Security-Policy. The page is a shell: the bundle
 * renders everything, and the server's config travels as a JSON data block (a
 * `<script type="application/json">` is never executed, so the policy can forbid inline script).
 * The policy allows nothing but this server (and, when the API is configured at another origin
 * such as `localhost` vs `127.0.0.1`, that origin for requests), which also proves the page makes
 * no request to the network.
 */
import { EXPLORER_ASSET_PREFIX, EXPLORER_CONFIG_ELEMENT_ID, EXPLORER_ROOT_ELEMENT_ID, type ExplorerConfig } from './explorer-config.js';

export function renderExplorerPage(config: ExplorerConfig): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Local AppSync explorer</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="${EXPLORER_ASSET_PREFIX}explorer.css">
    <script type="application/json" id="${EXPLORER_CONFIG_ELEMENT_ID}">${jsonForHtml(config)}</script>
    <script src="${EXPLORER_ASSET_PREFIX}explorer.js" defer></script>
  </head>
  <body>
    <div id="${EXPLORER_ROOT_ELEMENT_ID}"><p style="font-family: sans-serif; padding: 1em">Loading the explorer… (the first load after a change builds it, a few seconds)</p></div>
  </body>
</html>
`;
}

/**
 * Scripts and styles from this server only; requests to this server and the API's configured
 * origins (HTTP and WebSocket, and the local Cognito's endpoint, which is this server too). Inline styles are allowed: GraphiQL and CodeMirror set style
 * attributes. Fonts and images are this server's or data: URLs (GraphiQL's fonts are inlined).
 */
export function explorerContentSecurityPolicy(config: ExplorerConfig): string {
  const origins = new Set<string>();
  const cognitoEndpoints = config.authModes.flatMap((m) => (m.mode === 'AMAZON_COGNITO_USER_POOLS' ? m.userPools.map((p) => p.endpoint) : []));
  for (const url of [config.graphqlUrl, config.realtimeUrl, ...cognitoEndpoints]) origins.add(new URL(url).origin);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${[...origins].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** JSON that cannot end the surrounding `<script>` element or open a comment. */
function jsonForHtml(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
