/**
 * The figures of a period — volumes, times, satisfaction, per category and per staff member — in
 * ONE place: the `统计` chat command, the monthly report and the web console's dashboard all call
 * `dashboardFigures`, so they always agree. No HTTP and no HTML here: the console renders these.
 */
import { and, asc, eq, gte, inArray, lt, or } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Tx } from '../../db/connect.js';
import { staff, ticketReporters, tickets } from '../../db/schema.js';
import { roleName } from '../commands/registry.js';
import type { StatsRange } from '../tickets/args.js';
import { categoryName, intentName, statusName } from '../tickets/lifecycle.js';
import { targetsFor } from '../tickets/sla.js';
import type { Role } from '../types.js';
import { daysBetween, localDate, localParts, localTime, monthBounds, zonedTime } from '../time.js';
import { toCsv } from './csv.js';
import { percent, queryStats, SATISFACTION_TARGET, type TicketStats, type Timing } from './stats.js';

export type RangePreset = StatsRange;
/** today / this week (from Monday) / this month, or any [from, to). */
export type RangeSpec = RangePreset | { from: Date; to: Date };

/** A period: tickets opened in [from, to) count. `label` names it in titles ("本周", "2026年11月"). */
export interface FigureRange { from: Date; to: Date; label: string }

export const RANGE_NAMES: Record<RangePreset, string> = { today: '今天', week: '本周', month: '本月' };

const DAY_MS = 86_400_000;
/** A custom range longer than this is refused (a year of daily bars is already unreadable). */
export const MAX_RANGE_DAYS = 366;

/** The start of today, this week (Monday) or this month, in the company's time zone. */
export function rangeStart(now: Date, range: RangePreset, timezone: string): Date {
  const p = localParts(now, timezone);
  if (range === 'month') return zonedTime(p.year, p.month, 1, 0, 0, timezone);
  const today = zonedTime(p.year, p.month, p.day, 0, 0, timezone);
  if (range === 'today') return today;
  const sinceMonday = (p.weekday + 6) % 7;
  const monday = new Date(today.getTime() - sinceMonday * DAY_MS);
  const m = localParts(monday, timezone);
  return zonedTime(m.year, m.month, m.day, 0, 0, timezone);
}

/**
 * A preset runs from its start up to and including `now` (exactly what `统计` counts); a custom
 * range is taken as given. Throws RangeError when `from` is not before `to`.
 */
export function figureRange(spec: RangeSpec, now: Date, timezone: string): FigureRange {
  if (typeof spec === 'string') return { from: rangeStart(now, spec, timezone), to: new Date(now.getTime() + 1), label: RANGE_NAMES[spec] };
  if (!(spec.from.getTime() < spec.to.getTime())) throw new RangeError('the range must start before it ends');
  return { from: spec.from, to: spec.to, label: rangeLabel(spec.from, spec.to, timezone) };
}

