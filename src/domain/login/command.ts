import { and, eq } from 'drizzle-orm';
import { staff } from '../../db/schema.js';
import { roleName, type Command } from '../commands/registry.js';
import { ATTEMPT_WINDOW_MS, claimCode, CODE_TTL_MS } from './codes.js';

const MINUTES = (ms: number) => Math.round(ms / 60_000);

/**
 * 登录 CODE, sent privately: signs the waiting console browser in as the sender. The sender is
 * checked against the staff roster by contact id; a display name never counts. In a group the
 * code is not read (nor used up) and the sender is told privately to send it in private.
 */
export const loginCommand: Command = {
  keywords: ['登录', '登陆', 'login'], roles: 'anyone', usage: '登录 控制台上显示的验证码（私聊发给我）', summary: '登录网页控制台',
  accepts: (ctx, args) => ctx.isPrivate || !!ctx.staff || /^[A-Za-z0-9]{4,8}$/.test(args.replace(/\s/g, '')),
  async run(ctx, args) {
    ctx.outcome.command = 'login';
    if (!ctx.isPrivate) {
      ctx.outcome.refused = 'group';
      await ctx.replyPrivately('「登录」请私聊我发送，不要发在群里。群里那条验证码没有被使用，请在控制台刷新取得新的验证码后私聊发给我。');
      return;
    }
    const [member] = await ctx.tx.select().from(staff).where(and(eq(staff.contactId, ctx.msg.talkerId), eq(staff.active, true)));
    if (!member) {
      ctx.outcome.refused = 'not staff';
      await ctx.reply('您的微信账号不在员工名单里，不能登录控制台。如需开通，请联系物业经理「添加员工」。');
      return;
    }
    if (!args.trim()) {
      await ctx.reply('请把控制台上显示的验证码发给我，例如：登录 K7M2QX');
      return;
    }
    const result = await claimCode(ctx.tx, ctx.now, args, member.contactId);
    ctx.outcome.login = result;
    const answers: Record<typeof result, string> = {
      ok: `✅ ${member.name}（${roleName(member.role)}），控制台已登录。如果不是您本人在登录，请立即告诉经理。`,
      unknown: '验证码不对，请核对控制台上显示的验证码（不区分大小写）。',
      expired: `这个验证码已过期（有效${MINUTES(CODE_TTL_MS)}分钟），请刷新控制台登录页取得新的验证码。`,
      used: '这个验证码已经用过了，每个验证码只能用一次。请刷新控制台登录页取得新的验证码。',
      'too-many': `验证码错误次数太多，请${MINUTES(ATTEMPT_WINDOW_MS)}分钟后再试。`,
    };
    await ctx.reply(answers[result]);
  },
};
