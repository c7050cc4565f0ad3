import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/connect.js';

/**
 * The computation behind every figure: volumes, times and satisfaction of the tickets opened in a
 * period and the ratings given on them, aggregated in PostgreSQL (two queries, however many
 * tickets the period has). `dashboardFigures` (figures.ts) is its one caller.
 */

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
  /** complaint categories, most first (at most five) */
  topComplaints: [string, number][];
  /** tickets opened and ratings given on each day of the period (quiet days too) */
  perDay: DayFigures[];
  /** the same times and satisfaction per category, most tickets first */
  perCategory: (Timing & { category: string })[];
  /** per assignee contact id (tickets nobody took are left out), most tickets first */
  perAssignee: (Timing & { assigneeId: string })[];
}

/** docs/practice.md: below 70% satisfied calls for an internal review. */
export const SATISFACTION_TARGET = 0.7;

export function percent(x: number | null): string {
  return x === null ? '—' : `${Math.round(x * 100)}%`;
}

function share(count: number, within: number): Share {
  return { count, within, share: count ? within / count : null };
}

function satisfaction(ratings: number, satisfied: number): Satisfaction {
  const s = ratings ? satisfied / ratings : null;
  return { ratings, satisfied, share: s, belowTarget: s !== null && s < SATISFACTION_TARGET };
}

/** Tickets are counted per building as "阳光花园3栋", or as this when the place is not known. */
export const UNKNOWN_BUILDING = '未知楼栋';

interface GroupRow {
  g_intent: number; g_category: number; g_building: number; g_assignee: number;
  intent: string | null; category: string | null; building: string | null; assignee_id: string | null;
  tickets: number; resolved: number; median_response: number | null; median_resolution: number | null;
  respond_judged: number; respond_within: number; resolve_judged: number; resolve_within: number;
}

interface RatingRow {
  g_category: number; g_assignee: number; category: string | null; assignee_id: string | null;
  ratings: number; satisfied: number; s1: number; s2: number; s3: number; s4: number; s5: number;
}

function timing(r: GroupRow | undefined, rated: RatingRow | undefined): Timing {
  return {
    tickets: r?.tickets ?? 0,
    resolved: r?.resolved ?? 0,
    medianResponseMinutes: r?.median_response ?? null,
    medianResolutionHours: r?.median_resolution ?? null,
    respondedInTime: share(r?.respond_judged ?? 0, r?.respond_within ?? 0),
    resolvedInTime: share(r?.resolve_judged ?? 0, r?.resolve_within ?? 0),
    satisfaction: satisfaction(rated?.ratings ?? 0, rated?.satisfied ?? 0),
  };
}

const byMost = (a: [string, number], b: [string, number]) => b[1] - a[1] || a[0].localeCompare(b[0]);

/**
 * The figures of the tickets opened in [from, to) and every rating given on them. A deadline that
 * has passed by `asOf` without a response (or resolution) counts as missed; deadlines still ahead
 * are left out, so a running period is not judged early; a held ticket's clock stops. Medians are
 * over the tickets that were responded to (resolved). `days` are the period's local dates.
 */