function rangeLabel(from: Date, to: Date, timezone: string): string {
  const last = new Date(to.getTime() - 1);
  const atMidnight = (t: Date) => localTime(t, timezone) === '00:00' && localParts(t, timezone).second === 0;
  if (atMidnight(from) && atMidnight(to)) {
    const a = localDate(from, timezone);
    const b = localDate(last, timezone);
    return a === b ? a : `${a} 至 ${b}`;
  }
  return `${localDate(from, timezone)} ${localTime(from, timezone)} 至 ${localDate(last, timezone)} ${localTime(last, timezone)}`;
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDay(s: string): [number, number, number] | null {
  const m = DAY_RE.exec(s.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d ? [y, mo, d] : null;
}

/**
 * A custom range from a form: local days "2026-11-01" to "2026-11-07", both included. Gives a
 * Chinese explanation instead when the input is not usable.
 */
export function dayRange(fromDay: string, toDay: string, timezone: string): { ok: true; range: FigureRange } | { ok: false; error: string } {
  const a = validDay(fromDay);
  const b = validDay(toDay);
  if (!a || !b) return { ok: false, error: '日期请写成 2026-11-01 这样的格式。' };
  const from = zonedTime(a[0], a[1], a[2], 0, 0, timezone);
  const lastStart = zonedTime(b[0], b[1], b[2], 0, 0, timezone);
  if (lastStart < from) return { ok: false, error: '结束日期不能早于开始日期。' };
  const days = daysBetween(fromDay.trim(), toDay.trim()).length;
  if (days > MAX_RANGE_DAYS) return { ok: false, error: `时间范围最长 ${MAX_RANGE_DAYS} 天，请缩短后再查。` };
  const next = new Date(Date.parse(`${toDay.trim()}T12:00:00Z`) + DAY_MS);
  const to = zonedTime(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, 0, timezone);
  return { ok: true, range: { from, to, label: rangeLabel(from, to, timezone) } };
}

/** "2026-11" → the whole month, labelled 2026年11月. Throws on a malformed month. */
export function monthRange(month: string, timezone: string): FigureRange {
  const { from, to } = monthBounds(month, timezone);
  return { from, to, label: `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月` };
}

export interface CategoryFigures extends Timing {
  category: string;
  /** 维修类别 in Chinese */
  name: string;
  /** the configured targets for a non-urgent ticket of this category (config.sla) */
  respondTargetMinutes: number;
  resolveTargetHours: number;
}

export interface StaffFigures extends Timing {
  contactId: string;
  name: string;
  role: Role | null;
  /** 经理 / 主管 / 客服/管家 / 维修师傅, or 已离职 for someone no longer on the roster */
  roleName: string;
  active: boolean;
}

export interface Figures extends Omit<TicketStats, 'perCategory' | 'perAssignee'> {
  range: FigureRange & {
    /** every local day of the range, for charts that show quiet days too */
    days: string[];
    /** deadlines up to this moment are judged (the end of the range, or now when it is still running) */
    asOf: Date;
  };
  /** per category, most tickets first, with the configured targets */
  categories: CategoryFigures[];
  /** every active staff member (also those with no tickets) and anyone else who had tickets, most tickets first */
  staff: StaffFigures[];
}

/**
 * The figures of the tickets opened in `range` (and the ratings given on them): by intent,
 * category and building; response and resolution medians and the share within target (each
 * ticket's own deadlines, which come from config.sla per category and urgency and move while it
 * is held); satisfaction (share of 4–5) flagged below 70%; per day; per staff member (the tickets
 * they work on). Deadlines still ahead of `now` are not judged yet.
 */
export async function dashboardFigures(db: Tx, config: Config, range: { from: Date; to: Date; label?: string }, now: Date): Promise<Figures> {
  const tz = config.timezone;
  const asOf = now < range.to ? now : range.to;
  const days = daysBetween(localDate(range.from, tz), localDate(new Date(range.to.getTime() - 1), tz));
  const { perCategory, perAssignee, ...stats } = await queryStats(db, range, asOf, tz, days);
  const assigneeIds = perAssignee.map((a) => a.assigneeId);
  const people = await db.select().from(staff)
    .where(assigneeIds.length ? or(eq(staff.active, true), inArray(staff.contactId, assigneeIds)) : eq(staff.active, true))
    .orderBy(asc(staff.createdAt));
  const byId = new Map(people.map((p) => [p.contactId, p]));
  const none = { count: 0, within: 0, share: null };
  const noTickets: Timing = {
    tickets: 0, resolved: 0, medianResponseMinutes: null, medianResolutionHours: null,
    respondedInTime: none, resolvedInTime: none, satisfaction: { ratings: 0, satisfied: 0, share: null, belowTarget: false },
  };
  const staffRows: StaffFigures[] = perAssignee.map(({ assigneeId, ...timing }) => {
    const p = byId.get(assigneeId);
    return { contactId: assigneeId, name: p?.name ?? assigneeId, role: (p?.role as Role) ?? null, roleName: p?.active ? roleName(p.role) : '已离职', active: !!p?.active, ...timing };
  });
  for (const p of people) {
    if (p.active && !staffRows.some((s) => s.contactId === p.contactId)) {
      staffRows.push({ contactId: p.contactId, name: p.name, role: p.role as Role, roleName: roleName(p.role), active: true, ...noTickets });
    }
  }
  return {
    ...stats,
    range: { from: range.from, to: range.to, label: range.label ?? rangeLabel(range.from, range.to, tz), days, asOf },
    categories: perCategory.map(({ category, ...timing }) => {
      const t = targetsFor({ category, urgent: false }, config.sla);
      return { category, name: categoryName(category), respondTargetMinutes: t.respondMs / 60_000, resolveTargetHours: t.resolveMs / 3_600_000, ...timing };
    }),
    staff: staffRows,
  };
}

/** A table of figures for the console and for CSV download. */
export interface FigureTable {
  /** a short file-safe key: summary, intent, category, building, staff, daily, complaints, tickets */
  name: string;
  /** 中文标题 */
  title: string;
  columns: string[];
  /** numbers stay numbers; a missing value is '' */
  rows: (string | number)[][];
}

const round = (x: number | null, digits = 1): number | string => (x === null ? '' : Number(x.toFixed(digits)));
const ofCount = (s: { within: number; count: number }) => `${s.within}/${s.count}`;

/** Every table of the figures, in the order a dashboard shows them. */
export function figureTables(f: Figures): FigureTable[] {
  const sat = f.satisfaction;
  return [
    {
      name: 'summary', title: `概况（${f.range.label}）`, columns: ['项目', '数值'],
      rows: [
        ['工单数', f.total],
        ['响应时间中位数（分钟）', round(f.medianResponseMinutes)],
        ['解决时间中位数（小时）', round(f.medianResolutionHours, 2)],
        ['按时响应比例', percent(f.respondedInTime.share)],
        ['按时响应（按时/已到期）', ofCount(f.respondedInTime)],
        ['按时解决比例', percent(f.resolvedInTime.share)],
        ['按时解决（按时/已到期）', ofCount(f.resolvedInTime)],
        ['评价数', sat.ratings],
        ['满意（4-5分）比例', percent(sat.share)],
        [`低于${percent(SATISFACTION_TARGET)}需复盘`, sat.belowTarget ? '是' : '否'],
      ],
    },
    {
      name: 'intent', title: '按类型', columns: ['类型', '工单数'],
      rows: Object.entries(f.byIntent).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, n]) => [intentName(k), n]),
    },
    {
      name: 'category', title: '按类别',
      columns: ['类别', '工单数', '已解决', '响应目标（分钟）', '解决目标（小时）', '响应中位（分钟）', '解决中位（小时）', '按时响应', '按时解决', '评价数', '满意比例'],
      rows: f.categories.map((c) => [
        c.name, c.tickets, c.resolved, c.respondTargetMinutes, c.resolveTargetHours, round(c.medianResponseMinutes), round(c.medianResolutionHours, 2),
        percent(c.respondedInTime.share), percent(c.resolvedInTime.share), c.satisfaction.ratings, percent(c.satisfaction.share),
      ]),
    },
    {
      name: 'building', title: '按楼栋', columns: ['楼栋', '工单数'],
      rows: Object.entries(f.byBuilding).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, n]) => [k, n]),
    },
    {
      name: 'staff', title: '按员工',
      columns: ['员工', '角色', '处理工单', '已解决', '响应中位（分钟）', '解决中位（小时）', '按时响应', '按时解决', '评价数', '满意比例', '低于70%'],
      rows: f.staff.map((s) => [
        s.name, s.roleName, s.tickets, s.resolved, round(s.medianResponseMinutes), round(s.medianResolutionHours, 2),
        percent(s.respondedInTime.share), percent(s.resolvedInTime.share), s.satisfaction.ratings, percent(s.satisfaction.share),
        s.satisfaction.belowTarget ? '是' : '',
      ]),
    },
    {
      name: 'daily', title: '每日', columns: ['日期', '工单数', '评价数', '满意数', '满意比例'],
      rows: f.perDay.map((d) => [d.date, d.tickets, d.ratings, d.satisfied, percent(d.ratings ? d.satisfied / d.ratings : null)]),
    },
    {
      name: 'complaints', title: '投诉最多的类别', columns: ['名次', '类别', '投诉数'],
      rows: f.topComplaints.map(([k, n], i) => [i + 1, categoryName(k), n]),
    },
  ];
}

