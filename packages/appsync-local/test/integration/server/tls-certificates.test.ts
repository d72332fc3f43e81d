/**
 * The certificates `--https` serves with, checked the way a client checks them: a real HTTPS
 * server with the generated certificate, and Node's TLS client trusting only `ca.pem` (or
 * nothing). Then the reuse rules: files kept while sound, the server certificate re-issued by the
 * same CA when it expires soon, is corrupt or misses a host, everything replaced when the CA is
 * unusable.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureLocalCertificates, type LocalCertificates } from '../../../src/server/tls-certificates.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const dirs: string[] = [];

function stateDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tls-certificates-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function serve(certificates: LocalCertificates): Promise<{ server: Server; port: number }> {
  const server = createServer({ cert: certificates.cert, key: certificates.key }, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** GETs the URL over TLS; `family: 4` makes `localhost` reach the IPv4 listener. Resolves to the body or the TLS error code. */
function get(url: string, ca: string | undefined): Promise<{ body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = request(url, { ca, family: 4, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ body }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end();
  });
}

const files = (dir: string) => ({
  ca: readFileSync(path.join(dir, 'tls', 'ca.pem'), 'utf8'),
  caKey: readFileSync(path.join(dir, 'tls', 'ca-key.pem'), 'utf8'),
  cert: readFileSync(path.join(dir, 'tls', 'cert.pem'), 'utf8'),
  key: readFileSync(path.join(dir, 'tls', 'key.pem'), 'utf8'),
});

describe('ensureLocalCertificates', () => {
  it('a client trusting only ca.pem connects to https://localhost and https://127.0.0.1', async () => {
    const dir = stateDir();
    const certificates = await ensureLocalCertificates(dir);
    expect(certificates.action).toBe('created');
    expect(certificates.caPath).toBe(path.join(dir, 'tls', 'ca.pem'));
    const ca = readFileSync(certificates.caPath, 'utf8');
    const { server, port } = await serve(certificates);
    try {
      expect(await get(`https://localhost:${port}/`, ca)).toEqual({ body: 'ok' });
      expect(await get(`https://127.0.0.1:${port}/`, ca)).toEqual({ body: 'ok' });
    } finally {
      await stop(server);
    }
  });

  it('a client without the CA is refused', async () => {
    const certificates = await ensureLocalCertificates(stateDir());
    const { server, port } = await serve(certificates);
    try {
      expect(await get(`https://localhost:${port}/`, undefined)).toEqual({ error: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    } finally {
      await stop(server);
    }
  });

  it('the server certificate covers localhost, 127.0.0.1 and ::1, is issued by the CA and is no CA itself', async () => {
    const certificates = await ensureLocalCertificates(stateDir());
    const cert = new X509Certificate(certificates.cert);
    const ca = new X509Certificate(certificates.ca);
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkIP('::1')).toBe('::1');
    expect(cert.checkHost('example.com')).toBeUndefined();
    expect(cert.checkIssued(ca) && cert.verify(ca.publicKey)).toBe(true);
    expect([cert.ca, ca.ca]).toEqual([false, true]);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
  });

  it('writes the private keys with mode 0600', async () => {
    const dir = stateDir();
    await ensureLocalCertificates(dir);
    expect(statSync(path.join(dir, 'tls', 'key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, 'tls', 'ca-key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, 'tls')).mode & 0o777).toBe(0o700);
  });

  it('a second call reuses every file', async () => {
    const dir = stateDir();
    const first = await ensureLocalCertificates(dir);
    const before = files(dir);
    const second = await ensureLocalCertificates(dir);
    expect(second.action).toBe('reused');
    expect(files(dir)).toEqual(before);
    expect([second.cert, second.key, second.ca]).toEqual([first.cert, first.key, first.ca]);
  });

  it('a server certificate expiring within 30 days is re-issued by the same CA', async () => {
    const dir = stateDir();
    // Issued 380 days ago, a 397-day certificate has 17 days left.
    await ensureLocalCertificates(dir, { now: new Date(Date.now() - 380 * DAY_MS) });
    const before = files(dir);
    const renewed = await ensureLocalCertificates(dir);
    expect(renewed.action).toBe('renewed-server-certificate');
    const after = files(dir);
    expect([after.ca, after.caKey]).toEqual([before.ca, before.caKey]);
    expect(after.cert).not.toBe(before.cert);
    expect(Date.parse(new X509Certificate(after.cert).validTo) - Date.now()).toBeGreaterThan(300 * DAY_MS);
  });

  it('a corrupt server certificate, or a key that does not match it, is replaced', async () => {
    const dir = stateDir();
    await ensureLocalCertificates(dir);
    writeFileSync(path.join(dir, 'tls', 'cert.pem'), '-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n');
    expect((await ensureLocalCertificates(dir)).action).toBe('renewed-server-certificate');

    const other = stateDir();
    await ensureLocalCertificates(other);
    writeFileSync(path.join(dir, 'tls', 'key.pem'), files(other).key);
    const repaired = await ensureLocalCertificates(dir);
    expect(repaired.action).toBe('renewed-server-certificate');
    const { server, port } = await serve(repaired);
    try {
      expect(await get(`https://127.0.0.1:${port}/`, repaired.ca)).toEqual({ body: 'ok' });
    } finally {
      await stop(server);
    }
  });

  it('a certificate that does not cover the hosts asked for is re-issued', async () => {
    const dir = stateDir();
    await ensureLocalCertificates(dir, { hosts: ['localhost'] });
    const widened = await ensureLocalCertificates(dir);
    expect(widened.action).toBe('renewed-server-certificate');
    expect(new X509Certificate(widened.cert).checkIP('127.0.0.1')).toBe('127.0.0.1');
  });

  it('an unusable CA replaces everything, and the new server certificate chains to the new CA', async () => {
    const dir = stateDir();
    const first = await ensureLocalCertificates(dir);
    writeFileSync(path.join(dir, 'tls', 'ca.pem'), 'not a certificate');
    const second = await ensureLocalCertificates(dir);
    expect(second.action).toBe('created');
    expect(second.ca).not.toBe(first.ca);
    expect(new X509Certificate(second.cert).checkIssued(new X509Certificate(second.ca))).toBe(true);

    // A CA expiring within 30 days is replaced too.
    const old = stateDir();
    await ensureLocalCertificates(old, { now: new Date(Date.now() - 3640 * DAY_MS) });
    expect((await ensureLocalCertificates(old)).action).toBe('created');
  });
});
