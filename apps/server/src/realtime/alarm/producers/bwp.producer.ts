import { ALARM_LEVELS } from '@nightscout/protocol';
import { MINUTE } from '../../../derived/units';
import { LEVEL_NAMES, noAlarms, plugin, type AlarmContext, type AlarmProducer, type ProducerResult } from '../notify-request';

/**
 * `bwp` (bolus wizard preview): above the high target with enough insulin on board
 * (estimate < `BWP_SNOOZE`) it snoozes the high alarms for `BWP_SNOOZE_MINS`; otherwise above
 * the profile's high target an estimate over `BWP_WARN`/`BWP_URGENT` units is a "time to bolus?" alarm.
 */
export class BwpProducer implements AlarmProducer {
  readonly name = 'bwp';

  produce({ now, sbx, config }: AlarmContext): ProducerResult {
    const prop = sbx.property('bwp');
    // Without a profile, IOB or a current reading the estimate is 0: the reference then snoozed
    // every high alarm; here an incomplete preview neither snoozes nor alarms.
    if (!prop || prop.scaledSGV === undefined || prop.errors) return noAlarms();
    const prefs = config.plugins.bwp;
    // The reference also looked at an AR2 "eventType" it never sets: only the reading counts.
    const high = prop.scaledSGV >= sbx.scale(config.thresholds.bgTargetTop);
    if (high && prop.bolusEstimate < prefs.snooze) {
      const message = [prop.displayLine, sbx.property('iob')?.displayLine].map((l) => l ?? '').join('\n');
      return { notifies: [], snoozes: [{ level: ALARM_LEVELS.URGENT, group: 'default', lengthMs: prefs.snoozeMins * MINUTE, title: 'Snoozing high alarm since there is enough IOB', message }] };
    }
    const targetHigh = sbx.profile.value(now, 'target_high');
    if (targetHigh === undefined || !(prop.scaledSGV > targetHigh) || !(prop.bolusEstimate > prefs.warn)) return noAlarms();
    const level = prop.bolusEstimate > prefs.urgent ? ALARM_LEVELS.URGENT : ALARM_LEVELS.WARN;
    return {
      notifies: [
        {
          level,
          title: `${LEVEL_NAMES[level]}, Check BG, time to bolus?`,
          message: sbx.defaultMessage(),
          eventName: 'bwp',
          pushoverSound: level === ALARM_LEVELS.URGENT ? 'updown' : 'bike',
          group: 'default',
          plugin: plugin(this.name, 'Bolus Wizard Preview', 'pill-minor'),
          debug: { ...prop },
        },
      ],
    };
  }
}
