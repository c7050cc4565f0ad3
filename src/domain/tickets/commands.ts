import { and, asc, desc, eq, inArray, lt, ne, or } from 'drizzle-orm';
import { staff, ticketEvents, tickets } from '../../db/schema.js';
import type { Ctx } from '../../pipeline/context.js';
import type { Command } from '../commands/registry.js';
import { maskPersonalData } from '../privacy.js';
import { statsText } from '../reports/stats-command.js';
import { localDate, localTime } from '../time.js';
import * as act from './actions.js';
import { mentionedIds, parseListFilter, parseStatsRange, parseTicketRef, stripMentions, type ListFilter } from './args.js';
import { categoryName, intentName, mayTake, statusName, type Action } from './lifecycle.js';
import { loadTicket, notifyStaff, reportersOf, restatement, shortSummary, staffById, tellReporters, type TicketRow } from './store.js';

const STAFF_WHERE = 'staff' as const;

function actor(ctx: Ctx): act.Actor {
  return { id: ctx.msg.talkerId, name: ctx.staff?.name ?? ctx.msg.talkerName };
}

/** Replies where the command was given; a command given privately is also posted in the staff room. */
async function announce(ctx: Ctx, text: string, mentionIds: string[] = []): Promise<void> {
  if (ctx.isPrivate) {
    await ctx.reply(text);
    await notifyStaff(ctx.tx, ctx.now, text, { mentionIds });
  } else {
    await ctx.reply(text, { mentionIds: [...new Set([ctx.msg.talkerId, ...mentionIds])] });
  }
}

