import { and, eq, inArray, sql } from 'drizzle-orm';
import { messages, rooms, staff } from '../db/schema.js';
import type { Tx } from '../db/connect.js';
import type { RoomRow, Services, StaffRow, StoredMessage } from '../domain/types.js';
import { excerpt } from '../domain/excerpt.js';
import { detectScript } from '../nlu/index.js';
import { cleanText } from '../nlu/normalize.js';
import { Outbound } from '../outbox/outbound.js';
import type { Ctx } from '../domain/context.js';

const MAX_ATTEMPTS = 3;
/** messages handled per transaction at most */
const BATCH = 16;
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
  private readonly observers: ((outcome: Record<string, unknown>) => void)[] = [];

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
   * Each conversation always falls to the same worker, so a group's messages are handled in the
   * order they arrived.
   */
  async drain(concurrency = 1): Promise<number> {
    let n = 0;
    await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
      for (;;) {
        const { handled, more } = await this.processNext({ worker, of: concurrency });
        n += handled;
        if (!more) return;
      }
    }));
    return n;
  }

  /**
   * Handles up to BATCH of the oldest pending messages of this worker's share in one transaction
   * (group commit: a burst costs one commit, not one per message). Each message runs in its own
   * savepoint: one that throws is undone and its failure recorded while the transaction still
   * holds it, and the others are unaffected. A conversation that another process is working on
   * (its advisory lock is taken) is left to that process. Returns -1 when there was nothing to do.
   */
  /** Called with each handled message's outcome once its transaction has committed (metrics). */
  observe(fn: (outcome: Record<string, unknown>) => void): void {
    this.observers.push(fn);
  }

  async processBatch(share: { worker: number; of: number } = { worker: 0, of: 1 }): Promise<number> {
    const r = await this.processNext(share);
    return r.claimedAny ? r.handled : -1;
  }

  /**
   * One batch, and whether another could find work: not when this one took fewer than BATCH
   * messages and handled all of them (a message recorded since then wakes the worker anyway).
   * That saves the empty look, a transaction of its own, that would otherwise end every burst.
   */
  async processNext(share: { worker: number; of: number } = { worker: 0, of: 1 }): Promise<{ handled: number; more: boolean; claimedAny: boolean }> {
    let claimedCount = 0;
    let failed = 0;
    const done: string[] = [];
    const handledOutcomes: Record<string, unknown>[] = [];
    let claimedIds: number[] = [];
    try {
      const claimedAny = await this.svc.db.transaction(async (tx) => {
        // The messages, their rooms, their senders' staff records and the conversations' locks in one round trip.
        // The attempts count comes from the locked row: when another worker's attempt committed after this statement
        // began, locking returns the row's new version here, but the join below still reads the version of the
        // statement's start, and counting from that would lose the other worker's attempt.
        const pick = tx.$with('pick').as(tx.select({
          id: messages.id, conversation: sql<string>`coalesce(${messages.roomId}, ${messages.talkerId})`.as('conversation'),
          attempts: sql<number>`${messages.attempts}`.as('locked_attempts'),
        })
          .from(messages)
          .where(and(
            eq(messages.status, 'pending'),
            share.of > 1 ? sql`${messages.share} % ${share.of} = ${share.worker}` : undefined,
          ))
          .orderBy(messages.id).limit(BATCH).for('update', { skipLocked: true }));
        // one try per conversation, however many of its messages the batch holds
        const locks = tx.$with('locks').as(tx.select({
          c: sql<string>`t.c`.as('c'), ok: sql<boolean>`pg_try_advisory_xact_lock(${CONVERSATION_LOCK}, hashtext(t.c))`.as('ok'),
        }).from(sql`(select distinct conversation as c from pick) t`));
        const claimed = await tx.with(pick, locks).select({
          msg: messages, attempts: pick.attempts, room: rooms, staff, ok: locks.ok,
          // the staff rooms rarely change: read once per batch, with the batch
          staffRooms: sql<string[]>`(select coalesce(array_agg(r.id order by r.id), '{}') from rooms r where r.is_staff_room and r.active)`,
        }).from(messages)
          .innerJoin(pick, eq(pick.id, messages.id))
          .innerJoin(locks, eq(locks.c, pick.conversation))
          .leftJoin(rooms, eq(rooms.id, messages.roomId))
          .leftJoin(staff, and(eq(staff.contactId, messages.talkerId), eq(staff.active, true)))
          .orderBy(messages.id);
        if (!claimed.length) return false;
        claimedCount = claimed.length;
        for (const c of claimed) c.msg.attempts = c.attempts;
        claimedIds = claimed.map((c) => c.msg.id);
        const mine = new Set(claimed.filter((c) => c.ok).map((c) => conversationOf(c.msg)));
        const outcomes: { id: number; at: Date; outcome: Record<string, unknown>; attempts: number }[] = [];
        const staffRooms = Promise.resolve(claimed[0]!.staffRooms);
        const staffRoomIds = () => staffRooms;
        for (const { msg, room, staff: staffRow } of claimed) {
          if (!mine.has(conversationOf(msg))) continue;
          try {
            const ctx = await tx.transaction(async (sp) => {
              const c = this.buildContext(sp, msg, room, staffRow, staffRoomIds);
              await this.handle(c);
              return c;
            });
            outcomes.push({ id: msg.id, at: ctx.now, outcome: ctx.outcome, attempts: msg.attempts + 1 });
            done.push(msg.msgId);
            handledOutcomes.push(ctx.outcome);
          } catch (e) {
            failed++;
            const error = e instanceof Error ? e.message : String(e);
            this.svc.log.error('handling a message failed', { message: msg.id, error });
            await tx.update(messages)
              .set({ attempts: msg.attempts + 1, error, status: msg.attempts + 1 >= MAX_ATTEMPTS ? 'failed' : 'pending' })
              .where(eq(messages.id, msg.id));
          }
        }
        if (outcomes.length) {
          const values = sql.join(outcomes.map((o) =>
            sql`(${o.id}::bigint, ${o.at.toISOString()}::timestamptz, ${JSON.stringify(o.outcome)}::jsonb, ${o.attempts}::int)`), sql`, `);
          await tx.execute(sql`
            update messages m set status = 'handled', handled_at = v.at, outcome = v.outcome, attempts = v.attempts
            from (values ${values}) as v(id, at, outcome, attempts) where m.id = v.id`);
        }
        return mine.size > 0;
      });
      if (!claimedAny) return { handled: 0, more: false, claimedAny: false };
    } catch (e) {
      if (!claimedIds.length) throw e;
      // the transaction itself failed (e.g. the connection dropped): count the attempt if we can
      const error = e instanceof Error ? e.message : String(e);
      this.svc.log.error('handling messages failed', { messages: claimedIds, error });
      await this.svc.db.update(messages).set({
        attempts: sql`${messages.attempts} + 1`,
        error,
        status: sql`case when ${messages.attempts} + 1 >= ${MAX_ATTEMPTS} then 'failed' else 'pending' end`,
      }).where(and(inArray(messages.id, claimedIds), eq(messages.status, 'pending')));
      return { handled: 0, more: true, claimedAny: true };
    }
    if (done.length) this.onQueued();
    for (const id of done) this.onHandled(id);
    for (const o of handledOutcomes) for (const fn of this.observers) fn(o);
    // a full batch, a failure to retry or a conversation another process held may leave work behind
    return { handled: done.length, more: claimedCount === BATCH || failed > 0 || done.length + failed < claimedCount, claimedAny: true };
  }

  private buildContext(tx: Tx, msg: StoredMessage, room: RoomRow | null, staffRow: StaffRow | null, staffRoomIds: () => Promise<string[]>): Ctx {
    const { svc } = this;
    const now = svc.clock.now();
    // Cleaned once, here, so commands, urgency and every other reader see the same words (no zero-width tricks).
    const text = cleanText(msg.text).replace(this.mentionOfBot, ' ').trim();
    const script = detectScript(text);
    const out = new Outbound(tx, now, svc.log, staffRoomIds, { ...svc.config.conversations, timezone: svc.config.timezone });
    // A display name is shown to staff and groups (tickets, notices): cleaned and masked like any restated words.
    const shown = { ...msg, talkerName: excerpt(msg.talkerName, 40) || msg.talkerId };
    const ctx: Ctx = {
      svc, tx, now, msg: shown, text, room: room ?? null, isPrivate: !msg.roomId, staff: staffRow ?? null, script, out,
      outcome: {},
      reply: async (t, o = {}) => {
        await (msg.roomId
          ? out.send({ roomId: msg.roomId }, t, { script, direct: msg.mentionsBot, ...o, mentionIds: o.mentionIds ?? [msg.talkerId] })
          : out.send({ contactId: msg.talkerId }, t, { script, ...o }));
      },
      replyPrivately: async (t, o = {}) => { await out.send({ contactId: msg.talkerId }, t, { script, ...o }); },
      send: async (to, t, o = {}) => { await out.send(to, t, o); },
      toStaffRoom: async (t, o = {}) => { await out.toStaff(t, o); },
    };
    out.aboutTicket = () => (typeof ctx.outcome.ticket === 'number' ? ctx.outcome.ticket : null);
    return ctx;
  }
}

function conversationOf(msg: StoredMessage): string {
  return msg.roomId ?? msg.talkerId;
}
