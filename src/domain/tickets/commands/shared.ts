import type { Ctx } from '../../context.js';
import type { Role } from '../../types.js';
import { parseTicketRefs } from '../args.js';
import type { OpEnv, Operator, OpResult } from '../operations.js';
import { loadTicket } from '../store.js';
import type { TicketRow } from '../../types.js';

/** Ticket commands are work that residents should not see: the staff room or a private chat. */
export const STAFF_WHERE = 'staff' as const;

export function operatorOf(ctx: Ctx): Operator {
  return { contactId: ctx.msg.talkerId, name: ctx.staff?.name ?? ctx.msg.talkerName, role: (ctx.staff?.role ?? 'technician') as Role };
}

export function envOf(ctx: Ctx): OpEnv {
  return { out: ctx.out, config: ctx.svc.config };
}

/** At most this many tickets in one command ("接单 #1 #2 #3"). */
export const MAX_TICKETS_PER_COMMAND = 10;

/**
 * The tickets named in the arguments, each one found, or a clear answer why not: a number that
 * does not exist is named (and the others still go ahead); none at all gets the usage.
 */
export async function ticketsFrom(ctx: Ctx, args: string, usage: string, opts: { bareExtras?: boolean } = {}): Promise<{ tickets: TicketRow[]; rest: string } | null> {
  const refs = parseTicketRefs(args, opts);
  if (!refs) {
    await ctx.reply(`请写上工单号，例如：${usage}`);
    return null;
  }
  if (refs.ids.length > MAX_TICKETS_PER_COMMAND) {
    await ctx.reply(`一次最多处理${MAX_TICKETS_PER_COMMAND}张工单，请分开发送。这条消息没有改动任何工单。`);
    return null;
  }
  const found: TicketRow[] = [];
  const missing: number[] = [];
  for (const id of refs.ids) {
    const t = await loadTicket(ctx.tx, id);
    if (t) found.push(t);
    else missing.push(id);
  }
  if (missing.length) await ctx.reply(`没有找到工单 ${missing.map((id) => `#${id}`).join('、')}，请核对编号（发「工单 全部」可查看当前工单）。`);
  if (!found.length) return null;
  ctx.outcome.ticket = found[0]!.id;
  if (found.length > 1) ctx.outcome.tickets = found.map((t) => t.id);
  return { tickets: found, rest: refs.rest };
}

/**
 * Where an operation's answer goes: announcements are posted in the staff room (with the people
 * they concern @mentioned); a step taken privately gets a short answer there and the
 * announcement is posted in the staff room as well.
 */
export async function deliver(ctx: Ctx, r: OpResult): Promise<void> {
  if (r.refused) ctx.outcome.refused = r.refused;
  const mentionIds = r.mentionIds ?? [];
  // a command naming several tickets answers for each: each answer belongs to its own ticket
  const about = r.ticket ? { ticketId: r.ticket.id } : {};
  if (!r.announce) {
    await ctx.reply(r.text, about);
  } else if (ctx.isPrivate) {
    await ctx.reply(r.privateText ?? r.text, about);
    await ctx.out.toStaff(r.text, { mentionIds, ...about });
  } else {
    await ctx.reply(r.text, { mentionIds: [...new Set([ctx.msg.talkerId, ...mentionIds])], ...about });
  }
}
