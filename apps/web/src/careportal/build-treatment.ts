import type { LegacyDocument } from '@nightscout/protocol';
import { MGDL_PER_MMOL, type Units } from '../format/glucose';
import { fromLocalInput } from '../format/time';
import { FIELD_LABELS, TREATMENT_FIELDS, visibleFields, type CareportalEventType, type FormValues, type TreatmentField } from './event-types';

/** The reference's bounds for a temporary target: 4 to 18 mmol/l. */
const TARGET_MIN_MGDL = 4 * MGDL_PER_MMOL;
const TARGET_MAX_MGDL = 18 * MGDL_PER_MMOL;
/** Fields that may not be below zero (a temp basal's percent may: -50 halves the rate). */
const NON_NEGATIVE: readonly TreatmentField[] = ['glucose', 'carbs', 'insulin', 'duration', 'absolute', 'targetTop', 'targetBottom'];

export interface BuildContext {
  units: Units;
  now: number;
  /** When editing: the stored time, kept unless the person changed the event time. */
  original?: { created_at?: unknown; eventTimeInput: string };
}

export interface BuiltTreatment {
  doc: LegacyDocument;
  /** What is wrong with the input, in the form's words; empty when the document may be sent. */
  errors: string[];
}

/** A number typed with a decimal point or comma, or NaN. */
const parseNumber = (raw: string): number => (/^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/.test(raw) ? Number(raw.replace(',', '.')) : NaN);

/**
 * The treatment document the careportal sends for an event type and what was typed: only the
 * fields the type shows, numbers as numbers, targets in mg/dl, `units` and `created_at` always (as
 * the reference's careportal), then the reference's temporary-target rules.
 */
export function buildTreatment(type: CareportalEventType, values: FormValues, ctx: BuildContext): BuiltTreatment {
  const errors: string[] = [];
  const doc: LegacyDocument = { eventType: type.storedAs ?? type.name };
  for (const field of visibleFields(type, values)) {
    const raw = values[field]?.trim() ?? '';
    if (!raw) continue;
    if (field === 'profile') {
      doc.profile = raw;
      continue;
    }
    const value = parseNumber(raw);
    if (Number.isNaN(value)) errors.push(`${FIELD_LABELS[field]} must be a number`);
    else if (value < 0 && NON_NEGATIVE.includes(field)) errors.push(`${FIELD_LABELS[field]} cannot be negative`);
    else doc[field] = (field === 'targetTop' || field === 'targetBottom') && ctx.units === 'mmol' ? Math.round(value * MGDL_PER_MMOL) : value;
  }
  Object.assign(doc, type.fixed);
  doc.units = ctx.units;
  for (const field of ['notes', 'enteredBy'] as const) {
    const text = values[field]?.trim();
    if (text) doc[field] = text;
  }
  const eventTime = values.eventTime?.trim() ?? '';
  if (ctx.original && eventTime === ctx.original.eventTimeInput && ctx.original.created_at !== undefined) {
    doc.created_at = ctx.original.created_at;
  } else {
    const mills = eventTime ? fromLocalInput(eventTime) : ctx.now;
    if (mills === undefined) errors.push(`${FIELD_LABELS.eventTime} is not a date and time`);
    else doc.created_at = new Date(mills).toISOString();
  }
  if (type.fields.includes('targetTop')) errors.push(...targetProblems(doc));
  return { doc, errors };
}

/** The reference careportal's checks of a temporary target (not of its cancellation). */
function targetProblems(doc: LegacyDocument): string[] {
  if (doc.duration === 0) return [];
  const top = doc.targetTop as number | undefined;
  const bottom = doc.targetBottom as number | undefined;
  if (top === undefined || bottom === undefined || top === 0 || bottom === 0) {
    return ['Enter both Target top and Target bottom to save a Temporary Target'];
  }
  const problems: string[] = [];
  if (top > TARGET_MAX_MGDL) problems.push('Temporary target high is too high');
  if (bottom < TARGET_MIN_MGDL) problems.push('Temporary target low is too low');
  if (top < bottom) problems.push('The low target must be lower than the high target');
  return problems;
}

/** Fields an edit may set or clear: everything the careportal form manages. */
export const EDITABLE_FIELDS: readonly string[] = ['eventType', 'created_at', 'units', 'notes', 'enteredBy', ...TREATMENT_FIELDS];

const same = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (a === undefined || a === null || b === undefined || b === null) return false;
  const [x, y] = [Number(a), Number(b)];
  return typeof a !== 'boolean' && typeof b !== 'boolean' && String(a).trim() !== '' && Number.isFinite(x) && x === y;
};

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

/**
 * What an edit changes: fields whose value differs go out with `dbUpdate`, fields the form
 * emptied with `dbUpdateUnset`. `units` is never removed (it says how to read the glucose).
 */
export function treatmentChanges(original: LegacyDocument, edited: LegacyDocument): { set: LegacyDocument; unset: string[] } {
  const set: LegacyDocument = {};
  const unset: string[] = [];
  for (const field of EDITABLE_FIELDS) {
    if (present(edited[field])) {
      if (!same(original[field], edited[field])) set[field] = edited[field];
    } else if (present(original[field]) && field !== 'units') {
      unset.push(field);
    }
  }
  return { set, unset };
}

/**
 * The protocol's validation of a treatment document (class-validator DTOs), with the form's labels
 * in the messages. Loaded on first use so the live view's script stays small.
 */
export async function dtoProblems(doc: LegacyDocument): Promise<string[]> {
  const { validateDocument } = await import('@nightscout/protocol');
  return validateDocument('treatments', doc).map((message) => {
    const field = message.split(' ')[0];
    return Object.hasOwn(FIELD_LABELS, field) ? FIELD_LABELS[field as TreatmentField] + message.slice(field.length) : message;
  });
}
