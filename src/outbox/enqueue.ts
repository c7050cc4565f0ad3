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
}

export function conversationOf(to: Destination): string {
  return to.roomId ? `room:${to.roomId}` : `contact:${to.contactId}`;
}

/**
 * Queues a message in the caller's transaction, so it is sent if and only if the state change it
 * reports commits. Returns false when a row with the same dedupe key already exists.
 */
export async function enqueue(tx: Tx, now: Date, m: OutgoingMessage): Promise<boolean> {
  const rows = await tx
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
      notBefore: m.notBefore ?? now,
      createdAt: now,
    })
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning({ id: outbox.id });
  return rows.length > 0;
}
