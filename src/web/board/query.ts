import { and, asc, count, eq, isNotNull, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/connect.js';
import { rooms, staff, tickets } from '../../db/schema.js';
import { CATEGORY_NAMES } from '../../domain/tickets/lifecycle.js';
import { zonedTime } from '../../domain/time.js';

export const PAGE_SIZE = 50;
const STATUSES = ['open', 'accepted', 'paused', 'resolved', 'closed', 'active'] as const;

export interface BoardFilter {
  status?: (typeof STATUSES)[number];
  community?: string;
  building?: string;
  category?: string;
  intent?: string;
  assignee?: string;
  urgent?: boolean;
  overdue?: boolean;
  /** local days YYYY-MM-DD, the ticket opened on or after `from` and on or before `to` */
  from?: string;
  to?: string;
  page: number;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const text = (v: unknown, max = 40) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined);

/** The filter from a query string; anything not understood is left out (never an error, never SQL). */
export function parseFilter(q: Record<string, unknown>): BoardFilter {
  const status = STATUSES.find((s) => s === q.status);
  const page = Math.min(Math.max(1, Number.parseInt(String(q.page ?? '1'), 10) || 1), 10_000);
  return {
    status, community: text(q.community), building: text(q.building), category: text(q.category), intent: text(q.intent),
    assignee: text(q.assignee, 80), urgent: q.urgent === '1' || undefined, overdue: q.overdue === '1' || undefined,
    from: DAY.test(String(q.from ?? '')) ? String(q.from) : undefined, to: DAY.test(String(q.to ?? '')) ? String(q.to) : undefined,
    page,
  };
}

/** The query string of a filter (for links to other pages of the same view). */
export function filterQuery(f: BoardFilter, page = f.page): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, page })) {
    if (v === undefined || v === false) continue;
    if (k === 'page' && v === 1) continue;
    p.set(k, v === true ? '1' : String(v));
  }
  return p.toString();
}

function dayStart(day: string, timezone: string, plusDays = 0): Date {
  const [, y, m, d] = DAY.exec(day)!;
  return new Date(zonedTime(Number(y), Number(m), Number(d), 0, 0, timezone).getTime() + plusDays * 86_400_000);
}

function where(f: BoardFilter, now: Date, timezone: string): SQL | undefined {
  return and(
    f.status === 'active' ? sql`${tickets.status} in ('open', 'accepted', 'paused')` : f.status ? eq(tickets.status, f.status) : undefined,
    f.community ? eq(tickets.community, f.community) : undefined,
    f.building ? eq(tickets.building, f.building) : undefined,
    f.category ? eq(tickets.category, f.category) : undefined,
    f.intent ? eq(tickets.intent, f.intent) : undefined,
    f.assignee ? (f.assignee === 'none' ? sql`${tickets.assigneeId} is null` : eq(tickets.assigneeId, f.assignee)) : undefined,
    f.urgent ? eq(tickets.urgent, true) : undefined,
    f.overdue ? lt(tickets.boardDueAt, now) : undefined,
    f.from ? gte(tickets.createdAt, dayStart(f.from, timezone)) : undefined,
    f.to ? lt(tickets.createdAt, dayStart(f.to, timezone, 1)) : undefined,
  );
}

export interface BoardRow {
  id: number; intent: string; category: string; status: string; urgent: boolean; summary: string;
  community: string | null; building: string | null; location: string | null; reporterName: string; reporterCount: number;
  assigneeName: string | null; createdAt: Date; respondDueAt: Date; resolveDueAt: Date; boardDueAt: Date | null; rating: number | null;
}

export interface BoardPage { rows: BoardRow[]; total: number; page: number; pages: number }

/**
 * One page of the board: the nearest deadline first — so breached tickets are on top — then the
 * newest without a running clock (tickets_board_idx serves this order).
 */
export async function boardPage(db: Tx, f: BoardFilter, now: Date, timezone: string): Promise<BoardPage> {
  const w = where(f, now, timezone);
  const [rows, [total]] = await Promise.all([
    db.select({
      id: tickets.id, intent: tickets.intent, category: tickets.category, status: tickets.status, urgent: tickets.urgent,
      summary: tickets.summary, community: tickets.community, building: tickets.building, location: tickets.location,
      reporterName: tickets.reporterName, reporterCount: tickets.reporterCount, assigneeName: staff.name,
      createdAt: tickets.createdAt, respondDueAt: tickets.respondDueAt, resolveDueAt: tickets.resolveDueAt, boardDueAt: tickets.boardDueAt,
      rating: tickets.rating,
    }).from(tickets).leftJoin(staff, eq(staff.contactId, tickets.assigneeId)).where(w)
      .orderBy(sql`${tickets.boardDueAt} asc nulls last`, sql`${tickets.id} desc nulls last`)
      .limit(PAGE_SIZE).offset((f.page - 1) * PAGE_SIZE),
    db.select({ n: count() }).from(tickets).where(w),
  ]);
  const n = total?.n ?? 0;
  return { rows, total: n, page: f.page, pages: Math.max(1, Math.ceil(n / PAGE_SIZE)) };
}

/** The choices the filter form offers (buildings, categories, staff), read from what exists. */
export async function filterChoices(db: Tx) {
  const [places, people] = await Promise.all([
    db.selectDistinct({ community: rooms.community, building: rooms.building }).from(rooms)
      .where(isNotNull(rooms.community)).orderBy(asc(rooms.community), asc(rooms.building)).limit(500),
    db.select({ id: staff.contactId, name: staff.name }).from(staff).where(eq(staff.active, true)).orderBy(asc(staff.name)),
  ]);
  return { places, categories: Object.keys(CATEGORY_NAMES), people };
}
