import { normaliseCreatedAt } from './created-at';
import { requireHexId, type ClientDocument } from './client-id';

const PREDICTION_CURVES = ['IOB', 'COB', 'UAM', 'ZT'];

/**
 * Device status storage rules of docs/protocol/api-v1.md §6.3: `_id` checked, `created_at` normalised,
 * prediction curves cut to `maxPredictions` (`PREDICTIONS_MAX_SIZE`; 0 keeps them whole).
 */
export function normaliseDeviceStatus(doc: ClientDocument, now: number, maxPredictions: number): ClientDocument {
  const status = normaliseCreatedAt(requireHexId(doc), now);
  const openaps = status.openaps;
  if (maxPredictions === 0 || typeof openaps !== 'object' || openaps === null) return status;
  const truncated = { ...(openaps as ClientDocument) };
  for (const key of ['suggested', 'enacted']) {
    const predBGs = (truncated[key] as { predBGs?: ClientDocument } | undefined)?.predBGs;
    if (typeof predBGs !== 'object' || predBGs === null) continue;
    const curves = { ...predBGs };
    for (const curve of PREDICTION_CURVES) {
      if (Array.isArray(curves[curve])) curves[curve] = (curves[curve] as unknown[]).slice(0, maxPredictions);
    }
    truncated[key] = { ...(truncated[key] as ClientDocument), predBGs: curves };
  }
  return { ...status, openaps: truncated };
}
