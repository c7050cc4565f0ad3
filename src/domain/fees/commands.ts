import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import type { Tx } from '../../db/connect.js';
import { bills, bindings, contacts, units } from '../../db/schema.js';
import type { Role } from '../types.js';
import { answerStaff, type Command } from '../commands/registry.js';
import { maskName } from '../privacy.js';
import { localDate } from '../time.js';
import { findUnits, statementText, unitLabel, unpaidBills, yuan } from './ledger.js';

export const LEDGER_ROLES: Role[] = ['manager', 'supervisor', 'agent'];

/** Anything about one household's money stays out of building groups. */
export const BIND_HOW = '私聊我发送「绑定 楼栋+房号」，例如「绑定 3栋2单元1502」，管家核实后即可查询本户缴费情况。';

/** `绑定 3栋2单元1502`: a resident asks to be linked to their home; staff confirm. */
const bind: Command = {
  keywords: ['绑定', '綁定'],
  roles: 'anyone',
  usage: '绑定 <楼栋房号>',
  summary: '住户绑定房屋（私聊）',
  async run(ctx, args) {
    if (!ctx.isPrivate) {
      ctx.outcome.bind = 'asked-in-group';
      await ctx.replyPrivately(`您好！为保护您的隐私，绑定房屋请在这里（私聊）进行：${BIND_HOW}`);
      return;
    }
    if (!args) {
      await ctx.reply(`请写上您家的楼栋和房号。${BIND_HOW}`);
      return;
    }
    const found = await findUnits(ctx.tx, args);
    if (!found.length) {
      await ctx.reply(`没有找到「${args}」这个房号，请核对后再发一次（例如「绑定 3栋2单元1502」，或带上小区名「绑定 阳光花园3栋2单元1502」）。如仍有问题，请联系物业服务中心 ${ctx.svc.config.hotline}。`);
      return;
    }
    if (found.length > 1) {
      await ctx.reply(`「${args}」在几个小区都有，请带上小区名再发一次，例如「绑定 ${unitLabel(found[0]!)}」。`);
      return;
    }
    const unit = found[0]!;
    const [existing] = await ctx.tx.select().from(bindings).where(and(eq(bindings.contactId, ctx.msg.talkerId), eq(bindings.unitId, unit.id)));
    if (existing?.status === 'confirmed') {
      await ctx.reply(`您已绑定${unitLabel(unit)}，可以直接问我「物业费交了吗」。`);
      return;
    }
    if (existing) {
      await ctx.reply(`您绑定${unitLabel(unit)}的申请已经提交，管家核实后会通知您，请稍候。`);
      return;
    }
    const [row] = await ctx.tx.insert(bindings).values({ contactId: ctx.msg.talkerId, unitId: unit.id, status: 'pending', createdAt: ctx.now }).returning();
    ctx.outcome.binding = row!.id;
    await ctx.reply(`已收到，您申请绑定${unitLabel(unit)}。管家核实后会私信通知您，之后就可以在这里查询本户的缴费情况了。`);
    const already = await boundTo(ctx.tx, unit.id, ctx.msg.talkerId);
    await ctx.toStaffRoom(`住户「${ctx.msg.talkerName}」申请绑定 ${unitLabel(unit)}（绑定编号 ${row!.id}）。`
      + (already.length
        ? `\n⚠️ 该房屋已绑定：${already.map((b) => b.shown).join('、')}。绑定后对方也会收到本户的欠费金额和提醒；核实是同住家人后请回复「确认绑定 ${row!.id} 共同」，不符请回复「拒绝绑定 ${row!.id}」。`
        : `核实后请回复「确认绑定 ${row!.id}」，不符请回复「拒绝绑定 ${row!.id}」。`));
  },
};

/** The people a unit is already bound to (confirmed), other than `except`, each with a masked name. */
async function boundTo(tx: Tx, unitId: number, except: string): Promise<{ contactId: string; shown: string }[]> {
  const rows = await tx.select({ contactId: bindings.contactId, name: contacts.name }).from(bindings)
    .leftJoin(contacts, eq(contacts.id, bindings.contactId))
    .where(and(eq(bindings.unitId, unitId), eq(bindings.status, 'confirmed'), ne(bindings.contactId, except)))
    .orderBy(asc(bindings.id));
  return rows.map((r) => ({ contactId: r.contactId, shown: r.name ? maskName(r.name) : '一位未留名的住户' }));
}

/** A second household member is confirmed only with one of these words after the number. */
const JOINT_WORDS = new Set(['共同', '共同绑定', '同户', '家人']);

