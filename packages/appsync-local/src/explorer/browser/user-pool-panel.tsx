/**
 * The user pools mode's part of the bar: who is signed in (username and `cognito:groups`), and
 * the ways in: sign up, confirm with the code (fetched from the local Cognito's code listing,
 * since nothing is emailed locally), sign in with a password (Amplify's SRP), a new password for
 * a user created with a temporary one, and the local-only quick sign-in as any user, in any of
 * the pool's groups. The work is user-pool-session.ts's; this only asks and shows.
 */
import { useState, type ChangeEvent, type FormEvent, type InputHTMLAttributes, type ReactElement, type ReactNode } from 'react';
import type { ExplorerUserPool } from '../explorer-config.js';
import { modeConfig } from './auth-state.js';
import type { ExplorerAuth } from './explorer-auth.js';
import { useObservableValue } from './observable-value.js';
import type { SignedInUser, SignInOutcome } from './user-pool-session.js';

type View = 'sign-in' | 'sign-up' | 'confirm' | 'new-password' | 'quick';

const TABS: { view: View; label: string }[] = [
  { view: 'sign-in', label: 'Sign in' },
  { view: 'sign-up', label: 'Sign up' },
  { view: 'confirm', label: 'Confirm code' },
  { view: 'quick', label: 'Quick sign-in' },
];

interface Status {
  busy?: string;
  error?: string;
  notice?: string;
}

interface Fields {
  username: string;
  email: string;
  password: string;
  code: string;
  newPassword: string;
}

