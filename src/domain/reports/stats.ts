import { localDate, zonedTime } from '../time.js';

/** What the figures are computed from: one row per ticket, plus each reporter's rating. */
export interface TicketFact {
  id: number;
  intent: string;
  category: string;
  community: string | null;
  building: string | null;
  status: string;
  urgent: boolean;
  createdAt: Date;
  acceptedAt: Date | null;
  resolvedAt: Date | null;
  respondDueAt: Date;
  resolveDueAt: Date;
  pausedAt: Date | null;
  /** who works on it (accepted or was assigned); per-staff figures group by it */
  assigneeId?: string | null;
}

export interface RatingFact { ticketId: number; rating: number; ratedAt: Date }

export interface Share { count: number; within: number; share: number | null }

export interface Satisfaction { ratings: number; satisfied: number; share: number | null; belowTarget: boolean }

/** Times and satisfaction of a set of tickets (all of them, one category, one staff member). */
export interface Timing {
  tickets: number;
  /** of them resolved (so far) */
  resolved: number;
  medianResponseMinutes: number | null;
  medianResolutionHours: number | null;
  respondedInTime: Share;
  resolvedInTime: Share;
  satisfaction: Satisfaction;
}

export interface DayFigures { date: string; tickets: number; ratings: number; satisfied: number }

export interface TicketStats {
  total: number;
  byIntent: Record<string, number>;
  byCategory: Record<string, number>;
  byBuilding: Record<string, number>;
  medianResponseMinutes: number | null;
  medianResolutionHours: number | null;
  respondedInTime: Share;
  resolvedInTime: Share;
  satisfaction: Satisfaction;
  /** how many ratings gave 1, 2, 3, 4 and 5 (index 0 is 1 star) */
  ratingCounts: [number, number, number, number, number];
  topComplaints: [string, number][];
  perDay: DayFigures[];
  /** the same times and satisfaction per category, most tickets first */
  perCategory: (Timing & { category: string })[];
  /** per assignee contact id (tickets nobody took are left out), most tickets first */
  perAssignee: (Timing & { assigneeId: string })[];
}

/** PRACTICE.md: below 70% satisfied calls for an internal review. */
export const SATISFACTION_TARGET = 0.7;

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function count<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
}

function share(count: number, within: number): Share {
  return { count, within, share: count ? within / count : null };
}

function satisfactionOf(ratings: RatingFact[]): Satisfaction {
  const satisfied = ratings.filter((r) => r.rating >= 4).length;
  const s = ratings.length ? satisfied / ratings.length : null;
  return { ratings: ratings.length, satisfied, share: s, belowTarget: s !== null && s < SATISFACTION_TARGET };
}

/**
 * A deadline that has passed without a response (or resolution) counts as missed; deadlines
 * still ahead are left out, so an open period is not judged early. A held ticket's clock stops.
 */
function timingOf(tickets: TicketFact[], ratings: RatingFact[], asOf: Date): Timing {
  const response: number[] = [];
  const resolution: number[] = [];
  let respondJudged = 0;
  let respondWithin = 0;
  let resolveJudged = 0;
  let resolveWithin = 0;
  for (const t of tickets) {
    if (t.acceptedAt) response.push((t.acceptedAt.getTime() - t.createdAt.getTime()) / 60_000);
    if (t.resolvedAt) resolution.push((t.resolvedAt.getTime() - t.createdAt.getTime()) / 3_600_000);
    if (t.acceptedAt || (t.respondDueAt <= asOf && !t.pausedAt)) {
      respondJudged++;
      if (t.acceptedAt && t.acceptedAt <= t.respondDueAt) respondWithin++;
    }
    if (t.resolvedAt || (t.resolveDueAt <= asOf && !t.pausedAt)) {
      resolveJudged++;
      if (t.resolvedAt && t.resolvedAt <= t.resolveDueAt) resolveWithin++;
    }
  }
  return {
    tickets: tickets.length,
    resolved: resolution.length,
    medianResponseMinutes: median(response),
    medianResolutionHours: median(resolution),
    respondedInTime: share(respondJudged, respondWithin),
    resolvedInTime: share(resolveJudged, resolveWithin),
    satisfaction: satisfactionOf(ratings),
  };
}

