import { and, asc, desc, eq, gte, inArray, isNull, lte, notExists, notInArray, sql } from 'drizzle-orm';
import { media, messages, ticketEvents, ticketMedia, ticketReporters, tickets } from '../../db/schema.js';
import { isMediaKind, KIND_WORDS, MEDIA_KINDS, type MediaKind } from '../../media/kinds.js';
import type { Script } from '../../nlu/types.js';
import type { Ctx, Handler } from '../context.js';
import { isActive } from '../tickets/lifecycle.js';
import { restatement } from '../tickets/store.js';
import type { TicketRow } from '../types.js';

/**
 * Which ticket a picture, voice note, video or file belongs to. Residents' media are the
 * "before" record of their own report: sent within MEDIA_ATTACH_WINDOW_MINUTES of it, in answer
 * to the bot's question, or after naming the ticket (#id). Staff media sent right after `完成 #id`
 * (or after naming a ticket) are the "after" record. A neighbour's picture, or a picture alone,
 * belongs to nothing — and gets no reply.
 */

type MediaRow = typeof media.$inferSelect;
export type Role = 'before' | 'progress' | 'after';
interface Target { ticket: TicketRow; role: Role; reason: 'report' | 'question' | 'named' | 'resolved' }

/** Ticket events that are the bot asking the reporter something; a picture in answer belongs to that ticket. */
export const QUESTION_ACTIONS = ['ask-unit'];
const QUESTION_WINDOW_MS = 2 * 3_600_000;
const TICKET_REF = /[#＃]\s*(\d{1,9})(?!\d)/;

const windowMs = (ctx: Ctx) => ctx.svc.config.media.attachWindowMinutes * 60_000;
/** The ticket a message already gathered the sender's earlier media for (a new ticket does it itself), so it is not done twice. */
const attachedFor = new WeakMap<Ctx, number>();

/** First in the chain: media messages stop here; a text is handled, then may claim the sender's media sent just before. */
export const mediaHandler: Handler = async (ctx, next) => {
  if (isMediaKind(ctx.msg.type)) {
    await attachIncoming(ctx);
    return;
  }
  await next();
  await attachAfterText(ctx);
};

/**
 * The sender's media of the last few minutes (up to this message) that belong to no ticket yet
 * now belong to `ticketId`. Called when a report opens a ticket, so the staff room's new-ticket
 * message can say what came with it. Returns the media attached.
 */
export async function attachEarlier(ctx: Ctx, ticketId: number, role: Role = 'before', reason: Target['reason'] = 'report', loose?: MediaRow[]): Promise<MediaRow[]> {
  attachedFor.set(ctx, ticketId);
  const rows = loose ?? await looseMedia(ctx);
  for (const m of rows) await link(ctx, ticketId, m, role, reason);
  return rows;
}

/** The sender's media of the last few minutes (up to this message) that belong to no ticket yet. */
function looseMedia(ctx: Ctx): Promise<MediaRow[]> {
  const until = ctx.msg.sentAt;
  const since = new Date(until.getTime() - windowMs(ctx));
  return ctx.tx.select().from(media).where(and(
    eq(media.senderId, ctx.msg.talkerId), gte(media.sentAt, since), lte(media.sentAt, until),
    inArray(media.kind, [...MEDIA_KINDS]),
    notExists(ctx.tx.select({ one: sql`1` }).from(ticketMedia).where(eq(ticketMedia.mediaId, media.id))),
  )).orderBy(asc(media.sentAt), asc(media.id));
}

/** The sender's progress media on this ticket from the last few minutes become its after-repair record. */
async function promoteToAfter(ctx: Ctx, ticketId: number): Promise<MediaRow[]> {
  const since = new Date(ctx.msg.sentAt.getTime() - windowMs(ctx));
  const rows = await ctx.tx.select({ m: media }).from(ticketMedia).innerJoin(media, eq(media.id, ticketMedia.mediaId)).where(and(
    eq(ticketMedia.ticketId, ticketId), eq(ticketMedia.role, 'progress'),
    eq(media.senderId, ctx.msg.talkerId), gte(media.sentAt, since), lte(media.sentAt, ctx.msg.sentAt),
  )).orderBy(asc(media.sentAt), asc(media.id));
  if (rows.length) {
    await ctx.tx.update(ticketMedia).set({ role: 'after', reason: 'resolved' })
      .where(and(eq(ticketMedia.ticketId, ticketId), inArray(ticketMedia.mediaId, rows.map((r) => r.m.id))));
  }
  return rows.map((r) => r.m);
}

/** "附图 2 张、语音 1 条" for what came with a report; '' for nothing. */
export function mediaPhrase(rows: Pick<MediaRow, 'kind'>[]): string {
  const counts = countByKind(rows);
  return MEDIA_KINDS.filter((k) => counts[k]).map((k) => `${k === 'image' ? '附图' : KIND_WORDS[k].name} ${counts[k]} ${KIND_WORDS[k].unit}`).join('、');
}

export function countByKind(rows: Pick<MediaRow, 'kind'>[]): Partial<Record<MediaKind, number>> {
  const counts: Partial<Record<MediaKind, number>> = {};
  for (const r of rows) if (isMediaKind(r.kind)) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
  return counts;
}

async function link(ctx: Ctx, ticketId: number, m: MediaRow, role: Role, reason: string): Promise<boolean> {
  const added = await ctx.tx.insert(ticketMedia).values({ ticketId, mediaId: m.id, role, reason, attachedAt: ctx.now })
    .onConflictDoNothing().returning({ id: ticketMedia.mediaId });
  return added.length > 0;
}

/** A picture, voice note, video or file: attached where it belongs, silently. */
async function attachIncoming(ctx: Ctx): Promise<void> {
  const [m] = await ctx.tx.select().from(media).where(eq(media.msgId, ctx.msg.msgId));
  if (!m) return;
  ctx.outcome.media = m.kind;
  const target = ctx.staff ? await staffTarget(ctx, m) : await residentTarget(ctx, m);
  if (!target || !(await link(ctx, target.ticket.id, m, target.role, target.reason))) return;
  ctx.outcome.ticket = target.ticket.id;
  ctx.outcome.attached = target.role;
  if (target.role === 'before') await tellStaffOnce(ctx, target.ticket, m.kind as MediaKind);
  if (target.role === 'after') await forwardAfterPhotos(ctx, target.ticket, [m]);
}

/**
 * After a text is handled: media sent just before it join the ticket it named (#id) or the one
 * it reported, added to or answered — for a resident, only a ticket of their own.
 */
async function attachAfterText(ctx: Ctx): Promise<void> {
  if (ctx.outcome.refused) return;
  const named = ticketNamedIn(ctx.text);
  const handled = typeof ctx.outcome.ticket === 'number' ? ctx.outcome.ticket : null;
  let loose: MediaRow[] | undefined;
  for (const id of new Set([named, handled])) {
    if (id === null) continue;
    if (attachedFor.get(ctx) === id) return;
    // a resident with no loose media has nothing to attach, whichever ticket it would be: no ticket lookups
    if (!ctx.staff && !(loose ??= await looseMedia(ctx)).length) return;
    const [t] = await ctx.tx.select().from(tickets).where(eq(tickets.id, id));
    if (!t) continue;
    if (ctx.staff) return staffAfterText(ctx, t);
    if (!(await isReporter(ctx, t.id)) || (id === named && id !== handled && !isActive(t.status))) continue;
    const added = await attachEarlier(ctx, t.id, 'before', id === named ? 'named' : 'report', loose);
    if (added[0]) await tellStaffOnce(ctx, t, added[0].kind as MediaKind);
    return;
  }
}

async function staffAfterText(ctx: Ctx, t: TicketRow): Promise<void> {
  const role = staffRole(t);
  const added = await attachEarlier(ctx, t.id, role, role === 'after' ? 'resolved' : 'named');
  if (role !== 'after') return;
  // pictures of the work sent minutes before 完成 show it done
  const promoted = await promoteToAfter(ctx, t.id);
  const done = [...promoted, ...added].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime() || a.id - b.id);
  if (done.length) await forwardAfterPhotos(ctx, t, done);
}

