import { sql } from 'drizzle-orm';
import { outbox } from '../db/schema.js';
import type { Tx } from '../db/connect.js';

export type Priority = 0 | 1 | 2;
export const PRIORITY = { urgent: 0, reply: 1, scheduled: 2 } as const satisfies Record<string, Priority>;

export type Destination = { roomId: string; contactId?: undefined } | { contactId: string; roomId?: undefined };

export interface OutgoingMessage {
  to: Destination;
  text: string;
  /** contact ids to @mention (groups only) */
  mentionIds?: string[];
  priority?: Priority;
  kind?: string;
  /** a key that makes this send happen at most once, e.g. "notice:12:room@1" */
  dedupeKey?: string;
  /** not sent before this time (quiet hours, scheduled sends) */
  notBefore?: Date;
  /**
   * With a dedupe key: a row under that key that is still pending gets this text and these
   * mentions instead (one notice kept up to date until it goes out); a row already sent stays.
   */
  replacePending?: boolean;
  /** send this picture, recording or file (a `media` row); the text, when not empty, follows as its caption */
  mediaId?: number;
  /** the ticket this message is about */
  ticketId?: number | null;
}

export function conversationOf(to: Destination): string {
  return to.roomId ? `room:${to.roomId}` : `contact:${to.contactId}`;
}

/**
 * Queues a message in the caller's transaction, so it is sent if and only if the state change it
 * reports commits. Returns false when a row with the same dedupe key already exists (and, with
 * `replacePending`, was not pending any more).
 */
export async function enqueue(tx: Tx, now: Date, m: OutgoingMessage): Promise<boolean> {
  const insert = tx
    .insert(outbox)
    .values({
      conversation: conversationOf(m.to),
      roomId: m.to.roomId ?? null,
      contactId: m.to.contactId ?? null,
      text: m.text,
      mentionIds: m.to.roomId ? (m.mentionIds ?? []) : [],
      priority: m.priority ?? PRIORITY.reply,
      kind: m.kind ?? 'reply',
      dedupeKey: m.dedupeKey ?? null,
      mediaId: m.mediaId ?? null,
      ticketId: m.ticketId ?? null,
      notBefore: m.notBefore ?? now,
      createdAt: now,
    });
  const rows = m.replacePending && m.dedupeKey
    ? await insert.onConflictDoUpdate({
      target: outbox.dedupeKey,
      set: { text: sql`excluded.text`, mentionIds: sql`excluded.mention_ids`, ticketId: sql`excluded.ticket_id` },
      setWhere: sql`${outbox.status} = 'pending'`,
    }).returning({ id: outbox.id })
    : await insert.onConflictDoNothing({ target: outbox.dedupeKey }).returning({ id: outbox.id });
  return rows.length > 0;
}