export function UserPoolPanel({ auth }: { auth: ExplorerAuth }): ReactElement {
  useObservableValue(auth.state);
  const user = useObservableValue(auth.userPool.user);
  const pools = modeConfig(auth.config, 'AMAZON_COGNITO_USER_POOLS')?.userPools ?? [];
  const pool = auth.chosenPool();
  const [view, setView] = useState<View>('sign-in');
  const [fields, setFields] = useState<Fields>({ username: '', email: '', password: '', code: '', newPassword: '' });
  const [status, setStatus] = useState<Status>({});
  const field = (name: keyof Fields) => ({ value: fields[name], onChange: (e: ChangeEvent<HTMLInputElement>) => setFields({ ...fields, [name]: e.currentTarget.value }) });

  /** Runs one step, showing that it runs, then its notice or its error (Amplify's and Cognito's messages are meant for people). */
  const run = async (busy: string, step: () => Promise<string | undefined>) => {
    setStatus({ busy });
    try {
      const notice = await step();
      setStatus(notice ? { notice } : {});
    } catch (err) {
      setStatus({ error: describe(err) });
    }
  };
  const afterSignIn = (outcome: SignInOutcome): string | undefined => {
    if (outcome === 'confirm-sign-up') {
      setView('confirm');
      return 'The user is not confirmed yet: confirm with the code first.';
    }
    if (outcome === 'new-password') {
      setView('new-password');
      return 'The user has a temporary password: choose a new one.';
    }
    setView('sign-in');
    return undefined;
  };

  if (!pool) return <div className="lx-bar-row lx-muted">The API names no user pool.</div>;
  const canUseAmplify = pool.clientId !== undefined;
  return (
    <div className="lx-bar-row" data-testid="user-pool-panel">
      {pools.length > 1 ? (
        <label>
          User pool
          <select value={pool.poolId} aria-label="User pool" onChange={(e) => void run('Switching pools…', async () => void (await auth.choosePool(e.currentTarget.value)))}>
            {pools.map((p) => (
              <option key={p.poolId} value={p.poolId}>
                {p.name ?? p.poolId}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <span className="lx-muted" title={`pool ${pool.poolId}${pool.clientId ? `, app client ${pool.clientId}` : ''}, endpoint ${pool.endpoint}`}>
        {`${pool.name ?? pool.poolId}${pool.clientName ? ` · client ${pool.clientName}` : ''}`}
      </span>
      {pool.problem ? <span className="lx-warning">{pool.problem}</span> : null}
      {user ? (
        <SignedIn user={user} onSignOut={() => void run('Signing out…', async () => void (await auth.userPool.signOut()))} />
      ) : (
        <>
          <span role="tablist" className="lx-tabs" aria-label="User pool sign-in">
            {TABS.map((tab) => (
              <button key={tab.view} type="button" role="tab" aria-selected={view === tab.view || (tab.view === 'sign-in' && view === 'new-password')} onClick={() => setView(tab.view)}>
                {tab.label}
              </button>
            ))}
          </span>
          {view === 'sign-in' ? (
            <Form disabled={!canUseAmplify} onSubmit={() => run('Signing in (SRP)…', async () => afterSignIn(await auth.userPool.signIn(fields.username, fields.password)))} submit="Sign in">
              <Input label="Username" autoComplete="username" {...field('username')} />
              <Input label="Password" type="password" autoComplete="current-password" {...field('password')} />
            </Form>
          ) : null}
          {view === 'new-password' ? (
            <Form disabled={!canUseAmplify} onSubmit={() => run('Setting the password…', async () => afterSignIn(await auth.userPool.setNewPassword(fields.newPassword)))} submit="Set password">
              <Input label="New password" type="password" autoComplete="new-password" {...field('newPassword')} />
            </Form>
          ) : null}
          {view === 'sign-up' ? (
            <Form
              disabled={!canUseAmplify}
              onSubmit={() =>
                run('Signing up…', async () => {
                  const needsCode = await auth.userPool.signUp(fields.username, fields.email, fields.password);
                  setView(needsCode ? 'confirm' : 'sign-in');
                  return needsCode
                    ? 'Signed up. Cognito would send a code; locally nothing is sent, the server lists it at /_local/cognito/codes: fetch it.'
                    : 'Signed up, and confirmed by the pool: sign in.';
                })
              }
              submit="Sign up"
            >
              <Input label="Username" autoComplete="username" {...field('username')} />
              <Input label="Email" type="email" autoComplete="email" {...field('email')} />
              <Input label="Password" type="password" autoComplete="new-password" {...field('password')} />
            </Form>
          ) : null}
          {view === 'confirm' ? (
            <Form
              disabled={!canUseAmplify}
              onSubmit={() =>
                run('Confirming…', async () => {
                  await auth.userPool.confirm(fields.username, fields.code);
                  setView('sign-in');
                  return 'Confirmed: sign in.';
                })
              }
              submit="Confirm"
            >
              <Input label="Username" autoComplete="username" {...field('username')} />
              <Input label="Confirmation code" inputMode="numeric" autoComplete="one-time-code" {...field('code')} />
              <button
                type="button"
                title="Nothing is emailed locally: the server lists the codes it issued at /_local/cognito/codes"
                disabled={!fields.username}
                onClick={() =>
                  void run('Fetching the code…', async () => {
                    const code = await auth.userPool.latestCode(fields.username);
                    if (!code) throw new Error(`No sign-up code was issued to ${fields.username} (resend one).`);
                    setFields((f) => ({ ...f, code }));
                    return 'The code, from /_local/cognito/codes.';
                  })
                }
              >
                Fetch the code
              </button>
              <button type="button" disabled={!fields.username} onClick={() => void run('Sending a new code…', async () => void (await auth.userPool.resendCode(fields.username)))}>
                Resend
              </button>
            </Form>
          ) : null}
          {view === 'quick' ? (
            <QuickSignIn pool={pool} onSignIn={(username, groups) => run(`Signing in as ${username}…`, async () => void (await auth.userPool.quickSignIn(username, groups)))} />
          ) : null}
        </>
      )}
      {status.busy ? <span role="status">{status.busy}</span> : null}
      {status.notice ? <span role="status">{status.notice}</span> : null}
      {status.error ? (
        <span role="alert" className="lx-error">
          {status.error}
        </span>
      ) : null}
    </div>
  );
}

function SignedIn({ user, onSignOut }: { user: SignedInUser; onSignOut: () => void }): ReactElement {
  return (
    <span className="lx-user" data-testid="user-pool-user">
      Signed in as <strong data-testid="user-pool-username">{user.username}</strong>
      {' · '}
      <span data-testid="user-pool-groups">{user.groups.length > 0 ? `groups: ${user.groups.join(', ')}` : 'in no group'}</span>
      <span className="lx-muted">{` · ${user.via === 'amplify' ? 'Amplify sign-in' : 'local quick sign-in'} · token until ${new Date(user.expiresAt).toLocaleTimeString()}`}</span>
      <button type="button" onClick={onSignOut}>
        Sign out
      </button>
    </span>
  );
}

/** Local only: a user by name, created when missing, in exactly the groups ticked; no password. */
function QuickSignIn({ pool, onSignIn }: { pool: ExplorerUserPool; onSignIn: (username: string, groups: string[]) => Promise<void> }): ReactElement {
  const [username, setUsername] = useState('user-1');
  const [groups, setGroups] = useState<string[]>([]);
  const toggle = (group: string, on: boolean) => setGroups(on ? [...groups, group] : groups.filter((g) => g !== group));
  return (
    <Form
      disabled={!pool.clientId || !username}
      onSubmit={() =>
        onSignIn(
          username,
          pool.groups.filter((g) => groups.includes(g)),
        )
      }
      submit={`Sign in as ${username || '…'}${groups.length > 0 ? ` [${groups.join(', ')}]` : ''}`}
    >
      <Input label="Quick sign-in username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} />
      {pool.groups.map((group) => (
        <label key={group} className="lx-check">
          <input type="checkbox" checked={groups.includes(group)} aria-label={`Group ${group}`} onChange={(e) => toggle(group, e.currentTarget.checked)} />
          {group}
        </label>
      ))}
      <span className="lx-muted">local only: no password; the user is created if missing and put in exactly these groups</span>
    </Form>
  );
}

function Form({ children, submit, disabled = false, onSubmit }: { children: ReactNode; submit: string; disabled?: boolean; onSubmit: () => Promise<void> }): ReactElement {
  const submitted = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void onSubmit();
  };
  return (
    <form className="lx-form" onSubmit={submitted}>
      {children}
      <button type="submit" disabled={disabled}>
        {submit}
      </button>
    </form>
  );
}

function Input({ label, ...props }: { label: string } & InputHTMLAttributes<HTMLInputElement>): ReactElement {
  return <input aria-label={label} placeholder={label.toLowerCase()} spellCheck={false} {...props} />;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}
