import { ObjectId } from 'mongodb';
import { dedupFilter, findOneFilter, identifyingFilter, toV3Document } from './legacy-fallback';

const hex = '65540a1b2c3d4e5f60718293';

describe('legacy fallback (spec §12)', () => {
  it('addresses a 24-hex identifier by _id too', () => {
    expect(findOneFilter('abc')).toEqual({ $or: [{ identifier: 'abc' }] });
    expect(findOneFilter(hex)).toEqual({ $or: [{ identifier: hex }, { _id: new ObjectId(hex) }, { _id: hex }] });
    expect(identifyingFilter(hex).$or).toContainEqual({ _id: new ObjectId(hex), identifier: { $exists: false } });
  });

  it('adds the fallback fields only when the document has all of them and the switch is on', () => {
    const withFallback = dedupFilter('treatments', { created_at: '2023-11-14T22:13:20.000Z', eventType: 'Note' }, 'id', true) as { $or: unknown[] };
    expect(withFallback.$or).toHaveLength(2);
    expect(JSON.stringify(withFallback.$or[1])).toContain('"created_at":"2023-11-14T22:13:20.000Z","eventType":"Note"');
    expect((dedupFilter('treatments', { created_at: 'x' }, 'id', true) as { $or: unknown[] }).$or).toHaveLength(1);
    expect((dedupFilter('treatments', { created_at: 'x', eventType: 'y' }, 'id', false) as { $or: unknown[] }).$or).toHaveLength(1);
    expect((dedupFilter('settings', { created_at: 'x' }, 'id', true) as { $or: unknown[] }).$or).toHaveLength(1);
  });

  it('shows a legacy document with its _id as identifier and virtual server dates', () => {
    const _id = new ObjectId(hex);
    expect(toV3Document('treatments', { _id, created_at: '2023-11-14T22:13:20.000Z' })).toEqual({
      created_at: '2023-11-14T22:13:20.000Z',
      identifier: hex,
      srvModified: 1700000000000,
      srvCreated: 1700000000000,
    });
    expect(toV3Document('entries', { _id, date: 1700000000000, srvCreated: 5 })).toMatchObject({ srvModified: 1700000000000, srvCreated: 5 });
    expect(toV3Document('settings', { _id, identifier: 'x' })).toEqual({ identifier: 'x' });
  });
});
