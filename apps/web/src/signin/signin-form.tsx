'use client';
import { useId, useState, type FormEvent } from 'react';
import { useSession, useSignal } from '../session/hooks';
import { signIn, signOut, type Session } from '../session/session';

function Abilities({ session }: { session: Session }) {
  const identity = useSignal(session.identity);
  const flags = useSignal(session.legacy.flags);
  const admin = useSignal(session.admin);
  const canAck = useSignal(session.alarm.canAck);
  const status = useSignal(session.legacy.status);
  const who =
    identity.kind === 'secret' ? 'You are signed in with the API secret.' : identity.kind === 'token' ? `You are signed in as ${identity.name ?? 'a subject'} (access token).` : 'You are not signed in: the site’s default access applies.';
  if (status === 'refused') return <p role="status">{`${who} The server refused these credentials.`}</p>;
  if (!flags) return <p role="status">{`${who} Checking what these credentials may do…`}</p>;
  const rows: [string, boolean][] = [
    ['View glucose and treatments', flags.read],
    ['Add, edit and delete treatments', flags.write_treatment],
    ['Edit food and profiles', flags.write],
    ['Snooze alarms', canAck],
    ['Administer subjects and roles', admin],
  ];
  return (
    <section aria-labelledby="abilities-heading">
      <p role="status">{who}</p>
      <h2 id="abilities-heading">What these credentials may do</h2>
      <ul aria-labelledby="abilities-heading" className="abilities">
        {rows.map(([what, yes]) => (
          <li key={what} className={yes ? 'yes' : 'no'}>{`${what}: ${yes ? 'yes' : 'no'}`}</li>
        ))}
      </ul>
      {identity.kind !== 'none' && (
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      )}
    </section>
  );
}

function Form() {
  const id = useId();
  const [secret, setSecret] = useState('');
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (secret && token) return setProblem('Enter the API secret or an access token, not both');
    if (!secret && !token) return setProblem('Enter the API secret or an access token');
    setBusy(true);
    setProblem(undefined);
    const refusal = await signIn(secret ? { secret } : { token });
    setBusy(false);
    setProblem(refusal);
    if (!refusal) {
      setSecret('');
      setToken('');
    }
  }

  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} className="signin" noValidate>
      <h2 id={`${id}-title`}>Sign in</h2>
      <div className="field wide">
        <label htmlFor={`${id}-secret`}>API secret</label>
        <input id={`${id}-secret`} type="password" autoComplete="current-password" value={secret} onChange={(e) => setSecret(e.target.value)} aria-describedby={`${id}-secret-hint`} />
        <span className="hint" id={`${id}-secret-hint`}>
          Only its SHA-1 hash leaves this device, and the device remembers the hash.
        </span>
      </div>
      <p className="or">or</p>
      <div className="field wide">
        <label htmlFor={`${id}-token`}>Access token</label>
        <input id={`${id}-token`} autoComplete="off" autoCapitalize="none" spellCheck={false} value={token} onChange={(e) => setToken(e.target.value)} />
      </div>
      {problem && <p role="alert">{problem}</p>}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Checking…' : 'Sign in'}
      </button>
    </form>
  );
}

/** `/signin`: what the current credentials may do, and the form to change them. */
export function SignInPage() {
  const session = useSession();
  return (
    <>
      {session && <Abilities session={session} />}
      <Form />
    </>
  );
}
