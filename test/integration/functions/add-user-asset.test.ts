/**
 * The real add-user function, bundled as the CDK app bundles it (infra/constructs/node-function.ts:
 * esbuild, one ES module with the SDK and Powertools inside), run by LocalLambda against DynamoDB
 * Local. Its code has no local special case: the SDK reaches DynamoDB Local through
 * AWS_ENDPOINT_URL_DYNAMODB, as the local server will configure it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, LocalLambda, type LambdaInvocation } from 'appsync-local';
import { emailGuardKey, userKey } from '../../../resolvers/lib/keys.js';
import { clients, createUsersOrdersTable, dynamodbEndpoint, scanAll } from '../../helpers/tables.js';

/** The handler's result; fails the test with the function's error if there is one. */
function resultOf<T = Record<string, unknown>>(invocation: LambdaInvocation): T {
  if (invocation.error) throw new Error(`expected a result, got the function error ${JSON.stringify(invocation.error)}`);
  return invocation.result as T;
}

function errorOf(invocation: LambdaInvocation) {
  if (!invocation.error) throw new Error(`expected a function error, got ${JSON.stringify(invocation.result)}`);
  return invocation.error;
}

/** What the resolver sends for an IAM caller. */
const SERVICE = { kind: 'service' };

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

let assetDir: string;
let db: ReturnType<typeof clients>;
let table: string;
let fn: LocalLambda;
const lines: string[] = [];

beforeAll(async () => {
  assetDir = mkdtempSync(path.join(tmpdir(), 'add-user-asset-'));
  // NodejsFunction's bundling options for this project (format, banner, mainFields, source map).
  await build({
    entryPoints: [path.join(ROOT, 'functions/add-user/handler.ts')],
    outfile: path.join(assetDir, 'index.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    logLevel: 'silent',
  });
  db = clients(dynamodbEndpoint());
  table = (await createUsersOrdersTable(db.raw)).name;
  fn = new LocalLambda({
    name: 'add-user',
    codeDir: assetDir,
    handler: 'index.handler',
    runtime: 'nodejs24.x',
    timeoutMs: 10_000,
    memoryMb: 256,
    // The template's variables (infra/constructs/node-function.ts), resolved to local values,
    // plus what the platform gives a function on Lambda: its region and its role's credentials.
    environment: {
      POWERTOOLS_SERVICE_NAME: 'add-user',
      POWERTOOLS_METRICS_NAMESPACE: 'UsersOrders',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
      TABLE_NAME: table,
      // Services (the caller here) are not checked against the pool; a signed-in caller's lookup is in add-user.test.ts.
      USER_POOL_ID: 'us-east-1_NotAsked0',
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint(),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    },
    log: (line) => lines.push(line),
  });
}, 60_000);

afterAll(async () => {
  await fn?.stop();
  db?.raw.destroy();
  if (assetDir) rmSync(assetDir, { recursive: true, force: true });
});

describe('the bundled add-user function', () => {
  it('adds a user: profile and email guard in the table, the user in the answer', async () => {
    const invocation = await fn.invoke({ input: { username: 'ann', email: ' Ann@Example.COM ', name: ' Ann Lee ' }, caller: SERVICE });
    const answer = resultOf<{ user: Record<string, unknown> }>(invocation);
    expect(answer.user).toMatchObject({ username: 'ann', email: 'ann@example.com', name: 'Ann Lee', address: null, updatedAt: null });
    expect(invocation.initDurationMs).toBeDefined();

    const profile = await db.doc.send(new GetCommand({ TableName: table, Key: userKey('ann') }));
    expect(profile.Item).toMatchObject({ Username: 'ann', Email: 'ann@example.com', Name: 'Ann Lee', EntityType: 'CUSTOMER', CreatedAt: answer.user['createdAt'] });
    const guard = await db.doc.send(new GetCommand({ TableName: table, Key: emailGuardKey('ann@example.com') }));
    expect(guard.Item).toMatchObject({ Username: 'ann', EntityType: 'CUSTOMEREMAIL' });
  });

  it('answers its domain errors from the warm instance, writing nothing', async () => {
    const taken = await fn.invoke({ input: { username: 'ann', email: 'other@example.com', name: 'Another Ann' }, caller: SERVICE });
    expect(resultOf(taken)).toEqual({ error: { type: 'UsernameTaken', message: 'The username ann is taken.', field: 'input.username' } });
    expect(taken.initDurationMs).toBeUndefined();
    const invalid = await fn.invoke({ input: { username: 'bob#ORDER#1', email: 'bob@example.com', name: 'Bob' }, caller: SERVICE });
    expect(resultOf(invalid)).toMatchObject({ error: { type: 'ValidationError', field: 'input.username' } });
    expect((await scanAll(db.raw, table)).map((item) => item['PK']).sort()).toEqual(['CUSTOMER#ann', 'CUSTOMEREMAIL#ann@example.com', 'CUSTOMERNAME#ann']);
  });

  it('logs through Powertools, each line with the function name', () => {
    const added = lines.find((line) => line.includes('"message":"user added"'));
    expect(added, lines.join('\n')).toBeDefined();
    expect(added!.startsWith('[add-user] {')).toBe(true);
    expect(JSON.parse(added!.slice('[add-user] '.length))).toMatchObject({ level: 'INFO', service: 'add-user', username: 'ann' });
  });

  it('fails as a function error, not a hang, when DynamoDB cannot be reached', async () => {
    const unreachable = new LocalLambda({
      name: 'add-user-offline',
      codeDir: assetDir,
      handler: 'index.handler',
      runtime: 'nodejs24.x',
      timeoutMs: 10_000,
      memoryMb: 256,
      environment: {
        TABLE_NAME: table,
        USER_POOL_ID: 'us-east-1_NotAsked0',
        // Nothing listens on port 9 (discard) here: the connection is refused at once.
        AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      },
      log: () => {},
    });
    try {
      const error = errorOf(await unreachable.invoke({ input: { username: 'cy', email: 'cy@example.com', name: 'Cy' }, caller: SERVICE }));
      expect(error.errorMessage).toMatch(/ECONNREFUSED/);
    } finally {
      await unreachable.stop();
    }
  });
});
