import { NIGHTSCOUT_VERSION, type LegacyStatus } from '@nightscout/protocol';
import type { AppConfig } from '../../config/app-config';
import { clientExtendedSettings, serverSettings } from '../../status/server-settings';

const [major, minor, patch] = NIGHTSCOUT_VERSION.split('.').map(Number);

/** The `status` object of a full snapshot when the client asks for it (docs/protocol/legacy-socket.md §6.4). */
export const legacyStatus = (config: AppConfig): LegacyStatus => ({
  status: 'ok',
  name: 'nightscout',
  version: NIGHTSCOUT_VERSION,
  versionNum: 10000 * major + 100 * minor + patch,
  serverTime: new Date().toISOString(),
  careportalEnabled: config.enable.includes('careportal'),
  boluscalcEnabled: config.enable.includes('boluscalc'),
  settings: serverSettings(config),
  extendedSettings: clientExtendedSettings(config),
});
