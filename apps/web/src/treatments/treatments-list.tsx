'use client';
import type { LegacyDocument, TreatmentItem } from '@nightscout/protocol';
import { useState } from 'react';
import { treatmentChanges } from '../careportal/build-treatment';
import { TreatmentForm } from '../careportal/treatment-form';
import { useTreatmentFormContext } from '../careportal/use-treatment-form';
import { formatGlucose, unitsLabel, type Units } from '../format/glucose';
import { formatWhen } from '../format/time';
import { useSignal } from '../session/hooks';
import type { Session } from '../session/session';
import { ConfirmDelete, RowActions } from '../shell/form-parts';
import { useEditableRow } from '../shell/use-editable-row';

const PAGE = 30;

/** The facts of a treatment in a few words: `3 U · 30 g · 60 min · note`. */
export function treatmentSummary(t: LegacyDocument, units: Units): string {
  const parts: string[] = [];
  if (Number(t.insulin) > 0) parts.push(`${Number(t.insulin)} U`);
  if (Number(t.carbs) > 0) parts.push(`${Number(t.carbs)} g`);
  if (t.glucose !== undefined && t.glucose !== '') {
    const stored = String(t.units ?? units).startsWith('mmol') ? Number(t.glucose) * 18 : Number(t.glucose);
    parts.push(`BG ${formatGlucose(stored, units)} ${unitsLabel(units)}`);
  }
  if (t.absolute !== undefined && t.absolute !== '') parts.push(`${Number(t.absolute)} U/h`);
  else if (t.percent !== undefined && t.percent !== '') parts.push(`${Number(t.percent) > 0 ? '+' : ''}${Number(t.percent)} %`);
  if (t.targetBottom !== undefined && t.targetTop !== undefined) parts.push(`target ${formatGlucose(Number(t.targetBottom), units)}–${formatGlucose(Number(t.targetTop), units)}`);
  if (t.duration !== undefined && t.duration !== '' && Number(t.duration) > 0) parts.push(`${Number(t.duration)} min`);
  if (t.profile) parts.push(String(t.profile));
  if (t.notes) parts.push(String(t.notes));
  if (t.enteredBy) parts.push(`by ${String(t.enteredBy)}`);
  return parts.join(' · ');
}

function Row({ session, treatment, canChange }: { session: Session; treatment: TreatmentItem; canChange: boolean }) {
  const form = useTreatmentFormContext(session);
  const settings = useSignal(session.settings);
  const { mode, setMode, error, save, remove } = useEditableRow(session, 'treatments', treatment._id);
  const [now] = useState(() => Date.now());
  const name = String(treatment.eventType || 'Treatment');
  const saveEdit = (doc: LegacyDocument) => save(treatmentChanges(treatment, doc));

  return (
    <li className="treatment">
      <div className="row">
        <time dateTime={new Date(treatment.mills).toISOString()}>{formatWhen(treatment.mills, now, settings.timeFormat)}</time>
        <strong className="event">{name}</strong>
        <span className="summary">{treatmentSummary(treatment, settings.units)}</span>
        {canChange && mode === 'view' && <RowActions onEdit={() => setMode('edit')} onDelete={() => setMode('confirm')} />}
      </div>
      {mode === 'confirm' && (
        <ConfirmDelete question={`Delete ${name} of ${formatWhen(treatment.mills, now, settings.timeFormat)}?`} onConfirm={() => void remove()} onCancel={() => setMode('view')} />
      )}
      {mode === 'edit' && <TreatmentForm title={`Edit ${name}`} {...form} initial={treatment} onSubmit={saveEdit} onCancel={() => setMode('view')} />}
      {error && <p role="alert">{error}</p>}
    </li>
  );
}

/** The window's treatments, newest first; with treatment rights each can be edited or deleted. */
export function TreatmentsList({ session }: { session: Session }) {
  const data = useSignal(session.legacy.data.snapshot);
  const flags = useSignal(session.legacy.flags);
  const [shown, setShown] = useState(PAGE);
  const newestFirst = [...data.treatments].sort((a, b) => b.mills - a.mills);
  return (
    <section className="treatments" aria-labelledby="treatments-heading">
      <h2 id="treatments-heading">Treatments</h2>
      {newestFirst.length === 0 ? (
        <p className="hint">No treatments in the last two and a half days.</p>
      ) : (
        <ul aria-label="Treatments">
          {newestFirst.slice(0, shown).map((t) => (
            <Row key={t._id} session={session} treatment={t} canChange={flags?.write_treatment === true} />
          ))}
        </ul>
      )}
      {newestFirst.length > shown && (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          Show more
        </button>
      )}
    </section>
  );
}
