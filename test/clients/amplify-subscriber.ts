/**
 * An unmodified aws-amplify v6 client in its own Node process, configured as a frontend would be
 * for the local API (endpoint, region, API key), subscribed to onOrderEvent for one user. Each
 * event is printed as one JSON line; errors as `ERROR <json>`. The parent test sets
 * NODE_EXTRA_CA_CERTS to the local CA, as README tells Node clients to.
 *
 * Usage: tsx test/clients/amplify-subscriber.ts <graphqlUrl> <apiKey> <username>
 */
import { Amplify } from 'aws-amplify';
import { generateClient, type GraphQLSubscription } from 'aws-amplify/api';
import { WebSocket } from 'ws';

// Node 20 has no global WebSocket (Node 22 has); browsers and React Native do.
globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;

const [endpoint, apiKey, username] = process.argv.slice(2) as [string, string, string];
Amplify.configure({ API: { GraphQL: { endpoint, region: 'us-east-1', defaultAuthMode: 'apiKey', apiKey } } });
const client = generateClient();

interface OnOrderEvent {
  onOrderEvent: Record<string, unknown>;
}

const subscription = client
  .graphql<GraphQLSubscription<OnOrderEvent>>({
    query: `subscription OnOrderEvent($username: ID) {
      onOrderEvent(username: $username) { eventId type username orderId status previousStatus amount numberOfItems occurredAt }
    }`,
    variables: { username },
  })
  .subscribe({
    next: ({ data }) => process.stdout.write(`${JSON.stringify(data.onOrderEvent)}\n`),
    error: (error: { errors?: unknown; message?: string }) => process.stdout.write(`ERROR ${JSON.stringify(error.errors ?? error.message ?? String(error))}\n`),
  });

process.on('SIGTERM', () => {
  subscription.unsubscribe();
  process.exit(0);
});
