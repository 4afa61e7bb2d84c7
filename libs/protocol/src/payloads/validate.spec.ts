import { AuthorizeDto, DbAddDto, DbUpdateDto } from './legacy.dto';
import { validateDocument, validatePayload } from './validate';

describe('validatePayload', () => {
  it('accepts what the web UI sends to authorize', () => {
    expect(validatePayload(AuthorizeDto, { client: 'web', secret: 'b723e97aa97846eb92d5264f084b2823f57c4aa1', history: 48 })).toEqual([]);
  });

  it('rejects a non-string secret and a missing payload with a message', () => {
    expect(validatePayload(AuthorizeDto, { secret: { x: 1 } })).toContain('secret must be a string');
    expect(validatePayload(DbAddDto, undefined)).toEqual(['payload must be an object']);
  });

  it('accepts dbAdd with one document or an array, and rejects other shapes', () => {
    expect(validatePayload(DbAddDto, { collection: 'treatments', data: { eventType: 'Note' } })).toEqual([]);
    expect(validatePayload(DbAddDto, { collection: 'treatments', data: [{ eventType: 'Note' }, { eventType: 'Note' }] })).toEqual([]);
    expect(validatePayload(DbAddDto, { collection: 'treatments', data: [1] })).not.toEqual([]);
    expect(validatePayload(DbAddDto, { collection: 'treatments', data: 'x' })).not.toEqual([]);
    expect(validatePayload(DbAddDto, { collection: 'treatments' })).not.toEqual([]);
  });

  it('rejects operator keys, dotted keys and prototype keys anywhere in a document', () => {
    expect(validatePayload(DbUpdateDto, { collection: 'treatments', _id: 'x', data: { $set: { a: 1 } } })[0]).toMatch(/\$set must not start with \$/);
    expect(validatePayload(DbUpdateDto, { collection: 'treatments', _id: 'x', data: { 'a.b': 1 } })[0]).toMatch(/must not contain a dot/);
    expect(validatePayload(DbUpdateDto, { collection: 'treatments', _id: 'x', data: JSON.parse('{"__proto__":{"x":1}}') })[0]).toMatch(/not allowed/);
  });

  it('bounds nesting depth', () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 50; i++) deep = (deep.a = {}) as Record<string, unknown>;
    expect(validatePayload(DbUpdateDto, { collection: 'treatments', _id: 'x', data: root })[0]).toMatch(/nested deeper/);
  });
});

describe('validateDocument', () => {
  it('keeps documents open but checks declared fields', () => {
    expect(validateDocument('treatments', { eventType: 'Meal Bolus', carbs: '30', customField: { any: 'thing' } })).toEqual([]);
    expect(validateDocument('treatments', { carbs: 'lots' })).toEqual(['carbs must be a number']);
    expect(validateDocument('entries', { type: 'sgv', sgv: 120, date: 1714564800000 })).toEqual([]);
  });
});
