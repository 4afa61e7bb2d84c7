import { blankProfile, newRecord, normaliseSchedule, profileProblems, recordUpdate, scheduleProblems, type ProfileRecord } from './profile-model';

describe('profile model', () => {
  it('accepts a blank profile and names what is wrong with a schedule', () => {
    expect(profileProblems(blankProfile('mg/dl', 'UTC'))).toEqual([]);
    expect(scheduleProblems('Basal rates', [])).toEqual(['Basal rates needs at least one block']);
    expect(scheduleProblems('Basal rates', [{ time: '01:00', value: 1 }])).toEqual(['Basal rates: the first block starts at 00:00']);
    expect(scheduleProblems('Basal rates', [{ time: '00:00', value: 1 }, { time: '00:00', value: 'x' }])).toEqual([
      'Basal rates: two blocks start at the same time',
      'Basal rates: every value is a number of at least 0',
    ]);
    expect(scheduleProblems('Basal rates', [{ time: '25:00', value: 1 }])).toEqual(['Basal rates: every start time is HH:MM']);
    expect(profileProblems({ ...blankProfile('mg/dl', 'UTC'), dia: '0' })).toEqual(['Insulin duration (h) is a number above 0']);
  });

  it('stores schedules sorted, with numbers and timeAsSeconds', () => {
    expect(normaliseSchedule([{ time: '12:30', value: '0.8' }, { time: '00:00', value: 1 }])).toEqual([
      { time: '00:00', value: 1, timeAsSeconds: 0 },
      { time: '12:30', value: 0.8, timeAsSeconds: 45000 },
    ]);
  });

  const stored: ProfileRecord = {
    _id: 'p1',
    identifier: 'p1',
    srvModified: 1,
    NSCLIENT_ID: 'aaps-1',
    defaultProfile: 'Day',
    startDate: '2026-01-01T00:00:00.000Z',
    store: { Day: { ...blankProfile('mg/dl', 'UTC'), dia: '4' } },
  };

  it('updates a record without the server’s own fields', () => {
    const update = recordUpdate(stored);
    expect(update).not.toHaveProperty('_id');
    expect(update).not.toHaveProperty('srvModified');
    expect(update).toMatchObject({ NSCLIENT_ID: 'aaps-1', defaultProfile: 'Day', store: { Day: { dia: 4 } } });
  });

  it('copies a record into a new one that dbAdd cannot mistake for the original', () => {
    const now = Date.UTC(2026, 10, 20);
    const copy = newRecord(stored, 'mg/dl', 'UTC', now);
    expect(copy.startDate).toBe(new Date(now).toISOString());
    expect(copy).not.toHaveProperty('_id');
    expect(copy).not.toHaveProperty('NSCLIENT_ID');
    expect(copy.store.Day.dia).toBe(4);
    expect(newRecord(undefined, 'mmol', 'UTC', now).store.Default.target_low).toEqual([{ time: '00:00', value: 5.5, timeAsSeconds: 0 }]);
  });
});
