'use client';
import { activeProfileNames } from '../profile/profile-model';
import { useSignal } from '../session/hooks';
import type { Session } from '../session/session';
import { rememberedEnteredBy } from './entered-by';

/** What every treatment form of a session needs: units, the profile names and who is entering. */
export function useTreatmentFormContext(session: Session) {
  const settings = useSignal(session.settings);
  const data = useSignal(session.legacy.data.snapshot);
  const identity = useSignal(session.identity);
  return {
    units: settings.units,
    profiles: activeProfileNames(data.profiles[0]),
    defaultEnteredBy: rememberedEnteredBy() ?? (identity.kind === 'token' ? identity.name : undefined),
  };
}
