'use client';
import type { LegacyDocument } from '@nightscout/protocol';
import { useId, useState, type FormEvent } from 'react';
import { unitsLabel, type Units } from '../format/glucose';
import { toLocalInput } from '../format/time';
import { FormErrors } from '../shell/form-parts';
import { buildTreatment, dtoProblems } from './build-treatment';
import { CAREPORTAL_EVENTS, FIELD_LABELS, TREATMENT_FIELDS, editTypeFor, visibleFields, type FormValues, type TreatmentField } from './event-types';

export interface TreatmentFormProps {
  title: string;
  units: Units;
  /** Names of the profiles in the profile store, for Profile Switch. */
  profiles: readonly string[];
  defaultEnteredBy?: string;
  /** When editing: the stored treatment (its type and values fill the form). */
  initial?: LegacyDocument & { mills?: number };
  /** Sends the document; resolves with the problem to show, or undefined when it was saved. */
  onSubmit: (doc: LegacyDocument) => Promise<string | undefined>;
  onCancel: () => void;
}

const NUMERIC_UNITS: Partial<Record<TreatmentField, string>> = { carbs: 'g', insulin: 'U', duration: 'min', percent: '%', absolute: 'U/h' };

function initialValues(initial: LegacyDocument | undefined, units: Units, enteredBy: string | undefined, now: number): FormValues {
  const eventTime = toLocalInput(initial?.created_at ? Date.parse(String(initial.created_at)) || now : now);
  if (!initial) return { enteredBy, eventTime };
  const values: FormValues = { eventTime, notes: initial.notes === undefined ? undefined : String(initial.notes), enteredBy: initial.enteredBy === undefined ? undefined : String(initial.enteredBy) };
  for (const field of TREATMENT_FIELDS) {
    const value = initial[field];
    if (value === undefined || value === null || value === '') continue;
    values[field] = (field === 'targetTop' || field === 'targetBottom') && units === 'mmol' ? String(Math.round((Number(value) / 18) * 10) / 10) : String(value);
  }
  return values;
}

/** The careportal form: the fields of the chosen event type, validated before anything is sent. */
export function TreatmentForm({ title, units, profiles, defaultEnteredBy, initial, onSubmit, onCancel }: TreatmentFormProps) {
  const id = useId();
  const [now] = useState(() => Date.now());
  const editType = initial ? editTypeFor(initial) : undefined;
  const types = editType && !CAREPORTAL_EVENTS.includes(editType) ? [editType, ...CAREPORTAL_EVENTS] : CAREPORTAL_EVENTS;
  const [typeName, setTypeName] = useState(editType?.name ?? 'Meal Bolus');
  const [values, setValues] = useState<FormValues>(() => initialValues(initial, units, defaultEnteredBy, now));
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const type = types.find((t) => t.name === typeName) ?? types[0];
  const initialEventTime = useState(() => values.eventTime ?? '')[0];
  const set = (field: keyof FormValues) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const built = buildTreatment(type, values, { units, now: Date.now(), original: initial ? { created_at: initial.created_at, eventTimeInput: initialEventTime } : undefined });
    const problems = built.errors.length > 0 ? built.errors : await dtoProblems(built.doc);
    setErrors(problems);
    if (problems.length > 0) return;
    setBusy(true);
    const refusal = await onSubmit(built.doc);
    setBusy(false);
    if (refusal) setErrors([refusal]);
  }

  const field = (name: TreatmentField) => {
    const inputId = `${id}-${name}`;
    if (name === 'profile') {
      return (
        <div className="field" key={name}>
          <label htmlFor={inputId}>{FIELD_LABELS.profile}</label>
          {profiles.length > 0 ? (
            <select id={inputId} value={values.profile ?? ''} onChange={set('profile')}>
              <option value="">(choose)</option>
              {profiles.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          ) : (
            <input id={inputId} value={values.profile ?? ''} onChange={set('profile')} />
          )}
        </div>
      );
    }
    const hint = name === 'glucose' || name === 'targetTop' || name === 'targetBottom' ? unitsLabel(units) : NUMERIC_UNITS[name];
    return (
      <div className="field" key={name}>
        <label htmlFor={inputId}>{FIELD_LABELS[name]}</label>
        <input id={inputId} inputMode="decimal" autoComplete="off" value={values[name] ?? ''} onChange={set(name)} aria-describedby={hint ? `${inputId}-hint` : undefined} />
        {hint && (
          <span className="hint" id={`${inputId}-hint`}>
            {hint}
          </span>
        )}
      </div>
    );
  };

  return (
    <form className="treatment-form" aria-labelledby={`${id}-title`} onSubmit={submit} noValidate>
      <h3 id={`${id}-title`}>{title}</h3>
      <div className="field">
        <label htmlFor={`${id}-type`}>Event type</label>
        <select id={`${id}-type`} value={type.name} onChange={(e) => setTypeName(e.target.value)}>
          {types.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}
            </option>
          ))}
        </select>
      </div>
      {visibleFields(type, values).map(field)}
      <div className="field wide">
        <label htmlFor={`${id}-notes`}>{FIELD_LABELS.notes}</label>
        <textarea id={`${id}-notes`} rows={2} value={values.notes ?? ''} onChange={set('notes')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-enteredBy`}>{FIELD_LABELS.enteredBy}</label>
        <input id={`${id}-enteredBy`} autoComplete="name" value={values.enteredBy ?? ''} onChange={set('enteredBy')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-eventTime`}>{FIELD_LABELS.eventTime}</label>
        <input id={`${id}-eventTime`} type="datetime-local" value={values.eventTime ?? ''} onChange={set('eventTime')} />
      </div>
      <FormErrors errors={errors} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
