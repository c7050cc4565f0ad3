import { and, asc, eq, isNull, lte, min } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Tx } from '../../db/connect.js';
import { handlingReports, incidents, ticketEvents, ticketReporters } from '../../db/schema.js';
import { Outbound } from '../../outbox/outbound.js';
import type { Job } from '../jobs.js';
import { maskPersonalData } from '../privacy.js';
import { localDate, localTime } from '../time.js';
import { restatement, staffById, supervisorsToAlert, titledNames } from '../tickets/store.js';
import type { TicketRow } from '../types.js';
import { excerpt } from '../excerpt.js';

/** Building-wide supplies: an outage of one of these reported by several residents is a serious incident. */
const OUTAGE_KINDS = new Set(['power', 'water', 'gas']);

/** A lift fault, a building-wide outage or anything urgent needs a written handling report (docs/practice.md). */
export async function isSerious(tx: Tx, t: TicketRow): Promise<boolean> {
  if (t.urgent || t.category === 'lift') return true;
  const [i] = await tx.select({ kind: incidents.kind }).from(incidents).where(eq(incidents.ticketId, t.id)).limit(1);
  return !!i && OUTAGE_KINDS.has(i.kind) && t.reporterCount > 1;
}

/** The report drafted from the ticket's record: what happened, when reported, when fixed, cause and work as staff wrote them. */
export async function draftFrom(tx: Tx, config: Config, t: TicketRow): Promise<string> {
  const tz = config.timezone;
  const when = (d: Date) => `${Number(localDate(d, tz).slice(5, 7))}月${Number(localDate(d, tz).slice(8))}日${localTime(d, tz)}`;
  const events = await tx.select().from(ticketEvents).where(eq(ticketEvents.ticketId, t.id)).orderBy(asc(ticketEvents.id));
  const resolved = [...events].reverse().find((e) => e.action === 'resolve');
  const accepted = events.find((e) => e.action === 'accept' || e.action === 'assign');
  const assignee = (await staffById(tx, t.assigneeId))?.name ?? null;
  const steps = events.filter((e) => e.action === 'progress' && e.note).map((e) => `${localTime(e.at, tz)} ${excerpt(e.note!, 60)}`);
  const lines = [
    `【处理报告】${restatement(t)}（工单 #${t.id}）`,
    `情况：${when(t.createdAt)}起${t.reporterCount > 1 ? `，共${t.reporterCount}位住户反映` : '接到住户反映'}${t.urgent ? '，按紧急情况处理' : ''}。`,
    accepted ? `处理：${localTime(accepted.at, tz)}${assignee ? ` ${assignee}` : ''}接单${steps.length ? `；${steps.join('；')}` : ''}。` : '',
    `修复：${t.resolvedAt ? when(t.resolvedAt) : '—'}处理完成。`,
    `原因及处理：${resolved?.note ? excerpt(resolved.note, 200) : '（待补充）'}`,
    '给大家带来不便，非常抱歉，感谢各位邻居的理解与配合。',
  ];
  return maskPersonalData(lines.filter(Boolean).join('\n'));
}

/**
 * On resolving a serious incident: the draft is kept and the assignee's supervisor is asked in the
 * staff room to confirm or edit it; nothing goes to the group until then.
 */
export async function askForHandlingReport(out: Outbound, config: Config, t: TicketRow): Promise<void> {
  if (!(await isSerious(out.tx, t))) return;
  const [existing] = await out.tx.select().from(handlingReports).where(eq(handlingReports.ticketId, t.id));
  if (existing?.status === 'confirmed') return;
  const draft = await draftFrom(out.tx, config, t);
  const asked = await supervisorsToAlert(out.tx, t.assigneeId);
  const remindAt = new Date(out.now.getTime() + config.conversations.reportRemindHours * 3_600_000);
  await out.tx.insert(handlingReports).values({ ticketId: t.id, draft, askedIds: asked.map((s) => s.contactId), createdAt: out.now, remindAt })
    .onConflictDoUpdate({ target: handlingReports.ticketId, set: { draft, remindAt, remindedAt: null } });
  await out.toStaff(`📝 工单 #${t.id} 需要书面处理报告（48小时内），已按工单记录起草，请${titledNames(asked) || '主管'}核对：\n${draft}\n\n回复「报告 #${t.id} 确认」发到业主群，或「报告 #${t.id} 修改 完整的报告内容」改好后发出。`, {
    mentionIds: asked.map((s) => s.contactId), kind: 'report', dedupeKey: `handling-report:ask:${t.id}:${out.now.getTime()}`, ticketId: t.id,
  });
}

/** The groups the ticket's reporters wrote in (or the ticket's own group). */
export async function groupsOf(tx: Tx, t: TicketRow): Promise<string[]> {
  const rows = await tx.select({ roomId: ticketReporters.roomId }).from(ticketReporters).where(eq(ticketReporters.ticketId, t.id));
  return [...new Set([...rows.map((r) => r.roomId), t.roomId].filter((r): r is string => !!r))];
}

/** A draft nobody confirmed within HANDLING_REPORT_REMIND_HOURS: the people asked are reminded once. */
export const handlingReportReminderJob: Job = {
  name: 'handling-report-reminder',
  async nextDueAt(svc) {
    const [row] = await svc.db.select({ at: min(handlingReports.remindAt) }).from(handlingReports)
      .where(and(eq(handlingReports.status, 'draft'), isNull(handlingReports.remindedAt)));
    return row?.at ? new Date(row.at) : null;
  },
  async run(svc, now) {
    await svc.db.transaction(async (tx) => {
      const due = await tx.select().from(handlingReports)
        .where(and(eq(handlingReports.status, 'draft'), isNull(handlingReports.remindedAt), lte(handlingReports.remindAt, now)))
        .for('update', { skipLocked: true });
      for (const r of due) {
        await tx.update(handlingReports).set({ remindedAt: now }).where(eq(handlingReports.ticketId, r.ticketId));
        await new Outbound(tx, now, svc.log).toStaff(`⏰ 工单 #${r.ticketId} 的处理报告还没有确认（起草于${localTime(r.createdAt, svc.config.timezone)}），请回复「报告 #${r.ticketId} 确认」或「报告 #${r.ticketId} 修改 内容」。`, {
          mentionIds: r.askedIds, kind: 'reminder', dedupeKey: `handling-report:remind:${r.ticketId}:${r.createdAt.getTime()}`, ticketId: r.ticketId,
        });
      }
    });
  },
};
