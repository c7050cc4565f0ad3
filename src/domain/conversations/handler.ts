import { and, desc, eq } from 'drizzle-orm';
import { incidents, ticketEvents } from '../../db/schema.js';
import { PRIORITY } from '../../outbox/enqueue.js';
import type { Ctx, Handler } from '../context.js';
import { excerpt } from '../excerpt.js';
import { localTime, timeFrom } from '../time.js';
import { statusName } from '../tickets/lifecycle.js';
import { staffById } from '../tickets/store.js';
import type { TicketRow } from '../types.js';
import {
  addReport, addTicketReporter, ensureTicket, groupState, incidentFor, openIncident, openIncidents,
  incidentReporters, lastReportInRoom, markGroup, otherReporters, scopeOf, type IncidentRow, type ReportInput,
} from './incidents.js';
import { incidentLexicon, kindOf, readMessage, type IncidentKind, type Reading } from './lexicon.js';
import { ownWords, understand } from './understand.js';

/** A speaker's own home, in the first person (staff live in the buildings too). */
const OWN_HOME = /我家|我们家|家里|家中|我屋|屋里/;
/** Words saying nobody is inside (a stopped lift); and words saying somebody is. */
const NOBODY_INSIDE = /没人在里面|里面没人|里面没有人|没有人在里面|没人被困|无人被困|没有人被困|没困人|没关人/;
const TRAPPED = /被困|困住|困在|关在|出不来|救命|救救/;
/** A fault of one flat's own fittings (a leaking kitchen pipe) is not the building's outage. */
const OWN_FIXTURE = /厨房|卫生间|厕所|洗手间|浴室|马桶|水管|地漏|漏水|渗水|热水器|插座|开关|灯泡|空调/;

/**
 * The conversation layer above the per-message classifier: a group message that speaks of a fault
 * the building shares (power, water, lift …) is read in the light of what neighbours have just
 * said. The first report is handled as any report and remembered; from the second resident on it
 * is one incident: one ticket with every reporter, one acknowledgement in the group, later
 * reporters recorded without a message each. An emergency is never folded away.
 */
export const incidentHandler: Handler = async (ctx, next) => {
  const room = ctx.room;
  if (!room || room.isStaffRoom || ctx.isPrivate || !ctx.msg.roomId) return next();
  if (ctx.staff && !OWN_HOME.test(ctx.text)) return next();
  const scope = scopeOf(room);
  if (!scope) return next();
  const u = understand(ctx);
  const lex = incidentLexicon();
  const own = ownWords(ctx);
  const reading = readMessage(u.normalized || own, lex);
  const reportLike = u.category !== null && (u.intent === 'repair' || u.intent === 'complaint');
  // most group talk names no fault at all: it costs no lookup
  if (!reading.kind && !reading.meToo && !reading.whenBack && !reportLike) return next();
  const windowMs = ctx.svc.config.conversations.incidentWindowMinutes * 60_000;
  const open = await openIncidents(ctx.tx, scope, ctx.now, windowMs);
  // someone trapped, sparks, gas: alerted at once as a ticket of its own — but "电梯停了，还好里面没人"
  // in a power cut is the power incident, said in so many words
  if (u.urgent && !(reading.kind && lex.folds.has(reading.kind.kind) && NOBODY_INSIDE.test(own) && !TRAPPED.test(own.replace(new RegExp(NOBODY_INSIDE.source, 'g'), ''))
    && open.some((i) => i.kind === lex.folds.get(reading.kind!.kind)))) return next();
  // a kind the classifier contradicts ("电梯广告太吵" is noise, not a lift fault) names nothing
  const kind = reading.kind && (!u.category || u.category === 'other' || u.category === reading.kind.category || lex.folds.has(reading.kind.kind)
    || [...lex.folds.entries()].some(([from, to]) => to === reading.kind!.kind && kindOf(from, lex)?.category === u.category)) ? reading.kind : null;
  let target = incidentFor(open, kind, lex);
  // "物业快看看是不是水泵坏了": no word of the list, but a report of the open incident's category
  if (!target && !kind && reportLike && !OWN_FIXTURE.test(own)) {
    target = open.find((i) => kindOf(i.kind, lex)?.category === u.category) ?? null;
  }
  // "+1", "我家也是", "几点能来电" name no fault: they are about the latest incident of this group
  if (!target && !kind && (reading.meToo || reading.whenBack) && open.length) target = open.at(-1)!;
  const report: ReportInput = {
    contactId: ctx.msg.talkerId, name: ctx.msg.talkerName, roomId: ctx.msg.roomId, messageId: ctx.msg.msgId,
    reading: reading.whenBack ? 'question' : reading.meToo ? 'me-too' : 'report', note: excerpt(own, 200), at: ctx.now,
  };
  if (target) {
    const others = await otherReporters(ctx.tx, target.id, ctx.msg.talkerId);
    // the same resident saying it again, with nobody else yet: an ordinary repeat
    if (others > 0) return joinIncident(ctx, target, kindOf(target.kind, lex)!, report, reading);
  }
  if (!kind) return next();
  await next();
  const ticketId = typeof ctx.outcome.ticket === 'number' ? ctx.outcome.ticket : null;
  const incident = target ?? await openIncident(ctx.tx, kind, room, scope, ctx.now, ticketId);
  if (!incident) return;
  await addReport(ctx.tx, incident.id, report);
  ctx.outcome.incident = incident.id;
};

