import { and, asc, desc, eq, inArray, lt, ne, or } from 'drizzle-orm';
import { staff, ticketEvents, tickets } from '../../../db/schema.js';
import type { Command } from '../../commands/registry.js';
import type { Ctx } from '../../context.js';
import { statsText } from '../../reports/stats-command.js';
import { shortDateTime, timeFrom } from '../../time.js';
import type { TicketRow } from '../../types.js';
import { parseListFilter, parseStatsRange, type ListFilter } from '../args.js';
import { categoryName, intentName, statusName } from '../lifecycle.js';
import { reportersOf, shortSummary, staffById } from '../store.js';
import { STAFF_WHERE, ticketsFrom } from './shared.js';
import { mediaLine } from '../../media/summary.js';

function line(t: TicketRow, now: Date, tz: string, assignee: string | null): string {
  const due = t.status === 'open' ? t.respondDueAt : t.resolveDueAt;
  const dueText = ['open', 'accepted'].includes(t.status) ? ` 限${timeFrom(now, due, tz)}` : '';
  return `#${t.id} ${statusName(t.status)}${t.urgent ? '🚨' : ''}【${categoryName(t.category)}】${t.location ?? ''} ${shortSummary(t.summary, 16)}${assignee ? `｜${assignee}` : ''}${dueText}`;
}

const FILTER_NAMES: Record<ListFilter, string> = { mine: '我的', unaccepted: '未接', overdue: '超时', all: '全部未关闭', active: '进行中' };

const listCommand: Command = {
  keywords: ['工单', 'list', 'tickets'], roles: 'staff', where: STAFF_WHERE,
  usage: '工单 [我的|未接|超时|全部]', summary: '列出工单',
  async run(ctx, args) {
    const filter = parseListFilter(args);
    if (!filter) {
      await ctx.reply('请写「工单 我的」「工单 未接」「工单 超时」或「工单 全部」。');
      return;
    }
    const active = inArray(tickets.status, ['open', 'accepted', 'paused']);
    const where = {
      mine: and(active, eq(tickets.assigneeId, ctx.msg.talkerId)),
      unaccepted: eq(tickets.status, 'open'),
      overdue: or(and(eq(tickets.status, 'open'), lt(tickets.respondDueAt, ctx.now)), and(inArray(tickets.status, ['open', 'accepted']), lt(tickets.resolveDueAt, ctx.now))),
      all: ne(tickets.status, 'closed'),
      active,
    }[filter];
    const rows = await ctx.tx.select().from(tickets).where(where).orderBy(desc(tickets.urgent), asc(tickets.id)).limit(30);
    if (!rows.length) {
      await ctx.reply(`${FILTER_NAMES[filter]}工单：暂无。`);
      return;
    }
    const people = await ctx.tx.select().from(staff);
    const nameOf = (id: string | null) => people.find((p) => p.contactId === id)?.name ?? null;
    const tz = ctx.svc.config.timezone;
    await ctx.reply(`${FILTER_NAMES[filter]}工单（${rows.length}）：\n${rows.map((t) => line(t, ctx.now, tz, nameOf(t.assigneeId))).join('\n')}`);
  },
};

const showCommand: Command = {
  keywords: ['查', '查看', 'show'], roles: 'staff', where: STAFF_WHERE,
  usage: '查 #工单号', summary: '工单详情和全部记录',
  async run(ctx, args) {
    const found = await ticketsFrom(ctx, args, '查 #17', { bareExtras: true });
    if (!found) return;
    for (const t of found.tickets) await ctx.reply(await ticketHistory(ctx, t));
  },
};

/** `查`: the ticket and every step of its record. */
async function ticketHistory(ctx: Ctx, t: TicketRow): Promise<string> {
  const tz = ctx.svc.config.timezone;
  const when = (d: Date) => shortDateTime(d, tz);
  const events = await ctx.tx.select().from(ticketEvents).where(eq(ticketEvents.ticketId, t.id)).orderBy(asc(ticketEvents.id));
  const reporters = await reportersOf(ctx.tx, t.id);
  const assignee = await staffById(ctx.tx, t.assigneeId);
  const attachments = await mediaLine(ctx.tx, t.id);
  const head = [
    `工单 #${t.id} ${intentName(t.intent)}【${categoryName(t.category)}】${t.urgent ? '🚨紧急 ' : ''}${statusName(t.status)}`,
    `位置：${t.location ?? '待确认'}　负责人：${assignee?.name ?? '未分配'}`,
    `反映人：${reporters.map((r) => r.name).join('、')}（${t.reporterCount}人）`,
    `内容：${t.summary}`,
    ...(attachments ? [attachments] : []),
    `响应时限 ${when(t.respondDueAt)}，解决时限 ${when(t.resolveDueAt)}${t.rating ? `，评分 ${t.rating}` : ''}`,
    '记录：',
  ];
  const history = collapseRepeats(events).map(({ e, times, last }) => {
    const again = times > 1 ? ` ×${times}（至${when(last)}）` : '';
    return `${when(e.at)} ${e.actorName ?? '系统'} ${EVENT_NAMES[e.action] ?? e.action}${again}${e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus ? `（${statusName(e.fromStatus)}→${statusName(e.toStatus)}）` : ''}${e.note ? `：${e.note}` : ''}`;
  });
  return [...head, ...history].join('\n');
}

type EventRow = typeof ticketEvents.$inferSelect;

/** A run of repeats by one resident is one line with a count (and the latest words), so a flood does not bury the record. */
function collapseRepeats(events: EventRow[]): { e: EventRow; times: number; last: Date }[] {
  const out: { e: EventRow; times: number; last: Date }[] = [];
  for (const e of events) {
    const prev = out.at(-1);
    const isRepeat = e.action === 'repeat' || e.action === 'repeat-quiet';
    if (isRepeat && prev && prev.e.action === 'repeat' && prev.e.actorId === e.actorId) {
      prev.times++;
      prev.last = e.at;
      prev.e = { ...prev.e, note: e.note };
      continue;
    }
    out.push({ e: isRepeat ? { ...e, action: 'repeat' } : e, times: 1, last: e.at });
  }
  return out;
}

const EVENT_NAMES: Record<string, string> = {
  open: '登记', accept: '接单', assign: '派单', progress: '进展', resolve: '完成', reopen: '重开', hold: '挂起', resume: '恢复',
  rate: '评价', close: '关闭', expire: '超时未评价，关闭', repeat: '再次反映', reporter: '也反映了', 'ask-unit': '询问门牌号',
  location: '补充门牌号', remind: '提醒', escalate: '升级', 'low-rating': '低分提醒',
};

const statsCommand: Command = {
  keywords: ['统计', 'stats'], roles: 'staff', where: STAFF_WHERE,
  usage: '统计 [今天|本周|本月]', summary: '工单量、时效和满意度',
  async run(ctx, args) {
    const range = parseStatsRange(args);
    if (!range) {
      await ctx.reply('请写「统计 今天」「统计 本周」或「统计 本月」。');
      return;
    }
    await ctx.reply(await statsText(ctx.tx, ctx.svc.config, ctx.now, range));
  },
};

export const viewCommands: Command[] = [listCommand, showCommand, statsCommand];
