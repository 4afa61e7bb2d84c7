'use client';
import { useCallback, useEffect, useId, useState } from 'react';
import { useSession, useSignal } from '../session/hooks';
import type { Session } from '../session/session';
import { FormErrors } from '../shell/form-parts';
import { describeWriteError } from '../shell/write-errors';
import { SCHEDULES, blankProfile, newRecord, profileProblems, recordUpdate, type ProfileEntry, type ProfileRecord, type ScheduleKey, type TimeBlock } from './profile-model';

const deviceTimezone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

function Schedule({ label, unit, blocks, onChange }: { label: string; unit: string; blocks: TimeBlock[]; onChange: (blocks: TimeBlock[]) => void }) {
  const change = (i: number, patch: Partial<TimeBlock>) => onChange(blocks.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  return (
    <fieldset className="schedule">
      <legend>{`${label} (${unit})`}</legend>
      {blocks.map((block, i) => (
        <div className="block" key={i}>
          <input type="time" aria-label={`${label} block ${i + 1} starts at`} value={block.time} onChange={(e) => change(i, { time: e.target.value })} />
          <input inputMode="decimal" aria-label={`${label} block ${i + 1} value (${unit})`} value={String(block.value)} onChange={(e) => change(i, { value: e.target.value.replace(',', '.') })} />
          {blocks.length > 1 && (
            <button type="button" aria-label={`Remove ${label} block ${i + 1}`} onClick={() => onChange(blocks.filter((_, j) => j !== i))}>
              Remove
            </button>
          )}
        </div>
      ))}
      <button type="button" onClick={() => onChange([...blocks, { time: '12:00', value: blocks.at(-1)?.value ?? 0 }])}>
        {`Add ${label} block`}
      </button>
    </fieldset>
  );
}

function Editor({ session }: { session: Session }) {
  const id = useId();
  const settings = useSignal(session.settings);
  const flags = useSignal(session.legacy.flags);
  const [records, setRecords] = useState<ProfileRecord[]>();
  const [selected, setSelected] = useState(0);
  const [draft, setDraft] = useState<ProfileRecord>();
  const [profileName, setProfileName] = useState('');
  const [newName, setNewName] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState<string>();
  const canWrite = flags?.write === true;

  const load = useCallback(
    async (keep?: string) => {
      try {
        const list = (await session.client.rest.v1.list('profile', { count: 20 })) as unknown as ProfileRecord[];
        setRecords(list);
        const index = Math.max(0, keep ? list.findIndex((r) => r.startDate === keep) : 0);
        setSelected(index);
        setDraft(list[index] ? structuredClone(list[index]) : newRecord(undefined, settings.units, deviceTimezone(), Date.now()));
        setProfileName(list[index]?.defaultProfile ?? 'Default');
      } catch (error) {
        setProblems([describeWriteError(error)]);
      }
    },
    [session, settings.units],
  );
  useEffect(() => {
    void load();
  }, [load]);

  if (!records || !draft) return <p className="notice">{problems[0] ?? 'Loading profiles…'}</p>;
  const names = Object.keys(draft.store);
  const name = names.includes(profileName) ? profileName : names[0];
  const profile: ProfileEntry = draft.store[name] ?? blankProfile(settings.units, deviceTimezone());
  const units = String(profile.units ?? draft.units ?? settings.units);
  const setProfile = (patch: Partial<ProfileEntry>) => setDraft({ ...draft, store: { ...draft.store, [name]: { ...profile, ...patch } } });

  async function save(asNew: boolean) {
    if (!draft) return;
    const found = Object.entries(draft.store).flatMap(([n, p]) => profileProblems(p).map((m) => (names.length > 1 ? `${n}: ${m}` : m)));
    setProblems(found);
    setSaved(undefined);
    if (found.length > 0) return;
    try {
      if (asNew || !draft._id) {
        const record = asNew ? newRecord(draft, settings.units, deviceTimezone(), Date.now()) : draft;
        await session.legacy.dbAdd('profile', recordUpdate(record));
        await load(record.startDate);
        setSaved('Saved as a new profile record');
      } else {
        await session.legacy.dbUpdate('profile', draft._id, recordUpdate(draft));
        await load(draft.startDate);
        setSaved('Profile saved');
      }
    } catch (error) {
      setProblems([describeWriteError(error)]);
    }
  }

  return (
    <form className="profile-editor" aria-label="Profile editor" onSubmit={(e) => (e.preventDefault(), void save(false))}>
      {records.length > 1 && (
        <div className="field">
          <label htmlFor={`${id}-record`}>Profile record</label>
          <select id={`${id}-record`} value={selected} onChange={(e) => { const i = Number(e.target.value); setSelected(i); setDraft(structuredClone(records[i])); setProfileName(records[i].defaultProfile); }}>
            {records.map((r, i) => (
              <option key={r._id ?? i} value={i}>{`Valid from ${new Date(r.startDate).toLocaleString()}`}</option>
            ))}
          </select>
        </div>
      )}
      {records.length === 0 && <p className="hint">No profile stored yet: this is a new one.</p>}
      <div className="field">
        <label htmlFor={`${id}-profile`}>Profile</label>
        <select id={`${id}-profile`} value={name} onChange={(e) => setProfileName(e.target.value)}>
          {names.map((n) => (
            <option key={n} value={n}>{n === draft.defaultProfile ? `${n} (default)` : n}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-default`}>
          <input id={`${id}-default`} type="checkbox" checked={draft.defaultProfile === name} onChange={() => setDraft({ ...draft, defaultProfile: name })} /> Default profile
        </label>
      </div>
      <div className="field">
        <label htmlFor={`${id}-new`}>New profile name</label>
        <input id={`${id}-new`} value={newName} onChange={(e) => setNewName(e.target.value)} />
        <button type="button" disabled={!newName.trim() || names.includes(newName.trim())} onClick={() => { const n = newName.trim(); setDraft({ ...draft, store: { ...draft.store, [n]: structuredClone(profile) } }); setProfileName(n); setNewName(''); }}>
          Add profile
        </button>
      </div>
      <div className="field">
        <label htmlFor={`${id}-dia`}>Insulin duration (h)</label>
        <input id={`${id}-dia`} inputMode="decimal" value={String(profile.dia ?? '')} onChange={(e) => setProfile({ dia: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-tz`}>Timezone</label>
        <input id={`${id}-tz`} value={String(profile.timezone ?? '')} onChange={(e) => setProfile({ timezone: e.target.value })} />
      </div>
      {SCHEDULES.map((s) => (
        <Schedule key={s.key} label={s.label} unit={s.unit(units)} blocks={(profile[s.key] as TimeBlock[] | undefined) ?? []} onChange={(blocks) => setProfile({ [s.key as ScheduleKey]: blocks })} />
      ))}
      <FormErrors errors={problems} />
      {saved && <p role="status">{saved}</p>}
      {canWrite ? (
        <div className="actions">
          <button type="submit" className="primary">Save profile</button>
          <button type="button" onClick={() => void save(true)}>Save as new record</button>
        </div>
      ) : (
        <p className="hint">These credentials may view but not change profiles.</p>
      )}
    </form>
  );
}

/** `/profile`: the profile store, edited per time block and saved over the socket. */
export function ProfileEditor() {
  const session = useSession();
  return session ? <Editor session={session} /> : <p className="notice">Loading…</p>;
}
