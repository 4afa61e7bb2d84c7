import fc from 'fast-check';
import type { CollectionName } from '@nightscout/protocol';
import { ObjectId } from 'mongodb';
import { COVERAGE } from '../read-model/read-model.service';
import { RecentDocuments } from '../read-model/recent-documents';
import type { StoredDocument } from './stored-document';
import { TimeIndex } from './time-index';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 11, 7, 10, 30);

/** Time values of every shape clients send: numbers, ISO text with and without zones, other text, other types. */
const timeValue = fc.oneof(
  fc.integer({ min: -400, max: 400 }).map((hours) => NOW + hours * HOUR + 1234),
  fc.integer({ min: -400, max: 400 }).map((hours) => new Date(NOW + hours * HOUR).toISOString()),
  fc.integer({ min: -400, max: 400 }).map((hours) => new Date(NOW + hours * HOUR).toISOString().replace('.000Z', '+02:00')),
  fc.integer({ min: -400, max: 400 }).map((hours) => new Date(NOW + hours * HOUR).toISOString().slice(0, 16).replace('T', ' ')),
  fc.constantFrom(Infinity, -Infinity, NaN, '2026-13-45T99:00', 'yesterday', '', '9999-12-31T23:59:59Z', 1e15, null, undefined, true, new Date(NOW)),
  fc.string(),
);

/** The index must list every document the read model holds in a bucket its load reads (docs/performance.md, "Time index"). */
describe('the time index lists every document a read model floor holds', () => {
  for (const collection of ['entries', 'treatments', 'devicestatus'] as CollectionName[]) {
    it(`${collection}: held ⇒ in a bucket the load reads, whatever the time values`, () => {
      const index = new TimeIndex(undefined as never, collection, undefined as never);
      const field = COVERAGE.get(collection)!.field;
      fc.assert(
        fc.property(timeValue, fc.option(timeValue, { nil: undefined }), fc.integer({ min: 0, max: 72 }), fc.integer({ min: 0, max: 72 }), (time, modified, writtenHoursAgo, loadedHoursLater) => {
          const writtenAt = NOW - writtenHoursAgo * HOUR;
          const loadAt = NOW + loadedHoursLater * HOUR;
          const doc = { _id: new ObjectId(), [field]: time, ...(modified === undefined ? {} : { srvModified: modified }) } as StoredDocument;
          const model = new RecentDocuments(COVERAGE.get(collection)!, loadAt);
          model.load([doc]);
          if (model.heldCount() === 0) return;
          const { floor, modifiedFloor } = model.floors();
          const read = new Set(index.bucketsSince(floor, modifiedFloor, loadAt));
          expect(index.bucketsOf(doc, writtenAt).some((bucket) => read.has(bucket))).toBe(true);
        }),
        { numRuns: 3000 },
      );
    });
  }

  it('a load reads about the read model span in hours, not the whole history', () => {
    const index = new TimeIndex(undefined as never, 'entries', undefined as never);
    const names = index.bucketsSince(NOW - 5 * DAY, NOW - 5 * DAY, NOW);
    expect(names.length).toBeLessThan(5 * 24 + 100);
    expect(index.bucketsOf({ _id: 'a', date: NOW, srvModified: NOW + 1 }, NOW)).toEqual([`entries|${Math.floor(NOW / HOUR)}`]);
    expect(index.bucketsOf({ _id: 'b', date: NOW + 100 * DAY }, NOW)).toEqual(['entries|other']);
  });
});
