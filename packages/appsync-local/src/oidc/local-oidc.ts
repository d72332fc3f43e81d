/**
 * A local signer for the template's OPENID_CONNECT providers. A real issuer's keys cannot be had
 * offline (and its tokens cannot be minted at will), so the local server signs tokens with one
 * RS256 key pair of its own and trusts that key for every OIDC issuer the template names:
 *
 * - the key pair is kept under `<stateDir>/oidc/` when a state folder is given (tokens stay valid
 *   across restarts), else in memory;
 * - `issue({claims, issuer?})` signs a token with `iss` the template's issuer, `aud` its ClientId,
 *   and `iat`, `exp` (an hour later) and `auth_time` set; every claim given wins over these;
 *   `issuer` picks the provider when the template has several issuers.
 *
 * Served over HTTP by oidc-http-handler.ts.
 */
import path from 'node:path';
import type { JWTPayload } from 'jose';
import { sameIssuer, type Jwks } from '../auth/jwt-verification.js';
import { SigningKey } from '../auth/signing-key.js';

export interface OidcProviderConfig {
  issuer: string;
  /** The provider's ClientId: a client id, or a regular expression of them; null: any. */
  clientId: string | null;
}

export type IssueResult = { ok: true; token: string; claims: JWTPayload } | { ok: false; message: string };

const KEY_FILE = 'signing-key.json';
/** How long an issued token is valid unless its claims say otherwise. */
export const DEFAULT_TOKEN_LIFETIME_S = 3600;

export interface LocalOidcOptions {
  /** Where the key pair is kept (`<stateDir>/oidc/`); in memory only when absent. */
  stateDir?: string;
  /** Epoch milliseconds, for `iat`, `exp` and `auth_time`. */
  now?: () => number;
}

export class LocalOidc {
  private providers: readonly OidcProviderConfig[] = [];

  private constructor(
    private readonly key: SigningKey,
    private readonly now: () => number,
  ) {}

  static async open(options: LocalOidcOptions = {}): Promise<LocalOidc> {
    // A signer without a state folder gets a key of its own (not the local Cognito's).
    const key = await SigningKey.open(options.stateDir ? { file: path.join(options.stateDir, 'oidc', KEY_FILE) } : {});
    return new LocalOidc(key, options.now ?? Date.now);
  }

  /** The template's OIDC providers (set again on every reload). */
  setProviders(providers: readonly OidcProviderConfig[]): void {
    this.providers = providers;
  }

  /** The public keys (one): the same frozen object on every call, which verifiers cache by identity. */
  jwks(): Jwks {
    return this.key.jwks();
  }

  /** The keys trusted for an issuer: the local key, for the template's issuers only. */
  keysFor(issuer: string): Jwks | undefined {
    return this.providers.some((p) => sameIssuer(p.issuer, issuer)) ? this.jwks() : undefined;
  }

  /** A signed token for a request body `{claims, issuer?}`; a message saying what is wrong otherwise. */
  async issue(body: unknown): Promise<IssueResult> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('The body must be a JSON object: {"claims": {...}}, plus "issuer" when the API has several OIDC issuers.');
    const { claims, issuer, ...rest } = body as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) return fail(`Unknown field(s) ${unknown.map((k) => JSON.stringify(k)).join(', ')}; the body takes "claims" and "issuer".`);
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return fail('"claims" must be a JSON object of the token\'s claims, e.g. {"sub": "user-1"}.');
    if (issuer !== undefined && typeof issuer !== 'string') return fail('"issuer" must be a string, one of the template\'s OIDC issuers.');
    const given = claims as Record<string, unknown>;
    for (const name of ['iat', 'exp', 'auth_time', 'nbf']) {
      if (given[name] !== undefined && typeof given[name] !== 'number') return fail(`"claims.${name}" must be a number of seconds since the epoch.`);
    }

    const issuers = [...new Set(this.providers.map((p) => p.issuer))];
    if (issuers.length === 0) return fail('The API has no OPENID_CONNECT provider, so there is nothing to sign tokens for.');
    let provider: OidcProviderConfig | undefined;
    if (issuer !== undefined) {
      provider = this.providers.find((p) => sameIssuer(p.issuer, issuer));
      if (!provider) return fail(`${JSON.stringify(issuer)} is not an OIDC issuer of the API (issuers: ${issuers.join(', ')}).`);
    } else {
      if (issuers.length > 1) return fail(`The API has several OIDC issuers (${issuers.join(', ')}); name one with "issuer".`);
      provider = this.providers[0]!;
    }
    if (given['aud'] === undefined && provider.clientId !== null && !isLiteralClientId(provider.clientId)) {
      return fail(`The provider's ClientId ${JSON.stringify(provider.clientId)} is a regular expression; give the client id as "claims.aud".`);
    }

    const iat = Math.floor(this.now() / 1000);
    const payload: JWTPayload = {
      iss: provider.issuer,
      ...(provider.clientId !== null ? { aud: provider.clientId } : {}),
      iat,
      auth_time: iat,
      exp: iat + DEFAULT_TOKEN_LIFETIME_S,
      ...given,
    };
    const token = await this.key.sign(payload, { typ: 'JWT' });
    return { ok: true, token, claims: payload };
  }
}

function fail(message: string): IssueResult {
  return { ok: false, message };
}

/** A ClientId without regular-expression syntax is one client id, usable as `aud`. */
function isLiteralClientId(clientId: string): boolean {
  return /^[\w-]+$/.test(clientId);
}