function groupBy<T>(items: T[], key: (t: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const i of items) {
    const k = key(i);
    if (k === null) continue;
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(i);
  }
  return out;
}

/**
 * Which of `days` (local dates, ascending and consecutive) an instant falls on, or -1.
 * The day starts are computed once, so a month of tickets costs one binary search each rather
 * than a time-zone conversion each.
 */
function dayIndexer(days: string[], timezone: string): (t: Date) => number {
  if (!days.length) return () => -1;
  const start = (d: string) => {
    const [y, m, day] = d.split('-').map(Number) as [number, number, number];
    return zonedTime(y, m, day, 0, 0, timezone).getTime();
  };
  const starts = days.map(start);
  const last = new Date(Date.parse(`${days[days.length - 1]}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const end = start(last);
  return (t) => {
    const x = t.getTime();
    if (x < starts[0]! || x >= end) return -1;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= x) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}

/**
 * Volume, times and satisfaction of the tickets opened in a period and the ratings given on them.
 * `days` lists the period's local dates (a chart shows quiet days too); without it, the days on
 * which tickets were opened.
 */
export function computeStats(tickets: TicketFact[], ratings: RatingFact[], opts: { asOf: Date; timezone: string; days?: string[] }): TicketStats {
  const { asOf, timezone } = opts;
  const days = opts.days ?? [...new Set(tickets.map((t) => localDate(t.createdAt, timezone)))].sort();
  const dayOf = dayIndexer(days, timezone);
  const perDay: DayFigures[] = days.map((date) => ({ date, tickets: 0, ratings: 0, satisfied: 0 }));
  for (const t of tickets) {
    const d = perDay[dayOf(t.createdAt)];
    if (d) d.tickets++;
  }
  const ratingCounts: TicketStats['ratingCounts'] = [0, 0, 0, 0, 0];
  for (const r of ratings) {
    if (r.rating >= 1 && r.rating <= 5) ratingCounts[r.rating - 1]!++;
    const d = perDay[dayOf(r.ratedAt)];
    if (!d) continue;
    d.ratings++;
    if (r.rating >= 4) d.satisfied++;
  }
  const all = timingOf(tickets, ratings, asOf);
  const ratingsByTicket = groupBy(ratings, (r) => String(r.ticketId));
  const ratingsOf = (ts: TicketFact[]) => ts.flatMap((t) => ratingsByTicket.get(String(t.id)) ?? []);
  const byMost = <T extends { tickets: number }>(a: T & { key: string }, b: T & { key: string }) => b.tickets - a.tickets || a.key.localeCompare(b.key);
  const perCategory = [...groupBy(tickets, (t) => t.category)]
    .map(([key, ts]) => ({ key, ...timingOf(ts, ratingsOf(ts), asOf) })).sort(byMost)
    .map(({ key, ...rest }) => ({ category: key, ...rest }));
  const perAssignee = [...groupBy(tickets, (t) => t.assigneeId ?? null)]
    .map(([key, ts]) => ({ key, ...timingOf(ts, ratingsOf(ts), asOf) })).sort(byMost)
    .map(({ key, ...rest }) => ({ assigneeId: key, ...rest }));
  const complaints = Object.entries(count(tickets.filter((t) => t.intent === 'complaint'), (t) => t.category))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5);
  return {
    total: tickets.length,
    byIntent: count(tickets, (t) => t.intent),
    byCategory: count(tickets, (t) => t.category),
    byBuilding: count(tickets, buildingKey),
    medianResponseMinutes: all.medianResponseMinutes,
    medianResolutionHours: all.medianResolutionHours,
    respondedInTime: all.respondedInTime,
    resolvedInTime: all.resolvedInTime,
    satisfaction: all.satisfaction,
    ratingCounts,
    topComplaints: complaints,
    perDay,
    perCategory,
    perAssignee,
  };
}

/** "阳光花园3栋", or 未知楼栋 when the ticket's place is not known. */
export function buildingKey(t: Pick<TicketFact, 'community' | 'building'>): string {
  return t.building ? `${t.community ?? ''}${t.building}` : '未知楼栋';
}

export function percent(x: number | null): string {
  return x === null ? '—' : `${Math.round(x * 100)}%`;
}
