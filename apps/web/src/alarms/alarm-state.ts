import type { ALARM_LEVELS } from '@nightscout/protocol';

/** The levels that raise a banner (the protocol's `ALARM_LEVELS`; a type import keeps the protocol's code out of the bundle). */
export const ALARM_LEVELS_SHOWN = { WARN: 1, URGENT: 2 } as const satisfies Partial<typeof ALARM_LEVELS>;

export interface ActiveAlarm {
  level: number;
  group: string;
  title: string;
  message: string;
}
