import { and, desc, eq, gt, gte, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/connect.js';
import { outbox } from '../db/schema.js';
import { PRIORITY, type Priority } from './enqueue.js';

/** How the bot behaves in a residents' group (config.conversations): the same for every handler. */
export interface Etiquette {
  /** the same FAQ answer is not posted again in a group within this time */
  faqRepeatMinutes: number;
  groupMaxMessages: number;
  groupWindowMinutes: number;
  timezone: string;
}

/** What a group message asks of the etiquette: its kind, priority, and whether it answers an @mention of the bot. */
export interface GroupSend {
  roomId: string;
  text: string;
  mentionIds: string[];
  priority: Priority;
  kind: string;
  /** it answers someone who @mentioned the bot: never held */
  direct: boolean;
  /** an exactly-once send (notices, counts, reporter fan-outs) is never merged into another */
  keyed: boolean;
  media: boolean;
}

export type Decision =
  | { act: 'send'; notBefore?: Date }
  | { act: 'drop'; why: string }
  | { act: 'merged'; into: number }
  | { act: 'pointer'; text: string };

/** Messages that carry nothing a resident would miss (no ticket, no answer that is not already in the group). */
const DROPPABLE = new Set(['faq', 'faq-pointer', 'clarify']);

/**
 * The group's etiquette, decided in the send path so no handler has to: an FAQ answer already in
 * the group within FAQ_REPEAT_MINUTES becomes a one-line pointer (to someone who @mentioned the
 * bot) or nothing; beyond GROUP_MAX_MESSAGES per GROUP_WINDOW_MINUTES a message without a ticket
 * in it is dropped and one with a ticket waits, merged with others waiting; acknowledgements due
 * at the same moment in one group go out as one message. Urgent alerts and answers to an @mention
 * always go at once.
 */
export async function decide(tx: Tx, now: Date, e: Etiquette, m: GroupSend): Promise<Decision> {
  const conversation = `room:${m.roomId}`;
  if (m.kind === 'faq' && e.faqRepeatMinutes > 0) {
    const since = new Date(now.getTime() - e.faqRepeatMinutes * 60_000);
    const [before] = await tx.select({ at: outbox.notBefore }).from(outbox)
      .where(and(eq(outbox.conversation, conversation), eq(outbox.text, m.text), gte(outbox.createdAt, since)))
      .orderBy(desc(outbox.id)).limit(1);
    if (before) {
      if (!m.direct) return { act: 'drop', why: 'faq already answered in the group' };
      return { act: 'pointer', text: `这个问题刚才（${hhmm(before.at, e.timezone)}）已在群里回答过，请看上面那条消息。` };
    }
  }
  if (m.priority === PRIORITY.urgent || m.direct) return { act: 'send' };
  // one look at the group's recent and waiting messages decides both the merge and the limit
  const windowMs = e.groupWindowMinutes * 60_000;
  const rows = await tx.select({
    id: outbox.id, at: outbox.notBefore, createdAt: outbox.createdAt, status: outbox.status, kind: outbox.kind,
    priority: outbox.priority, keyed: sql<boolean>`${outbox.dedupeKey} is not null or ${outbox.mediaId} is not null`,
  }).from(outbox).where(and(
    eq(outbox.conversation, conversation), gt(outbox.notBefore, new Date(now.getTime() - windowMs)),
    inArray(outbox.status, ['pending', 'sending', 'sent', 'unknown']),
  )).orderBy(desc(outbox.notBefore), desc(outbox.id));
  if (!m.keyed && !m.media) {
    // an acknowledgement already waiting, or (for an acknowledgement) one queued at this very moment, takes this one along;
    // a staff answer stays a message of its own
    const waiting = rows.find((r) => r.status === 'pending' && !r.keyed && r.priority !== PRIORITY.urgent
      && (r.at > now || (m.kind === 'ack' && r.kind === 'ack' && r.createdAt.getTime() === now.getTime())));
    if (waiting) return { act: 'merged', into: waiting.id };
  }
  if (rows.length < e.groupMaxMessages) return { act: 'send' };
  if (DROPPABLE.has(m.kind)) return { act: 'drop', why: 'group message limit' };
  // the window frees when the oldest of the last `max` messages is `window` old
  const oldest = rows[e.groupMaxMessages - 1]!.at;
  return { act: 'send', notBefore: new Date(Math.max(now.getTime(), oldest.getTime() + windowMs)) };
}

/** Appends a message to one waiting in the same group: one message, every @mention of both. */
export async function mergeInto(tx: Tx, id: number, text: string, mentionIds: string[]): Promise<boolean> {
  const rows = await tx.update(outbox).set({
    text: sql`${outbox.text} || ${'\n\n' + text}`,
    mentionIds: sql`(select coalesce(jsonb_agg(distinct v), '[]'::jsonb) from jsonb_array_elements(${outbox.mentionIds} || ${JSON.stringify(mentionIds)}::jsonb) v)`,
  }).where(and(eq(outbox.id, id), eq(outbox.status, 'pending'))).returning({ id: outbox.id });
  return rows.length > 0;
}

function hhmm(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}
