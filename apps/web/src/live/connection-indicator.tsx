'use client';
import type { ConnectionStatus } from '@nightscout/client';

const WORDS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting',
  connected: 'Connected',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
  refused: 'Offline',
};

/** The state of the data connection, in words (colour only repeats them). */
export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  return (
    <div className={`connection ${status}`} role="status" aria-label="Connection">
      <span className="dot" aria-hidden="true" />
      {WORDS[status]}
      {status === 'refused' && <span className="hint"> (sign-in refused)</span>}
    </div>
  );
}
