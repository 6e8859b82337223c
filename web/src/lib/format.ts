let dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
let dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** Times on every screen in the person's chosen zone (My account), or the browser's when null. */
export function setDisplayTimeZone(timeZone: string | null | undefined): void {
  const zone = timeZone ?? undefined;
  try {
    dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
    dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: zone });
  } catch {
    // A zone this browser does not know: its own zone is the best it can show.
    setDisplayTimeZone(null);
  }
}
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const number = new Intl.NumberFormat();

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateTime.format(date);
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateOnly.format(date);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 days ago", "in 2 weeks", "now". */
export function formatRelative(value: string | null | undefined, now = Date.now()): string {
  if (!value) return '—';
  const seconds = (new Date(value).getTime() - now) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(0, 'minute');
}

export const formatNumber = (value: number): string => number.format(value);

export function fullName(first: string | null | undefined, last: string | null | undefined): string {
  return [first, last].filter((part) => part && part.trim() !== '').join(' ');
}
