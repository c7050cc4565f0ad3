import { eq } from 'drizzle-orm';
import { handlingReports } from '../../db/schema.js';
import type { Command } from '../commands/registry.js';
import { excerpt } from '../excerpt.js';
import { maskPersonalData } from '../privacy.js';
import { localTime } from '../time.js';
import { parseTicketRef } from '../tickets/args.js';
import { REPORT_ROLES } from '../tickets/operations.js';
import { loadTicket } from '../tickets/store.js';
import { groupsOf } from './handling-report.js';

/** `报告 #N 确认` / `报告 #N 修改 …`: a supervisor or manager confirms (or rewrites) the report; it is posted to the group once. */
export const handlingReportCommand: Command = {
  keywords: ['报告', '處理報告', '处理报告'],
  roles: REPORT_ROLES,
  where: 'staff',
  usage: '报告 #工单号 确认 | 报告 #工单号 修改 内容',
  summary: '确认（或修改后发出）重大事件的处理报告',
  accepts: (_ctx, args) => /^#?\d/.test(args.trim()),
  async run(ctx, args) {
    const ref = parseTicketRef(args);
    const m = ref ? /^(确认|確認|修改)\s*([\s\S]*)$/.exec(ref.rest.trim()) : null;
    if (!ref || !m || (m[1] === '修改' && !m[2]!.trim())) {
      await ctx.reply(`请按格式发送：报告 #工单号 确认，或 报告 #工单号 修改 完整的报告内容。这条消息没有改动任何报告。`);
      return;
    }
    const [row] = await ctx.tx.select().from(handlingReports).where(eq(handlingReports.ticketId, ref.id)).for('update');
    const t = await loadTicket(ctx.tx, ref.id);
    if (!row || !t) {
      await ctx.reply(`工单 #${ref.id} 没有待确认的处理报告。`);
      return;
    }
    if (row.status === 'confirmed') {
      await ctx.reply(`工单 #${ref.id} 的处理报告已于${localTime(row.confirmedAt!, ctx.svc.config.timezone)}确认并发出，不会重复发送。`);
      return;
    }
    const text = m[1] === '修改' ? maskPersonalData(excerpt(m[2]!, 1000)) : row.draft;
    await ctx.tx.update(handlingReports).set({ draft: text, status: 'confirmed', confirmedAt: ctx.now, confirmedBy: ctx.msg.talkerId })
      .where(eq(handlingReports.ticketId, ref.id));
    const rooms = await groupsOf(ctx.tx, t);
    const n = await ctx.out.toRooms(rooms, text, { key: `handling-report:${t.id}`, kind: 'report', ticketId: t.id });
    ctx.outcome.ticket = t.id;
    await ctx.reply(`已${m[1] === '修改' ? '按修改后的内容' : ''}确认工单 #${t.id} 的处理报告，已发到${n}个业主群。`);
  },
};

