import type { CalItem, SgvItem } from '@nightscout/protocol';
import type { PluginSettings } from '../config/plugin-settings';

export interface RawBg {
  mgdl?: number;
  noiseLabel?: string;
  sgv?: SgvItem;
  cal?: CalItem;
  displayLine?: string;
}

const int = (v: unknown) => parseInt(String(v), 10) || 0;
const float = (v: unknown) => parseFloat(String(v)) || 0;

/** Raw glucose from the sensor's counts and the last calibration (`RAWBG_DISPLAY` picks the formula). */
export function rawBg(sgv: SgvItem, cal: CalItem, display: PluginSettings['rawbg']['display']): number {
  const unfiltered = int(sgv.unfiltered);
  const filtered = int(sgv.filtered);
  const scale = float(cal.scale);
  const intercept = float(cal.intercept);
  const slope = float(cal.slope);
  if (slope === 0 || unfiltered === 0 || scale === 0) return 0;
  if (filtered === 0 || sgv.mgdl < 40 || display === 'unfiltered') return Math.round((scale * (unfiltered - intercept)) / slope);
  if (display === 'filtered') return Math.round((scale * (filtered - intercept)) / slope);
  const ratio = (scale * (filtered - intercept)) / slope / sgv.mgdl;
  return Math.round((scale * (unfiltered - intercept)) / slope / ratio);
}

export function noiseLabel(mgdl: number, noise: unknown): string {
  switch (parseInt(String(noise), 10)) {
    case 0:
      return '---';
    case 1:
      return 'Clean';
    case 2:
      return 'Light';
    case 3:
      return 'Medium';
    case 4:
      return 'Heavy';
    default:
      return mgdl < 40 ? 'Heavy' : '~~~';
  }
}
