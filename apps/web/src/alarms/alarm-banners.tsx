'use client';
import { ALARM_LEVELS_SHOWN, type ActiveAlarm } from './alarm-state';
import { useEffect, useRef, useState } from 'react';
import { useSignal } from '../session/hooks';
import type { Session } from '../session/session';
import { AlarmSound } from './alarm-sound';

const SNOOZE_MINUTES = [15, 30, 60] as const;

/**
 * Warning and urgent alarms from `/alarm` as banners: snoozing sends `ack` (which silences the
 * alarm for every follower); `clear_alarm` takes them away. Sound stays off until turned on.
 */
export function AlarmBanners({ session }: { session: Session }) {
  const canAck = useSignal(session.alarm.canAck);
  const [alarms, setAlarms] = useState<ActiveAlarm[]>([]);
  const [soundOn, setSoundOn] = useState(false);
  const [error, setError] = useState<string>();
  const sound = useRef<AlarmSound | undefined>(undefined);

  useEffect(() => {
    const raise = (level: number) => (n: { title: string; message: string; group?: string }) =>
      setAlarms((held) => [...held.filter((a) => a.group !== (n.group ?? 'default') || a.level !== level), { level, group: n.group ?? 'default', title: n.title, message: n.message }]);
    const stops = [
      session.alarm.on('alarm', raise(ALARM_LEVELS_SHOWN.WARN)),
      session.alarm.on('urgent_alarm', raise(ALARM_LEVELS_SHOWN.URGENT)),
      session.alarm.on('clear_alarm', (n) => setAlarms((held) => (n.group ? held.filter((a) => a.group !== n.group) : []))),
    ];
    return () => stops.forEach((stop) => stop());
  }, [session]);

  const urgent = alarms.some((a) => a.level === ALARM_LEVELS_SHOWN.URGENT);
  useEffect(() => {
    if (soundOn && alarms.length > 0) sound.current?.start(urgent);
    else sound.current?.stop();
    return () => sound.current?.stop();
  }, [soundOn, alarms.length, urgent]);

  function snooze(alarm: ActiveAlarm, minutes: number) {
    try {
      session.alarm.ack(alarm.level, alarm.group, minutes * 60_000);
      setAlarms((held) => held.filter((a) => a !== alarm));
      setError(undefined);
    } catch {
      setError('Not connected: the alarm could not be snoozed. Try again when Connected.');
    }
  }

  return (
    <div className="alarms">
      <button
        type="button"
        className="sound"
        aria-pressed={soundOn}
        onClick={() => {
          sound.current ??= new AlarmSound();
          sound.current.unlock();
          setSoundOn(!soundOn);
        }}
      >
        {soundOn ? 'Alarm sound on' : 'Alarm sound off'}
      </button>
      {alarms.map((alarm) => (
        <div key={`${alarm.level}-${alarm.group}`} className={`alarm ${alarm.level === ALARM_LEVELS_SHOWN.URGENT ? 'urgent' : 'warn'}`} role="alert">
          <p>
            <strong>{alarm.title}</strong> {alarm.message}
          </p>
          {canAck ? (
            <div className="snooze">
              {SNOOZE_MINUTES.map((minutes) => (
                <button key={minutes} type="button" onClick={() => snooze(alarm, minutes)}>
                  {`Snooze ${minutes} min`}
                </button>
              ))}
            </div>
          ) : (
            <p className="hint">Sign in with rights to snooze alarms.</p>
          )}
        </div>
      ))}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
