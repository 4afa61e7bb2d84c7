'use client';
import { useState } from 'react';
import { Careportal } from '../careportal/careportal';
import { useNow, useSession, useSignal } from '../session/hooks';
import type { Session } from '../session/session';
import { TreatmentsList } from '../treatments/treatments-list';
import { CHART_RANGES, type ChartRange } from './chart-model';
import { CurrentGlucose } from './current-glucose';
import { GlucoseChart } from './glucose-chart';

function Live({ session }: { session: Session }) {
  const data = useSignal(session.legacy.data.snapshot);
  const settings = useSignal(session.settings);
  const connection = useSignal(session.legacy.status);
  const flags = useSignal(session.legacy.flags);
  const now = Math.max(useNow(), data.receivedAt ?? 0);
  const [range, setRange] = useState<ChartRange>(3);
  const last = session.legacy.data.lastReading(now);

  if (flags && !flags.read) {
    return (
      <p className="notice">
        These credentials may not read glucose data. <a href="/signin">Sign in</a> with an API secret or an access token that may.
      </p>
    );
  }
  return (
    <>
      <CurrentGlucose last={last} settings={settings} connection={connection} loaded={data.receivedAt !== undefined} />
      <div className="range" role="group" aria-label="Chart range">
        {CHART_RANGES.map((hours) => (
          <button key={hours} type="button" aria-pressed={range === hours} onClick={() => setRange(hours)}>
            {`${hours} h`}
          </button>
        ))}
      </div>
      <GlucoseChart data={data} settings={settings} range={range} now={now} />
      <Careportal session={session} />
      <TreatmentsList session={session} />
    </>
  );
}

/** `/`: the current glucose, the chart, the careportal and the treatments. */
export function LiveView() {
  const session = useSession();
  return session ? <Live session={session} /> : <p className="notice">Loading…</p>;
}