async function joinIncident(ctx: Ctx, i: IncidentRow, kind: IncidentKind, report: ReportInput, reading: Reading): Promise<void> {
  const { tx, now } = ctx;
  const cfg = ctx.svc.config.conversations;
  const roomId = ctx.msg.roomId!;
  const previous = await lastReportInRoom(tx, i.id, roomId, ctx.msg.msgId);
  await addReport(tx, i.id, report);
  const { ticket, created } = await ensureTicket(tx, ctx.svc.config, i, kind, now);
  const n = await addTicketReporter(tx, ticket, report);
  ctx.outcome.ticket = ticket.id;
  ctx.outcome.incident = i.id;
  ctx.outcome.sharedFault = true;

  const group = await groupState(tx, i.id, roomId);
  const quietMs = cfg.incidentQuietMinutes * 60_000;
  const where = i.building ?? i.community ?? '';
  if (!group.ackedAt) {
    await acknowledge(ctx, i, kind, ticket, n);
    await markGroup(tx, i.id, roomId, { ackedAt: now });
  } else if (previous && now.getTime() - previous.getTime() < quietMs) {
    ctx.outcome.quiet = true;
  } else if (reading.whenBack) {
    await ctx.reply(await stateOf(ctx, ticket, where, kind), { ticketId: ticket.id });
  } else {
    await ctx.reply(`收到，${where}${kind.name}已有邻居报修，正在工单 #${ticket.id} 中处理，已把您记为第${n}位反映人。修好后会第一时间通知您。`, { kind: 'ack', ticketId: ticket.id });
  }
  await tellStaff(ctx, i, kind, ticket, n, created);
}

/** The group's one acknowledgement: known, how many neighbours, who is on it, when they will hear, no need to report again. */
async function acknowledge(ctx: Ctx, i: IncidentRow, kind: IncidentKind, t: TicketRow, n: number): Promise<void> {
  const where = i.building ?? i.community ?? '';
  const inRoom = (await incidentReporters(ctx.tx, i.id)).filter((r) => r.roomId === ctx.msg.roomId).map((r) => r.contactId);
  const who = t.assigneeId ? `${(await staffById(ctx.tx, t.assigneeId))?.name ?? '工程人员'}正在处理` : '已通知工程人员马上处理';
  await ctx.reply(
    `各位邻居：${where}${kind.name}的情况物业已经知道了，已有${n}位邻居反映，${who}（工单 #${t.id}）。恢复后会在群里通知大家，不用再重复报修。如有人被困或有危险，请直接拨打24小时热线 ${ctx.svc.config.hotline}。`,
    { mentionIds: inRoom, kind: 'incident', ticketId: t.id },
  );
}

/** What a resident asking "几点能来电" hears: the ticket's state, in a line. */
async function stateOf(ctx: Ctx, t: TicketRow, where: string, kind: IncidentKind): Promise<string> {
  const who = t.assigneeId ? (await staffById(ctx.tx, t.assigneeId))?.name ?? '工程人员' : null;
  const state = who ? `${who}正在处理（${statusName(t.status)}）` : '已通知工程人员，正在安排';
  const [latest] = await ctx.tx.select().from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, t.id), eq(ticketEvents.action, 'progress'))).orderBy(desc(ticketEvents.id)).limit(1);
  const news = latest?.note ? `，最新进展（${localTime(latest.at, ctx.svc.config.timezone)}）：${excerpt(latest.note, 60)}` : '';
  return `${where}${kind.name}（工单 #${t.id}）：${state}${news}。恢复后会在群里通知大家，您的反映已记录。`;
}

/** The staff room hears the incident once, then its running count at most every INCIDENT_STAFF_COUNT_MINUTES. */
async function tellStaff(ctx: Ctx, i: IncidentRow, kind: IncidentKind, t: TicketRow, n: number, created: boolean): Promise<void> {
  const { tx, now } = ctx;
  const where = i.building ?? i.community ?? '';
  const mentionIds = t.assigneeId ? [t.assigneeId] : [];
  if (!i.staffToldAt) {
    const since = timeFrom(now, i.openedAt, ctx.svc.config.timezone);
    const how = created ? '已开工单' : '已并入工单';
    await ctx.out.toStaff(
      `👥 ${where}${kind.name}：自${since}起已有${n}位住户反映，${how} #${t.id}【${kind.name}】，同一事件的后续反映都记在这张工单上。${t.assigneeId ? '' : `回复「接单 #${t.id}」接单。`}`,
      { mentionIds, priority: PRIORITY.reply, kind: 'incident', ticketId: t.id },
    );
    await tx.update(incidents).set({ staffToldAt: now }).where(eq(incidents.id, i.id));
    return;
  }
  const every = ctx.svc.config.conversations.staffCountMinutes * 60_000;
  const slot = Math.floor((now.getTime() - i.staffToldAt.getTime()) / every);
  const sendAt = new Date(i.staffToldAt.getTime() + (slot + 1) * every);
  await ctx.out.toStaff(`👥 工单 #${t.id}（${where}${kind.name}）反映人数已到${n}位，最新：${ctx.msg.talkerName}。`, {
    mentionIds, dedupeKey: `incident:${i.id}:count:${slot}`, replacePending: true, notBefore: sendAt, kind: 'incident', ticketId: t.id,
  });
}
