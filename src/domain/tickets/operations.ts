import type { Config } from '../../config.js';
import type { Outbound } from '../../outbox/outbound.js';
import { cleanText, excerpt } from '../excerpt.js';
import { maskPersonalData } from '../privacy.js';
import { shortDateTime } from '../time.js';
import type { Role, StaffRow, TicketRow } from '../types.js';
import * as act from './actions.js';
import { askForHandlingReport } from '../conversations/handling-report.js';
import { incidentOfTicket, spendUpdate } from '../conversations/incidents.js';
import { mayTake, statusName, type Action } from './lifecycle.js';
import { planNote, reasonsText, type NotePlan } from './notes.js';
import { reporterDoors, reportersOf, restatement, shortSummary, staffById, tellReporters } from './store.js';

/**
 * The steps staff take on a ticket, with their rules, for every way in (chat commands, the
 * console): who may take each step, in which state, and what the reporters and the staff room
 * are told. One place decides; the callers only say where the answer goes.
 */
export type Operation = 'accept' | 'assign' | 'progress' | 'resolve' | 'reopen' | 'hold' | 'resume' | 'merge';

/** 'staff': any active staff member; technicians only on their own tickets where `ownOnly`. */
export const OPERATION_ROLES: Record<Operation, Role[] | 'staff'> = {
  accept: 'staff',
  assign: ['manager', 'supervisor', 'agent'],
  progress: 'staff',
  resolve: 'staff',
  reopen: ['manager', 'supervisor'],
  hold: 'staff',
  resume: 'staff',
  merge: ['manager', 'supervisor', 'agent'],
};
/** Who confirms a serious incident's handling report before it goes to the group (报告 #N 确认). */
export const REPORT_ROLES: Role[] = ['manager', 'supervisor'];
const OWN_ONLY = new Set<Operation>(['progress', 'resolve', 'hold', 'resume']);

export interface Operator { contactId: string; name: string; role: Role }

export interface OpEnv { out: Outbound; config: Config }

/**
 * What the operator is told. `announce`: staff should all see it (in the staff room, or posted
 * there when the step was taken elsewhere), @mentioning `mentionIds`; `privateText` is the short
 * answer for the operator when the announcement goes to the staff room instead.
 */
export interface OpResult {
  ok: boolean;
  text: string;
  announce?: boolean;
  mentionIds?: string[];
  privateText?: string;
  refused?: string;
  ticket?: TicketRow;
}

export function mayOperate(op: Operation, role: Role): boolean {
  const roles = OPERATION_ROLES[op];
  return roles === 'staff' || roles.includes(role);
}

const ACTION_WORDS: Record<Action, string> = {
  accept: '接单', assign: '派单', progress: '更新进度', resolve: '标记完成', reopen: '重开', hold: '挂起', resume: '恢复', merge: '合并',
  rate: '评价', expire: '关闭',
};

function hintFor(action: Action, t: TicketRow): string {
  if (t.status === 'paused') return `请先「恢复 #${t.id}」。`;
  if ((t.status === 'resolved' || t.status === 'closed') && action !== 'reopen') return `如需重新处理，请主管发「重开 #${t.id} 原因」。`;
  if (action === 'reopen') return '只有已完成或已关闭的工单可以重开。';
  if (action === 'resume') return '只有挂起中的工单可以恢复。';
  return '';
}

const refuse = (text: string, refused: string): OpResult => ({ ok: false, text, refused });

/** The role, the ticket's state and (for technicians) ownership, checked in that order. */
async function check(env: OpEnv, op: Operation, who: Operator, t: TicketRow): Promise<OpResult | null> {
  if (!mayOperate(op, who.role)) return refuse(`「${ACTION_WORDS[op]}」需要主管或以上权限。`, 'role');
  if (!mayTake(op, t.status)) return refuse(`工单 #${t.id} 当前${statusName(t.status)}，不能${ACTION_WORDS[op]}。${hintFor(op, t)}`, 'state');
  if (!OWN_ONLY.has(op) || who.role !== 'technician' || t.assigneeId === who.contactId) return null;
  if (!t.assigneeId) return refuse(`工单 #${t.id} 还没有人接单，请先「接单 #${t.id}」。`, 'not assignee');
  const owner = await staffById(env.out.tx, t.assigneeId);
  return refuse(`工单 #${t.id} 由${owner?.name ?? '其他同事'}负责，只有负责人或主管可以操作。`, 'not assignee');
}

const actorOf = (who: Operator): act.Actor => ({ id: who.contactId, name: who.name });
const cleanNote = (text: string) => excerpt(text, 300);

/** Where a note for the residents goes (see notes.ts), given the reporter's own door numbers. */
async function planFor(env: OpEnv, t: TicketRow, text: string): Promise<NotePlan> {
  return planNote(cleanText(text), await reporterDoors(env.out.tx, t));
}

