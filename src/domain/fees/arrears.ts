/**
 * Who owes what, and which households are not to be reminded yet. The practice: arrears that
 * come from dissatisfaction are solved by fixing the problem first — a household with an open
 * complaint or repair, or a rating of 2 or less in the last 30 days, gets no private arrears
 * reminder; staff see why in the arrears list and in the staff room.
 *
 * A household is a unit; its people are the contacts with a CONFIRMED binding to it (the same
 * people who receive its private reminders). Their tickets are the ones they reported or joined
 * as a reporter (ticket_reporters.contact_id), whichever group they wrote in. Tickets carry no
 * unit id (a fault is located by free text, often a building's common area), so the reporter's
 * binding is the one reliable link; an unconfirmed claim to a unit never holds its reminders.
 */
import { and, asc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Tx } from '../../db/connect.js';
import { bills, bindings, ticketReporters, tickets, units } from '../../db/schema.js';
import { intentName, statusName } from '../tickets/lifecycle.js';
import { addDays, localDate } from '../time.js';
import { unitLabel, yuan } from './ledger.js';

const DAY_MS = 86_400_000;
/** A rating this low holds reminders for this many days. */
export const LOW_RATING = 2;
export const LOW_RATING_DAYS = 30;
const HOLDING_INTENTS = ['complaint', 'repair'];
const OPEN_STATUSES = ['open', 'accepted', 'paused'];
/** inArray keeps each statement's parameters well under PostgreSQL's limit */
const CHUNK = 5000;

export type Hold =
  | { kind: 'open-ticket'; ticketId: number; intent: string; status: string }
  | { kind: 'low-rating'; ticketId: number; rating: number; ratedAt: Date };

/** "有未解决的报修工单 #12（处理中）" / "11月10日给工单 #7 打了 2 分" */
export function holdText(h: Hold, timezone: string): string {
  if (h.kind === 'open-ticket') return `有未解决的${intentName(h.intent)}工单 #${h.ticketId}（${statusName(h.status)}）`;
  const [, m, d] = localDate(h.ratedAt, timezone).split('-').map(Number);
  return `${m}月${d}日给工单 #${h.ticketId} 打了 ${h.rating} 分`;
}

