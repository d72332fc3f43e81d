/**
 * The token checks of AppSync's two JWT modes, with jose:
 *
 * - AMAZON_COGNITO_USER_POOLS: the RS256 signature against the pool's keys, `iss` equal to the
 *   pool's issuer, `exp`, `token_use` `id` or `access`, and the client id (`aud` of an ID token,
 *   `client_id` of an access token) against the provider's AppIdClientRegex;
 * - OPENID_CONNECT: the signature against the issuer's keys, `exp`, the client id (`aud`, or
 *   `azp` / `client_id`) against the provider's ClientId regular expression, and IatTTL /
 *   AuthTTL (milliseconds after `iat` / `auth_time`).
 *
 * Keys never come over HTTP: the caller passes a key source (the local Cognito's pools, the local
 * OIDC signer). Refusals carry AppSync's messages: "Token has expired." for a token past its
 * time, "Valid authorization header not provided." for anything else wrong with it, and
 * "Unauthorized" for an OIDC client id the provider does not accept.
 */
import type { Identity } from '@aws-appsync/utils';
import { createLocalJWKSet, decodeJwt, errors, jwtVerify, type JWK, type JWTPayload } from 'jose';
import type { AuthProviderDefinition } from '../graphql/api-definition.js';
import { matchesConfiguredPattern } from './configured-pattern.js';

export type UserPoolProvider = Extract<AuthProviderDefinition, { type: 'AMAZON_COGNITO_USER_POOLS' }>;
export type OidcProvider = Extract<AuthProviderDefinition, { type: 'OPENID_CONNECT' }>;

/** A JSON Web Key Set. */
export interface Jwks {
  keys: JWK[];
}

/** What the local Cognito knows of a pool: the issuer its tokens carry and its public keys. */
export interface UserPoolKeys {
  issuer: string;
  jwks: Jwks;
}

/** The pools the local Cognito serves, by pool id (undefined: a pool it does not know). */
export type UserPoolSource = (userPoolId: string) => UserPoolKeys | undefined;

/** The keys that sign an OIDC issuer's tokens locally (undefined: none). */
export type OidcKeySource = (issuer: string) => Jwks | undefined;

export type TokenVerdict = { ok: true; identity: Identity; groups?: readonly string[]; userPoolDefaultAction?: 'ALLOW' | 'DENY'; expiresAt: number | undefined } | { ok: false; message: string };

export const INVALID_TOKEN = 'Valid authorization header not provided.';
export const EXPIRED_TOKEN = 'Token has expired.';
/** What AppSync answered for an OIDC token of a client the provider does not accept (observed 2020). */
export const OIDC_CLIENT_REFUSED = 'Unauthorized';

