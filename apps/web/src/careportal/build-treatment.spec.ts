import { buildTreatment, dtoProblems, treatmentChanges } from './build-treatment';
import { careportalEvent } from './event-types';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const type = (name: string) => careportalEvent(name)!;
const mgdl = { units: 'mg/dl' as const, now: NOW };

describe('buildTreatment', () => {
  it('builds a Meal Bolus with numbers, units and the current time', () => {
    const { doc, errors } = buildTreatment(type('Meal Bolus'), { carbs: '45', insulin: '4,5', glucose: '', notes: ' pasta ', enteredBy: 'Mum' }, mgdl);
    expect(errors).toEqual([]);
    expect(doc).toEqual({ eventType: 'Meal Bolus', carbs: 45, insulin: 4.5, units: 'mg/dl', notes: 'pasta', enteredBy: 'Mum', created_at: new Date(NOW).toISOString() });
  });

  it('sends only the fields the type shows', () => {
    expect(buildTreatment(type('BG Check'), { glucose: '120', carbs: '30' }, mgdl).doc).not.toHaveProperty('carbs');
    expect(buildTreatment(type('Exercise'), { duration: '30', glucose: '120' }, mgdl).doc).toMatchObject({ eventType: 'Exercise', duration: 30 });
    expect(buildTreatment(type('Exercise'), { duration: '30', glucose: '120' }, mgdl).doc).not.toHaveProperty('glucose');
  });

  it('stores what the reference careportal stores for temp basals and cancelled targets', () => {
    expect(buildTreatment(type('Temp Basal Start'), { absolute: '0', duration: '30' }, mgdl).doc).toMatchObject({ eventType: 'Temp Basal', absolute: 0, duration: 30 });
    expect(buildTreatment(type('Temp Basal Start'), { percent: '-50', duration: '30' }, mgdl).doc).toMatchObject({ eventType: 'Temp Basal', percent: -50 });
    const cancel = buildTreatment(type('Temporary Target Cancel'), {}, mgdl);
    expect(cancel.errors).toEqual([]);
    expect(cancel.doc).toMatchObject({ eventType: 'Temporary Target', duration: 0 });
  });

  it('uses the event time typed, in local time', () => {
    const { doc } = buildTreatment(type('Note'), { eventTime: '2026-11-20T08:30' }, mgdl);
    expect(doc.created_at).toBe(new Date(2026, 10, 20, 8, 30).toISOString());
    expect(buildTreatment(type('Note'), { eventTime: 'yesterday' }, mgdl).errors).toEqual(['Event time is not a date and time']);
  });

  it('keeps the stored time of an edited treatment unless the event time changed', () => {
    const original = { created_at: '2026-11-20T08:30:27.123Z', eventTimeInput: '2026-11-20T08:30' };
    expect(buildTreatment(type('Note'), { eventTime: '2026-11-20T08:30' }, { ...mgdl, original }).doc.created_at).toBe('2026-11-20T08:30:27.123Z');
    expect(buildTreatment(type('Note'), { eventTime: '2026-11-20T09:00' }, { ...mgdl, original }).doc.created_at).toBe(new Date(2026, 10, 20, 9, 0).toISOString());
  });

  it('names the field of a value that is not a number or is negative', () => {
    expect(buildTreatment(type('Meal Bolus'), { carbs: 'lots', insulin: '-1' }, mgdl).errors).toEqual(['Insulin (U) cannot be negative', 'Carbs (g) must be a number']);
  });

  it('checks temporary targets as the reference does, in the display units', () => {
    const target = type('Temporary Target');
    expect(buildTreatment(target, { duration: '60', targetTop: '140' }, mgdl).errors).toEqual(['Enter both Target top and Target bottom to save a Temporary Target']);
    expect(buildTreatment(target, { duration: '60', targetTop: '400', targetBottom: '60' }, mgdl).errors).toEqual(['Temporary target high is too high', 'Temporary target low is too low']);
    expect(buildTreatment(target, { duration: '60', targetTop: '100', targetBottom: '120' }, mgdl).errors).toEqual(['The low target must be lower than the high target']);
    const mmol = buildTreatment(target, { duration: '60', targetTop: '7,5', targetBottom: '6' }, { units: 'mmol', now: NOW });
    expect(mmol.errors).toEqual([]);
    expect(mmol.doc).toMatchObject({ targetTop: 135, targetBottom: 108, units: 'mmol' });
  });
});

describe('dtoProblems', () => {
  it('validates with the protocol DTOs and speaks in the form labels', async () => {
    expect(await dtoProblems({ eventType: 'Meal Bolus', carbs: 30 })).toEqual([]);
    expect(await dtoProblems({ eventType: 'Meal Bolus', carbs: 'many' })).toEqual(['Carbs (g) must be a number']);
    expect(await dtoProblems({ eventType: 'Note', notes: 'x'.repeat(10_001) })).toEqual(['Notes must be shorter than or equal to 10000 characters']);
  });
});

describe('treatmentChanges', () => {
  const stored = { _id: 'a', mills: 1, mgdl: 150, eventType: 'Meal Bolus', carbs: '30', insulin: 3, units: 'mg/dl', notes: 'pizza', created_at: '2026-11-20T08:30:00.000Z' };

  it('sets what changed and unsets what was cleared, ignoring the runtime fields', () => {
    const edited = { eventType: 'Meal Bolus', carbs: 40, units: 'mg/dl', created_at: '2026-11-20T08:30:00.000Z' };
    expect(treatmentChanges(stored, edited)).toEqual({ set: { carbs: 40 }, unset: ['notes', 'insulin'] });
  });

  it('finds nothing to change when numbers are equal as numbers', () => {
    expect(treatmentChanges(stored, { ...stored, carbs: 30 })).toEqual({ set: {}, unset: [] });
  });

  it('never unsets the units', () => {
    expect(treatmentChanges(stored, { eventType: 'Meal Bolus', carbs: 30, insulin: 3, notes: 'pizza', created_at: stored.created_at }).unset).toEqual([]);
  });
});
