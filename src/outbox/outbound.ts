import { and, asc, eq, gte, sql } from 'drizzle-orm';
import type { Tx } from '../db/connect.js';
import { media, outbox, rooms, staff } from '../db/schema.js';
import type { Logger } from '../log.js';
import { toScript } from '../nlu/index.js';
import type { Script } from '../nlu/types.js';
import { conversationOf, enqueue, PRIORITY, type Destination, type Priority } from './enqueue.js';
import { decide, mergeInto, type Etiquette } from './etiquette.js';

export interface SendOptions {
  priority?: Priority;
  kind?: string;
  /** a key that makes this send happen at most once; staff and reporter fan-outs add the destination */
  dedupeKey?: string;
  notBefore?: Date;
  /** contact ids to @mention in a group */
  mentionIds?: string[];
  /** the script the reader writes in: Simplified text is converted to it here, and only here */
  script?: Script;
  /** with `dedupeKey`: update the queued message while it is still pending (see enqueue) */
  replacePending?: boolean;
  /** send this picture, recording or file; the text, when not empty, follows it as its caption */
  mediaId?: number;
  /** it answers someone who @mentioned the bot: the group's message limit never holds it */
  direct?: boolean;
  /** the ticket this message is about (the console's ticket record lists it); null: about no ticket */
  ticketId?: number | null;
}

/**
 * The only way domain code sends anything: every message is queued in the caller's transaction,
 * so it goes out if and only if the state change it reports commits. Handlers reach it through
 * their `Ctx`, timed jobs build one for their own transaction.
 */
export class Outbound {
  private staffRooms: Promise<string[]> | null = null;
  /**
   * The ticket a message is about when the sender does not say: while an incoming message is
   * handled, the ticket the handler is working on (its outcome), read at each send.
   */
  aboutTicket: () => number | null = () => null;

  /** `staffRoomIds` lets a caller share one read of the staff rooms between several outbounds */
  /** with `etiquette`, messages to residents' groups follow it (see etiquette.ts); timed jobs and broadcasts go without */
  constructor(
    readonly tx: Tx, readonly now: Date, private readonly log: Logger, private readonly staffRoomIdsOf?: () => Promise<string[]>,
    private readonly etiquette: Etiquette | null = null,
  ) {}

  /**
   * Queues one message; false when its dedupe key was used before. A picture, recording or file
   * is never posted in a group other than the one it was sent in (privately is allowed).
   */
  async send(to: Destination, text: string, o: SendOptions = {}): Promise<boolean> {
    if (o.mediaId !== undefined && to.roomId) {
      const [m] = await this.tx.select({ roomId: media.roomId }).from(media).where(eq(media.id, o.mediaId));
      if (!m || m.roomId !== to.roomId) throw new Error(`media ${o.mediaId} may only be posted back in the group it came from`);
    }
    let shown = o.script ? toScript(text, o.script) : text;
    let notBefore = o.notBefore;
    if (to.roomId && this.etiquette && !(await this.staffRoomIds()).includes(to.roomId)) {
      const d = await decide(this.tx, this.now, this.etiquette, {
        roomId: to.roomId, text: shown, mentionIds: o.mentionIds ?? [], priority: o.priority ?? PRIORITY.reply, kind: o.kind ?? 'reply',
        direct: !!o.direct, keyed: !!o.dedupeKey, media: o.mediaId !== undefined,
      });
      if (d.act === 'drop') {
        this.log.debug('a group message was not posted (etiquette)', { room: to.roomId, why: d.why, text: shown.slice(0, 40) });
        return false;
      }
      if (d.act === 'merged' && await mergeInto(this.tx, d.into, shown, o.mentionIds ?? [])) return true;
      if (d.act === 'pointer') shown = d.text;
      if (d.act === 'send' && d.notBefore && (!notBefore || d.notBefore > notBefore)) notBefore = d.notBefore;
    }
    return enqueue(this.tx, this.now, {
      to,
      text: shown,
      mentionIds: o.mentionIds, priority: o.priority, kind: o.kind, dedupeKey: o.dedupeKey, notBefore,
      replacePending: o.replacePending, mediaId: o.mediaId,
      ticketId: o.ticketId !== undefined ? o.ticketId : this.aboutTicket(),
    });
  }

  /**
   * Whether exactly this text (in `script`) was queued for `to` since `since` — @mentioning
   * `mentionId` in a group — so a question asked over and over is answered once.
   */
  async alreadySaid(to: Destination, text: string, o: { since: Date; script?: Script; mentionId?: string }): Promise<boolean> {
    const shown = o.script ? toScript(text, o.script) : text;
    const [row] = await this.tx.select({ id: outbox.id }).from(outbox).where(and(
      eq(outbox.conversation, conversationOf(to)), eq(outbox.text, shown), gte(outbox.createdAt, o.since),
      to.roomId && o.mentionId ? sql`${outbox.mentionIds} @> ${JSON.stringify([o.mentionId])}::jsonb` : undefined,
    )).limit(1);
    return !!row;
  }

  /** The staff work group(s), read once per outbound. */
  staffRoomIds(): Promise<string[]> {
    return (this.staffRooms ??= this.staffRoomIdsOf?.() ?? activeStaffRoomIds(this.tx));
  }

  /**
   * Posts to the staff work group(s), @mentioning `mentionIds`. With no work group set yet, the
   * people mentioned are told privately — or the managers when nobody is — so a staff notice is
   * never lost. Returns how many messages were queued.
   */
  async toStaff(text: string, o: SendOptions = {}): Promise<number> {
    const base = { ...o, priority: o.priority ?? PRIORITY.reply, kind: o.kind ?? 'staff', script: undefined };
    const key = (dest: string) => (o.dedupeKey ? `${o.dedupeKey}:${dest}` : undefined);
    const roomIds = await this.staffRoomIds();
    let queued = 0;
    for (const roomId of roomIds) {
      if (await this.send({ roomId }, text, { ...base, mentionIds: [...new Set(o.mentionIds ?? [])], dedupeKey: key(roomId) })) queued++;
    }
    if (roomIds.length) return queued;
    let people = [...new Set(o.mentionIds ?? [])];
    if (!people.length) {
      people = (await this.tx.select({ id: staff.contactId }).from(staff)
        .where(and(eq(staff.active, true), eq(staff.role, 'manager'))).orderBy(asc(staff.createdAt))).map((s) => s.id);
    }
    if (!people.length) this.log.warn('no staff room and no manager: a staff notice was not posted', { text: text.slice(0, 60) });
    for (const contactId of people) {
      if (await this.send({ contactId }, text, { ...base, mentionIds: undefined, dedupeKey: key(contactId) })) queued++;
    }
    return queued;
  }

  /** One message per room, each at most once under `<key>:<roomId>`. Returns how many were newly queued. */
  async toRooms(roomIds: string[], text: string, o: SendOptions & { key: string }): Promise<number> {
    let queued = 0;
    for (const roomId of roomIds) {
      if (await this.send({ roomId }, text, { ...o, dedupeKey: `${o.key}:${roomId}` })) queued++;
    }
    return queued;
  }
}

/** The active staff work groups. */
export async function activeStaffRoomIds(tx: Tx): Promise<string[]> {
  const rows = await tx.select({ id: rooms.id }).from(rooms)
    .where(and(eq(rooms.isStaffRoom, true), eq(rooms.active, true))).orderBy(rooms.id);
  return rows.map((r) => r.id);
}
