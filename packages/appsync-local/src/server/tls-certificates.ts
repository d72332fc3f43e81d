/**
 * The certificates `--https` serves with: a local certificate authority and a server certificate
 * it signs for localhost, 127.0.0.1 and ::1, kept under `<stateDir>/tls/`.
 *
 * Why a CA and not one self-signed certificate: a client is told to trust `ca.pem` once (the
 * Node SDK through NODE_EXTRA_CA_CERTS, a browser or the OS store), and the server certificate
 * can then be renewed, or its hosts changed, without anyone trusting anything again. So when only
 * the server certificate is unusable it is re-issued by the same CA; the CA itself is replaced
 * only when it is missing, corrupt or about to expire.
 *
 * The files are reused while they are sound: parseable, each key matching its certificate, the
 * server certificate issued by the CA and covering every host, and neither expiring within 30
 * days. Checking uses Node's own X509Certificate; only generating needs @peculiar/x509 (loaded
 * on demand, with the Reflect polyfill it requires, so a plain-HTTP start never loads either).
 * Private keys are written with mode 0600 (the folder 0700), each file through a rename so a
 * crash never leaves half a PEM behind.
 */
import { createPrivateKey, KeyObject, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import type * as X509 from '@peculiar/x509';

export interface LocalCertificates {
  /** `<stateDir>/tls/ca.pem`: the certificate clients trust. */
  caPath: string;
  certPath: string;
  keyPath: string;
  /** The CA certificate (PEM). */
  ca: string;
  /** The server certificate (PEM), issued by the CA. */
  cert: string;
  /** The server's private key (PEM, PKCS#8). */
  key: string;
  /** What this call did: reused all files, issued a new server certificate, or made a new CA too. */
  action: 'reused' | 'renewed-server-certificate' | 'created';
}

export interface LocalCertificateOptions {
  /** The names and addresses the server certificate must cover. */
  hosts?: readonly string[];
  /** The current time (tests make certificates that are about to expire). */
  now?: Date;
}

export const LOCAL_TLS_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '::1'];

/** A certificate this close to its end is replaced rather than reused. */
const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Ten years: the CA is what people trust by hand, so it should rarely change. */
const CA_VALIDITY_MS = 3650 * DAY_MS;
/** Within the 825 days Apple's platforms accept for any TLS server certificate. */
const SERVER_VALIDITY_MS = 397 * DAY_MS;
/** Tolerates a client clock slightly behind the server's. */
const BACKDATE_MS = 60 * 60 * 1000;
const SIGNING_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

const FILES = { ca: 'ca.pem', caKey: 'ca-key.pem', cert: 'cert.pem', key: 'key.pem' } as const;

interface KeyedCertificate {
  certPem: string;
  keyPem: string;
}

/** The CA and server certificate under `<stateDir>/tls/`, made or renewed as needed. */
export async function ensureLocalCertificates(stateDir: string, options: LocalCertificateOptions = {}): Promise<LocalCertificates> {
  const hosts = options.hosts ?? LOCAL_TLS_HOSTS;
  const now = options.now ?? new Date();
  const dir = path.join(stateDir, 'tls');
  const file = (name: keyof typeof FILES) => path.join(dir, FILES[name]);
  await mkdir(dir, { recursive: true, mode: 0o700 });

  const [caPem, caKeyPem, certPem, keyPem] = await Promise.all([file('ca'), file('caKey'), file('cert'), file('key')].map(readOptional));
  let ca = caPem !== undefined && caKeyPem !== undefined && usableCa(caPem, caKeyPem, now) ? { certPem: caPem, keyPem: caKeyPem } : undefined;
  let server = ca && certPem !== undefined && keyPem !== undefined && usableServerCertificate(certPem, keyPem, ca.certPem, hosts, now) ? { certPem, keyPem } : undefined;
  let action: LocalCertificates['action'] = 'reused';

  if (!ca) {
    ca = await createCertificateAuthority(now);
    await writePem(file('caKey'), ca.keyPem, 0o600);
    await writePem(file('ca'), ca.certPem, 0o644);
    server = undefined;
    action = 'created';
  }
  if (!server) {
    server = await createServerCertificate(ca, hosts, now);
    await writePem(file('key'), server.keyPem, 0o600);
    await writePem(file('cert'), server.certPem, 0o644);
    if (action === 'reused') action = 'renewed-server-certificate';
  }
  return { caPath: file('ca'), certPath: file('cert'), keyPath: file('key'), ca: ca.certPem, cert: server.certPem, key: server.keyPem, action };
}

