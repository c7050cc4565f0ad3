import { tickets, ticketEvents, ticketReporters } from '../../db/schema.js';
import type { Handler } from '../../pipeline/context.js';
import { maskPersonalData } from '../privacy.js';

/**
 * Listen → confirm: a repair or complaint becomes a ticket and the reporter is told its number;
 * an inquiry is answered from the knowledge base; chit-chat gets silence.
 */
export const ticketIntake: Handler = async (ctx, next) => {
  if (ctx.room?.isStaffRoom) return next();
  const u = ctx.svc.classifier.classify(ctx.text);
  ctx.outcome.intent = u.intent;
  ctx.outcome.confidence = Number(u.confidence.toFixed(3));
  if (u.intent === 'none' || (u.confidence < ctx.svc.config.nluThreshold && !ctx.isPrivate)) return next();
  if (u.intent === 'inquiry') {
    const answer = u.topic ? ctx.svc.classifier.faqAnswer(u.topic, ctx.script) : null;
    if (answer) await ctx.reply(answer, { keepScript: true });
    return;
  }
  const now = ctx.now;
  const [t] = await ctx.tx.insert(tickets).values({
    intent: u.intent, category: u.category ?? 'other', urgent: u.urgent, roomId: ctx.msg.roomId,
    reporterId: ctx.msg.talkerId, reporterName: ctx.msg.talkerName, location: u.location?.text ?? ctx.room?.building ?? null,
    summary: maskPersonalData(u.normalized).slice(0, 200), script: ctx.script, sourceMessageId: ctx.msg.msgId,
    createdAt: now,
    respondDueAt: new Date(now.getTime() + ctx.svc.config.sla.respondMinutes * 60_000),
    resolveDueAt: new Date(now.getTime() + ctx.svc.config.sla.resolveHours * 3600_000),
  }).returning();
  if (!t) throw new Error('ticket insert returned nothing');
  await ctx.tx.insert(ticketReporters).values({ ticketId: t.id, contactId: ctx.msg.talkerId, name: ctx.msg.talkerName, roomId: ctx.msg.roomId, messageId: ctx.msg.msgId, createdAt: now });
  await ctx.tx.insert(ticketEvents).values({ ticketId: t.id, at: now, actorId: ctx.msg.talkerId, actorName: ctx.msg.talkerName, action: 'open', toStatus: 'open', note: t.summary });
  ctx.outcome.ticket = t.id;
  const kind = u.intent === 'repair' ? '报修' : '投诉';
  await ctx.reply(`收到您的${kind}，已登记为工单 #${t.id}，工作人员会在${ctx.svc.config.sla.respondMinutes}分钟内响应。`);
  await ctx.toStaffRoom(`新${kind}工单 #${t.id}（${t.location ?? '位置待确认'}）：${t.summary}\n回复「接单 #${t.id}」接单`);
};