/** The token's payload read without any check (to route it by `iss`), or undefined when it is no JWT. */
export function peekJwt(token: string): JWTPayload | undefined {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

/** An issuer compared as AppSync compares them: a trailing `/` does not count. */
export function sameIssuer(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/** The issuer AWS gives a pool's tokens. */
export function cognitoIssuer(provider: UserPoolProvider): string {
  return `https://cognito-idp.${provider.awsRegion}.amazonaws.com/${provider.userPoolId}`;
}

/**
 * Verifies a user pool token. `providers` are the API's user pool providers of the token's pool
 * (several when clients of one pool are told apart by AppIdClientRegex); the first whose regex
 * accepts the token's client wins.
 */
export async function verifyUserPoolToken(token: string, providers: readonly UserPoolProvider[], keys: UserPoolKeys | undefined, context: { now: number; sourceIp: string[] }): Promise<TokenVerdict> {
  if (!keys) return { ok: false, message: INVALID_TOKEN };
  const verified = await verify(token, keys.jwks, context.now, ['RS256']);
  if (!verified.ok) return verified;
  const claims = verified.claims;
  if (typeof claims.iss !== 'string' || !sameIssuer(claims.iss, keys.issuer)) return { ok: false, message: INVALID_TOKEN };
  const tokenUse = claims['token_use'];
  if (tokenUse !== 'id' && tokenUse !== 'access') return { ok: false, message: INVALID_TOKEN };
  const clientId = tokenUse === 'id' ? firstAudience(claims.aud) : claims['client_id'];
  const provider = providers.find((p) => p.appIdClientRegex === null || (typeof clientId === 'string' && matchesConfiguredPattern(p.appIdClientRegex, clientId)));
  if (!provider) return { ok: false, message: INVALID_TOKEN };
  const groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'].filter((g): g is string => typeof g === 'string') : null;
  const username = claims['cognito:username'] ?? claims['username'] ?? null;
  const identity = {
    sub: claims.sub ?? null,
    issuer: claims.iss,
    username,
    claims,
    sourceIp: context.sourceIp,
    // Only the default provider has a DefaultAction; an additional pool's identity has been seen saying DENY.
    defaultAuthStrategy: provider.defaultAction ?? 'DENY',
    groups,
  } as unknown as Identity;
  return {
    ok: true,
    identity,
    ...(groups ? { groups } : {}),
    ...(provider.defaultAction ? { userPoolDefaultAction: provider.defaultAction } : {}),
    expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : undefined,
  };
}

/**
 * Verifies an OIDC token. `providers` are the API's OIDC providers of the token's issuer (several
 * when their ClientId expressions tell clients apart); the first that accepts the token's client wins.
 */
export async function verifyOidcToken(token: string, providers: readonly OidcProvider[], jwks: Jwks | undefined, context: { now: number }): Promise<TokenVerdict> {
  if (!jwks) return { ok: false, message: INVALID_TOKEN };
  const verified = await verify(token, jwks, context.now);
  if (!verified.ok) return verified;
  const claims = verified.claims;
  const clients = [...audiences(claims.aud), claims['azp'], claims['client_id']].filter((c): c is string => typeof c === 'string');
  const provider = providers.find((p) => p.clientId === null || clients.some((c) => matchesConfiguredPattern(p.clientId!, c)));
  if (!provider) return { ok: false, message: OIDC_CLIENT_REFUSED };
  const deadlines: number[] = typeof claims.exp === 'number' ? [claims.exp * 1000] : [];
  for (const [ttl, claim] of [
    [provider.iatTtlMs, claims.iat],
    [provider.authTtlMs, claims['auth_time']],
  ] as const) {
    if (!(ttl > 0)) continue;
    // The check needs the claim: a token without it cannot show it is still fresh.
    if (typeof claim !== 'number') return { ok: false, message: INVALID_TOKEN };
    if (context.now > claim * 1000 + ttl) return { ok: false, message: EXPIRED_TOKEN };
    deadlines.push(claim * 1000 + ttl);
  }
  const identity = { sub: claims.sub ?? null, issuer: claims.iss ?? null, claims } as unknown as Identity;
  return { ok: true, identity, expiresAt: deadlines.length > 0 ? Math.min(...deadlines) : undefined };
}

/**
 * jose's key sets by the JWKS object they were made from: a key set imports each key once (an
 * RSA import costs about what the signature check does). The key sources (the local Cognito's
 * signing key, the local OIDC signer) answer one frozen JWKS object for as long as their key
 * lasts, so identity is the right key; a WeakMap lets a replaced key's set go with it.
 */
const keySets = new WeakMap<Jwks, ReturnType<typeof createLocalJWKSet>>();

function keySet(jwks: Jwks): ReturnType<typeof createLocalJWKSet> {
  let set = keySets.get(jwks);
  if (!set) {
    set = createLocalJWKSet(jwks);
    keySets.set(jwks, set);
  }
  return set;
}

/** The signature, then `exp` and `nbf` at `now` (jose checks the claims only once the signature holds). */
async function verify(token: string, jwks: Jwks, now: number, algorithms?: string[]): Promise<{ ok: true; claims: JWTPayload } | { ok: false; message: string }> {
  try {
    const { payload } = await jwtVerify(token, keySet(jwks), { currentDate: new Date(now), ...(algorithms ? { algorithms } : {}) });
    return { ok: true, claims: payload };
  } catch (err) {
    return { ok: false, message: err instanceof errors.JWTExpired ? EXPIRED_TOKEN : INVALID_TOKEN };
  }
}

function audiences(aud: unknown): unknown[] {
  return Array.isArray(aud) ? aud : [aud];
}

function firstAudience(aud: unknown): unknown {
  return audiences(aud)[0];
}
