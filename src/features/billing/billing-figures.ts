import { type BillingPeriod, dayOf } from './billing-period.js';

/** A member's billing events, oldest first, up to the end of the period. */
export interface BillingEvent {
  readonly kind: 'start' | 'stop';
  readonly at: number;
}

export interface MemberBilling {
  /** Billable stretches inside the period, as instants (ms); `to` is exclusive, null while still billable at its end. */
  readonly intervals: { from: number; to: number | null }[];
  /** UTC days of the period on which the member was billable at any moment. */
  readonly billableDays: number;
  /** Became billable for the first time inside the period. */
  readonly isNew: boolean;
}

/**
 * One member's figures from their events: a start opens a billable stretch, a stop
 * closes it (a repeated start or stop changes nothing), and stretches are clipped to the period.
 * A day counts once, however many stretches touch it (removed and re-added the same day).
 */
export function memberBilling(events: readonly BillingEvent[], period: BillingPeriod): MemberBilling {
  const start = period.start.getTime();
  const end = period.end.getTime();
  const intervals: { from: number; to: number | null }[] = [];
  let openAt: number | null = null;
  const close = (at: number | null) => {
    if (openAt === null) return;
    const from = Math.max(openAt, start);
    const to = at === null ? end : Math.min(at, end);
    if (to > from) intervals.push({ from, to: at === null || at >= end ? null : to });
    openAt = null;
  };
  let firstStart: number | null = null;
  for (const event of events) {
    if (event.kind === 'start') {
      if (firstStart === null) firstStart = event.at;
      if (openAt === null) openAt = event.at;
    } else close(event.at);
  }
  close(null);
  let days = 0;
  let lastDay = -Infinity;
  for (const interval of intervals) {
    const first = Math.max(dayOf(interval.from), lastDay + 1);
    const last = dayOf((interval.to ?? end) - 1);
    if (last >= first) days += last - first + 1;
    lastDay = Math.max(lastDay, last);
  }
  return { intervals, billableDays: days, isNew: firstStart !== null && firstStart >= start && firstStart < end };
}

/** The most members billable at the same moment: a sweep over every stretch's ends, stops before starts. */
export function peakBillable(members: readonly MemberBilling[], period: BillingPeriod): number {
  const edges: [number, number][] = [];
  for (const member of members) {
    for (const interval of member.intervals) {
      edges.push([interval.from, 1], [interval.to ?? period.end.getTime(), -1]);
    }
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, step] of edges) {
    now += step;
    peak = Math.max(peak, now);
  }
  return peak;
}
