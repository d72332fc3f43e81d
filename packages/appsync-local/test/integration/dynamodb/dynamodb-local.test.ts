/**
 * Starting and stopping DynamoDB Local: on a port of its own, persisting to a folder when asked,
 * and leaving no Java process behind, also when its host crashes without stopping it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { freePort, startDynamoDbLocal } from '../../../src/dynamodb/dynamodb-local.js';
import { clients, createSingleTable } from '../../helpers/dynamodb.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'dynamodb-local-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket.end() && true));
    socket.once('error', () => resolve(false));
  });

describe('startDynamoDbLocal', () => {
  it('keeps data in its folder across a restart and frees its port when stopped', async () => {
    const port = await freePort();
    const first = await startDynamoDbLocal({ port, dataDir });
    expect(first.endpoint).toBe(`http://127.0.0.1:${port}`);
    let db = clients(first.endpoint);
    const { name } = await createSingleTable(db.raw);
    await db.doc.send(new PutCommand({ TableName: name, Item: { PK: 'K', SK: 'K', kept: true } }));
    db.raw.destroy();
    await first.stop();
    expect(await listening(port)).toBe(false);

    const second = await startDynamoDbLocal({ port, dataDir });
    db = clients(second.endpoint);
    const read = await db.doc.send(new GetCommand({ TableName: name, Key: { PK: 'K', SK: 'K' } }));
    expect(read.Item).toEqual({ PK: 'K', SK: 'K', kept: true });
    db.raw.destroy();
    await second.stop();
    expect(await listening(port)).toBe(false);
  }, 90_000);

  it('fails with a clear message when the port is taken', async () => {
    const taken = await startDynamoDbLocal();
    await expect(startDynamoDbLocal({ port: taken.port })).rejects.toThrow(`DynamoDB Local cannot start: port ${taken.port} is already in use`);
    await taken.stop();
  }, 90_000);
});

describe('a host that crashes without stopping it', () => {
  const alive = (pid: number) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2).charAt(0));
    } catch {
      return false;
    }
  };

  /** Starts the host in a mode; its JVM's pid once printed, and its exit. */
  async function startHost(mode: 'crash' | 'wait') {
    const host = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '..', '..', 'helpers', 'dynamodb-host-process.ts'), mode], {
      cwd: path.resolve(import.meta.dirname, '..', '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    host.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    host.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => host.once('exit', (code, signal) => resolve({ code, signal })));
    const printed = await vi.waitFor(
      () => {
        if (!stdout.includes('\n')) throw new Error(`no pid yet; stderr: ${stderr}`);
        return JSON.parse(stdout.trim()) as { pid: number; isJvm: boolean };
      },
      { timeout: 30_000, interval: 50 },
    );
    expect(printed.isJvm).toBe(true);
    return { host, jvm: printed.pid, exited, stderr: () => stderr };
  }

  it('takes the JVM with it when it dies of an uncaught error', async () => {
    const { jvm, exited, stderr } = await startHost('crash');
    expect((await exited).code).toBe(1);
    expect(stderr()).toContain('the host crashes');
    // Not its port: other tests running beside this one may be given it once it is free.
    await vi.waitFor(() => expect(alive(jvm)).toBe(false), { timeout: 10_000, interval: 50 });
  });

  it('takes the JVM with it when SIGTERM ends it, as test runners stop their workers, and still dies of the signal', async () => {
    const { host, jvm, exited } = await startHost('wait');
    host.kill('SIGTERM');
    expect(await exited).toEqual({ code: null, signal: 'SIGTERM' });
    await vi.waitFor(() => expect(alive(jvm)).toBe(false), { timeout: 10_000, interval: 50 });
  });
});
