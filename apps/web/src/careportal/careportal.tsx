'use client';
import type { LegacyDocument } from '@nightscout/protocol';
import { useState } from 'react';
import { useSignal } from '../session/hooks';
import type { Session } from '../session/session';
import { describeWriteError } from '../shell/write-errors';
import { rememberEnteredBy } from './entered-by';
import { TreatmentForm } from './treatment-form';
import { useTreatmentFormContext } from './use-treatment-form';

/** `Add treatment`: the careportal form, saved with `dbAdd`; the stored document shows at once. */
export function Careportal({ session }: { session: Session }) {
  const flags = useSignal(session.legacy.flags);
  const form = useTreatmentFormContext(session);
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<string>();
  const allowed = flags?.write_treatment === true;

  async function save(doc: LegacyDocument): Promise<string | undefined> {
    try {
      const [stored] = await session.legacy.dbAdd('treatments', doc);
      rememberEnteredBy(doc.enteredBy);
      setOpen(false);
      setSaved(`Saved ${String(stored?.eventType ?? doc.eventType)}`);
      return undefined;
    } catch (error) {
      return describeWriteError(error);
    }
  }

  return (
    <section className="careportal">
      <button
        type="button"
        className="primary"
        disabled={!allowed}
        aria-expanded={open}
        onClick={() => {
          setSaved(undefined);
          setOpen(!open);
        }}
      >
        Add treatment
      </button>
      {!allowed && flags && <p className="hint">These credentials may view but not add treatments. Sign in with more rights to add one.</p>}
      {saved && !open && <p className="saved" role="status">{saved}</p>}
      {open && <TreatmentForm title="Add treatment" {...form} onSubmit={save} onCancel={() => setOpen(false)} />}
    </section>
  );
}
