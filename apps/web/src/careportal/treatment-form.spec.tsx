import { renderToStaticMarkup } from 'react-dom/server';
import { TreatmentForm } from './treatment-form';

const labels = (html: string) => [...html.matchAll(/<label[^>]*>([^<]+)<\/label>/g)].map((m) => m[1]);
const render = (initial?: Record<string, unknown>, units: 'mg/dl' | 'mmol' = 'mg/dl') =>
  renderToStaticMarkup(<TreatmentForm title="Add treatment" units={units} profiles={['Day', 'Night']} initial={initial} onSubmit={async () => undefined} onCancel={() => undefined} />);
const COMMON = ['Notes', 'Entered by', 'Event time'];

describe('TreatmentForm', () => {
  it('opens as a Meal Bolus with its fields and the common ones, every input labelled', () => {
    const html = render();
    expect(labels(html)).toEqual(['Event type', 'Glucose', 'Insulin (U)', 'Carbs (g)', ...COMMON]);
    expect(html).toContain('<option value="Meal Bolus" selected="">Meal Bolus</option>');
    expect(html).toContain('mg/dL');
  });

  it.each([
    [{ eventType: 'BG Check', glucose: 5.5 }, ['Glucose']],
    [{ eventType: 'Temp Basal', percent: -20, duration: 30 }, ['Glucose', 'Duration (min)', 'Percent']],
    [{ eventType: 'Profile Switch', profile: 'Night' }, ['Glucose', 'Duration (min)', 'Profile']],
    [{ eventType: 'Temporary Target', duration: 60, targetTop: 126, targetBottom: 108 }, ['Duration (min)', 'Target top', 'Target bottom']],
    [{ eventType: 'Temporary Target', duration: 0 }, []],
  ])('edits %j with the fields of its type', (initial, fields) => {
    expect(labels(render(initial))).toEqual(['Event type', ...fields, ...COMMON]);
  });

  it('fills an edit with the stored values, targets in the display units', () => {
    const html = render({ eventType: 'Temporary Target', duration: 60, targetTop: 126, targetBottom: 108, notes: 'sport', created_at: '2026-11-20T08:30:00.000Z' }, 'mmol');
    expect(html).toContain('value="7"');
    expect(html).toContain('value="6"');
    expect(html).toContain('sport</textarea>');
    expect(html).toContain('mmol/L');
  });

  it('offers the profiles of the store for a Profile Switch', () => {
    expect(render({ eventType: 'Profile Switch' })).toContain('<option value="Night">Night</option>');
  });
});