function bindingArgs(args: string): { id: number; joint: boolean; extra: string | null } | null {
  const m = /^#?(\d+)(?:\s+(\S+))?$/.exec(args.trim());
  if (!m) return null;
  const word = m[2] ?? null;
  return { id: Number(m[1]), joint: !!word && JOINT_WORDS.has(word), extra: word && !JOINT_WORDS.has(word) ? word : null };
}

function bindingId(args: string): number | null {
  const m = /^#?(\d+)$/.exec(args.trim());
  return m ? Number(m[1]) : null;
}

/**
 * 确认绑定 N: the resident then sees the household's arrears. A unit already bound to someone
 * else is confirmed for a second person only with 「确认绑定 N 共同」, after staff have checked
 * they live there; the people already bound are told privately.
 */
const confirmBinding: Command = {
  keywords: ['确认绑定', '確認綁定'],
  roles: LEDGER_ROLES,
  usage: '确认绑定 <绑定编号> [共同]',
  summary: '确认住户的房屋绑定（该户已有人绑定时须加「共同」）',
  async run(ctx, args) {
    const parsed = bindingArgs(args);
    if (!parsed || parsed.extra) {
      await answerStaff(ctx, '请写上绑定编号，例如「确认绑定 3」（该户已有人绑定时写「确认绑定 3 共同」）；发「待确认绑定」可查看。');
      return;
    }
    const { id, joint } = parsed;
    const [pending] = await ctx.tx.select().from(bindings).where(and(eq(bindings.id, id), eq(bindings.status, 'pending'))).for('update');
    if (!pending) {
      await answerStaff(ctx, `没有找到待确认的绑定编号 ${id}（可能已确认或已拒绝）。`);
      return;
    }
    const [unit] = await ctx.tx.select().from(units).where(eq(units.id, pending.unitId));
    const already = await boundTo(ctx.tx, pending.unitId, pending.contactId);
    if (already.length && !joint) {
      ctx.outcome.refused = 'unit-already-bound';
      await answerStaff(ctx, `绑定编号 ${id} 没有确认：${unitLabel(unit!)} 已绑定 ${already.map((b) => b.shown).join('、')}，再绑定一位后，对方也会收到本户的欠费金额和提醒。`
        + `核实是同住家人后请回复「确认绑定 ${id} 共同」；不符请回复「拒绝绑定 ${id}」。`);
      return;
    }
    await ctx.tx.update(bindings).set({ status: 'confirmed', confirmedBy: ctx.msg.talkerId }).where(eq(bindings.id, id));
    ctx.outcome.confirmedBinding = id;
    await ctx.send({ contactId: pending.contactId }, `您好，您已成功绑定${unitLabel(unit!)}。以后想查物业费，直接问我「物业费交了吗」就可以。`);
    const [newcomer] = await ctx.tx.select({ name: contacts.name }).from(contacts).where(eq(contacts.id, pending.contactId));
    for (const b of already) {
      await ctx.send({ contactId: b.contactId }, `您好，您绑定的${unitLabel(unit!)}新增了一位绑定住户（${newcomer ? maskName(newcomer.name) : '未留名'}），对方也能查询本户缴费情况。如不是您的家人，请联系物业服务中心 ${ctx.svc.config.hotline}。`);
    }
    await answerStaff(ctx, `已确认绑定编号 ${id}：${unitLabel(unit!)}${already.length ? `（与 ${already.map((b) => b.shown).join('、')} 共同绑定，已私信告知原绑定住户）` : ''}。已私信通知住户。`);
  },
};

const rejectBinding: Command = {
  keywords: ['拒绝绑定', '拒絕綁定'],
  roles: LEDGER_ROLES,
  usage: '拒绝绑定 <绑定编号>',
  summary: '房号与住户不符时拒绝绑定',
  async run(ctx, args) {
    const id = bindingId(args);
    if (id === null) {
      await answerStaff(ctx, '请写上绑定编号，例如「拒绝绑定 3」。');
      return;
    }
    const [row] = await ctx.tx.delete(bindings).where(and(eq(bindings.id, id), eq(bindings.status, 'pending'))).returning();
    if (!row) {
      await answerStaff(ctx, `没有找到待确认的绑定编号 ${id}。`);
      return;
    }
    await ctx.send({ contactId: row.contactId }, `您好，您的房屋绑定暂时没能核实通过。方便的话请到物业服务中心或拨打 ${ctx.svc.config.hotline}，我们帮您核对登记信息。`);
    await answerStaff(ctx, `已拒绝绑定编号 ${id}，并已私信告知住户。`);
  },
};

