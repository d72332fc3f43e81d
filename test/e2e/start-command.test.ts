/**
 * `npm start` as a developer runs it: the CLI process prints where everything is, serves the
 * API with the default API key, keeps data in its folder across restarts, and exits cleanly on
 * SIGINT and SIGTERM without leaving DynamoDB Local (Java) behind.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from 'appsync-local';
import { ROOT } from '../helpers/cdk.js';
import { testAssemblyDir } from '../helpers/local-api.js';

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

interface Started {
  child: ChildProcess;
  output: () => string;
  graphqlUrl: string;
  dynamodbPort: number;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function startCli(args: string[] = []): Promise<Started> {
  const child = spawn(process.execPath, [START_BIN, 'start', ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', LOCAL_STATE_DIR: stateDir, LOCAL_API_KEY: '', DYNAMODB_PORT: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 90_000;
  while (!output.includes('Local AppSync ready')) {
    if (child.exitCode !== null) throw new Error(`npm start exited: ${output}`);
    if (Date.now() > deadline) throw new Error(`npm start did not get ready: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const graphqlUrl = /GraphQL\s+(\S+)/.exec(output)![1]!;
  const dynamodbPort = Number(/DynamoDB\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(output)![1]);
  return { child, output: () => output, graphqlUrl, dynamodbPort, exit };
}

/** DynamoDB Local processes listening on the port (the jar is started with `-port <n>`). */
function javaOn(port: number): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.split('\n').filter((line) => line.includes('DynamoDBLocal') && new RegExp(`-port ${port}(\\s|$)`).test(line));
}

const gql = async (url: string, query: string) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': DEFAULTS.apiKey }, body: JSON.stringify({ query }) });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: unknown[] } };
};

describe('npm start', () => {
  it('prints the URL, API key, DynamoDB endpoint and data folder, serves the API, and exits 0 on SIGINT leaving no Java', async () => {
    const started = await startCli();
    const text = started.output();
    expect(text).toContain(`API key    ${DEFAULTS.apiKey}`);
    expect(text).toMatch(/Data\s+\S*dynamodb/);
    expect(javaOn(started.dynamodbPort)).toHaveLength(1);

    const health = await fetch(started.graphqlUrl.replace(/graphql$/, 'health'));
    expect(health.status).toBe(200);
    expect(await gql(started.graphqlUrl, 'mutation { addUser(input: { username: "persisted", email: "p@example.com", name: "P" }) { username } }')).toEqual({
      status: 200,
      body: { data: { addUser: { username: 'persisted' } } },
    });

    started.child.kill('SIGINT');
    expect(await started.exit).toEqual({ code: 0, signal: null });
    expect(javaOn(started.dynamodbPort)).toEqual([]);
  }, 120_000);

  it('finds the data of the last run in its folder, and exits 0 on SIGTERM leaving no Java', async () => {
    const started = await startCli();
    expect(await gql(started.graphqlUrl, '{ user(username: "persisted") { username email } }')).toEqual({
      status: 200,
      body: { data: { user: { username: 'persisted', email: 'p@example.com' } } },
    });
    started.child.kill('SIGTERM');
    expect(await started.exit).toEqual({ code: 0, signal: null });
    expect(javaOn(started.dynamodbPort)).toEqual([]);
  }, 120_000);

  it('--ephemeral keeps nothing: the data folder’s users are not there', async () => {
    const started = await startCli(['--ephemeral']);
    expect(started.output()).toContain('in memory');
    expect(await gql(started.graphqlUrl, '{ user(username: "persisted") { username } }')).toEqual({ status: 200, body: { data: { user: null } } });
    started.child.kill('SIGTERM');
    expect(await started.exit).toEqual({ code: 0, signal: null });
  }, 120_000);

  it('refuses a bad setting with a clear message and exit code 1', async () => {
    const child = spawn(process.execPath, [START_BIN, 'start'], { cwd: ROOT, env: { ...process.env, PORT: 'eighty' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain('appsync-local: PORT must be a port number, got eighty');
  }, 60_000);
});
