import { BIND_HOW } from '../fees/commands.js';
import type { Ctx } from '../context.js';
import { inResidentsGroup, mayRun, type Command } from './registry.js';

/** What a resident can do, in a few lines: report, ask, rate, bind a home. */
function residentsHelp(ctx: Ctx): string {
  return [
    '您好，我是物业的小助手，可以这样找我：',
    '· 报修、投诉：直接在群里说明问题和位置，例如「2单元1502 厨房水管漏水」，我会登记工单，告诉您编号和处理时间。',
    '· 咨询：直接问就行，例如「物业电话多少」「快递放在哪里」。',
    '· 评价：维修完成后我会请您打 1–5 分，直接回复数字；没修好请回复「没修好」。',
    `· 查物业费：${BIND_HOW}`,
    `· 紧急情况（电梯困人、燃气泄漏、起火）：直接在群里说，我会马上通知值班主管；也可拨打 24 小时热线 ${ctx.svc.config.hotline}。`,
  ].join('\n');
}

/**
 * `帮助`: staff get the commands they may use (privately when asked in a residents' group);
 * residents get how to report, ask, rate and bind a home. "帮助 …" from a resident is not help but
 * something to read as a message.
 */
export function helpCommand(all: () => Command[]): Command {
  return {
    keywords: ['帮助', '指令', 'help'],
    roles: 'anyone',
    usage: '帮助',
    summary: '列出可用指令',
    accepts: (ctx, args) => !!ctx.staff || !args,
    async run(ctx) {
      if (!ctx.staff) {
        ctx.outcome.help = 'resident';
        await ctx.reply(residentsHelp(ctx));
        return;
      }
      const lines = all().filter((c) => mayRun(c, ctx)).map((c) => `· ${c.usage} — ${c.summary}`);
      const text = `可用指令（工单号写 #17 或 17，指令前可加 / ）：\n${lines.join('\n')}`;
      await (inResidentsGroup(ctx) ? ctx.replyPrivately(text) : ctx.reply(text));
    },
  };
}
