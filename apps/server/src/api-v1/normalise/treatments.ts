import type { DocumentFilter } from '../../storage/stored-document';
import { adoptClientId, type ClientDocument } from './client-id';
import { normaliseCreatedAt } from './created-at';

const NUMERIC_FIELDS = ['glucose', 'targetTop', 'targetBottom', 'carbs', 'insulin', 'duration', 'percent', 'absolute', 'relative', 'preBolus'];
const REMOVED_WHEN_FALSY = ['targetTop', 'targetBottom', 'carbs', 'insulin', 'percent', 'relative', 'notes', 'preBolus'];
const REMOVED_WHEN_NAN = ['absolute', 'duration'];

/** Treatment storage rules of docs/protocol/api-v1.md §6.2 (POST and PUT); the careportal posts every value as a string. */
export function normaliseTreatment(doc: ClientDocument, now: number, uuidHandling: boolean): ClientDocument {
  const treatment = normaliseCreatedAt(adoptClientId(doc, uuidHandling), now);
  // A treatment with an identifier is upserted by it without its `_id`: a match keeps its own, a new one gets a fresh one.
  if (typeof treatment.identifier === 'string' && treatment.identifier) delete treatment._id;
  for (const field of NUMERIC_FIELDS) if (field in treatment) treatment[field] = Number(treatment[field]);
  for (const field of REMOVED_WHEN_FALSY) if (field in treatment && !treatment[field]) delete treatment[field];
  for (const field of REMOVED_WHEN_NAN) if (Number.isNaN(treatment[field])) delete treatment[field];
  if ('glucose' in treatment && !treatment.glucose) {
    delete treatment.glucose;
    delete treatment.glucoseType;
    delete treatment.units;
  }
  if (treatment.eventType === 'Announcement') treatment.isAnnouncement = true;
  return treatment;
}

/**
 * What validation sees of a treatment: the careportal sends empty strings for empty numeric fields,
 * which normalisation handles as the reference does, so they are not type errors.
 */
export function blankNumbersOmitted(doc: ClientDocument): ClientDocument {
  return Object.fromEntries(Object.entries(doc).filter(([field, value]) => !(NUMERIC_FIELDS.includes(field) && value === '')));
}

/**
 * The pre-bolus split (POST only): the carbs move to a second treatment `preBolus` minutes later;
 * the first keeps `preBolus`. Returns the documents to store, in order.
 */
export function splitPreBolus(treatment: ClientDocument): ClientDocument[] {
  if (typeof treatment.preBolus !== 'number') return [treatment];
  const { carbs, ...main } = treatment;
  const at = new Date(Date.parse(main.created_at as string) + treatment.preBolus * 60_000).toISOString();
  const carbTreatment: ClientDocument = { created_at: at, utcOffset: main.utcOffset, eventType: main.eventType, carbs: carbs ?? '' };
  if (main.notes !== undefined) carbTreatment.notes = main.notes;
  return [main, carbTreatment];
}

/**
 * The document a treatment replaces: by client `identifier` (or a UUID `_id` the reference stored as
 * such), then `_id`, then AndroidAPS's `NSCLIENT_ID`, then `created_at` + `eventType` (docs/protocol/api-v1.md §6.2).
 */
export function treatmentDedup(treatment: ClientDocument, uuidHandling: boolean): DocumentFilter {
  const { identifier, _id, NSCLIENT_ID } = treatment;
  if (typeof identifier === 'string' && identifier) return uuidHandling ? { $or: [{ identifier }, { _id: identifier }] } : { identifier };
  if (_id !== undefined) return { _id };
  if (typeof NSCLIENT_ID === 'string' && NSCLIENT_ID) return { NSCLIENT_ID };
  return { created_at: treatment.created_at, eventType: treatment.eventType };
}
