import { ALARM_LEVELS, type MbgItem, type TreatmentItem } from '@nightscout/protocol';
import { createHash } from 'node:crypto';
import type { Sandbox } from '../../../derived/sandbox';
import { MINUTE, roundInsulin } from '../../../derived/units';
import { LEVEL_NAMES, noAlarms, plugin, type AlarmContext, type AlarmProducer, type NotifyRequest, type ProducerResult } from '../notify-request';
import { compareToThresholds } from './simple-alarms.producer';

const RECENT_MS = 10 * MINUTE;
/** Loop and OpenAPS record many treatments; only these of theirs are worth a notice. */
const MANUAL_TREATMENTS = ['BG Check', 'Meal Bolus', 'Carb Correction', 'Correction Bolus'];
const PLUGIN = plugin('treatmentnotify', 'Treatment Notifications');

/** Also `eventType: "Announcement"` without the flag (API v3 clients), unlike the reference. */
const isAnnouncement = (t: TreatmentItem) => t.isAnnouncement === true || t.eventType === 'Announcement';

const isCurrent = (item: { mills: number } | undefined, now: number): item is { mills: number } => !!item && item.mills <= now && now - item.mills < RECENT_MS;

function notable(t: TreatmentItem, includeBolusesOver: number): boolean {
  const enteredBy = typeof t.enteredBy === 'string' ? t.enteredBy : '';
  if ((enteredBy.startsWith('openaps://') || enteredBy.startsWith('loop://')) && !MANUAL_TREATMENTS.includes(String(t.eventType))) return false;
  if (typeof t.insulin === 'number' && ['Meal Bolus', 'Correction Bolus'].includes(String(t.eventType))) return t.insulin >= includeBolusesOver;
  return true;
}

/** The reference's treatment notice text: one line per field that is set. */
function treatmentMessage(t: TreatmentItem): string {
  const absolute = Number(t.absolute);
  const lines = [
    t.glucose ? `BG: ${String(t.glucose)} (${String(t.glucoseType)})` : '',
    t.reason ? `Reason: ${String(t.reason)}` : '',
    t.targetTop ? `Target Top: ${String(t.targetTop)}` : '',
    t.targetBottom ? `Target Bottom: ${String(t.targetBottom)}` : '',
    t.carbs ? `Carbs: ${String(t.carbs)}g` : '',
    t.insulin ? `Insulin: ${roundInsulin(Number(t.insulin))}U` : '',
    t.duration ? `Duration: ${String(t.duration)} min` : '',
    t.percent ? `Percent: ${Number(t.percent) > 0 ? '+' : ''}${String(t.percent)}%` : '',
    t.absolute !== undefined && !Number.isNaN(absolute) ? `Value: ${String(t.absolute)}U` : '',
    t.enteredBy ? `Entered By: ${String(t.enteredBy)}` : '',
    t.notes ? `Notes: ${String(t.notes)}` : '',
  ];
  // The reference joined these so that a message without BG began with an empty line.
  return lines.filter(Boolean).join('\n');
}

function treatmentNotice(t: TreatmentItem, sbx: Sandbox): NotifyRequest {
  if (isAnnouncement(t)) {
    const result = compareToThresholds(sbx.scale(Number(t.mgdl)), sbx);
    const alarming = result.level === ALARM_LEVELS.WARN || result.level === ALARM_LEVELS.URGENT;
    return {
      level: result.level,
      title: `${result.level === ALARM_LEVELS.URGENT ? `${LEVEL_NAMES[2]} ` : ''}${String(t.eventType)}`,
      message: t.notes ? String(t.notes) : '.',
      group: 'Announcement',
      pushoverSound: alarming ? result.pushoverSound : undefined,
      isAnnouncement: true,
      plugin: PLUGIN,
    };
  }
  let eventType = String(t.eventType ?? '');
  let message = treatmentMessage(t);
  if (Number(t.duration) === 0 && t.duration !== undefined && eventType === 'Temporary Target') {
    eventType += ' Cancel';
    message = 'Canceled';
  }
  eventType ||= t.carbs && t.insulin ? 'Meal Bolus' : t.carbs ? 'Carb Correction' : t.insulin ? 'Correction Bolus' : 'Note';
  // Without a `timestamp` field the reference hashed every treatment of a type alike, so push
  // clients dropped the second meal bolus as a duplicate: the treatment's time stands in.
  const timestamp = t.timestamp ?? t.mills;
  return {
    level: ALARM_LEVELS.INFO,
    title: eventType,
    message: message || '...',
    group: 'default',
    timestamp: timestamp as number | undefined,
    notifyhash: createHash('sha1').update(JSON.stringify({ eventType, timestamp })).digest('hex'),
    plugin: PLUGIN,
  };
}

/**
 * `treatmentnotify` (enabled with careportal, pushover or maker in `ENABLE`): a notice for a
 * treatment or meter reading of the last 10 minutes, an announcement for an announcement; a
 * treatment also snoozes the `default` alarms for `TREATMENTNOTIFY_SNOOZE_MINS` — someone who
 * just treated has seen the BG.
 */
export class TreatmentNotifyProducer implements AlarmProducer {
  readonly name = 'treatmentnotify';

  produce({ now, sbx, config }: AlarmContext): ProducerResult {
    const prefs = config.plugins.treatmentnotify;
    const lastTreatment = sbx.data.treatments.filter((t) => notable(t, prefs.includeBolusesOver)).findLast((t) => t.mills <= now);
    const lastMbg = sbx.data.mbgs.findLast((m) => m.mills <= now);
    const treatment = isCurrent(lastTreatment, now) ? lastTreatment : undefined;
    const mbg: MbgItem | undefined = isCurrent(lastMbg, now) ? lastMbg : undefined;
    if (!treatment && !mbg) return noAlarms();
    const result: Required<ProducerResult> = { notifies: [], snoozes: [] };
    const mbgLine = mbg ? `Meter BG ${sbx.scale(mbg.mgdl)} ${sbx.unitsLabel}` : '';
    if (lastTreatment && !isAnnouncement(lastTreatment)) {
      const message = [mbgLine, treatment ? `Treatment: ${String(treatment.eventType)}` : ''].join('\n').trim();
      result.snoozes.push({ level: ALARM_LEVELS.URGENT, group: 'default', lengthMs: prefs.snoozeMins * MINUTE, title: 'Snoozing alarms since there was a recent treatment', message });
    }
    if (mbg) {
      result.notifies.push({ level: ALARM_LEVELS.INFO, title: 'Calibration', message: `Meter BG: ${sbx.scale(mbg.mgdl)} ${sbx.unitsLabel}`, group: 'default', pushoverSound: 'magic', plugin: PLUGIN });
    }
    if (treatment) result.notifies.push(treatmentNotice(treatment, sbx));
    return result;
  }
}
