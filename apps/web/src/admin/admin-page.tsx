'use client';
import type { RoleRecord, SubjectRecord } from '@nightscout/client';
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useSession, useSignal } from '../session/hooks';
import type { Session } from '../session/session';
import { ConfirmDelete } from '../shell/form-parts';
import { describeWriteError } from '../shell/write-errors';

const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

/** `Delete`, then the question, then the deletion. */
function DeleteButton({ what, onConfirm }: { what: string; onConfirm: () => Promise<void> }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="danger" onClick={() => setAsking(true)}>
        Delete
      </button>
    );
  }
  return <ConfirmDelete question={`Delete ${what}?`} onConfirm={() => void onConfirm().finally(() => setAsking(false))} onCancel={() => setAsking(false)} />;
}

function Admin({ session }: { session: Session }) {
  const id = useId();
  const [subjects, setSubjects] = useState<SubjectRecord[]>([]);
  const [roles, setRoles] = useState<RoleRecord[]>([]);
  const [error, setError] = useState<string>();
  const [subject, setSubject] = useState({ name: '', roles: [] as string[], notes: '' });
  const [role, setRole] = useState({ name: '', permissions: '', notes: '' });
  const rest = session.client.rest;

  const load = useCallback(async () => {
    try {
      const [s, r] = await Promise.all([rest.v2.subjects.list(), rest.v2.roles.list()]);
      setSubjects(s);
      setRoles(r);
    } catch (e) {
      setError(describeWriteError(e));
    }
  }, [rest]);
  useEffect(() => {
    void load();
  }, [load]);

  /** Runs a change, then shows the lists as the server now has them; a refusal is shown, not thrown. */
  const run = (action: () => Promise<unknown>) => async (event?: FormEvent) => {
    event?.preventDefault();
    setError(undefined);
    try {
      await action();
      await load();
    } catch (e) {
      setError(describeWriteError(e));
    }
  };

  const addSubject = run(async () => {
    await rest.v2.subjects.create({ name: subject.name.trim(), roles: subject.roles, notes: subject.notes || undefined });
    setSubject({ name: '', roles: [], notes: '' });
  });
  const addRole = run(async () => {
    await rest.v2.roles.create({ name: role.name.trim(), permissions: list(role.permissions), notes: role.notes || undefined });
    setRole({ name: '', permissions: '', notes: '' });
  });

  return (
    <>
      {error && <p role="alert">{error}</p>}
      <section aria-labelledby={`${id}-subjects`}>
        <h2 id={`${id}-subjects`}>Subjects</h2>
        <ul aria-label="Subjects" className="admin-list">
          {subjects.map((s) => {
            const link = `${location.origin}/?token=${encodeURIComponent(s.accessToken)}`;
            return (
              <li key={s._id}>
                <strong>{s.name}</strong> <span className="summary">{s.roles.join(', ') || 'no roles'}</span>
                <span className="token">
                  Access token <code>{s.accessToken}</code>
                </span>
                <a href={link} aria-label={`Access link for ${s.name}`}>
                  {link}
                </a>
                <DeleteButton what={s.name} onConfirm={run(() => rest.v2.subjects.remove(s._id))} />
              </li>
            );
          })}
        </ul>
        <form onSubmit={addSubject} aria-label="Add subject" className="admin-form">
          <div className="field">
            <label htmlFor={`${id}-sname`}>Subject name</label>
            <input id={`${id}-sname`} value={subject.name} onChange={(e) => setSubject({ ...subject, name: e.target.value })} />
          </div>
          <fieldset>
            <legend>Roles</legend>
            {roles.map((r) => (
              <label key={r.name} className="check">
                <input
                  type="checkbox"
                  checked={subject.roles.includes(r.name)}
                  onChange={(e) => setSubject({ ...subject, roles: e.target.checked ? [...subject.roles, r.name] : subject.roles.filter((x) => x !== r.name) })}
                />
                {r.name}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-snotes`}>Subject notes</label>
            <input id={`${id}-snotes`} value={subject.notes} onChange={(e) => setSubject({ ...subject, notes: e.target.value })} />
          </div>
          <button type="submit" className="primary" disabled={!subject.name.trim()}>
            Add subject
          </button>
        </form>
      </section>
      <section aria-labelledby={`${id}-roles`}>
        <h2 id={`${id}-roles`}>Roles</h2>
        <ul aria-label="Roles" className="admin-list">
          {roles.map((r) => (
            <li key={r.name}>
              <strong>{r.name}</strong> <code className="summary">{r.permissions.join(', ') || 'no permissions'}</code>
              {r._id ? <DeleteButton what={r.name} onConfirm={run(() => rest.v2.roles.remove(r._id!))} /> : <span className="hint">built in</span>}
            </li>
          ))}
        </ul>
        <form onSubmit={addRole} aria-label="Add role" className="admin-form">
          <div className="field">
            <label htmlFor={`${id}-rname`}>Role name</label>
            <input id={`${id}-rname`} value={role.name} onChange={(e) => setRole({ ...role, name: e.target.value })} />
          </div>
          <div className="field wide">
            <label htmlFor={`${id}-rperm`}>Permissions (comma separated)</label>
            <input id={`${id}-rperm`} value={role.permissions} placeholder="api:treatments:read, api:entries:read" onChange={(e) => setRole({ ...role, permissions: e.target.value })} />
          </div>
          <button type="submit" className="primary" disabled={!role.name.trim()}>
            Add role
          </button>
        </form>
      </section>
    </>
  );
}

function Gate({ session }: { session: Session }) {
  const admin = useSignal(session.admin);
  return admin ? <Admin session={session} /> : <p className="notice">Administration needs admin rights: sign in with the API secret or an admin access token.</p>;
}

/** `/admin`: subjects and roles of `/api/v2/authorization`. */
export function AdminPage() {
  const session = useSession();
  return session ? <Gate session={session} /> : <p className="notice">Loading…</p>;
}
