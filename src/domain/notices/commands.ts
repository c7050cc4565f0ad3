import { and, asc, eq, max } from 'drizzle-orm';
import { scheduleRuns, schedules } from '../../db/schema.js';
import { PRIORITY } from '../../outbox/enqueue.js';
import type { Ctx } from '../context.js';
import type { Role } from '../types.js';
import { answerStaff, type Command } from '../commands/registry.js';
import { broadcastNotBefore, queueToRooms } from '../schedules/broadcast.js';
import { firstOpenSlot } from '../schedules/engine.js';
import { describeScope, parseScope, roomsInScope, type Scope } from '../schedules/targets.js';
import { describeInstant, inQuietHours } from '../time.js';
import { noticeText, scopeOf } from './fire.js';
import { deferral } from './preview.js';
import { parseWhen } from './when.js';
import { noticeConcerns, type NoticePlan } from './checks.js';
import { askToConfirm, type ConfirmedAction } from '../commands/confirm.js';

export const NOTICE_ROLES: Role[] = ['manager', 'supervisor'];

/** "<范围> <内容>" → scope and text, or an explanation. Answers stay out of building groups (answerStaff). */
async function scopeAndText(ctx: Ctx, args: string, usage: string): Promise<{ scope: Scope; text: string } | null> {
  const m = /^(\S+)\s+([\s\S]+)$/.exec(args.trim());
  if (!m) {
    await answerStaff(ctx, `请按格式发送：${usage}\n范围写 全部、小区名（如 阳光花园）、小区+楼栋（如 阳光花园3栋）或楼栋（如 3栋）。`);
    return null;
  }
  // a bare "3栋" given in a building group means that group's community
  const own = ctx.room && !ctx.room.isStaffRoom ? ctx.room.community : null;
  const scope = await parseScope(ctx.tx, m[1]!, own);
  if (!scope.ok) {
    await answerStaff(ctx, scope.error);
    return null;
  }
  return { scope: scope.scope, text: m[2]!.trim() };
}

function quietNote(ctx: Ctx, at: Date): string {
  const { note } = deferral(ctx.svc.config, at, false, ctx.now);
  return note ? `\n${note}` : '';
}

/** Checks a notice and either carries it out or holds it for the sender's 确认. */
async function proceed(ctx: Ctx, plan: NoticePlan): Promise<void> {
  const concerns = await noticeConcerns(ctx, plan);
  if (!concerns.length) return carryOut(ctx, plan);
  const excerpt = plan.text.length > 30 ? `${plan.text.slice(0, 30)}…` : plan.text;
  await askToConfirm(ctx, 'notice', { ...plan }, `请核对这条${plan.mode === 'urgent' ? '紧急' : plan.mode === 'schedule' ? '定时' : ''}通知（发往${describeScope(plan.scope)}）：「${excerpt}」\n${concerns.join('\n')}`);
}

/** A held notice, confirmed by its sender: carried out as it was asked, with the groups in scope now. */
export const confirmNotice: ConfirmedAction = async (ctx, payload) => {
  if (!ctx.staff || !NOTICE_ROLES.includes(ctx.staff.role as Role)) {
    ctx.outcome.refused = true;
    await answerStaff(ctx, '发通知需要经理或主管权限，这条通知没有发出。');
    return;
  }
  await carryOut(ctx, payload as unknown as NoticePlan);
};

async function carryOut(ctx: Ctx, plan: NoticePlan): Promise<void> {
  if (plan.mode === 'schedule') return schedule(ctx, plan);
  const urgent = plan.mode === 'urgent';
  const targets = await roomsInScope(ctx.tx, plan.scope);
  if (!urgent && inQuietHours(ctx.now, ctx.svc.config.quietHours, ctx.svc.config.timezone)) {
    // held as a one-off schedule released when quiet hours end (and cancellable until then)
    const [row] = await ctx.tx.insert(schedules).values({
      kind: 'notice', runAt: ctx.now, scope: { ...plan.scope }, payload: { text: plan.text, label: '免打扰结束后' },
      createdBy: ctx.msg.talkerId, createdAt: ctx.now,
    }).returning();
    ctx.outcome.schedule = row!.id;
    await answerStaff(ctx, `现在是免打扰时段，这条通知（编号 ${row!.id}）将于 ${describeInstant(broadcastNotBefore(ctx.svc, ctx.now), ctx.svc.config.timezone, ctx.now)} 发往${describeScope(plan.scope)}，共 ${targets.length} 个业主群。`
      + `急事请用「紧急通知 <范围> <内容>」立即发出；取消请发「取消通知 ${row!.id}」。`);
    return;
  }
  const n = await queueToRooms(ctx.out, ctx.svc, targets, noticeText(plan.text), {
    kind: 'notice', key: `notice:${ctx.msg.msgId}`, priority: urgent ? PRIORITY.urgent : PRIORITY.scheduled,
  });
  ctx.outcome.notice = { groups: n, scope: plan.scope, urgent };
  await answerStaff(ctx, `已安排发出${urgent ? '紧急' : ''}通知：${describeScope(plan.scope)}，共 ${n} 个业主群。${urgent ? '' : quietNote(ctx, ctx.now)}`);
}