const pendingBindings: Command = {
  keywords: ['待确认绑定', '绑定列表'],
  roles: LEDGER_ROLES,
  usage: '待确认绑定',
  summary: '列出等待确认的房屋绑定',
  async run(ctx) {
    const rows = await ctx.tx.select({ b: bindings, u: units, name: contacts.name }).from(bindings)
      .innerJoin(units, eq(units.id, bindings.unitId))
      .leftJoin(contacts, eq(contacts.id, bindings.contactId))
      .where(eq(bindings.status, 'pending')).orderBy(asc(bindings.id));
    if (!rows.length) {
      await answerStaff(ctx, '目前没有待确认的绑定。');
      return;
    }
    const lines: string[] = [];
    for (const r of rows) {
      const already = await boundTo(ctx.tx, r.u.id, r.b.contactId);
      lines.push(`· 编号 ${r.b.id}｜${r.name ?? '住户'}｜${unitLabel(r.u)}${already.length ? `｜⚠️ 该户已绑定 ${already.map((b) => b.shown).join('、')}` : ''}`);
    }
    await answerStaff(ctx, `待确认的绑定（${rows.length}条）：\n${lines.join('\n')}\n回复「确认绑定 <编号>」（该户已有人绑定时加「共同」）或「拒绝绑定 <编号>」。`);
  },
};

/** `已缴 3栋2单元1502 2026-11`: a payment taken at the front desk stops the reminders. */
const markPaid: Command = {
  keywords: ['已缴', '已繳', '已缴费'],
  roles: LEDGER_ROLES,
  usage: '已缴 <房号> [账期]',
  summary: '登记某户某期物业费已缴（停止提醒）',
  async run(ctx, args) {
    const m = /^(\S+)(?:\s+(\S.*))?$/.exec(args.trim());
    if (!m) {
      await answerStaff(ctx, '请按格式发送：已缴 3栋2单元1502 2026-11');
      return;
    }
    const found = await findUnits(ctx.tx, m[1]!);
    if (found.length !== 1) {
      await answerStaff(ctx, found.length ? `「${m[1]}」在几个小区都有，请带上小区名，例如「已缴 ${unitLabel(found[0]!)} 2026-11」。` : `没有找到房号「${m[1]}」，请核对。`);
      return;
    }
    const unit = found[0]!;
    const unpaid = await unpaidBills(ctx.tx, unit.id);
    const period = m[2]?.trim();
    const chosen = period ? unpaid.filter((b) => b.period === period) : unpaid;
    if (!chosen.length) {
      await answerStaff(ctx, period
        ? `${unitLabel(unit)}没有「${period}」期的待缴账单${unpaid.length ? `（待缴：${unpaid.map((b) => b.period).join('、')}）` : '（目前没有待缴账单）'}。`
        : `${unitLabel(unit)}目前没有待缴账单。`);
      return;
    }
    if (!period && chosen.length > 1) {
      await answerStaff(ctx, `${unitLabel(unit)}有 ${chosen.length} 期待缴：${chosen.map((b) => b.period).join('、')}，请写明账期，例如「已缴 ${m[1]} ${chosen[0]!.period}」。`);
      return;
    }
    const bill = chosen[0]!;
    await ctx.tx.update(bills).set({ paidAt: ctx.now }).where(and(eq(bills.id, bill.id), isNull(bills.paidAt)));
    ctx.outcome.paid = { unit: unit.id, period: bill.period };
    await answerStaff(ctx, `已登记：${unitLabel(unit)} ${bill.period} 期物业费 ${yuan(bill.amountCents)} 元已缴，不再提醒。`);
  },
};

/** `查缴费 3栋2单元1502`: staff look up a household (never answered in a building group). */
const lookup: Command = {
  keywords: ['查缴费', '查繳費'],
  roles: LEDGER_ROLES,
  usage: '查缴费 <房号>',
  summary: '查看某户待缴物业费',
  async run(ctx, args) {
    const found = args ? await findUnits(ctx.tx, args) : [];
    if (found.length !== 1) {
      await answerStaff(ctx, found.length ? `「${args}」在几个小区都有，请带上小区名。` : `没有找到房号「${args}」，请按「查缴费 3栋2单元1502」发送。`);
      return;
    }
    const unit = found[0]!;
    await answerStaff(ctx, statementText(unit, await unpaidBills(ctx.tx, unit.id), localDate(ctx.now, ctx.svc.config.timezone)));
  },
};

export const feeCommands: Command[] = [bind, confirmBinding, rejectBinding, pendingBindings, markPaid, lookup];
