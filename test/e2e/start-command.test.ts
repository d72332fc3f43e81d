/**
 * `npm start` as a developer runs it: `appsync-local start`, the command installed for this
 * project (node_modules/.bin), in its own process. It prints where everything is (the local
 * Cognito and the frontend's Amplify configuration too), serves the API to users signed in as
 * README shows (`appsync-local sign-in`), keeps data and users in its folder across restarts,
 * and exits cleanly on SIGINT
 * and SIGTERM without leaving DynamoDB Local (Java) behind. Also the flags this product relies on
 * (--port, --ephemeral, --no-watch), and a bad setting or flag: one clear line and exit code 1.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cdk.js';
import { testAssemblyDir } from '../helpers/test-assembly.js';

let stateDir: string;

beforeAll(() => {
  stateDir = mkdtempSync(path.join(tmpdir(), 'npm-start-'));
  // The run's assembly, with its input hash: the CLI finds it up to date and skips the synth.
  cpSync(testAssemblyDir(), path.join(stateDir, 'cdk.out'), { recursive: true });
});

afterAll(() => {
  rmSync(stateDir, { recursive: true, force: true });
});

/** What `npm start` runs: the appsync-local command installed for this project. */
const START_BIN = path.join(ROOT, 'node_modules', '.bin', 'appsync-local');

/** The developer's own settings must not change what is tested: an empty variable counts as unset. */
const CLEAN_ENV = { PORT: '', LOCAL_STATE_DIR: '', LOCAL_API_KEY: '', LOCAL_STACK: '', DYNAMODB_PORT: '', DYNAMODB_ENDPOINT: '' };

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Started {
  child: ChildProcess;
  output: () => string;
  graphqlUrl: string;
  dynamodbPort: number;
  exit: Promise<Exit>;
}

function spawnStart(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string; exit: Promise<Exit> } {
  const child = spawn(process.execPath, [START_BIN, 'start', ...args], { cwd: ROOT, env: { ...process.env, ...CLEAN_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exit = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exit };
}

/** `npm start` in the test's data folder, resolved once it says it is ready (rejected if it exits first). */
async function startCli(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const started = spawnStart(args, { LOCAL_STATE_DIR: stateDir, ...env });
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (!started.output().includes('Local AppSync ready')) return;
      started.child.stdout!.off('data', check);
      resolve();
    };
    started.child.stdout!.on('data', check);
    void started.exit.then((exit) => reject(new Error(`npm start exited (${JSON.stringify(exit)}): ${started.output()}`)));
  });
  const graphqlUrl = /GraphQL\s+(\S+)/.exec(started.output())![1]!;
  const dynamodbPort = Number(/DynamoDB\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(started.output())![1]);
  return { ...started, graphqlUrl, dynamodbPort };
}

/** A refused start: its exit code and what it wrote (a start that got anywhere logs to stdout). */
async function refusedStart(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [START_BIN, 'start', ...args], { cwd: ROOT, env: { ...process.env, ...CLEAN_ENV, LOCAL_STATE_DIR: stateDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stdout, stderr };
}

/** A port free right now (the OS picks it), for --port to be given a real number. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** DynamoDB Local processes listening on the port (the jar is started with `-port <n>`). */
function javaOn(port: number): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.split('\n').filter((line) => line.includes('DynamoDBLocal') && new RegExp(`-port ${port}(\\s|$)`).test(line));
}

/** README's one command: a token of a local Cognito user (created on demand), printed by the installed CLI. */
function signIn(graphqlUrl: string, username: string, ...flags: string[]): string {
  return execFileSync(process.execPath, [START_BIN, 'sign-in', username, '--url', new URL(graphqlUrl).origin, ...flags], { encoding: 'utf8' }).trim();
}

const gql = async (url: string, token: string, query: string) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body: JSON.stringify({ query }) });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { errorType?: string }[] } };
};

