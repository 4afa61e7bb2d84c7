import { calculateIdentifier, uuidV5 } from './identifier';

describe('identifier (spec §7.6)', () => {
  it.each([
    ['Samsung XCover 4-861536030196001', 1613057404186, 'Correction Bolus', '5b0f7124-475f-5db0-824c-a73c5eea0975'],
    ['openaps://Pixel 7', 1700000000000, 'Meal Bolus', 'b33626ee-b3f8-5453-a9b2-7ad0596196b5'],
    ['xDrip-DexcomG6', 1700000300000, undefined, '2ec9f5b1-a38c-550b-9668-680165233252'],
    [undefined, 1700000000000, 'Note', 'f7b65ca1-7272-5ae5-b587-7a450e1cc071'],
  ])('computes the reference identifier for %s %s %s', (device, date, eventType, expected) => {
    expect(calculateIdentifier({ device, date, eventType })).toBe(expected);
  });

  it('is a standard UUID v5 (RFC 4122 DNS-namespace test vector)', () => {
    expect(uuidV5('python.org', Buffer.from('6ba7b8109dad11d180b400c04fd430c8', 'hex'))).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });
});
