'use client';
import type { Signal } from '@nightscout/client';
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { session, type Session } from './session';

/** The current value of a signal, re-rendering on change. */
export function useSignal<T>(signal: Signal<T>): T {
  const subscribe = useCallback((onChange: () => void) => signal.subscribe(onChange), [signal]);
  return useSyncExternalStore(subscribe, () => signal.value, () => signal.value);
}

const subscribeSession = (onChange: () => void) => session.subscribe(onChange);

/**
 * The session, or undefined before the browser started it. Hydration sees undefined, as the static
 * render at build time did (the session may already be connecting by then): the page then renders
 * with the session right after, instead of React discarding a mismatched tree.
 */
export const useSession = (): Session | undefined => useSyncExternalStore(subscribeSession, () => session.value, () => undefined);

/** The clock, advancing every `intervalMs` (ages and staleness are shown against it). */
export function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
