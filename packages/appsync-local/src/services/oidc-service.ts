/**
 * Tokens for the template's OpenID Connect providers. Their issuers' real keys are out of reach
 * offline, so the local server signs tokens itself (`POST /_local/oidc/token`, oidc/) and the API
 * trusts its key for the template's issuers only.
 */
import type { Jwks } from '../auth/jwt-verification.js';
import { LocalOidc } from '../oidc/local-oidc.js';
import { createOidcHttpHandler, OIDC_MOUNT_PATH } from '../oidc/oidc-http-handler.js';
import type { LoadedStack, LocalRoute, LocalService } from './local-service.js';

export interface OidcServiceOptions {
  /** The key pair is kept under `<stateDir>/oidc/`; in memory when absent. */
  stateDir?: string;
  origin: string;
  now: () => number;
}

export class OidcService implements LocalService {
  readonly name = 'oidc';
  readonly routes: LocalRoute[];
  private oidc: LocalOidc | undefined;
  private handler: ReturnType<typeof createOidcHttpHandler> | undefined;
  private issuers: string[] = [];

  constructor(private readonly options: OidcServiceOptions) {
    this.routes = [
      {
        mountPath: OIDC_MOUNT_PATH,
        handle: (req, res, body) => {
          if (!this.handler) throw new Error('the local OIDC signer is not loaded yet');
          return this.handler(req, res, body);
        },
      },
    ];
  }

  async load(stack: LoadedStack): Promise<void> {
    this.oidc ??= await LocalOidc.open({ stateDir: this.options.stateDir, now: this.options.now });
    this.handler ??= createOidcHttpHandler(this.oidc);
    const providers = stack.definition.authProviders.flatMap((p) => (p.type === 'OPENID_CONNECT' ? [{ issuer: p.issuer, clientId: p.clientId }] : []));
    this.issuers = providers.map((p) => p.issuer);
    this.oidc.setProviders(providers);
  }

  /** A token for claims (the template's only issuer, or `issuer`); throws with the signer's message when it cannot. */
  async token(claims: Record<string, unknown>, issuer?: string): Promise<string> {
    if (!this.oidc) throw new Error('the local OIDC signer is not loaded yet');
    const result = await this.oidc.issue({ claims, ...(issuer !== undefined ? { issuer } : {}) });
    if (!result.ok) throw new Error(result.message);
    return result.token;
  }

  /** The keys trusted for an issuer: the local key, for the template's issuers only. */
  keysFor(issuer: string): Jwks | undefined {
    return this.oidc?.keysFor(issuer);
  }

  describe(): string[] {
    return this.issuers.length === 0 ? [] : [`OIDC       tokens for ${this.issuers.join(', ')}: POST ${this.options.origin}${OIDC_MOUNT_PATH}/token {"claims": {...}}`];
  }

  async stop(): Promise<void> {
    // Nothing runs in the background; the key stays on disk for the next start.
  }
}
