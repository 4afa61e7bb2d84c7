/** Clock time in the site's format (`timeFormat` 12 or 24). */
export function formatClock(mills: number, timeFormat: 12 | 24 = 12): string {
  return new Date(mills).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit', hour12: timeFormat === 12 });
}

/** Clock time, with the day when it is not today. */
export function formatWhen(mills: number, now: number, timeFormat: 12 | 24 = 12): string {
  const date = new Date(mills);
  const sameDay = date.toDateString() === new Date(now).toDateString();
  const clock = formatClock(mills, timeFormat);
  return sameDay ? clock : `${date.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })} ${clock}`;
}

/** `just now`, `1 min ago`, `2 h 5 min ago`. */
export function formatAge(ageMs: number): string {
  const minutes = Math.max(0, Math.floor(ageMs / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h ago` : `${hours} h ${minutes % 60} min ago`;
}

/** A time as the value of `<input type="datetime-local">` (local time, minutes). */
export function toLocalInput(mills: number): string {
  const d = new Date(mills);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The epoch ms of a `datetime-local` value, or undefined when it is not a time. */
export function fromLocalInput(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return undefined;
  const mills = new Date(value).getTime();
  return Number.isFinite(mills) ? mills : undefined;
}
