import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/connect.js';
import { bindings, staff, ticketEvents, ticketReporters, tickets, units } from '../../db/schema.js';
import type { Script } from '../../nlu/index.js';
import type { Priority } from '../../outbox/enqueue.js';
import type { Outbound } from '../../outbox/outbound.js';
import type { ReporterRow, StaffRow as StaffMember, TicketRow } from '../types.js';
import { cleanText } from '../excerpt.js';
import { categoryName } from './lifecycle.js';

export async function loadTicket(tx: Tx, id: number): Promise<TicketRow | null> {
  const [t] = await tx.select().from(tickets).where(eq(tickets.id, id)).for('update');
  return t ?? null;
}

export interface EventInput {
  ticketId: number;
  at: Date;
  actorId?: string | null;
  actorName?: string | null;
  action: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  note?: string | null;
}

/** Every step of a ticket is written down: who, when, from which state to which, and why. */
export async function recordEvent(tx: Tx, e: EventInput): Promise<void> {
  await tx.insert(ticketEvents).values({
    ticketId: e.ticketId, at: e.at, actorId: e.actorId ?? null, actorName: e.actorName ?? null, action: e.action,
    fromStatus: e.fromStatus ?? null, toStatus: e.toStatus ?? null, note: e.note ?? null,
  });
}

export async function reportersOf(tx: Tx, ticketId: number): Promise<ReporterRow[]> {
  return tx.select().from(ticketReporters).where(eq(ticketReporters.ticketId, ticketId)).orderBy(asc(ticketReporters.createdAt));
}

/** The reporter's own door numbers ("1502"): from the ticket's location and the units they are bound to. */
export async function reporterDoors(tx: Tx, t: TicketRow): Promise<string[]> {
  const bound = await tx.select({ unit: units.unit }).from(bindings).innerJoin(units, eq(bindings.unitId, units.id))
    .where(and(eq(bindings.contactId, t.reporterId), eq(bindings.status, 'confirmed')));
  return [t.location ?? '', ...bound.map((b) => b.unit)].flatMap((s) => s.match(/\d{3,4}(?!\d)/g) ?? []);
}

/** A few words that say what the ticket is about, safe to show to any of its reporters. */
export function restatement(t: Pick<TicketRow, 'summary' | 'category' | 'building' | 'reporterCount'>): string {
  if (t.reporterCount > 1) return `${t.building ?? ''}${categoryName(t.category)}故障`;
  return shortSummary(t.summary);
}

/** The first clause of what the resident said, without the polite filler: "厨房水管漏水了". */
export function shortSummary(text: string, max = 24): string {
  const clauses = cleanText(text).split(/[，,。.！!？?；;\n]+/).map((c) => c.trim()).filter(Boolean);
  const filler = /^(你好|您好|请问|麻烦|物业|管家|师傅|那个|喂)+[，,\s]*/;
  const first = (clauses.find((c) => c.replace(filler, '').length >= 4) ?? clauses[0] ?? text).replace(filler, '');
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

/**
 * Tells everyone who reported a ticket, in the ticket's script: in the group they reported it in,
 * with an @mention (one message per group), or privately when they reported it privately or
 * `privately` is asked for.
 */
export async function tellReporters(out: Outbound, t: TicketRow, text: string, opts: {
  kind?: string; priority?: Priority; privately?: boolean; dedupeKey?: string; only?: string[];
} = {}): Promise<void> {
  const all = await reportersOf(out.tx, t.id);
  const reporters = opts.only ? all.filter((r) => opts.only!.includes(r.contactId)) : all;
  const o = { kind: opts.kind, priority: opts.priority, script: t.script as Script, ticketId: t.id };
  const key = (dest: string) => (opts.dedupeKey ? `${opts.dedupeKey}:${dest}` : undefined);
  const byRoom = new Map<string, string[]>();
  for (const r of reporters) {
    if (r.roomId && !opts.privately) byRoom.set(r.roomId, [...(byRoom.get(r.roomId) ?? []), r.contactId]);
    else await out.send({ contactId: r.contactId }, text, { ...o, dedupeKey: key(r.contactId) });
  }
  for (const [roomId, ids] of byRoom) {
    await out.send({ roomId }, text, { ...o, mentionIds: ids, dedupeKey: key(roomId) });
  }
}

export async function activeStaff(tx: Tx): Promise<StaffMember[]> {
  return tx.select().from(staff).where(eq(staff.active, true)).orderBy(asc(staff.createdAt));
}

/** Only a supervisor or a manager can follow up an escalation, so only they can be on duty. */
export const ON_DUTY_ROLES: readonly string[] = ['supervisor', 'manager'];

/**
 * Who hears about urgent matters and first escalations: the on-duty supervisor or manager, else
 * the supervisors, else the managers. `except` (a ticket's assignee) is never among them: the
 * person who is late is not the one asked to chase it.
 */
export async function supervisorsToAlert(tx: Tx, except: string | null = null): Promise<StaffMember[]> {
  const all = (await activeStaff(tx)).filter((s) => s.contactId !== except);
  const onDuty = all.filter((s) => s.onDuty && ON_DUTY_ROLES.includes(s.role));
  if (onDuty.length) return onDuty;
  const supervisors = all.filter((s) => s.role === 'supervisor');
  return supervisors.length ? supervisors : all.filter((s) => s.role === 'manager');
}

export async function managers(tx: Tx, except: string | null = null): Promise<StaffMember[]> {
  return (await activeStaff(tx)).filter((s) => s.role === 'manager' && s.contactId !== except);
}

/** "主管王建、经理赵敏": each person with the title of their role. */
export function titledNames(people: { name: string; role: string }[]): string {
  const title: Record<string, string> = { manager: '经理', supervisor: '主管' };
  return people.map((p) => `${title[p.role] ?? ''}${p.name}`).join('、');
}

export async function staffById(tx: Tx, id: string | null): Promise<StaffMember | null> {
  if (!id) return null;
  const [s] = await tx.select().from(staff).where(eq(staff.contactId, id));
  return s ?? null;
}

export async function ticketsByIds(tx: Tx, ids: number[]): Promise<TicketRow[]> {
  return ids.length ? tx.select().from(tickets).where(inArray(tickets.id, ids)) : [];
}

export function names(people: { name: string }[]): string {
  return people.map((p) => p.name).join('、');
}
