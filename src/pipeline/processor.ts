import { and, eq, sql } from 'drizzle-orm';
import { messages, rooms, staff } from '../db/schema.js';
import type { Tx } from '../db/connect.js';
import { detectScript, toScript } from '../nlu/index.js';
import { enqueue, type Destination } from '../outbox/enqueue.js';
import type { Ctx, RoomRow, SendOptions, Services, StaffRow, StoredMessage } from './context.js';

const MAX_ATTEMPTS = 3;
// Namespace of the per-conversation advisory locks (the second key is a hash of the room or sender).
const CONVERSATION_LOCK = 4243;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Handles recorded messages in arrival order, each in its own transaction: the handler's state
 * changes, its queued replies and the message's `handled` mark commit together or not at all.
 * Rows left `pending` by a crash are simply picked up again.
 */
export class MessageProcessor {
  private readonly mentionOfBot: RegExp;

  constructor(
    private readonly svc: Services,
    private readonly handle: (ctx: Ctx) => Promise<void>,
    private readonly onQueued: () => void = () => {},
    private readonly onHandled: (msgId: string) => void = () => {},
  ) {
    this.mentionOfBot = new RegExp(`@${escapeRegExp(svc.config.botName)}[\\s\\u2005]*`, 'g');
  }

  /**
   * Processes every pending message with `concurrency` workers; returns how many were handled.
   * Messages of one conversation are never handled at the same time, so each group's messages
   * are handled in the order they arrived.
   */
  async drain(concurrency = 1): Promise<number> {
    let n = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (await this.processOne()) n++;
    }));
    return n;
  }

  async processOne(): Promise<boolean> {
    let claimedId: number | null = null;
    try {
      const handled = await this.svc.db.transaction(async (tx) => {
        // The message, its room and its sender's staff record in one round trip.
        const [claimed] = await tx.select({ msg: messages, room: rooms, staff }).from(messages)
          .leftJoin(rooms, eq(rooms.id, messages.roomId))
          .leftJoin(staff, and(eq(staff.contactId, messages.talkerId), eq(staff.active, true)))
          .where(and(
            eq(messages.status, 'pending'),
            sql`pg_try_advisory_xact_lock(${CONVERSATION_LOCK}, hashtext(coalesce(${messages.roomId}, ${messages.talkerId})))`,
          ))
          .orderBy(messages.id).limit(1).for('update', { of: messages, skipLocked: true });
        if (!claimed) return false;
        const { msg } = claimed;
        claimedId = msg.id;
        try {
          // The handler runs in a savepoint: when it throws, its changes are undone and the failure
          // is recorded while this transaction still holds the message, so no other worker can
          // pick it up in between (or have its success overwritten by this failure).
          const ctx = await tx.transaction(async (sp) => {
            const c = this.buildContext(sp, msg, claimed.room, claimed.staff);
            await this.handle(c);
            return c;
          });
          await tx.update(messages)
            .set({ status: 'handled', handledAt: ctx.now, attempts: msg.attempts + 1, outcome: ctx.outcome })
            .where(eq(messages.id, msg.id));
          return msg.msgId;
        } catch (e) {
          const error = e instanceof Error ? e.message : String(e);
          this.svc.log.error('handling a message failed', { message: msg.id, error });
          await tx.update(messages)
            .set({ attempts: msg.attempts + 1, error, status: msg.attempts + 1 >= MAX_ATTEMPTS ? 'failed' : 'pending' })
            .where(eq(messages.id, msg.id));
          return null;
        }
      });
      if (handled === false) return false;
      if (handled === null) return true;
      this.onQueued();
      this.onHandled(handled);
      return true;
    } catch (e) {
      if (claimedId === null) throw e;
      // the transaction itself failed (e.g. the connection dropped): count the attempt if we can
      const error = e instanceof Error ? e.message : String(e);
      this.svc.log.error('handling a message failed', { message: claimedId, error });
      await this.svc.db.update(messages).set({
        attempts: sql`${messages.attempts} + 1`,
        error,
        status: sql`case when ${messages.attempts} + 1 >= ${MAX_ATTEMPTS} then 'failed' else 'pending' end`,
      }).where(and(eq(messages.id, claimedId), eq(messages.status, 'pending')));
      return true;
    }
  }

  private buildContext(tx: Tx, msg: StoredMessage, room: RoomRow | null, staffRow: StaffRow | null): Ctx {
    const { svc } = this;
    const now = svc.clock.now();
    const text = msg.text.replace(this.mentionOfBot, ' ').trim();
    const script = detectScript(text);
    const convert = (t: string, o?: SendOptions) => (o?.keepScript || script === 'simplified' ? t : toScript(t, script));
    const send = async (to: Destination, t: string, o: SendOptions = {}) => {
      await enqueue(tx, now, {
        to, text: t, mentionIds: o.mentionIds, priority: o.priority, kind: o.kind, dedupeKey: o.dedupeKey, notBefore: o.notBefore,
      });
    };
    const ctx: Ctx = {
      svc, tx, now, msg, text, room: room ?? null, isPrivate: !msg.roomId, staff: staffRow ?? null, script,
      outcome: {},
      reply: (t, o = {}) => msg.roomId
        ? send({ roomId: msg.roomId }, convert(t, o), { ...o, mentionIds: o.mentionIds ?? [msg.talkerId] })
        : send({ contactId: msg.talkerId }, convert(t, o), o),
      replyPrivately: (t, o = {}) => send({ contactId: msg.talkerId }, convert(t, o), o),
      send: (to, t, o = {}) => send(to, t, o),
      toStaffRoom: async (t, o = {}) => {
        const staffRooms = await tx.select({ id: rooms.id }).from(rooms).where(and(eq(rooms.isStaffRoom, true), eq(rooms.active, true)));
        if (!staffRooms.length) svc.log.warn('no staff room is set; a staff notice was not posted', { text: t.slice(0, 60) });
        for (const r of staffRooms) await send({ roomId: r.id }, t, o);
      },
    };
    return ctx;
  }
}
