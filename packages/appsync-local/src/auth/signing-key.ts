/**
 * An RS256 key the local server signs tokens with: the local Cognito's (every pool's tokens) and
 * the local OIDC signer's (tokens for the template's OPENID_CONNECT issuers). Its `kid`, the
 * key's RFC 7638 thumbprint, goes in every token header and its public half in a JWKS.
 *
 * With a file the key is generated once and kept there (mode 0600, written atomically), so tokens
 * a browser holds stay valid across restarts; the state folder may be deleted at any time, which
 * only means a new key. Without a file the key lives in memory: a fresh one, or with
 * `sharedInMemory` one per name for the whole process (an RSA key takes most of a second to
 * generate on a busy machine, and tests open many local Cognitos). Separate names keep the
 * Cognito and OIDC keys apart, so a token the OIDC signer mints never verifies as a pool's.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type CryptoKey, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
import { readFileIfExists, writeFileAtomically } from '../files/atomic-file.js';

const FILE_VERSION = 1;
const ALGORITHM = 'RS256';

export interface SigningKeyOptions {
  /** Where the key is kept, made on first use; in memory when absent. */
  file?: string;
  /** Without a file: one key per name for the process (a fresh key when absent). */
  sharedInMemory?: string;
}

/** In-memory keys by name, for the whole process. */
const inMemoryKeys = new Map<string, Promise<JWK>>();

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

  static async open(options: SigningKeyOptions = {}): Promise<SigningKey> {
    const { file, sharedInMemory } = options;
    let privateJwk: JWK;
    const saved = file ? await readFileIfExists(file) : undefined;
    if (file && saved !== undefined) {
      privateJwk = parseKeyFile(file, saved);
    } else if (file) {
      privateJwk = await generatePrivateJwk();
      await writeFileAtomically(file, `${JSON.stringify({ version: FILE_VERSION, privateJwk }, null, 2)}\n`, 0o600);
    } else if (sharedInMemory !== undefined) {
      let shared = inMemoryKeys.get(sharedInMemory);
      if (!shared) {
        shared = generatePrivateJwk();
        inMemoryKeys.set(sharedInMemory, shared);
      }
      privateJwk = await shared;
    } else {
      privateJwk = await generatePrivateJwk();
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

  /** A compact JWS of the payload as given (iat, exp and the rest are the caller's); `typ` goes in the header when given. */
  sign(payload: JWTPayload, header: { typ?: string } = {}): Promise<string> {
    return new SignJWT(payload).setProtectedHeader({ ...header, kid: this.kid, alg: ALGORITHM }).sign(this.privateKey);
  }

  /** The payload of a token this key signed, checked for signature and expiry at `now`; throws jose's errors. */
  async verify(token: string, now: Date): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.publicKey, { algorithms: [ALGORITHM], currentDate: now });
    return payload;
  }
}

/**
 * The private JWK of a key file: `{version, privateJwk}`, or a bare private JWK as the local OIDC
 * signer wrote it before it used this class (still read, so its tokens keep verifying).
 */
function parseKeyFile(file: string, text: string): JWK {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { version?: unknown; privateJwk?: JWK } & JWK;
  const jwk = record.version === FILE_VERSION ? record.privateJwk : record.version === undefined ? record : undefined;
  if (jwk?.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string' || typeof jwk.d !== 'string') {
    throw new Error(`${file} is not a signing key this version understands; delete it to make a new one (tokens signed with the old key stop verifying)`);
  }
  return jwk;
}

/** A key set no one can change (it is shared by every caller of jwks()). */
export function frozenJwks(keys: JWK[]): JSONWebKeySet {
  return Object.freeze({ keys: Object.freeze(keys.map((key) => Object.freeze({ ...key }))) as JWK[] });
}
