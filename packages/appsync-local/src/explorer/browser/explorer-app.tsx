/**
 * The explorer's browser entry (bundled by explorer-bundle.ts): GraphiQL for the local API with
 * the explorer plugin (a schema tree that writes the query), the auth bar, the resolver-trace
 * panel and the local-activity panel, talking to the server the page came from.
 *
 * GraphiQL 4, not 5, on purpose: GraphiQL 5 edits with Monaco, whose language features run in
 * web workers that a bundle must ship as separate worker scripts and wire up by URL; GraphiQL 4
 * edits with CodeMirror 5, which runs on the page, so esbuild makes one script and one
 * stylesheet of everything and nothing is fetched from anywhere else.
 */
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import './explorer.css';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import type { ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { EXPLORER_CONFIG_ELEMENT_ID, EXPLORER_ROOT_ELEMENT_ID, type ExplorerConfig } from '../explorer-config.js';
import { activityPlugin } from './activity-plugin.js';
import { AuthBar } from './auth-bar.js';
import { ExplorerAuth } from './explorer-auth.js';
import { createExplorerFetcher } from './explorer-fetcher.js';
import { ObservableValue } from './observable-value.js';
import type { OperationRecord } from './operation-record.js';
import { tracePlugin } from './trace-plugin.js';

/** What the query editor starts with on a first visit (GraphiQL keeps the user's tabs after that). */
const DEFAULT_QUERY = `# The local AppSync explorer.
#
# Choose the auth mode above (the API's modes: an API key, IAM signed in the browser, a user
# pool's user, an OIDC token, a Lambda authorizer's token), write a query, mutation or
# subscription (the explorer pane on the left builds one from the schema) and run it.
# Subscriptions stay open over the local WebSocket; events appear as they arrive.
#
# The sidebar's "Resolver trace" shows what each resolver of the last operation did, with
# timings and every data-source request and response; "Local activity" shows the pipes'
# batches, their dead letters and the messages published to SNS.
`;

function readConfig(): ExplorerConfig {
  const text = document.getElementById(EXPLORER_CONFIG_ELEMENT_ID)?.textContent;
  if (!text) throw new Error(`the page has no #${EXPLORER_CONFIG_ELEMENT_ID} config`);
  return JSON.parse(text) as ExplorerConfig;
}

const config = readConfig();
const auth = new ExplorerAuth(config);
const lastOperation = new ObservableValue<OperationRecord | null>(null);
// GraphiQL's fetcher types name graphql-js's GraphQLError class; it only formats results as
// JSON, and AppSync's errors are plain objects with errorType, so ours are given as they are.
const fetcher = createExplorerFetcher({ config, auth, lastOperation }) as unknown as GraphiQLProps['fetcher'];
const plugins = [explorerPlugin(), tracePlugin(lastOperation), activityPlugin(config.localPrefix)];
// `?query=` (and `variables`) opens the explorer on an operation, as links and tests do.
const linked = new URLSearchParams(location.search);

function ExplorerApp(): ReactElement {
  return (
    <div className="lx-app">
      <AuthBar auth={auth} />
      <div className="lx-graphiql">
        <GraphiQL
          fetcher={fetcher}
          plugins={plugins}
          defaultQuery={DEFAULT_QUERY}
          {...(linked.has('query') ? { query: linked.get('query') ?? '' } : {})}
          {...(linked.has('variables') ? { variables: linked.get('variables') ?? '' } : {})}
        >
          <GraphiQL.Logo>Local AppSync</GraphiQL.Logo>
        </GraphiQL>
      </div>
    </div>
  );
}

const container = document.getElementById(EXPLORER_ROOT_ELEMENT_ID);
if (!container) throw new Error(`the page has no #${EXPLORER_ROOT_ELEMENT_ID} element`);
createRoot(container).render(<ExplorerApp />);
// This tab's user pool session (kept in sessionStorage) comes back after a reload.
void auth.start();