describe('npm start', () => {
  it('prints the URL, the user pool, the frontend configuration, DynamoDB and the data folder, serves signed-in users, watches for changes, and exits 0 on SIGINT leaving no Java', async () => {
    // PORT as a developer would set it; 0 for a free one.
    const started = await startCli([], { PORT: '0' });
    const text = started.output();
    const origin = new URL(started.graphqlUrl).origin;
    expect(text).toMatch(new RegExp(`Cognito\\s+users-orders-dev \\S+ \\(clients web \\S+\\), endpoint ${origin}/_local/cognito`));
    expect(text).toMatch(/Frontend\s+\S*amplify-config\.json/);
    expect(text).toMatch(/Data\s+\S*dynamodb/);
    expect(text).toMatch(/Reload\s+watching for changes/);
    expect(javaOn(started.dynamodbPort)).toHaveLength(1);

    // What a frontend passes to Amplify.configure: user pools by default, the local Cognito, no API key.
    const frontend = JSON.parse(readFileSync(path.join(stateDir, 'amplify-config.json'), 'utf8')) as Record<string, unknown>;
    expect(frontend).toEqual({
      API: { GraphQL: { endpoint: started.graphqlUrl, region: 'us-east-1', defaultAuthMode: 'userPool' } },
      Auth: { Cognito: { userPoolId: expect.stringMatching(/^us-east-1_\w+$/), userPoolClientId: expect.stringMatching(/^[a-z0-9]{26}$/), userPoolEndpoint: `${origin}/_local/cognito` } },
    });

    const health = await fetch(started.graphqlUrl.replace(/graphql$/, 'health'));
    expect(health.status).toBe(200);
    // README's quick start: the back office adds a user, who then reads their own profile and nobody else's.
    const admin = signIn(started.graphqlUrl, 'operator', '--groups', 'admin');
    expect(await gql(started.graphqlUrl, admin, 'mutation { addUser(input: { username: "persisted", email: "p@example.com", name: "P" }) { username } }')).toEqual({
      status: 200,
      body: { data: { addUser: { username: 'persisted' } } },
    });
    const persisted = signIn(started.graphqlUrl, 'persisted');
    expect(await gql(started.graphqlUrl, persisted, '{ user(username: "persisted") { username } }')).toEqual({ status: 200, body: { data: { user: { username: 'persisted' } } } });
    expect((await gql(started.graphqlUrl, persisted, '{ user(username: "operator") { username } }')).body.errors).toEqual([expect.objectContaining({ errorType: 'Unauthorized' })]);

    started.child.kill('SIGINT');
    expect(await started.exit).toEqual({ code: 0, signal: null });
    expect(javaOn(started.dynamodbPort)).toEqual([]);
  }, 120_000);

  it('--port serves on that port (over PORT), --no-watch turns hot reload off; finds the last run’s data and exits 0 on SIGTERM leaving no Java', async () => {
    const port = await freePort();
    // PORT is not even a number: the flag wins, so it is never read.
    const started = await startCli(['--port', String(port), '--no-watch'], { PORT: 'eighty' });
    expect(started.graphqlUrl).toBe(`http://localhost:${port}/graphql`);
    expect(started.output()).toMatch(/Reload\s+off \(--no-watch\)/);
    expect(await gql(started.graphqlUrl, signIn(started.graphqlUrl, 'persisted'), '{ user(username: "persisted") { username email } }')).toEqual({
      status: 200,
      body: { data: { user: { username: 'persisted', email: 'p@example.com' } } },
    });
    started.child.kill('SIGTERM');
    expect(await started.exit).toEqual({ code: 0, signal: null });
    expect(javaOn(started.dynamodbPort)).toEqual([]);
  }, 120_000);

  it('--ephemeral keeps nothing: the data folder’s users are not there, and what it writes is gone after it', async () => {
    const first = await startCli(['--ephemeral', '--port', '0']);
    expect(first.output()).toMatch(/Data\s+in memory/);
    const admin = signIn(first.graphqlUrl, 'operator', '--groups', 'admin');
    expect(await gql(first.graphqlUrl, admin, '{ user(username: "persisted") { username } }')).toEqual({ status: 200, body: { data: { user: null } } });
    expect(await gql(first.graphqlUrl, admin, 'mutation { addUser(input: { username: "fleeting", email: "f@example.com", name: "F" }) { username } }')).toEqual({
      status: 200,
      body: { data: { addUser: { username: 'fleeting' } } },
    });
    // The terminal closing (SIGHUP) stops it as cleanly as Ctrl-C: no Java left behind.
    first.child.kill('SIGHUP');
    expect(await first.exit).toEqual({ code: 0, signal: null });
    expect(javaOn(first.dynamodbPort)).toEqual([]);

    // The folder's data is as the persistent runs left it: the ephemeral run's user is not in it.
    const second = await startCli(['--port', '0', '--no-watch']);
    expect(
      await gql(
        second.graphqlUrl,
        signIn(second.graphqlUrl, 'operator', '--groups', 'admin'),
        '{ persisted: user(username: "persisted") { username } fleeting: user(username: "fleeting") { username } }',
      ),
    ).toEqual({
      status: 200,
      body: { data: { persisted: { username: 'persisted' }, fleeting: null } },
    });
    second.child.kill('SIGTERM');
    expect(await second.exit).toEqual({ code: 0, signal: null });
  }, 180_000);

  it.each<{ name: string; args: string[]; env: Record<string, string>; line: string }>([
    { name: 'a bad PORT', args: [], env: { PORT: 'eighty' }, line: 'appsync-local: PORT must be a port number, got eighty' },
    { name: 'a bad --port', args: ['--port', 'eighty'], env: {}, line: 'appsync-local: --port must be a port number, got eighty' },
    { name: 'an unknown flag', args: ['--bogus'], env: {}, line: "appsync-local: Unknown option '--bogus' (see appsync-local start --help)" },
  ])(
    'refuses $name with one clear line and exit code 1, starting nothing',
    async ({ args, env, line }) => {
      const refused = await refusedStart(args, env);
      expect(refused).toEqual({ code: 1, stdout: '', stderr: `${line}\n` });
    },
    60_000,
  );
});