/** The ticket named in the arguments, or a clear answer why there is none. */
async function ticketFrom(ctx: Ctx, args: string, usage: string): Promise<{ t: TicketRow; rest: string } | null> {
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

const ACTION_WORDS: Record<Action, string> = {
  accept: '接单', assign: '派单', progress: '更新进度', resolve: '标记完成', reopen: '重开', hold: '挂起', resume: '恢复',
  rate: '评价', expire: '关闭',
};

function hintFor(action: Action, t: TicketRow): string {
  if (t.status === 'paused') return `请先「恢复 #${t.id}」。`;
  if ((t.status === 'resolved' || t.status === 'closed') && action !== 'reopen') return `如需重新处理，请主管发「重开 #${t.id} 原因」。`;
  if (action === 'reopen') return '只有已完成或已关闭的工单可以重开。';
  if (action === 'resume') return '只有挂起中的工单可以恢复。';
  return '';
}

/** Refuses a step the ticket's state does not allow, e.g. completing a closed ticket. */
async function allowed(ctx: Ctx, action: Action, t: TicketRow): Promise<boolean> {
  if (mayTake(action, t.status)) return true;
  ctx.outcome.refused = 'state';
  await ctx.reply(`工单 #${t.id} 当前${statusName(t.status)}，不能${ACTION_WORDS[action]}。${hintFor(action, t)}`);
  return false;
}

/** Technicians work on their own tickets; agents, supervisors and managers on any. */
async function ownsOrLeads(ctx: Ctx, t: TicketRow): Promise<boolean> {
  if (ctx.staff?.role !== 'technician' || t.assigneeId === ctx.msg.talkerId) return true;
  ctx.outcome.refused = 'not assignee';
  if (!t.assigneeId) {
    await ctx.reply(`工单 #${t.id} 还没有人接单，请先「接单 #${t.id}」。`);
    return false;
  }
  const owner = await staffById(ctx.tx, t.assigneeId);
  await ctx.reply(`工单 #${t.id} 由${owner?.name ?? '其他同事'}负责，只有负责人或主管可以操作。`);
  return false;
}

const acceptCommand: Command = {
  keywords: ['接单', 'accept'], roles: 'staff', where: STAFF_WHERE,
  usage: '接单 #工单号', summary: '接下这张工单（开始计解决时限）',
  async run(ctx, args) {
    const found = await ticketFrom(ctx, args, '接单 #17');
    if (!found) return;
    const { t } = found;
    if (!(await allowed(ctx, 'accept', t))) return;
    if (t.assigneeId === ctx.msg.talkerId) {
      await ctx.reply(`工单 #${t.id} 您已经接了，完成后发「完成 #${t.id}」。`);
      return;
    }
    if (t.assigneeId && ctx.staff?.role === 'technician') {
      const owner = await staffById(ctx.tx, t.assigneeId);
      await ctx.reply(`工单 #${t.id} 已由${owner?.name ?? '其他同事'}负责，如需改派请找主管。`);
      return;
    }
    const previous = t.assigneeId ? await staffById(ctx.tx, t.assigneeId) : null;
    const updated = await act.accept(ctx.tx, ctx.now, t, actor(ctx), previous ? `由${previous.name}改为${actor(ctx).name}` : undefined);
    await announce(ctx, `👌 ${actor(ctx).name} 已接单 #${t.id}（${shortSummary(t.summary)}）。`);
    if (t.status === 'open') {
      await tellReporters(ctx.tx, ctx.now, updated, `您好，工单 #${t.id} 已由${actor(ctx).name}接单，会尽快和您联系处理。`);
    }
  },
};

async function assigneeFrom(ctx: Ctx, rest: string) {
  const ids = mentionedIds(ctx.msg.text, ctx.msg.mentionIds, ctx.svc.config.botName, ctx.msg.mentionsBot);
  if (ids.length) return { person: await staffById(ctx.tx, ids[0]!), asked: ids[0]! };
  // In a private chat there is no @: the roster name the manager gave counts (never a display name).
  const name = stripMentions(rest);
  if (!name) return null;
  const [s] = await ctx.tx.select().from(staff).where(and(eq(staff.name, name), eq(staff.active, true)));
  return { person: s ?? null, asked: name };
}

const assignCommand: Command = {
  keywords: ['派单', '指派', 'assign'], roles: ['manager', 'supervisor', 'agent'], where: STAFF_WHERE,
  usage: '派单 #工单号 @同事', summary: '把工单派给一位同事',
  async run(ctx, args) {
    const found = await ticketFrom(ctx, args, '派单 #17 @李师傅');
    if (!found) return;
    const { t, rest } = found;
    if (!(await allowed(ctx, 'assign', t))) return;
    const target = await assigneeFrom(ctx, rest);
    if (!target) {
      await ctx.reply(`请 @ 要派给的同事，例如：派单 #${t.id} @李师傅`);
      return;
    }
    if (!target.person?.active) {
      ctx.outcome.refused = 'not staff';
      await ctx.reply('要派给的人不在员工名单里，请先由经理「添加员工」。');
      return;
    }
    const person = target.person;
    if (t.assigneeId === person.contactId) {
      await ctx.reply(`工单 #${t.id} 已经由${person.name}负责了。`);
      return;
    }
    const updated = await act.assign(ctx.tx, ctx.now, t, actor(ctx), person);
    const text = `📌 工单 #${t.id}（${shortSummary(t.summary)}，${t.location ?? '位置待确认'}）已派给${person.name}，请尽快处理，完成后发「完成 #${t.id}」。`;
    if (ctx.isPrivate) {
      await ctx.reply(`已派给${person.name}。`);
      await notifyStaff(ctx.tx, ctx.now, text, { mentionIds: [person.contactId] });
    } else {
      await ctx.reply(text, { mentionIds: [person.contactId] });
    }
    if (t.status === 'open') {
      await tellReporters(ctx.tx, ctx.now, updated, `您好，工单 #${t.id} 已安排${person.name}处理，会尽快和您联系。`);
    }
  },
};

const progressCommand: Command = {
  keywords: ['进度', '进展', 'progress'], roles: 'staff', where: STAFF_WHERE,
  usage: '进度 #工单号 说明', summary: '记录进展并转告住户',
  async run(ctx, args) {
    const found = await ticketFrom(ctx, args, '进度 #17 师傅10点上门');
    if (!found) return;
    const { t, rest } = found;
    if (!(await allowed(ctx, 'progress', t)) || !(await ownsOrLeads(ctx, t))) return;
    if (!rest) {
      await ctx.reply(`请写上进展说明，例如：进度 #${t.id} 配件已到，下午2点上门`);
      return;
    }
    const note = maskPersonalData(rest).slice(0, 300);
    await act.progress(ctx.tx, ctx.now, t, actor(ctx), note);
    await tellReporters(ctx.tx, ctx.now, t, `您好，工单 #${t.id} 有新进展：${note}（${actor(ctx).name}）`);
    await ctx.reply(`已记录工单 #${t.id} 的进展，并转告了住户。`);
  },
};

const resolveCommand: Command = {
  keywords: ['完成', '完工', '已完成', 'resolve', 'done'], roles: 'staff', where: STAFF_WHERE,
  usage: '完成 #工单号 [说明]', summary: '标记已处理完成，请住户评价',
  async run(ctx, args) {
    const found = await ticketFrom(ctx, args, '完成 #17 已更换水管');
    if (!found) return;
    const { t, rest } = found;
    if (!(await allowed(ctx, 'resolve', t)) || !(await ownsOrLeads(ctx, t))) return;
    const note = rest ? maskPersonalData(rest).slice(0, 300) : null;
    await act.resolve(ctx.tx, ctx.now, ctx.svc.config, t, actor(ctx), note);
    await announce(ctx, `✅ 工单 #${t.id} 已完成（${actor(ctx).name}），已请住户评价。`);
  },
};

const reopenCommand: Command = {
  keywords: ['重开', '重新打开', 'reopen'], roles: ['manager', 'supervisor'], where: STAFF_WHERE,
  usage: '重开 #工单号 [原因]', summary: '重新打开已完成/已关闭的工单',
  async run(ctx, args) {
    const found = await ticketFrom(ctx, args, '重开 #17 住户反映仍漏水');
    if (!found) return;
    const { t, rest } = found;
    if (!(await allowed(ctx, 'reopen', t))) return;
    const note = rest ? maskPersonalData(rest).slice(0, 300) : null;
    const updated = await act.reopen(ctx.tx, ctx.now, ctx.svc.config, t, actor(ctx), note);
    await announce(ctx, `🔄 工单 #${t.id} 已重开（${statusName(updated.status)}）${note ? `：${note}` : ''}`, updated.assigneeId ? [updated.assigneeId] : []);
    await tellReporters(ctx.tx, ctx.now, updated, `您好，工单 #${t.id}（${restatement(updated)}）我们会继续跟进处理，给您添麻烦了。`);
  },
};

const holdCommand: Command = {
  keywords: ['挂起', 'hold'], roles: 'staff', where: STAFF_WHERE,
  usage: '挂起 #工单号 原因', summary: '等配件或等住户时暂停计时',
  async run(ctx, args) {
    const found = await ticketFrom(ctx, args, '挂起 #17 等配件');
    if (!found) return;
    const { t, rest } = found;
    if (!(await allowed(ctx, 'hold', t)) || !(await ownsOrLeads(ctx, t))) return;
    if (!rest) {
      await ctx.reply(`请写上挂起原因，例如：挂起 #${t.id} 等配件到货`);
      return;
    }
    const reason = maskPersonalData(rest).slice(0, 300);
    const updated = await act.hold(ctx.tx, ctx.now, t, actor(ctx), reason);
    await announce(ctx, `⏸ 工单 #${t.id} 已挂起：${reason}。计时暂停，处理时发「恢复 #${t.id}」。`);
    await tellReporters(ctx.tx, ctx.now, updated, `您好，工单 #${t.id} 需要稍等：${reason}。条件具备后我们会马上继续处理并通知您。`);
  },
};

const resumeCommand: Command = {
  keywords: ['恢复', 'resume'], roles: 'staff', where: STAFF_WHERE,
  usage: '恢复 #工单号', summary: '结束挂起，继续计时（时限顺延）',
  async run(ctx, args) {
    const found = await ticketFrom(ctx, args, '恢复 #17');
    if (!found) return;
    const { t } = found;
    if (!(await allowed(ctx, 'resume', t)) || !(await ownsOrLeads(ctx, t))) return;
    const { ticket } = await act.resume(ctx.tx, ctx.now, t, actor(ctx));
    const due = `${localDate(ticket.resolveDueAt, ctx.svc.config.timezone).slice(5)} ${localTime(ticket.resolveDueAt, ctx.svc.config.timezone)}`;
    await announce(ctx, `▶️ 工单 #${t.id} 已恢复处理，解决时限顺延至 ${due}。`);
    await tellReporters(ctx.tx, ctx.now, ticket, `您好，工单 #${t.id} 已恢复处理，我们会尽快完成。`);
  },
};

function line(t: TicketRow, tz: string, assignee: string | null): string {
  const due = t.status === 'open' ? t.respondDueAt : t.resolveDueAt;
  const dueText = ['open', 'accepted'].includes(t.status) ? ` 限${localTime(due, tz)}` : '';
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
    await ctx.reply(`${FILTER_NAMES[filter]}工单（${rows.length}）：\n${rows.map((t) => line(t, tz, nameOf(t.assigneeId))).join('\n')}`);
  },
};