/** A table as a CSV file (UTF-8 with BOM, so Excel shows the Chinese). */
export function tableCsv(t: FigureTable): string {
  return toCsv(t.columns, t.rows);
}

/** Every ticket opened in the range, one row each, for download (the monthly report's ticket list). */
export async function ticketListTable(db: Tx, config: Config, range: { from: Date; to: Date }): Promise<FigureTable> {
  const tz = config.timezone;
  const rows = await db.select().from(tickets)
    .where(and(gte(tickets.createdAt, range.from), lt(tickets.createdAt, range.to))).orderBy(asc(tickets.id));
  const ratings = new Map<number, number[]>();
  if (rows.length) {
    const rated = await db.select({ ticketId: ticketReporters.ticketId, rating: ticketReporters.rating }).from(ticketReporters)
      .innerJoin(tickets, eq(tickets.id, ticketReporters.ticketId))
      .where(and(gte(tickets.createdAt, range.from), lt(tickets.createdAt, range.to)))
      .orderBy(asc(ticketReporters.ticketId), asc(ticketReporters.createdAt));
    for (const r of rated) if (r.rating !== null) ratings.set(r.ticketId, [...(ratings.get(r.ticketId) ?? []), r.rating]);
  }
  return {
    name: 'tickets', title: '工单明细',
    columns: ['工单号', '登记时间', '类型', '类别', '小区', '楼栋', '位置', '状态', '紧急', '反映人数', '响应分钟', '解决小时', '按时响应', '按时解决', '评分', '重开次数'],
    rows: rows.map((t) => [
      t.id, `${localDate(t.createdAt, tz)} ${localTime(t.createdAt, tz)}`, intentName(t.intent), categoryName(t.category), t.community ?? '', t.building ?? '',
      t.location ?? '', statusName(t.status), t.urgent ? '是' : '否', t.reporterCount,
      t.acceptedAt ? round((t.acceptedAt.getTime() - t.createdAt.getTime()) / 60_000) : '',
      t.resolvedAt ? round((t.resolvedAt.getTime() - t.createdAt.getTime()) / 3_600_000, 2) : '',
      t.acceptedAt ? (t.acceptedAt <= t.respondDueAt ? '是' : '否') : '',
      t.resolvedAt ? (t.resolvedAt <= t.resolveDueAt ? '是' : '否') : '',
      (ratings.get(t.id) ?? []).join('/'), t.reopenCount,
    ]),
  };
}
