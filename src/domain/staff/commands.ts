import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { accounts, rooms, staff, ticketReporters } from '../../db/schema.js';
import type { Ctx } from '../context.js';
import { roleName, type Command } from '../commands/registry.js';
import { firstMentionText, mentionedIds, parseStaffSpec, stripMentions } from '../tickets/args.js';
import { guessMapping } from '../rooms.js';
import { ON_DUTY_ROLES } from '../tickets/store.js';

function mentioned(ctx: Ctx): string[] {
  return mentionedIds(ctx.msg.text, ctx.msg.mentionIds, ctx.svc.config.botName, ctx.msg.mentionsBot);
}

const ROLE_HELP = '角色写：经理、主管、客服（管家）或维修';

/** 添加员工 @某人 维修 [姓名]: bound to the @mentioned contact id; the name is the one the manager gives. */
const addStaff: Command = {
  keywords: ['添加员工', '新增员工', '加员工', 'addstaff'], roles: ['manager'],
  usage: '添加员工 @某人 角色 [姓名]', summary: '把一位同事加入员工名单（按微信账号绑定）',
  async run(ctx, args) {
    const ids = mentioned(ctx);
    if (ids.length !== 1) {
      await ctx.reply(`请在群里 @ 要添加的那一位同事，例如：添加员工 @李师傅 维修 李建国（${ROLE_HELP}）`);
      return;
    }
    const spec = parseStaffSpec(stripMentions(args));
    if (!spec.role) {
      await ctx.reply(`请写上角色，例如：添加员工 @李师傅 维修（${ROLE_HELP}）`);
      return;
    }
    const name = (spec.name ?? firstMentionText(ctx.msg.text, ctx.svc.config.botName) ?? '').slice(0, 20);
    if (!name) {
      await ctx.reply('请写上这位同事的姓名，例如：添加员工 @李师傅 维修 李建国');
      return;
    }
    const contactId = ids[0]!;
    const [existing] = await ctx.tx.select().from(staff).where(eq(staff.contactId, contactId));
    if (existing?.role === 'manager' && spec.role !== 'manager' && !(await anotherManager(ctx, contactId))) {
      await ctx.reply('这是唯一的经理，不能改成其他角色；请先添加另一位经理。');
      return;
    }
    // someone moved to a role that cannot be on duty stops being on duty
    const offDuty = !!existing?.onDuty && !ON_DUTY_ROLES.includes(spec.role);
    await ctx.tx.insert(staff).values({ contactId, name, role: spec.role, addedBy: ctx.msg.talkerId, createdAt: ctx.now })
      .onConflictDoUpdate({ target: staff.contactId, set: { name, role: spec.role, active: true, addedBy: ctx.msg.talkerId, ...(offDuty ? { onDuty: false } : {}) } });
    ctx.outcome.staff = { contactId, role: spec.role };
    await ctx.reply(`${existing?.active ? '已更新' : '已添加'}员工：${name}（${roleName(spec.role)}）。${offDuty ? `${name}不再值班，请用「值班 @某人」另选一位主管或经理。` : ''}`);
  },
};

async function anotherManager(ctx: Ctx, contactId: string): Promise<boolean> {
  const rows = await ctx.tx.select().from(staff)
    .where(and(eq(staff.role, 'manager'), eq(staff.active, true), ne(staff.contactId, contactId)));
  return rows.length > 0;
}

const removeStaff: Command = {
  keywords: ['删除员工', '移除员工', 'removestaff'], roles: ['manager'],
  usage: '删除员工 @某人', summary: '从员工名单移除（收回全部指令权限）',
  async run(ctx, args) {
    const ids = mentioned(ctx);
    let target = ids.length === 1 ? (await ctx.tx.select().from(staff).where(eq(staff.contactId, ids[0]!)))[0] : undefined;
    // In a private chat there is no @: the roster name works there.
    if (!ids.length && stripMentions(args)) {
      const matches = await ctx.tx.select().from(staff).where(and(eq(staff.name, stripMentions(args)), eq(staff.active, true)));
      if (matches.length > 1) {
        await ctx.reply('名单里有同名的员工，请在群里 @ 这位同事。');
        return;
      }
      target = matches[0];
    }
    if (!ids.length && !stripMentions(args)) {
      await ctx.reply('请 @ 要移除的同事，例如：删除员工 @李师傅');
      return;
    }
    if (!target?.active) {
      await ctx.reply('这位不在员工名单里，名单没有变化。');
      return;
    }
    if (target.role === 'manager' && !(await anotherManager(ctx, target.contactId))) {
      await ctx.reply('不能移除唯一的经理；请先添加另一位经理。');
      return;
    }
    await ctx.tx.update(staff).set({ active: false, onDuty: false }).where(eq(staff.contactId, target.contactId));
    ctx.outcome.staff = { contactId: target.contactId, removed: true };
    await ctx.reply(`已将${target.name}（${roleName(target.role)}）移出员工名单。`);
  },
};

