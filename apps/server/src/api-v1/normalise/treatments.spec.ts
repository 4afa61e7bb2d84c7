import { ObjectId } from 'mongodb';
import { blankNumbersOmitted, normaliseTreatment, splitPreBolus, treatmentDedup } from './treatments';

const NOW = Date.parse('2024-05-01T12:00:00.000Z');
const normalise = (doc: Record<string, unknown>) => normaliseTreatment(doc, NOW, true);

describe('treatment normalisation (docs/protocol/api-v1.md §6.2)', () => {
  it('re-expresses created_at in UTC and keeps the offset in utcOffset; missing or invalid → now', () => {
    expect(normalise({ created_at: '2024-05-01T14:00:00+02:00' })).toMatchObject({ created_at: '2024-05-01T12:00:00.000Z', utcOffset: 120 });
    expect(normalise({ created_at: '2024-05-01T07:30:00-04:30' })).toMatchObject({ created_at: '2024-05-01T12:00:00.000Z', utcOffset: -270 });
    expect(normalise({ created_at: 'yesterday' })).toMatchObject({ created_at: '2024-05-01T12:00:00.000Z', utcOffset: 0 });
    expect(normalise({})).toMatchObject({ created_at: '2024-05-01T12:00:00.000Z' });
  });

  it('prefers eventTime and removes it', () => {
    const t = normalise({ created_at: '2020-01-01T00:00:00Z', eventTime: '2024-05-01T10:00:00Z' });
    expect(t).toMatchObject({ created_at: '2024-05-01T10:00:00.000Z' });
    expect(t).not.toHaveProperty('eventTime');
  });

  it('coerces numbers and drops falsy or NaN fields like the reference', () => {
    const t = normalise({ carbs: '30', insulin: '0', percent: '', duration: '0', absolute: 'abc', glucose: '0', glucoseType: 'Finger', units: 'mg/dl', notes: '' });
    expect(t).toMatchObject({ carbs: 30, duration: 0 });
    for (const gone of ['insulin', 'percent', 'glucose', 'glucoseType', 'units', 'notes', 'absolute']) expect(t).not.toHaveProperty(gone);
  });

  it('lets validation ignore blank numeric fields only', () => {
    expect(blankNumbersOmitted({ carbs: '', insulin: '1', notes: '' })).toEqual({ insulin: '1', notes: '' });
  });

  it('marks announcements', () => {
    expect(normalise({ eventType: 'Announcement' })).toMatchObject({ isAnnouncement: true });
  });

  it('keeps a 24-hex _id as ObjectId and moves a UUID _id to identifier', () => {
    expect(normalise({ _id: '0123456789abcdef01234567' })._id).toEqual(new ObjectId('0123456789abcdef01234567'));
    const t = normalise({ _id: 'B1D5A4E2-0000-4000-8000-000000000000' });
    expect(t).not.toHaveProperty('_id');
    expect(t.identifier).toBe('B1D5A4E2-0000-4000-8000-000000000000');
  });

  it('splits a pre-bolus: carbs move to a second treatment preBolus minutes later', () => {
    const [main, carbs] = splitPreBolus(normalise({ eventType: 'Meal Bolus', carbs: '30', insulin: '3', preBolus: '20', notes: 'pizza' }));
    expect(main).toMatchObject({ insulin: 3, preBolus: 20 });
    expect(main).not.toHaveProperty('carbs');
    expect(carbs).toEqual({ created_at: '2024-05-01T12:20:00.000Z', utcOffset: 0, eventType: 'Meal Bolus', carbs: 30, notes: 'pizza' });
    expect(splitPreBolus(normalise({ eventType: 'Meal Bolus', carbs: 5 }))).toHaveLength(1);
  });

  it('dedups by identifier, then _id, then NSCLIENT_ID, then created_at + eventType', () => {
    expect(treatmentDedup({ identifier: 'a', NSCLIENT_ID: 'n' }, true)).toEqual({ $or: [{ identifier: 'a' }, { _id: 'a' }] });
    expect(treatmentDedup({ identifier: 'a' }, false)).toEqual({ identifier: 'a' });
    expect(treatmentDedup({ _id: 1, NSCLIENT_ID: 'n' }, true)).toEqual({ _id: 1 });
    expect(treatmentDedup({ NSCLIENT_ID: 'n', created_at: 'c' }, true)).toEqual({ NSCLIENT_ID: 'n' });
    expect(treatmentDedup({ created_at: 'c', eventType: 'Note' }, true)).toEqual({ created_at: 'c', eventType: 'Note' });
  });
});
