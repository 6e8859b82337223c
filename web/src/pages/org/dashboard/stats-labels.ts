import type { ResponseOf } from '../../../api/types';

export type Stats = ResponseOf<'/api/v1/orgs/{orgId}/stats', 'get'>;

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Hours as a person says them: "40 min", "5 h", "3 days". */
export function durationLabel(hours: number): string {
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  if (hours < 48) return `${Math.round(hours)} h`;
  return plural(Math.round(hours / 24), 'day');
}

/** A time-to-accept bucket by its upper bound in hours (null: beyond the last). */
export function acceptBucketLabel(upToHours: number | null): string {
  if (upToHours === null) return 'Longer';
  if (upToHours < 24) return `${upToHours} h`;
  return upToHours === 168 ? '1 week' : plural(upToHours / 24, 'day');
}

/** A pending-age bucket between two bounds in days (null below: from zero; null above: no end). */
export function ageBucketLabel(fromDays: number | null, upToDays: number | null): string {
  if (upToDays === null) return `Over ${plural(fromDays ?? 0, 'day')}`;
  if (fromDays === null) return `Under ${plural(upToDays, 'day')}`;
  return `${fromDays}–${upToDays} days`;
}

/** "2026-11-30" → "Nov 30", the chart's axis (the days are UTC dates already). */
export function shortDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}
