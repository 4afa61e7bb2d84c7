import type { AppConfig } from '../config/app-config';

/** The alarm types Nightscout derives from its settings (`simple` thresholds). */
const ALARM_TYPES = ['simple'];

/**
 * The `settings` object clients read from `/api/v1/status` and the legacy socket's status:
 * the Nightscout names and defaults for what this server implements.
 */
export function serverSettings(config: AppConfig): Record<string, unknown> {
  return {
    units: config.displayUnits,
    timeFormat: 12,
    dayStart: 7,
    dayEnd: 21,
    nightMode: false,
    editMode: true,
    showRawbg: 'never',
    customTitle: 'Nightscout',
    theme: 'default',
    alarmUrgentHigh: true,
    alarmUrgentHighMins: [30, 60, 90, 120],
    alarmHigh: true,
    alarmHighMins: [30, 60, 90, 120],
    alarmLow: true,
    alarmLowMins: [15, 30, 45, 60],
    alarmUrgentLow: true,
    alarmUrgentLowMins: [15, 30, 45],
    alarmUrgentMins: [30, 60, 90, 120],
    alarmWarnMins: [30, 60, 90, 120],
    alarmTimeagoWarn: true,
    alarmTimeagoWarnMins: config.alarmTimeagoWarnMins,
    alarmTimeagoUrgent: true,
    alarmTimeagoUrgentMins: config.alarmTimeagoUrgentMins,
    alarmPumpBatteryLow: false,
    language: 'en',
    scaleY: 'log',
    showPlugins: 'dbsize',
    showForecast: 'ar2',
    focusHours: 3,
    heartbeat: config.heartbeatSeconds,
    baseURL: '',
    authDefaultRoles: config.authDefaultRoles.join(' '),
    thresholds: { ...config.thresholds },
    insecureUseHttp: config.insecureUseHttp,
    secureHstsHeader: true,
    secureHstsHeaderIncludeSubdomains: false,
    secureHstsHeaderPreload: false,
    secureCsp: false,
    deNormalizeDates: false,
    showClockDelta: false,
    showClockLastTime: false,
    frameUrls: [],
    frameNames: [],
    authFailDelay: config.authFailDelayMs,
    adminNotifiesEnabled: true,
    DEFAULT_FEATURES: ['bgnow', 'delta', 'direction', 'timeago', 'devicestatus', 'upbat', 'errorcodes', 'profile', 'bolus', 'dbsize', 'runtimestate', 'basal', 'careportal'],
    alarmTypes: ALARM_TYPES,
    enable: [...config.enable],
  };
}
