/**
 * The RSA key the local Cognito signs tokens with (RS256, as Cognito), with its `kid` in every
 * token header and its public half in each pool's JWKS. It is generated once and kept in
 * `<stateDir>/cognito/signing-key.json`, so tokens a browser holds stay valid across restarts;
 * without a state dir it lives in memory for the process.
 *
 * Cognito has a key pair per pool; here one key serves every pool (a token still names its pool
 * in `iss`, which verifiers check). The kid is the key's RFC 7638 thumbprint. The in-memory key
 * is made once per process (an RSA key takes most of a second to generate on a busy machine).
 */
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type CryptoKey, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
import { readFileIfExists, writeFileAtomically } from '../files/atomic-file.js';

const FILE_VERSION = 1;
const ALGORITHM = 'RS256';

/** The key of every LocalCognito without a state dir in this process. */
let inMemoryKey: Promise<JWK> | undefined;

async function generatePrivateJwk(): Promise<JWK> {
  const pair = await generateKeyPair(ALGORITHM, { modulusLength: 2048, extractable: true });
  return exportJWK(pair.privateKey);
}

export class SigningKey {
  private readonly publicJwks: JSONWebKeySet;

  private constructor(
    readonly kid: string,
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    /** The public JWK as a JWKS lists it. */
    readonly publicJwk: JWK,
  ) {
    this.publicJwks = frozenJwks([publicJwk]);
  }

  /** The key kept under `<stateDir>/cognito/`, made on first use; a fresh in-memory key without a state dir. */
  static async open(stateDir?: string): Promise<SigningKey> {
    const file = stateDir ? path.join(stateDir, 'cognito', 'signing-key.json') : undefined;
    const saved = file ? await readFileIfExists(file) : undefined;
    let privateJwk: JWK;
    if (saved !== undefined) {
      const parsed = JSON.parse(saved) as { version?: unknown; privateJwk?: JWK };
      if (parsed.version !== FILE_VERSION || parsed.privateJwk?.kty !== 'RSA') {
        throw new Error(`${file} is not a signing key this version understands; delete it to make a new one (tokens signed with the old key stop verifying)`);
      }
      privateJwk = parsed.privateJwk;
    } else if (file) {
      privateJwk = await generatePrivateJwk();
      await writeFileAtomically(file, `${JSON.stringify({ version: FILE_VERSION, privateJwk }, null, 2)}\n`, 0o600);
    } else {
      inMemoryKey ??= generatePrivateJwk();
      privateJwk = await inMemoryKey;
    }
    const { n, e } = privateJwk;
    const kid = await calculateJwkThumbprint({ kty: 'RSA', n, e });
    const publicJwk: JWK = { alg: ALGORITHM, e, kid, kty: 'RSA', n, use: 'sig' };
    const privateKey = (await importJWK({ ...privateJwk, alg: ALGORITHM }, ALGORITHM)) as CryptoKey;
    const publicKey = (await importJWK(publicJwk, ALGORITHM)) as CryptoKey;
    return new SigningKey(kid, privateKey, publicKey, publicJwk);
  }

  /**
   * The public key set: one frozen object for the key's life, so verifiers can keep what they
   * derive from it (jose's imported key set) by identity instead of comparing contents.
   */
  jwks(): JSONWebKeySet {
    return this.publicJwks;
  }

  /** A compact JWS of the payload as given (iat, exp and the rest are the caller's). */
  sign(payload: JWTPayload): Promise<string> {
    return new SignJWT(payload).setProtectedHeader({ kid: this.kid, alg: ALGORITHM }).sign(this.privateKey);
  }

  /** The payload of a token this key signed, checked for signature and expiry at `now`; throws jose's errors. */
  async verify(token: string, now: Date): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.publicKey, { algorithms: [ALGORITHM], currentDate: now });
    return payload;
  }
}

/** A key set no one can change (it is shared by every caller of jwks()). */
export function frozenJwks(keys: JWK[]): JSONWebKeySet {
  return Object.freeze({ keys: Object.freeze(keys.map((key) => Object.freeze({ ...key }))) as JWK[] });
}
