import { and, asc, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type { Tx } from '../../db/connect.js';
import { tickets } from '../../db/schema.js';
import { PRIORITY } from '../../outbox/enqueue.js';
import { yesterday } from '../time.js';
import type { FireFn } from './engine.js';

const LOW_RATING = 2;
const LIST_MAX = 8;

export interface DigestFigures {
  day: string;
  created: number;
  resolved: number;
  overdue: { id: number; location: string | null }[];
  lowRatings: { id: number; rating: number }[];
}


/** Yesterday as seen from `day` (the slot, even when caught up late); overdue as of `now`. */
export async function digestFigures(tx: Tx, day: Date, now: Date, timeZone: string): Promise<DigestFigures> {
  const { start, end, label } = yesterday(day, timeZone);
  const count = async (where: ReturnType<typeof and>) =>
    (await tx.select({ n: sql<number>`count(*)::int` }).from(tickets).where(where))[0]?.n ?? 0;
  const created = await count(and(gte(tickets.createdAt, start), lt(tickets.createdAt, end)));
  const resolved = await count(and(gte(tickets.resolvedAt, start), lt(tickets.resolvedAt, end)));
  const overdue = await tx.select({ id: tickets.id, location: tickets.location }).from(tickets)
    .where(and(inArray(tickets.status, ['open', 'accepted']), lt(tickets.resolveDueAt, now)))
    .orderBy(asc(tickets.resolveDueAt));
  const ratedAt = sql`coalesce(${tickets.closedAt}, ${tickets.resolvedAt})`;
  const low = await tx.select({ id: tickets.id, rating: tickets.rating }).from(tickets)
    .where(and(lte(tickets.rating, LOW_RATING), sql`${ratedAt} >= ${start.toISOString()}::timestamptz`, sql`${ratedAt} < ${end.toISOString()}::timestamptz`))
    .orderBy(asc(tickets.id));
  return { day: label, created, resolved, overdue, lowRatings: low.map((r) => ({ id: r.id, rating: r.rating ?? 0 })) };
}

export function digestText(f: DigestFigures): string {
  const lines = [`【每日工单简报】${f.day}`, `昨日新增工单 ${f.created} 个，解决 ${f.resolved} 个。`];
  if (f.overdue.length) {
    const shown = f.overdue.slice(0, LIST_MAX).map((t) => `#${t.id}${t.location ? `（${t.location}）` : ''}`).join('、');
    lines.push(`已超时未解决 ${f.overdue.length} 个：${shown}${f.overdue.length > LIST_MAX ? ' 等' : ''}，请尽快跟进。`);
  } else {
    lines.push('目前没有超时未解决的工单。');
  }
  if (f.lowRatings.length) {
    lines.push(`昨日低评分（${LOW_RATING}星及以下）：${f.lowRatings.map((t) => `#${t.id} ${t.rating}星`).join('、')}，建议回访了解原因。`);
  }
  return lines.join('\n');
}

/** The morning digest for the staff work group(s). */
export const fireDigest: FireFn = async ({ tx, out, svc, now, slot, schedule }) => {
  const figures = await digestFigures(tx, slot, now, svc.config.timezone);
  await out.toStaff(digestText(figures), {
    kind: 'digest', dedupeKey: `schedule:${schedule.id}:${slot.toISOString()}`, priority: PRIORITY.scheduled,
  });
  return `new ${figures.created}, resolved ${figures.resolved}, overdue ${figures.overdue.length}, low ratings ${figures.lowRatings.length}`;
};