const listStaff: Command = {
  keywords: ['员工列表', '员工名单', 'staff'], roles: 'staff', where: 'staff',
  usage: '员工列表', summary: '查看员工名单和值班',
  async run(ctx) {
    const rows = await ctx.tx.select().from(staff).where(eq(staff.active, true)).orderBy(asc(staff.createdAt));
    const order = ['manager', 'supervisor', 'agent', 'technician'];
    rows.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
    await ctx.reply(`员工名单（${rows.length}人）：\n${rows.map((s) => `· ${s.name}　${roleName(s.role)}${s.onDuty ? '　🟢值班' : ''}`).join('\n')}`);
  },
};

/**
 * 值班 @某人: the one supervisor or manager who gets urgent alerts and first escalations (instead
 * of every supervisor). A technician or agent cannot be on duty: escalations would ask the very
 * person who is late to chase himself.
 */
const onDuty: Command = {
  keywords: ['值班', 'duty'], roles: 'staff',
  usage: '值班 [@某人]', summary: '查看或设置值班（主管/经理设置，值班须是主管或经理）',
  async run(ctx, args) {
    const ids = mentioned(ctx);
    const byName = !ids.length && stripMentions(args)
      ? (await ctx.tx.select().from(staff).where(and(eq(staff.name, stripMentions(args)), eq(staff.active, true))))[0]
      : undefined;
    if (!ids.length && !byName) {
      if (stripMentions(args)) {
        await ctx.reply('员工名单里没有这位，请 @ 要值班的同事。');
        return;
      }
      const current = (await ctx.tx.select().from(staff).where(and(eq(staff.onDuty, true), eq(staff.active, true))))
        .filter((s) => ON_DUTY_ROLES.includes(s.role));
      await ctx.reply(current.length
        ? `当前值班：${current.map((s) => `${s.name}（${roleName(s.role)}）`).join('、')}`
        : '当前没有设置值班，紧急情况会通知全部主管。设置：值班 @某人（主管或经理）');
      return;
    }
    if (!['manager', 'supervisor'].includes(ctx.staff?.role ?? '')) {
      ctx.outcome.refused = true;
      await ctx.replyPrivately('设置值班需要主管或经理权限。');
      return;
    }
    const [target] = byName ? [byName] : await ctx.tx.select().from(staff).where(and(eq(staff.contactId, ids[0]!), eq(staff.active, true)));
    if (!target) {
      await ctx.reply('这位不在员工名单里，请先由经理「添加员工」。');
      return;
    }
    if (!ON_DUTY_ROLES.includes(target.role)) {
      ctx.outcome.refused = true;
      await ctx.reply(`${target.name}是${roleName(target.role)}，不能设为值班：值班的人要跟进紧急报修和超时工单、督促处理人，请选一位主管或经理。值班没有变化。`);
      return;
    }
    await ctx.tx.update(staff).set({ onDuty: false }).where(eq(staff.onDuty, true));
    await ctx.tx.update(staff).set({ onDuty: true }).where(eq(staff.contactId, target.contactId));
    ctx.outcome.onDuty = target.contactId;
    await ctx.reply(`已设置${target.name}（${roleName(target.role)}）值班，紧急报修和超时升级会先通知${target.name}。`);
  },
};

/** "阳光花园 3栋" / "阳光花园（不分楼栋）" / "未对应小区" for a room. */
function mappingOf(r: { community: string | null; building: string | null }): string {
  if (!r.community && !r.building) return '未对应小区';
  return `${r.community ?? '小区未知'} ${r.building ?? '（不分楼栋）'}`;
}

/** A group a building's residents are in: it has a building, or a manager confirmed its community. */
function isBuildingGroup(r: { community: string | null; building: string | null; mappingConfirmed: boolean }): boolean {
  return !!r.building || (r.mappingConfirmed && !!r.community);
}