export async function queryStats(db: Tx, range: { from: Date; to: Date }, asOf: Date, timezone: string, days: string[]): Promise<TicketStats> {
  // drizzle hands raw parameters to postgres.js untyped, so instants go as ISO text with a cast
  const from = sql`${range.from.toISOString()}::timestamptz`;
  const to = sql`${range.to.toISOString()}::timestamptz`;
  const at = sql`${asOf.toISOString()}::timestamptz`;
  const opened = sql`t.created_at >= ${from} and t.created_at < ${to}`;
  const { groups, rated, perDay } = await db.transaction(async (tx) => {
    // Short aggregate queries: compiling them (JIT) would take longer than running them.
    await tx.execute(sql`set local jit = off`);
    const groups = await tx.execute<GroupRow & Record<string, unknown>>(sql`
      select grouping(intent)::int as g_intent, grouping(category)::int as g_category, grouping(building)::int as g_building,
             grouping(assignee_id)::int as g_assignee, intent, category, building, assignee_id,
             count(*)::int as tickets, count(resolution_h)::int as resolved,
             percentile_cont(0.5) within group (order by response_min) as median_response,
             percentile_cont(0.5) within group (order by resolution_h) as median_resolution,
             count(*) filter (where respond_judged)::int as respond_judged, count(*) filter (where respond_within)::int as respond_within,
             count(*) filter (where resolve_judged)::int as resolve_judged, count(*) filter (where resolve_within)::int as resolve_within
      from (
        select t.intent, t.category, t.assignee_id,
               case when coalesce(t.building, '') <> '' then coalesce(t.community, '') || t.building else ${UNKNOWN_BUILDING}::text end as building,
               extract(epoch from t.accepted_at - t.created_at)::float8 / 60 as response_min,
               extract(epoch from t.resolved_at - t.created_at)::float8 / 3600 as resolution_h,
               t.accepted_at is not null or (t.respond_due_at <= ${at} and t.paused_at is null) as respond_judged,
               t.accepted_at is not null and t.accepted_at <= t.respond_due_at as respond_within,
               t.resolved_at is not null or (t.resolve_due_at <= ${at} and t.paused_at is null) as resolve_judged,
               t.resolved_at is not null and t.resolved_at <= t.resolve_due_at as resolve_within
        from tickets t where ${opened}
      ) f
      group by grouping sets ((), (intent), (category), (intent, category), (building), (assignee_id))`);
    const rated = await tx.execute<RatingRow & Record<string, unknown>>(sql`
      select grouping(t.category)::int as g_category, grouping(t.assignee_id)::int as g_assignee, t.category, t.assignee_id,
             count(*)::int as ratings, count(*) filter (where r.rating >= 4)::int as satisfied,
             count(*) filter (where r.rating = 1)::int as s1, count(*) filter (where r.rating = 2)::int as s2,
             count(*) filter (where r.rating = 3)::int as s3, count(*) filter (where r.rating = 4)::int as s4,
             count(*) filter (where r.rating = 5)::int as s5
      from ticket_reporters r join tickets t on t.id = r.ticket_id
      where r.rating is not null and ${opened}
      group by grouping sets ((), (t.category), (t.assignee_id))`);
    const perDay = await tx.execute<{ day: string; tickets: number; ratings: number; satisfied: number } & Record<string, unknown>>(sql`
      select day, sum(tickets)::int as tickets, sum(ratings)::int as ratings, sum(satisfied)::int as satisfied from (
        select to_char(t.created_at at time zone ${timezone}::text, 'YYYY-MM-DD') as day, 1 as tickets, 0 as ratings, 0 as satisfied
        from tickets t where ${opened}
        union all
        select to_char(coalesce(r.rated_at, r.created_at) at time zone ${timezone}::text, 'YYYY-MM-DD'), 0, 1, (r.rating >= 4)::int
        from ticket_reporters r join tickets t on t.id = r.ticket_id where r.rating is not null and ${opened}
      ) x group by day`);
    return { groups: [...groups] as GroupRow[], rated: [...rated] as RatingRow[], perDay: [...perDay] };
  });

  const only = (dim: 'intent' | 'category' | 'building' | 'assignee') => groups.filter((r) =>
    (dim === 'intent') === !r.g_intent && (dim === 'category') === !r.g_category && (dim === 'building') === !r.g_building && (dim === 'assignee') === !r.g_assignee);
  const all = groups.find((r) => r.g_intent && r.g_category && r.g_building && r.g_assignee);
  const allRated = rated.find((r) => r.g_category && r.g_assignee);
  const ratedIn = (dim: 'category' | 'assignee', key: string) =>
    rated.find((r) => (dim === 'category' ? !r.g_category && r.g_assignee && r.category === key : r.g_category && !r.g_assignee && r.assignee_id === key));
  const counts = (list: GroupRow[], key: (r: GroupRow) => string | null) =>
    Object.fromEntries(list.flatMap((r) => (key(r) === null ? [] : [[key(r)!, r.tickets] as [string, number]])).sort(byMost));
  const overall = timing(all, allRated);
  const dayRows = new Map(perDay.map((d) => [d.day, d]));
  return {
    total: overall.tickets,
    byIntent: counts(only('intent'), (r) => r.intent),
    byCategory: counts(only('category'), (r) => r.category),
    byBuilding: counts(only('building'), (r) => r.building),
    medianResponseMinutes: overall.medianResponseMinutes,
    medianResolutionHours: overall.medianResolutionHours,
    respondedInTime: overall.respondedInTime,
    resolvedInTime: overall.resolvedInTime,
    satisfaction: overall.satisfaction,
    ratingCounts: allRated ? [allRated.s1, allRated.s2, allRated.s3, allRated.s4, allRated.s5] : [0, 0, 0, 0, 0],
    topComplaints: groups.filter((r) => !r.g_intent && !r.g_category && r.intent === 'complaint')
      .map((r) => [r.category!, r.tickets] as [string, number]).sort(byMost).slice(0, 5),
    perDay: days.map((date) => {
      const d = dayRows.get(date);
      return { date, tickets: d?.tickets ?? 0, ratings: d?.ratings ?? 0, satisfied: d?.satisfied ?? 0 };
    }),
    perCategory: only('category').map((r) => ({ category: r.category!, ...timing(r, ratedIn('category', r.category!)) }))
      .sort((a, b) => b.tickets - a.tickets || a.category.localeCompare(b.category)),
    perAssignee: only('assignee').filter((r) => r.assignee_id !== null).map((r) => ({ assigneeId: r.assignee_id!, ...timing(r, ratedIn('assignee', r.assignee_id!)) }))
      .sort((a, b) => b.tickets - a.tickets || a.assigneeId.localeCompare(b.assigneeId)),
  };
}