/** One line for a list: every reason, then what to do. */
export function holdReason(holds: Hold[], timezone: string): string | null {
  if (!holds.length) return null;
  return `该户${holds.map((h) => holdText(h, timezone)).join('；')}——请先把问题解决好，暂不私信催缴`;
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The reasons, per unit, not to send these households a private arrears reminder at `now`. */
export async function householdHolds(tx: Tx, now: Date, unitIds: number[]): Promise<Map<number, Hold[]>> {
  const out = new Map<number, Hold[]>();
  const add = (unitId: number, h: Hold) => {
    const list = out.get(unitId) ?? [];
    if (!list.some((x) => x.kind === h.kind && x.ticketId === h.ticketId)) list.push(h);
    out.set(unitId, list);
  };
  const since = new Date(now.getTime() - LOW_RATING_DAYS * DAY_MS);
  for (const ids of chunks([...new Set(unitIds)])) {
    const people = and(inArray(bindings.unitId, ids), eq(bindings.status, 'confirmed'));
    const open = await tx.select({ unitId: bindings.unitId, ticketId: tickets.id, intent: tickets.intent, status: tickets.status })
      .from(bindings)
      .innerJoin(ticketReporters, eq(ticketReporters.contactId, bindings.contactId))
      .innerJoin(tickets, eq(tickets.id, ticketReporters.ticketId))
      .where(and(people, inArray(tickets.intent, HOLDING_INTENTS), inArray(tickets.status, OPEN_STATUSES)))
      .orderBy(asc(tickets.id));
    for (const r of open) add(r.unitId, { kind: 'open-ticket', ticketId: r.ticketId, intent: r.intent, status: r.status });
    const low = await tx.select({ unitId: bindings.unitId, ticketId: ticketReporters.ticketId, rating: ticketReporters.rating, ratedAt: ticketReporters.ratedAt })
      .from(bindings)
      .innerJoin(ticketReporters, eq(ticketReporters.contactId, bindings.contactId))
      .where(and(people, lte(ticketReporters.rating, LOW_RATING), gte(ticketReporters.ratedAt, since), lte(ticketReporters.ratedAt, now)))
      .orderBy(asc(ticketReporters.ratedAt));
    for (const r of low) add(r.unitId, { kind: 'low-rating', ticketId: r.ticketId, rating: r.rating!, ratedAt: r.ratedAt! });
  }
  return out;
}

export interface ArrearsBill { period: string; amountCents: number; dueDate: string; overdue: boolean }

export interface ArrearsRow {
  unitId: number;
  community: string;
  building: string;
  /** "2单元1502" */
  unit: string;
  /** "阳光花园3栋2单元1502" */
  label: string;
  /** unpaid bills due by the end of the reminder window, earliest first */
  bills: ArrearsBill[];
  periods: string[];
  amountCents: number;
  /** "1,280.50" (yuan) */
  amount: string;
  earliestDue: string;
  /** some bill's due date has passed */
  overdue: boolean;
  /** contacts with a confirmed binding: who would get the private reminder */
  residents: number;
  holds: Hold[];
  /** holdReason(holds): the line staff see, or null when the household is reminded as usual */
  holdReason: string | null;
}

export interface ArrearsOptions {
  /** only bills whose due date has passed (default: also those due within the reminder window) */
  overdueOnly?: boolean;
  community?: string | null;
  building?: string | null;
}

/**
 * The arrears list for staff: every unit with an unpaid bill due by the end of the reminder
 * window (FEE_REMINDER_DAYS_BEFORE days from today) — exactly the units the daily run reminds —
 * with amount, periods and, when the household is not to be reminded, why.
 */
export async function arrearsList(tx: Tx, config: Config, now: Date, opts: ArrearsOptions = {}): Promise<ArrearsRow[]> {
  const today = localDate(now, config.timezone);
  const horizon = opts.overdueOnly ? addDays(today, -1) : addDays(today, config.feeReminderDaysBefore);
  const rows = await tx.select({ unit: units, bill: bills }).from(bills).innerJoin(units, eq(units.id, bills.unitId))
    .where(and(
      isNull(bills.paidAt), lte(bills.dueDate, horizon),
      opts.community ? eq(units.community, opts.community) : undefined,
      opts.building ? eq(units.building, opts.building) : undefined,
    ))
    .orderBy(asc(units.community), asc(units.building), asc(units.unit), asc(bills.dueDate), asc(bills.id));
  const byUnit = new Map<number, ArrearsRow>();
  for (const { unit, bill } of rows) {
    let row = byUnit.get(unit.id);
    if (!row) {
      row = {
        unitId: unit.id, community: unit.community, building: unit.building, unit: unit.unit, label: unitLabel(unit),
        bills: [], periods: [], amountCents: 0, amount: '', earliestDue: bill.dueDate, overdue: false,
        residents: 0, holds: [], holdReason: null,
      };
      byUnit.set(unit.id, row);
    }
    const overdue = bill.dueDate < today;
    row.bills.push({ period: bill.period, amountCents: bill.amountCents, dueDate: bill.dueDate, overdue });
    row.periods.push(bill.period);
    row.amountCents += bill.amountCents;
    row.overdue ||= overdue;
  }
  const ids = [...byUnit.keys()];
  const holds = await householdHolds(tx, now, ids);
  for (const group of chunks(ids)) {
    const residents = await tx.select({ unitId: bindings.unitId, n: sql<number>`count(*)::int` }).from(bindings)
      .where(and(inArray(bindings.unitId, group), eq(bindings.status, 'confirmed'))).groupBy(bindings.unitId);
    for (const r of residents) byUnit.get(r.unitId)!.residents = r.n;
  }
  for (const row of byUnit.values()) {
    row.amount = yuan(row.amountCents);
    row.holds = holds.get(row.unitId) ?? [];
    row.holdReason = holdReason(row.holds, config.timezone);
  }
  return [...byUnit.values()];
}
