import { and, asc, desc, eq, gte, inArray, isNull, like, lte, sql } from 'drizzle-orm';
import type { Tx } from '../../db/connect.js';
import { bills, bindings, outbox, tickets, units } from '../../db/schema.js';
import { PRIORITY } from '../../outbox/enqueue.js';
import type { Outbound } from '../../outbox/outbound.js';
import type { Services } from '../types.js';
import { broadcastNotBefore, queueToRooms } from '../schedules/broadcast.js';
import type { FireFn } from '../schedules/engine.js';
import { buildingGroups } from '../schedules/targets.js';
import { addDays, isoWeek, localDate } from '../time.js';
import { householdHolds, holdText, type Hold } from './arrears.js';
import { dayLabel, statementText, unitLabel, type BillRow, type UnitRow } from './ledger.js';

const DAY_MS = 86_400_000;
const PRIVATE_INTERVAL_DAYS = 7;
const SERVICE_WINDOW_DAYS = 30;



export function groupReminderText(dueDate: string, servedLately: number): string {
  const service = servedLately > 0 ? `近一个月，我们为本楼处理了 ${servedLately} 项报修和服务，感谢大家的理解与配合。\n` : '';
  return `【温馨提示】各位邻居好，本期物业费将于${dayLabel(dueDate)}截止缴纳。${service}`
    + '还没来得及缴纳的邻居，可到物业服务中心或通过线上渠道办理，已缴纳的请忽略。'
    + '家里如有困难，欢迎私聊管家，我们一起商量办法。谢谢大家对小区的支持！';
}

export function privateReminderText(unit: UnitRow, unpaid: BillRow[], today: string): string {
  const overdue = unpaid.some((b) => b.dueDate < today);
  return `您好！${overdue ? '温馨提醒，您家有一笔物业费已过缴费日期：' : '温馨提醒，您家的物业费快到缴费日期了：'}\n`
    + `${statementText(unit, unpaid, today)}\n`
    + '可到物业服务中心或通过线上渠道缴纳，已缴纳的请忽略。'
    + '如果近期手头不方便，可以回复或联系管家商量分期缴纳，不收滞纳金；对服务有意见也请直接告诉我们，我们先把问题解决好。'
    + '感谢您对小区的支持！';
}

/** Tickets resolved lately in a building's groups: the service statement that accompanies a reminder. */
async function servedLately(tx: Tx, roomIds: string[], now: Date): Promise<number> {
  if (!roomIds.length) return 0;
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(tickets)
    .where(and(inArray(tickets.roomId, roomIds), gte(tickets.resolvedAt, new Date(now.getTime() - SERVICE_WINDOW_DAYS * DAY_MS))));
  return row?.n ?? 0;
}

/**
 * Group-wide: once per group and due date, in the `feeReminderDaysBefore` days before it (a run
 * missed on the exact day is made up the next day); it names no household and no amount.
 */
async function remindGroups(out: Outbound, svc: Services, now: Date, today: string): Promise<number> {
  const { tx } = out;
  const horizon = addDays(today, svc.config.feeReminderDaysBefore);
  const due = await tx.selectDistinct({ community: units.community, building: units.building, dueDate: bills.dueDate })
    .from(bills).innerJoin(units, eq(units.id, bills.unitId))
    .where(and(isNull(bills.paidAt), gte(bills.dueDate, today), lte(bills.dueDate, horizon)))
    .orderBy(asc(bills.dueDate));
  if (!due.length) return 0;
  const groups = await buildingGroups(tx);
  let queued = 0;
  for (const d of due) {
    const targets = groups.filter((r) => r.community === d.community && r.building === d.building);
    if (!targets.length) continue;
    const text = groupReminderText(d.dueDate, await servedLately(tx, targets.map((r) => r.id), now));
    queued += await queueToRooms(out, svc, targets, text, { kind: 'reminder', key: `fee-group:${d.dueDate}` });
  }
  return queued;
}