/**
 * Tells the reporters about a step with a staff note: `withNote` where the note may go (the
 * group, or the reporter privately), `withoutNote` to everyone else the ticket's messages reach.
 */
async function tellWithNote(env: OpEnv, t: TicketRow, plan: NotePlan, withNote: (note: string) => string, withoutNote: string, opts: { kind?: string; privately?: boolean } = {}): Promise<void> {
  if (plan.audience === 'group') return tellReporters(env.out, t, withNote(maskPersonalData(plan.text)), opts);
  const others = (await reportersOf(env.out.tx, t.id)).map((r) => r.contactId).filter((id) => plan.audience === 'none' || id !== t.reporterId);
  if (plan.audience === 'reporter') await tellReporters(env.out, t, withNote(plan.text), { ...opts, privately: true, only: [t.reporterId] });
  if (others.length) await tellReporters(env.out, t, withoutNote, { ...opts, only: others });
}

/** What the staff member hears about a note that did not go to the group as written. */
function withheldText(plan: NotePlan): string {
  if (plan.audience === 'group') return '';
  const why = `说明含${reasonsText(plan.reasons)}`;
  return plan.audience === 'reporter'
    ? `（${why}，只私信发给了报修人，没有发到群里。）`
    : `（${why}，涉及其他住户，没有转告住户，群里只说了有进展。）`;
}

export async function accept(env: OpEnv, who: Operator, t: TicketRow): Promise<OpResult> {
  const refused = await check(env, 'accept', who, t);
  if (refused) return refused;
  const { tx, now } = env.out;
  if (t.assigneeId === who.contactId) return { ok: false, text: `工单 #${t.id} 您已经接了，完成后发「完成 #${t.id}」。` };
  if (t.assigneeId && who.role === 'technician') {
    const owner = await staffById(tx, t.assigneeId);
    return refuse(`工单 #${t.id} 已由${owner?.name ?? '其他同事'}负责，如需改派请找主管。`, 'taken');
  }
  const previous = t.assigneeId ? await staffById(tx, t.assigneeId) : null;
  const updated = await act.accept(tx, now, t, actorOf(who), previous ? `由${previous.name}改为${who.name}` : undefined);
  // an incident's group was already told engineers are on it: its one update is kept for real news
  if (t.status === 'open' && !(await incidentOfTicket(tx, t.id))) await tellReporters(env.out, updated, `您好，工单 #${t.id} 已由${who.name}接单，会尽快和您联系处理。`);
  return { ok: true, announce: true, text: `👌 ${who.name} 已接单 #${t.id}（${shortSummary(t.summary)}）。`, ticket: updated };
}

export async function assign(env: OpEnv, who: Operator, t: TicketRow, person: StaffRow | null): Promise<OpResult> {
  const refused = await check(env, 'assign', who, t);
  if (refused) return refused;
  if (!person?.active) return refuse('要派给的人不在员工名单里，请先由经理「添加员工」。', 'not staff');
  if (t.assigneeId === person.contactId) return { ok: false, text: `工单 #${t.id} 已经由${person.name}负责了。` };
  const updated = await act.assign(env.out.tx, env.out.now, t, actorOf(who), person);
  if (t.status === 'open') await tellReporters(env.out, updated, `您好，工单 #${t.id} 已安排${person.name}处理，会尽快和您联系。`);
  return {
    ok: true, announce: true, mentionIds: [person.contactId], privateText: `已派给${person.name}。`, ticket: updated,
    text: `📌 工单 #${t.id}（${shortSummary(t.summary)}，${t.location ?? '位置待确认'}）已派给${person.name}，请尽快处理，完成后发「完成 #${t.id}」。`,
  };
}

export async function progress(env: OpEnv, who: Operator, t: TicketRow, text: string): Promise<OpResult> {
  const refused = await check(env, 'progress', who, t);
  if (refused) return refused;
  const plan = await planFor(env, t, text);
  if (!plan.text) return { ok: false, text: `请写上进展说明，例如：进度 #${t.id} 配件已到，下午2点上门` };
  await act.progress(env.out.tx, env.out.now, t, actorOf(who), plan.masked);
  const incident = await incidentOfTicket(env.out.tx, t.id);
  if (incident && !(await spendUpdate(env.out.tx, incident.id, env.out.now))) {
    return { ok: true, text: `已记录工单 #${t.id} 的进展。这是多位住户反映的事件，群里已发过一次进展，这次只记在工单上，恢复时会通知所有反映人。`, ticket: t };
  }
  await tellWithNote(env, t, plan,
    (note) => `您好，工单 #${t.id} 有新进展：${note}（${who.name}）`,
    `您好，工单 #${t.id} 有新进展，${who.name}正在跟进处理。`);
  const told = plan.audience === 'group' ? '并转告了住户' : plan.audience === 'reporter' ? '并私信转告了报修人' : '没有转告说明内容';
  return { ok: true, text: `已记录工单 #${t.id} 的进展，${told}。${withheldText(plan)}`, ticket: t };
}

