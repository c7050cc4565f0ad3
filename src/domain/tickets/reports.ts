import { and, count, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import { bindings, ticketEvents, ticketReporters, tickets, units } from '../../db/schema.js';
import { decide, type Understanding } from '../../nlu/index.js';
import { PRIORITY } from '../../outbox/enqueue.js';
import type { Ctx, Handler } from '../context.js';
import { excerpt } from '../excerpt.js';
import { maskPersonalData } from '../privacy.js';
import { timeFrom } from '../time.js';
import { categoryName, intentName } from './lifecycle.js';
import { durationWords, targetsFor } from './sla.js';
import { names, recordEvent, shortSummary, supervisorsToAlert} from './store.js';
import type { TicketRow } from '../types.js';
import { attachEarlier, mediaPhrase } from '../media/attach.js';
import { ownWords, understand } from '../conversations/understand.js';

/** The same resident saying the same thing again within this time adds to the open ticket. */
const REPEAT_WINDOW_MS = 72 * 3_600_000;
/** How long after asking for the door number a bare number is taken as the answer. */
const UNIT_ANSWER_WINDOW_MS = 2 * 3_600_000;

/** Faults of shared equipment: several neighbours reporting one in a building are one ticket. */
const COMMON_AREA = new Set(['lift', 'water', 'power', 'gas', 'doors', 'facilities']);
/** A speaker's own home, in the first person. */
const OWN_HOME = /我家|我们家|家里|家中|我屋|屋里/;
const IN_HOME = /我家|家里|家中|屋里|室内|厨房|卫生间|厕所|洗手间|浴室|客厅|卧室|阳台|马桶|热水器|地漏|水龙头|窗户|入户门|房间|家门/;
const BUILDING_WIDE = /整栋|整幢|全楼|整个楼|整楼|楼里|楼上楼下|全小区|整个小区|大家|邻居|我家也|我们家也|也没|也停|都没|都停|都黑/;
const DOOR_NUMBER = /^(?:(\d+|[A-Za-z])\s*(?:栋|棟|号楼|號樓|幢|座))?\s*(?:(\d+)\s*单元)?\s*(\d{3,4})\s*(?:室|号|房)?$/;

const CLARIFY = '您好，我是物业小助手。请问您是需要报修、投诉，还是想咨询什么问题？简单说一下情况，我马上帮您登记。';

/**
 * Listen → confirm: a repair or complaint becomes a ticket and the reporter hears its number and
 * the promised time; an inquiry is answered from the knowledge base (or passed to the front desk);
 * chit-chat and unclear messages get silence unless the bot was addressed.
 */
export const reportHandler: Handler = async (ctx, next) => {
  if (ctx.room?.isStaffRoom) return next();
  // Staff talking in a residents' group ("已经修好了") are not residents reporting problems — unless they
  // speak of their own home: staff live in the buildings too.
  if (ctx.staff && !ctx.isPrivate && !OWN_HOME.test(ctx.text)) return next();
  if (await takeDoorNumber(ctx)) return;
  const u = understand(ctx);
  ctx.outcome.intent = u.intent;
  ctx.outcome.confidence = Number(u.confidence.toFixed(3));
  if (u.urgency !== 'none') ctx.outcome.urgency = u.urgency;
  await respond(ctx, u, next);
  if (u.urgency === 'possibly' && !ctx.outcome.repeat) await askStaffToLook(ctx, u);
};

async function respond(ctx: Ctx, u: Understanding, next: () => Promise<void>): Promise<void> {
  const decision = decide(u, { threshold: ctx.svc.config.nluThreshold, mentionsBot: ctx.msg.mentionsBot || ctx.isPrivate });
  ctx.outcome.decision = decision;
  if (decision === 'silent') return next();
  if (decision === 'clarify') {
    await replyOnce(ctx, CLARIFY, 'clarify');
    return;
  }
  // A question asked in danger ("闻到煤气味 总阀在哪") is an emergency first: an urgent ticket, not an FAQ answer.
  if (u.intent === 'inquiry' && !u.urgent) {
    const answer = u.topic ? ctx.svc.classifier.faqAnswer(u.topic) : null;
    if (answer) {
      ctx.outcome.faq = u.topic;
      await replyOnce(ctx, maskPersonalData(answer), 'faq');
      return;
    }
  }
  if (u.intent === 'none' && !u.urgent) return next();
  // A person in danger with nothing to repair is still an urgent ticket, so staff are alerted and it is tracked.
  await openOrJoin(ctx, u.urgent && (u.intent === 'none' || u.intent === 'inquiry') ? { ...u, intent: 'repair' } : u);
}

/** The grey band: not sure enough to raise the alarm, too likely to leave to the usual queue. */
async function askStaffToLook(ctx: Ctx, u: Understanding): Promise<void> {
  const ticket = typeof ctx.outcome.ticket === 'number' ? `（工单 #${ctx.outcome.ticket}）` : '';
  const where = u.location?.text ?? ctx.room?.building ?? ctx.room?.topic ?? '';
  const said = excerpt(u.normalized || ownWords(ctx), 120);
  await ctx.out.toStaff(`⚠️ 可能紧急${ticket}：${where ? `${where}｜` : ''}${ctx.msg.talkerName}：${said}\n请现在安排人去看一下。`, {
    priority: PRIORITY.urgent, kind: 'alert',
  });
}

/** An answer that changes nothing is given once: the same question again within REPEAT_QUIET_MINUTES gets silence. */
async function replyOnce(ctx: Ctx, text: string, kind: string): Promise<void> {
  const to = ctx.msg.roomId ? { roomId: ctx.msg.roomId } : { contactId: ctx.msg.talkerId };
  const since = new Date(ctx.now.getTime() - ctx.svc.config.repeatQuietMinutes * 60_000);
  if (await ctx.out.alreadySaid(to, text, { since, script: ctx.script, mentionId: ctx.msg.talkerId })) {
    ctx.outcome.quiet = true;
    return;
  }
  await ctx.reply(text, { kind });
}

interface Where { location: string | null; community: string | null; building: string | null; needsUnit: boolean; fromText: boolean }

async function boundUnit(ctx: Ctx) {
  const [row] = await ctx.tx.select({ community: units.community, building: units.building, unit: units.unit })
    .from(bindings).innerJoin(units, eq(bindings.unitId, units.id))
    .where(and(eq(bindings.contactId, ctx.msg.talkerId), eq(bindings.status, 'confirmed')))
    .orderBy(desc(bindings.createdAt)).limit(1);
  return row ?? null;
}

/** Location from the text, else the resident's confirmed unit, else the group's building. */
async function locate(ctx: Ctx, u: Understanding, inHome: boolean): Promise<Where> {
  const bound = await boundUnit(ctx);
  const text = u.location;
  const community = ctx.room?.community ?? bound?.community ?? null;
  const building = text?.building ?? (inHome ? bound?.building : null) ?? ctx.room?.building ?? bound?.building ?? null;
  const boundAddress = bound ? `${bound.building}${bound.unit}` : null;
  let location = text?.text ?? null;
  if (inHome && !text?.room && boundAddress) location = boundAddress;
  location ??= building;
  // a fault the whole building shares ("我家也没电", "整栋都停水了") needs no door number
  const needsUnit = u.intent === 'repair' && inHome && !text?.room && !boundAddress && !BUILDING_WIDE.test(u.normalized);
  return { location: location ? maskPersonalData(location) : null, community, building, needsUnit, fromText: !!text?.text };
}

async function openOrJoin(ctx: Ctx, u: Understanding): Promise<void> {
  const category = u.category ?? (u.intent === 'inquiry' ? (u.topic ?? 'other') : 'other');
  const inHome = IN_HOME.test(u.normalized);
  const where = await locate(ctx, u, inHome);

  const repeated = await openTicketOfReporter(ctx, u.intent, category);
  if (repeated) return addRepeat(ctx, repeated);

  if (u.intent !== 'inquiry' && COMMON_AREA.has(category) && !inHome && where.building) {
    const shared = await sharedFault(ctx, category, where);
    if (shared) return joinShared(ctx, shared);
  }
  await openTicket(ctx, u, category, where);
}

async function openTicketOfReporter(ctx: Ctx, intent: string, category: string): Promise<TicketRow | null> {
  const since = new Date(ctx.now.getTime() - REPEAT_WINDOW_MS);
  const [row] = await ctx.tx.select({ t: tickets }).from(ticketReporters)
    .innerJoin(tickets, eq(ticketReporters.ticketId, tickets.id))
    .where(and(
      eq(ticketReporters.contactId, ctx.msg.talkerId), eq(tickets.intent, intent), eq(tickets.category, category),
      inArray(tickets.status, ['open', 'accepted', 'paused']), gte(tickets.createdAt, since),
    ))
    .orderBy(desc(tickets.createdAt)).limit(1);
  return row?.t ?? null;
}

async function sharedFault(ctx: Ctx, category: string, where: Where): Promise<TicketRow | null> {
  const since = new Date(ctx.now.getTime() - ctx.svc.config.sharedFaultWindowMinutes * 60_000);
  const [row] = await ctx.tx.select().from(tickets).where(and(
    eq(tickets.category, category), inArray(tickets.intent, ['repair', 'complaint']),
    inArray(tickets.status, ['open', 'accepted', 'paused']), gte(tickets.createdAt, since),
    eq(tickets.building, where.building!),
    where.community ? eq(tickets.community, where.community) : sql`true`,
  )).orderBy(desc(tickets.createdAt)).limit(1).for('update');
  return row ?? null;
}

/**
 * The same resident repeating an open problem. The first repeat gets a pointer to the ticket and
 * the staff room hears it; further repeats within REPEAT_QUIET_MINUTES are only recorded, and the
 * staff room gets one line with their count when that time is up — so a flood from one person
 * costs a bounded number of messages however long it lasts.
 */
async function addRepeat(ctx: Ctx, t: TicketRow): Promise<void> {
  const note = excerpt(ownWords(ctx), 200);
  const quietMs = ctx.svc.config.repeatQuietMinutes * 60_000;
  ctx.outcome.ticket = t.id;
  ctx.outcome.repeat = true;
  const told = await lastToldRepeat(ctx, t.id);
  if (told && ctx.now.getTime() - told.getTime() < quietMs) {
    await recordEvent(ctx.tx, { ticketId: t.id, at: ctx.now, actorId: ctx.msg.talkerId, actorName: ctx.msg.talkerName, action: 'repeat-quiet', note });
    ctx.outcome.quiet = true;
    const [row] = await ctx.tx.select({ n: count() }).from(ticketEvents).where(and(
      eq(ticketEvents.ticketId, t.id), eq(ticketEvents.actorId, ctx.msg.talkerId), eq(ticketEvents.action, 'repeat-quiet'), gte(ticketEvents.at, told),
    ));
    const since = timeFrom(ctx.now, told, ctx.svc.config.timezone);
    await ctx.out.toStaff(`🔁 ${ctx.msg.talkerName} 自${since}起又${row?.n ?? 1}次反映工单 #${t.id}（已记录，未逐条回复），最新：${shortSummary(note, 40)}`, {
      dedupeKey: `repeats:${t.id}:${ctx.msg.talkerId}:${told.getTime()}`, replacePending: true,
      notBefore: new Date(told.getTime() + quietMs),
    });
    return;
  }
  await recordEvent(ctx.tx, { ticketId: t.id, at: ctx.now, actorId: ctx.msg.talkerId, actorName: ctx.msg.talkerName, action: 'repeat', note });
  const progress = t.status === 'open' ? '正在为您安排师傅' : t.status === 'paused' ? '目前在等待中，恢复处理时会通知您' : '工作人员正在处理';
  await ctx.reply(`您反映的问题已在工单 #${t.id} 中跟进，${progress}。您的补充已记录，请放心，有进展第一时间告诉您。`, { kind: 'ack' });
  await ctx.out.toStaff(`🔁 ${ctx.msg.talkerName} 再次反映工单 #${t.id}：${note}`, { mentionIds: t.assigneeId ? [t.assigneeId] : [] });
}

/** When this resident's last repeat of the ticket was answered (a 'repeat' event), if ever. */
async function lastToldRepeat(ctx: Ctx, ticketId: number): Promise<Date | null> {
  const [row] = await ctx.tx.select({ at: ticketEvents.at }).from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.actorId, ctx.msg.talkerId), eq(ticketEvents.action, 'repeat')))
    .orderBy(desc(ticketEvents.id)).limit(1);
  return row?.at ?? null;
}

