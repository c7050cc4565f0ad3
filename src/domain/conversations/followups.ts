import { and, desc, eq, inArray } from 'drizzle-orm';
import { ticketEvents, ticketReporters, tickets } from '../../db/schema.js';
import { toSimplified } from '../../nlu/index.js';
import { splitQuote } from '../../nlu/normalize.js';
import { PRIORITY } from '../../outbox/enqueue.js';
import type { Ctx, Handler } from '../context.js';
import { excerpt } from '../excerpt.js';
import { timeFrom } from '../time.js';
import { halfWidthDigits } from '../tickets/args.js';
import { escalate } from '../tickets/jobs.js';
import { isActive, statusName } from '../tickets/lifecycle.js';
import { dueLevel, runningClocks, targetsFor, type SlaLevel } from '../tickets/sla.js';
import { recordEvent, restatement, staffById, supervisorsToAlert } from '../tickets/store.js';
import type { TicketRow } from '../types.js';

const TICKET_REF = /[#＃]\s*(\d{1,9})(?!\d)/g;
/** A resident chasing their ticket: nobody came, still not fixed, when will the technician arrive. */
const CHASE = /还没(?:有)?人|还没修|还没来|还不来|还没到|还没好|还没弄|还没处理|怎么还没|咋还没|没人来|没人管|没人理|没人处理|没人联系|师傅(?:什么时候|几点|啥时候|哪天|怎么还|到哪)|(?:什么时候|几点|啥时候|哪天)(?:来|到|修|上门|能修|处理|有人)|多久(?:能|才|来)|还要多久|要等多久|还得多久|进度|进展|处理得怎么样|怎么样了|到哪了|等了(?:好久|半天|很久|一上午|一下午|一天|.{1,4}(?:小时|天|钟头))|催一下|催催|有人管吗|有人处理吗|有人来吗|有结果吗|有回复吗/;
/** An @bot question about a ticket's state. */
const STATUS = /进度|进展|状态|怎么样|到哪|什么时候|几点|多久|处理了吗|修了吗|有人接|接单了吗|有人来吗|结果/;
/** How long a resident's chases of one ticket are gathered into one staff-room nudge. */
const NUDGE_EVERY_MS = 10 * 60_000;

/**
 * Follow-ups go to the right ticket: a message quoting a bot message that names #id, naming #id
 * itself, or from the reporter of an open ticket and chasing it, is attached to that ticket's
 * record. The resident hears its status, the assignee is nudged, an overdue ticket's escalation
 * moves on. It opens no ticket. A resident with several open tickets is asked which one.
 */
export const followUpHandler: Handler = async (ctx, next) => {
  if (ctx.room?.isStaffRoom || ctx.staff) return next();
  const { own, quoted } = splitQuote(ctx.text);
  const words = toSimplified(halfWidthDigits(own)).trim();
  const named = refs(words);
  const fromQuote = named.length ? [] : refs(toSimplified(halfWidthDigits(quoted ?? '')));
  const chasing = CHASE.test(words) || ((ctx.msg.mentionsBot || ctx.isPrivate) && STATUS.test(words));
  let candidates: TicketRow[];
  if (named.length || fromQuote.length) {
    candidates = await visibleTickets(ctx, named.length ? named : fromQuote);
    if (!candidates.length) return next();
  } else {
    if (!chasing) return next();
    candidates = await openTicketsOf(ctx);
    if (!candidates.length) return next();
  }
  if (candidates.length > 1) {
    const active = candidates.filter((t) => isActive(t.status));
    if (active.length === 1) candidates = active;
  }
  if (candidates.length > 1) return askWhich(ctx, candidates);
  await followUp(ctx, candidates[0]!, excerpt(own, 200), chasing);
};

function refs(text: string): number[] {
  return [...new Set([...text.matchAll(TICKET_REF)].map((m) => Number(m[1])))];
}

/** Tickets the sender may ask about: their own, or a shared one of this group. Nobody sees another resident's ticket. */
async function visibleTickets(ctx: Ctx, ids: number[]): Promise<TicketRow[]> {
  const rows = await ctx.tx.select({ t: tickets, mine: ticketReporters.contactId }).from(tickets)
    .leftJoin(ticketReporters, and(eq(ticketReporters.ticketId, tickets.id), eq(ticketReporters.contactId, ctx.msg.talkerId)))
    .where(inArray(tickets.id, ids.slice(0, 5)));
  return rows.filter((r) => r.mine !== null || (r.t.reporterCount > 1 && r.t.roomId !== null && r.t.roomId === ctx.msg.roomId)).map((r) => r.t);
}

async function openTicketsOf(ctx: Ctx): Promise<TicketRow[]> {
  const rows = await ctx.tx.select({ t: tickets }).from(ticketReporters).innerJoin(tickets, eq(tickets.id, ticketReporters.ticketId))
    .where(and(eq(ticketReporters.contactId, ctx.msg.talkerId), inArray(tickets.status, ['open', 'accepted', 'paused'])))
    .orderBy(desc(tickets.id)).limit(5);
  return rows.map((r) => r.t);
}

async function askWhich(ctx: Ctx, ts: TicketRow[]): Promise<void> {
  ctx.outcome.askWhich = ts.map((t) => t.id);
  const list = [...ts].sort((a, b) => a.id - b.id).map((t) => `#${t.id}（${restatement(t)}）`).join('、');
  await ctx.reply(`您有${ts.length}张在处理的工单：${list}。请问问的是哪一张？回复时带上编号就行，例如「#${ts[0]!.id} 还没人来」。`);
}

async function followUp(ctx: Ctx, t: TicketRow, note: string, chasing: boolean): Promise<void> {
  const { tx, now } = ctx;
  ctx.outcome.ticket = t.id;
  ctx.outcome.followUp = true;
  await recordEvent(tx, { ticketId: t.id, at: now, actorId: ctx.msg.talkerId, actorName: ctx.msg.talkerName, action: 'follow-up', note });
  // a thank-you or a remark under the quoted ticket message is on the record; it needs no answer
  if (!chasing && !ctx.msg.mentionsBot && !isQuestion(note)) {
    ctx.outcome.quiet = true;
    return;
  }
  const escalated = isActive(t.status) ? await moveEscalationOn(ctx, t) : false;
  await ctx.reply(await statusLine(ctx, t, escalated), { kind: 'status', ticketId: t.id });
  if (isActive(t.status)) await nudge(ctx, t, note);
}

const isQuestion = (s: string) => /[?？吗呢么]$|什么|怎么|多久|几点|哪/.test(s);

/** The ticket's state in a few lines: who accepted it and when, the latest step, what comes next. */
async function statusLine(ctx: Ctx, t: TicketRow, escalated: boolean): Promise<string> {
  const tz = ctx.svc.config.timezone;
  const at = (d: Date) => timeFrom(ctx.now, d, tz);
  const head = `工单 #${t.id}（${restatement(t)}）`;
  const [latest] = await ctx.tx.select().from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, t.id), inArray(ticketEvents.action, ['progress', 'hold'])))
    .orderBy(desc(ticketEvents.id)).limit(1);
  const step = latest?.note && latest.action === 'progress' ? `最新进展（${at(latest.at)}）：${excerpt(latest.note, 60)}。` : '';
  const late = escalated ? '已上报主管跟进，给您添麻烦了。' : '';
  if (t.status === 'open') {
    const who = t.intent === 'repair' ? '师傅' : '专人';
    const promise = t.respondDueAt > ctx.now ? `按承诺${at(t.respondDueAt)}前会有人联系您。` : `已超过承诺的${at(t.respondDueAt)}，`;
    return `${head}${at(t.createdAt)}已登记，还在安排${who}；${promise}${late || '已催促尽快安排。'}`;
  }
  const who = (await staffById(ctx.tx, t.assigneeId))?.name ?? '工作人员';
  if (t.status === 'accepted') {
    return `${head}由${who}${t.acceptedAt ? `于${at(t.acceptedAt)}` : ''}接单，正在处理。${step}${late || `按承诺${at(t.resolveDueAt)}前处理好。`}已提醒${who}尽快联系您。`;
  }
  if (t.status === 'paused') return `${head}目前${statusName(t.status)}${latest?.note && latest.action === 'hold' ? `：${excerpt(latest.note, 60)}` : ''}，条件具备后马上继续处理并通知您。`;
  return `${head}已于${t.resolvedAt ? at(t.resolvedAt) : '近期'}${statusName(t.status)}。如果问题还在，直接回复「没修好」，我们马上再安排。`;
}

