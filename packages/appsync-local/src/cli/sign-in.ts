/**
 * `appsync-local sign-in <username>`: a token of a user of the running local AppSync's Cognito,
 * for curl and scripts. The user is created when missing (confirmed; in exactly the groups given
 * with --groups). Prints the access token (what Amplify sends), or the ID token, or all as JSON.
 */
import { parseArgs } from 'node:util';
import { DEFAULTS } from './start-settings.js';

export const SIGN_IN_USAGE = `Usage: appsync-local sign-in <username> [options]

Signs a user in to the running local AppSync's Cognito (created when missing) and prints a token.

Options:
  --groups <a,b>     the user's groups, exactly (default: keep them)
  --email <address>  the user's email, marked verified (as after a confirmed sign-up)
  --attribute <k=v>  another attribute of a user created here (repeatable)
  --pool <id|name>   the user pool (default: the API's)
  --client <id|name> the app client (default: the first the API accepts)
  --id-token         print the ID token instead of the access token
  --json             print everything: pool, client, username and the three tokens
  --url <url>        the local AppSync (default http://localhost:$PORT or :4000)
`;

export async function runSignIn(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        groups: { type: 'string' },
        email: { type: 'string' },
        attribute: { type: 'string', multiple: true, default: [] },
        pool: { type: 'string' },
        client: { type: 'string' },
        'id-token': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        url: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    process.stderr.write(`sign-in: ${(err as Error).message}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(SIGN_IN_USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`sign-in: give one username\n\n${SIGN_IN_USAGE}`);
    return 2;
  }
  const attributes: Record<string, string> = {};
  for (const pair of values.attribute) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      process.stderr.write(`sign-in: --attribute takes name=value, got ${pair}\n`);
      return 2;
    }
    attributes[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  if (values.email !== undefined) attributes['email'] = values.email;
  const base = values.url ?? `http://localhost:${env['PORT'] || DEFAULTS.port}`;
  const body = {
    username: positionals[0],
    ...(values.groups !== undefined
      ? {
          groups: values.groups
            .split(',')
            .map((g) => g.trim())
            .filter(Boolean),
        }
      : {}),
    ...(values.pool !== undefined ? { pool: values.pool } : {}),
    ...(values.client !== undefined ? { client: values.client } : {}),
    ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
  };
  let response: Response;
  try {
    response = await fetch(new URL('/_local/cognito/sign-in', base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    process.stderr.write(`sign-in: no local AppSync answers at ${base}; start it with appsync-local start (or give --url)\n`);
    return 1;
  }
  const answer = (await response.json().catch(() => ({}))) as { message?: string; idToken?: string; accessToken?: string };
  if (!response.ok) {
    process.stderr.write(`sign-in: ${answer.message ?? `the local AppSync answered ${response.status}`}\n`);
    return 1;
  }
  process.stdout.write(values.json ? `${JSON.stringify(answer, null, 2)}\n` : `${values['id-token'] ? answer.idToken : answer.accessToken}\n`);
  return 0;
}
