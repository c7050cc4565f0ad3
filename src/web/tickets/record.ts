import { asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/connect.js';
import { messages, outbox, rooms, staff, ticketEvents, ticketReporters, tickets } from '../../db/schema.js';
import type { TicketRow } from '../../domain/types.js';

export type RecordEntry =
  | { kind: 'resident'; at: Date; who: string; text: string; room: string | null; type: string }
  | { kind: 'bot'; at: Date; to: string; text: string; status: string; sentAt: Date | null }
  | { kind: 'staff'; at: Date; who: string | null; action: string; from: string | null; to: string | null; note: string | null };

/**
 * A ticket's full record in time order: the residents' messages that belong to it (report,
 * chases, rating), every bot message about it with its delivery status, every step staff took.
 */
export async function ticketRecord(db: Tx, t: TicketRow): Promise<RecordEntry[]> {
  const reporterMsgIds = (await db.select({ id: ticketReporters.messageId }).from(ticketReporters).where(eq(ticketReporters.ticketId, t.id)))
    .map((r) => r.id).filter((id): id is string => !!id);
  const staffIds = (await db.select({ id: staff.contactId }).from(staff)).map((s) => s.id);
  const [said, sent, steps] = await Promise.all([
    db.select({ m: messages, topic: rooms.topic }).from(messages).leftJoin(rooms, eq(rooms.id, messages.roomId)).where(or(
      sql`${messages.outcome}->>'ticket' = ${String(t.id)}`,
      reporterMsgIds.length ? inArray(messages.msgId, reporterMsgIds) : undefined,
      t.sourceMessageId ? eq(messages.msgId, t.sourceMessageId) : undefined,
    )).orderBy(asc(messages.sentAt), asc(messages.id)).limit(500),
    // exactly the messages Outbound queued about this ticket (rows from before outbox.ticket_id existed are not shown)
    db.select({ o: outbox, topic: rooms.topic }).from(outbox).leftJoin(rooms, eq(rooms.id, outbox.roomId))
      .where(eq(outbox.ticketId, t.id))
      .orderBy(asc(outbox.id)).limit(500),
    db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, t.id)).orderBy(asc(ticketEvents.id)),
  ]);
  const names = new Map((await db.select({ id: staff.contactId, name: staff.name }).from(staff)).map((s) => [s.id, s.name]));
  const entries: RecordEntry[] = [
    ...said.filter(({ m }) => !staffIds.includes(m.talkerId) || m.msgId === t.sourceMessageId).map(({ m, topic }) => ({
      kind: 'resident' as const, at: m.sentAt, who: m.talkerName, text: m.text, room: m.roomId ? topic ?? m.roomId : null, type: m.type,
    })),
    ...sent.map(({ o, topic }) => ({
      kind: 'bot' as const, at: o.createdAt, to: o.roomId ? `群「${topic ?? o.roomId}」` : `私聊 ${names.get(o.contactId ?? '') ?? '住户'}`,
      text: o.text, status: o.status, sentAt: o.sentAt,
    })),
    ...steps.map((e) => ({ kind: 'staff' as const, at: e.at, who: e.actorName, action: e.action, from: e.fromStatus, to: e.toStatus, note: e.note })),
  ];
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}

export async function reportersWithUnits(db: Tx, ticketId: number) {
  return db.select().from(ticketReporters).where(eq(ticketReporters.ticketId, ticketId)).orderBy(asc(ticketReporters.createdAt));
}

export async function ticketById(db: Tx, id: number): Promise<TicketRow | null> {
  const [t] = await db.select().from(tickets).where(eq(tickets.id, id));
  return t ?? null;
}