const showCommand: Command = {
  keywords: ['查', '查看', 'show'], roles: 'staff', where: STAFF_WHERE,
  usage: '查 #工单号', summary: '工单详情和全部记录',
  async run(ctx, args) {
    const found = await ticketFrom(ctx, args, '查 #17');
    if (!found) return;
    const { t } = found;
    const tz = ctx.svc.config.timezone;
    const when = (d: Date) => `${localDate(d, tz).slice(5)} ${localTime(d, tz)}`;
    const events = await ctx.tx.select().from(ticketEvents).where(eq(ticketEvents.ticketId, t.id)).orderBy(asc(ticketEvents.id));
    const reporters = await reportersOf(ctx.tx, t.id);
    const assignee = await staffById(ctx.tx, t.assigneeId);
    const head = [
      `工单 #${t.id} ${intentName(t.intent)}【${categoryName(t.category)}】${t.urgent ? '🚨紧急 ' : ''}${statusName(t.status)}`,
      `位置：${t.location ?? '待确认'}　负责人：${assignee?.name ?? '未分配'}`,
      `反映人：${reporters.map((r) => r.name).join('、')}（${t.reporterCount}人）`,
      `内容：${t.summary}`,
      `响应时限 ${when(t.respondDueAt)}，解决时限 ${when(t.resolveDueAt)}${t.rating ? `，评分 ${t.rating}` : ''}`,
      '记录：',
    ];
    const history = events.map((e) => `${when(e.at)} ${e.actorName ?? '系统'} ${EVENT_NAMES[e.action] ?? e.action}${e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus ? `（${statusName(e.fromStatus)}→${statusName(e.toStatus)}）` : ''}${e.note ? `：${e.note}` : ''}`);
    await ctx.reply([...head, ...history].join('\n'));
  },
};

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

export const ticketCommands: Command[] = [
  acceptCommand, assignCommand, progressCommand, resolveCommand, reopenCommand, holdCommand, resumeCommand,
  listCommand, showCommand, statsCommand,
];
