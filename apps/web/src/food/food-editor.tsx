'use client';
import type { FoodItem } from '@nightscout/client';
import type { LegacyDocument } from '@nightscout/protocol';
import { useId, useState, type FormEvent } from 'react';
import { useSession, useSignal } from '../session/hooks';
import type { Session } from '../session/session';
import { ConfirmDelete, FormErrors, RowActions } from '../shell/form-parts';
import { useEditableRow } from '../shell/use-editable-row';
import { describeWriteError } from '../shell/write-errors';

const UNITS = ['g', 'ml', 'pcs', 'oz'] as const;
const FIELDS = [
  { key: 'name', label: 'Name' },
  { key: 'category', label: 'Category' },
  { key: 'subcategory', label: 'Subcategory' },
  { key: 'portion', label: 'Portion', numeric: true },
  { key: 'carbs', label: 'Carbs (g)', numeric: true },
] as const;
type Values = Partial<Record<(typeof FIELDS)[number]['key'] | 'unit', string>>;

/** The food document for what was typed, and what is wrong with it. */
export function buildFood(values: Values): { doc: LegacyDocument; errors: string[] } {
  const doc: LegacyDocument = { type: 'food', unit: values.unit || 'g' };
  const errors: string[] = [];
  for (const field of FIELDS) {
    const raw = values[field.key]?.trim() ?? '';
    if (!raw) continue;
    if (!('numeric' in field)) doc[field.key] = raw;
    else if (Number.isFinite(Number(raw.replace(',', '.'))) && Number(raw.replace(',', '.')) >= 0) doc[field.key] = Number(raw.replace(',', '.'));
    else errors.push(`${field.label} must be a number of at least 0`);
  }
  if (!doc.name) errors.push('Name is required');
  return { doc, errors };
}

function FoodForm({ initial, onSubmit, onCancel, title }: { title: string; initial?: FoodItem; onSubmit: (doc: LegacyDocument) => Promise<string | undefined>; onCancel?: () => void }) {
  const id = useId();
  const [values, setValues] = useState<Values>(() => Object.fromEntries(['name', 'category', 'subcategory', 'portion', 'carbs', 'unit'].map((k) => [k, initial?.[k] === undefined ? '' : String(initial[k])])));
  const [errors, setErrors] = useState<string[]>([]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const built = buildFood(values);
    let problems = built.errors;
    if (problems.length === 0) {
      const { validateDocument } = await import('@nightscout/protocol');
      problems = validateDocument('food', built.doc);
    }
    setErrors(problems);
    if (problems.length > 0) return;
    const refusal = await onSubmit(built.doc);
    if (refusal) setErrors([refusal]);
    else if (!initial) setValues({});
  }

  return (
    <form className="food-form" aria-labelledby={`${id}-title`} onSubmit={submit} noValidate>
      <h3 id={`${id}-title`}>{title}</h3>
      {FIELDS.map((f) => (
        <div className="field" key={f.key}>
          <label htmlFor={`${id}-${f.key}`}>{f.label}</label>
          <input id={`${id}-${f.key}`} inputMode={'numeric' in f ? 'decimal' : undefined} value={values[f.key] ?? ''} onChange={(e) => setValues({ ...values, [f.key]: e.target.value })} />
        </div>
      ))}
      <div className="field">
        <label htmlFor={`${id}-unit`}>Unit</label>
        <select id={`${id}-unit`} value={values.unit || 'g'} onChange={(e) => setValues({ ...values, unit: e.target.value })}>
          {UNITS.map((u) => (
            <option key={u}>{u}</option>
          ))}
        </select>
      </div>
      <FormErrors errors={errors} />
      <div className="actions">
        <button type="submit" className="primary">
          {initial ? 'Save' : 'Add food'}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function FoodRow({ session, food, canWrite }: { session: Session; food: FoodItem; canWrite: boolean }) {
  const { mode, setMode, error, save, remove } = useEditableRow(session, 'food', food._id);
  const name = String(food.name ?? '(no name)');
  const saveEdit = (doc: LegacyDocument) =>
    save({
      set: Object.fromEntries(Object.entries(doc).filter(([k, v]) => String(food[k] ?? '') !== String(v))),
      unset: ['category', 'subcategory', 'portion', 'carbs'].filter((k) => food[k] !== undefined && food[k] !== '' && !(k in doc)),
    });

  return (
    <li className="food">
      <div className="row">
        <strong>{name}</strong>
        <span className="summary">{[food.category, food.subcategory, food.portion !== undefined ? `${String(food.portion)} ${String(food.unit ?? '')}` : undefined, food.carbs !== undefined ? `${String(food.carbs)} g carbs` : undefined].filter(Boolean).join(' · ')}</span>
        {canWrite && mode === 'view' && <RowActions onEdit={() => setMode('edit')} onDelete={() => setMode('confirm')} />}
      </div>
      {mode === 'confirm' && (
        <ConfirmDelete question={`Delete ${name}?`} onConfirm={() => void remove()} onCancel={() => setMode('view')} />
      )}
      {mode === 'edit' && <FoodForm title={`Edit ${name}`} initial={food} onSubmit={saveEdit} onCancel={() => setMode('view')} />}
      {error && <p role="alert">{error}</p>}
    </li>
  );
}

function Editor({ session }: { session: Session }) {
  const data = useSignal(session.legacy.data.snapshot);
  const flags = useSignal(session.legacy.flags);
  const canWrite = flags?.write === true;
  const foods = data.food.filter((f) => f.type !== 'quickpick').sort((a, b) => String(a.name ?? '').localeCompare(String(b.name ?? '')));

  async function add(doc: LegacyDocument) {
    try {
      await session.legacy.dbAdd('food', doc);
      return undefined;
    } catch (e) {
      return describeWriteError(e);
    }
  }

  return (
    <>
      <h2 id="food-heading">Food</h2>
      {foods.length === 0 ? <p className="hint">No food stored yet.</p> : (
        <ul aria-labelledby="food-heading">
          {foods.map((f) => <FoodRow key={f._id} session={session} food={f} canWrite={canWrite} />)}
        </ul>
      )}
      {canWrite ? <FoodForm title="Add food" onSubmit={add} /> : <p className="hint">These credentials may view but not change food.</p>}
    </>
  );
}

/** `/food`: the food database, listed, added, edited and deleted over the socket. */
export function FoodEditor() {
  const session = useSession();
  return session ? <Editor session={session} /> : <p className="notice">Loading…</p>;
}