const UNMAP_WORDS = new Set(['取消', '解除', '无', '不对应', 'none']);

/**
 * 本群 阳光花园 3栋: a manager confirms or corrects which community/building a group belongs to;
 * 本群 取消 removes the mapping (the group then belongs to no building).
 */
const mapRoom: Command = {
  keywords: ['本群', '设置本群', 'thisgroup'], roles: ['manager'], where: 'group',
  usage: '本群 小区 [楼栋] | 本群 取消', summary: '确认本群属于哪个小区、哪栋楼，或解除对应（在该群发送）',
  async run(ctx, args) {
    const room = ctx.room!;
    const words = args.split(/[\s,，]+/).filter(Boolean);
    if (room.isStaffRoom) {
      ctx.outcome.refused = true;
      await ctx.reply(words.length
        ? '本群是工作群，不对应楼栋。如本群其实是业主群，请先发「取消工作群」，再发「本群 小区 楼栋」。'
        : '本群是工作群，不对应楼栋。');
      return;
    }
    if (!words.length) {
      await ctx.reply(`本群：${room.community ?? '小区未知'} ${room.building ?? '楼栋未知'}（${room.mappingConfirmed ? '已确认' : '根据群名推测，未确认'}）。修改：本群 阳光花园 3栋；解除对应：本群 取消`);
      return;
    }
    if (words.length === 1 && UNMAP_WORDS.has(words[0]!.toLowerCase())) {
      await ctx.tx.update(rooms).set({ community: null, building: null, mappingConfirmed: true, updatedAt: ctx.now }).where(eq(rooms.id, room.id));
      ctx.outcome.mapping = { community: null, building: null };
      await ctx.reply(`好的，本群已解除对应（原为：${mappingOf(room)}），不再收到楼栋通知和缴费提醒。重新对应：本群 小区 楼栋`);
      return;
    }
    const joined = words.join('');
    const guess = words.length >= 2 ? { community: words[0]!, building: words.slice(1).join('') } : guessMapping(joined);
    const community = guess.community ?? joined;
    await ctx.tx.update(rooms).set({ community, building: guess.building, mappingConfirmed: true, updatedAt: ctx.now }).where(eq(rooms.id, room.id));
    ctx.outcome.mapping = { community, building: guess.building };
    await ctx.reply(`好的，本群已设为：${community}${guess.building ? ` ${guess.building}` : '（不分楼栋）'}。`);
  },
};

const CONFIRM_WORDS = new Set(['确认', '確認', 'confirm']);

/**
 * 设为工作群 确认: the staff room hears every building's tickets, with residents' names and units,
 * and its messages are not read as reports. So it takes a confirmation, a group that belongs to a
 * building is refused until its mapping is removed, and 取消工作群 undoes it.
 */
const setStaffRoom: Command = {
  keywords: ['设为工作群', '设置工作群', 'staffroom'], roles: ['manager'], where: 'group',
  usage: '设为工作群 确认', summary: '把本群设为员工工作群（在该群发送；撤销：取消工作群）',
  async run(ctx, args) {
    const room = ctx.room!;
    if (room.isStaffRoom) {
      await ctx.reply('本群已经是工作群。撤销请发「取消工作群」。');
      return;
    }
    if (isBuildingGroup(room)) {
      ctx.outcome.refused = true;
      await ctx.reply(`本群对应 ${mappingOf(room)}，是业主群，不能设为工作群：工作群会收到各楼栋的工单（含住户姓名、房号），群里的报修也不再登记。`
        + '如果本群确实只有物业员工，请先在本群发「本群 取消」解除对应，再发「设为工作群 确认」。');
      return;
    }
    if (!CONFIRM_WORDS.has(args.trim().toLowerCase())) {
      const [reported] = await ctx.tx.select({ n: sql<number>`count(*)::int` }).from(ticketReporters).where(eq(ticketReporters.roomId, room.id));
      const warning = reported?.n ? `\n⚠️ 本群已有 ${reported.n} 次住户报修，看起来是业主群，请核对。` : '';
      await ctx.reply('设为工作群后，各楼栋的新工单（含住户姓名、房号）、提醒和超时升级都会发到本群，本群的消息不再当成报修。'
        + `请确认本群只有物业员工，然后在本群发「设为工作群 确认」。${warning}`);
      return;
    }
    await ctx.tx.update(rooms).set({ isStaffRoom: true, community: null, building: null, updatedAt: ctx.now }).where(eq(rooms.id, room.id));
    ctx.outcome.staffRoom = room.id;
    // posted in the group itself, which is now a staff room (the answer to a command from a
    // non-staff group would otherwise go privately)
    await ctx.send({ roomId: room.id }, '好的，本群已设为工作群：新工单、提醒和超时升级都会发到这里，群里的消息不会被当成报修。撤销请发「取消工作群」。', {
      mentionIds: [ctx.msg.talkerId],
    });
  },
};

