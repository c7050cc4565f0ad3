import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import { ticketReporters, tickets } from '../../db/schema.js';
import { PRIORITY } from '../../outbox/enqueue.js';
import type { Ctx, Handler } from '../context.js';
import { excerpt } from '../excerpt.js';
import * as act from './actions.js';
import { parseRatingReply } from './rating-phrases.js';
import { recordEvent, reportersOf, supervisorsToAlert, shortSummary, titledNames } from './store.js';
import type { TicketRow } from '../types.js';

/**
 * Follow-up: a resident's "5" / "满意" / "没修好" answers the rating question of their most recent
 * ticket awaiting a rating. A matched reply stops here, so it never opens a new ticket.
 */
export const ratingHandler: Handler = async (ctx, next) => {
  if (ctx.room?.isStaffRoom) return next();
  const reply = parseRatingReply(ctx.text);
  if (!reply) return next();
  const t = await awaitingRating(ctx);
  if (!t) return next();
  ctx.outcome.ticket = t.id;
  if (reply.kind === 'not-fixed') {
    ctx.outcome.rating = 'not-fixed';
    await notFixed(ctx, t);
    return;
  }
  ctx.outcome.rating = reply.score;
  await rate(ctx, t, reply.score);
};

async function awaitingRating(ctx: Ctx): Promise<TicketRow | null> {
  const [row] = await ctx.tx.select({ t: tickets }).from(ticketReporters)
    .innerJoin(tickets, eq(ticketReporters.ticketId, tickets.id))
    .where(and(
      eq(ticketReporters.contactId, ctx.msg.talkerId), isNull(ticketReporters.rating),
      eq(tickets.status, 'resolved'), isNotNull(tickets.ratingRequestedAt),
    ))
    .orderBy(desc(tickets.resolvedAt), desc(tickets.id)).limit(1).for('update', { of: tickets });
  return row?.t ?? null;
}

async function notFixed(ctx: Ctx, t: TicketRow): Promise<void> {
  const words = excerpt(ctx.text, 200);
  const updated = await act.reopen(ctx.tx, ctx.now, ctx.svc.config, t, { id: ctx.msg.talkerId, name: ctx.msg.talkerName }, `住户反馈：${words}`);
  await ctx.reply(`非常抱歉！工单 #${t.id} 已重新打开，我们马上安排再来处理，给您添麻烦了。`, { ticketId: t.id });
  const supervisors = await supervisorsToAlert(ctx.tx, updated.assigneeId);
  await ctx.out.toStaff(`🔄 住户反馈工单 #${t.id}（${shortSummary(t.summary)}）没修好，已自动重开：「${words}」请尽快再次处理。`, {
    mentionIds: [...(updated.assigneeId ? [updated.assigneeId] : []), ...supervisors.map((s) => s.contactId)],
    priority: PRIORITY.urgent, kind: 'alert', ticketId: t.id,
  });
}

async function rate(ctx: Ctx, t: TicketRow, score: number): Promise<void> {
  await ctx.tx.update(ticketReporters).set({ rating: score, ratedAt: ctx.now })
    .where(and(eq(ticketReporters.ticketId, t.id), eq(ticketReporters.contactId, ctx.msg.talkerId)));
  await recordEvent(ctx.tx, { ticketId: t.id, at: ctx.now, actorId: ctx.msg.talkerId, actorName: ctx.msg.talkerName, action: 'rate', fromStatus: t.status, toStatus: t.status, note: `${score}分` });
  const reporters = await reportersOf(ctx.tx, t.id);
  const scores = reporters.map((r) => r.rating).filter((r): r is number => r !== null);
  const mean = Math.round(scores.reduce((a, b) => a + b, 0) / scores.length);
  // A shared fault stays open for the other reporters' ratings; the ticket's rating is their mean so far.
  if (scores.length === reporters.length) await act.close(ctx.tx, ctx.now, t, { id: ctx.msg.talkerId, name: ctx.msg.talkerName }, 'rate', `评分 ${mean}`, mean);
  else await ctx.tx.update(tickets).set({ rating: mean }).where(eq(tickets.id, t.id));

  if (score >= 4) await ctx.reply(`感谢您的评价（${score}分）！以后有需要随时找我们。`);
  else if (score === 3) await ctx.reply(`感谢您的评价（${score}分），我们会继续改进，有不满意的地方也欢迎直接告诉我们。`);
  else {
    await ctx.reply(`非常抱歉这次没让您满意（${score}分），主管会尽快联系您了解情况。`);
    // the one who did the work is not the one asked to call the resident back
    const supervisors = await supervisorsToAlert(ctx.tx, t.assigneeId);
    await recordEvent(ctx.tx, { ticketId: t.id, at: ctx.now, action: 'low-rating', note: `通知${supervisors.map((s) => s.name).join('、') || '工作群'}` });
    await ctx.out.toStaff(`⚠️ 工单 #${t.id}（${shortSummary(t.summary)}）住户${ctx.msg.talkerName}只给了${score}分，请${titledNames(supervisors) || '主管'}尽快回访了解原因。`, {
      mentionIds: supervisors.map((s) => s.contactId), priority: PRIORITY.urgent, kind: 'alert', ticketId: t.id,
    });
  }
}