export async function resolve(env: OpEnv, who: Operator, t: TicketRow, text: string | null): Promise<OpResult> {
  const refused = await check(env, 'resolve', who, t);
  if (refused) return refused;
  const plan = text?.trim() ? await planFor(env, t, text) : null;
  const updated = await act.resolve(env.out.tx, env.out.now, t, actorOf(who), plan?.masked || null);
  const ask = '请您为这次服务打个分：回复 1-5（5分最满意）；如果还没弄好，直接回复「没修好」，我们马上再安排。';
  const done = `您好，工单 #${t.id}（${restatement(updated)}）已处理完成`;
  const privately = !env.config.rating.inGroup;
  if (plan?.text) await tellWithNote(env, updated, plan, (note) => `${done}：${note}。${ask}`, `${done}。${ask}`, { kind: 'rating', privately });
  else await tellReporters(env.out, updated, `${done}。${ask}`, { kind: 'rating', privately });
  const withheld = plan ? withheldText(plan) : '';
  await askForHandlingReport(env.out, env.config, updated);
  return { ok: true, announce: true, text: `✅ 工单 #${t.id} 已完成（${who.name}），已请住户评价。${withheld}`, ticket: updated };
}

export async function reopen(env: OpEnv, who: Operator, t: TicketRow, text: string | null): Promise<OpResult> {
  const refused = await check(env, 'reopen', who, t);
  if (refused) return refused;
  const note = text?.trim() ? cleanNote(text) : null;
  const updated = await act.reopen(env.out.tx, env.out.now, env.config, t, actorOf(who), note);
  await tellReporters(env.out, updated, `您好，工单 #${t.id}（${restatement(updated)}）我们会继续跟进处理，给您添麻烦了。`);
  return {
    ok: true, announce: true, mentionIds: updated.assigneeId ? [updated.assigneeId] : [], ticket: updated,
    text: `🔄 工单 #${t.id} 已重开（${statusName(updated.status)}）${note ? `：${note}` : ''}`,
  };
}

export async function hold(env: OpEnv, who: Operator, t: TicketRow, text: string): Promise<OpResult> {
  const refused = await check(env, 'hold', who, t);
  if (refused) return refused;
  const plan = await planFor(env, t, text);
  if (!plan.text) return { ok: false, text: `请写上挂起原因，例如：挂起 #${t.id} 等配件到货` };
  const updated = await act.hold(env.out.tx, env.out.now, t, actorOf(who), plan.masked);
  await tellWithNote(env, updated, plan,
    (reason) => `您好，工单 #${t.id} 需要稍等：${reason}。条件具备后我们会马上继续处理并通知您。`,
    `您好，工单 #${t.id} 需要稍等一段时间，条件具备后我们会马上继续处理并通知您。`);
  return { ok: true, announce: true, text: `⏸ 工单 #${t.id} 已挂起：${plan.masked}。计时暂停，处理时发「恢复 #${t.id}」。${withheldText(plan)}`, ticket: updated };
}

export async function resume(env: OpEnv, who: Operator, t: TicketRow): Promise<OpResult> {
  const refused = await check(env, 'resume', who, t);
  if (refused) return refused;
  const { ticket } = await act.resume(env.out.tx, env.out.now, t, actorOf(who));
  await tellReporters(env.out, ticket, `您好，工单 #${t.id} 已恢复处理，我们会尽快完成。`);
  const due = shortDateTime(ticket.resolveDueAt, env.config.timezone);
  return { ok: true, announce: true, text: `▶️ 工单 #${t.id} 已恢复处理，解决时限顺延至 ${due}。`, ticket };
}

/**
 * 合并 #a #b: #b is the same problem as #a. Its reporters and media join #a, it is closed with a
 * note, and its reporters are told that #a carries on. Both must still be worked on.
 */
export async function merge(env: OpEnv, who: Operator, into: TicketRow, from: TicketRow): Promise<OpResult> {
  if (into.id === from.id) return refuse('请写两张不同的工单，例如：合并 #12 #15（把 #15 并入 #12）。', 'same');
  for (const t of [into, from]) {
    const refused = await check(env, 'merge', who, t);
    if (refused) return refused;
  }
  const moved = await act.merge(env.out.tx, env.out.now, into, from, actorOf(who));
  await tellReporters(env.out, { ...from }, `您好，您反映的问题（工单 #${from.id}）和工单 #${into.id} 是同一件事，已合并到 #${into.id} 一起处理，后续进展会在 #${into.id} 通知您。`);
  return {
    ok: true, announce: true, ticket: moved,
    text: `🔗 工单 #${from.id} 已并入 #${into.id}（${shortSummary(into.summary)}），报告人共${moved.reporterCount}位（${who.name}）。`,
  };
}
