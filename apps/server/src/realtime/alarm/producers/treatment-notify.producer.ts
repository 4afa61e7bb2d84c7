import { ALARM_LEVELS, type TreatmentItem } from '@nightscout/protocol';
import { createHash } from 'node:crypto';
import { plugin, type AlarmContext, type AlarmProducer, type ProducerResult } from '../notify-request';

const RECENT_MS = 10 * 60_000;
const SNOOZE_MS = 10 * 60_000;
/** Loop and OpenAPS record many treatments; only these of theirs are worth a notice. */
const LOOP_NOTICE_TYPES = ['BG Check', 'Meal Bolus', 'Carb Correction', 'Correction Bolus'];

const isAnnouncement = (t: TreatmentItem) => t.isAnnouncement === true || t.eventType === 'Announcement';

/**
 * Notices for the latest treatment of the last 10 minutes, and announcements. Someone who just
 * treated has seen the BG: a treatment notice also snoozes the `default` group's alarms.
 */
export class TreatmentNotifyProducer implements AlarmProducer {
  readonly name = 'treatmentnotify';

  produce({ now, treatments }: AlarmContext): ProducerResult {
    const latest = [...treatments].reverse().find((t) => t.mills <= now);
    if (!latest || now - latest.mills >= RECENT_MS) return { notifies: [] };
    const pluginInfo = plugin(this.name, 'Treatment Notifications');
    if (isAnnouncement(latest)) {
      return {
        notifies: [{ level: ALARM_LEVELS.INFO, title: 'Announcement', message: String(latest.notes || '.'), group: 'Announcement', isAnnouncement: true, plugin: pluginInfo }],
      };
    }
    const enteredBy = String(latest.enteredBy ?? '');
    if (/^(openaps|loop):\/\//.test(enteredBy) && !LOOP_NOTICE_TYPES.includes(String(latest.eventType))) return { notifies: [] };
    const message = [
      latest.insulin ? `Insulin: ${latest.insulin}U` : '',
      latest.carbs ? `Carbs: ${latest.carbs}g` : '',
      latest.notes ? String(latest.notes) : '',
      enteredBy ? `Entered By: ${enteredBy}` : '',
    ].filter(Boolean).join('\n');
    return {
      notifies: [
        {
          level: ALARM_LEVELS.INFO,
          title: String(latest.eventType || 'Treatment'),
          message,
          group: 'default',
          timestamp: latest.mills,
          notifyhash: createHash('sha1').update(`${latest._id}:${latest.mills}`).digest('hex'),
          plugin: pluginInfo,
        },
      ],
      snoozes: [{ level: ALARM_LEVELS.URGENT, group: 'default', lengthMs: SNOOZE_MS }],
    };
  }
}
