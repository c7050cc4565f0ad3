import { and, eq } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Db } from '../../db/connect.js';
import { staff, tickets } from '../../db/schema.js';
import * as op from '../../domain/tickets/operations.js';
import { recordEvent } from '../../domain/tickets/store.js';
import type { Role, StaffRow } from '../../domain/types.js';
import type { Logger } from '../../log.js';
import { Outbound } from '../../outbox/outbound.js';

export const CONSOLE_ACTIONS = ['accept', 'assign', 'progress', 'resolve', 'reopen', 'hold', 'resume', 'merge'] as const;
export type ConsoleAction = (typeof CONSOLE_ACTIONS)[number];

export interface ActionInput { action: ConsoleAction; note?: string; assignee?: string; other?: number }

/**
 * A step taken in the console: the same operation, rules and resulting chat messages as the chat
 * command sent privately (the operator's answer comes back here, the announcement goes to the
 * staff room), in one transaction with the ticket locked. The record notes it came from the console.
 */
export async function runConsoleAction(deps: { db: Db; config: Config; log: Logger }, now: Date, who: StaffRow, ticketId: number, input: ActionInput): Promise<op.OpResult> {
  return deps.db.transaction(async (tx) => {
    const [t] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
    if (!t) return { ok: false, text: `没有找到工单 #${ticketId}。`, refused: 'missing' };
    const out = new Outbound(tx, now, deps.log);
    out.aboutTicket = () => t.id;
    const env: op.OpEnv = { out, config: deps.config };
    const operator: op.Operator = { contactId: who.contactId, name: who.name, role: who.role as Role };
    let result: op.OpResult;
    switch (input.action) {
      case 'accept': result = await op.accept(env, operator, t); break;
      case 'assign': {
        const [person] = input.assignee
          ? await tx.select().from(staff).where(and(eq(staff.contactId, input.assignee), eq(staff.active, true)))
          : [];
        result = await op.assign(env, operator, t, person ?? null);
        break;
      }
      case 'progress': result = await op.progress(env, operator, t, input.note ?? ''); break;
      case 'resolve': result = await op.resolve(env, operator, t, input.note || null); break;
      case 'reopen': result = await op.reopen(env, operator, t, input.note || null); break;
      case 'hold': result = await op.hold(env, operator, t, input.note ?? ''); break;
      case 'resume': result = await op.resume(env, operator, t); break;
      case 'merge': {
        const [other] = input.other ? await tx.select().from(tickets).where(eq(tickets.id, input.other)).for('update') : [];
        result = other ? await op.merge(env, operator, t, other) : { ok: false, text: '请填写要并入的工单号。', refused: 'missing' };
        break;
      }
    }
    if (result.ok && result.announce) await env.out.toStaff(result.text, { mentionIds: result.mentionIds ?? [], ticketId: result.ticket?.id ?? t.id });
    await recordEvent(tx, {
      ticketId: t.id, at: now, actorId: who.contactId, actorName: who.name, action: 'console',
      note: `控制台：${input.action}${result.ok ? '' : `（未执行：${result.text}）`}`.slice(0, 300),
    });
    return result;
  });
}
