'use client';
import type { LegacyDocument } from '@nightscout/protocol';
import { useState } from 'react';
import type { Session } from '../session/session';
import { describeWriteError } from './write-errors';

/**
 * A list row's edit and delete over the legacy socket: changed fields with `dbUpdate`, cleared ones
 * with `dbUpdateUnset`, deletion with `dbRemove`; refusals become the text to show.
 */
export function useEditableRow(session: Session, collection: 'treatments' | 'food', id: string) {
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm'>('view');
  const [error, setError] = useState<string>();

  async function save({ set, unset }: { set: LegacyDocument; unset: readonly string[] }): Promise<string | undefined> {
    try {
      if (Object.keys(set).length > 0) await session.legacy.dbUpdate(collection, id, set);
      if (unset.length > 0) await session.legacy.dbUpdateUnset(collection, id, unset);
      setMode('view');
      return undefined;
    } catch (e) {
      return describeWriteError(e);
    }
  }

  async function remove(): Promise<void> {
    try {
      await session.legacy.dbRemove(collection, id);
    } catch (e) {
      setError(describeWriteError(e));
      setMode('view');
    }
  }

  return { mode, setMode, error, save, remove };
}
