import { eq } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Tx } from '../../db/connect.js';
import { ticketReporters, tickets } from '../../db/schema.js';
import { and, notInArray, sql } from 'drizzle-orm';
import type { TicketRow } from '../types.js';
import { workingStatus } from './lifecycle.js';
import { shiftedForPause, targetsFor } from './sla.js';
import { recordEvent } from './store.js';

/** Who did it: a staff member, a resident, or the bot itself (time-outs). */
export interface Actor { id: string | null; name: string | null }

async function update(tx: Tx, id: number, set: Partial<typeof tickets.$inferInsert>): Promise<TicketRow> {
  const [t] = await tx.update(tickets).set(set).where(eq(tickets.id, id)).returning();
  if (!t) throw new Error(`ticket ${id} vanished`);
  return t;
}

export async function accept(tx: Tx, now: Date, t: TicketRow, actor: Actor, note?: string): Promise<TicketRow> {
  const updated = await update(tx, t.id, { status: 'accepted', assigneeId: actor.id, acceptedAt: t.acceptedAt ?? now });
  await recordEvent(tx, { ticketId: t.id, at: now, actorId: actor.id, actorName: actor.name, action: 'accept', fromStatus: t.status, toStatus: 'accepted', note });
  return updated;
}

export async function assign(tx: Tx, now: Date, t: TicketRow, actor: Actor, assignee: { contactId: string; name: string }): Promise<TicketRow> {
  const status = t.status === 'open' ? 'accepted' : t.status;
  const updated = await update(tx, t.id, { status, assigneeId: assignee.contactId, acceptedAt: t.acceptedAt ?? now });
  await recordEvent(tx, { ticketId: t.id, at: now, actorId: actor.id, actorName: actor.name, action: 'assign', fromStatus: t.status, toStatus: status, note: `派给${assignee.name}` });
  return updated;
}

export async function progress(tx: Tx, now: Date, t: TicketRow, actor: Actor, note: string): Promise<void> {
  await recordEvent(tx, { ticketId: t.id, at: now, actorId: actor.id, actorName: actor.name, action: 'progress', fromStatus: t.status, toStatus: t.status, note });
}

/** 完成: resolved, and a rating is asked for (the caller tells the reporters, see operations.resolve). */
export async function resolve(tx: Tx, now: Date, t: TicketRow, actor: Actor, note: string | null): Promise<TicketRow> {
  const updated = await update(tx, t.id, {
    status: 'resolved', resolvedAt: now, acceptedAt: t.acceptedAt ?? now, assigneeId: t.assigneeId ?? actor.id,
    pausedAt: null, ratingRequestedAt: now,
  });
  await recordEvent(tx, { ticketId: t.id, at: now, actorId: actor.id, actorName: actor.name, action: 'resolve', fromStatus: t.status, toStatus: 'resolved', note });
  return updated;
}

/** 重开 (by staff, or by a resident saying "没修好"): back to work with fresh promised times. */
export async function reopen(tx: Tx, now: Date, config: Config, t: TicketRow, actor: Actor, note: string | null): Promise<TicketRow> {
  const status = workingStatus(t);
  const targets = targetsFor(t, config.sla);
  const updated = await update(tx, t.id, {
    status, resolvedAt: null, closedAt: null, rating: null, ratingRequestedAt: null, pausedAt: null,
    reopenCount: t.reopenCount + 1,
    respondDueAt: status === 'open' ? new Date(now.getTime() + targets.respondMs) : t.respondDueAt,
    resolveDueAt: new Date(now.getTime() + targets.resolveMs),
    respondLevel: status === 'open' ? 0 : t.respondLevel, resolveLevel: 0,
  });
  await tx.update(ticketReporters).set({ rating: null, ratedAt: null }).where(eq(ticketReporters.ticketId, t.id));
  await recordEvent(tx, { ticketId: t.id, at: now, actorId: actor.id, actorName: actor.name, action: 'reopen', fromStatus: t.status, toStatus: status, note });
  return updated;
}

export async function hold(tx: Tx, now: Date, t: TicketRow, actor: Actor, reason: string): Promise<TicketRow> {
  const updated = await update(tx, t.id, { status: 'paused', pausedAt: now });
  await recordEvent(tx, { ticketId: t.id, at: now, actorId: actor.id, actorName: actor.name, action: 'hold', fromStatus: t.status, toStatus: 'paused', note: reason });
  return updated;
}

/** 恢复: the deadlines move forward by the time the ticket waited. */
export async function resume(tx: Tx, now: Date, t: TicketRow, actor: Actor): Promise<{ ticket: TicketRow; waitedMs: number }> {
  const status = workingStatus(t);
  const pausedAt = t.pausedAt ?? now;
  const updated = await update(tx, t.id, { status, pausedAt: null, ...shiftedForPause(t, pausedAt, now) });
  const waitedMs = now.getTime() - pausedAt.getTime();
  await recordEvent(tx, {
    ticketId: t.id, at: now, actorId: actor.id, actorName: actor.name, action: 'resume', fromStatus: 'paused', toStatus: status,
    note: `等待了${Math.round(waitedMs / 60_000)}分钟，时限顺延`,
  });
  return { ticket: updated, waitedMs };
}

/** A ticket leaves `resolved`: every reporter rated it, or nobody answered in time. */
export async function close(tx: Tx, now: Date, t: TicketRow, actor: Actor, action: 'rate' | 'expire', note: string, rating: number | null): Promise<TicketRow> {
  const updated = await update(tx, t.id, { status: 'closed', closedAt: now, rating });
  await recordEvent(tx, { ticketId: t.id, at: now, actorId: actor.id, actorName: actor.name, action: action === 'rate' ? 'close' : 'expire', fromStatus: t.status, toStatus: 'closed', note });
  return updated;
}

/** 合并: `from`'s reporters and media move to `into`; `from` is closed, pointing at `into`. */
export async function merge(tx: Tx, now: Date, into: TicketRow, from: TicketRow, actor: Actor): Promise<TicketRow> {
  const have = (await tx.select({ id: ticketReporters.contactId }).from(ticketReporters).where(eq(ticketReporters.ticketId, into.id))).map((r) => r.id);
  const joining = await tx.select().from(ticketReporters)
    .where(and(eq(ticketReporters.ticketId, from.id), have.length ? notInArray(ticketReporters.contactId, have) : undefined));
  if (joining.length) {
    await tx.insert(ticketReporters).values(joining.map((r) => ({ ...r, ticketId: into.id, rating: null, ratedAt: null }))).onConflictDoNothing();
  }
  await tx.execute(sql`insert into ticket_media (ticket_id, media_id, role, reason, attached_at)
    select ${into.id}, media_id, role, 'merged', ${now.toISOString()}::timestamptz from ticket_media where ticket_id = ${from.id} on conflict do nothing`);
  const [n] = await tx.select({ n: sql<number>`count(*)::int` }).from(ticketReporters).where(eq(ticketReporters.ticketId, into.id));
  const updated = await update(tx, into.id, { reporterCount: n?.n ?? into.reporterCount, urgent: into.urgent || from.urgent });
  await update(tx, from.id, { status: 'closed', closedAt: now, pausedAt: null });
  await recordEvent(tx, { ticketId: into.id, at: now, actorId: actor.id, actorName: actor.name, action: 'merge', fromStatus: into.status, toStatus: into.status, note: `并入 #${from.id}（${joining.length}位报告人）` });
  await recordEvent(tx, { ticketId: from.id, at: now, actorId: actor.id, actorName: actor.name, action: 'merge', fromStatus: from.status, toStatus: 'closed', note: `已并入 #${into.id}` });
  return updated;
}