async function joinShared(ctx: Ctx, t: TicketRow): Promise<void> {
  await ctx.tx.insert(ticketReporters).values({
    ticketId: t.id, contactId: ctx.msg.talkerId, name: ctx.msg.talkerName, roomId: ctx.msg.roomId, messageId: ctx.msg.msgId, createdAt: ctx.now,
  }).onConflictDoNothing();
  const count = t.reporterCount + 1;
  await ctx.tx.update(tickets).set({ reporterCount: count }).where(eq(tickets.id, t.id));
  await recordEvent(ctx.tx, {
    ticketId: t.id, at: ctx.now, actorId: ctx.msg.talkerId, actorName: ctx.msg.talkerName, action: 'reporter',
    note: excerpt(ownWords(ctx), 200),
  });
  ctx.outcome.ticket = t.id;
  ctx.outcome.sharedFault = true;
  const what = `${t.building ?? ''}${categoryName(t.category)}故障`;
  await ctx.reply(`收到，${what}已有邻居报修，正在工单 #${t.id} 中处理，已把您记为第${count}位反映人。修好后会第一时间通知您。`, { kind: 'ack' });
  await ctx.out.toStaff(`👥 工单 #${t.id}（${what}）已有${count}位住户反映，最新：${ctx.msg.talkerName}。`, {
    mentionIds: t.assigneeId ? [t.assigneeId] : [],
  });
}

