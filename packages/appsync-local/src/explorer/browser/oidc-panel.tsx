/**
 * The OpenID Connect mode's part of the bar: a claims editor (JSON) and a token made from it by
 * the local OIDC signer (`POST /_local/oidc/token`), which the API trusts for the template's
 * issuers only; requests send the token in `Authorization`. The token's claims are shown as the
 * API will read them (the signer adds `iss`, `aud`, `iat`, `exp` unless the claims set them).
 */
import { decodeJWT } from '@aws-amplify/core';
import { useState, type ReactElement } from 'react';
import { modeConfig, safely, type OidcState } from './auth-state.js';
import type { ExplorerAuth } from './explorer-auth.js';
import { JsonBlock } from './json-block.js';
import { useObservableValue } from './observable-value.js';

export function OidcPanel({ auth }: { auth: ExplorerAuth }): ReactElement {
  const { oidc } = useObservableValue(auth.state);
  const issuers = modeConfig(auth.config, 'OPENID_CONNECT')?.issuers ?? [];
  const issuer = issuers.find((i) => i.issuer === oidc.issuer) ?? issuers[0];
  const [status, setStatus] = useState<{ busy?: boolean; error?: string }>({});
  const change = (patch: Partial<OidcState>) => auth.update({ oidc: { ...auth.state.get().oidc, ...patch } });
  const claims = oidc.token ? safely(() => decodeJWT(oidc.token!).payload) : undefined;

  const makeToken = async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(oidc.claims);
    } catch (err) {
      return setStatus({ error: `The claims are not JSON: ${(err as Error).message}` });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return setStatus({ error: 'The claims must be a JSON object, such as {"sub": "user-1"}.' });
    setStatus({ busy: true });
    try {
      const response = await fetch(`${auth.config.localPrefix}/oidc/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ claims: parsed, ...(issuer ? { issuer: issuer.issuer } : {}) }),
      });
      const body = (await response.json()) as { token?: string; error?: { message?: string } };
      if (!response.ok || !body.token) throw new Error(body.error?.message ?? `POST /_local/oidc/token: HTTP ${response.status}`);
      change({ token: body.token });
      setStatus({});
    } catch (err) {
      setStatus({ error: (err as Error).message });
    }
  };

  return (
    <div className="lx-bar-row" data-testid="oidc-panel">
      {issuers.length > 1 ? (
        <label>
          Issuer
          <select value={issuer?.issuer} aria-label="OIDC issuer" onChange={(e) => change({ issuer: e.currentTarget.value, token: null })}>
            {issuers.map((i) => (
              <option key={i.issuer} value={i.issuer}>
                {i.issuer}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <span className="lx-muted">{`issuer ${issuer?.issuer ?? '(none)'}${issuer?.clientId ? ` · client ${issuer.clientId}` : ''}`}</span>
      )}
      <label className="lx-claims">
        Claims
        <textarea value={oidc.claims} aria-label="OIDC claims" rows={3} spellCheck={false} onChange={(e) => change({ claims: e.currentTarget.value })} />
      </label>
      <button type="button" disabled={status.busy} onClick={() => void makeToken()}>
        Get a token
      </button>
      {claims ? (
        <span className="lx-user" data-testid="oidc-token">
          {`Token for ${String(claims.sub ?? '(no sub)')}, until ${claims.exp ? new Date(claims.exp * 1000).toLocaleTimeString() : '(no exp)'}`}
          <JsonBlock label="token claims" value={claims} testId="oidc-token-claims" />
        </span>
      ) : (
        <span className="lx-muted">no token yet: requests go without one</span>
      )}
      {status.error ? (
        <span role="alert" className="lx-error">
          {status.error}
        </span>
      ) : null}
    </div>
  );
}
