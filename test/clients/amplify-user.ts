/**
 * A frontend user in its own Node process, with the unmodified aws-amplify v6 client configured
 * as a frontend would be (the Amplify configuration object the local AppSync writes to
 * `.local/amplify-config.json`; in AWS, the stack's AmplifyConfiguration output): signs up,
 * confirms their email with the code the local Cognito issued, signs in (SRP, Amplify's
 * default), adds their own profile, then subscribes to their own order events (naming nobody)
 * and, to see it refused, to someone else's.
 *
 * Lines on stdout, each a word and a JSON value: `STEP <name> <json>` as it goes, `READY` once
 * both subscriptions are requested, `EVENT <json>` per own event, `REFUSED <json>` for the other
 * user's subscription, `ERROR <json>` for anything unexpected. The parent test sets
 * NODE_EXTRA_CA_CERTS to the local CA, as README tells Node clients to.
 *
 * Usage: tsx test/clients/amplify-user.ts <Amplify config JSON> <codes URL> <username> <password> <email> <other username>
 */
import { Amplify } from 'aws-amplify';
import { generateClient, type GraphQLSubscription } from 'aws-amplify/api';
import { confirmSignUp, fetchAuthSession, signIn, signUp } from 'aws-amplify/auth';
import { WebSocket } from 'ws';

// Node 20 has no global WebSocket (Node 22 has); browsers and React Native do.
globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;

const [configJson, codesUrl, username, password, email, other] = process.argv.slice(2) as [string, string, string, string, string, string];
const print = (kind: string, value?: unknown) => process.stdout.write(`${kind}${value === undefined ? '' : ` ${JSON.stringify(value)}`}\n`);

const EVENT_FIELDS = 'eventId type username orderId status previousStatus amount numberOfItems occurredAt';

interface OnOrderEvent {
  onOrderEvent: Record<string, unknown>;
}

async function main(): Promise<void> {
  Amplify.configure(JSON.parse(configJson) as Parameters<typeof Amplify.configure>[0]);

  const signedUp = await signUp({ username, password, options: { userAttributes: { email } } });
  print('STEP signUp', signedUp.nextStep.signUpStep);
  // The local Cognito emails nothing; it lists the codes it issued.
  const codes = (await (await fetch(`${codesUrl}?username=${encodeURIComponent(username)}`)).json()) as { codes: { code: string }[] };
  const code = codes.codes.at(-1)?.code;
  if (!code) throw new Error(`no confirmation code for ${username}: ${JSON.stringify(codes)}`);
  print('STEP confirmSignUp', (await confirmSignUp({ username, confirmationCode: code })).nextStep.signUpStep);
  const signedIn = await signIn({ username, password });
  print('STEP signIn', { isSignedIn: signedIn.isSignedIn, nextStep: signedIn.nextStep.signInStep });
  const { tokens } = await fetchAuthSession();
  print('STEP token', { username: tokens?.accessToken.payload['username'], tokenUse: tokens?.accessToken.payload['token_use'] });

  const client = generateClient();
  const added = (await client.graphql({
    query: 'mutation AddUser($input: AddUserInput!) { addUser(input: $input) { username email name } }',
    variables: { input: { username, email, name: 'Ann Frontend' } },
  })) as { data: unknown };
  print('STEP addUser', added.data);

  client.graphql<GraphQLSubscription<OnOrderEvent>>({ query: `subscription Mine { onOrderEvent { ${EVENT_FIELDS} } }` }).subscribe({
    next: ({ data }) => print('EVENT', data.onOrderEvent),
    error: (error: { errors?: unknown; message?: string }) => print('ERROR', error.errors ?? error.message ?? String(error)),
  });
  client.graphql<GraphQLSubscription<OnOrderEvent>>({ query: `subscription Theirs($u: ID) { onOrderEvent(username: $u) { ${EVENT_FIELDS} } }`, variables: { u: other } }).subscribe({
    next: ({ data }) => print('ERROR', { unexpectedEvent: data.onOrderEvent }),
    error: (error: { errors?: unknown; message?: string }) => print('REFUSED', error.errors ?? error.message ?? String(error)),
  });
  print('READY');
}

main().catch((err: unknown) => print('ERROR', { name: (err as Error).name, message: (err as Error).message }));

process.on('SIGTERM', () => process.exit(0));
