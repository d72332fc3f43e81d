/**
 * The bar above GraphiQL: the auth-mode selector, as in the AppSync console's query editor,
 * listing exactly the API's modes (the default first, and chosen on a first visit), with what the chosen mode needs: the API
 * key or the IAM credentials (prefilled with the local ones, editable to try others), a user
 * pool sign-in, an OIDC token made from claims, a Lambda authorizer's token. It lives outside
 * GraphiQL's headers editor because credentials are not plain headers here: IAM signs each
 * request over its body, and a user pool's token is refreshed as it expires.
 */
import type { ReactElement } from 'react';
import { AUTH_MODE_LABELS, type ExplorerAuthMode } from './auth-state.js';
import type { ExplorerAuth } from './explorer-auth.js';
import { useObservableValue } from './observable-value.js';
import { OidcPanel } from './oidc-panel.js';
import { UserPoolPanel } from './user-pool-panel.js';

export function AuthBar({ auth }: { auth: ExplorerAuth }): ReactElement {
  const state = useObservableValue(auth.state);
  const modes = auth.config.authModes.map((m) => m.mode);
  return (
    <header className="lx-bar">
      <div className="lx-bar-row">
        <span className="lx-title">Local AppSync</span>
        <label>
          Auth mode
          <select value={state.mode} aria-label="Auth mode" onChange={(e) => auth.update({ mode: e.currentTarget.value as ExplorerAuthMode })}>
            {modes.map((mode) => (
              <option key={mode} value={mode}>
                {AUTH_MODE_LABELS[mode]}
              </option>
            ))}
          </select>
        </label>
        {state.mode === 'API_KEY' ? (
          <label>
            API key
            <input className="lx-wide" value={state.apiKey} aria-label="API key" spellCheck={false} onChange={(e) => auth.update({ apiKey: e.currentTarget.value })} />
          </label>
        ) : null}
        {state.mode === 'AWS_IAM' ? (
          <>
            <label>
              Access key
              <input className="lx-wide" value={state.accessKeyId} aria-label="Access key ID" spellCheck={false} onChange={(e) => auth.update({ accessKeyId: e.currentTarget.value })} />
            </label>
            <label>
              Secret
              <input className="lx-wide" type="password" value={state.secretAccessKey} aria-label="Secret access key" onChange={(e) => auth.update({ secretAccessKey: e.currentTarget.value })} />
            </label>
            <span className="lx-muted">{`SigV4 · service appsync · region ${auth.config.region}`}</span>
          </>
        ) : null}
        {state.mode === 'AWS_LAMBDA' ? (
          <>
            <label>
              Authorization token
              <input
                className="lx-wide"
                value={state.lambdaToken}
                aria-label="Lambda authorization token"
                placeholder="what your authorizer expects"
                spellCheck={false}
                onChange={(e) => auth.update({ lambdaToken: e.currentTarget.value })}
              />
            </label>
            <span className="lx-muted">sent as the Authorization header; the template’s authorizer function decides</span>
          </>
        ) : null}
      </div>
      {state.mode === 'AMAZON_COGNITO_USER_POOLS' ? <UserPoolPanel auth={auth} /> : null}
      {state.mode === 'OPENID_CONNECT' ? <OidcPanel auth={auth} /> : null}
    </header>
  );
}