async function openTicket(ctx: Ctx, u: Understanding, category: string, where: Where): Promise<void> {
  const { svc, now } = ctx;
  const targets = targetsFor({ category, urgent: u.urgent }, svc.config.sla);
  const summary = excerpt(u.normalized || ownWords(ctx), 200);
  const [t] = await ctx.tx.insert(tickets).values({
    intent: u.intent, category, urgent: u.urgent, roomId: ctx.msg.roomId,
    reporterId: ctx.msg.talkerId, reporterName: ctx.msg.talkerName,
    location: where.location, community: where.community, building: where.building,
    summary, script: ctx.script, sourceMessageId: ctx.msg.msgId, createdAt: now,
    respondDueAt: new Date(now.getTime() + targets.respondMs),
    resolveDueAt: new Date(now.getTime() + targets.resolveMs),
  }).returning();
  if (!t) throw new Error('ticket insert returned nothing');
  await ctx.tx.insert(ticketReporters).values({
    ticketId: t.id, contactId: ctx.msg.talkerId, name: ctx.msg.talkerName, roomId: ctx.msg.roomId, messageId: ctx.msg.msgId, createdAt: now,
  });
  await recordEvent(ctx.tx, { ticketId: t.id, at: now, actorId: ctx.msg.talkerId, actorName: ctx.msg.talkerName, action: 'open', toStatus: 'open', note: summary });
  if (where.needsUnit) await recordEvent(ctx.tx, { ticketId: t.id, at: now, action: 'ask-unit', note: '询问门牌号' });
  ctx.outcome.ticket = t.id;
  // pictures (voice, video) the reporter sent just before the words belong to the ticket
  const attached = mediaPhrase(await attachEarlier(ctx, t.id));
  const withMedia = attached ? `（${attached}）` : '';

  const short = shortSummary(summary);
  const respond = durationWords(targets.respondMs);
  const resolve = durationWords(targets.resolveMs);
  const kind = intentName(u.intent);
  // A door number the resident did not write in the group is not echoed there.
  const shownPlace = where.fromText && where.location && !short.includes(where.location) ? `（${where.location}）` : '';
  const askUnit = where.needsUnit ? '为方便师傅上门，请问您家是几栋几单元几号？直接回复门牌号就行。' : '';

  if (t.urgent) {
    const onDuty = await supervisorsToAlert(ctx.tx);
    await ctx.reply(`收到，情况紧急！已登记工单 #${t.id}「${short}」${shownPlace}，已立即通知值班主管，马上有人赶到。请先注意安全，远离危险；24小时服务热线 ${svc.config.hotline}。${askUnit}`, { priority: PRIORITY.urgent });
    await ctx.out.toStaff(`🚨 紧急${kind} #${t.id}【${categoryName(category)}】${where.location ?? '位置待确认'}｜${ctx.msg.talkerName}：${summary}${withMedia}\n值班：${names(onDuty) || '（未设置，请经理安排）'}，请立即处理！回复「接单 #${t.id}」接单。`, {
      mentionIds: onDuty.map((s) => s.contactId), priority: PRIORITY.urgent, kind: 'alert',
    });
    return;
  }
  const ack = u.intent === 'repair'
    ? `收到！您说的是「${short}」${shownPlace}，已登记为报修工单 #${t.id}。我们会在${respond}内安排师傅联系您，${resolve}内处理好。${askUnit}`
    : u.intent === 'complaint'
      ? `收到您的反映：「${short}」，已登记为投诉工单 #${t.id}，给您添麻烦了。${respond}内会有专人联系您，${resolve}内给您处理结果。`
      : `这个问题我先帮您转给前台（工单 #${t.id}），${resolve}内给您准确答复，请稍候。`;
  await ctx.reply(ack, { kind: 'ack' });
  await ctx.out.toStaff(`🆕 新${kind}工单 #${t.id}【${categoryName(category)}】${where.location ?? '位置待确认'}｜${ctx.msg.talkerName}：${summary}${withMedia}\n${respond}内响应，${resolve}内解决。回复「接单 #${t.id}」接单。`);
}

