import { and, asc, eq, inArray, isNotNull, min } from 'drizzle-orm';
import type { Tx } from '../../db/connect.js';
import { ticketReporters, tickets } from '../../db/schema.js';
import { PRIORITY } from '../../outbox/enqueue.js';
import { Outbound } from '../../outbox/outbound.js';
import type { Services } from '../types.js';
import type { Job } from '../jobs.js';
import { timeFrom } from '../time.js';
import * as act from './actions.js';
import { dueLevel, durationWords, nextSlaStep, runningClocks, targetsFor, type SlaClock, type SlaLevel } from './sla.js';
import { managers, names, recordEvent, shortSummary, supervisorsToAlert, titledNames } from './store.js';
import type { TicketRow } from '../types.js';

const DAY = 24 * 3_600_000;

async function runningTickets(tx: Tx | Services['db'], lock: boolean): Promise<TicketRow[]> {
  const q = tx.select().from(tickets).where(inArray(tickets.status, ['open', 'accepted'])).orderBy(asc(tickets.id));
  return lock ? q.for('update', { skipLocked: true }) : q;
}

/** Reminder before a deadline, supervisor at it, manager at twice the target — paused tickets wait. */
const slaJob: Job = {
  name: 'ticket-sla',
  async nextDueAt(svc) {
    let next: Date | null = null;
    for (const t of await runningTickets(svc.db, false)) {
      const step = nextSlaStep(t, svc.config.sla);
      if (step && (!next || step.at < next)) next = step.at;
    }
    return next;
  },
  async run(svc, now) {
    await svc.db.transaction(async (tx) => {
      for (const t of await runningTickets(tx, true)) {
        const targets = targetsFor(t, svc.config.sla);
        const remind = svc.config.sla.remindBeforeMinutes * 60_000;
        for (const clock of runningClocks(t.status)) {
          const due = clock === 'respond' ? t.respondDueAt : t.resolveDueAt;
          const done = clock === 'respond' ? t.respondLevel : t.resolveLevel;
          const target = clock === 'respond' ? targets.respondMs : targets.resolveMs;
          const level = dueLevel(due, done, target, remind, now);
          if (!level) continue;
          await tx.update(tickets).set(clock === 'respond' ? { respondLevel: level } : { resolveLevel: level }).where(eq(tickets.id, t.id));
          await escalate(svc, tx, now, t, clock, level, due, target);
        }
      }
    });
  },
};

export async function escalate(svc: Services, tx: Tx, now: Date, t: TicketRow, clock: SlaClock, level: SlaLevel, due: Date, targetMs: number): Promise<void> {
  const what = `工单 #${t.id}（${shortSummary(t.summary, 16)}，${t.location ?? '位置待确认'}）`;
  const deadline = clock === 'respond' ? '响应' : '解决';
  const notYet = clock === 'respond' ? '仍未接单' : '仍未完成';
  const assignee = t.assigneeId ? [t.assigneeId] : [];
  const dedupeKey = `sla:${t.id}:${clock}:${level}:${due.toISOString()}`;
  let text: string;
  let mentionIds: string[];
  if (level === 1) {
    const left = Math.max(1, Math.round((due.getTime() - now.getTime()) / 60_000));
    text = `⏰ ${what}还有${left}分钟到${deadline}时限（${timeFrom(now, due, svc.config.timezone)}），${clock === 'respond' ? '请尽快接单' : '请抓紧处理；如在等配件或等住户，请「挂起」'}。`;
    mentionIds = assignee;
  } else if (level === 2) {
    const supervisors = await supervisorsToAlert(tx, t.assigneeId);
    text = `⚠️ ${what}已超过${deadline}时限（${durationWords(targetMs)}）${notYet}，请${titledNames(supervisors) || '主管'}跟进安排。`;
    mentionIds = [...supervisors.map((s) => s.contactId), ...assignee];
  } else {
    const bosses = await managers(tx, t.assigneeId);
    const supervisors = (await supervisorsToAlert(tx, t.assigneeId)).map((s) => s.contactId);
    text = `🔴 ${what}${notYet}，已超时${durationWords(targetMs)}（两倍时限），请经理${names(bosses)}关注处理。`;
    mentionIds = [...bosses.map((s) => s.contactId), ...supervisors, ...assignee];
  }
  await recordEvent(tx, { ticketId: t.id, at: now, action: level === 1 ? 'remind' : 'escalate', fromStatus: t.status, toStatus: t.status, note: text });
  await new Outbound(tx, now, svc.log).toStaff(text, { mentionIds, priority: level === 1 ? PRIORITY.reply : PRIORITY.urgent, kind: level === 1 ? 'reminder' : 'alert', dedupeKey, ticketId: t.id });
}

/** No answer to the rating question within the time-out: the ticket is closed without a rating. */
const ratingTimeoutJob: Job = {
  name: 'ticket-rating-timeout',
  async nextDueAt(svc) {
    const [row] = await svc.db.select({ first: min(tickets.ratingRequestedAt) }).from(tickets)
      .where(and(eq(tickets.status, 'resolved'), isNotNull(tickets.ratingRequestedAt)));
    const first = row?.first ? new Date(row.first) : null;
    return first ? new Date(first.getTime() + svc.config.rating.timeoutDays * DAY) : null;
  },
  async run(svc, now) {
    const cutoff = new Date(now.getTime() - svc.config.rating.timeoutDays * DAY);
    await svc.db.transaction(async (tx) => {
      const due = await tx.select().from(tickets)
        .where(and(eq(tickets.status, 'resolved'), isNotNull(tickets.ratingRequestedAt)))
        .for('update', { skipLocked: true });
      for (const t of due) {
        if (!t.ratingRequestedAt || t.ratingRequestedAt > cutoff) continue;
        const scores = (await tx.select({ r: ticketReporters.rating }).from(ticketReporters).where(eq(ticketReporters.ticketId, t.id)))
          .map((r) => r.r).filter((r): r is number => r !== null);
        const rating = scores.length ? Math.round(scores.reduce((a, b) => a + b, 0) / scores.length) : null;
        await act.close(tx, now, t, { id: null, name: null }, 'expire', `${svc.config.rating.timeoutDays}天内未评价，自动关闭`, rating);
      }
    });
  },
};

export const ticketJobs: Job[] = [slaJob, ratingTimeoutJob];
