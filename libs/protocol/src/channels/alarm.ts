import { PERMISSIONS } from '../permissions';
import { AlarmSubscribeDto } from '../payloads/subscribe.dto';
import { INVALID_PAYLOAD_ACK_SCHEMA, RATE_LIMITED_ACK_SCHEMA, type Ack, type InvalidPayloadAck, type RateLimitedAck } from './acks';
import { schema, type ChannelContract, type EventPermission, type OutboundEvent } from './contract';

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

const { object, string, number, integer, boolean, oneOf, named, constant } = schema;

const NOTIFICATION_SCHEMA = named(
  'AlarmNotification',
  'An alarm, announcement or notice; which event carries it follows from `clear`, `level` and `isAnnouncement` (docs/protocol/storage-and-alarm-sockets.md §3.4).',
  object(
    {
      level: integer('2 urgent, 1 warning, 0 info, -1 low, -2 lowest, -3 none'),
      title: string(),
      message: string(),
      group: string('the alarm group an `ack` silences (`default` for glucose alarms)'),
      plugin: object({ name: string(), label: string(), pluginType: string(), enabled: boolean() }),
      eventName: string(),
      pushoverSound: string(),
      isAnnouncement: boolean(),
      timestamp: integer('epoch milliseconds'),
      notifyhash: string(),
      key: string(),
      clear: constant(true),
    },
    ['title', 'message'],
  ),
);

const delivery = (summary: string, permission: EventPermission): OutboundEvent => ({ summary, payload: NOTIFICATION_SCHEMA, permission });

/** The five alarm events, as each channel that carries them delivers them. */
export function alarmDeliveries(permission: EventPermission): { readonly [E in keyof AlarmServerToClientEvents]: OutboundEvent } {
  return {
    alarm: delivery('A warning (level 1), e.g. high or low glucose', permission),
    urgent_alarm: delivery('An urgent alarm (level 2), e.g. urgent low', permission),
    clear_alarm: delivery('An alarm group was silenced or its condition cleared', permission),
    announcement: delivery('An announcement entered in the careportal', permission),
    notification: delivery('A notice (info level and below), e.g. a new treatment', permission),
  };
}

const SUBSCRIBERS: EventPermission = { permission: 'api:entries:read', description: 'Sockets whose `subscribe` succeeded with credentials that may read entries.' };

/** The alarm channel's events with their payloads, acknowledgements, permissions and rate limits. */
export const ALARM_CHANNEL = {
  namespace: ALARM_NAMESPACE,
  title: 'Alarm channel',
  description: 'Alarms, announcements and notifications for followers, and the `ack` that silences an alarm group for everyone (docs/protocol/storage-and-alarm-sockets.md §3).',
  receives: {
    subscribe: {
      summary: 'Subscribe with an access token (native clients) or the API secret hash and/or a JWT (web)',
      dto: AlarmSubscribeDto,
      ack: oneOf(
        named(
          'AlarmSubscribed',
          'Subscribed; the web style (no `accessToken`) also says whether the credentials may read and silence.',
          object({ success: constant(true), message: constant('Subscribed for alarms'), read: boolean(), ack: boolean() }, ['success', 'message']),
        ),
        object({ success: constant(false), message: constant('Missing or bad accessToken') }, ['success', 'message']),
        RATE_LIMITED_ACK_SCHEMA,
        INVALID_PAYLOAD_ACK_SCHEMA,
      ),
      permission: { permission: null, description: 'Valid credentials; alarms are delivered only when they may read entries (`api:entries:read`).' },
      rateLimit: 'socket-read',
      credentials: { accessToken: ['accessToken', 'jwt'], secret: ['apiSecretHash', 'accessToken'], jwtToken: ['jwt'] },
    },
    ack: {
      summary: 'Silence an alarm group for everyone; the server broadcasts `clear_alarm`',
      description: 'Sent as three positional arguments, never acknowledged; a malformed or unpermitted `ack` is dropped without a reply, as in the reference.',
      arguments: [
        { name: 'level', schema: { type: 'integer', minimum: -3, maximum: 2, description: 'the level of the alarm to silence' } },
        { name: 'group', schema: { type: 'string', maxLength: 128, description: 'its group, `default` for glucose alarms' } },
        { name: 'silenceTimeMs', schema: number('how long to silence, in milliseconds (at most 24 hours)') },
      ],
      ack: null,
      permission: { permission: PERMISSIONS.notificationsAck, description: 'The subscription\'s credentials must hold `notifications:*:ack` (both styles; the reference let access-token subscribers silence without it).' },
      rateLimit: 'socket-write',
    },
  },
  sends: alarmDeliveries(SUBSCRIBERS),
} as const satisfies ChannelContract<AlarmClientToServerEvents, AlarmServerToClientEvents>;
