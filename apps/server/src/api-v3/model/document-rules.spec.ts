import type { HttpException } from '@nestjs/common';
import { assertImmutableFieldsKept, assertValidFields, assertValidIdentifier, assertWritable } from './document-rules';

const failure = (check: () => void) => {
  try {
    check();
    return undefined;
  } catch (error) {
    return (error as HttpException).getResponse();
  }
};

describe('document rules (spec §7.1, §7.4, §7.5)', () => {
  const valid = { date: 1700000000000, utcOffset: 60, app: 'AAPS' };

  it('checks date, then utcOffset, then app', () => {
    expect(failure(() => assertValidFields(valid))).toBeUndefined();
    expect(failure(() => assertValidFields({ app: '' }))).toEqual({ status: 400, message: 'Bad or missing date field' });
    expect(failure(() => assertValidFields({ ...valid, utcOffset: '60' }))).toEqual({ status: 400, message: 'Bad or missing utcOffset field' });
    expect(failure(() => assertValidFields({ ...valid, utcOffset: 1441 }))).toEqual({ status: 400, message: 'Bad or missing utcOffset field' });
    expect(failure(() => assertValidFields({ ...valid, app: '  ' }))).toEqual({ status: 400, message: 'Bad or missing app field' });
    expect(failure(() => assertValidFields({ ...valid, date: 946684800000 }))).toEqual({ status: 400, message: 'Bad or missing date field' });
  });

  it('checks only present fields for a patch', () => {
    expect(failure(() => assertValidFields({ notes: 'x' }, true))).toBeUndefined();
    expect(failure(() => assertValidFields({ utcOffset: 'x' }, true))).toEqual({ status: 400, message: 'Bad or missing utcOffset field' });
  });

  it('accepts any non-blank string identifier only', () => {
    expect(failure(() => assertValidIdentifier('abc'))).toBeUndefined();
    expect(failure(() => assertValidIdentifier(5))).toEqual({ status: 400, message: 'Bad or missing identifier field' });
    expect(failure(() => assertValidIdentifier(' '))).toEqual({ status: 400, message: 'Bad or missing identifier field' });
  });

  it('rejects a changed immutable field, strictly and in order, unless the document is deleted', () => {
    const stored = { identifier: 'a', date: 1, utcOffset: 0, eventType: 'Note' };
    expect(failure(() => assertImmutableFieldsKept({ date: 1, notes: 'x' }, stored))).toBeUndefined();
    expect(failure(() => assertImmutableFieldsKept({ eventType: 'Bolus', utcOffset: 60 }, stored))).toEqual({ status: 400, message: 'Field utcOffset cannot be modified by the client' });
    expect(failure(() => assertImmutableFieldsKept({ date: '1' }, stored))).toEqual({ status: 400, message: 'Field date cannot be modified by the client' });
    expect(failure(() => assertImmutableFieldsKept({ device: 'x' }, stored))).toEqual({ status: 400, message: 'Field device cannot be modified by the client' });
    expect(failure(() => assertImmutableFieldsKept({ identifier: 'b' }, stored, { exceptIdentifier: true }))).toBeUndefined();
    expect(failure(() => assertImmutableFieldsKept({ date: 2 }, { ...stored, isValid: false }))).toBeUndefined();
  });

  it('refuses to modify read-only documents under any of the three spellings', () => {
    for (const flag of ['isReadOnly', 'readOnly', 'readonly']) {
      expect(failure(() => assertWritable({ [flag]: true }))).toEqual({ status: 422, message: 'Trying to modify read-only document' });
    }
    expect(failure(() => assertWritable({ isReadOnly: 'true' }))).toBeUndefined();
  });
});
