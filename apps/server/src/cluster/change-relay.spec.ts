import { ObjectId } from 'mongodb';
import { DocumentsChangedEvent } from '../events/documents-changed.event';
import { decodeChange, encodeChange } from './change-relay';

describe('a domain event on the Redis stream', () => {
  it('arrives as it left: ObjectIds, dates, numbers, the time of the change; marked with the instance that made it', () => {
    const _id = new ObjectId();
    const event = new DocumentsChangedEvent('treatments', 'delete', [{ _id, created_at: '2026-01-01T00:00:00.000Z', when: new Date(5), insulin: 1.5, nested: { a: [1, 'x'] } }], 'api-v3', true);
    event.at = 1234;
    const decoded = decodeChange(encodeChange(event), 'instance-a');
    expect(decoded).toBeInstanceOf(DocumentsChangedEvent);
    expect({ ...decoded }).toEqual({ ...event, origin: 'instance-a' });
    expect(decoded.documents[0]._id).toBeInstanceOf(ObjectId);
    expect(decoded.documents[0].when).toBeInstanceOf(Date);
  });
});