/** "2单元1502" right after the bot asked for the door number completes the ticket's location. */
async function takeDoorNumber(ctx: Ctx): Promise<boolean> {
  const m = DOOR_NUMBER.exec(ctx.text.replace(/\s+/g, ''));
  if (!m) return false;
  const since = new Date(ctx.now.getTime() - UNIT_ANSWER_WINDOW_MS);
  const [row] = await ctx.tx.select({ t: tickets, action: ticketEvents.action }).from(tickets)
    .innerJoin(ticketEvents, eq(ticketEvents.ticketId, tickets.id))
    .where(and(eq(tickets.reporterId, ctx.msg.talkerId), inArray(tickets.status, ['open', 'accepted', 'paused']), gte(tickets.createdAt, since)))
    .orderBy(desc(ticketEvents.id)).limit(1);
  if (!row || row.action !== 'ask-unit') return false;
  const t = row.t;
  const building = m[1] ? ctx.text.match(/\d+\s*(栋|棟|号楼|號樓|幢|座)|[A-Za-z]\s*座/)?.[0]?.replace(/\s+/g, '') ?? null : t.building;
  const location = `${building ?? ''}${m[2] ? `${m[2]}单元` : ''}${m[3]}`;
  await ctx.tx.update(tickets).set({ location, building: building ?? t.building }).where(eq(tickets.id, t.id));
  await recordEvent(ctx.tx, { ticketId: t.id, at: ctx.now, actorId: ctx.msg.talkerId, actorName: ctx.msg.talkerName, action: 'location', note: location });
  ctx.outcome.ticket = t.id;
  ctx.outcome.location = true;
  await ctx.reply(`好的，门牌号已记下，师傅会按这个地址上门（工单 #${t.id}）。`);
  await ctx.out.toStaff(`📍 工单 #${t.id} 门牌号：${location}`, { mentionIds: t.assigneeId ? [t.assigneeId] : [] });
  return true;
}
