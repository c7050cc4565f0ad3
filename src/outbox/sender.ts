import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Db } from '../db/connect.js';
import { accounts, outbox, sendState } from '../db/schema.js';
import { routedTo } from '../accounts/presence.js';
import type { Logger } from '../log.js';
import { afterQuietHours, inQuietHours, localDate, nextLocalMidnight, type QuietHours } from '../domain/time.js';
import { outgoingFile } from '../media/read.js';
import { PRIORITY } from './enqueue.js';
import type { SendOutcome } from '../ops/metrics.js';

/** A picture, recording or file to send (an outbox row with a media reference). */
export interface OutgoingFile {
  name: string;
  mediaType: string;
  bytes: Buffer;
}

/** What actually delivers a message: the Wechaty adapter in production, a recorder in tests. */
export interface Transport {
  /** with `file`, the file is sent, then `text` as its caption when there is one */
  send(m: { roomId: string | null; contactId: string | null; text: string; mentionIds: string[]; file?: OutgoingFile }): Promise<void>;
}

export interface SenderOptions {
  account: string;
  minGapMs: number;
  jitterMs: number;
  dailyCap: number;
  /**
   * The last this many sends of the daily cap are kept for urgent alerts and replies and for
   * staff-facing messages (the staff room, staff in private): ordinary traffic stops short of them.
   */
  dailyReserve?: number;
  maxAttempts: number;
  backoffMs: number;
  timezone: string;
  quietHours: QuietHours | null;
  /** a send that has not come back by then is treated as failed (default 30 s) */
  sendTimeoutMs?: number;
  /** an account silent this long is gone: private messages go through another account the person talks to */
  accountStaleMs?: number;
}

export type OutboxRow = typeof outbox.$inferSelect;

export interface SendResult {
  /** a row was handed to the transport (successfully or not) */
  attempted: boolean;
  /** when it is worth trying again; null when nothing is pending */
  nextAt: Date | null;
}

/**
 * An earlier row of the same conversation holds `o` back while it is being sent, while it is
 * being retried, or while it is due no later than `o`. A row scheduled for later (or a broadcast
 * held by quiet hours) does not hold back a reply. An urgent row is held back only by earlier
 * urgent rows (and a send in flight): an alert never waits behind the ordinary traffic queued
 * in the staff room before it.
 */
function heldBack(quiet: boolean) {
  return sql.raw(`exists (
    select 1 from outbox e
    where e.conversation = o.conversation and e.id < o.id
      and (e.status = 'sending'
        or (e.status = 'pending' and (o.priority > ${PRIORITY.urgent} or e.priority = ${PRIORITY.urgent})
          and (e.attempts > 0
            or (e.not_before <= o.not_before and ${quiet ? `e.priority < ${PRIORITY.scheduled}` : 'true'})))))`);
}

/** Rows that may use the reserve at the end of the daily cap: urgent, or for the staff. */
const RESERVED = sql.raw(`(o.priority = ${PRIORITY.urgent}
  or exists (select 1 from rooms r where r.id = o.room_id and r.is_staff_room)
  or exists (select 1 from staff s where s.contact_id = o.contact_id and s.active))`);

/** Where the day stands against the cap: everything may go, only the reserved rows, or nothing. */
type CapStage = 'open' | 'reserve' | 'closed';
/**
 * When a row may go out: at `not_before`, except that a row forwarding media waits for its
 * download to settle — at most MEDIA_WAIT, after which it goes (or is cancelled) without it.
 */
const MEDIA_WAIT = `interval '10 minutes'`;
const READY_AT = sql.raw(`(case when o.media_id is not null and exists (
    select 1 from media m where m.id = o.media_id and m.status in ('pending', 'retrying'))
  then greatest(o.not_before, o.created_at + ${MEDIA_WAIT}) else o.not_before end)`);

const SEND_TIMEOUT_MS = 30_000;
/** A `sending` row claimed longer ago than this is not in flight any more, whoever claimed it. */
const STALE_CLAIM_MS = 10 * 60_000;

// Serialises sending per account across every process that shares the database: one account, one
// queue (accounts send in parallel, each with its own gap and cap).
const SENDER_LOCK = 4_242_002;

/**
 * Drains the outbox one message at a time: in id order within a conversation, urgent alerts and
 * replies before scheduled broadcasts, a minimum gap plus jitter between sends and a daily cap.
 * A row is marked `sending` and committed before the transport is called, so it is never sent twice.
 */
export class OutboxSender {
  private claimer: number | null = null;
  private readonly observers: ((outcome: SendOutcome) => void)[] = [];

  /** Called with what became of each row this sender dealt with (metrics). */
  observe(fn: (outcome: SendOutcome) => void): void {
    this.observers.push(fn);
  }

