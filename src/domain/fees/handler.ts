import type { Ctx, Handler } from '../context.js';
import { localDate } from '../time.js';
import { BIND_HOW } from './commands.js';
import { bindingsOf, statementText, unitLabel, unpaidBills } from './ledger.js';

const FEE = /(物业费|物業費|管理费|管理費|物业管理费|缴费|繳費|交费|交費|费用|費用)/;
const OWN_ACCOUNT = /(交了|缴了|繳了|交没|缴没|繳沒|交沒|欠|多少|结清|結清|还要交|還要交|要交多少|查一下|查查|交过|缴过)/;
const ARREARS_ALONE = /(还欠|還欠|欠(了)?多少|欠不欠|有没有欠|有沒有欠|欠费吗|欠費嗎)/;
// questions about the fee standard or how to pay are general inquiries, not one household's ledger
const GENERAL = /(标准|標準|一平|每平|单价|單價|怎么交|怎麼交|在哪交|在哪儿交|如何缴|如何繳|涨价|漲價|收费依据|为什么|為什麼)/;

/** "我家物业费交了吗", "还欠多少", "物业费交了没" — a household asking about its own account. */
export function isOwnFeeQuestion(text: string): boolean {
  if (GENERAL.test(text)) return false;
  return ARREARS_ALONE.test(text) || (FEE.test(text) && OWN_ACCOUNT.test(text));
}

async function privateAnswer(ctx: Ctx): Promise<{ text: string; bound: boolean }> {
  const mine = await bindingsOf(ctx.tx, ctx.msg.talkerId);
  const confirmed = mine.filter((b) => b.binding.status === 'confirmed');
  if (!confirmed.length) {
    const pending = mine.find((b) => b.binding.status === 'pending');
    return {
      bound: false,
      text: pending
        ? `您好！您绑定${unitLabel(pending.unit)}的申请还在等管家核实，核实后就能在这里查询缴费情况，请稍候。着急的话也可以拨打 ${ctx.svc.config.hotline}。`
        : `您好！为保护每户的隐私，缴费情况只告诉已绑定房屋的住户本人。${BIND_HOW}`,
    };
  }
  const today = localDate(ctx.now, ctx.svc.config.timezone);
  const parts: string[] = [];
  for (const { unit } of confirmed) parts.push(statementText(unit, await unpaidBills(ctx.tx, unit.id), today));
  const owes = parts.some((p) => p.includes('待缴物业费共'));
  const tail = owes ? '\n可到物业服务中心或通过线上渠道缴纳。如近期手头不方便，可以跟管家商量分期缴纳；对服务有意见也请直接告诉我们。' : '';
  return { bound: true, text: `您好！${parts.join('\n')}${tail}` };
}

/**
 * Fee questions are answered from the ledger, privately, and only to a resident with a confirmed
 * binding to the unit. Asked in a group, the group hears only that the answer went to a private chat.
 */
export const feeHandler: Handler = async (ctx, next) => {
  if (ctx.room?.isStaffRoom || !isOwnFeeQuestion(ctx.text)) return next();
  // in a group: a question to the bot, about "my" account, or a short one like "物业费交了没"
  if (!ctx.isPrivate && !ctx.msg.mentionsBot && !/我/.test(ctx.text) && ctx.text.length > 12) return next();
  const { text, bound } = await privateAnswer(ctx);
  ctx.outcome.feeQuestion = { bound, inGroup: !ctx.isPrivate };
  await ctx.replyPrivately(text);
  if (!ctx.isPrivate) {
    await ctx.reply(bound ? '您家的缴费情况已私信发给您，请查看和我的私聊。' : '缴费情况属于个人信息，我已私信告诉您查询方法，请查看和我的私聊。');
  }
};