const unsetStaffRoom: Command = {
  keywords: ['取消工作群', '撤销工作群', 'unstaffroom'], roles: ['manager'], where: 'group',
  usage: '取消工作群', summary: '本群不再是工作群（在该群发送）',
  async run(ctx) {
    const room = ctx.room!;
    if (!room.isStaffRoom) {
      await ctx.reply('本群不是工作群，没有变化。');
      return;
    }
    await ctx.tx.update(rooms).set({ isStaffRoom: false, updatedAt: ctx.now }).where(eq(rooms.id, room.id));
    ctx.outcome.staffRoom = { removed: room.id };
    const others = await ctx.tx.select({ id: rooms.id }).from(rooms)
      .where(and(eq(rooms.isStaffRoom, true), eq(rooms.active, true), ne(rooms.id, room.id)));
    await ctx.reply('好的，本群不再是工作群：新工单和提醒不再发到这里，群里的报修会照常登记。'
      + (others.length ? '' : '目前没有工作群，员工通知会私信发给经理；在员工群里发「设为工作群」可重新设置。')
      + '如本群是某栋的业主群，请发「本群 小区 楼栋」确认对应。');
  },
};

const listRooms: Command = {
  keywords: ['群列表', 'groups'], roles: 'staff', where: 'staff',
  usage: '群列表', summary: '查看机器人所在的群和对应楼栋',
  async run(ctx) {
    const rows = await ctx.tx.select().from(rooms).where(eq(rooms.active, true)).orderBy(asc(rooms.createdAt));
    if (!rows.length) {
      await ctx.reply('机器人还不在任何群里。');
      return;
    }
    // with several bot accounts: which one speaks in each group, and the groups none can serve now
    const several = (await ctx.tx.select({ name: accounts.name }).from(accounts)).length > 1;
    const served = (r: (typeof rows)[number]) => (!several ? ''
      : r.unservedSince ? `　⚠️ 无在线机器人账号（${r.ownerAccount ?? '?'} 不在线，消息待发）` : r.ownerAccount ? `　［账号 ${r.ownerAccount}］` : '');
    const lines = rows.map((r) => {
      if (r.isStaffRoom) {
        // a staff room that still carries a building is a mistake worth seeing
        const both = r.community || r.building ? `　⚠️ 同时对应 ${mappingOf(r)}，请核对（撤销：在该群发「取消工作群」）` : '';
        return `· ${r.topic || r.id}　【工作群】${both}${served(r)}`;
      }
      if (!r.community && !r.building) return `· ${r.topic || r.id}　未对应小区${r.mappingConfirmed ? '（已解除）' : ''}${served(r)}`;
      return `· ${r.topic || r.id}　${mappingOf(r)}${r.mappingConfirmed ? '' : '（推测，待确认）'}${served(r)}`;
    });
    const noStaffRoom = rows.some((r) => r.isStaffRoom) ? '' : '\n⚠️ 目前没有工作群：员工通知私信发给经理。';
    await ctx.reply(`机器人所在的群（${rows.length}）：\n${lines.join('\n')}${noStaffRoom}`);
  },
};

/**
 * `我的ID` in a private chat: tells a person their WeChat contact id, which is what the roster
 * (and FIRST_MANAGER_ID) binds to. Only ever answered privately, and only their own id.
 */
const whoAmI: Command = {
  keywords: ['我的ID', '我的id', 'whoami'], roles: 'anyone',
  usage: '我的ID', summary: '（私聊）查看自己的微信 ID，用于设置第一位经理',
  async run(ctx) {
    const role = ctx.staff ? `，您在员工名单中，角色：${ctx.staff.role}` : '';
    await ctx.replyPrivately(`您的微信 ID 是 ${ctx.msg.talkerId}${role}。`);
  },
};

export const staffCommands: Command[] = [addStaff, removeStaff, listStaff, onDuty, mapRoom, setStaffRoom, unsetStaffRoom, listRooms, whoAmI];
