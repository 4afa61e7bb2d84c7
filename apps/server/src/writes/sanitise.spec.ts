import { ObjectId } from 'mongodb';
import { ORDINARY_STRINGS, XSS_VECTORS, activeContent } from '../../test/support/xss';
import { sanitiseString, sanitiseStrings } from './sanitise';

describe('client text sanitising', () => {
  it('knows at least 30 vectors, each active as sent (so the check below can fail)', () => {
    expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(30);
    expect(XSS_VECTORS.filter((v) => activeContent(v).length === 0)).toEqual([]);
  });

  it.each(XSS_VECTORS)('%s is stored without active content', (vector) => {
    expect(activeContent(sanitiseString(vector))).toEqual([]);
  });

  it.each(ORDINARY_STRINGS)('%j is kept exactly', (text) => {
    expect(sanitiseString(text)).toBe(text);
  });

  it('keeps harmless markup and the text of removed elements', () => {
    expect(sanitiseString('<b>bolus</b> <a href="https://example.org/x">link</a>')).toBe('<b>bolus</b> <a href="https://example.org/x">link</a>');
    expect(sanitiseString('<img src=x onerror=alert(1)>Lunch')).toBe('Lunch');
    expect(sanitiseString('<a href="jav&#x61;script:alert(1)">x</a>')).toBe('<a>x</a>');
  });

  it('is stable: sanitising twice changes nothing more', () => {
    for (const vector of XSS_VECTORS) expect(sanitiseString(sanitiseString(vector))).toBe(sanitiseString(vector));
  });

  it('sanitises string values at any depth and leaves keys, ids, dates and numbers alone', () => {
    const id = new ObjectId();
    const at = new Date(0);
    const input = { a: ['<script>alert(1)</script>x', 1], b: { c: '<svg onload=alert(1)>' }, '<none>': '<none>', id, at };
    expect(sanitiseStrings(input)).toEqual({ a: ['x', 1], b: { c: '' }, '<none>': '<none>', id, at });
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { notes: '<img/src/onerror=alert(1)>' });
    expect(sanitiseStrings(bare)).toEqual({ notes: '' });
  });
});
