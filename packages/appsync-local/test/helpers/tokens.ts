/**
 * Tokens for tests, made with jose as an identity provider makes them: a user pool (its own RS256
 * key pair, the JWKS a local Cognito would publish, ID and access tokens with Cognito's claims)
 * and a forger (another key with the same kid, for signatures that must not verify).
 */
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export interface TestUserPool {
  poolId: string;
  issuer: string;
  jwks: { keys: JWK[] };
  /** An ID token (`token_use: id`, client in `aud`, `cognito:username`). */
  idToken(claims?: JWTPayload, options?: TokenOptions): Promise<string>;
  /** An access token (`token_use: access`, client in `client_id`, `username`). */
  accessToken(claims?: JWTPayload, options?: TokenOptions): Promise<string>;
}

export interface TokenOptions {
  /** Epoch seconds for iat/auth_time; exp is an hour later unless the claims say otherwise. */
  issuedAt?: number;
  /** Sign with this key instead of the pool's (a forgery). */
  key?: CryptoKey;
  kid?: string;
}

export interface SigningKey {
  privateKey: CryptoKey;
  jwk: JWK;
}

export async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

export async function sign(payload: JWTPayload, key: CryptoKey, kid: string): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key);
}

/** A user pool whose tokens a test can make; `issuer` as the local Cognito would have it unless given. */
export async function testUserPool(poolId: string, clientId: string, issuer = `http://localhost:4000/_local/cognito/${poolId}`): Promise<TestUserPool> {
  const key = await signingKey(`${poolId}-key`);
  const token =
    (tokenUse: 'id' | 'access') =>
    async (claims: JWTPayload = {}, options: TokenOptions = {}) => {
      const iat = options.issuedAt ?? Math.floor(Date.now() / 1000);
      const base: JWTPayload =
        tokenUse === 'id'
          ? { sub: 'sub-1', aud: clientId, 'cognito:username': 'alice', email: 'alice@example.com', token_use: 'id', auth_time: iat }
          : { sub: 'sub-1', client_id: clientId, username: 'alice', scope: 'aws.cognito.signin.user.admin', token_use: 'access', auth_time: iat };
      return sign({ ...base, iss: issuer, iat, exp: iat + 3600, ...claims }, options.key ?? key.privateKey, options.kid ?? key.jwk.kid!);
    };
  return { poolId, issuer, jwks: { keys: [key.jwk] }, idToken: token('id'), accessToken: token('access') };
}