  private done(outcome: SendOutcome): void {
    for (const fn of this.observers) fn(outcome);
  }

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly transport: Transport,
    private readonly opts: SenderOptions,
    private readonly random: () => number,
    private readonly log: Logger,
    private readonly onFailed: (row: OutboxRow) => Promise<void> = async () => {},
  ) {}

  async sendNext(): Promise<SendResult> {
    const now = this.clock.now();
    const claimed = await this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${SENDER_LOCK}, hashtext(${this.opts.account}))`);
      if (await this.loggedOut(tx)) return { row: null, nextAt: null };
      const state = await this.loadState(tx, now);
      if (state.nextAllowedAt > now) return { row: null, nextAt: state.nextAllowedAt };
      const today = localDate(now, this.opts.timezone);
      const sentToday = state.day === today ? state.sentToday : 0;
      const stage = this.capStage(sentToday);
      if (stage === 'closed') return { row: null, nextAt: await this.wakeAt(tx, now, stage) };
      const quiet = inQuietHours(now, this.opts.quietHours, this.opts.timezone);
      const [row] = await tx.execute<OutboxRow & Record<string, unknown>>(sql`
        select o.id from outbox o
        where o.status = 'pending' and ${READY_AT} <= ${now.toISOString()}::timestamptz
          and (${quiet ? 'quiet' : 'open'} = 'open' or o.priority < ${PRIORITY.scheduled})
          and ${stage === 'reserve' ? RESERVED : sql`true`}
          and ${routedTo(this.opts.account, now, this.opts.accountStaleMs)}
          and not ${heldBack(quiet)}
        order by o.priority, o.id
        limit 1
        for update skip locked`);
      if (!row) return { row: null, nextAt: await this.wakeAt(tx, now, stage) };
      const gap = this.opts.minGapMs + Math.floor(this.random() * (this.opts.jitterMs + 1));
      await tx.update(sendState)
        .set({ nextAllowedAt: new Date(now.getTime() + gap), day: today, sentToday: sentToday + 1 })
        .where(eq(sendState.account, this.opts.account));
      const [updated] = await tx.update(outbox)
        .set({ status: 'sending', attempts: sql`${outbox.attempts} + 1`, claimedAt: now, claimedBy: this.claimer, account: this.opts.account })
        .where(eq(outbox.id, Number(row.id)))
        .returning();
      return { row: updated ?? null, nextAt: new Date(now.getTime() + gap) };
    });
    if (!claimed.row) return { attempted: false, nextAt: claimed.nextAt };
    await this.deliver(claimed.row);
    return { attempted: true, nextAt: claimed.nextAt };
  }

  /**
   * When the next send could happen, for drivers that sleep (the virtual clock in `simulate`):
   * the send gap, the daily cap and its reserve are all taken into account, so a driver never
   * wakes for a row that may not go yet.
   */
  async nextWakeAt(): Promise<Date | null> {
    const now = this.clock.now();
    if (await this.loggedOut(this.db)) return null;
    const [state] = await this.db.select().from(sendState).where(eq(sendState.account, this.opts.account));
    const sentToday = state && state.day === localDate(now, this.opts.timezone) ? state.sentToday : 0;
    const wake = await this.wakeAt(this.db, now, this.capStage(sentToday));
    if (!wake) return null;
    const allowed = state?.nextAllowedAt ?? wake;
    return allowed > wake ? allowed : wake;
  }

  /** An account that logged out sends nothing (one that never registered, as in single-account tests, does). */
  private async loggedOut(tx: Pick<Db, 'select'>): Promise<boolean> {
    const [a] = await tx.select({ loggedIn: accounts.loggedIn }).from(accounts).where(eq(accounts.name, this.opts.account));
    return !!a && !a.loggedIn;
  }

  get account(): string {
    return this.opts.account;
  }

  private capStage(sentToday: number): CapStage {
    if (sentToday >= this.opts.dailyCap) return 'closed';
    return sentToday >= this.opts.dailyCap - (this.opts.dailyReserve ?? 0) ? 'reserve' : 'open';
  }

  /**
   * When the next pending row could go out given the cap: past the cap everything waits for
   * local midnight; in the reserve only urgent and staff-facing rows go before it.
   */
  private async wakeAt(tx: Pick<Db, 'execute'>, now: Date, stage: CapStage): Promise<Date | null> {
    const quiet = inQuietHours(now, this.opts.quietHours, this.opts.timezone);
    const any = await this.nextPendingAt(tx, now, quiet, sql`true`);
    if (!any || stage === 'open') return any;
    const midnight = nextLocalMidnight(now, this.opts.timezone);
    const tomorrow = any > midnight ? any : midnight;
    if (stage === 'closed') return tomorrow;
    const reserved = await this.nextPendingAt(tx, now, quiet, RESERVED);
    return reserved && reserved < tomorrow ? reserved : tomorrow;
  }

  /**
   * Identifies this process's claims: the backend pid of a connection it holds open for its whole
   * life. When the process dies, PostgreSQL drops the connection, and its claims become stale.
   */
  setClaimer(backendPid: number | null): void {
    this.claimer = backendPid;
  }

  /**
   * After a crash, a row left in `sending` may or may not have reached WeChat. It is not sent
   * again (that could duplicate it); it is marked `unknown` and reported to staff. Rows claimed
   * by a sender that is still connected are left alone: they are in flight, not lost.
   */
  async recoverInFlight(): Promise<OutboxRow[]> {
    const staleBefore = new Date(this.clock.now().getTime() - STALE_CLAIM_MS);
    const rows = await this.db.update(outbox)
      .set({ status: 'unknown', lastError: 'the bot stopped while sending; delivery not confirmed' })
      .where(and(eq(outbox.status, 'sending'), sql`(${outbox.claimedBy} is null
        or ${outbox.claimedBy} not in (select pid from pg_stat_activity)
        or ${outbox.claimedAt} < ${staleBefore.toISOString()}::timestamptz)`))
      .returning();
    for (const row of rows) {
      this.log.warn('a send was interrupted by a crash; not repeating it', { outbox: row.id });
      this.done('unknown');
      await this.onFailed(row);
    }
    return rows;
  }

  private async deliver(row: OutboxRow): Promise<void> {
    try {
      const file = row.mediaId ? await outgoingFile(this.db, row.mediaId) : undefined;
      if (file === null) {
        // the picture could not be downloaded, or retention removed it: nothing to send
        await this.db.update(outbox).set({ status: 'cancelled', lastError: 'the media content is not available' }).where(eq(outbox.id, row.id));
        this.log.warn('a media send was cancelled: its content is not available', { outbox: row.id, media: row.mediaId });
        this.done('cancelled');
        return;
      }
      await withTimeout(
        this.transport.send({ roomId: row.roomId, contactId: row.contactId, text: row.text, mentionIds: row.mentionIds, ...(file ? { file } : {}) }),
        this.opts.sendTimeoutMs ?? SEND_TIMEOUT_MS,
      );
      await this.db.update(outbox).set({ status: 'sent', sentAt: this.clock.now() }).where(eq(outbox.id, row.id));
      this.done('sent');
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      if (row.attempts >= this.opts.maxAttempts) {
        const [failed] = await this.db.update(outbox)
          .set({ status: 'failed', lastError: error })
          .where(eq(outbox.id, row.id)).returning();
        this.log.error('send failed for good', { outbox: row.id, attempts: row.attempts, error });
        this.done('failed');
        if (failed) await this.onFailed(failed);
      } else {
        const retryAt = new Date(this.clock.now().getTime() + this.opts.backoffMs * 2 ** (row.attempts - 1));
        await this.db.update(outbox)
          .set({ status: 'pending', lastError: error, notBefore: retryAt })
          .where(eq(outbox.id, row.id));
        this.done('retry');
        this.log.warn('send failed; will retry', { outbox: row.id, attempts: row.attempts, retryAt: retryAt.toISOString(), error });
      }
    }
  }

  private async loadState(tx: Pick<Db, 'select' | 'insert'>, now: Date) {
    const [state] = await tx.select().from(sendState).where(eq(sendState.account, this.opts.account)).for('update');
    if (state) return state;
    const fresh = { account: this.opts.account, nextAllowedAt: now, day: localDate(now, this.opts.timezone), sentToday: 0 };
    await tx.insert(sendState).values(fresh).onConflictDoNothing();
    return fresh;
  }

  /**
   * When the next pending row could go out. Only the first unsent row of each conversation can go
   * next (a later one waits behind it, e.g. behind a retry's backoff), and during quiet hours a
   * scheduled row waits for their end.
   */
  private async nextPendingAt(tx: Pick<Db, 'execute'>, now: Date, quiet: boolean, only: SQL): Promise<Date | null> {
    const quietEnd = afterQuietHours(now, this.opts.quietHours, this.opts.timezone);
    const wakeAt = quiet
      ? sql`case when o.priority >= ${PRIORITY.scheduled} then greatest(${READY_AT}, ${quietEnd.toISOString()}::timestamptz) else ${READY_AT} end`
      : READY_AT;
    const [first] = await tx.execute<{ at: string | null }>(sql`
      select min(${wakeAt}) as at from outbox o
      where o.status = 'pending' and ${only} and ${routedTo(this.opts.account, now, this.opts.accountStaleMs)} and not ${heldBack(quiet)}`);
    return first?.at ? new Date(first.at) : null;
  }

}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`WeChat did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
