import type { Ctx } from '../../context.js';
import type { Role } from '../../types.js';
import { parseTicketRef } from '../args.js';
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

/** The ticket named in the arguments, or a clear answer why there is none. */
export async function ticketFrom(ctx: Ctx, args: string, usage: string): Promise<{ t: TicketRow; rest: string } | null> {
  const ref = parseTicketRef(args);
  if (!ref) {
    await ctx.reply(`请写上工单号，例如：${usage}`);
    return null;
  }
  const t = await loadTicket(ctx.tx, ref.id);
  if (!t) {
    await ctx.reply(`没有找到工单 #${ref.id}，请核对编号（发「工单 全部」可查看当前工单）。`);
    return null;
  }
  ctx.outcome.ticket = t.id;
  return { t, rest: ref.rest };
}

/**
 * Where an operation's answer goes: announcements are posted in the staff room (with the people
 * they concern @mentioned); a step taken privately gets a short answer there and the
 * announcement is posted in the staff room as well.
 */
export async function deliver(ctx: Ctx, r: OpResult): Promise<void> {
  if (r.refused) ctx.outcome.refused = r.refused;
  const mentionIds = r.mentionIds ?? [];
  if (!r.announce) {
    await ctx.reply(r.text);
  } else if (ctx.isPrivate) {
    await ctx.reply(r.privateText ?? r.text);
    await ctx.out.toStaff(r.text, { mentionIds });
  } else {
    await ctx.reply(r.text, { mentionIds: [...new Set([ctx.msg.talkerId, ...mentionIds])] });
  }
}