async function remindedWithinInterval(tx: Tx, svc: Services, unitId: number, contactId: string, today: string): Promise<boolean> {
  const [last] = await tx.select({ createdAt: outbox.createdAt }).from(outbox)
    .where(and(eq(outbox.contactId, contactId), like(outbox.dedupeKey, `fee:${unitId}:%`)))
    .orderBy(desc(outbox.createdAt)).limit(1);
  return !!last && localDate(last.createdAt, svc.config.timezone) > addDays(today, -PRIVATE_INTERVAL_DAYS);
}

/** What the staff room is told about a household whose reminder is held (no amount, no phone). */
export function holdNoteText(label: string, holds: Hold[], timezone: string): string {
  const open = holds.find((h) => h.kind === 'open-ticket');
  const first = open ? `请先把工单 #${open.ticketId} 处理好` : '请先回访，把问题解决好';
  return `【暂缓催缴】${label}：该户${holds.map((h) => holdText(h, timezone)).join('；')}。`
    + `按先解决问题、再谈缴费的做法，本周不给该户发私信催缴；${first}，之后提醒会照常发出。`;
}

/**
 * Private: each confirmed resident of a unit with a bill due within the reminder window (or
 * overdue) hears the amount and period in a private chat, at most once per ISO week (dedupe key)
 * and never sooner than 7 days after the last one; paid bills drop out. A household with an open
 * complaint or repair, or a low rating lately (arrears.ts), is not reminded: the staff room hears
 * why, once per household per week.
 */
async function remindHouseholds(out: Outbound, svc: Services, now: Date, today: string): Promise<{ reminded: number; held: number }> {
  const { tx } = out;
  const tz = svc.config.timezone;
  const horizon = addDays(today, svc.config.feeReminderDaysBefore);
  const dueUnits = await tx.selectDistinct({ unitId: bills.unitId }).from(bills)
    .where(and(isNull(bills.paidAt), lte(bills.dueDate, horizon)));
  const holds = await householdHolds(tx, now, dueUnits.map((u) => u.unitId));
  const notBefore = broadcastNotBefore(svc, now);
  let reminded = 0;
  let held = 0;
  for (const { unitId } of dueUnits) {
    const [unit] = await tx.select().from(units).where(eq(units.id, unitId));
    if (!unit) continue;
    const residents = await tx.select({ contactId: bindings.contactId }).from(bindings)
      .where(and(eq(bindings.unitId, unitId), eq(bindings.status, 'confirmed'))).orderBy(asc(bindings.id));
    if (!residents.length) continue;
    const hold = holds.get(unitId);
    if (hold?.length) {
      held++;
      await out.toStaff(holdNoteText(unitLabel(unit), hold, tz), {
        priority: PRIORITY.scheduled, kind: 'fee-hold', dedupeKey: `fee-hold:${unitId}:${isoWeek(today)}`, notBefore,
      });
      continue;
    }
    const unpaid = await tx.select().from(bills).where(and(eq(bills.unitId, unitId), isNull(bills.paidAt), lte(bills.dueDate, horizon))).orderBy(asc(bills.dueDate));
    for (const { contactId } of residents) {
      if (await remindedWithinInterval(tx, svc, unitId, contactId, today)) continue;
      const ok = await out.send({ contactId }, privateReminderText(unit, unpaid, today), {
        priority: PRIORITY.scheduled, kind: 'reminder',
        dedupeKey: `fee:${unitId}:${isoWeek(today)}:${contactId}`, notBefore,
      });
      if (ok) reminded++;
    }
  }
  return { reminded, held };
}

/** The built-in daily fee run (FEE_REMINDER_TIME, default 10:00), claimed per day in schedule_runs. */
export const fireFeeReminders: FireFn = async ({ out, svc, now, slot }) => {
  const today = localDate(slot, svc.config.timezone);
  const groups = await remindGroups(out, svc, now, today);
  const households = await remindHouseholds(out, svc, now, today);
  return `group reminders ${groups}, private reminders ${households.reminded}, households held ${households.held}`;
};
