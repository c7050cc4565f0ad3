import { localDate } from '../time.js';

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
}

export interface RatingFact { ticketId: number; rating: number; ratedAt: Date }

export interface Share { count: number; within: number; share: number | null }

export interface TicketStats {
  total: number;
  byIntent: Record<string, number>;
  byCategory: Record<string, number>;
  byBuilding: Record<string, number>;
  medianResponseMinutes: number | null;
  medianResolutionHours: number | null;
  respondedInTime: Share;
  resolvedInTime: Share;
  satisfaction: { ratings: number; satisfied: number; share: number | null; belowTarget: boolean };
  topComplaints: [string, number][];
  perDay: { date: string; tickets: number; ratings: number; satisfied: number }[];
}

/** docs/practice.md: below 70% satisfied calls for an internal review. */
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


/**
 * Volume, times and satisfaction. A deadline that has passed without a response (or resolution)
 * counts as missed; deadlines still ahead are left out, so an open period is not judged early.
 */
export function computeStats(tickets: TicketFact[], ratings: RatingFact[], opts: { asOf: Date; timezone: string; days?: string[] }): TicketStats {
  const { asOf, timezone } = opts;
  const response = tickets.filter((t) => t.acceptedAt).map((t) => (t.acceptedAt!.getTime() - t.createdAt.getTime()) / 60_000);
  const resolution = tickets.filter((t) => t.resolvedAt).map((t) => (t.resolvedAt!.getTime() - t.createdAt.getTime()) / 3_600_000);
  const respondJudged = tickets.filter((t) => t.acceptedAt || (t.respondDueAt <= asOf && !t.pausedAt));
  const resolveJudged = tickets.filter((t) => t.resolvedAt || (t.resolveDueAt <= asOf && !t.pausedAt));
  const satisfied = ratings.filter((r) => r.rating >= 4).length;
  const satisfactionShare = ratings.length ? satisfied / ratings.length : null;
  const complaints = Object.entries(count(tickets.filter((t) => t.intent === 'complaint'), (t) => t.category))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5);
  const days = opts.days ?? [...new Set(tickets.map((t) => localDate(t.createdAt, timezone)))].sort();
  const perDay = days.map((date) => {
    const dayRatings = ratings.filter((r) => localDate(r.ratedAt, timezone) === date);
    return {
      date,
      tickets: tickets.filter((t) => localDate(t.createdAt, timezone) === date).length,
      ratings: dayRatings.length,
      satisfied: dayRatings.filter((r) => r.rating >= 4).length,
    };
  });
  return {
    total: tickets.length,
    byIntent: count(tickets, (t) => t.intent),
    byCategory: count(tickets, (t) => t.category),
    byBuilding: count(tickets, (t) => (t.building ? `${t.community ?? ''}${t.building}` : '未知楼栋')),
    medianResponseMinutes: median(response),
    medianResolutionHours: median(resolution),
    respondedInTime: share(respondJudged.length, respondJudged.filter((t) => t.acceptedAt && t.acceptedAt <= t.respondDueAt).length),
    resolvedInTime: share(resolveJudged.length, resolveJudged.filter((t) => t.resolvedAt && t.resolvedAt <= t.resolveDueAt).length),
    satisfaction: { ratings: ratings.length, satisfied, share: satisfactionShare, belowTarget: satisfactionShare !== null && satisfactionShare < SATISFACTION_TARGET },
    topComplaints: complaints,
    perDay,
  };
}

export function percent(x: number | null): string {
  return x === null ? '—' : `${Math.round(x * 100)}%`;
}