/** The assignee (or, with nobody on it, the supervisors) hears the chase in the staff room, gathered per ten minutes. */
async function nudge(ctx: Ctx, t: TicketRow, note: string): Promise<void> {
  const people = t.assigneeId ? [t.assigneeId] : (await supervisorsToAlert(ctx.tx)).map((s) => s.contactId);
  const slot = Math.floor(ctx.now.getTime() / NUDGE_EVERY_MS);
  const ask = t.assigneeId ? '请尽快联系住户，并发「进度 #' + t.id + ' 说明」告诉住户进展。' : `还没有人接单，请尽快安排（「派单 #${t.id} @同事」）。`;
  await ctx.out.toStaff(`📣 ${ctx.msg.talkerName} 在催工单 #${t.id}（${restatement(t)}，${t.location ?? '位置待确认'}）：「${excerpt(note, 60)}」${ask}`, {
    mentionIds: people, priority: PRIORITY.reply, kind: 'nudge', dedupeKey: `chase:${t.id}:${ctx.msg.talkerId}:${slot}`, replacePending: true, ticketId: t.id,
  });
}

/**
 * A chase of a ticket already past a deadline moves its escalation chain on at once (to the
 * supervisor, then the manager) instead of waiting for the next step's time. Returns whether it did.
 */
async function moveEscalationOn(ctx: Ctx, t: TicketRow): Promise<boolean> {
  const { svc, tx, now } = ctx;
  const targets = targetsFor(t, svc.config.sla);
  const remind = svc.config.sla.remindBeforeMinutes * 60_000;
  let moved = false;
  for (const clock of runningClocks(t.status)) {
    const due = clock === 'respond' ? t.respondDueAt : t.resolveDueAt;
    if (due > now) continue;
    const done = clock === 'respond' ? t.respondLevel : t.resolveLevel;
    const target = clock === 'respond' ? targets.respondMs : targets.resolveMs;
    const level = Math.min(3, Math.max(done + 1, dueLevel(due, done, target, remind, now) ?? 2, 2)) as SlaLevel;
    if (level <= done) continue;
    await tx.update(tickets).set(clock === 'respond' ? { respondLevel: level } : { resolveLevel: level }).where(eq(tickets.id, t.id));
    await escalate(svc, tx, now, t, clock, level, due, target);
    moved = true;
  }
  return moved;
}
