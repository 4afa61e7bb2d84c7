/** The fields the careportal form can show besides the ones every event has. */
export type TreatmentField = 'glucose' | 'carbs' | 'insulin' | 'duration' | 'percent' | 'absolute' | 'targetTop' | 'targetBottom' | 'profile';

export const TREATMENT_FIELDS: readonly TreatmentField[] = ['glucose', 'carbs', 'insulin', 'duration', 'percent', 'absolute', 'targetTop', 'targetBottom', 'profile'];

/** Fields every event has. */
export type CommonField = 'notes' | 'enteredBy' | 'eventTime';

export const FIELD_LABELS: Readonly<Record<TreatmentField | CommonField, string>> = {
  glucose: 'Glucose',
  carbs: 'Carbs (g)',
  insulin: 'Insulin (U)',
  duration: 'Duration (min)',
  percent: 'Percent',
  absolute: 'Absolute (U/h)',
  targetTop: 'Target top',
  targetBottom: 'Target bottom',
  profile: 'Profile',
  notes: 'Notes',
  enteredBy: 'Entered by',
  eventTime: 'Event time',
};

export interface CareportalEventType {
  /** What the person picks. */
  name: string;
  /** The `eventType` stored, when it differs from the name (the reference's careportal maps these). */
  storedAs?: string;
  fields: readonly TreatmentField[];
  /** Fields the type always stores (a cancelled temporary target has duration 0). */
  fixed?: Readonly<Record<string, number>>;
}

const BG: TreatmentField[] = ['glucose'];

/**
 * Nightscout's careportal event types and the inputs each shows (the reference's careportal and
 * openaps plugins; protein, fat, pre-bolus and the combo split are not offered here).
 */
export const CAREPORTAL_EVENTS: readonly CareportalEventType[] = [
  { name: 'BG Check', fields: BG },
  { name: 'Snack Bolus', fields: ['glucose', 'insulin', 'carbs'] },
  { name: 'Meal Bolus', fields: ['glucose', 'insulin', 'carbs'] },
  { name: 'Correction Bolus', fields: ['glucose', 'insulin'] },
  { name: 'Carb Correction', fields: ['glucose', 'carbs'] },
  { name: 'Combo Bolus', fields: ['glucose', 'insulin', 'carbs', 'duration'] },
  { name: 'Announcement', fields: BG },
  { name: 'Note', fields: ['glucose', 'duration'] },
  { name: 'Question', fields: BG },
  { name: 'Exercise', fields: ['duration'] },
  { name: 'Site Change', fields: ['glucose', 'insulin'] },
  { name: 'Sensor Start', fields: BG },
  { name: 'Sensor Change', fields: BG },
  { name: 'Pump Battery Change', fields: BG },
  { name: 'Insulin Change', fields: BG },
  { name: 'Temp Basal Start', storedAs: 'Temp Basal', fields: ['glucose', 'duration', 'percent', 'absolute'] },
  { name: 'Temp Basal End', storedAs: 'Temp Basal', fields: ['glucose', 'duration'] },
  { name: 'Profile Switch', fields: ['glucose', 'duration', 'profile'] },
  { name: 'Temporary Target', fields: ['duration', 'targetTop', 'targetBottom'] },
  { name: 'Temporary Target Cancel', storedAs: 'Temporary Target', fields: [], fixed: { duration: 0 } },
  { name: 'OpenAPS Offline', fields: ['duration'] },
];

export type FormValues = Partial<Record<TreatmentField | CommonField, string>>;

export const careportalEvent = (name: string): CareportalEventType | undefined => CAREPORTAL_EVENTS.find((e) => e.name === name);

/**
 * The inputs the form shows for an event type and what is typed so far: a temp basal is either a
 * percentage or an absolute rate, so each hides once the other has a value (as in the reference).
 */
export function visibleFields(type: CareportalEventType, values: FormValues): TreatmentField[] {
  return type.fields.filter((field) => {
    if (field === 'percent') return !values.absolute?.trim();
    if (field === 'absolute') return !values.percent?.trim();
    return true;
  });
}

const given = (v: unknown) => v !== undefined && v !== null && v !== '';

/**
 * The type to edit a stored treatment with: temp basals and cancelled temporary targets go back to
 * the careportal type that stored them; a type the careportal does not offer (uploaders send many)
 * is edited with the fields the treatment has.
 */
export function editTypeFor(treatment: Readonly<Record<string, unknown>>): CareportalEventType {
  const stored = String(treatment.eventType ?? '');
  if (stored === 'Temp Basal') return careportalEvent(given(treatment.absolute) || given(treatment.percent) ? 'Temp Basal Start' : 'Temp Basal End')!;
  if (stored === 'Temporary Target' && Number(treatment.duration) === 0) return careportalEvent('Temporary Target Cancel')!;
  return careportalEvent(stored) ?? { name: stored || '<none>', fields: TREATMENT_FIELDS.filter((f) => given(treatment[f])) };
}
