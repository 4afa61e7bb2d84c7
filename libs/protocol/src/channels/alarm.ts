import type { Ack, InvalidPayloadAck, RateLimitedAck } from './acks';

/** Alarms, announcements and notifications (docs/protocol/storage-and-alarm-sockets.md §3). */
export const ALARM_NAMESPACE = '/alarm';

export const ALARM_EVENTS = {
  subscribe: 'subscribe',
  ack: 'ack',
  alarm: 'alarm',
  urgentAlarm: 'urgent_alarm',
  clearAlarm: 'clear_alarm',
  announcement: 'announcement',
  notification: 'notification',
} as const;

export const ALARM_LEVELS = { URGENT: 2, WARN: 1, INFO: 0, LOW: -1, LOWEST: -2, NONE: -3 } as const;
export type AlarmLevel = (typeof ALARM_LEVELS)[keyof typeof ALARM_LEVELS];

export interface AlarmSubscribePayload {
  /** Style A (native clients): a subject access token. */
  accessToken?: string;
  /** Style B (web): a JWT and/or the API secret hash or an access token. */
  jwtToken?: string;
  secret?: string;
}

export type AlarmSubscribeAck =
  | { success: true; message: 'Subscribed for alarms'; read?: boolean; ack?: boolean }
  | { success: false; message: 'Missing or bad accessToken' }
  | RateLimitedAck
  | InvalidPayloadAck;

export interface AlarmNotification {
  level?: number;
  title: string;
  message: string;
  group?: string;
  plugin?: { name: string; label: string; pluginType: string; enabled: boolean; [key: string]: unknown };
  eventName?: string;
  pushoverSound?: string;
  debug?: unknown;
  isAnnouncement?: boolean;
  timestamp?: number;
  notifyhash?: string;
  key?: string;
  clear?: true;
}

export interface AlarmClientToServerEvents {
  subscribe: (payload: AlarmSubscribePayload, ack?: Ack<AlarmSubscribeAck>) => void;
  /** Positional: level, group, silence time in ms. */
  ack: (level: number, group: string, silenceTimeMs: number) => void;
}

export interface AlarmServerToClientEvents {
  alarm: (notification: AlarmNotification) => void;
  urgent_alarm: (notification: AlarmNotification) => void;
  clear_alarm: (notification: AlarmNotification) => void;
  announcement: (notification: AlarmNotification) => void;
  notification: (notification: AlarmNotification) => void;
}

/** The event an alarm notification is sent as: the first matching rule of docs/protocol/storage-and-alarm-sockets.md §3.4. */
export function alarmEventName(n: AlarmNotification): keyof AlarmServerToClientEvents {
  if (n.clear) return 'clear_alarm';
  if (n.level === ALARM_LEVELS.WARN) return 'alarm';
  if (n.level === ALARM_LEVELS.URGENT) return 'urgent_alarm';
  if (n.isAnnouncement) return 'announcement';
  return 'notification';
}