// ---------------------------------------------------------------------------------------------
// Checking what is on disk (Node's X509Certificate; nothing here throws)

function usableCa(certPem: string, keyPem: string, now: Date): boolean {
  const cert = parseCertificate(certPem);
  const key = parseKey(keyPem);
  return !!cert && !!key && cert.ca && current(cert, now) && cert.checkPrivateKey(key) && cert.verify(cert.publicKey);
}

function usableServerCertificate(certPem: string, keyPem: string, caPem: string, hosts: readonly string[], now: Date): boolean {
  const cert = parseCertificate(certPem);
  const key = parseKey(keyPem);
  const ca = parseCertificate(caPem);
  if (!cert || !key || !ca || cert.ca || !current(cert, now) || !cert.checkPrivateKey(key)) return false;
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return false;
  return hosts.every((host) => (isIP(host) ? cert.checkIP(host) !== undefined : cert.checkHost(host, { wildcards: false }) !== undefined));
}

/** Valid now and for at least the renewal margin. */
function current(cert: X509Certificate, now: Date): boolean {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  return Number.isFinite(from) && Number.isFinite(to) && from <= now.getTime() && to - now.getTime() > RENEW_BEFORE_MS;
}

function parseCertificate(pem: string): X509Certificate | undefined {
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

function parseKey(pem: string): KeyObject | undefined {
  try {
    return createPrivateKey(pem);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Generating (@peculiar/x509 over Node's WebCrypto)

type X509Module = typeof X509;

let x509Module: Promise<X509Module> | undefined;

/** @peculiar/x509 needs a Reflect polyfill loaded before it; only generation pays for either. */
function loadX509(): Promise<X509Module> {
  x509Module ??= (async () => {
    await import('reflect-metadata');
    const x509 = await import('@peculiar/x509');
    x509.cryptoProvider.set(webcrypto as unknown as ReturnType<typeof x509.cryptoProvider.get>);
    return x509;
  })();
  return x509Module;
}

async function createCertificateAuthority(now: Date): Promise<KeyedCertificate> {
  const x509 = await loadX509();
  const keys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: 'CN=Local AppSync development CA, O=Local development only',
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + CA_VALIDITY_MS),
    signingAlgorithm: SIGNING_ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: exportPrivateKey(keys.privateKey) };
}

async function createServerCertificate(ca: KeyedCertificate, hosts: readonly string[], now: Date): Promise<KeyedCertificate> {
  const x509 = await loadX509();
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await webcrypto.subtle.importKey('pkcs8', createPrivateKey(ca.keyPem).export({ type: 'pkcs8', format: 'der' }), SIGNING_ALGORITHM, false, ['sign']);
  const keys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: `CN=${hosts.find((h) => isIP(h) === 0) ?? 'localhost'}`,
    issuer: caCert.subject,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + SERVER_VALIDITY_MS),
    signingAlgorithm: SIGNING_ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(hosts.map((host) => ({ type: isIP(host) ? 'ip' : 'dns', value: host }))),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: exportPrivateKey(keys.privateKey) };
}

function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(SIGNING_ALGORITHM, true, ['sign', 'verify']);
}

function exportPrivateKey(key: webcrypto.CryptoKey): string {
  return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }) as string;
}

/** 16 random bytes with the top bit clear: a positive serial, as RFC 5280 requires. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

// ---------------------------------------------------------------------------------------------

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Written beside the target and renamed over it; the mode is set again in case the file existed. */
async function writePem(file: string, pem: string, mode: number): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, pem, { mode });
  await chmod(temporary, mode);
  await rename(temporary, file);
}
