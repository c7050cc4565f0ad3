import { and, desc, eq, gt, lt } from 'drizzle-orm';
import { pendingConfirmations } from '../../db/schema.js';
import type { Ctx } from '../context.js';
import { answerStaff, type Command } from './registry.js';

/** How long a held action waits for its sender's 确认. */
export const CONFIRM_MINUTES = 5;

/** Carries out a held action once its sender confirms it (and re-checks whatever may have changed). */
export type ConfirmedAction = (ctx: Ctx, payload: Record<string, unknown>) => Promise<void>;

/**
 * Holds an action for the sender's confirmation and tells them what they are confirming. The
 * action is carried out by the handler registered for `kind` when the same person answers
 * 「确认 N」 within CONFIRM_MINUTES.
 */
export async function askToConfirm(ctx: Ctx, kind: string, payload: Record<string, unknown>, why: string): Promise<number> {
  // a person's expired holds are of no further use
  await ctx.tx.delete(pendingConfirmations)
    .where(and(eq(pendingConfirmations.contactId, ctx.msg.talkerId), lt(pendingConfirmations.expiresAt, ctx.now)));
  const [row] = await ctx.tx.insert(pendingConfirmations).values({
    contactId: ctx.msg.talkerId, kind, payload, createdAt: ctx.now,
    expiresAt: new Date(ctx.now.getTime() + CONFIRM_MINUTES * 60_000),
  }).returning();
  ctx.outcome.awaitingConfirmation = row!.id;
  await answerStaff(ctx, `${why}\n确认请在${CONFIRM_MINUTES}分钟内回复「确认 ${row!.id}」；不发就不用回复，${CONFIRM_MINUTES}分钟后自动作废。`);
  return row!.id;
}

/** `确认 [N]`: the sender's own held action (the latest when no number is given), before it expires. */
export function confirmCommand(actions: Record<string, ConfirmedAction>): Command {
  return {
    keywords: ['确认', '確認', 'confirm'],
    roles: 'staff',
    usage: '确认 [编号]',
    summary: `确认自己发起、需要确认的操作（如发往多个小区的通知），${CONFIRM_MINUTES}分钟内有效`,
    async run(ctx, args) {
      const m = /^#?(\d+)?$/.exec(args.trim());
      if (!m) {
        await answerStaff(ctx, '请回复「确认 编号」，编号在我请您确认的那条消息里。');
        return;
      }
      const id = m[1] ? Number(m[1]) : null;
      const [row] = await ctx.tx.select().from(pendingConfirmations)
        .where(and(
          eq(pendingConfirmations.contactId, ctx.msg.talkerId), eq(pendingConfirmations.status, 'pending'),
          gt(pendingConfirmations.expiresAt, ctx.now), id === null ? undefined : eq(pendingConfirmations.id, id),
        ))
        .orderBy(desc(pendingConfirmations.id)).limit(1).for('update');
      const action = row ? actions[row.kind] : undefined;
      if (!row || !action) {
        const [other] = id === null ? [] : await ctx.tx.select().from(pendingConfirmations).where(eq(pendingConfirmations.id, id));
        await answerStaff(ctx, other && other.contactId !== ctx.msg.talkerId
          ? `编号 ${id} 不是您发起的，须由发起人本人确认。没有任何改动。`
          : `没有待您确认的操作${id === null ? '' : `（编号 ${id}）`}：确认须由发起人本人在${CONFIRM_MINUTES}分钟内发送，过期请重新发一次指令。没有任何改动。`);
        return;
      }
      await ctx.tx.update(pendingConfirmations).set({ status: 'done' }).where(eq(pendingConfirmations.id, row.id));
      ctx.outcome.confirmed = row.id;
      await action(ctx, row.payload);
    },
  };
}
