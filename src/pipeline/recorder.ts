import type { Clock } from '../clock.js';
import type { Db } from '../db/connect.js';
import type { IncomingMessage, RoomEvent } from '../domain/incoming.js';
import { ensureRoom, ensureRooms, markRoomLeft, rememberContacts } from '../domain/rooms.js';
import type { Logger } from '../log.js';
import { recordIncoming, type Receiver, type Recorded } from './record.js';
import type { AccountPresence } from '../accounts/presence.js';
import { and, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../db/connect.js';
import { rooms } from '../db/schema.js';
import { shareOf } from './workers.js';

/**
 * The front door: records each message (de-duplicated by id) before any processing. When the
 * database is unreachable, messages wait in memory in arrival order and are recorded, then
 * processed, once it is back — nothing a resident said is dropped while the bot is running.
 */
const BATCH = 200;

export class MessageRecorder {
  private readonly backlog: IncomingMessage[] = [];
  private flushing: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  // Rooms and senders already written with this topic / name: skipping their upserts saves two
  // statements per message. Only a shortcut: PostgreSQL stays the record.
  private readonly knownRooms = new Map<string, string>();
  private readonly knownNames = new Map<string, string>();
  /** inbound messages seen (for tests and `simulate`, which wait for the bot to catch up) */
  seen = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** `media`: how many of the recorded messages carry content to download */
    private readonly onRecorded: (shares: number[], media: number) => void,
    private readonly retryMs = 1000,
    /** the bot account receiving: it records its group memberships and keeps copies of other accounts' groups */
    private readonly presence: AccountPresence | null = null,
  ) {}

  get backlogSize(): number {
    return this.backlog.length;
  }

  private readonly receivedListeners: (() => void)[] = [];
  /** groups whose membership of this account is recorded (by this process, since it started) */
  private readonly memberOf = new Set<string>();

  /** Called for each message received (metrics). */
  onReceived(fn: () => void): void {
    this.receivedListeners.push(fn);
  }

  async receive(m: IncomingMessage): Promise<void> {
    this.seen++;
    for (const fn of this.receivedListeners) fn();
    this.backlog.push(m);
    await this.flush();
  }

  async roomEvent(e: RoomEvent): Promise<void> {
    const now = this.clock.now();
    if (e.type === 'left') {
      // the group is left when no account is in it any more
      this.memberOf.delete(e.roomId);
      if (this.presence) await this.presence.left(e.roomId);
      if (!this.presence || !(await this.presence.hasMembers(e.roomId))) await markRoomLeft(this.db, e.roomId, now);
      return;
    }
    await ensureRoom(this.db, e.roomId, e.topic, now);
    if (this.presence) await this.presence.joined([e.roomId]);
  }

  /** The groups this account is in (at login): recorded with their members. */
  async roomsSeen(list: { roomId: string; topic: string | null }[]): Promise<void> {
    if (!list.length) return;
    await ensureRooms(this.db, new Map(list.map((r) => [r.roomId, r.topic])), this.clock.now());
    if (this.presence) await this.presence.joined(list.map((r) => r.roomId));
  }

  flush(): Promise<void> {
    this.flushing ??= this.flushBacklog().finally(() => { this.flushing = null; });
    return this.flushing;
  }

  stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private async flushBacklog(): Promise<void> {
    const shares = new Set<number>();
    let media = 0;
    while (this.backlog.length) {
      const batch = this.backlog.slice(0, BATCH);
      try {
        const recorded = await this.recordBatch(batch);
        if (recorded.fresh) for (const m of batch) shares.add(shareOf(m.roomId ?? m.talkerId));
        media += recorded.media;
        this.backlog.splice(0, batch.length);
      } catch (e) {
        if (batch.length > 1 && (await this.recordOneByOne(batch))) continue;
        this.log.warn('cannot record messages yet; keeping them and retrying', {
          waiting: this.backlog.length, error: e instanceof Error ? e.message : String(e),
        });
        this.retryTimer ??= setTimeout(() => { this.retryTimer = null; void this.flush(); }, this.retryMs);
        break;
      }
    }
    if (shares.size) this.onRecorded([...shares], media);
  }

  /** One transaction for a burst of messages: rooms and senders upserted, messages inserted. */
  private async recordBatch(batch: IncomingMessage[]): Promise<Recorded> {
    const now = this.clock.now();
    const committed: (() => void)[] = [];
    const fresh = await this.db.transaction(async (tx) => {
      const roomTopics = new Map<string, string | null>();
      const names = new Map<string, string>();
      for (const m of batch) {
        if (m.roomId && this.knownRooms.get(m.roomId) !== (m.roomTopic ?? '')) {
          roomTopics.set(m.roomId, m.roomTopic ?? roomTopics.get(m.roomId) ?? null);
        }
        if (this.knownNames.get(m.talkerId) !== m.talkerName) names.set(m.talkerId, m.talkerName);
      }
      const recorded = await recordIncoming(tx, batch, now, await this.receiver(tx, batch, roomTopics, names, now, committed));
      // remembered once the transaction has committed
      committed.push(() => {
        remember(this.knownRooms, [...roomTopics].map(([id, topic]) => [id, topic ?? '']));
        remember(this.knownNames, names);
      });
      if (recorded.fresh < batch.length) this.log.debug('duplicate messages ignored', { count: batch.length - recorded.fresh });
      return recorded;
    });
    for (const fn of committed) fn();
    return fresh;
  }

  /**
   * Writes the batch's rooms and senders, records this account's memberships and private talkers,
   * and finds the groups of the batch that another account owns. A group nobody owns yet is taken
   * by the first account to hear from it (a rebalance may then move it). Statements that do not
   * depend on each other go out together, in one round trip.
   */
  private async receiver(
    tx: Tx, batch: IncomingMessage[], roomTopics: Map<string, string | null>, names: Map<string, string>, now: Date, committed: (() => void)[],
  ): Promise<Receiver | null> {
    const presence = this.presence;
    const writes = () => [
      ensureRooms(tx, roomTopics, now), rememberContacts(tx, names, now),
      ...(presence ? [presence.talkedTo(batch.filter((m) => !m.roomId).map((m) => m.talkerId), tx)] : []),
    ];
    if (!presence) {
      await Promise.all(writes());
      return null;
    }
    const roomIds = [...new Set(batch.map((m) => m.roomId).filter((id): id is string => !!id))];
    if (!roomIds.length) {
      await Promise.all(writes());
      return { account: presence.name, notOwned: new Set(), seenElsewhere: new Set() };
    }
    // membership is written once per group and process, not with every message of the group
    const newRooms = roomIds.filter((id) => !this.memberOf.has(id));
    const ownership = () => tx.execute<{ id: string; owner: string | null; shared: boolean }>(sql`
      select r.id, r.owner_account as owner, (select count(*) from room_accounts ra where ra.room_id = r.id) > 1 as shared
      from rooms r where r.id in (${sql.join(roomIds.map((id) => sql`${id}`), sql`, `)})`);
    let owners: { id: string; owner: string | null; shared: boolean }[];
    if (roomTopics.size || newRooms.length) {
      // a group new to the database or to this account is written before its owner and members are read
      await Promise.all([...writes(), presence.joined(newRooms, tx)]);
      owners = [...await ownership()];
    } else {
      owners = [...(await Promise.all([ownership(), ...writes()]))[0]];
    }
    committed.push(() => newRooms.forEach((id) => this.memberOf.add(id)));
    const unowned = owners.filter((r) => r.owner === null).map((r) => r.id);
    if (unowned.length) {
      const claimed = new Set((await tx.update(rooms).set({ ownerAccount: presence.name })
        .where(and(inArray(rooms.id, unowned), isNull(rooms.ownerAccount))).returning({ id: rooms.id })).map((r) => r.id));
      for (const r of owners) if (claimed.has(r.id)) r.owner = presence.name;
      // another account took the rest between the read and the claim
      const taken = unowned.filter((id) => !claimed.has(id));
      if (taken.length) {
        const current = new Map((await tx.select({ id: rooms.id, owner: rooms.ownerAccount }).from(rooms).where(inArray(rooms.id, taken))).map((r) => [r.id, r.owner]));
        for (const r of owners) if (current.has(r.id)) r.owner = current.get(r.id) ?? null;
      }
    }
    const notOwned = new Set(owners.filter((r) => r.owner && r.owner !== presence.name).map((r) => r.id));
    const shared = new Set(owners.filter((r) => r.shared).map((r) => r.id));
    const seenElsewhere = await this.recordedElsewhere(tx, batch.filter((m) => m.roomId && !notOwned.has(m.roomId) && shared.has(m.roomId)), presence.name);
    return { account: presence.name, notOwned, seenElsewhere };
  }

  /**
   * A group that just moved to this account may bring messages another account recorded already
   * (WeChat syncs recent messages at login, each account with its own ids): the same person's same
   * words within 10 s of each other, recorded by another account in a group this account shares,
   * are that message, kept as a copy. `candidates` are messages of shared groups this account owns.
   */
  private async recordedElsewhere(tx: Tx, candidates: IncomingMessage[], account: string): Promise<Set<string>> {
    const found = new Set<string>();
    if (!candidates.length) return found;
    const sharedIds = new Set(candidates.map((m) => m.roomId!));
    const times = candidates.map((m) => m.sentAt.getTime());
    const others = await tx.execute<{ room_id: string; talker_id: string; text: string; sent_at: string }>(sql`
      select room_id, talker_id, text, sent_at from messages
      where room_id in (${sql.join([...sharedIds].map((id) => sql`${id}`), sql`, `)})
        and account is distinct from ${account} and status <> 'shadow'
        and sent_at between ${new Date(Math.min(...times) - 10_000).toISOString()}::timestamptz and ${new Date(Math.max(...times) + 10_000).toISOString()}::timestamptz`);
    for (const m of candidates) {
      const text = m.text.replace(/\u0000/g, '');
      if (others.some((o) => o.room_id === m.roomId && o.talker_id === m.talkerId && o.text === text
        && Math.abs(new Date(o.sent_at).getTime() - m.sentAt.getTime()) <= 10_000)) found.add(m.msgId);
    }
    return found;
  }

  /**
   * A batch that fails while the database answers may hold one message the database rejects;
   * recording one at a time keeps that message from blocking the others. Returns false when the
   * database itself is unreachable (nothing recorded).
   */
  private async recordOneByOne(batch: IncomingMessage[]): Promise<boolean> {
    let progressed = false;
    let media = 0;
    for (const m of batch) {
      try {
        media += (await this.recordBatch([m])).media;
      } catch (e) {
        if (!progressed && isConnectionError(e)) return false;
        this.log.error('a message could not be recorded as sent; recording a cleaned copy', { msgId: m.msgId, error: String(e) });
        media += (await this.recordBatch([{ ...m, text: m.text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ''), roomTopic: null }])).media;
      }
      this.backlog.splice(this.backlog.indexOf(m), 1);
      progressed = true;
    }
    this.onRecorded(batch.map((m) => shareOf(m.roomId ?? m.talkerId)), media);
    return true;
  }
}

const REMEMBERED = 50_000;

function remember(cache: Map<string, string>, entries: Iterable<[string, string]>): void {
  for (const [k, v] of entries) {
    if (cache.size >= REMEMBERED) cache.clear();
    cache.set(k, v);
  }
}

function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? '';
  return /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|CONNECTION_|57P0|08)/.test(code) || /connect|terminat/i.test(String(e));
}
