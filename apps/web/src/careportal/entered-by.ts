const KEY = 'nightscout.enteredBy';

/** The name last entered in `Entered by` on this device (the reference keeps it the same way). */
export function rememberedEnteredBy(): string | undefined {
  try {
    return globalThis.localStorage?.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function rememberEnteredBy(name: unknown): void {
  try {
    if (typeof name === 'string' && name) globalThis.localStorage?.setItem(KEY, name);
  } catch {
    // storage disabled: nothing to remember
  }
}