function ticketNamedIn(text: string): number | null {
  const m = TICKET_REF.exec(text);
  return m ? Number(m[1]) : null;
}

/** Staff media on a finished ticket show the work done; on one still being worked on, its progress. */
function staffRole(t: TicketRow): Role {
  return t.status === 'resolved' || t.status === 'closed' ? 'after' : 'progress';
}

async function isReporter(ctx: Ctx, ticketId: number): Promise<boolean> {
  const [r] = await ctx.tx.select({ id: ticketReporters.ticketId }).from(ticketReporters)
    .where(and(eq(ticketReporters.ticketId, ticketId), eq(ticketReporters.contactId, ctx.msg.talkerId)));
  return !!r;
}

/**
 * The ticket the sender's latest text in the window named: "#id" — or, for staff, the ticket of a
 * command ("完成 17"); a resident's report is found by its ticket events instead.
 */
async function namedBySender(ctx: Ctx, m: MediaRow, commands: boolean): Promise<TicketRow | null> {
  const since = new Date(m.sentAt.getTime() - windowMs(ctx));
  const recent = await ctx.tx.select({ text: messages.text, outcome: messages.outcome }).from(messages).where(and(
    eq(messages.talkerId, m.senderId), eq(messages.type, 'text'), gte(messages.sentAt, since), lte(messages.sentAt, m.sentAt),
  )).orderBy(desc(messages.sentAt), desc(messages.id)).limit(5);
  for (const r of recent) {
    if (r.outcome?.refused) continue;
    const id = ticketNamedIn(r.text) ?? (commands && r.outcome?.command && typeof r.outcome.ticket === 'number' ? r.outcome.ticket : null);
    if (!id) continue;
    const [t] = await ctx.tx.select().from(tickets).where(eq(tickets.id, id));
    if (t) return t;
  }
  return null;
}

