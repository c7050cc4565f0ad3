import { and, asc, count, countDistinct, desc, eq, gte, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../db/connect.js';
import { incidentGroups, incidentReports, incidents, ticketReporters, tickets } from '../../db/schema.js';
import type { RoomRow, TicketRow } from '../types.js';
import { isActive } from '../tickets/lifecycle.js';
import { recordEvent } from '../tickets/store.js';
import { targetsFor } from '../tickets/sla.js';
import type { Config } from '../../config.js';
import type { IncidentKind, IncidentLexicon } from './lexicon.js';

export type IncidentRow = typeof incidents.$inferSelect;

/** Where a group's faults are shared: its building, or its community when it has none. */
export function scopeOf(room: Pick<RoomRow, 'community' | 'building'>): string | null {
  if (!room.building && !room.community) return null;
  return `${room.community ?? ''}|${room.building ?? ''}`;
}

/**
 * The open incidents of a scope, locked: an incident nobody else joined within the window, or
 * whose ticket is no longer being worked on, is closed here first.
 */
export async function openIncidents(tx: Tx, scope: string, now: Date, windowMs: number): Promise<IncidentRow[]> {
  const rows = await tx.select({ i: incidents, ticketStatus: tickets.status }).from(incidents)
    .leftJoin(tickets, eq(tickets.id, incidents.ticketId))
    .where(and(eq(incidents.scope, scope), eq(incidents.status, 'open'))).orderBy(asc(incidents.id)).for('update', { of: incidents });
  const open: IncidentRow[] = [];
  for (const { i, ticketStatus } of rows) {
    const formed = (await reporterCount(tx, i.id)) > 1;
    const stale = !formed && now.getTime() - i.lastReportAt.getTime() > windowMs;
    const over = ticketStatus !== null && !isActive(ticketStatus);
    if ((i.ticketId === null || !formed) && stale || over) {
      await tx.update(incidents).set({ status: 'closed' }).where(eq(incidents.id, i.id));
    } else {
      open.push(i);
    }
  }
  return open;
}

/** How many different residents have reported the incident. */
export async function reporterCount(tx: Tx, incidentId: number): Promise<number> {
  const [row] = await tx.select({ n: countDistinct(incidentReports.contactId) }).from(incidentReports).where(eq(incidentReports.incidentId, incidentId));
  return row?.n ?? 0;
}

/** How many residents other than `contactId` have reported the incident. */
export async function otherReporters(tx: Tx, incidentId: number, contactId: string): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(distinct ${incidentReports.contactId}) filter (where ${incidentReports.contactId} <> ${contactId})`.mapWith(Number) })
    .from(incidentReports).where(eq(incidentReports.incidentId, incidentId));
  return row?.n ?? 0;
}

/** A first report of a kind in a scope: the incident is opened, formed once another resident joins. */
export async function openIncident(tx: Tx, kind: IncidentKind, room: RoomRow, scope: string, now: Date, ticketId: number | null): Promise<IncidentRow | null> {
  const [row] = await tx.insert(incidents).values({
    kind: kind.kind, community: room.community, building: room.building, scope, ticketId, openedAt: now, lastReportAt: now,
  }).onConflictDoNothing().returning();
  return row ?? null;
}

export interface ReportInput { contactId: string; name: string; roomId: string | null; messageId: string; reading: string; note: string; at: Date }

export async function addReport(tx: Tx, incidentId: number, r: ReportInput): Promise<void> {
  await tx.insert(incidentReports).values({ incidentId, ...r }).onConflictDoNothing();
  await tx.update(incidents).set({ lastReportAt: r.at }).where(eq(incidents.id, incidentId));
}

/** The latest earlier report of the incident in a group, if any. */
export async function lastReportInRoom(tx: Tx, incidentId: number, roomId: string, beforeMessage: string): Promise<Date | null> {
  const [row] = await tx.select({ at: incidentReports.at }).from(incidentReports)
    .where(and(eq(incidentReports.incidentId, incidentId), eq(incidentReports.roomId, roomId), ne(incidentReports.messageId, beforeMessage)))
    .orderBy(desc(incidentReports.at)).limit(1);
  return row?.at ?? null;
}

export async function groupState(tx: Tx, incidentId: number, roomId: string) {
  await tx.insert(incidentGroups).values({ incidentId, roomId }).onConflictDoNothing();
  const [row] = await tx.select().from(incidentGroups)
    .where(and(eq(incidentGroups.incidentId, incidentId), eq(incidentGroups.roomId, roomId))).for('update');
  return row!;
}

export async function markGroup(tx: Tx, incidentId: number, roomId: string, set: { ackedAt?: Date; updatedAt?: Date }): Promise<void> {
  await tx.update(incidentGroups).set(set).where(and(eq(incidentGroups.incidentId, incidentId), eq(incidentGroups.roomId, roomId)));
}

/** Every resident who reported the incident, once each, first report first. */
export async function incidentReporters(tx: Tx, incidentId: number) {
  const rows = await tx.select().from(incidentReports).where(eq(incidentReports.incidentId, incidentId)).orderBy(asc(incidentReports.id));
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.contactId) && seen.add(r.contactId));
}

/** Adds a resident to the ticket's reporters (once); returns the ticket's reporter count. */
export async function addTicketReporter(tx: Tx, t: TicketRow, r: ReportInput): Promise<number> {
  const added = await tx.insert(ticketReporters).values({
    ticketId: t.id, contactId: r.contactId, name: r.name, roomId: r.roomId, messageId: r.messageId, createdAt: r.at,
  }).onConflictDoNothing().returning({ id: ticketReporters.contactId });
  const [row] = await tx.select({ n: count() }).from(ticketReporters).where(eq(ticketReporters.ticketId, t.id));
  const n = row?.n ?? t.reporterCount;
  if (n !== t.reporterCount) await tx.update(tickets).set({ reporterCount: n }).where(eq(tickets.id, t.id));
  if (added.length) {
    await recordEvent(tx, { ticketId: t.id, at: r.at, actorId: r.contactId, actorName: r.name, action: 'reporter', note: r.note });
  }
  return n;
}

/**
 * The incident's one ticket: the first reporter's own ticket when their report made one (it now
 * stands for the whole building), else a new building-wide repair ticket for every reporter so far.
 */
export async function ensureTicket(tx: Tx, config: Config, i: IncidentRow, kind: IncidentKind, now: Date): Promise<{ ticket: TicketRow; created: boolean }> {
  const where = i.building ?? i.community ?? null;
  if (i.ticketId !== null) {
    const [t] = await tx.select().from(tickets).where(eq(tickets.id, i.ticketId)).for('update');
    if (t && isActive(t.status)) {
      const summary = `${where ?? ''}${kind.name}，多位住户反映`;
      if (t.summary === summary) return { ticket: t, created: false };
      // the first reporter's own ticket now stands for the building: staff see it as such, with everyone who spoke of it so far
      await tx.update(tickets).set({ location: where ?? t.location, summary }).where(eq(tickets.id, t.id));
      await recordEvent(tx, { ticketId: t.id, at: now, action: 'incident', note: `多位住户反映，按${where}${kind.name}处理` });
      for (const r of await incidentReporters(tx, i.id)) await addTicketReporter(tx, t, { ...r, note: r.note ?? '' });
      const [fresh] = await tx.select().from(tickets).where(eq(tickets.id, t.id));
      return { ticket: fresh!, created: false };
    }
  }
  const reporters = await incidentReporters(tx, i.id);
  const first = reporters[0]!;
  const targets = targetsFor({ category: kind.category, urgent: false }, config.sla);
  const summary = `${where ?? ''}${kind.name}，多位住户反映`;
  const [t] = await tx.insert(tickets).values({
    intent: 'repair', category: kind.category, urgent: false, roomId: first.roomId,
    reporterId: first.contactId, reporterName: first.name, location: where, community: i.community, building: i.building,
    summary, sourceMessageId: first.messageId, createdAt: now,
    respondDueAt: new Date(now.getTime() + targets.respondMs), resolveDueAt: new Date(now.getTime() + targets.resolveMs),
    reporterCount: 0,
  }).returning();
  if (!t) throw new Error('incident ticket insert returned nothing');
  await recordEvent(tx, { ticketId: t.id, at: now, actorId: first.contactId, actorName: first.name, action: 'open', toStatus: 'open', note: summary });
  for (const r of reporters) await addTicketReporter(tx, { ...t, reporterCount: -1 }, { ...r, note: r.note ?? '' });
  await tx.update(incidents).set({ ticketId: t.id }).where(eq(incidents.id, i.id));
  const [fresh] = await tx.select().from(tickets).where(eq(tickets.id, t.id));
  return { ticket: fresh!, created: true };
}

/** Which open incident a reading belongs to: its own kind first, then the kind it folds into (a lift in a power cut). */
export function incidentFor(open: IncidentRow[], kind: IncidentKind | null, lex: IncidentLexicon): IncidentRow | null {
  if (kind) {
    const same = open.find((i) => i.kind === kind.kind);
    if (same) return same;
    const into = lex.folds.get(kind.kind);
    return open.find((i) => i.kind === into) ?? null;
  }
  return null;
}

/** Reports of the incident since `since` (for the staff room's running count). */
export async function reportsSince(tx: Tx, incidentId: number, since: Date): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(incidentReports).where(and(eq(incidentReports.incidentId, incidentId), gte(incidentReports.at, since)));
  return row?.n ?? 0;
}

/** The incident a ticket stands for, when several residents reported it. */
export async function incidentOfTicket(tx: Tx, ticketId: number): Promise<IncidentRow | null> {
  const [i] = await tx.select().from(incidents).where(eq(incidents.ticketId, ticketId)).orderBy(desc(incidents.id)).limit(1);
  return i && (await reporterCount(tx, i.id)) > 1 ? i : null;
}

/**
 * An incident's groups hear at most one update while it lasts: true (and the update is spent)
 * the first time, false after — the note is then only on the record.
 */
export async function spendUpdate(tx: Tx, incidentId: number, now: Date): Promise<boolean> {
  const groups = await tx.select().from(incidentGroups).where(eq(incidentGroups.incidentId, incidentId)).for('update');
  if (groups.some((g) => g.updatedAt)) return false;
  await tx.update(incidentGroups).set({ updatedAt: now }).where(eq(incidentGroups.incidentId, incidentId));
  return true;
}
