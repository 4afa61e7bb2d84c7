import { CAREPORTAL_EVENTS, careportalEvent, editTypeFor, visibleFields } from './event-types';

describe('careportal event types', () => {
  it('offers every Nightscout careportal event type', () => {
    expect(CAREPORTAL_EVENTS.map((e) => e.name)).toEqual([
      'BG Check', 'Snack Bolus', 'Meal Bolus', 'Correction Bolus', 'Carb Correction', 'Combo Bolus', 'Announcement', 'Note', 'Question',
      'Exercise', 'Site Change', 'Sensor Start', 'Sensor Change', 'Pump Battery Change', 'Insulin Change', 'Temp Basal Start',
      'Temp Basal End', 'Profile Switch', 'Temporary Target', 'Temporary Target Cancel', 'OpenAPS Offline',
    ]);
  });

  it.each([
    ['BG Check', ['glucose']],
    ['Meal Bolus', ['glucose', 'insulin', 'carbs']],
    ['Correction Bolus', ['glucose', 'insulin']],
    ['Carb Correction', ['glucose', 'carbs']],
    ['Combo Bolus', ['glucose', 'insulin', 'carbs', 'duration']],
    ['Note', ['glucose', 'duration']],
    ['Exercise', ['duration']],
    ['Site Change', ['glucose', 'insulin']],
    ['Temp Basal Start', ['glucose', 'duration', 'percent', 'absolute']],
    ['Temp Basal End', ['glucose', 'duration']],
    ['Profile Switch', ['glucose', 'duration', 'profile']],
    ['Temporary Target', ['duration', 'targetTop', 'targetBottom']],
    ['Temporary Target Cancel', []],
    ['OpenAPS Offline', ['duration']],
  ])('%s shows %j', (name, fields) => {
    expect(visibleFields(careportalEvent(name)!, {})).toEqual(fields);
  });

  it('shows a temp basal as a percentage or an absolute rate, whichever is being typed', () => {
    const start = careportalEvent('Temp Basal Start')!;
    expect(visibleFields(start, { percent: '-50' })).toEqual(['glucose', 'duration', 'percent']);
    expect(visibleFields(start, { absolute: '0' })).toEqual(['glucose', 'duration', 'absolute']);
    expect(visibleFields(start, { absolute: '  ' })).toContain('percent');
  });

  it('edits stored treatments with the type that stored them', () => {
    expect(editTypeFor({ eventType: 'Meal Bolus' }).name).toBe('Meal Bolus');
    expect(editTypeFor({ eventType: 'Temp Basal', absolute: 0.5, duration: 30 }).name).toBe('Temp Basal Start');
    expect(editTypeFor({ eventType: 'Temp Basal', duration: 0 }).name).toBe('Temp Basal End');
    expect(editTypeFor({ eventType: 'Temporary Target', duration: 0 }).name).toBe('Temporary Target Cancel');
    expect(editTypeFor({ eventType: 'Temporary Target', duration: 60, targetTop: 140, targetBottom: 120 }).name).toBe('Temporary Target');
  });

  it('edits a type the careportal does not offer with the fields the treatment has', () => {
    expect(editTypeFor({ eventType: 'Bolus Wizard', insulin: 2, carbs: 20, notes: 'x' })).toEqual({ name: 'Bolus Wizard', fields: ['carbs', 'insulin'] });
    expect(editTypeFor({}).name).toBe('<none>');
  });
});