async function staffTarget(ctx: Ctx, m: MediaRow): Promise<Target | null> {
  const named = await namedBySender(ctx, m, true);
  if (named) return { ticket: named, role: staffRole(named), reason: staffRole(named) === 'after' ? 'resolved' : 'named' };
  // 完成 taken elsewhere (the console, another chat) within the window
  const since = new Date(m.sentAt.getTime() - windowMs(ctx));
  const [row] = await ctx.tx.select({ t: tickets }).from(ticketEvents).innerJoin(tickets, eq(tickets.id, ticketEvents.ticketId))
    .where(and(eq(ticketEvents.actorId, m.senderId), eq(ticketEvents.action, 'resolve'), gte(ticketEvents.at, since)))
    .orderBy(desc(ticketEvents.id)).limit(1);
  return row ? { ticket: row.t, role: staffRole(row.t), reason: 'resolved' } : null;
}

async function residentTarget(ctx: Ctx, m: MediaRow): Promise<Target | null> {
  const named = await namedBySender(ctx, m, false);
  if (named && isActive(named.status) && (await isReporter(ctx, named.id))) return { ticket: named, role: 'before', reason: 'named' };
  // the ticket the sender last reported, added to, answered or rated within the window
  const since = new Date(m.sentAt.getTime() - windowMs(ctx));
  const [acted] = await ctx.tx.select({ t: tickets }).from(ticketEvents)
    .innerJoin(tickets, eq(tickets.id, ticketEvents.ticketId))
    .innerJoin(ticketReporters, and(eq(ticketReporters.ticketId, tickets.id), eq(ticketReporters.contactId, m.senderId)))
    .where(and(eq(ticketEvents.actorId, m.senderId), gte(ticketEvents.at, since)))
    .orderBy(desc(ticketEvents.id)).limit(1);
  if (acted) return { ticket: acted.t, role: 'before', reason: 'report' };
  // the bot asked this reporter something about an open ticket
  const asked = new Date(m.sentAt.getTime() - QUESTION_WINDOW_MS);
  const [question] = await ctx.tx.select({ t: tickets }).from(ticketEvents)
    .innerJoin(tickets, eq(tickets.id, ticketEvents.ticketId))
    .innerJoin(ticketReporters, and(eq(ticketReporters.ticketId, tickets.id), eq(ticketReporters.contactId, m.senderId)))
    .where(and(inArray(ticketEvents.action, QUESTION_ACTIONS), gte(ticketEvents.at, asked), inArray(tickets.status, ['open', 'accepted', 'paused'])))
    .orderBy(desc(ticketEvents.id)).limit(1);
  return question ? { ticket: question.t, role: 'before', reason: 'question' } : null;
}

/** A resident's media arriving after the ticket was announced: the staff room hears it once per ticket, not per picture. */
async function tellStaffOnce(ctx: Ctx, t: TicketRow, kind: MediaKind): Promise<void> {
  await ctx.out.toStaff(`📎 工单 #${t.id} ${ctx.msg.talkerName} 补充了${KIND_WORDS[kind].name}，可在后台工单详情查看。`, {
    dedupeKey: `media-added:${t.id}`, mentionIds: t.assigneeId ? [t.assigneeId] : [], ticketId: t.id,
  });
}

/**
 * With RATING_IN_GROUP off the rating question goes privately, and the after-repair pictures
 * follow it there (never into a group: they were sent elsewhere). When the question was asked
 * earlier, the first after-repair picture carries a short reminder of it as its caption (once:
 * a caption rides on its picture, so it is not sent when the picture never arrives).
 */
async function forwardAfterPhotos(ctx: Ctx, t: TicketRow, rows: MediaRow[]): Promise<void> {
  const photos = rows.filter((m) => m.kind === 'image');
  if (ctx.svc.config.rating.inGroup || t.status !== 'resolved' || !photos.length) return;
  const [fresh] = await ctx.tx.select().from(tickets).where(eq(tickets.id, t.id));
  const askedNow = fresh?.ratingRequestedAt?.getTime() === ctx.now.getTime();
  const [earlier] = await ctx.tx.select({ id: ticketMedia.mediaId }).from(ticketMedia).innerJoin(media, eq(media.id, ticketMedia.mediaId))
    .where(and(eq(ticketMedia.ticketId, t.id), eq(ticketMedia.role, 'after'), eq(media.kind, 'image'), notInArray(media.id, photos.map((p) => p.id))))
    .limit(1);
  const caption = askedNow || earlier ? ''
    : `这是工单 #${t.id}（${restatement(fresh ?? t)}）的完工照片。满意请回复 1-5 打分（5分最满意），还没修好请回复「没修好」。`;
  const waiting = await ctx.tx.select().from(ticketReporters)
    .where(and(eq(ticketReporters.ticketId, t.id), isNull(ticketReporters.rating))).orderBy(asc(ticketReporters.createdAt));
  for (const r of waiting) {
    for (const [i, p] of photos.entries()) {
      await ctx.out.send({ contactId: r.contactId }, i === 0 ? caption : '', {
        mediaId: p.id, kind: 'after-photo', script: t.script as Script, dedupeKey: `after-photo:${p.id}:${r.contactId}`, ticketId: t.id,
      });
    }
  }
}
