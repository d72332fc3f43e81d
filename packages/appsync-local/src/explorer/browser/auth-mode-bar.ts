/**
 * The bar above GraphiQL: the auth-mode selector, as in the AppSync console's query editor, with
 * the chosen mode's credentials (prefilled with the local ones, editable to try others). It
 * lives outside GraphiQL's headers editor because credentials are not plain headers here: IAM
 * signs each request over its body.
 */
import { createElement as h, Fragment, type ReactElement } from 'react';
import { AUTH_MODE_LABELS, rememberAuthMode, type AuthMode, type AuthState } from './auth-state.js';
import { useObservableValue, type ObservableValue } from './observable-value.js';

export function AuthModeBar({ auth, region }: { auth: ObservableValue<AuthState>; region: string }): ReactElement {
  const state = useObservableValue(auth);
  const change = (patch: Partial<AuthState>) => auth.set({ ...auth.get(), ...patch });
  const chooseMode = (mode: AuthMode) => {
    rememberAuthMode(mode);
    change({ mode });
  };
  return h(
    'header',
    { className: 'lx-bar' },
    h('span', { className: 'lx-title' }, 'Local AppSync'),
    h(
      'label',
      null,
      'Auth mode',
      h(
        'select',
        { value: state.mode, 'aria-label': 'Auth mode', onChange: (e) => chooseMode((e.currentTarget as HTMLSelectElement).value as AuthMode) },
        ...(Object.keys(AUTH_MODE_LABELS) as AuthMode[]).map((mode) => h('option', { key: mode, value: mode }, AUTH_MODE_LABELS[mode])),
      ),
    ),
    state.mode === 'API_KEY'
      ? h('label', null, 'API key', h('input', { value: state.apiKey, 'aria-label': 'API key', spellCheck: false, onChange: (e) => change({ apiKey: (e.currentTarget as HTMLInputElement).value }) }))
      : h(
          Fragment,
          null,
          h(
            'label',
            null,
            'Access key',
            h('input', { value: state.accessKeyId, 'aria-label': 'Access key ID', spellCheck: false, onChange: (e) => change({ accessKeyId: (e.currentTarget as HTMLInputElement).value }) }),
          ),
          h(
            'label',
            null,
            'Secret',
            h('input', {
              type: 'password',
              value: state.secretAccessKey,
              'aria-label': 'Secret access key',
              onChange: (e) => change({ secretAccessKey: (e.currentTarget as HTMLInputElement).value }),
            }),
          ),
          h('span', { className: 'lx-muted' }, `SigV4 · service appsync · region ${region}`),
        ),
  );
}