async function schedule(ctx: Ctx, plan: NoticePlan): Promise<void> {
  const tz = ctx.svc.config.timezone;
  const w = plan.when!;
  if (w.kind === 'once' && new Date(w.at) <= ctx.now) {
    await answerStaff(ctx, `${w.label} 已经过去了，这条定时通知没有安排，请换一个以后的时间重新发。`);
    return;
  }
  const [row] = await ctx.tx.insert(schedules).values({
    kind: 'notice',
    cron: w.kind === 'repeat' ? w.cron : null,
    runAt: w.kind === 'once' ? new Date(w.at) : null,
    scope: { community: plan.scope.community, building: plan.scope.building },
    payload: { text: plan.text, label: w.label },
    createdBy: ctx.msg.talkerId,
    createdAt: ctx.now,
  }).returning();
  if (!row) throw new Error('schedule insert returned nothing');
  const groups = (await roomsInScope(ctx.tx, plan.scope)).length;
  const first = firstOpenSlot(row, null, tz);
  ctx.outcome.schedule = row.id;
  const when = w.kind === 'once' ? w.label : `${w.label}（第一次：${first ? describeInstant(first, tz, ctx.now) : '—'}）`;
  await answerStaff(ctx, `已安排定时通知（编号 ${row.id}）：${when}，发往${describeScope(plan.scope)}，目前共 ${groups} 个业主群。`
    + `${first ? quietNote(ctx, first) : ''}\n取消请发「取消通知 ${row.id}」。`);
}

function sendNow(urgent: boolean): Command {
  const usage = urgent ? '紧急通知 <范围> <内容>' : '通知 <范围> <内容>';
  return {
    keywords: urgent ? ['紧急通知', 'urgent-notice'] : ['通知', 'notice'],
    roles: NOTICE_ROLES,
    usage,
    summary: urgent ? '立即发往业主群，免打扰时段也照发（停水停电、安全事故）' : '立即发通知到业主群（免打扰时段顺延到早上）',
    async run(ctx, args) {
      const parsed = await scopeAndText(ctx, args, usage);
      if (!parsed) return;
      await proceed(ctx, { mode: urgent ? 'urgent' : 'now', scope: parsed.scope, text: parsed.text });
    },
  };
}

const scheduleNotice: Command = {
  keywords: ['定时通知', 'schedule-notice'],
  roles: NOTICE_ROLES,
  usage: '定时通知 <时间> <范围> <内容>',
  summary: '按时发通知，如「定时通知 明天9:00 阳光花园3栋 明天上午停水」「定时通知 每周一 8:00 全部 …」',
  async run(ctx, args) {
    const when = parseWhen(args, ctx.now, ctx.svc.config.timezone);
    if (!when.ok) {
      await answerStaff(ctx, `${when.error}\n格式：定时通知 <时间> <范围> <内容>`);
      return;
    }
    const parsed = await scopeAndText(ctx, when.rest, this.usage);
    if (!parsed) return;
    const w = when.when;
    await proceed(ctx, {
      mode: 'schedule', scope: parsed.scope, text: parsed.text,
      when: w.kind === 'once' ? { kind: 'once', at: w.at.toISOString(), label: w.label } : { kind: 'repeat', cron: w.cron, label: w.label },
    });
  },
};

const listNotices: Command = {
  keywords: ['通知列表', 'notices'],
  roles: NOTICE_ROLES,
  usage: '通知列表',
  summary: '查看待发的定时通知',
  async run(ctx) {
    const tz = ctx.svc.config.timezone;
    const rows = await ctx.tx.select({ s: schedules, last: max(scheduleRuns.slot) }).from(schedules)
      .leftJoin(scheduleRuns, eq(scheduleRuns.scheduleId, schedules.id))
      .where(and(eq(schedules.kind, 'notice'), eq(schedules.active, true)))
      .groupBy(schedules.id).orderBy(asc(schedules.id));
    if (!rows.length) {
      await answerStaff(ctx, '目前没有待发的定时通知。');
      return;
    }
    const lines = rows.map(({ s, last }) => {
      const next = firstOpenSlot(s, last ? new Date(last) : null, tz);
      const label = s.cron ? `${String(s.payload.label ?? s.cron)}，下次 ${next ? describeInstant(next, tz, ctx.now) : '—'}` : next ? describeInstant(next, tz, ctx.now) : '—';
      const text = String(s.payload.text ?? '');
      return `· 编号 ${s.id}｜${label}｜${describeScope(scopeOf(s.scope))}｜${text.length > 24 ? `${text.slice(0, 24)}…` : text}`;
    });
    await answerStaff(ctx, `待发的定时通知（${rows.length}条）：\n${lines.join('\n')}\n取消请发「取消通知 <编号>」。`);
  },
};

const cancelNotice: Command = {
  keywords: ['取消通知', 'cancel-notice'],
  roles: NOTICE_ROLES,
  usage: '取消通知 <编号>',
  summary: '取消一条定时通知',
  async run(ctx, args) {
    const m = /^#?(\d+)$/.exec(args.trim());
    if (!m) {
      await answerStaff(ctx, '请写上通知编号，例如「取消通知 5」；发「通知列表」可查看编号。');
      return;
    }
    const id = Number(m[1]);
    const [row] = await ctx.tx.update(schedules).set({ active: false })
      .where(and(eq(schedules.id, id), eq(schedules.kind, 'notice'), eq(schedules.active, true)))
      .returning();
    if (!row) {
      await answerStaff(ctx, `没有找到编号 ${id} 的待发通知（可能已发出或已取消），发「通知列表」可查看。`);
      return;
    }
    ctx.outcome.cancelledSchedule = id;
    await answerStaff(ctx, `已取消定时通知（编号 ${id}）：「${String(row.payload.text ?? '').slice(0, 30)}」。`);
  },
};

export const noticeCommands: Command[] = [sendNow(false), sendNow(true), scheduleNotice, listNotices, cancelNotice];
