import { createHash } from 'node:crypto';

/** The namespace of Nightscout's identifiers: the 16 ASCII bytes of "NightscoutRocks!". */
const NAMESPACE = Buffer.from('NightscoutRocks!', 'ascii');

/** RFC 4122 UUID version 5 (SHA-1, name-based) over `name` in the given namespace. */
export function uuidV5(name: string, namespace: Buffer = NAMESPACE): string {
  const bytes = createHash('sha1').update(namespace).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The identifier the reference computes for a document without one (docs/protocol/api-v3.md §7.6), so
 * that re-uploads of the same device+date(+eventType) deduplicate. `String()` on purpose: a
 * missing device contributes "undefined", as in JavaScript.
 */
export function calculateIdentifier(doc: Record<string, unknown>): string {
  let name = `${String(doc.device)}_${String(doc.date)}`;
  if (doc.eventType) name += `_${String(doc.eventType)}`;
  return uuidV5(name);
}
