import { and, eq } from 'drizzle-orm';
import { staff } from '../../../db/schema.js';
import type { Command } from '../../commands/registry.js';
import type { Ctx } from '../../context.js';
import { mentionedIds, parseTicketRefs, stripMentions } from '../args.js';
import { withPrivateMark } from '../notes.js';
import * as op from '../operations.js';
import { staffById } from '../store.js';
import { deliver, envOf, operatorOf, STAFF_WHERE, ticketsFrom } from './shared.js';

/**
 * A command that names tickets and hands each, with the rest of the line, to an operation:
 * "接单 #1 #2" takes both. A note is about one household, so a command with a note names one ticket.
 */
function ticketStep(spec: Omit<Command, 'run' | 'roles' | 'where'> & {
  operation: op.Operation;
  example: string;
  /** the text after the numbers is a note for the residents or staff (进度, 完成, 挂起, 重开) */
  takesNote?: boolean;
  run: (ctx: Ctx, t: Parameters<typeof op.accept>[2], rest: string) => Promise<op.OpResult | null>;
}): Command {
  return {
    keywords: spec.keywords, usage: spec.usage, summary: spec.summary,
    roles: op.OPERATION_ROLES[spec.operation], where: STAFF_WHERE,
    async run(ctx, args) {
      const refs = parseTicketRefs(args, { bareExtras: !spec.takesNote && spec.operation !== 'assign' });
      if (refs && refs.ids.length > 1 && spec.takesNote && refs.rest) {
        ctx.outcome.refused = 'several tickets with a note';
        await ctx.reply(`说明只写给一张工单（每张工单的住户不同），请分开发送，例如：${spec.example}。这条消息没有改动任何工单。`);
        return;
      }
      const found = await ticketsFrom(ctx, args, spec.example, { bareExtras: !spec.takesNote && spec.operation !== 'assign' });
      if (!found) return;
      const rest = spec.takesNote ? withPrivateMark(found.rest, ctx.msg.text) : found.rest;
      for (const t of found.tickets) {
        const result = await spec.run(ctx, t, rest);
        if (result) await deliver(ctx, result);
      }
    },
  };
}

/** The staff member a 派单 names: by @mention, or privately by the roster name (never a display name). */
async function assigneeFrom(ctx: Ctx, rest: string) {
  const ids = mentionedIds(ctx.msg.text, ctx.msg.mentionIds, ctx.svc.config.botName, ctx.msg.mentionsBot);
  if (ids.length) return staffById(ctx.tx, ids[0]!);
  const name = stripMentions(rest);
  if (!name) return undefined;
  const [s] = await ctx.tx.select().from(staff).where(and(eq(staff.name, name), eq(staff.active, true)));
  return s ?? null;
}

export const workCommands: Command[] = [
  ticketStep({
    operation: 'accept', keywords: ['接单', 'accept'], usage: '接单 #工单号', summary: '接下这张工单（开始计解决时限）', example: '接单 #17',
    run: (ctx, t) => op.accept(envOf(ctx), operatorOf(ctx), t),
  }),
  ticketStep({
    operation: 'assign', keywords: ['派单', '指派', 'assign'], usage: '派单 #工单号 @同事', summary: '把工单派给一位同事', example: '派单 #17 @李师傅',
    async run(ctx, t, rest) {
      const person = await assigneeFrom(ctx, rest);
      if (person === undefined) {
        await ctx.reply(`请 @ 要派给的同事，例如：派单 #${t.id} @李师傅`);
        return null;
      }
      return op.assign(envOf(ctx), operatorOf(ctx), t, person);
    },
  }),
  ticketStep({
    operation: 'progress', takesNote: true, keywords: ['进度', '进展', 'progress'], usage: '进度 #工单号 说明', summary: '记录进展并转告住户', example: '进度 #17 师傅10点上门',
    run: (ctx, t, rest) => op.progress(envOf(ctx), operatorOf(ctx), t, rest),
  }),
  ticketStep({
    operation: 'resolve', takesNote: true, keywords: ['完成', '完工', '已完成', 'resolve', 'done'], usage: '完成 #工单号 [说明]', summary: '标记已处理完成，请住户评价', example: '完成 #17 已更换水管',
    run: (ctx, t, rest) => op.resolve(envOf(ctx), operatorOf(ctx), t, rest || null),
  }),
  ticketStep({
    operation: 'reopen', takesNote: true, keywords: ['重开', '重新打开', 'reopen'], usage: '重开 #工单号 [原因]', summary: '重新打开已完成/已关闭的工单', example: '重开 #17 住户反映仍漏水',
    run: (ctx, t, rest) => op.reopen(envOf(ctx), operatorOf(ctx), t, rest || null),
  }),
  ticketStep({
    operation: 'hold', takesNote: true, keywords: ['挂起', 'hold'], usage: '挂起 #工单号 原因', summary: '等配件或等住户时暂停计时', example: '挂起 #17 等配件',
    run: (ctx, t, rest) => op.hold(envOf(ctx), operatorOf(ctx), t, rest),
  }),
  ticketStep({
    operation: 'resume', keywords: ['恢复', 'resume'], usage: '恢复 #工单号', summary: '结束挂起，继续计时（时限顺延）', example: '恢复 #17',
    run: (ctx, t) => op.resume(envOf(ctx), operatorOf(ctx), t),
  }),
];

/** 合并 #a #b: #b is the same problem as #a and is folded into it (the same operation as the console's). */
export const mergeCommand: Command = {
  keywords: ['合并', 'merge'], roles: op.OPERATION_ROLES.merge, where: STAFF_WHERE,
  usage: '合并 #保留的工单 #并入的工单', summary: '两张工单是同一件事时合并（后者并入前者）',
  async run(ctx, args) {
    const found = await ticketsFrom(ctx, args, '合并 #12 #15');
    if (!found) return;
    if (found.tickets.length !== 2) {
      await ctx.reply('请写两张工单：合并 #保留的 #并入的，例如：合并 #12 #15。这条消息没有改动任何工单。');
      return;
    }
    const [into, from] = found.tickets as [Parameters<typeof op.merge>[2], Parameters<typeof op.merge>[3]];
    await deliver(ctx, await op.merge(envOf(ctx), operatorOf(ctx), into, from));
  },
};
